"""Stripe: a ``GET /v1/prices`` list with ``expand[]=data.product``.

Each product becomes a plan (id: the product's id), its prices the recurring, licensed,
per-unit prices: ``unit_amount`` in the currency's minor units (zero-decimal currencies such as
JPY included), ``month`` x 1, 3, 6, 12, 24, 36 and ``year`` x 1, 2, 3 mapped to our cycles.
Tiers, metered prices, one-time prices, other intervals and inactive prices are reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._common import Draft, add_price, currency_code, minor_price, read_json, slug

_MONTHS = {1: "monthly", 3: "quarterly", 6: "semiannually", 12: "annually", 24: "biennially",
           36: "triennially"}  # fmt: skip


def cycle_of(interval: object, count: object) -> str | None:
    """``("year", 2)`` -> ``biennially``; ``None`` for what has no cycle here.

    >>> cycle_of("year", 2), cycle_of("month", 6), cycle_of("week", 1), cycle_of("month", 2)
    ('biennially', 'semiannually', None, None)
    """
    if isinstance(count, bool) or not isinstance(count, int):
        return None
    months = {"month": 1, "year": 12}.get(str(interval))
    return None if months is None else _MONTHS.get(months * count)


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
        amount = minor_price(price.get("unit_amount"), code)
        if amount is None:
            draft.skip(f"{what}: unit_amount {price.get('unit_amount')!r}")
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
