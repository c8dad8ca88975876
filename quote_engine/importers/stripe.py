"""Stripe: a ``GET /v1/prices`` list with ``expand[]=data.product``.

Each product becomes a plan (id: the product's id), its prices the recurring, licensed,
per-unit prices, ``month`` x 1, 3, 6, 12, 24, 36 and ``year`` x 1, 2, 3 mapped to our cycles.
Tiers, metered prices, one-time prices, other intervals and inactive prices are reported.

Amounts: ``unit_amount`` (or, when it is null, the decimal string ``unit_amount_decimal``) counts
the smallest unit *Stripe* uses for the currency, which is not always ISO 4217's minor unit. Stripe
treats 16 currencies as zero-decimal (an amount of 500 JPY is 500 yen), five as three-decimal
(KWD 5000 is 5.000 dinars), and every other one as two-decimal, ISK included: Stripe's ISK 100
is one krona although ISO gives the krona no minor unit. The importer divides by Stripe's exponent
and then requires the amount to be exact in ISO's minor units, the engine's; an amount that is
not (ISK 150, a fractional ``unit_amount_decimal``) is reported, never rounded.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..money import minor_units_of
from ._common import Draft, add_price, currency_code, read_json, slug

_MONTHS = {1: "monthly", 3: "quarterly", 6: "semiannually", 12: "annually", 24: "biennially",
           36: "triennially"}  # fmt: skip


# https://docs.stripe.com/currencies#zero-decimal and #three-decimal
_ZERO_DECIMAL = frozenset(
    ["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA",
     "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"]
)  # fmt: skip
_THREE_DECIMAL = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])


def stripe_exponent(code: str) -> int:
    """How many decimals Stripe's amounts carry for ``code`` (ISO 4217, upper case).

    >>> [stripe_exponent(code) for code in ("JPY", "KWD", "ISK", "HUF", "USD")]
    [0, 3, 2, 2, 2]
    """
    return 0 if code in _ZERO_DECIMAL else 3 if code in _THREE_DECIMAL else 2


def major_amount(unit_amount: object, unit_amount_decimal: object, code: str) -> str | None:
    """A Stripe amount as our decimal price string, exact in ISO's minor units; ``None`` if not.

    >>> [major_amount(n, None, c) for n, c in ((1999, "USD"), (500, "JPY"), (5000, "KWD"))]
    ['19.99', '500', '5.000']
    >>> [major_amount(n, None, c) for n, c in ((150000, "ISK"), (150050, "ISK"), (-1, "USD"))]
    ['1500', None, None]
    >>> [major_amount(None, text, "USD") for text in ("1250", "1250.5", "x", "NaN")]
    ['12.50', None, None, None]
    """
    iso = minor_units_of(code)
    if iso is None:
        return None
    if unit_amount is None and isinstance(unit_amount_decimal, str):
        try:
            amount = Decimal(unit_amount_decimal)
        except InvalidOperation:
            return None
        if not amount.is_finite():
            return None
    elif isinstance(unit_amount, int) and not isinstance(unit_amount, bool):
        amount = Decimal(unit_amount)
    else:
        return None
    major = amount.scaleb(-stripe_exponent(code))
    exact = major.quantize(Decimal(1).scaleb(-iso))
    if amount < 0 or exact != major:
        return None
    return str(exact)


def cycle_of(interval: object, count: object) -> str | None:
    """``("year", 2)`` -> ``biennially``; ``None`` for what has no cycle here.

    >>> cycle_of("year", 2), cycle_of("month", 6), cycle_of("week", 1), cycle_of("month", 2)
    ('biennially', 'semiannually', None, None)
    """
    if isinstance(count, bool) or not isinstance(count, int):
        return None
    months = {"month": 1, "year": 12}.get(str(interval))
    return None if months is None else _MONTHS.get(months * count)


def _inexact(what: str, price: Mapping[str, Any], code: str) -> str:
    given = price.get("unit_amount")
    if given is None:
        given = price.get("unit_amount_decimal")
    return (
        f"{what}: amount {given!r} {code} is negative or not exact in {code}'s minor unit "
        f"(Stripe counts {stripe_exponent(code)} decimals, ISO 4217 {minor_units_of(code)})"
    )


def import_stripe(path: str, draft: Draft) -> str:
    """Fill ``draft`` from a prices list; returns the preset."""
    data = read_json(path)
    if (
        not isinstance(data, Mapping)
        or data.get("object") != "list"
        or not isinstance(data.get("data"), list)
    ):
        raise draft.fail('not a Stripe list (needs "object": "list" and "data": [...])')
    for index, price in enumerate(data["data"]):
        if not isinstance(price, Mapping) or price.get("object") != "price":
            raise draft.fail(f"data[{index}] is not a price object")
        what = f"price {price.get('id', index)!r}"
        product = price.get("product")
        if not isinstance(product, Mapping):
            raise draft.fail(
                f"data[{index}].product is not expanded; list with expand[]=data.product"
            )
        if not price.get("active", True) or not product.get("active", True):
            draft.skip(f"{what}: inactive")
            continue
        recurring = price.get("recurring")
        if price.get("type") != "recurring" or not isinstance(recurring, Mapping):
            draft.skip(f"{what}: one-time price")
            continue
        if recurring.get("usage_type", "licensed") != "licensed":
            draft.skip(f"{what}: metered usage price")
            continue
        if price.get("billing_scheme", "per_unit") != "per_unit":
            draft.skip(f"{what}: tiered price")
            continue
        if price.get("transform_quantity"):
            draft.skip(f"{what}: transform_quantity")
            continue
        cycle = cycle_of(recurring.get("interval"), recurring.get("interval_count", 1))
        if cycle is None:
            draft.skip(
                f"{what}: interval {recurring.get('interval')} x {recurring.get('interval_count')}"
            )
            continue
        code = currency_code(price.get("currency"))
        if code is None:
            draft.skip(f"{what}: currency {price.get('currency')!r} (not ISO 4217)")
            continue
        amount = major_amount(price.get("unit_amount"), price.get("unit_amount_decimal"), code)
        if amount is None:
            draft.skip(_inexact(what, price, code))
            continue
        plan_id = slug(str(product.get("id", "")))
        if not plan_id:
            raise draft.fail(f"data[{index}].product has no id")
        plan: dict[str, Any] = draft.plans.setdefault(
            plan_id, {"name": {"en": str(product.get("name") or plan_id)}, "group": "plans"}
        )
        add_price(draft, plan, code, cycle, amount, what)
    if not draft.plans:
        raise draft.fail("no recurring licensed per-unit price to import")
    return "stripe"
