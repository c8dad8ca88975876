"""Invariants over random catalogs and requests (Hypothesis), as dateutil's tests/property.

Each property is a sentence of the contract: lines add up, due_today follows the formula, every
amount has the currency's minor units, credits stay within what was paid, nothing due is
negative, no_change is all zeros, and a same-day round trip never leaves the customer with more
than they paid.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quote_engine import quote
from quote_engine.catalog import validate_catalog
from quote_engine.periods import CYCLE_MONTHS, boundary, period_containing
from quote_engine.policy import KNOB_VALUES, PRESETS

CURRENCIES = [
    ("USD", 2, None),
    ("JPY", 0, None),
    ("BHD", 3, None),
    ("IDR", 0, {"IDR": {"minor_units": 0}}),
]
CYCLES = list(CYCLE_MONTHS)
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def money(units: int, minor: int) -> str:
    return format(Decimal(units).scaleb(-minor), "f")


@st.composite
def policies(draw: st.DrawFn) -> dict[str, Any]:
    policy: dict[str, Any] = {}
    if draw(st.booleans()):
        policy["preset"] = draw(st.sampled_from(sorted(PRESETS)))
    knobs = draw(st.lists(st.sampled_from(sorted(KNOB_VALUES)), unique=True, max_size=6))
    for knob in knobs:
        policy[knob] = draw(st.sampled_from(KNOB_VALUES[knob]))
    if draw(st.booleans()):
        policy["factor_precision"] = draw(st.sampled_from(["none", 0, 2, 4, 9]))
    if draw(st.booleans()):
        policy["one_change_at_a_time"] = draw(st.booleans())
    if policy.get("downgrade") == "on_request":
        low = draw(st.integers(0, 40))
        policy["downgrade_window_days"] = [low, low + draw(st.integers(0, 400))]
    return policy


@st.composite
def scenarios(
    draw: st.DrawFn, grid: bool = False, symmetric: bool = False
) -> tuple[dict[str, Any], dict[str, Any], int]:
    """A catalog, a request against it, and the currency's minor units.

    Long: one draw per catalog and request field, so that shrinking reports each one.

    ``grid``: the current period lies on the anchor's grid, nothing is given beyond the
    defaults, every plan follows the product's policy. ``symmetric``: also one policy that
    credits what was paid and keeps the period, daily add-ons, no change of cycle (so a reverse
    change undoes it exactly).
    """
    code, minor, override = draw(st.sampled_from(CURRENCIES))
    top = 10 ** (minor + 4)

    def prices() -> dict[str, str]:
        return {cycle: money(draw(st.integers(0, top)), minor) for cycle in CYCLES}

    plan_ids = [f"p{i}" for i in range(draw(st.integers(2, 4)))]
    plans: dict[str, Any] = {}
    for index, plan_id in enumerate(plan_ids):
        group = draw(st.sampled_from(["g", "g", "h"]))
        plans[plan_id] = {"group": group, "tier": index, "prices": {code: prices()}}
        # Per-plan policies only off the grid: a round trip between plans priced by different
        # rules (say actual days one way, average months the other) is the catalog's choice.
        if not grid and draw(st.integers(0, 9)) == 0:
            plans[plan_id]["policy"] = draw(policies())
    addon_ids = [f"a{i}" for i in range(draw(st.integers(0, 2)))]
    addons = {
        a: {
            "prices": {code: prices()},
            "proration": "daily" if symmetric else draw(st.sampled_from(["daily", "none"])),
        }
        for a in addon_ids
    }
    policy = draw(policies())
    if symmetric:
        policy.update(
            preset="whmcs",
            credit="prorated",
            charge=draw(st.sampled_from(["prorated", "difference"])),
            downgrade="immediate",
            cross_group="refuse",
        )
    product: dict[str, Any] = {"policy": policy, "plans": plans, "addons": addons}
    with_quantity = draw(st.booleans())
    if with_quantity:
        product["quantity"] = {"min": 1, "max": 20}
    catalog: dict[str, Any] = {"products": {"x": product}}
    if override:
        catalog["currencies"] = override

    cycle = draw(st.sampled_from(CYCLES))
    months = CYCLE_MONTHS[cycle]
    anchor = draw(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
    if grid or draw(st.booleans()):
        k = draw(st.integers(0, 24))
        start, end = boundary(anchor, k, months), boundary(anchor, k + 1, months)
    else:
        start = anchor + timedelta(days=draw(st.integers(0, 90)))
        end = start + timedelta(days=draw(st.integers(1, 1200)))
    today = start + timedelta(days=draw(st.integers(0, (end - start).days - 1)))

    def quantity() -> int:
        return draw(st.integers(1, 20)) if with_quantity else 1

    current: dict[str, Any] = {
        "plan": draw(st.sampled_from(plan_ids)),
        "cycle": cycle,
        "quantity": quantity(),
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "anchor": anchor.isoformat(),
        "addons": draw(st.lists(st.sampled_from(addon_ids), unique=True)) if addon_ids else [],
    }
    if not grid and draw(st.booleans()):
        paid = draw(st.integers(0, top * 3))
        current["amount_paid"] = money(paid, minor)
        current["credited"] = money(draw(st.integers(0, paid)), minor)
    target: dict[str, Any] = {}
    if draw(st.booleans()):
        target["plan"] = draw(st.sampled_from(plan_ids))
    if not symmetric and draw(st.booleans()):
        target["cycle"] = draw(st.sampled_from(CYCLES))
    if draw(st.booleans()):
        target["quantity"] = quantity()
    if bool(addon_ids) and draw(st.booleans()):
        target["addons"] = draw(st.lists(st.sampled_from(addon_ids), unique=True))
    req: dict[str, Any] = {
        "product": "x",
        "currency": code,
        "today": today.isoformat(),
        "current": current,
        "target": target,
    }
    if not grid and draw(st.booleans()):
        req["account"] = {"credit_balance": money(draw(st.integers(0, top)), minor)}
    if draw(st.booleans()):
        rate = draw(st.sampled_from(["0.05", "0.08", "0.15", "0.21", "0.125"]))
        req["tax"] = {"rate": rate, "inclusive": draw(st.booleans())}
    return catalog, req, minor


def D(text: str) -> Decimal:  # noqa: N802 - reads like beancount's D()
    return Decimal(text)


def every_amount(answer: dict[str, Any]) -> list[str]:
    keys = ("subtotal", "tax", "balance_applied", "due_today", "credit_to_balance", "forfeited")
    found = [answer[k] for k in keys] + [line["amount"] for line in answer["lines"]]
    nxt = answer["next_invoice"]
    return found + [nxt[k] for k in ("subtotal", "tax", "balance_applied", "due")]


def list_paid(catalog: dict[str, Any], req: dict[str, Any]) -> Decimal:
    """The contract's default ``amount_paid``: plan price times quantity plus add-ons."""
    product = catalog["products"]["x"]
    cur, code = req["current"], req["currency"]
    total = D(product["plans"][cur["plan"]]["prices"][code][cur["cycle"]]) * cur["quantity"]
    for addon in cur["addons"]:
        total += D(product["addons"][addon]["prices"][code][cur["cycle"]])
    return Decimal(total)


