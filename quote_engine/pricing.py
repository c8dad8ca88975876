"""Pricing a checked change: its lines, tax and totals today, and the next invoice.

Three outcomes, each a response as plain data: :func:`no_change`, :func:`deferred` (a change
at renewal: nothing today) and :func:`immediate` (credits and charges today). The formulas and
the readings of the contract they follow are in ``quote.py``'s docstring; every line is computed
at full precision and rounded once, to the currency's minor units.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from .catalog import TaxRule
from .checks import Checked
from .money import Currency, format_decimal
from .periods import (
    CYCLE_MONTHS,
    Period,
    add_months,
    day_factor,
    days_left,
    days_total,
    period_containing,
)
from .policy import Policy

_ZERO = Decimal(0)
_ONE = Decimal(1)

#: Items of an invoice: a full-cycle amount and its proration factor (None: charged in full).
Items = list[tuple[Decimal, Decimal | None]]


class Lines:
    """Lines of one invoice: rounded amounts for display, exact ones for ``tax_on: unrounded``."""

    __slots__ = ("currency", "rounding", "items", "exact", "rounded")

    def __init__(self, currency: Currency, rounding: str) -> None:
        self.currency = currency
        self.rounding = rounding
        self.items: list[dict[str, object]] = []
        self.exact = _ZERO
        self.rounded = _ZERO

    def add(self, code: str, exact: Decimal, fields: Mapping[str, object]) -> Decimal:
        rounded = self.currency.round(exact, rounding=self.rounding)
        self._push(code, exact, rounded, fields)
        return rounded

    def _push(
        self, code: str, exact: Decimal, rounded: Decimal, fields: Mapping[str, object]
    ) -> None:
        line: dict[str, object] = {"code": code, "amount": self.currency.format(rounded)}
        line.update(fields)
        self.items.append(line)
        self.exact += exact
        self.rounded += rounded

    def add_credit(
        self, code: str, exact: Decimal, cap: Decimal, fields: dict[str, object]
    ) -> Decimal:
        """Add a credit of magnitude ``exact``, at most ``cap``; returns the rounded magnitude."""
        rounded = self.currency.round(exact, rounding=self.rounding)
        if rounded > cap:
            rounded = exact = cap
            fields["capped"] = True
        self._push(code, -exact, -rounded, fields)
        return rounded


def tax_amount(
    currency: Currency, policy: Policy, tax: TaxRule, subtotal: Decimal, exact: Decimal
) -> Decimal:
    """Tax of an invoice, following the subtotal's sign (a credit carries its tax back).

    ``tax_on: rounded_subtotal`` (the default) taxes the rounded subtotal; an included tax is
    the part of the total that is tax:

    >>> from quote_engine.policy import resolve_policy
    >>> usd, policy = Currency("USD", 2), resolve_policy({}, "policy")
    >>> vat = TaxRule("eu", Decimal("0.21"), False)
    >>> tax_amount(usd, policy, vat, Decimal("2.66"), Decimal("2.6666"))
    Decimal('0.56')
    >>> included = TaxRule("eu", Decimal("0.21"), True)
    >>> tax_amount(usd, policy, included, Decimal("12.10"), Decimal("12.10"))
    Decimal('2.10')
    """
    base = exact if policy.tax_on == "unrounded" else subtotal
    if tax.inclusive:
        return currency.round(base * tax.rate / (_ONE + tax.rate), rounding=policy.rounding)
    if policy.tax_on == "unrounded":
        total = currency.round(base * (_ONE + tax.rate), rounding=policy.rounding)
        return total - subtotal
    return currency.round(base * tax.rate, rounding=policy.rounding)


def _total(tax: TaxRule | None, subtotal: Decimal, amount: Decimal) -> Decimal:
    """What the invoice comes to: an included tax is already in the subtotal."""
    return subtotal if tax is None or tax.inclusive else subtotal + amount


def _prorated(left: int, total: Decimal) -> dict[str, object]:
    return {"days": left, "days_total": format_decimal(total)}


# -- the next invoice -----------------------------------------------------------------------------


def _next_invoice(
    facts: Checked, policy: Policy, when: date, items: Items, balance: Decimal
) -> dict[str, object]:
    currency = facts.currency
    subtotal = _ZERO
    exact = _ZERO
    for price, factor in items:
        amount = price if factor is None else price * factor
        exact += amount
        subtotal += currency.round(amount, rounding=policy.rounding)
    tax = _ZERO
    if facts.tax is not None:
        tax = tax_amount(currency, policy, facts.tax, subtotal, exact)
    total = _total(facts.tax, subtotal, tax)
    applied = min(balance, total) if total > 0 else _ZERO
    due = total - applied if total > applied else _ZERO
    fmt = currency.format
    return {
        "date": when.isoformat(),
        "subtotal": fmt(subtotal),
        "tax": fmt(tax),
        "balance_applied": fmt(applied),
        "due": fmt(due),
    }


def _current_items(facts: Checked) -> Items:
    """Full-cycle prices of the subscription as it is (plan then add-ons), none prorated."""
    items: Items = [(facts.current.plan_amount, None)]
    items += [(price, None) for price in facts.current.addon_prices.values()]
    return items


def _target_items(facts: Checked, factor: Decimal | None) -> Items:
    """Full-cycle prices of the target (plan then add-ons), each with its proration factor."""
    target = facts.target
    items: Items = [(target.plan_amount, factor)]
    for addon_id, price in target.addon_prices.items():
        daily = target.addons[addon_id].proration == "daily"
        items.append((price, factor if daily else None))
    return items


# -- responses ------------------------------------------------------------------------------------


def _response(
    facts: Checked,
    kind: str,
    changes: list[str],
    effective: date,
    lines: Lines | None,
    period_end: date,
    next_invoice: dict[str, object],
    totals: dict[str, object],
) -> dict[str, object]:
    out: dict[str, object] = {
        "ok": True,
        "kind": kind,
        "changes": changes,
        "currency": facts.currency.code,
        "effective": effective.isoformat(),
        "lines": [] if lines is None else lines.items,
    }
    out.update(totals)
    out["period_end"] = period_end.isoformat()
    out["next_invoice"] = next_invoice
    return out


def _zero_totals(currency: Currency) -> dict[str, object]:
    zero = currency.zero()
    return {
        "subtotal": zero,
        "tax": zero,
        "balance_applied": zero,
        "due_today": zero,
        "credit_to_balance": zero,
        "forfeited": zero,
    }


def no_change(facts: Checked, policy: Policy, changes: list[str]) -> dict[str, object]:
    """Nothing changes: nothing today, the next invoice one full current cycle on (reading 12)."""
    req = facts.request
    end = req.period.end
    nxt = _next_invoice(facts, policy, end, _current_items(facts), req.credit_balance)
    return _response(
        facts, "no_change", changes, req.today, None, end, nxt, _zero_totals(facts.currency)
    )


def deferred(
    facts: Checked,
    policy: Policy,
    kind: str,
    changes: list[str],
    alternative: str | None = None,
) -> dict[str, object]:
    """``at_renewal`` (and ``on_request`` inside its window): nothing today."""
    req = facts.request
    end = req.period.end
    months = CYCLE_MONTHS[req.target.cycle]
    factor: Decimal | None = None
    if policy.cycle_change == "align":
        first = period_containing(req.anchor, months, end)
        if first.start != end:
            # The target cycle's next boundary is closer than a full cycle: the first
            # invoice covers [period_end, boundary), prorated by the same day rule.
            basis = policy.day_basis
            factor = day_factor(
                days_left(basis, end, first.end),
                days_total(basis, first, months),
                policy.factor_precision,
            )
    nxt = _next_invoice(facts, policy, end, _target_items(facts, factor), req.credit_balance)
    out = _response(facts, kind, changes, end, None, end, nxt, _zero_totals(facts.currency))
    if alternative is not None:
        out["alternative"] = alternative
    return out


# -- a change today -------------------------------------------------------------------------------


class _Span(NamedTuple):
    """A period being prorated from today: its days left, its length and their factor."""

    period: Period
    left: int
    total: Decimal
    factor: Decimal

    def fields(self, key: str, item: str) -> dict[str, object]:
        """A prorated line's fields: ``days``, ``days_total`` and the item's id."""
        return {"days": self.left, "days_total": format_decimal(self.total), key: item}


def _span(policy: Policy, today: date, period: Period, months: int) -> _Span:
    left = days_left(policy.day_basis, today, period.end)
    total = days_total(policy.day_basis, period, months)
    return _Span(period, left, total, day_factor(left, total, policy.factor_precision))


class _Credits:
    """What may still be credited (reading 2) and each item's share of what was paid (1)."""

    __slots__ = ("facts", "cap")

    def __init__(self, facts: Checked) -> None:
        self.facts = facts
        self.cap = facts.amount_paid - facts.request.credited

    def share(self, list_amount: Decimal, is_plan: bool) -> Decimal:
        list_paid, paid = self.facts.list_paid, self.facts.amount_paid
        if paid == list_paid:
            return list_amount  # the default amount_paid: every share is its list price
        if list_paid > 0:
            return paid * list_amount / list_paid
        return paid if is_plan else _ZERO

    def add(self, lines: Lines, code: str, exact: Decimal, fields: dict[str, object]) -> None:
        self.cap -= lines.add_credit(code, exact, self.cap, fields)


