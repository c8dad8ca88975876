"""Each preset: its knobs (the contract's table) and three scenarios worked out by hand.

Scenarios on the mini catalog: ``small`` 10.00/27.00 (monthly/quarterly), ``large`` 20.00,
period 2024-03-01..2024-04-01 (31 days), today 2024-03-15 (17 left).
"""

from __future__ import annotations

from typing import Any, cast

import pytest

from quote_engine.policy import DEFAULTS, PRESETS, resolve_policy

from .support import amounts, mini_catalog, ok, refused, request

# The contract's preset table, transcribed.
CONTRACT_TABLE = {
    "whmcs": (
        "actual",
        "prorated",
        "prorated",
        "align",
        "tier",
        "immediate",
        "balance",
        "half_up",
        {},
    ),
    "stripe": (
        "actual",
        "prorated",
        "prorated",
        "reset",
        "tier",
        "immediate",
        "balance",
        "half_up",
        {},
    ),
    "killbill": (
        "actual",
        "prorated",
        "prorated",
        "align",
        "tier",
        "immediate",
        "balance",
        "half_up",
        {"factor_precision": 9},
    ),
    "lago": (
        "actual",
        "prorated",
        "prorated",
        "align",
        "yearly_value",
        "at_renewal",
        "balance",
        "half_up",
        {"tax_on": "unrounded"},
    ),
    "ultimate_multisite": (
        "average",
        "prorated",
        "full",
        "reset",
        "tier",
        "immediate",
        "forfeit",
        "half_up",
        {},
    ),
    "difference": (
        "actual",
        "none",
        "difference",
        "reset",
        "tier",
        "not_allowed",
        "balance",
        "half_up",
        {},
    ),
}
COLUMNS = (
    "day_basis",
    "credit",
    "charge",
    "cycle_change",
    "classify",
    "downgrade",
    "negative_total",
    "rounding",
)


@pytest.mark.parametrize("preset", sorted(CONTRACT_TABLE))
def test_preset_knobs_match_the_contract_table(preset: str) -> None:
    *row, other = CONTRACT_TABLE[preset]
    policy = resolve_policy({"preset": preset}, "p")
    assert {c: getattr(policy, c) for c in COLUMNS} == dict(zip(COLUMNS, row, strict=True))
    expected_other: dict[str, object] = {**DEFAULTS, **cast(dict[str, object], other)}
    assert policy.factor_precision == expected_other["factor_precision"]
    assert policy.tax_on == expected_other["tax_on"]
    assert policy.cross_group == "support"
    assert policy.one_change_at_a_time is False
    assert dict(PRESETS[preset]) == {
        **dict(zip(COLUMNS, row, strict=True)),
        **cast(dict[str, object], other),
    }


def test_no_preset_starts_from_whmcs() -> None:
    assert resolve_policy({}, "p") == resolve_policy({"preset": "whmcs"}, "p")
    assert resolve_policy({"rounding": "half_even"}, "p").cycle_change == "align"


def test_knobs_beside_a_preset_win() -> None:
    policy = resolve_policy({"preset": "difference", "downgrade": "immediate"}, "p")
    assert (policy.charge, policy.downgrade) == ("difference", "immediate")


UP: dict[str, Any] = {
    "whmcs": ([("credit_unused", "-5.48"), ("charge_new", "10.97")], "5.49", "2024-04-01"),
    "stripe": ([("credit_unused", "-5.48"), ("charge_new", "10.97")], "5.49", "2024-04-01"),
    "killbill": ([("credit_unused", "-5.48"), ("charge_new", "10.97")], "5.49", "2024-04-01"),
    "lago": ([("credit_unused", "-5.48"), ("charge_new", "10.97")], "5.49", "2024-04-01"),
    # 10 * 17/30.4375 = 5.585 -> 5.59; 20.00 in full from today
    "ultimate_multisite": (
        [("credit_unused", "-5.59"), ("charge_new", "20.00")],
        "14.41",
        "2024-04-15",
    ),
    "difference": ([("charge_difference", "10.00")], "10.00", "2024-04-01"),
}


@pytest.mark.parametrize("preset", sorted(UP))
def test_preset_upgrade(preset: str) -> None:
    lines, due, period_end = UP[preset]
    answer = ok(request(target={"plan": "large"}), mini_catalog({"preset": preset}))
    assert (amounts(answer), answer["due_today"], answer["period_end"]) == (lines, due, period_end)


