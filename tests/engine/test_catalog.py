"""Catalog validation (messages name source, path and problem), files, the example, export."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from quote_engine import QuoteError, quote, quote_json
from quote_engine.catalog import (
    example_catalog,
    example_catalog_validated,
    export_catalog_json,
    load_catalog_file,
    validate_catalog,
)

from .support import SAMPLE_REQUEST, mini_catalog, request


def problem(data: Any, source: str = "shop.yml") -> str:
    with pytest.raises(QuoteError) as caught:
        validate_catalog(data, source)
    assert caught.value.code == "invalid_catalog"
    params = caught.value.params
    assert caught.value.message == (
        f"{source}: {params['path']}: {params['problem']}"
        if params["path"]
        else f"{source}: {params['problem']}"
    )
    return caught.value.message


def edited(path: str, value: Any) -> dict[str, Any]:
    data = mini_catalog()
    node: Any = data
    *parents, leaf = path.split(".")
    for key in parents:
        node = node[key]
    node[leaf] = value
    return data


PRICE = "products.p.plans.small.prices.USD.monthly"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (PRICE, "5.001", f"shop.yml: {PRICE}: price '5.001' has 3 decimals; USD allows 2"),
        (PRICE, "-5.00", f"shop.yml: {PRICE}: price '-5.00' is negative"),
        (PRICE, "five", f"shop.yml: {PRICE}: price 'five' is not a decimal such as \"5.00\""),
        (
            PRICE,
            5.0,
            f'shop.yml: {PRICE}: price must be a decimal string such as "5.00", '
            "not the number 5.0 (quote it in YAML)",
        ),
        (PRICE, "1" * 19, f"shop.yml: {PRICE}: price '{'1' * 19}' has more than 18 digits"),
        (
            "products.p.plans.large.tier",
            1,
            "shop.yml: products.p.plans.large.tier: tier 1 is already used by plan 'small' in "
            "group 'g'",
        ),
        (
            "products.p.plans.large.tier",
            True,
            "shop.yml: products.p.plans.large.tier: tier must be a whole number, not a boolean",
        ),
        (
            "products.p.policy",
            {"preset": "whmcs", "credit": "partial"},
            "shop.yml: products.p.policy.credit: unknown value 'partial' for credit; "
            "use one of prorated, none",
        ),
        (
            "products.p.policy",
            {"crdit": "none"},
            "shop.yml: products.p.policy.crdit: unknown knob 'crdit'; knobs are charge, classify, "
            "credit, cross_group, cycle_change, day_basis, downgrade, downgrade_window_days, "
            "factor_precision, negative_total, one_change_at_a_time, rounding, tax_on",
        ),
        (
            "products.p.policy",
            {"preset": "chargebee"},
            "shop.yml: products.p.policy.preset: unknown preset 'chargebee'; use one of difference, "
            "killbill, lago, stripe, ultimate_multisite, whmcs",
        ),
        (
            "products.p.policy",
            {"downgrade": "on_request"},
            "shop.yml: products.p.policy.downgrade_window_days: downgrade: on_request needs "
            "downgrade_window_days [min, max]",
        ),
        (
            "products.p.policy",
            {"downgrade": "on_request", "downgrade_window_days": [30, 15]},
            "shop.yml: products.p.policy.downgrade_window_days: downgrade_window_days [30, 15] must "
            "satisfy 0 <= min <= max <= 3660",
        ),
        (
            "products.p.policy",
            {"factor_precision": 9.5},
            "shop.yml: products.p.policy.factor_precision: factor_precision must be none or an "
            "integer from 0 to 30, not 9.5",
        ),
        (
            "products.p.policy",
            {"one_change_at_a_time": "yes"},
            "shop.yml: products.p.policy.one_change_at_a_time: one_change_at_a_time must be true or "
            "false, not 'yes'",
        ),
        (
            "products.p.plans.small.prices",
            {"XYZ": {"monthly": "1.00"}},
            "shop.yml: products.p.plans.small.prices.XYZ: unknown currency XYZ; add "
            "currencies.XYZ.minor_units to the catalog",
        ),
        (
            "products.p.plans.small.prices",
            {"USD": {"weekly": "1.00"}},
            "shop.yml: products.p.plans.small.prices.USD.weekly: unknown cycle 'weekly'; use one of "
            "monthly, quarterly, semiannually, annually, biennially, triennially",
        ),
        (
            "products.p.plans.small.polcy",
            {},
            "shop.yml: products.p.plans.small.polcy: unknown key 'polcy'; allowed here: name, group, "
            "tier, prices, policy",
        ),
        (
            "products.p.quantity",
            {"min": 5, "max": 2},
            "shop.yml: products.p.quantity: min 5 is above max 2",
        ),
        (
            "products.p.name",
            {"bn": "পণ্য"},
            "shop.yml: products.p.name: name needs an English entry (en), the fallback of every "
            "language",
        ),
        (
            "products.p.addons",
            {"x": {"prices": {"USD": {"monthly": "1"}}, "proration": "hourly"}},
            "shop.yml: products.p.addons.x.proration: unknown proration 'hourly'; use one of daily, "
            "none",
        ),
        ("version", 2, "shop.yml: version: unsupported version 2; this engine reads version 1"),
        (
            "currencies",
            {"IDR": {"minor_units": 7}},
            "shop.yml: currencies.IDR.minor_units: minor_units 7 must be between 0 and 6",
        ),
        (
            "taxes",
            {"BD": {"rate": "1.5"}},
            "shop.yml: taxes.BD.rate: rate '1.5' must be in [0, 1) with at most 18 decimals",
        ),
        ("products", {}, "shop.yml: products: the catalog needs at least one product"),
        (
            "products",
            {"bad id": {}},
            "shop.yml: products.bad id: product id 'bad id' must be 1 to 64 letters, digits, '.', '_' "
            "or '-', starting with a letter or digit",
        ),
    ],
)
def test_validation_messages(path: str, value: Any, message: str) -> None:
    assert problem(edited(path, value)) == message


def test_catalog_override_of_minor_units_applies_to_prices() -> None:
    data = mini_catalog(
        currency="IDR",
        small={"monthly": "64000.50"},
        large={"monthly": "1"},
        currencies={"IDR": {"minor_units": 0}},
    )
    assert problem(data) == (
        "shop.yml: products.p.plans.small.prices.IDR.monthly: price '64000.50' has 2 decimals; "
        "IDR allows 0"
    )


def test_top_level_must_be_a_mapping() -> None:
    assert problem([1, 2]) == "shop.yml: the catalog must be a mapping, not a list"


def test_plan_override_policy_is_validated_with_its_path() -> None:
    data = mini_catalog()
    data["products"]["p"]["plans"]["large"]["policy"] = {"rounding": "up"}
    assert problem(data) == (
        "shop.yml: products.p.plans.large.policy.rounding: unknown value 'up' for rounding; "
        "use one of half_up, half_even"
    )


def test_example_catalog_is_valid_and_as_planned() -> None:
    catalog = example_catalog_validated()
    assert set(catalog.products) == {"hosting", "dns", "radio", "email", "network"}
    assert catalog.currency("IDR") is not None and catalog.currency("IDR").minor_units == 0  # type: ignore[union-attr]
    assert catalog.products["dns"].policy.downgrade == "at_renewal"
    assert catalog.products["radio"].policy.charge == "difference"
    assert catalog.products["email"].policy.downgrade_window_days == (15, 30)
    assert catalog.products["network"].policy.cross_group == "refuse"
    assert catalog.products["network"].addons["extra-disk"].proration == "daily"


# -- files ----------------------------------------------------------------------------------------


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


YAML = """
version: 1
products:
  p:
    name: {en: Product, bn: "পণ্য"}
    policy: {preset: whmcs}
    plans:
      small: {group: g, tier: 1, prices: {USD: {monthly: "10.00"}}}
      large: {group: g, tier: 2, prices: {USD: {monthly: "20.00"}}}