def _new_period(
    facts: Checked, policy: Policy, changes: list[str], addon_only: bool
) -> tuple[Period, bool]:
    """The plan's period after the change, and whether the plan restarts today (in full)."""
    req = facts.request
    months = CYCLE_MONTHS[req.target.cycle]
    if addon_only:
        return req.period, False
    if "cycle" in changes:
        if policy.cycle_change == "align":
            return period_containing(req.anchor, months, req.today), False
        return Period(req.today, add_months(req.today, months)), True
    if policy.charge == "full":
        return Period(req.today, add_months(req.today, months)), True
    return req.period, False


def _plan_lines(
    facts: Checked,
    policy: Policy,
    lines: Lines,
    credits: _Credits,
    spans: tuple[_Span, _Span, bool],
    cycle_changes: bool,
) -> None:
    """``credit_unused``, then ``charge_new`` or ``charge_difference``."""
    old, new, restart = spans
    cur, tgt = facts.current, facts.target
    difference = policy.charge == "difference" and not cycle_changes
    if not difference and policy.credit == "prorated":
        fields = old.fields("plan", cur.selection.plan)
        credits.add(
            lines, "credit_unused", credits.share(cur.plan_amount, True) * old.factor, fields
        )
    if difference:
        lines.add(
            "charge_difference", tgt.plan_amount - cur.plan_amount, {"plan": tgt.selection.plan}
        )
    elif restart:
        lines.add("charge_new", tgt.plan_amount, {"plan": tgt.selection.plan})
    else:
        lines.add(
            "charge_new", tgt.plan_amount * new.factor, new.fields("plan", tgt.selection.plan)
        )


