"""The JSON boundary: request shapes and formats, catalog sources, canonical output, caching."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from quote_engine import quote, quote_json
from quote_engine.api import canonical_json
from quote_engine.catalog import example_catalog, validate_catalog

from .support import SAMPLE_REQUEST, amounts, mini_catalog, ok, refused, request


def field_error(req: Any, catalog: Any = None) -> tuple[str, str]:
    error = refused(req, catalog)
    assert error["code"] == "invalid_request", error
    return error["params"]["field"], error["params"]["problem"]


def edited(path: str, value: Any) -> dict[str, Any]:
    req = copy.deepcopy(SAMPLE_REQUEST)
    node: Any = req
    *parents, leaf = path.split(".")
    for key in parents:
        node = node[key]
    if value is DELETE:
        del node[leaf]
    else:
        node[leaf] = value
    return req


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "field", "problem"),
    [
        ("current.amount_paid", 5.0, "current.amount_paid", "type"),
        ("current.amount_paid", 5, "current.amount_paid", "type"),
        ("current.credited", 0, "current.credited", "type"),
        ("account.credit_balance", 1.5, "account.credit_balance", "type"),
        ("tax.rate", 0.15, "tax.rate", "type"),
        ("current.amount_paid", "-5.00", "current.amount_paid", "format"),
        ("current.amount_paid", "5e2", "current.amount_paid", "format"),
        ("current.amount_paid", "NaN", "current.amount_paid", "format"),
        ("current.amount_paid", "Infinity", "current.amount_paid", "format"),
        ("current.amount_paid", " 5.00", "current.amount_paid", "format"),
        ("current.amount_paid", "5.", "current.amount_paid", "format"),
        ("current.amount_paid", ".5", "current.amount_paid", "format"),
        ("current.amount_paid", "٥.٠٠", "current.amount_paid", "format"),  # Arabic-Indic digits
        ("current.amount_paid", "5.001", "current.amount_paid", "format"),  # USD has 2
        ("current.amount_paid", "1" * 19, "current.amount_paid", "range"),
        ("current.amount_paid", "6.00", "current.amount_paid", None),  # fine
        ("current.credited", "6.00", "current.credited", "range"),  # more than paid
        ("tax.rate", "1", "tax.rate", "range"),
        ("tax.rate", "1.0", "tax.rate", "range"),
        ("tax.rate", "0." + "1" * 19, "tax.rate", "format"),  # more decimals than any amount
        ("tax", DELETE, "", None),
        ("tax.inclusive", "no", "tax.inclusive", "type"),
        ("tax.rate", DELETE, "tax.rate", "missing"),
        ("product", DELETE, "product", "missing"),
        ("product", 7, "product", "type"),
        ("currency", "usd", "currency", "format"),
        ("currency", "US", "currency", "format"),
        ("today", "2026-11-31", "today", "format"),
        ("today", "2026-11-1", "today", "format"),
        ("today", "1899-12-31", "today", "range"),
        ("today", None, "today", "type"),
        ("current", "basic", "current", "type"),
        ("current", DELETE, "current", "missing"),
        ("current.plan", ["basic"], "current.plan", "type"),
        ("current.period_end", "2026-11-01", "current.period_end", "order"),
        ("current.anchor", "2026-11-02", "current.anchor", "order"),
        ("current.quantity", 1.0, "current.quantity", "type"),
        ("current.quantity", True, "current.quantity", "type"),
        ("current.quantity", "1", "current.quantity", "type"),
        ("current.addons", "extra", "current.addons", "type"),
        ("current.addons", ["a", "a"], "current.addons[1]", "duplicate"),
        ("current.addons", [1], "current.addons[0]", "type"),
        ("current.plna", "basic", "current.plna", "unknown_field"),
        ("target", [], "target", "type"),
        ("target.plan", None, "target.plan", "type"),
        ("target.price", "1.00", "target.price", "unknown_field"),
        ("account.status", "paused", "account.status", "format"),
        ("account.pending_change", "false", "account.pending_change", "type"),
        ("discount", "5.00", "discount", "unknown_field"),
        ("tax_region", "BD", "tax_region", "conflict"),
        ("catalog", "example", "catalog", "type"),
    ],
)
def test_request_fields(path: str, value: Any, field: str, problem: str | None) -> None:
    req = edited(path, value)
    if problem is None:
        assert quote(req)["ok"] is True
    else:
        assert field_error(req) == (field, problem)


def test_whole_request_must_be_an_object() -> None:
    bad: object
    for bad in (None, [], "x", 1, 1.5, True):
        assert field_error(bad) == ("request", "type")


def test_json_number_amounts_through_quote_json_including_nan_and_huge() -> None:
    text = json.dumps(SAMPLE_REQUEST)
    for literal in ("5.00", "5", "NaN", "Infinity", "-Infinity", "1e400", "5" * 5000):
        body = text.replace('"amount_paid": "5.00"', f'"amount_paid": {literal}')
        answer = json.loads(quote_json(body))
        assert answer["error"]["params"]["field"] in ("current.amount_paid", "request"), literal
        assert answer["ok"] is False


def test_malformed_json() -> None:
    for text in ("", "{", "{'a': 1}", "[" * 100000, "\ud800", "null"):
        answer = json.loads(quote_json(text))
        assert answer["ok"] is False
        assert answer["error"]["code"] == "invalid_request"
        assert answer["error"]["params"]["field"] == "request"


def test_quote_never_raises_on_strange_python_objects() -> None:
    weird: list[Any] = [
        {"product": object()},
        {**SAMPLE_REQUEST, "current": {**SAMPLE_REQUEST["current"], "addons": {1, 2}}},
        {**SAMPLE_REQUEST, 3: 4},
        {**SAMPLE_REQUEST, "catalog": {"products": {"p": {"plans": {1: 2}}}}},
    ]
    for req in weird:
        assert quote(req)["ok"] is False


def test_tax_region_from_the_catalog() -> None:
    req = edited("tax", DELETE)
    req["tax_region"] = "BD"  # VAT 15%: the sample's tax
    assert quote(req)["tax"] == "0.40"
    req["tax_region"] = "XX"
    assert field_error(req) == ("tax_region", "unknown")


def test_defaults_fill_in_a_minimal_request() -> None:
    minimal = {
        "product": "dns",
        "currency": "USD",
        "today": "2026-11-15",
        "current": {
            "plan": "basic",
            "cycle": "monthly",
            "period_start": "2026-11-01",
            "period_end": "2026-12-01",
        },
        "target": {"plan": "start"},
        "tax": {"rate": "0.15"},
    }
    full = quote(SAMPLE_REQUEST)
    assert quote(minimal) == full


def test_target_defaults_to_current_so_no_target_is_no_change() -> None:
    req = edited("target", DELETE)
    answer = ok(req)
    assert answer["kind"] == "no_change"
    assert answer["changes"] == [] and answer["lines"] == []
    assert answer["next_invoice"] == {
        "date": "2026-12-01",
        "subtotal": "5.00",
        "tax": "0.75",
        "balance_applied": "0.00",
        "due": "5.75",
    }


def test_credit_balance_is_applied_today_and_to_the_next_invoice() -> None:
    req = edited("account.credit_balance", "5.00")
    answer = ok(req)
    # today 3.06 is paid from the balance; 1.94 left pays part of the next 11.50
    assert (answer["balance_applied"], answer["due_today"]) == ("3.06", "0.00")
    assert answer["next_invoice"]["balance_applied"] == "1.94"
    assert answer["next_invoice"]["due"] == "9.56"


# -- catalog sources ------------------------------------------------------------------------------


def priced(monthly: str) -> dict[str, Any]:
    return mini_catalog(small={"monthly": monthly}, large={"monthly": "100.00"})


def test_catalog_source_order() -> None:
    req = request(target={"plan": "large"})
    argument, inline = priced("31.00"), priced("62.00")
    # argument only: 31 * 17/31 = 17.00 credited
    assert amounts(ok(req, argument))[0] == ("credit_unused", "-17.00")
    # request["catalog"] wins over the argument: 62 * 17/31 = 34.00
    assert amounts(ok({**req, "catalog": inline}, argument))[0] == ("credit_unused", "-34.00")
    text = json.dumps({**req, "catalog": inline})
    assert json.loads(quote_json(text, json.dumps(argument)))["lines"][0]["amount"] == "-34.00"
    assert (
        json.loads(quote_json(json.dumps(req), json.dumps(argument)))["lines"][0]["amount"]
        == "-17.00"
    )
    # nothing given: the example catalog, which has no product "p"
    assert refused(req)["code"] == "unknown_product"


def test_catalog_argument_may_be_a_validated_catalog() -> None:
    catalog = validate_catalog(priced("31.00"), "mine")
    assert amounts(ok(request(target={"plan": "large"}), catalog))[0] == ("credit_unused", "-17.00")


def test_inline_catalog_errors_name_request_catalog() -> None:
    req = {**request(), "catalog": {"products": {}}}
    error = refused(req)
    assert error["message"] == "request.catalog: products: the catalog needs at least one product"
    answer = json.loads(quote_json(json.dumps(request()), "{not json"))
    assert answer["error"]["message"].startswith("catalog_json: not valid JSON: ")


def test_a_mutated_catalog_is_validated_again() -> None:
    catalog = priced("31.00")
    req = request(target={"plan": "large"})
    assert amounts(ok(req, catalog))[0] == ("credit_unused", "-17.00")
    catalog["products"]["p"]["plans"]["small"]["prices"]["USD"]["monthly"] = "62.00"
    assert amounts(ok(req, catalog))[0] == ("credit_unused", "-34.00")
    catalog["products"]["p"]["plans"]["small"]["prices"]["USD"]["monthly"] = "bad"
    assert refused(req, catalog)["code"] == "invalid_catalog"


def test_example_catalog_data_is_a_fresh_copy() -> None:
    data = example_catalog()
    data["products"].clear()
    assert "dns" in example_catalog()["products"]
    assert quote(SAMPLE_REQUEST)["ok"] is True


# -- canonical output -----------------------------------------------------------------------------


REQUESTS = [
    SAMPLE_REQUEST,
    edited("target.plan", "business"),
    edited("current.amount_paid", 5.0),
    edited("product", "nope"),
    {**SAMPLE_REQUEST, "catalog": mini_catalog()},
    {
        "product": "ভ্যাট",
        "currency": "USD",
        "today": "2026-11-15",
        "current": {
            "plan": "x",
            "cycle": "monthly",
            "period_start": "2026-11-01",
            "period_end": "2026-12-01",
        },
    },
]


@pytest.mark.parametrize("req", REQUESTS)
def test_quote_json_equals_canonical_quote(req: dict[str, Any]) -> None:
    text = json.dumps(req, ensure_ascii=False)
    assert quote_json(text) == canonical_json(quote(json.loads(text)))


def test_canonical_json_is_sorted_compact_ascii() -> None:
    text = quote_json(json.dumps(REQUESTS[-1], ensure_ascii=False))
    assert text.isascii()
    assert ", " not in text and ": " not in text.replace("': ", "")  # compact separators
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, separators=(",", ":"))
    assert data["error"]["params"]["product"] == "ভ্যাট"


def test_quote_json_refuses_non_text() -> None:
    answer = json.loads(quote_json(b"{}"))  # type: ignore[arg-type]
    assert answer["error"]["params"] == {"field": "request", "problem": "type"}
    answer = json.loads(quote_json(json.dumps(request()), {"products": {}}))  # type: ignore[arg-type]
    assert answer["error"]["code"] == "invalid_catalog"


def test_catalog_validation_is_reused_for_equal_data_but_never_for_different_types(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from quote_engine import api

    calls: list[str] = []

    def counting(data: Any, source: str) -> Any:
        calls.append(source)
        return validate_catalog(data, source)

    monkeypatch.setattr(api, "validate_catalog", counting)
    catalog = priced("93.00")  # a catalog no other test uses: 93 * 17/31 = 51.00
    req = request(target={"plan": "large"})
    for _ in range(3):
        assert ok(req, dict(catalog))["lines"][0]["amount"] == "-51.00"  # fresh top-level dicts
    assert ok(req, catalog)["lines"][0]["amount"] == "-51.00"
    assert len(calls) == 1
    # same values to Python's ==, different types: validated again, and refused
    changed = copy.deepcopy(catalog)
    changed["products"]["p"]["plans"]["large"]["tier"] = 2.0
    assert refused(req, changed)["code"] == "invalid_catalog"
    assert len(calls) == 2


def test_any_tax_rate_a_tax_authority_sets_is_read() -> None:
    """An 11-decimal rate is a rate: it is applied, exactly, and rounded once."""
    answer = ok({**copy.deepcopy(SAMPLE_REQUEST), "tax": {"rate": "0.12345678901"}})
    assert answer["tax"] == "0.33" and answer["due_today"] == "2.99"


@pytest.mark.parametrize("quantity", [10**30, -(10**30), 1_000_000_001])
def test_a_huge_quantity_is_out_of_range_not_malformed(quantity: int) -> None:
    req = copy.deepcopy(SAMPLE_REQUEST)
    req["current"]["quantity"] = quantity
    error = refused(req)
    assert error["code"] == "quantity_out_of_range", error
