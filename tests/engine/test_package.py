"""The package itself: standard library only, frozen value objects, public names."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import quote_engine
from quote_engine.catalog import (
    Addon,
    Catalog,
    Plan,
    Product,
    QuantityRule,
    TaxRule,
    example_catalog_validated,
)
from quote_engine.money import Currency
from quote_engine.periods import Period
from quote_engine.policy import Policy, resolve_policy
from quote_engine.quote import Request, Selection

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
before = set(sys.modules)
import quote_engine
from quote_engine import api, catalog, errors, money, periods, policy, quote
from quote_engine import __main__
quote_engine.quote({"product": "dns", "currency": "USD", "today": "2026-11-15",
    "current": {"plan": "basic", "cycle": "monthly", "period_start": "2026-11-01",
                "period_end": "2026-12-01"}, "target": {"plan": "start"}})
quote_engine.quote_json("{}")
new = sorted(set(sys.modules) - before)
print(json.dumps(new))
"""


def test_importing_quote_engine_pulls_in_no_third_party_module() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = json.loads(result.stdout)
    assert "quote_engine.api" in loaded  # the probe saw the imports
    tops = {name.split(".")[0] for name in loaded}
    outside = sorted(tops - set(sys.stdlib_module_names) - {"quote_engine"})
    assert outside == []
    assert "yaml" not in loaded  # PyYAML only when a YAML file is read


def test_public_names() -> None:
    assert quote_engine.__all__ == ["QuoteError", "__version__", "quote", "quote_json"]
    assert quote_engine.__version__ == "1.0.0"


def _instances() -> list[Any]:
    catalog = example_catalog_validated()
    product = catalog.products["network"]
    selection = Selection("basic", "monthly", 1, ())
    return [
        Currency("USD", 2),
        Period(date(2026, 1, 1), date(2026, 2, 1)),
        resolve_policy(None, "p"),
        catalog,
        product,
        product.plans["basic"],
        product.addons["extra-disk"],
        product.quantity,
        catalog.taxes["BD"],
        selection,
        Request(
            "p",
            "USD",
            date(2026, 1, 5),
            selection,
            Period(date(2026, 1, 1), date(2026, 2, 1)),
            date(2026, 1, 1),
            None,
            Decimal(0),
            selection,
        ),
    ]


@pytest.mark.parametrize("value", _instances(), ids=lambda v: type(v).__name__)
def test_value_dataclasses_are_frozen(value: Any) -> None:
    assert dataclasses.is_dataclass(value)
    assert hasattr(type(value), "__slots__")
    first = dataclasses.fields(value)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, first, None)
    with pytest.raises((AttributeError, TypeError)):
        object.__setattr__(value, "extra", 1)  # slots: no new attributes


def test_every_value_class_is_covered() -> None:
    classes = {
        Currency,
        Period,
        Policy,
        Catalog,
        Product,
        Plan,
        Addon,
        QuantityRule,
        TaxRule,
        Selection,
        Request,
    }
    assert {type(v) for v in _instances()} == classes


def test_catalog_mappings_are_read_only() -> None:
    catalog = example_catalog_validated()
    with pytest.raises(TypeError):
        catalog.products["x"] = catalog.products["dns"]  # type: ignore[index]
    with pytest.raises(TypeError):
        catalog.products["dns"].plans["basic"].prices["USD"]["monthly"] = Decimal(1)  # type: ignore[index]


def test_example_catalog_ships_inside_the_package() -> None:
    assert (ROOT / "quote_engine" / "data" / "example-catalog.json").is_file()


def test_engine_source_avoids_floats_for_money() -> None:
    for path in (ROOT / "quote_engine").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "float(" not in text, path
