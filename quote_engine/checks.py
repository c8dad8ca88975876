"""The checks that need the catalog, in the contract's order, and the facts they establish.

:func:`check` runs every check a request passes before it can be priced (a currency's minor
units, the tax, the product, plans, cycles, add-ons, prices, quantities, ``credited``, the date,
the account) and returns what they found as one frozen :class:`Checked`: the pricing reads
those facts and never looks anything up again. Each refusal is a
:class:`~quote_engine.errors.QuoteError` whose ``params`` name what is wrong.

>>> from datetime import date
>>> from quote_engine.catalog import example_catalog_validated
>>> from quote_engine.periods import Period
>>> from quote_engine.request import Request, Selection
>>> req = Request(product="dns", currency="USD", today=date(2026, 11, 15),
...     current=Selection("basic", "monthly", 1, ()),
...     period=Period(date(2026, 11, 1), date(2026, 12, 1)), anchor=date(2026, 11, 1),
...     amount_paid=None, credited=Decimal(0), target=Selection("start", "monthly", 1, ()))
>>> facts = check(req, example_catalog_validated())
>>> facts.current.price, facts.target.price, facts.amount_paid
(Decimal('5.00'), Decimal('10.00'), Decimal('5.00'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

from .catalog import Addon, Catalog, Plan, Prices, Product, TaxRule
from .errors import QuoteError, invalid_request
from .money import Currency, places_of
from .periods import CYCLE_MONTHS
from .request import Request, Selection

_ZERO = Decimal(0)


class Side(NamedTuple):
    """One side of the change (``current`` or ``target``) as the catalog prices it.

    A named tuple rather than a frozen dataclass: as immutable, and built twice per quote in a
    fifth of the time (``make bench``).

    Attributes:
        selection: What the request says.
        plan: The catalog's plan.
        price: The plan's price per unit for the selection's cycle and the request's currency.
        plan_amount: ``price`` times the selection's quantity: the plan's list price.
        addons: The selection's add-ons, by id, in the selection's order.
        addon_prices: Each add-on's price for that cycle and currency, by id.
    """

    selection: Selection
    plan: Plan
    price: Decimal
    plan_amount: Decimal
    addons: Mapping[str, Addon]
    addon_prices: Mapping[str, Decimal]


class Checked(NamedTuple):
    """A request that passed every check, with the catalog facts it is priced with.

    Frozen: a named tuple, as immutable as a frozen dataclass and built in a third of the time
    (one per quote; ``make bench`` measures the engine's throughput).

    Attributes:
        request: The request.
        product: Its product.
        currency: Its currency, with the minor units the catalog gives it.
        tax: The tax to add (or that is included), or None when none applies.
        current: The subscription as it is.
        target: The subscription as it should become.
        list_paid: The current plan and add-ons at list price.
        amount_paid: What was paid for the current period (``list_paid`` unless the request
            says).
    """

    request: Request
    product: Product
    currency: Currency
    tax: TaxRule | None
    current: Side
    target: Side
    list_paid: Decimal
    amount_paid: Decimal


def check(request: Request, catalog: Catalog) -> Checked:
    """Every check that needs the catalog, in the contract's order.

    Raises:
        QuoteError: the first refusal, from ``invalid_request`` (decimals, tax region,
            ``credited``) and ``unknown_product`` to ``change_pending``.
    """
    currency = catalog.currency(request.currency)
    if currency is not None and request.places > currency.minor_units:
        _check_places(request, currency)
    tax = _tax(request, catalog)
    product = catalog.products.get(request.product)
    if product is None:
        raise QuoteError(
            "unknown_product",
            f"No product {request.product!r} in the catalog.",
            {"product": request.product},
        )
    cur_plan = _plan(product, request.current.plan, "current.plan")
    tgt_plan = _plan(product, request.target.plan, "target.plan")
    _check_cycle(product, cur_plan.cycles, request.current.cycle, "current.cycle", plan=cur_plan.id)
    _check_cycle(product, tgt_plan.cycles, request.target.cycle, "target.cycle", plan=tgt_plan.id)
    cur_addons = _addons(product, request.current.addons, "current.addons")
    tgt_addons = _addons(product, request.target.addons, "target.addons")
    for addon in cur_addons.values():
        _check_cycle(product, addon.cycles, request.current.cycle, "current.addons", addon=addon.id)
    for addon in tgt_addons.values():
        _check_cycle(product, addon.cycles, request.target.cycle, "target.addons", addon=addon.id)
    if currency is None:
        raise _not_offered(request, product, cur_plan.id, None, request.current.cycle)
    # Prices in the contract's order: both plans, then each side's add-ons.
    cur_price = _price(request, product, cur_plan.prices, request.current.cycle, plan=cur_plan.id)
    tgt_price = _price(request, product, tgt_plan.prices, request.target.cycle, plan=tgt_plan.id)
    current = _side(request, product, request.current, cur_plan, cur_price, cur_addons)
    target = _side(request, product, request.target, tgt_plan, tgt_price, tgt_addons)
    _check_quantity(product, request.current.quantity, "current.quantity")
    _check_quantity(product, request.target.quantity, "target.quantity")
    list_paid = current.plan_amount + sum(current.addon_prices.values(), _ZERO)
    # The default amount_paid needs a valid quantity, so this check waits for it.
    amount_paid = list_paid if request.amount_paid is None else request.amount_paid
    if request.credited > amount_paid:
        raise invalid_request(
            "current.credited",
            "range",
            f"credited {request.credited} is more than amount_paid {amount_paid}",
        )
    _check_date_and_account(request)
    return Checked(request, product, currency, tax, current, target, list_paid, amount_paid)


def _check_places(request: Request, currency: Currency) -> None:
    for field, value in (
        ("current.amount_paid", request.amount_paid),
        ("current.credited", request.credited),
        ("account.credit_balance", request.credit_balance),
    ):
        if value is not None and places_of(value) > currency.minor_units:
            raise invalid_request(
                field,
                "format",
                f"{value} has more decimals than {currency.code} allows ({currency.minor_units})",
            )


def _tax(request: Request, catalog: Catalog) -> TaxRule | None:
    """The request's own rate, else its region's; a rate of zero is no tax at all."""
    if request.tax_rate is not None:
        if request.tax_rate <= 0:
            return None
        return TaxRule("request", request.tax_rate, request.tax_inclusive)
    if request.tax_region is None:
        return None
    rule = catalog.taxes.get(request.tax_region)
    if rule is None:
        known = ", ".join(sorted(catalog.taxes)) or "none"
        raise invalid_request(
            "tax_region",
            "unknown",
            f"no tax region {request.tax_region!r} in the catalog (known: {known})",
        )
    return rule if rule.rate > 0 else None


def _plan(product: Product, plan_id: str, field: str) -> Plan:
    plan = product.plans.get(plan_id)
    if plan is None:
        raise QuoteError(
            "unknown_plan",
            f"Product {product.id!r} has no plan {plan_id!r}.",
            {"product": product.id, "plan": plan_id, "field": field},
        )
    return plan


def _addons(product: Product, ids: Iterable[str], field: str) -> dict[str, Addon]:
    out: dict[str, Addon] = {}
    for addon_id in ids:
        addon = product.addons.get(addon_id)
        if addon is None:
            raise QuoteError(
                "unknown_addon",
                f"Product {product.id!r} has no add-on {addon_id!r}.",
                {"product": product.id, "addon": addon_id, "field": field},
            )
        out[addon_id] = addon
    return out


def _check_cycle(
    product: Product,
    cycles: frozenset[str],
    cycle: str,
    field: str,
    plan: str | None = None,
    addon: str | None = None,
) -> None:
    if cycle in cycles:
        return  # catalog validation admits only the contract's cycle names
    params: dict[str, str | int | list[str]] = {
        "product": product.id,
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
        message = f"The {what} of product {product.id!r} is not offered {cycle}."
    raise QuoteError("unknown_cycle", message, params)


def _not_offered(
    request: Request, product: Product, plan: str | None, addon: str | None, cycle: str
) -> QuoteError:
    params: dict[str, str | int | list[str]] = {
        "product": product.id,
        "currency": request.currency,
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
        f"The {what} of product {product.id!r} is not offered in {request.currency} ({cycle}).",
        params,
    )


def _price(
    request: Request,
    product: Product,
    prices: Prices,
    cycle: str,
    plan: str | None = None,
    addon: str | None = None,
) -> Decimal:
    row = prices.get(request.currency)
    price = None if row is None else row.get(cycle)
    if price is None:
        raise _not_offered(request, product, plan, addon, cycle)
    return price


def _side(
    request: Request,
    product: Product,
    selection: Selection,
    plan: Plan,
    price: Decimal,
    addons: Mapping[str, Addon],
) -> Side:
    addon_prices = {
        a.id: _price(request, product, a.prices, selection.cycle, addon=a.id)
        for a in addons.values()
    }
    return Side(
        selection,
        plan,
        price,
        price * selection.quantity,
        addons,
        addon_prices,
    )


def _check_quantity(product: Product, quantity: int, field: str) -> None:
    rule = product.quantity
    if not rule.min <= quantity <= rule.max:
        raise QuoteError(
            "quantity_out_of_range",
            f"{field} {quantity} is outside {rule.min}..{rule.max} for product {product.id!r}.",
            {
                "product": product.id,
                "field": field,
                "quantity": quantity,
                "min": rule.min,
                "max": rule.max,
            },
        )


def _check_date_and_account(request: Request) -> None:
    period = request.period
    if not period.contains(request.today):
        raise QuoteError(
            "date_outside_period",
            f"today {request.today.isoformat()} is not inside the current period "
            f"[{period.start.isoformat()}, {period.end.isoformat()}).",
            {
                "today": request.today.isoformat(),
                "period_start": period.start.isoformat(),
                "period_end": period.end.isoformat(),
            },
        )
    if request.status != "active":
        raise QuoteError(
            "service_not_active",
            f"The service is {request.status}; only an active service can change plan.",
            {"status": request.status},
        )
    if request.pending_change:
        raise QuoteError(
            "change_pending",
            "A change is already pending for this service; wait until it is completed.",
            {"product": request.product},
        )
