"""Catalogs from billing systems: WHMCS, Kill Bill, Stripe and Lago exports.

:func:`import_catalog` reads one export into catalog data for one product (validated with
``validate_catalog``); what the catalog cannot express is listed in ``skipped``, one line each,
never guessed. :func:`merge_catalog` puts that product into an existing catalog, keeping what
the billing system does not hold (names in other languages, units, policy knobs, taxes).
Standard library only; never shipped to the browser.

>>> sorted(SYSTEMS)
['killbill', 'lago', 'stripe', 'whmcs']
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..catalog import validate_catalog
from ..errors import QuoteError
from ._common import Draft, ImportFailure, assign_tiers
from .killbill import import_killbill
from .lago import import_lago
from .stripe import import_stripe
from .whmcs import import_whmcs

__all__ = ["SYSTEMS", "ImportFailure", "Imported", "import_catalog", "merge_catalog"]

#: System name -> reader; the name is also the preset set on the product.
SYSTEMS: Mapping[str, Callable[[str, Draft], str]] = {
    "whmcs": import_whmcs,
    "killbill": import_killbill,
    "stripe": import_stripe,
    "lago": import_lago,
}


@dataclass(frozen=True, slots=True)
class Imported:
    """An import: the catalog data and one line per item skipped or reported."""

    catalog: dict[str, Any]
    skipped: tuple[str, ...]


def import_catalog(system: str, path: str, product_id: str) -> Imported:
    """Read ``path``, an export of ``system``, into a one-product catalog.

    Raises:
        ImportFailure: the file cannot be read or is not the expected shape.
    """
    if system not in SYSTEMS:
        raise ImportFailure(f"unknown system {system!r}; use one of {', '.join(SYSTEMS)}")
    draft = Draft(path)
    preset = SYSTEMS[system](path, draft)
    assign_tiers(draft.plans)
    product: dict[str, Any] = {
        "name": {"en": product_id},
        "policy": {"preset": preset, **draft.policy},
        "plans": draft.plans,
    }
    if draft.addons:
        product["addons"] = draft.addons
    data: dict[str, Any] = {"version": 1, "products": {product_id: product}}
    _check(data, path)
    return Imported(data, tuple(draft.skipped))


def _check(data: dict[str, Any], source: str) -> None:
    try:
        validate_catalog(data, source)
    except QuoteError as error:
        raise ImportFailure(f"the imported catalog is invalid: {error.message}") from None


def _names(old: object, new: Mapping[str, str]) -> dict[str, str]:
    kept = dict(old) if isinstance(old, Mapping) else {}
    kept.update(new)  # the billing system's name is the English name
    return kept


def merge_catalog(
    existing: Mapping[str, Any], imported: Imported, product_id: str, source: str
) -> Imported:
    """Put the imported product into ``existing``.

    Prices, plans and cycles come from the import; the product's names, quantity, policy knobs
    (the preset is the import's), plan names in other languages and plan policies, add-on
    prorations, taxes, currencies and other products are kept. Plans and add-ons that
    disappeared are reported.
    """
    out = copy.deepcopy(dict(existing))
    new = copy.deepcopy(imported.catalog["products"][product_id])
    old = out.get("products", {}).get(product_id)
    notes = list(imported.skipped)
    if isinstance(old, Mapping):
        if "name" in old:
            new["name"] = old["name"]
        if "quantity" in old:
            new["quantity"] = old["quantity"]
        old_policy = old.get("policy")
        if isinstance(old_policy, Mapping):
            new["policy"] = {**old_policy, **new["policy"]}
        for kind, keep in (("plans", ("policy",)), ("addons", ("proration",))):
            old_items = old.get(kind) or {}
            new_items = new.get(kind) or {}
            for item_id, item in new_items.items():
                before = old_items.get(item_id)
                if not isinstance(before, Mapping):
                    continue
                item["name"] = _names(before.get("name"), item["name"])
                for key in keep:
                    if key in before:
                        item[key] = before[key]
            what = "plan" if kind == "plans" else "add-on"
            for item_id in old_items:
                if item_id not in new_items:
                    notes.append(
                        f"{source}: {what} {product_id}.{item_id} is no longer in the billing"
                        " system; removed"
                    )
    out.setdefault("version", 1)
    out.setdefault("products", {})[product_id] = new
    _check(out, source)
    return Imported(out, tuple(notes))