"""


def test_yaml_and_json_files_load_the_same(tmp_path: Path) -> None:
    from_yaml = load_catalog_file(write(tmp_path, "c.yaml", YAML))
    from_yml = load_catalog_file(write(tmp_path, "c.yml", YAML))
    from_json = load_catalog_file(write(tmp_path, "c.json", json.dumps(from_yaml)))
    assert from_yaml == from_yml == from_json
    assert validate_catalog(from_yaml, "c.yaml").products["p"].plans["large"].tier == 2


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("c.yaml", "products: {p: [1, 2}", "not valid YAML: "),
        ("c.yaml", "products:\n  p: 1\n  p: 2\n", "not valid YAML: duplicate key 'p' at line 3"),
        ("c.json", '{"products": {"p": 1, "p": 2}}', "duplicate key 'p'"),
        ("c.json", '{"products": ', "not valid JSON: Expecting value at line 1, column 14"),
        ("c.yaml", "- 1\n- 2\n", "the catalog must be a mapping, not a list"),
        ("c.txt", "{}", "a catalog file must end in .json, .yaml or .yml"),
    ],
)
def test_broken_files(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(QuoteError) as caught:
        load_catalog_file(path)
    assert caught.value.code == "invalid_catalog"
    assert caught.value.message.startswith(f"{path}: {message}")
    assert caught.value.params["source"] == path


def test_yaml_float_price_is_refused_with_a_hint(tmp_path: Path) -> None:
    data = load_catalog_file(write(tmp_path, "c.yml", YAML.replace('"10.00"', "10.00")))
    with pytest.raises(QuoteError, match=r"not the number 10.0 \(quote it in YAML\)"):
        validate_catalog(data, "c.yml")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for path, words in ((tmp_path / "none.json", "no such file"), (tmp_path, "must end in")):
        with pytest.raises(QuoteError, match=words):
            load_catalog_file(path)
    folder = tmp_path / "dir.json"
    folder.mkdir()
    with pytest.raises(QuoteError, match="is a directory"):
        load_catalog_file(folder)


def test_not_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(b'{"products": "\xff"}')
    with pytest.raises(QuoteError, match="not UTF-8"):
        load_catalog_file(path)


def test_export_round_trip_gives_the_same_quotes() -> None:
    data = example_catalog()
    text = export_catalog_json(data)
    assert json.loads(text) == data
    assert text == export_catalog_json(json.loads(text))  # canonical: a fixed point
    req = json.dumps(SAMPLE_REQUEST)
    assert quote_json(req, text) == quote_json(req)


def test_export_refuses_an_invalid_catalog() -> None:
    broken = copy.deepcopy(mini_catalog())
    broken["products"]["p"]["plans"]["small"]["tier"] = 2
    with pytest.raises(QuoteError, match="tier 2 is already used"):
        export_catalog_json(broken, "mine.json")


def test_invalid_catalog_through_quote_names_the_source() -> None:
    answer = quote(request(), {"products": {"p": "x"}})
    assert (
        answer["error"]["message"]
        == "catalog argument: products.p: a product must be a mapping, not the string 'x'"
    )