@SETTINGS
@given(scenarios())
def test_invariants_of_every_accepted_quote(
    scenario: tuple[dict[str, Any], dict[str, Any], int],
) -> None:
    """Long: one assertion per invariant of the contract, each with its reason beside it."""
    catalog, req, minor = scenario
    answer = quote(req, catalog)
    if not answer["ok"]:
        assert answer["error"]["code"] not in (
            "invalid_request",
            "invalid_catalog",
            "internal_error",
        ), answer
        return
    lines = answer["lines"]
    tax_lines = [line for line in lines if line["code"] == "tax"]
    others = [line for line in lines if line["code"] != "tax"]

    # lines add up exactly to the subtotal; the tax line is the tax
    assert sum((D(line["amount"]) for line in others), Decimal(0)) == D(answer["subtotal"])
    if tax_lines:
        assert len(tax_lines) == 1 and lines[-1]["code"] == "tax"
        assert D(tax_lines[0]["amount"]) == D(answer["tax"])
    else:
        assert D(answer["tax"]) == 0

    # due_today = max(0, subtotal + tax - balance_applied); inclusive tax is not added
    inclusive = bool(req.get("tax", {}).get("inclusive"))
    total = D(answer["subtotal"]) + (0 if inclusive else D(answer["tax"]))
    balance = D(req.get("account", {}).get("credit_balance", "0"))
    applied = min(balance, total) if total > 0 else Decimal(0)
    assert D(answer["balance_applied"]) == applied
    assert D(answer["due_today"]) == max(Decimal(0), total - applied)
    assert D(answer["credit_to_balance"]) + D(answer["forfeited"]) == max(Decimal(0), -total)

    # every amount has exactly the currency's minor units
    pattern = re.compile(r"-?[0-9]+" + (rf"\.[0-9]{{{minor}}}" if minor else ""))
    for amount in every_amount(answer):
        assert pattern.fullmatch(amount), (amount, minor)

    # nothing due is negative
    for key in ("due_today", "balance_applied", "credit_to_balance", "forfeited"):
        assert D(answer[key]) >= 0
    nxt = answer["next_invoice"]
    assert D(nxt["due"]) >= 0 and D(nxt["balance_applied"]) >= 0
    left = balance - applied + D(answer["credit_to_balance"])
    assert D(nxt["balance_applied"]) <= left

    # a credit never exceeds amount_paid - credited
    paid = D(req["current"].get("amount_paid", "-1"))
    if paid < 0:
        paid = list_paid(catalog, req)
    credited = D(req["current"].get("credited", "0"))
    credits = -sum(
        (D(line["amount"]) for line in others if line["code"].startswith("credit_")), Decimal(0)
    )
    assert Decimal(0) <= credits <= paid - credited

    # no_change is all zeros
    if answer["kind"] == "no_change":
        assert answer["changes"] == [] and lines == []
        for key in (
            "subtotal",
            "tax",
            "balance_applied",
            "due_today",
            "credit_to_balance",
            "forfeited",
        ):
            assert D(answer[key]) == 0
    else:
        assert answer["changes"]


