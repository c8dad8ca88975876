"""One parametrised table per policy knob, on scenarios small enough to check by hand.

Base scenario unless a row says otherwise: plan ``small`` (10.00 a month) to ``large`` (20.00),
period 2024-03-01 to 2024-04-01 (31 days), today 2024-03-15 (17 days left).
"""

from __future__ import annotations

from typing import Any

import pytest

from quote_engine import quote

from .support import amounts, mini_catalog, ok, refused, request

UP = {"plan": "large"}


def quote_up(policy: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    return ok(request(target=UP, **kwargs), mini_catalog(policy))


@pytest.mark.parametrize(
    ("basis", "lines", "days", "days_total"),
    [
        # 17/31: 5.4838 -> 5.48, 10.9677 -> 10.97
        ("actual", [("credit_unused", "-5.48"), ("charge_new", "10.97")], 17, "31"),
        # 17/30.4375 = 0.558521...: 5.5852 -> 5.59, 11.1704 -> 11.17
        ("average", [("credit_unused", "-5.59"), ("charge_new", "11.17")], 17, "30.4375"),
        # 30/360: left = 30*(4-3) + (1-15) = 16, total = 30: 5.3333 -> 5.33, 10.6667 -> 10.67
        ("30/360", [("credit_unused", "-5.33"), ("charge_new", "10.67")], 16, "30"),
    ],
)
def test_day_basis(basis: str, lines: list[tuple[str, str]], days: int, days_total: str) -> None:
    answer = quote_up({"day_basis": basis})
    assert amounts(answer) == lines
    for line in answer["lines"]:
        assert (line["days"], line["days_total"]) == (days, days_total)


@pytest.mark.parametrize(
    ("precision", "lines"),
    [
        ("none", [("credit_unused", "-5.48"), ("charge_new", "10.97")]),
        # 0.548387097: 5.48387097 -> 5.48, 10.96774194 -> 10.97
        (9, [("credit_unused", "-5.48"), ("charge_new", "10.97")]),
        # 0.55: 5.50 and 11.00
        (2, [("credit_unused", "-5.50"), ("charge_new", "11.00")]),
        # 0.5484 -> 5.484 -> 5.48, 10.968 -> 10.97
        (4, [("credit_unused", "-5.48"), ("charge_new", "10.97")]),
        # 0.548 -> 5.48, 10.96: three decimals lose a cent on the charge
        (3, [("credit_unused", "-5.48"), ("charge_new", "10.96")]),
        # rounded to a whole number the factor is 1: the full prices
        (0, [("credit_unused", "-10.00"), ("charge_new", "20.00")]),
    ],
)
def test_factor_precision(precision: Any, lines: list[tuple[str, str]]) -> None:
    assert amounts(quote_up({"factor_precision": precision})) == lines


@pytest.mark.parametrize(
    ("credit", "lines", "subtotal"),
    [
        ("prorated", [("credit_unused", "-5.48"), ("charge_new", "10.97")], "5.49"),
        ("none", [("charge_new", "10.97")], "10.97"),
    ],
)
def test_credit(credit: str, lines: list[tuple[str, str]], subtotal: str) -> None:
    answer = quote_up({"credit": credit})
    assert amounts(answer) == lines
    assert answer["subtotal"] == subtotal


@pytest.mark.parametrize(
    ("charge", "lines", "period_end", "due"),
    [
        ("prorated", [("credit_unused", "-5.48"), ("charge_new", "10.97")], "2024-04-01", "5.49"),
        # the full new price; the new period starts today: 2024-03-15 + 1 month
        ("full", [("credit_unused", "-5.48"), ("charge_new", "20.00")], "2024-04-15", "14.52"),
        # 20.00 - 10.00, no credit line whatever `credit` says
        ("difference", [("charge_difference", "10.00")], "2024-04-01", "10.00"),
    ],
)
def test_charge(charge: str, lines: list[tuple[str, str]], period_end: str, due: str) -> None:
    answer = quote_up({"charge": charge, "credit": "prorated"})
    assert amounts(answer) == lines
    assert answer["period_end"] == period_end
    assert answer["next_invoice"]["date"] == period_end
    assert answer["next_invoice"]["subtotal"] == "20.00"
    assert answer["due_today"] == due


def test_charge_full_line_has_no_days() -> None:
    charge_line = quote_up({"charge": "full"})["lines"][1]
    assert charge_line == {"code": "charge_new", "amount": "20.00", "plan": "large"}


@pytest.mark.parametrize(
    ("cycle_change", "anchor", "start", "end", "lines", "period_end"),
    [
        # align, anchor = period start: quarter [03-01, 06-01) = 92 days, 78 left:
        # 54 * 78/92 = 45.7826 -> 45.78; credit 10 * 17/31 -> 5.48
        (
            "align",
            "2024-03-01",
            "2024-03-01",
            "2024-04-01",
            [("credit_unused", "-5.48"), ("charge_new", "45.78")],
            "2024-06-01",
        ),
        # align from an anchor on the 31st: months run [02-29, 03-31) (16 of 31 left: 5.16);
        # quarters [01-31, 04-30): 90 days, 46 left: 54 * 46/90 = 27.60
        (
            "align",
            "2024-01-31",
            "2024-02-29",
            "2024-03-31",
            [("credit_unused", "-5.16"), ("charge_new", "27.60")],
            "2024-04-30",
        ),
        # reset: the quarter starts today, full price
        (
            "reset",
            "2024-03-01",
            "2024-03-01",
            "2024-04-01",
            [("credit_unused", "-5.48"), ("charge_new", "54.00")],
            "2024-06-15",
        ),
    ],
)
def test_cycle_change(
    cycle_change: str,
    anchor: str,
    start: str,
    end: str,
    lines: list[tuple[str, str]],
    period_end: str,
) -> None:
    req = request(
        start=start, end=end, anchor=anchor, target={"plan": "large", "cycle": "quarterly"}
    )
    answer = ok(req, mini_catalog({"cycle_change": cycle_change}))
    assert amounts(answer) == lines
    assert answer["period_end"] == period_end
    assert answer["changes"] == ["plan", "cycle"]


def test_cycle_change_governs_whatever_charge_says() -> None:
    # charge: difference does not apply to a cycle change; cycle_change (align) does.
    req = request(target={"plan": "large", "cycle": "quarterly"})
    answer = ok(req, mini_catalog({"charge": "difference", "cycle_change": "align"}))
    assert amounts(answer) == [("credit_unused", "-5.48"), ("charge_new", "45.78")]


@pytest.mark.parametrize(
    ("classify", "target", "kind"),
    [
        ("tier", {"plan": "large"}, "upgrade"),
        ("tier", {"cycle": "annually"}, "upgrade"),  # a longer cycle
        ("tier", {"plan": "large", "cycle": "monthly"}, "upgrade"),
        # monthly 10.00 -> annually 100.00: 120 a year -> 100 a year, as Lago counts it
        ("yearly_value", {"cycle": "annually"}, "downgrade"),
        # monthly 10.00 -> large annually 200.00: 120 -> 200
        ("yearly_value", {"plan": "large", "cycle": "annually"}, "upgrade"),
        # equal value is an upgrade: 10.00 monthly -> quarterly 30.00 (120 a year each)
        ("yearly_value", {"cycle": "quarterly"}, "upgrade"),
    ],
)
def test_classify(classify: str, target: dict[str, Any], kind: str) -> None:
    small = {"monthly": "10.00", "quarterly": "30.00", "annually": "100.00"}
    catalog = mini_catalog({"classify": classify, "downgrade": "immediate"}, small=small)
    assert ok(request(target=target), catalog)["kind"] == kind


def test_classify_tier_order_tier_then_quantity_then_cycle() -> None:
    catalog = mini_catalog(quantity={"min": 1, "max": 10})
    # tier decides before quantity: large x1 from small x5 is an upgrade
    assert (
        ok(request(quantity=5, target={"plan": "large", "quantity": 1}), catalog)["kind"]
        == "upgrade"
    )
    # quantity decides before cycle: 5 monthly -> 4 annually is a downgrade
    down = ok(request(quantity=5, target={"quantity": 4, "cycle": "annually"}), catalog)
    assert down["kind"] == "downgrade"


DOWN = {"plan": "small"}


@pytest.mark.parametrize(
    ("downgrade", "expected"),
    [
        # 20 * 17/31 = 10.9677 -> 10.97 credited; 10 * 17/31 -> 5.48 charged; total -5.49
        (
            "immediate",
            {
                "lines": [("credit_unused", "-10.97"), ("charge_new", "5.48")],
                "effective": "2024-03-15",
                "credit_to_balance": "5.49",
            },
        ),
        ("at_renewal", {"lines": [], "effective": "2024-04-01", "credit_to_balance": "0.00"}),
    ],
)
def test_downgrade_quoted(downgrade: str, expected: dict[str, Any]) -> None:
    answer = ok(request(plan="large", target=DOWN), mini_catalog({"downgrade": downgrade}))
    assert answer["kind"] == "downgrade"
    assert amounts(answer) == expected["lines"]
    assert answer["effective"] == expected["effective"]
    assert answer["credit_to_balance"] == expected["credit_to_balance"]
    assert answer["due_today"] == "0.00"
    assert answer["period_end"] == "2024-04-01"
    assert "alternative" not in answer


def test_downgrade_at_renewal_next_invoice_at_the_target_price() -> None:
    answer = ok(request(plan="large", target=DOWN), mini_catalog({"downgrade": "at_renewal"}))
    assert answer["next_invoice"] == {
        "date": "2024-04-01",
        "subtotal": "10.00",
        "tax": "0.00",
        "balance_applied": "0.00",
        "due": "10.00",
    }


def test_downgrade_not_allowed() -> None:
    error = refused(request(plan="large", target=DOWN), mini_catalog({"downgrade": "not_allowed"}))
    assert error["code"] == "downgrade_not_allowed"
    assert error["params"] == {"product": "p"}
    assert error["alternative"] == "cancel_and_reorder"


def test_downgrade_on_request_inside_the_window() -> None:
    # 17 days before the due date, inside [15, 30]: quoted as at_renewal, filed via support
    catalog = mini_catalog({"downgrade": "on_request", "downgrade_window_days": [15, 30]})
    answer = ok(request(plan="large", target=DOWN), catalog)
    assert answer["alternative"] == "contact_support"
    assert answer["effective"] == "2024-04-01"
    assert answer["lines"] == []


def test_downgrade_rules_skip_upgrades() -> None:
    for rule in ("not_allowed", "at_renewal"):
        answer = ok(request(target=UP), mini_catalog({"downgrade": rule}))
        assert answer["effective"] == "2024-03-15"


@pytest.mark.parametrize(
    ("negative_total", "to_balance", "forfeited", "next_applied", "next_due"),
    [
        # the 5.49 goes to the balance, and pays 5.49 of the next 10.00 invoice
        ("balance", "5.49", "0.00", "5.49", "4.51"),
        ("forfeit", "0.00", "5.49", "0.00", "10.00"),
    ],
)
def test_negative_total(
    negative_total: str, to_balance: str, forfeited: str, next_applied: str, next_due: str
) -> None:
    catalog = mini_catalog({"downgrade": "immediate", "negative_total": negative_total})
    answer = ok(request(plan="large", target=DOWN), catalog)
    assert answer["subtotal"] == "-5.49"
    assert answer["due_today"] == "0.00"
    assert answer["balance_applied"] == "0.00"
    assert (answer["credit_to_balance"], answer["forfeited"]) == (to_balance, forfeited)
    assert answer["next_invoice"]["balance_applied"] == next_applied
    assert answer["next_invoice"]["due"] == next_due


# Exact ties: period 2024-04-01..05-01 (30 days), today 04-16: 15 left, factor exactly 1/2.
TIES = {"start": "2024-04-01", "end": "2024-05-01", "today": "2024-04-16"}


@pytest.mark.parametrize(
    ("rounding", "up_lines", "down_lines"),
    [
        # up: credit 0.05/2 = -0.025, charge 0.25/2 = 0.125; down: credit -0.125, charge 0.025
        (
            "half_up",
            [("credit_unused", "-0.03"), ("charge_new", "0.13")],
            [("credit_unused", "-0.13"), ("charge_new", "0.03")],
        ),
        (
            "half_even",
            [("credit_unused", "-0.02"), ("charge_new", "0.12")],
            [("credit_unused", "-0.12"), ("charge_new", "0.02")],
        ),
    ],
)
def test_rounding_ties(
    rounding: str, up_lines: list[tuple[str, str]], down_lines: list[tuple[str, str]]
) -> None:
    catalog = mini_catalog(
        {"rounding": rounding}, small={"monthly": "0.05"}, large={"monthly": "0.25"}
    )
    assert amounts(ok(request(target=UP, **TIES), catalog)) == up_lines
    assert amounts(ok(request(plan="large", target=DOWN, **TIES), catalog)) == down_lines


@pytest.mark.parametrize(
    ("tax_on", "tax", "due"),
    [
        # subtotal 5.49 (exact 10 * 17/31 = 5.483870...): 5.49 * 0.10 = 0.549 -> 0.55
        ("rounded_subtotal", "0.55", "6.04"),
        # exact 5.483870 * 1.10 = 6.032258 -> 6.03; tax = 6.03 - 5.49 = 0.54
        ("unrounded", "0.54", "6.03"),
    ],
)
def test_tax_on(tax_on: str, tax: str, due: str) -> None:
    req = request(target=UP)
    req["tax"] = {"rate": "0.10"}
    answer = ok(req, mini_catalog({"tax_on": tax_on}))
    assert answer["subtotal"] == "5.49"
    assert answer["tax"] == tax
    assert answer["lines"][-1] == {"code": "tax", "amount": tax, "rate": "0.1"}
    assert answer["due_today"] == due


def test_tax_inclusive_line_is_informational() -> None:
    # 5.49 * 0.10 / 1.10 = 0.4990... -> 0.50, not added to what is due
    req = request(target=UP)
    req["tax"] = {"rate": "0.10", "inclusive": True}
    answer = ok(req, mini_catalog())
    assert answer["lines"][-1] == {
        "code": "tax",
        "amount": "0.50",
        "rate": "0.1",
        "inclusive": True,
    }
    assert answer["due_today"] == "5.49"
    # next invoice: 20.00 * 0.10 / 1.10 = 1.818 -> 1.82, due stays 20.00
    assert answer["next_invoice"]["tax"] == "1.82"
    assert answer["next_invoice"]["due"] == "20.00"


def test_tax_follows_the_subtotal_sign() -> None:
    # downgrade immediate: subtotal -5.49, tax -0.82 (5.49 * 0.15 = 0.8235), total -6.31
    req = request(plan="large", target=DOWN)
    req["tax"] = {"rate": "0.15"}
    answer = ok(req, mini_catalog())
    assert answer["tax"] == "-0.82"
    assert answer["credit_to_balance"] == "6.31"


def test_zero_rate_means_no_tax_line() -> None:
    req = request(target=UP)
    req["tax"] = {"rate": "0"}
    answer = ok(req, mini_catalog())
    assert [line["code"] for line in answer["lines"]] == ["credit_unused", "charge_new"]
    assert answer["tax"] == "0.00"


def email_like(one_at_a_time: bool) -> dict[str, Any]:
    return mini_catalog({"one_change_at_a_time": one_at_a_time}, quantity={"min": 1, "max": 50})


@pytest.mark.parametrize(
    ("target", "refused_changes"),
    [
        ({"plan": "large"}, None),
        ({"quantity": 3}, None),
        ({"plan": "large", "cycle": "annually"}, None),  # a cycle may change with the plan
        ({"plan": "large", "quantity": 3}, ["plan", "quantity"]),
        ({"quantity": 3, "cycle": "annually"}, ["quantity", "cycle"]),
    ],
)
def test_one_change_at_a_time(target: dict[str, Any], refused_changes: list[str] | None) -> None:
    req = request(target=target)
    assert ok(req, email_like(False))["kind"] == "upgrade"
    if refused_changes is None:
        ok(req, email_like(True))
    else:
        error = refused(req, email_like(True))
        assert error["code"] == "one_change_at_a_time"
        assert error["params"] == {"product": "p", "changes": refused_changes}
        assert "alternative" not in error


VPS = {"vps": {"group": "vps", "tier": 1, "prices": {"USD": {"monthly": "40.00"}}}}


@pytest.mark.parametrize(
    ("cross_group", "code", "alternative"),
    [("support", "support_only", "contact_support"), ("refuse", "path_not_allowed", None)],
)
def test_cross_group(cross_group: str, code: str, alternative: str | None) -> None:
    catalog = mini_catalog({"cross_group": cross_group}, extra_plans=VPS)
    error = refused(request(target={"plan": "vps"}), catalog)
    assert error["code"] == code
    assert error["params"] == {
        "product": "p",
        "from_plan": "small",
        "to_plan": "vps",
        "from_group": "g",
        "to_group": "vps",
    }
    assert error.get("alternative") == alternative


ADDON = {"a": {"name": {"en": "A"}, "prices": {"USD": {"monthly": "3.10"}}}}


@pytest.mark.parametrize(
    ("proration", "added", "removed"),
    [
        # 3.10 * 17/31 = 1.70 exactly; removed: its share of 13.10 paid is 3.10
        ("daily", [("charge_addon", "1.70")], [("credit_addon", "-1.70")]),
        # full price now; removed runs to the period's end without credit
        ("none", [("charge_addon", "3.10")], []),
    ],
)
def test_addon_proration(
    proration: str, added: list[tuple[str, str]], removed: list[tuple[str, str]]
) -> None:
    catalog = mini_catalog(addons={"a": {**ADDON["a"], "proration": proration}})
    answer = ok(request(target={"addons": ["a"]}), catalog)
    assert (answer["kind"], answer["changes"], amounts(answer)) == ("upgrade", ["addons"], added)
    answer = ok(request(addons=["a"], target={"addons": []}), catalog)
    assert (answer["kind"], amounts(answer)) == ("downgrade", removed)
    assert answer["next_invoice"]["subtotal"] == "10.00"


@pytest.mark.parametrize(
    ("window", "today", "allowed"),
    [
        ([15, 30], "2024-03-02", True),  # 30 days before 2024-04-01
        ([15, 30], "2024-03-17", True),  # 15 days before
        ([15, 30], "2024-03-01", False),  # 31 days before: not yet open
        ([15, 30], "2024-03-18", False),  # 14 days before: closed
        ([0, 0], "2024-03-31", False),  # a day before, min 0: only on the due date itself
        ([1, 5], "2024-03-31", True),
    ],
)
def test_downgrade_window_days(window: list[int], today: str, allowed: bool) -> None:
    catalog = mini_catalog({"downgrade": "on_request", "downgrade_window_days": window})
    answer = quote(request(plan="large", today=today, target=DOWN), catalog)
    assert answer["ok"] is allowed
    if not allowed:
        assert answer["error"]["code"] == "downgrade_outside_window"


ADDON_Q = {"a": {"prices": {"USD": {"monthly": "3.10", "quarterly": "9.00"}}}}


def test_reading_paid_shares_split_amount_paid_by_list_price() -> None:
    # paid 6.55 of a 13.10 list (small 10.00 + add-on 3.10): every share is half its price
    catalog = mini_catalog(addons=ADDON_Q)
    up = ok(request(addons=["a"], amount_paid="6.55", target={"plan": "large"}), catalog)
    # plan share 5.00 * 17/31 = 2.7419 -> 2.74; the kept add-on is not touched
    assert amounts(up) == [("credit_unused", "-2.74"), ("charge_new", "10.97")]
    off = ok(request(addons=["a"], amount_paid="6.55", target={"addons": []}), catalog)
    # add-on share 1.55 * 17/31 = 0.85
    assert amounts(off) == [("credit_addon", "-0.85")]


def test_reading_credits_are_capped_together_by_paid_minus_credited() -> None:
    catalog = mini_catalog(addons=ADDON_Q)
    req = request(
        addons=["a"],
        amount_paid="13.10",
        credited="11.00",
        target={"plan": "large", "cycle": "quarterly"},
    )
    answer = ok(req, catalog)
    # 2.10 left to credit: the plan's 5.48 is capped at 2.10, nothing is left for the add-on
    assert answer["lines"][0] == {
        "code": "credit_unused",
        "amount": "-2.10",
        "days": 17,
        "days_total": "31",
        "plan": "small",
        "capped": True,
    }
    assert answer["lines"][2]["code"] == "credit_addon"
    assert answer["lines"][2]["amount"] == "0.00" and answer["lines"][2]["capped"] is True


def test_reading_kept_addons_move_with_an_aligned_cycle_change() -> None:
    # quarter [03-01, 06-01), 78 of 92 days: plan 27 * 78/92 = 22.89, add-on 9 * 78/92 = 7.63;
    # the month is credited: plan 5.48, add-on 3.10 * 17/31 = 1.70
    answer = ok(request(addons=["a"], target={"cycle": "quarterly"}), mini_catalog(addons=ADDON_Q))
    assert amounts(answer) == [
        ("credit_unused", "-5.48"),
        ("charge_new", "22.89"),
        ("credit_addon", "-1.70"),
        ("charge_addon", "7.63"),
    ]
    assert answer["subtotal"] == "23.34"
    assert answer["next_invoice"]["subtotal"] == "36.00"  # 27.00 + 9.00 from 06-01


def test_reading_kept_addons_restart_with_the_plan() -> None:
    # network (ultimate_multisite: full, average days): basic 29.00 + extra-disk 5.00 -> business
    # 15 days left of 30.4375: plan 29 * 0.4928 = 14.29, add-on 5 * 0.4928 = 2.46 credited;
    # business 59.00 and the add-on 5.00 again in full from today
    req = request(
        product="network",
        plan="basic",
        start="2026-11-01",
        end="2026-12-01",
        today="2026-11-16",
        addons=["extra-disk"],
        target={"plan": "business"},
    )
    answer = ok(req)
    assert amounts(answer) == [
        ("credit_unused", "-14.29"),
        ("charge_new", "59.00"),
        ("credit_addon", "-2.46"),
        ("charge_addon", "5.00"),
    ]
    assert answer["lines"][3] == {"code": "charge_addon", "amount": "5.00", "addon": "extra-disk"}
    assert (answer["subtotal"], answer["period_end"]) == ("47.25", "2026-12-16")


def test_reading_addon_only_change_keeps_the_period_under_charge_full() -> None:
    req = request(
        product="network",
        plan="basic",
        start="2026-11-01",
        end="2026-12-01",
        today="2026-11-16",
        target={"addons": ["extra-disk"]},
    )
    answer = ok(req)
    # 5.00 * 15/30.4375 = 2.464 -> 2.46, to the unchanged period end
    assert amounts(answer) == [("charge_addon", "2.46")]
    assert answer["period_end"] == "2026-12-01"
    assert answer["kind"] == "upgrade"
