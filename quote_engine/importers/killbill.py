"""Kill Bill: a catalog XML (version 2 schema), as the demo catalogs in Kill Bill's repository.

``BASE`` products become plans (id: the product's name as an id), ``ADD_ON`` products add-ons;
each Kill Bill plan of the default price list gives its product the evergreen recurring price
per billing period and currency. ``changePolicy`` decides whether a downgrade is immediate or at
renewal. Trial and discount phases, fixed prices, usages, other price lists and billing periods
without a cycle here are reported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from ._common import Draft, add_price, currency_code, decimal_price, read_text, slug

#: Kill Bill billing periods -> our cycles.
PERIODS = {"MONTHLY": "monthly", "QUARTERLY": "quarterly", "BIANNUAL": "semiannually",
           "ANNUAL": "annually", "BIENNIAL": "biennially", "TRIENNIAL": "triennially"}  # fmt: skip

#: changePolicy -> our downgrade knob.
POLICIES = {"IMMEDIATE": "immediate", "END_OF_TERM": "at_renewal", "ILLEGAL": "not_allowed"}

_UNSAFE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_xml(text: str, draft: Draft) -> ET.Element:
    """Parse XML, refusing DOCTYPE and ENTITY declarations (no entity expansion at all)."""
    if _UNSAFE.search(text):
        raise draft.fail("refused: the XML declares a DOCTYPE or ENTITY")
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        raise draft.fail(f"not valid XML: {exc}") from None


def _text(element: ET.Element | None, path: str) -> str:
    found = None if element is None else element.find(path)
    return (found.text or "").strip() if found is not None and found.text else ""


def _downgrade(root: ET.Element, draft: Draft) -> str | None:
    cases = root.findall("./rules/changePolicy/changePolicyCase")
    chosen = None
    for case in cases:
        direction = _text(case, "planChangeDirection")
        qualifiers = [c.tag for c in case if c.tag not in ("policy", "planChangeDirection")]
        if qualifiers:
            draft.skip(
                f"changePolicyCase with {', '.join(qualifiers)} (only the direction is read)"
            )
            continue
        if direction == "DOWNGRADE" or (not direction and chosen is None):
            chosen = _text(case, "policy")
    if chosen is None:
        return None
    if chosen not in POLICIES:
        draft.skip(f"changePolicy {chosen!r}")
        return None
    return POLICIES[chosen]


def _import_plan(
    plan: ET.Element,
    products: Mapping[str, tuple[str, str]],
    listed: set[str] | None,
    draft: Draft,
) -> None:
    """One ``<plan>``: its evergreen recurring prices, into a plan (BASE) or an add-on (ADD_ON)."""
    plan_name = plan.get("name", "")
    what = f"plan {plan_name!r}"
    if listed is not None and plan_name not in listed:
        return
    product_name = _text(plan, "product")
    if product_name not in products:
        raise draft.fail(f"{what} names product {product_name!r}, which is not in <products>")
    category, pretty = products[product_name]
    for phase in plan.findall("./initialPhases/phase"):
        draft.skip(f"{what}: {phase.get('type', 'initial').lower()} phase")
    final = plan.find("finalPhase")
    if final is None or final.get("type", "EVERGREEN") != "EVERGREEN":
        draft.skip(f"{what}: no evergreen final phase")
        return
    if final.find("fixed") is not None:
        fixed = [
            decimal_price(_text(p, "value"), "USD")
            for p in final.findall("./fixed/fixedPrice/price")
        ]
        if any(v not in (None, "0.00") for v in fixed):
            draft.skip(f"{what}: fixed price in the evergreen phase")
    for _usage in final.findall("./usages/usage"):
        draft.skip(f"{what}: usage {_usage.get('name', '?')!r}")
    recurring = final.find("recurring")
    if recurring is None:
        return
    period = _text(recurring, "billingPeriod")
    if period not in PERIODS:
        draft.skip(f"{what}: billing period {period}")
        return
    if category == "BASE":
        target = draft.plans.setdefault(
            slug(product_name), {"name": {"en": pretty}, "group": "base"}
        )
    elif category == "ADD_ON":
        target = draft.addons.setdefault(slug(product_name), {"name": {"en": pretty}})
    else:
        draft.skip(f"{what}: product category {category or '(none)'}")
        return
    for price in recurring.findall("./recurringPrice/price"):
        raw_code, value = _text(price, "currency"), _text(price, "value")
        code = currency_code(raw_code)
        amount = decimal_price(value or "0", code) if code else None
        if code is None or amount is None:
            draft.skip(f"{what}: price {value!r} {raw_code!r}")
            continue
        add_price(draft, target, code, PERIODS[period], amount, what)


def import_killbill(path: str, draft: Draft) -> str:
    """Fill ``draft`` from a Kill Bill catalog XML; returns the preset."""
    root = parse_xml(read_text(path), draft)
    if root.tag != "catalog" or root.find("products") is None or root.find("plans") is None:
        raise draft.fail(
            f"not a Kill Bill catalog (root <{root.tag}>, needs <products> and <plans>)"
        )
    products: dict[str, tuple[str, str]] = {}
    for product in root.findall("./products/product"):
        name = product.get("name", "")
        category = _text(product, "category")
        pretty = product.get("prettyName") or name
        products[name] = (category, pretty)
    default = root.find("./priceLists/defaultPriceList")
    listed = (
        {(e.text or "").strip() for e in default.findall("./plans/plan")}
        if default is not None
        else None
    )
    for other in root.findall("./priceLists/childPriceList"):
        draft.skip(f"price list {other.get('name', '?')!r} (only the default price list is read)")
    for plan in root.findall("./plans/plan"):
        _import_plan(plan, products, listed, draft)
    if not draft.plans:
        raise draft.fail("no BASE product with an evergreen recurring price")
    for table in (draft.plans, draft.addons):
        for item_id in [k for k, v in table.items() if not v.get("prices")]:
            del table[item_id]
    downgrade = _downgrade(root, draft)
    if downgrade is not None:
        draft.policy["downgrade"] = downgrade
    return "killbill"