def _addon_lines(
    facts: Checked, lines: Lines, credits: _Credits, spans: tuple[_Span, _Span, bool]
) -> None:
    """``credit_addon`` then ``charge_addon``, each by add-on id (readings 5 and 6)."""
    old, new, restart = spans
    cur, tgt = facts.current, facts.target
    cur_ids, tgt_ids = set(cur.selection.addons), set(tgt.selection.addons)
    kept = cur_ids & tgt_ids if new.period != old.period else set()
    for addon_id in sorted((cur_ids - tgt_ids) | kept):
        if cur.addons[addon_id].proration != "daily":
            continue  # proration: none runs to the period's end without credit
        exact = credits.share(cur.addon_prices[addon_id], False) * old.factor
        credits.add(lines, "credit_addon", exact, old.fields("addon", addon_id))
    for addon_id in sorted((tgt_ids - cur_ids) | kept):
        price = tgt.addon_prices[addon_id]
        if tgt.addons[addon_id].proration != "daily" or restart:
            lines.add("charge_addon", price, {"addon": addon_id})
        else:
            lines.add("charge_addon", price * new.factor, new.fields("addon", addon_id))


def _tax_line(facts: Checked, policy: Policy, lines: Lines) -> Decimal:
    """The tax line, last (reading 20); returns the tax."""
    if facts.tax is None:
        return _ZERO
    tax = tax_amount(facts.currency, policy, facts.tax, lines.rounded, lines.exact)
    line: dict[str, object] = {
        "code": "tax",
        "amount": facts.currency.format(tax),
        "rate": format_decimal(facts.tax.rate),
    }
    if facts.tax.inclusive:
        line["inclusive"] = True
    lines.items.append(line)
    return tax


def immediate(
    facts: Checked, policy: Policy, kind: str, changes: list[str], addon_only: bool
) -> dict[str, object]:
    """A change today: credits for the unused days, charges for the new plan and add-ons."""
    req = facts.request
    new_period, restart = _new_period(facts, policy, changes, addon_only)
    old = _span(policy, req.today, req.period, CYCLE_MONTHS[req.current.cycle])
    new = (
        old
        if new_period == req.period
        else (_span(policy, req.today, new_period, CYCLE_MONTHS[req.target.cycle]))
    )
    lines = Lines(facts.currency, policy.rounding)
    credits = _Credits(facts)
    if not addon_only:
        _plan_lines(facts, policy, lines, credits, (old, new, restart), "cycle" in changes)
    _addon_lines(facts, lines, credits, (old, new, restart))

    subtotal = lines.rounded
    tax = _tax_line(facts, policy, lines)
    total = _total(facts.tax, subtotal, tax)
    balance = req.credit_balance
    applied = min(balance, total) if total > 0 else _ZERO
    due = total - applied if total > applied else _ZERO
    negative = -total if total < 0 else _ZERO
    to_balance = negative if policy.negative_total == "balance" else _ZERO
    left_over = balance - applied + to_balance
    nxt = _next_invoice(facts, policy, new_period.end, _target_items(facts, None), left_over)
    fmt = facts.currency.format
    totals: dict[str, object] = {
        "subtotal": fmt(subtotal),
        "tax": fmt(tax),
        "balance_applied": fmt(applied),
        "due_today": fmt(due),
        "credit_to_balance": fmt(to_balance),
        "forfeited": fmt(negative - to_balance),
    }
    return _response(facts, kind, changes, req.today, lines, new_period.end, nxt, totals)
