"""The computation: what a change of plan, cycle, quantity or add-ons costs today and next time.

:func:`compute_quote` takes a parsed :class:`Request` and a validated catalog and returns the
response as plain data, or raises :class:`~quote_engine.errors.QuoteError`. The JSON boundary
(parsing, catalog selection, canonical output) is ``api.py``.

Formulas
========

Notation: ``P`` the price per unit for a cycle, ``q`` the quantity, ``[start, end)`` the period
being prorated, ``left = end - today`` and ``total`` its length under ``day_basis``
(``periods.days_left`` / ``periods.days_total``), ``f = left / total`` capped to ``[0, 1]`` and
rounded half-up to ``factor_precision`` decimals when that knob is set. Every line is computed at
full precision and rounded once to the currency's minor units (``money.Currency.round``).

- Same-cycle change, ``charge: prorated`` (WHMCS "Upgrades and Downgrades": credit the unused
  days of the old product, charge the new one for the days to the next due date,
  https://docs.whmcs.com/Automated_Upgrades_and_Downgrades; Stripe prorations,
  https://docs.stripe.com/billing/subscriptions/prorations; Kill Bill's ``InvoiceDateUtils``)::

      credit_unused = -min(paid_share * f, amount_paid - credited)
      charge_new    = P_target * q_target * f                    period unchanged

  Stripe's own example: 10.00 -> 20.00 half-way gives -5.00 and +10.00, 5.00 due.
- ``charge: full`` (Ultimate Multisite 2, ``Cart::calculate_prorate_credits``: credit
  ``days_unused * amount / days_in_cycle`` with 30.4375-day months, capped at the amount, and the
  new plan in full)::

      credit_unused = -min(paid_share * f, amount_paid - credited)
      charge_new    = P_target * q_target                         period = [today, today + cycle)

- ``charge: difference`` (the "pay only the difference" hosts of the Spanish seed)::

      charge_difference = P_target * q_target - P_current * q_current    no credit line

- A change of cycle follows ``cycle_change`` whatever ``charge`` says. ``align``: the new period
  is ``[anchor + k*n, anchor + (k+1)*n)`` containing today and ``charge_new = P * q * f`` over it;
  ``reset`` (Stripe's billing-interval change resets the billing cycle anchor): the new period
  starts today and ``charge_new = P * q``. The old period is credited as above.
- Add-ons (``proration: daily``): ``charge_addon = P_addon * f_new`` to the plan's period end
  after the change, ``credit_addon = -paid_share * f``; ``proration: none`` charges the full
  price and credits nothing.
- Tax (``rate > 0`` only): ``rounded_subtotal``: ``tax = round(subtotal * rate)``;
  ``unrounded`` (Lago taxes the exact amount): ``tax = round(exact_sum * (1 + rate)) -
  subtotal``; inclusive tax: ``round(total * rate / (1 + rate))``, informational.
- Totals: ``total = subtotal + tax`` (``subtotal`` alone for inclusive tax);
  ``balance_applied = min(credit_balance, total)`` when ``total > 0``;
  ``due_today = max(0, total - balance_applied)``; a negative total becomes
  ``credit_to_balance`` (``negative_total: balance``) or ``forfeited``.
- Classification: ``tier`` compares tier, then quantity, then cycle length; ``yearly_value``
  compares ``P * q * 12 / months`` and calls a strictly lower value a downgrade (Lago: "an
  upgrade occurs when the subscription fee of the new plan, calculated on a daily basis,
  equals or exceeds the subscription fee of the previous plan",
  https://getlago.com/docs/guide/subscriptions/upgrades-downgrades).

Readings of the contract (summarised for callers in REFERENCE.md)
==============================================================

Where the contract leaves room, these are the readings taken (each as a billing engineer would
expect, each tested in ``tests/engine``):

1. ``amount_paid`` covers the plan and the current add-ons. When only part of it is credited
   (the plan while add-ons are kept, or one removed add-on), each item's share of
   ``amount_paid`` is its share of the list price (``amount_paid * item_list / list_total``), so
   a discount is spread evenly; with the default ``amount_paid`` each share is its list price.
2. The cap ``amount_paid - credited`` applies to all credit lines of a quote together
   (``credit_unused`` first, then ``credit_addon`` in add-on id order), after rounding; a capped
   line carries ``"capped": true``.
3. The day factor is capped at 1 (``average`` basis in a 31-day month would otherwise credit
   more than was paid) and is 0 for a period of no length (possible only under ``30/360``, from
   the 30th to the 31st).
4. ``days`` and ``days_total`` appear exactly on prorated lines. A line charged in full (``full``,
   ``reset``, ``proration: none``, a restarted add-on) has neither; its amount is the full price.
5. ``charge: difference`` gives no credit line whatever ``credit`` says; ``credit: none`` removes
   ``credit_unused`` only: add-on credits follow each add-on's own ``proration``.
6. Kept add-ons are credited and charged again whenever the plan's period changes: ``full``,
   ``reset`` and also a cycle change under ``align`` (their cycle changes with the plan's).
7. Add-on prices are per subscription and per cycle; quantity multiplies the plan price only.
8. ``one_change_at_a_time`` counts plan, quantity and add-ons, and a cycle change only when the
   plan stays the same ("a cycle may change with the plan").
9. A plan's own ``policy:`` is laid over its product's resolved policy; a ``preset`` there
   replaces the product's row, knobs beside it win. The target plan's policy prices the change.
10. ``at_renewal`` / ``on_request`` defer the whole change, add-ons included, to ``period_end``.
11. ``downgrade_outside_window`` once the window has closed uses the following due date: the next
    boundary counted from the anchor when ``period_end`` is one, else ``period_end`` plus one
    current cycle. Its params: ``product``, ``window_opens``, ``window_closes``, ``due_date``,
    ``days_min``, ``days_max``.
12. ``next_invoice`` of ``no_change`` is one full current cycle from ``period_end``.
13. ``unknown_cycle`` is a cycle name the contract does not know or one the plan (or add-on) has
    no price for in any currency; a cycle priced only in other currencies is
    ``currency_not_offered``.
14. Request checks that need the catalog are still ``invalid_request`` and run once the facts
    they need are known: decimals beyond the currency's minor units (right after the catalog is
    validated), an unknown ``tax_region`` (then), and ``credited`` above the default
    ``amount_paid`` (after the quantities, which that default needs). ``tax`` and
    ``tax_region`` together are refused as ambiguous; unknown request fields are refused (as
    Stripe refuses unknown parameters) so that a misspelt optional field cannot silently change
    a price.
15. Dates must lie between 1900-01-01 and 9899-12-31 and amounts have at most 18 digits
    before the point; values beyond are ``invalid_request`` (``problem: "range"``). A quantity
    is any JSON integer: outside the product's range, however large, it is
    ``quantity_out_of_range`` (checked before any arithmetic). A tax rate is any decimal string
    in [0, 1) with at most 18 decimals.
16. ``credited`` above ``amount_paid`` is ``invalid_request`` (field ``current.credited``).
17. Refusals carry an ``alternative`` only where the contract names one: ``support_only``
    (``contact_support``), ``downgrade_not_allowed`` (``cancel_and_reorder``),
    ``downgrade_outside_window`` (``request_in_window``). Every refusal's ``params`` name the
    ids, fields, dates and limits involved (``product``, ``field``, ``plan`` ...), and
    ``invalid_request`` adds ``problem`` (``missing``, ``unknown_field``, ``type``, ``format``,
    ``range``, ``order``, ``duplicate``, ``conflict``, ``unknown``, ``malformed_json``).
18. An error code ``internal_error`` exists only so that ``quote()`` never raises even on a bug;
    the fuzz test asserts it never appears.
19. Canonical JSON is ``json.dumps(..., sort_keys=True, separators=(",", ":"),
    ensure_ascii=True)``: key order is irrelevant to JSON, sorting makes the bytes
    reproducible from ``quote()``'s dict, and ASCII output survives any terminal encoding.
    Request JSON follows ``json.loads`` (a repeated key: the last wins, as in
    ``quote(json.loads(text))``); catalog files refuse repeated keys.
20. Lines come in a fixed order: ``credit_unused``, ``charge_new`` or ``charge_difference``,
    ``credit_addon`` then ``charge_addon`` (each by add-on id), ``tax`` last. A line that
    rounds to zero is kept (a free plan's ``credit_unused`` of 0.00 still explains the quote).
    The tax line's ``rate`` is the shortest decimal (``"0.1"`` for ``"0.10"``); an inclusive
    tax line carries ``"inclusive": true``. ``days_total`` is the shortest decimal too.
21. ``effective`` of ``no_change`` is today. A change of add-ons alone keeps the plan's period
    under every ``charge``, so only its add-on lines appear.
22. Catalog details the contract leaves open: ``name`` is optional on products, plans and
    add-ons but, when given, has an English entry; a plan without ``group`` is in a group named
    after its product; an add-on without ``proration`` prorates ``daily``; ``quantity`` needs
    ``min`` and ``max`` (1 to 1,000,000,000) and takes ``unit`` as text or per language;
    ``taxes.<region>.example`` (a flag for the site) is accepted; any other unknown key is
    refused so that a misspelt ``policy`` cannot silently fall back to the defaults.

>>> from quote_engine.catalog import example_catalog_validated
>>> from quote_engine.periods import Period
>>> from datetime import date
>>> req = Request(product="dns", currency="USD", today=date(2026, 11, 15),
...     current=Selection("basic", "monthly", 1, ()),
...     period=Period(date(2026, 11, 1), date(2026, 12, 1)), anchor=date(2026, 11, 1),
...     amount_paid=None, credited=Decimal(0), target=Selection("start", "monthly", 1, ()))
>>> out = compute_quote(req, example_catalog_validated())
>>> [(line["code"], line["amount"]) for line in out["lines"]], out["due_today"]
([('credit_unused', '-2.67'), ('charge_new', '5.33')], '2.66')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext

from .catalog import Addon, Catalog, Plan, TaxRule
from .errors import QuoteError, invalid_request
from .money import MONEY_CONTEXT, Currency, format_decimal, places_of
from .periods import (
    CYCLE_MONTHS,
    Period,
    add_months,
    day_factor,
    days_left,
    days_total,
    is_boundary,
    period_containing,
)
from .policy import Policy

#: ``account.status`` values; only ``active`` may change.
STATUSES = ("active", "pending", "suspended", "terminated", "cancelled", "fraud")

_ZERO = Decimal(0)
_ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Selection:
    """What a subscription is (``current``) or should become (``target``).

    Attributes:
        plan: Plan id.
        cycle: Cycle name (``monthly`` ...).
        quantity: Units of the plan.
        addons: Add-on ids, sorted, no duplicates.
    """

    plan: str
    cycle: str
    quantity: int
    addons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Request:
    """A parsed, well-formed request (``api.parse_request`` builds it); defaults filled in.

    ``amount_paid`` is ``None`` when the request leaves it to the catalog price. ``tax_rate`` is
    ``None`` when the request gives no ``tax`` (``tax_region`` may then name one). ``places`` is
    the most decimals any amount was written with, checked against the currency once known.
    """

    product: str
    currency: str
    today: date
    current: Selection
    period: Period
    anchor: date
    amount_paid: Decimal | None
    credited: Decimal
    target: Selection
    status: str = "active"
    credit_balance: Decimal = _ZERO
    pending_change: bool = False
    tax_rate: Decimal | None = None
    tax_inclusive: bool = False
    tax_region: str | None = None
    places: int = 0


class _Lines:
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


def _prorated(left: int, total: Decimal) -> dict[str, object]:
    return {"days": left, "days_total": format_decimal(total)}


def _tax_amount(
    currency: Currency, policy: Policy, tax: TaxRule, subtotal: Decimal, exact: Decimal
) -> Decimal:
    """Tax of an invoice, following the subtotal's sign (a credit carries its tax back)."""
    base = exact if policy.tax_on == "unrounded" else subtotal
    if tax.inclusive:
        return currency.round(base * tax.rate / (_ONE + tax.rate), rounding=policy.rounding)
    if policy.tax_on == "unrounded":
        total = currency.round(base * (_ONE + tax.rate), rounding=policy.rounding)
        return total - subtotal
    return currency.round(base * tax.rate, rounding=policy.rounding)


