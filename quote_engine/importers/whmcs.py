"""WHMCS: a ``GetProducts`` API response (JSON).

Each product with ``paytype: recurring`` becomes a plan (id: its ``slug``, else ``pid-<pid>``),
its product group (``gid``) the plan's family: a move between groups goes through support. The
six cycles map one to one; ``-1.00`` means the cycle is not offered. Setup fees, one-time and
free products are reported.

Configurable options become add-ons (``option-<id>``) only where choosing one is adding a
recurring extra, read from the option's ``type`` (WHMCS's ``optiontype``):

- 3, yes/no: its one option is the add-on, named after the option group;
- 1, dropdown and 2, radio: the customer must pick exactly one choice, so the group becomes an
  add-on only when exactly one choice has a price and every other is free (picking the priced one
  adds it); a group with two or more priced choices, or with no free one, is reported;
- 4, quantity: the price is per unit times a quantity the customer types, which an add-on cannot
  say, so it is reported, as are one-time options and unknown types.

WHMCS names may read ``internal|shown``: the part after the bar is what customers see.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._common import Draft, add_price, currency_code, decimal_price, read_json, slug

CYCLES = ("monthly", "quarterly", "semiannually", "annually", "biennially", "triennially")
#: Each cycle's setup fee: msetupfee, qsetupfee, ssetupfee, asetupfee, bsetupfee, tsetupfee.
_SETUP = {cycle: f"{cycle[0]}setupfee" for cycle in CYCLES}


def _list(value: object, key: str) -> list[object]:
    # WHMCS wraps lists: {"product": [...]}; an empty one may be "" or [].
    if isinstance(value, Mapping):
        inner = value.get(key, [])
        return list(inner) if isinstance(inner, list) else [inner]
    return list(value) if isinstance(value, list) else []


def _prices(draft: Draft, item: dict[str, Any], pricing: object, what: str) -> None:
    if not isinstance(pricing, Mapping):
        return
    for code_text, row in pricing.items():
        code = currency_code(code_text)
        if code is None:
            draft.skip(f"{what}: currency {code_text!r} (not ISO 4217)")
            continue
        if not isinstance(row, Mapping):
            continue
        for cycle in CYCLES:
            value = row.get(cycle)
            if value is None or str(value).strip() in ("-1", "-1.00"):
                continue
            price = decimal_price(value, code)
            if price is None:
                draft.skip(f"{what}: {code} {cycle} price {value!r} (not a price in {code})")
                continue
            setup = row.get(_SETUP[cycle])
            if setup is not None and str(setup).strip() not in ("-1", "-1.00"):
                fee = decimal_price(setup, code)
                if fee is not None and Decimal(fee) > 0:
                    draft.skip(f"{what}: {code} {cycle} setup fee {fee}")
            add_price(draft, item, code, cycle, price, what)


def shown_name(value: object) -> str:
    """The customer-facing part of a WHMCS option name.

    >>> shown_name("ssd|SSD storage"), shown_name(" Daily backups "), shown_name(None)
    ('SSD storage', 'Daily backups', '')
    """
    return ("" if value is None else str(value)).split("|")[-1].strip()


def _priced(pricing: object) -> bool:
    """Whether any cycle of any currency costs more than nothing."""
    if not isinstance(pricing, Mapping):
        return False
    for row in pricing.values():
        if isinstance(row, Mapping):
            for cycle in CYCLES:
                try:
                    if Decimal(str(row.get(cycle, "0")).strip()) > 0:
                        return True
                except ArithmeticError:
                    return True  # let _prices report what cannot be read
    return False


def _options(draft: Draft, config: Mapping[str, Any]) -> None:
    """Add the add-on one configurable option group stands for, or report why it is none."""
    group = shown_name(config.get("name"))
    kind = str(config.get("type", "")).strip()
    options = [o for o in _list(config.get("options"), "option") if isinstance(o, Mapping)]
    gwhat = f"configurable option {group!r} (id {config.get('id')})"
    if kind == "4":
        draft.skip(f"{gwhat}: a quantity option (per-unit price x typed quantity)")
        return
    if kind == "3":
        chosen = options[:1]
    elif kind in ("1", "2"):
        chosen = [o for o in options if _priced(o.get("pricing"))]
        if len(chosen) > 1:
            draft.skip(f"{gwhat}: a choose-one option with {len(chosen)} priced choices")
            return
        if chosen and len(chosen) == len(options):
            draft.skip(f"{gwhat}: a choose-one option with no free choice (always charged)")
            return
    else:
        draft.skip(f"{gwhat}: option type {config.get('type')!r}")
        return
    for option in chosen:
        if "id" not in option:
            continue
        label = group if kind == "3" else f"{group}: {shown_name(option.get('name'))}"
        owhat = f"configurable option {label!r} (id {option['id']})"
        if option.get("recurring") in (0, "0", False):
            draft.skip(f"{owhat}: one-time option")
            continue
        addon_id = f"option-{slug(str(option['id']))}"
        if addon_id in draft.addons:
            continue
        addon: dict[str, Any] = {"name": {"en": label.strip(": ") or addon_id}}
        _prices(draft, addon, option.get("pricing"), owhat)
        if addon.get("prices"):
            draft.addons[addon_id] = addon


def import_whmcs(path: str, draft: Draft) -> str:
    """Fill ``draft`` from a GetProducts response; returns the preset."""
    data = read_json(path)
    if not isinstance(data, Mapping) or "products" not in data:
        raise draft.fail("not a WHMCS GetProducts response (no 'products')")
    if data.get("result") not in (None, "success"):
        raise draft.fail(f"the response says result {data.get('result')!r}, not 'success'")
    products = _list(data["products"], "product")
    for index, product in enumerate(products):
        if not isinstance(product, Mapping) or "pid" not in product:
            raise draft.fail(f"products.product[{index}] is not a product (no 'pid')")
        name = str(product.get("name") or f"pid {product['pid']}").strip()
        what = f"product {name!r} (pid {product['pid']})"
        paytype = product.get("paytype", "recurring")
        if paytype != "recurring":
            draft.skip(f"{what}: paytype {paytype} is not a plan")
            continue
        plan_id = slug(str(product.get("slug") or "")) or f"pid-{slug(str(product['pid']))}"
        plan: dict[str, Any] = {
            "name": {"en": name},
            "group": f"group-{slug(str(product.get('gid', '0')))}",
        }
        _prices(draft, plan, product.get("pricing"), what)
        if not plan.get("prices"):
            draft.skip(f"{what}: no recurring price")
            continue
        draft.plans[plan_id] = plan
        for config in _list(product.get("configoptions"), "configoption"):
            if isinstance(config, Mapping):
                _options(draft, config)
    if not draft.plans:
        raise draft.fail("no recurring product with a price to import")
    return "whmcs"
