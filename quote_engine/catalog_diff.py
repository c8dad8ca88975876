"""What changed between two catalogs, per product, plan (or add-on), currency and cycle.

>>> old = {"products": {"p": {"plans": {"a": {"tier": 1, "prices": {"USD": {"monthly": "5.00"}}}}}}}
>>> new = {"products": {"p": {"plans": {"a": {"tier": 1, "prices": {"USD": {"monthly": "6.00"}}}}}}}
>>> diff_catalogs(validate_catalog(old, "old"), validate_catalog(new, "new"))
['p: plan a: USD monthly: 5.00 -> 6.00']
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .catalog import Addon, Catalog, Plan, Product, validate_catalog

__all__ = ["diff_catalogs", "validate_catalog"]


def _prices(where: str, old: Mapping[str, Mapping[str, Decimal]],
            new: Mapping[str, Mapping[str, Decimal]]) -> list[str]:  # fmt: skip
    lines = []
    for code in sorted(set(old) | set(new)):
        before, after = old.get(code, {}), new.get(code, {})
        for cycle in sorted(set(before) | set(after)):
            a, b = before.get(cycle), after.get(cycle)
            if a is None or b is None or a != b or str(a) != str(b):
                left = "-" if a is None else str(a)
                right = "-" if b is None else str(b)
                if left != right:
                    lines.append(f"{where}: {code} {cycle}: {left} -> {right}")
    return lines


def _item(where: str, old: Plan | Addon, new: Plan | Addon) -> list[str]:
    lines = _prices(where, old.prices, new.prices)
    if dict(old.names) != dict(new.names):
        lines.append(f"{where}: names {dict(old.names)} -> {dict(new.names)}")
    if isinstance(old, Plan) and isinstance(new, Plan):
        if (old.group, old.tier) != (new.group, new.tier):
            lines.append(f"{where}: group/tier {old.group}/{old.tier} -> {new.group}/{new.tier}")
        if old.policy != new.policy:
            lines.append(f"{where}: policy changed")
    if isinstance(old, Addon) and isinstance(new, Addon) and old.proration != new.proration:
        lines.append(f"{where}: proration {old.proration} -> {new.proration}")
    return lines


def _product(pid: str, old: Product, new: Product) -> list[str]:
    lines = []
    if old.policy != new.policy:
        lines.append(f"{pid}: policy changed")
    if old.quantity != new.quantity:
        lines.append(f"{pid}: quantity {old.quantity} -> {new.quantity}")
    if dict(old.names) != dict(new.names):
        lines.append(f"{pid}: names {dict(old.names)} -> {dict(new.names)}")
    for kind, a, b in (("plan", old.plans, new.plans), ("add-on", old.addons, new.addons)):
        for item_id in sorted(set(a) | set(b)):
            where = f"{pid}: {kind} {item_id}"
            if item_id not in b:
                lines.append(f"{where}: removed")
            elif item_id not in a:
                lines.append(f"{where}: added")
                lines.extend(_prices(where, {}, b[item_id].prices))
            else:
                lines.extend(_item(where, a[item_id], b[item_id]))
    return lines


def diff_catalogs(old: Catalog, new: Catalog) -> list[str]:
    """One line per difference; empty when the catalogs quote the same."""
    lines = []
    for pid in sorted(set(old.products) | set(new.products)):
        if pid not in new.products:
            lines.append(f"{pid}: product removed")
        elif pid not in old.products:
            lines.append(f"{pid}: product added")
            for plan_id, plan in sorted(new.products[pid].plans.items()):
                lines.extend(_prices(f"{pid}: plan {plan_id}", {}, plan.prices))
        else:
            lines.extend(_product(pid, old.products[pid], new.products[pid]))
    for region in sorted(set(old.taxes) | set(new.taxes)):
        if old.taxes.get(region) != new.taxes.get(region):
            lines.append(f"taxes: {region} changed")
    if dict(old.minor_units) != dict(new.minor_units):
        lines.append(f"currencies: {dict(old.minor_units)} -> {dict(new.minor_units)}")
    return lines