def _reverse(
    catalog: dict[str, Any], req: dict[str, Any], answer: dict[str, Any]
) -> dict[str, Any]:
    """The same-day reverse change, with the subscription updated as a billing system would.

    After a change effective today the subscription is the target; its period is the one the
    quote says. As WHMCS updates a service's recurring amount, ``amount_paid`` becomes the
    period's value at the new plan's list price (what its charge was prorated from) and credits
    given against the old plan's payment no longer count against it. The customer's credit
    balance is what the first quote left.
    """
    cur, tgt = req["current"], req["target"]
    new = {
        "plan": tgt.get("plan", cur["plan"]),
        "cycle": tgt.get("cycle", cur["cycle"]),
        "quantity": tgt.get("quantity", cur["quantity"]),
        "addons": tgt.get("addons", cur["addons"]),
    }
    today = date.fromisoformat(req["today"])
    end = date.fromisoformat(answer["period_end"])
    anchor = date.fromisoformat(cur["anchor"])
    months = CYCLE_MONTHS[new["cycle"]]
    policy = validate_catalog(catalog, "t").products["x"].plans[new["plan"]].policy
    plan_or_quantity = (new["plan"], new["quantity"]) != (cur["plan"], cur["quantity"])
    if new["cycle"] != cur["cycle"] and policy.cycle_change == "align":
        start = period_containing(anchor, months, today).start
    elif new["cycle"] != cur["cycle"] or (policy.charge == "full" and plan_or_quantity):
        start = today  # the period restarts today (reset, full)
    else:
        start = date.fromisoformat(cur["period_start"])  # the period did not change
    assert (end - start).days > 0
    product = catalog["products"]["x"]
    code = req["currency"]
    value = D(product["plans"][new["plan"]]["prices"][code][new["cycle"]]) * new["quantity"]
    for addon in new["addons"]:
        value += D(product["addons"][addon]["prices"][code][new["cycle"]])
    balance = D(answer["credit_to_balance"]) - D(answer["balance_applied"])
    reverse = {
        **req,
        "current": {
            **new,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "anchor": cur["anchor"],
            "amount_paid": format(value, "f"),
            "credited": "0",
        },
        "target": {k: cur[k] for k in ("plan", "cycle", "quantity", "addons")},
        "account": {"credit_balance": format(balance, "f")},
    }
    return reverse


@SETTINGS
@given(scenarios(grid=True))
def test_round_trip_never_leaves_the_customer_with_more_than_they_paid(
    scenario: tuple[dict[str, Any], dict[str, Any], int],
) -> None:
    catalog, req, _ = scenario
    first = quote(req, catalog)
    assume(first["ok"] and first["kind"] != "no_change" and first["effective"] == req["today"])
    back_req = _reverse(catalog, req, first)
    back = quote(back_req, catalog)
    assume(back["ok"] and back["effective"] == req["today"])
    cash_paid = D(first["due_today"]) + D(back["due_today"])
    balance_left = (
        D(back_req["account"]["credit_balance"])
        - D(back["balance_applied"])
        + D(back["credit_to_balance"])
    )
    assert balance_left <= cash_paid, (first, back)


@SETTINGS
@given(scenarios(grid=True, symmetric=True))
def test_same_period_round_trip_is_exact(
    scenario: tuple[dict[str, Any], dict[str, Any], int],
) -> None:
    # Credit what was paid, keep the period: the reverse undoes the change to the cent
    # (rounding is symmetric around zero in both modes, tax included).
    catalog, req, _ = scenario
    first = quote(req, catalog)
    assume(first["ok"] and first["kind"] != "no_change")
    assert first["effective"] == req["today"]
    assert first["period_end"] == req["current"]["period_end"]
    back = quote(_reverse(catalog, req, first), catalog)
    assert back["ok"], back
    assert D(first["subtotal"]) + D(back["subtotal"]) == 0
    assert D(first["tax"]) + D(back["tax"]) == 0
