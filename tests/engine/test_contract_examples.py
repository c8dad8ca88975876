"""The contract's four public examples and its sample request, response and refusal."""

from __future__ import annotations

import json

from quote_engine import quote, quote_json

from .support import (
    SAMPLE_REFUSAL,
    SAMPLE_REQUEST,
    SAMPLE_RESPONSE,
    amounts,
    dns_catalog_copy,
    mini_catalog,
    ok,
    request,
)


def test_sample_request_gives_the_sample_response_exactly() -> None:
    assert quote(SAMPLE_REQUEST) == SAMPLE_RESPONSE


def test_sample_through_quote_json_and_an_inline_catalog_copy() -> None:
    assert json.loads(quote_json(json.dumps(SAMPLE_REQUEST))) == SAMPLE_RESPONSE
    assert quote(SAMPLE_REQUEST, dns_catalog_copy()) == SAMPLE_RESPONSE
    inline = {**SAMPLE_REQUEST, "catalog": dns_catalog_copy()}
    assert quote(inline) == SAMPLE_RESPONSE


def test_sample_refusal_radio_downgrade() -> None:
    req = request(
        product="radio",
        plan="radio-250",
        cycle="annually",
        start="2026-01-01",
        end="2027-01-01",
        today="2026-07-01",
        target={"plan": "radio-100"},
    )
    assert quote(req) == SAMPLE_REFUSAL


def test_example_1_ten_to_twenty_half_way() -> None:
    # Stripe, Recurly and WHMCS: 10.00 -> 20.00 with 15 of 30 days left.
    req = request(
        start="2024-04-01", end="2024-05-01", today="2024-04-16", target={"plan": "large"}
    )
    answer = ok(req, mini_catalog({"preset": "whmcs"}))
    assert amounts(answer) == [("credit_unused", "-5.00"), ("charge_new", "10.00")]
    assert answer["lines"][0]["days"] == 15 and answer["lines"][0]["days_total"] == "30"
    assert answer["due_today"] == "5.00"
    assert answer["period_end"] == "2024-05-01"


def test_example_2_difference_preset_pays_the_difference() -> None:
    # 100.00 a year paid, mid-year move to the 150.00 plan: 150 - 100 = 50.
    req = request(
        product="radio",
        plan="radio-100",
        cycle="annually",
        start="2026-01-01",
        end="2027-01-01",
        today="2026-07-02",
        amount_paid="100.00",
        target={"plan": "radio-250"},
    )
    answer = ok(req)
    assert amounts(answer) == [("charge_difference", "50.00")]
    assert answer["due_today"] == "50.00"
    catalog = mini_catalog(
        {"preset": "difference"}, small={"annually": "100.00"}, large={"annually": "150.00"}
    )
    req = request(
        cycle="annually",
        start="2026-01-01",
        end="2027-01-01",
        today="2026-07-02",
        target={"plan": "large"},
    )
    assert amounts(ok(req, catalog)) == [("charge_difference", "50.00")]


def test_example_3_ultimate_multisite() -> None:
    # credit 15 * 90 / 30.4375 = 44.353... -> 44.35; the new plan in full; a new month from today.
    catalog = mini_catalog(
        {"preset": "ultimate_multisite"}, small={"monthly": "90.00"}, large={"monthly": "150.00"}
    )
    req = request(
        start="2026-11-01", end="2026-12-01", today="2026-11-16", target={"plan": "large"}
    )
    answer = ok(req, catalog)
    assert amounts(answer) == [("credit_unused", "-44.35"), ("charge_new", "150.00")]
    assert answer["lines"][0]["days"] == 15
    assert answer["lines"][0]["days_total"] == "30.4375"
    assert answer["due_today"] == "105.65"
    assert answer["period_end"] == "2026-12-16"


def test_example_4_day_based_plan_change() -> None:
    # 17 of 31 days: 10 * 17/31 = 5.4838... -> 5.48; 20 * 17/31 = 10.9677... -> 10.97.
    answer = ok(request(target={"plan": "large"}), mini_catalog())
    assert amounts(answer) == [("credit_unused", "-5.48"), ("charge_new", "10.97")]
    assert answer["due_today"] == "5.49"


def test_example_4_day_based_quantity_change() -> None:
    # 5 x 10.00 * 17/31 = 27.419... -> 27.42; 10 x 10.00 * 17/31 = 54.838... -> 54.84.
    catalog = mini_catalog(quantity={"min": 1, "max": 20})
    answer = ok(request(quantity=5, target={"quantity": 10}), catalog)
    assert amounts(answer) == [("credit_unused", "-27.42"), ("charge_new", "54.84")]
    assert answer["changes"] == ["quantity"]
    assert answer["due_today"] == "27.42"