DOWN: dict[str, Any] = {
    # 20 * 17/31 = 10.97 back, 10 * 17/31 = 5.48 charged: 5.49 to the balance
    "whmcs": ([("credit_unused", "-10.97"), ("charge_new", "5.48")], "5.49", "0.00", "2024-03-15"),
    "stripe": ([("credit_unused", "-10.97"), ("charge_new", "5.48")], "5.49", "0.00", "2024-03-15"),
    "killbill": (
        [("credit_unused", "-10.97"), ("charge_new", "5.48")],
        "5.49",
        "0.00",
        "2024-03-15",
    ),
    "lago": ([], "0.00", "0.00", "2024-04-01"),
    # 20 * 17/30.4375 = 11.17 back, 10.00 charged: -1.17 is forfeited
    "ultimate_multisite": (
        [("credit_unused", "-11.17"), ("charge_new", "10.00")],
        "0.00",
        "1.17",
        "2024-03-15",
    ),
}


@pytest.mark.parametrize("preset", sorted(DOWN))
def test_preset_downgrade(preset: str) -> None:
    lines, to_balance, forfeited, effective = DOWN[preset]
    answer = ok(request(plan="large", target={"plan": "small"}), mini_catalog({"preset": preset}))
    assert answer["kind"] == "downgrade"
    assert amounts(answer) == lines
    assert (answer["credit_to_balance"], answer["forfeited"]) == (to_balance, forfeited)
    assert answer["effective"] == effective


def test_preset_difference_refuses_downgrades() -> None:
    error = refused(
        request(plan="large", target={"plan": "small"}), mini_catalog({"preset": "difference"})
    )
    assert (error["code"], error["alternative"]) == ("downgrade_not_allowed", "cancel_and_reorder")


CYCLE: dict[str, Any] = {
    # align: quarter [03-01, 06-01), 78 of 92 days: 27 * 78/92 = 22.891 -> 22.89
    "whmcs": ([("credit_unused", "-5.48"), ("charge_new", "22.89")], "upgrade", "2024-06-01"),
    "killbill": ([("credit_unused", "-5.48"), ("charge_new", "22.89")], "upgrade", "2024-06-01"),
    # reset: the quarter starts today, in full
    "stripe": ([("credit_unused", "-5.48"), ("charge_new", "27.00")], "upgrade", "2024-06-15"),
    "ultimate_multisite": (
        [("credit_unused", "-5.59"), ("charge_new", "27.00")],
        "upgrade",
        "2024-06-15",
    ),
    "difference": ([("charge_new", "27.00")], "upgrade", "2024-06-15"),
    # yearly value 120 -> 108: a downgrade, at renewal
    "lago": ([], "downgrade", "2024-04-01"),
}


@pytest.mark.parametrize("preset", sorted(CYCLE))
def test_preset_cycle_change(preset: str) -> None:
    lines, kind, period_end = CYCLE[preset]
    answer = ok(request(target={"cycle": "quarterly"}), mini_catalog({"preset": preset}))
    assert (amounts(answer), answer["kind"], answer["period_end"]) == (lines, kind, period_end)


def test_lago_cycle_downgrade_first_invoice_prorated_to_the_boundary() -> None:
    # at renewal 2024-04-01; the quarter from the anchor is [03-01, 06-01): 61 of 92 days,
    # 27 * 61/92 = 17.902 -> 17.90
    answer = ok(request(target={"cycle": "quarterly"}), mini_catalog({"preset": "lago"}))
    assert answer["next_invoice"]["date"] == "2024-04-01"
    assert answer["next_invoice"]["subtotal"] == "17.90"


def test_lago_taxes_the_exact_amount() -> None:
    req = request(target={"plan": "large"})
    req["tax"] = {"rate": "0.10"}
    # exact 5.483870 * 1.1 = 6.0323 -> 6.03 total, tax 0.54 (whmcs: 0.55)
    assert ok(req, mini_catalog({"preset": "lago"}))["tax"] == "0.54"
    assert ok(req, mini_catalog({"preset": "whmcs"}))["tax"] == "0.55"


def test_per_plan_override_uses_the_target_plan() -> None:
    catalog = mini_catalog({"preset": "whmcs"})
    catalog["products"]["p"]["plans"]["large"]["policy"] = {"preset": "difference"}
    answer = ok(request(target={"plan": "large"}), catalog)
    assert amounts(answer) == [("charge_difference", "10.00")]
    # back down to small: small's policy (whmcs, immediate) prices it
    answer = ok(request(plan="large", target={"plan": "small"}), catalog)
    assert answer["lines"][0]["code"] == "credit_unused"
