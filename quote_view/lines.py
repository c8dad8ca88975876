"""The words of one quote line: "Credit for 16 unused days of Basic", "VAT at 15%".

Message keys (``locales/build``): ``line.<code>`` for a prorated line, with plural forms on its
``days`` (fields ``plan``, ``addon``, ``from``, ``to``, ``days_total``); ``line.<code>.full``
for the same code charged or credited whole (the engine gives such a line no ``days``);
``line.tax`` and ``line.tax.included``; ``line.quantity`` adds the units to a plan line of a
product sold by quantity ("... × 5").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quote_view.view import View, ViewError

__all__ = ["line_description"]


def _tax(view: View, request: Mapping[str, Any], line: Mapping[str, Any]) -> str:
    key = "line.tax.included" if line.get("inclusive") else "line.tax"
    name = view.tax_name(request.get("tax_region"))
    return view.t(key, tax=name, rate=view.fmt.percent(str(line["rate"])))


def line_description(view: View, request: Mapping[str, Any], line: Mapping[str, Any]) -> str:
    """The translated description of one line of the engine's answer to ``request``.

    Raises:
        ViewError: a line code no message describes (a new engine code needs its words).
    """
    code = str(line["code"])
    if code == "tax":
        return _tax(view, request, line)
    key = f"line.{code}"
    if not view.has(key):
        raise ViewError(f"no message {key!r} for the quote line code {code!r}")
    if "days" not in line and view.has(f"{key}.full"):
        key = f"{key}.full"
    product = view.product(str(request["product"]))
    current, target = request["current"], request["target"]
    lang = view.lang

    def plan_name(plan_id: str) -> str:
        plan = product.plans.get(plan_id)
        return plan.name(lang) if plan is not None else plan_id

    values: dict[str, str | int] = {
        "plan": plan_name(str(line.get("plan") or target["plan"])),
        "from": plan_name(str(current["plan"])),
        "to": plan_name(str(target["plan"])),
    }
    if "addon" in line:
        addon = product.addons.get(str(line["addon"]))
        values["addon"] = addon.name(lang) if addon is not None else str(line["addon"])
    if "days" in line:
        values["count"] = int(line["days"])
    if "days_total" in line:
        values["days_total"] = view.fmt.number(str(line["days_total"]))
    text = view.t(key, **values)
    # A plan line covers the whole quantity (price x quantity): say how many units when the
    # product is sold by the unit, so "5 -> 8 mailboxes" reads right.
    quantities = {
        "credit_unused": current.get("quantity", 1),
        "charge_new": target.get("quantity", 1),
    }
    quantity = quantities.get(code)
    if quantity is not None and (current.get("quantity", 1) != 1 or target.get("quantity", 1) != 1):
        text = view.t("line.quantity", line=text, quantity=view.fmt.number(int(quantity)))
    return text