class _Quoter:
    """One quote: the request, its catalog facts, and the steps in the contract's order."""

    def __init__(self, request: Request, catalog: Catalog) -> None:
        self.req = request
        self.catalog = catalog

    # -- checks, in the contract's order -------------------------------------------------------

    def check(self) -> None:
        req = self.req
        currency = self.catalog.currency(req.currency)
        if currency is not None and req.places > currency.minor_units:
            self._check_places(currency)
        self.tax = self._tax()
        product = self.catalog.products.get(req.product)
        if product is None:
            raise QuoteError(
                "unknown_product",
                f"No product {req.product!r} in the catalog.",
                {"product": req.product},
            )
        self.product = product
        self.cur_plan = self._plan(req.current.plan, "current.plan")
        self.tgt_plan = self._plan(req.target.plan, "target.plan")
        self._check_cycle(
            self.cur_plan.cycles, req.current.cycle, "current.cycle", plan=self.cur_plan.id
        )
        self._check_cycle(
            self.tgt_plan.cycles, req.target.cycle, "target.cycle", plan=self.tgt_plan.id
        )
        self.cur_addons = self._addons(req.current.addons, "current.addons")
        self.tgt_addons = self._addons(req.target.addons, "target.addons")
        for addon in self.cur_addons.values():
            self._check_cycle(addon.cycles, req.current.cycle, "current.addons", addon=addon.id)
        for addon in self.tgt_addons.values():
            self._check_cycle(addon.cycles, req.target.cycle, "target.addons", addon=addon.id)
        if currency is None:
            raise self._not_offered(self.cur_plan.id, None, req.current.cycle)
        self.currency = currency
        self.cur_price = self._price(self.cur_plan.prices, req.current.cycle, plan=self.cur_plan.id)
        self.tgt_price = self._price(self.tgt_plan.prices, req.target.cycle, plan=self.tgt_plan.id)
        self.cur_addon_prices = {
            a.id: self._price(a.prices, req.current.cycle, addon=a.id)
            for a in self.cur_addons.values()
        }
        self.tgt_addon_prices = {
            a.id: self._price(a.prices, req.target.cycle, addon=a.id)
            for a in self.tgt_addons.values()
        }
        self.list_paid = self.cur_price * req.current.quantity + sum(
            self.cur_addon_prices.values(), _ZERO
        )
        self._check_quantity(req.current.quantity, "current.quantity")
        self._check_quantity(req.target.quantity, "target.quantity")
        # The default amount_paid needs a valid quantity, so this check waits for it.
        self.amount_paid = self.list_paid if req.amount_paid is None else req.amount_paid
        if req.credited > self.amount_paid:
            raise invalid_request(
                "current.credited",
                "range",
                f"credited {req.credited} is more than amount_paid {self.amount_paid}",
            )
        if not req.period.contains(req.today):
            raise QuoteError(
                "date_outside_period",
                f"today {req.today.isoformat()} is not inside the current period "
                f"[{req.period.start.isoformat()}, {req.period.end.isoformat()}).",
                {
                    "today": req.today.isoformat(),
                    "period_start": req.period.start.isoformat(),
                    "period_end": req.period.end.isoformat(),
                },
            )
        if req.status != "active":
            raise QuoteError(
                "service_not_active",
                f"The service is {req.status}; only an active service can change plan.",
                {"status": req.status},
            )
        if req.pending_change:
            raise QuoteError(
                "change_pending",
                "A change is already pending for this service; wait until it is completed.",
                {"product": req.product},
            )

    def _check_places(self, currency: Currency) -> None:
        req = self.req
        for field, value in (
            ("current.amount_paid", req.amount_paid),
            ("current.credited", req.credited),
            ("account.credit_balance", req.credit_balance),
        ):
            if value is not None and places_of(value) > currency.minor_units:
                raise invalid_request(
                    field,
                    "format",
                    f"{value} has more decimals than {currency.code} allows "
                    f"({currency.minor_units})",
                )

    def _tax(self) -> TaxRule | None:
        req = self.req
        if req.tax_rate is not None:
            if req.tax_rate <= 0:
                return None
            return TaxRule("request", req.tax_rate, req.tax_inclusive)
        if req.tax_region is None:
            return None
        rule = self.catalog.taxes.get(req.tax_region)
        if rule is None:
            known = ", ".join(sorted(self.catalog.taxes)) or "none"
            raise invalid_request(
                "tax_region",
                "unknown",
                f"no tax region {req.tax_region!r} in the catalog (known: {known})",
            )
        return rule if rule.rate > 0 else None

    def _plan(self, plan_id: str, field: str) -> Plan:
        plan = self.product.plans.get(plan_id)
        if plan is None:
            raise QuoteError(
                "unknown_plan",
                f"Product {self.product.id!r} has no plan {plan_id!r}.",
                {"product": self.product.id, "plan": plan_id, "field": field},
            )
        return plan

    def _addons(self, ids: Iterable[str], field: str) -> dict[str, Addon]:
        out: dict[str, Addon] = {}
        for addon_id in ids:
            addon = self.product.addons.get(addon_id)
            if addon is None:
                raise QuoteError(
                    "unknown_addon",
                    f"Product {self.product.id!r} has no add-on {addon_id!r}.",
                    {"product": self.product.id, "addon": addon_id, "field": field},
                )
            out[addon_id] = addon
        return out

    def _check_cycle(
        self,
        cycles: frozenset[str],
        cycle: str,
        field: str,
        plan: str | None = None,
        addon: str | None = None,
    ) -> None:
        if cycle in cycles:
            return  # catalog validation admits only the contract's cycle names
        params: dict[str, str | int | list[str]] = {
            "product": self.product.id,
            "cycle": cycle,
            "field": field,
        }
        what = f"plan {plan!r}" if addon is None else f"add-on {addon!r}"
        if addon is None:
            params["plan"] = str(plan)
        else:
            params["addon"] = addon
        if cycle not in CYCLE_MONTHS:
            message = f"Unknown billing cycle {cycle!r}; cycles are {', '.join(CYCLE_MONTHS)}."
        else:
            message = f"The {what} of product {self.product.id!r} is not offered {cycle}."
        raise QuoteError("unknown_cycle", message, params)

    def _not_offered(self, plan: str | None, addon: str | None, cycle: str) -> QuoteError:
        params: dict[str, str | int | list[str]] = {
            "product": self.product.id,
            "currency": self.req.currency,
            "cycle": cycle,
        }
        if addon is None:
            params["plan"] = str(plan)
            what = f"plan {plan!r}"
        else:
            params["addon"] = addon
            what = f"add-on {addon!r}"
        return QuoteError(
            "currency_not_offered",
            f"The {what} of product {self.product.id!r} is not offered in "
            f"{self.req.currency} ({cycle}).",
            params,
        )

    def _price(
        self,
        prices: Mapping[str, Mapping[str, Decimal]],
        cycle: str,
        plan: str | None = None,
        addon: str | None = None,
    ) -> Decimal:
        row = prices.get(self.req.currency)
        price = None if row is None else row.get(cycle)
        if price is None:
            raise self._not_offered(plan, addon, cycle)
        return price

    def _check_quantity(self, quantity: int, field: str) -> None:
        rule = self.product.quantity
        if not rule.min <= quantity <= rule.max:
            raise QuoteError(
                "quantity_out_of_range",
                f"{field} {quantity} is outside {rule.min}..{rule.max} for product "
                f"{self.product.id!r}.",
                {
                    "product": self.product.id,
                    "field": field,
                    "quantity": quantity,
                    "min": rule.min,
                    "max": rule.max,
                },
            )

    # -- the change -------------------------------------------------------------------------

    def changes(self) -> list[str]:
        cur, tgt = self.req.current, self.req.target
        out = []
        if cur.plan != tgt.plan:
            out.append("plan")
        if cur.cycle != tgt.cycle:
            out.append("cycle")
        if cur.quantity != tgt.quantity:
            out.append("quantity")
        if cur.addons != tgt.addons:
            out.append("addons")
        return out

    def run(self) -> dict[str, object]:
        self.check()
        req = self.req
        policy = self.tgt_plan.policy
        self.policy = policy
        changes = self.changes()
        if not changes:
            return self._no_change(changes)
        if policy.one_change_at_a_time:
            counted = [c for c in changes if c in ("plan", "quantity", "addons")]
            if "cycle" in changes and "plan" not in changes:
                counted.append("cycle")
            if len(counted) > 1:
                raise QuoteError(
                    "one_change_at_a_time",
                    f"Product {req.product!r} takes one change at a time; this request changes "
                    f"{' and '.join(counted)}.",
                    {"product": req.product, "changes": counted},
                )
        if self.cur_plan.group != self.tgt_plan.group:
            params: dict[str, str | int | list[str]] = {
                "product": req.product,
                "from_plan": self.cur_plan.id,
                "to_plan": self.tgt_plan.id,
                "from_group": self.cur_plan.group,
                "to_group": self.tgt_plan.group,
            }
            if policy.cross_group == "support":
                raise QuoteError(
                    "support_only",
                    f"Moving from {self.cur_plan.group!r} to {self.tgt_plan.group!r} plans is done "
                    "by support: contact support to make this change.",
                    params,
                    alternative="contact_support",
                )
            raise QuoteError(
                "path_not_allowed",
                f"Plan {self.cur_plan.id!r} cannot move to {self.tgt_plan.id!r}: they are in "
                f"different plan groups ({self.cur_plan.group!r}, {self.tgt_plan.group!r}).",
                params,
            )
        addon_only = all(c == "addons" for c in changes)
        if addon_only:
            kind = "upgrade" if set(req.target.addons) - set(req.current.addons) else "downgrade"
        else:
            kind = self._classify()
        if kind == "downgrade" and not addon_only:
            if policy.downgrade == "not_allowed":
                raise QuoteError(
                    "downgrade_not_allowed",
                    "Downgrades are not offered for this product: cancel and order the smaller "
                    "plan.",
                    {"product": req.product},
                    alternative="cancel_and_reorder",
                )
            if policy.downgrade == "on_request":
                self._check_window()
                return self._deferred(kind, changes, alternative="contact_support")
            if policy.downgrade == "at_renewal":
                return self._deferred(kind, changes)
        return self._immediate(kind, changes, addon_only)

    def _classify(self) -> str:
        cur, tgt = self.req.current, self.req.target
        cur_months, tgt_months = CYCLE_MONTHS[cur.cycle], CYCLE_MONTHS[tgt.cycle]
        if self.policy.classify == "yearly_value":
            # Compare P*q*12/months on both sides without dividing: cross-multiply the months.
            cur_value = self.cur_price * cur.quantity * tgt_months
            tgt_value = self.tgt_price * tgt.quantity * cur_months
            return "downgrade" if tgt_value < cur_value else "upgrade"
        for before, after in (
            (self.cur_plan.tier, self.tgt_plan.tier),
            (cur.quantity, tgt.quantity),
            (cur_months, tgt_months),
        ):
            if before != after:
                return "upgrade" if after > before else "downgrade"
        return "upgrade"

    def _check_window(self) -> None:
        req = self.req
        window = self.policy.downgrade_window_days
        assert window is not None  # catalog validation guarantees it for on_request
        low, high = window
        end = req.period.end
        left = (end - req.today).days
        if low <= left <= high:
            return
        due = end
        if left < low:
            months = CYCLE_MONTHS[req.current.cycle]
            if is_boundary(req.anchor, months, end):
                due = period_containing(req.anchor, months, end).end
            else:
                due = add_months(end, months)
        opens = due - timedelta(days=high)
        closes = due - timedelta(days=low)
        raise QuoteError(
            "downgrade_outside_window",
            f"Downgrades of {req.product!r} are taken {low} to {high} days before the due date: "
            f"request it between {opens.isoformat()} and {closes.isoformat()} "
            f"(due date {due.isoformat()}).",
            {
                "product": req.product,
                "window_opens": opens.isoformat(),
                "window_closes": closes.isoformat(),
                "due_date": due.isoformat(),
                "days_min": low,
                "days_max": high,
            },
            alternative="request_in_window",
        )

    # -- responses -----------------------------------------------------------------------------

    def _response(
        self,
        kind: str,
        changes: list[str],
        effective: date,
        lines: _Lines | None,
        period_end: date,
        next_invoice: dict[str, object],
        totals: dict[str, object],
    ) -> dict[str, object]:
        out: dict[str, object] = {
            "ok": True,
            "kind": kind,
            "changes": changes,
            "currency": self.currency.code,
            "effective": effective.isoformat(),
            "lines": [] if lines is None else lines.items,
        }
        out.update(totals)
        out["period_end"] = period_end.isoformat()
        out["next_invoice"] = next_invoice
        return out

    def _zero_totals(self) -> dict[str, object]:
        zero = self.currency.zero()
        return {
            "subtotal": zero,
            "tax": zero,
            "balance_applied": zero,
            "due_today": zero,
            "credit_to_balance": zero,
            "forfeited": zero,
        }

    def _no_change(self, changes: list[str]) -> dict[str, object]:
        req = self.req
        items: list[tuple[Decimal, Decimal | None]] = [
            (self.cur_price * req.current.quantity, None)
        ]
        items += [(p, None) for p in self.cur_addon_prices.values()]
        nxt = self._next_invoice(req.period.end, items, req.credit_balance)
        return self._response(
            "no_change", changes, req.today, None, req.period.end, nxt, self._zero_totals()
        )

    def _target_items(self, factor: Decimal | None) -> list[tuple[Decimal, Decimal | None]]:
        """Full-cycle prices of the target (plan then add-ons), each with its proration factor."""
        req = self.req
        items: list[tuple[Decimal, Decimal | None]] = [
            (self.tgt_price * req.target.quantity, factor)
        ]
        for addon_id, price in self.tgt_addon_prices.items():
            daily = self.tgt_addons[addon_id].proration == "daily"
            items.append((price, factor if daily else None))
        return items

    def _deferred(
        self, kind: str, changes: list[str], alternative: str | None = None
    ) -> dict[str, object]:
        """``at_renewal`` (and ``on_request`` inside its window): nothing today."""
        req = self.req
        end = req.period.end
        months = CYCLE_MONTHS[req.target.cycle]
        factor: Decimal | None = None
        if self.policy.cycle_change == "align":
            first = period_containing(req.anchor, months, end)
            if first.start != end:
                # The target cycle's next boundary is closer than a full cycle: the first
                # invoice covers [period_end, boundary), prorated by the same day rule.
                basis = self.policy.day_basis
                factor = day_factor(
                    days_left(basis, end, first.end),
                    days_total(basis, first, months),
                    self.policy.factor_precision,
                )
        nxt = self._next_invoice(end, self._target_items(factor), req.credit_balance)
        out = self._response(kind, changes, end, None, end, nxt, self._zero_totals())
        if alternative is not None:
            out["alternative"] = alternative
        return out

    def _next_invoice(
        self,
        when: date,
        items: list[tuple[Decimal, Decimal | None]],
        balance: Decimal,
    ) -> dict[str, object]:
        policy = self.policy
        currency = self.currency
        subtotal = _ZERO
        exact = _ZERO
        for price, factor in items:
            amount = price if factor is None else price * factor
            exact += amount
            subtotal += currency.round(amount, rounding=policy.rounding)
        tax = _ZERO
        if self.tax is not None:
            tax = _tax_amount(currency, policy, self.tax, subtotal, exact)
        total = subtotal if self.tax is None or self.tax.inclusive else subtotal + tax
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

    def _immediate(self, kind: str, changes: list[str], addon_only: bool) -> dict[str, object]:
        req = self.req
        policy = self.policy
        basis = policy.day_basis
        precision = policy.factor_precision
        cur, tgt = req.current, req.target
        today = req.today
        period = req.period
        tgt_months = CYCLE_MONTHS[tgt.cycle]
        lines = _Lines(self.currency, policy.rounding)

        cur_left = days_left(basis, today, period.end)
        cur_total = days_total(basis, period, CYCLE_MONTHS[cur.cycle])
        cur_factor = day_factor(cur_left, cur_total, precision)

        # Each item's share of what was paid (reading 1): its share of the list price.
        list_paid = self.list_paid
        paid = self.amount_paid
        plan_list = self.cur_price * cur.quantity

        def share(list_amount: Decimal, is_plan: bool) -> Decimal:
            if paid == list_paid:
                return list_amount  # the default amount_paid: every share is its list price
            if list_paid > 0:
                return paid * list_amount / list_paid
            return paid if is_plan else _ZERO

        cap = paid - req.credited

        # The plan's new period and how its charge is prorated.
        restart = False
        new_period = period
        if addon_only:
            pass
        elif "cycle" in changes:
            if policy.cycle_change == "align":
                new_period = period_containing(req.anchor, tgt_months, today)
            else:
                new_period = Period(today, add_months(today, tgt_months))
                restart = True
        elif policy.charge == "full":
            new_period = Period(today, add_months(today, tgt_months))
            restart = True
        period_changed = new_period != period
        if not period_changed:
            new_left, new_total, new_factor = cur_left, cur_total, cur_factor
        else:
            new_left = days_left(basis, today, new_period.end)
            new_total = days_total(basis, new_period, tgt_months)
            new_factor = day_factor(new_left, new_total, precision)

        if not addon_only:
            difference = policy.charge == "difference" and "cycle" not in changes
            if not difference and policy.credit == "prorated":
                fields = _prorated(cur_left, cur_total)
                fields["plan"] = cur.plan
                cap -= lines.add_credit(
                    "credit_unused", share(plan_list, True) * cur_factor, cap, fields
                )
            tgt_amount = self.tgt_price * tgt.quantity
            if difference:
                lines.add("charge_difference", tgt_amount - plan_list, {"plan": tgt.plan})
            elif restart:
                lines.add("charge_new", tgt_amount, {"plan": tgt.plan})
            else:
                fields = _prorated(new_left, new_total)
                fields["plan"] = tgt.plan
                lines.add("charge_new", tgt_amount * new_factor, fields)

        cur_ids, tgt_ids = set(cur.addons), set(tgt.addons)
        kept = cur_ids & tgt_ids if period_changed else set()
        for addon_id in sorted((cur_ids - tgt_ids) | kept):
            if self.cur_addons[addon_id].proration != "daily":
                continue  # proration: none runs to the period's end without credit
            fields = _prorated(cur_left, cur_total)
            fields["addon"] = addon_id
            exact = share(self.cur_addon_prices[addon_id], False) * cur_factor
            cap -= lines.add_credit("credit_addon", exact, cap, fields)
        for addon_id in sorted((tgt_ids - cur_ids) | kept):
            price = self.tgt_addon_prices[addon_id]
            if self.tgt_addons[addon_id].proration != "daily" or restart:
                lines.add("charge_addon", price, {"addon": addon_id})
            else:
                fields = _prorated(new_left, new_total)
                fields["addon"] = addon_id
                lines.add("charge_addon", price * new_factor, fields)

        currency = self.currency
        subtotal = lines.rounded
        tax = _ZERO
        if self.tax is not None:
            tax = _tax_amount(currency, policy, self.tax, subtotal, lines.exact)
            tax_line: dict[str, object] = {
                "code": "tax",
                "amount": currency.format(tax),
                "rate": format_decimal(self.tax.rate),
            }
            if self.tax.inclusive:
                tax_line["inclusive"] = True
            lines.items.append(tax_line)
        total = subtotal if self.tax is None or self.tax.inclusive else subtotal + tax
        balance = req.credit_balance
        applied = min(balance, total) if total > 0 else _ZERO
        due = total - applied if total > applied else _ZERO
        negative = -total if total < 0 else _ZERO
        to_balance = negative if policy.negative_total == "balance" else _ZERO
        forfeited = negative - to_balance
        left_over = balance - applied + to_balance
        nxt = self._next_invoice(new_period.end, self._target_items(None), left_over)
        fmt = currency.format
        totals: dict[str, object] = {
            "subtotal": fmt(subtotal),
            "tax": fmt(tax),
            "balance_applied": fmt(applied),
            "due_today": fmt(due),
            "credit_to_balance": fmt(to_balance),
            "forfeited": fmt(forfeited),
        }
        return self._response(kind, changes, today, lines, new_period.end, nxt, totals)


def compute_quote(request: Request, catalog: Catalog) -> dict[str, object]:
    """Quote a change: every check in the contract's order, then the lines and totals.

    Args:
        request: The parsed request.
        catalog: The validated catalog to price it with.

    Returns:
        The response object (``"ok": true``) as plain data, amounts as decimal strings.

    Raises:
        QuoteError: for every refusal after the request's shape (``invalid_request`` for
            facts that need the catalog, ``unknown_product`` ... ``downgrade_outside_window``).
    """
    with localcontext(MONEY_CONTEXT):
        return _Quoter(request, catalog).run()
