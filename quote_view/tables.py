"""Prices from the catalog: ``{{ price ... }}`` inline and ``{{ plans ... }}`` as a table.

Tables are plain ``<table>`` elements inside a ``div`` that carries our class: Material styles
exactly the tables without a class of their own, as it does Markdown tables. Every table says
whether its prices include tax, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping

from quote_engine.periods import CYCLE_MONTHS
from quote_view.examples import currency_of, ids
from quote_view.html import escape
from quote_view.view import View, ViewError, check_cycle

__all__ = ["price_text", "prices_tax_note", "render_plans", "render_price"]

_RIGHT = ' style="text-align: right"'


def price_text(view: View, args: Mapping[str, str]) -> str:
    """The price a ``{{ price }}`` placeholder stands for, as the language writes it."""
    currency = currency_of(view, args)
    amount = view.plan_price(args["product"], args["plan"], args["cycle"], currency)
    return view.fmt.money(amount, currency)


def render_price(view: View, args: Mapping[str, str]) -> str:
    """``{{ price product plan cycle [currency] }}``: one price, inline."""
    currency = currency_of(view, args)
    amount = view.plan_price(args["product"], args["plan"], args["cycle"], currency)
    return (
        f'<span class="qe-price" data-product="{escape(args["product"])}" '
        f'data-plan="{escape(args["plan"])}" data-cycle="{escape(args["cycle"])}" '
        f'data-currency="{escape(currency)}" data-value="{escape(amount)}">'
        f"{escape(view.fmt.money(amount, currency))}</span>"
    )


def prices_tax_note(view: View) -> str:
    """Whether the catalog's prices include the language's tax, as one sentence."""
    region = view.settings.tax_region
    tax = view.catalog.taxes.get(region) if region else None
    if tax is None:
        return view.t("tax.note.prices")
    key = "tax.note.prices_included" if tax.inclusive else "tax.note.prices_excluded"
    return view.t(key, tax=view.tax_name(region), rate=view.fmt.percent(str(tax.rate)))


def _cycles(
    view: View, args: Mapping[str, str], offered: set[str], product_id: str, currency: str
) -> list[str]:
    if "cycles" not in args:
        return [c for c in CYCLE_MONTHS if c in offered]
    cycles = [check_cycle(c) for c in ids(args["cycles"])]
    if not cycles:
        raise ViewError('cycles="" names no cycle')
    for cycle in cycles:
        if cycle not in offered:
            raise ViewError(f"no plan of {product_id!r} is offered {cycle} in {currency}")
    return cycles


def render_plans(view: View, args: Mapping[str, str]) -> str:
    """``{{ plans product [currency] [cycles] }}``: a plan-by-cycle price table.

    Plans are listed by family (``group``, in catalog order) and tier; cycles in the
    contract's order. A plan without a price for a cycle shows "not offered".

    Raises:
        ViewError: an unknown product or cycle, or no price in the currency.
    """
    product_id = args["product"]
    product = view.product(product_id)
    currency = currency_of(view, args)
    priced = {pid: plan.prices.get(currency) for pid, plan in product.plans.items()}
    if not any(priced.values()):
        raise ViewError(f"product {product_id!r} has no prices in {currency}")
    offered = {c for prices in priced.values() if prices for c in prices}
    cycles = _cycles(view, args, offered, product_id, currency)
    money = view.catalog.currency(currency)
    assert money is not None  # the product has prices in it
    by_group: dict[str, list[str]] = {}
    for pid, plan in product.plans.items():
        by_group.setdefault(plan.group, []).append(pid)
    head = "".join(f"<th{_RIGHT}>{escape(view.t(f'cycle.{c}'))}</th>" for c in cycles)
    out = [
        f'<div class="qe-plans" data-product="{escape(product_id)}" '
        f'data-currency="{escape(currency)}">',
        f"<table>\n<thead>\n<tr><th>{escape(view.t('table.plan'))}</th>{head}</tr>\n</thead>",
    ]
    # One <tbody> per plan family, so the families read as separate blocks of rows.
    for group, pids in by_group.items():
        out.append(f'<tbody data-group="{escape(group)}">')
        for pid in sorted(pids, key=lambda p: product.plans[p].tier):
            prices = priced.get(pid) or {}
            cells = "".join(
                f"<td{_RIGHT}>{escape(view.fmt.money(money.format(prices[c]), currency))}</td>"
                if c in prices
                else f"<td{_RIGHT}>{escape(view.t('table.not_offered'))}</td>"
                for c in cycles
            )
            name = escape(product.plans[pid].name(view.lang))
            out.append(f'<tr data-plan="{escape(pid)}"><td>{name}</td>{cells}</tr>')
        out.append("</tbody>")
    out.append("</table>")
    unit = product.quantity.unit_name(view.lang)
    if unit:
        out.append(f'<p class="qe-plans__unit">{escape(view.t("table.per_unit", unit=unit))}</p>')
    out.append(f'<p class="qe-plans__tax">{escape(prices_tax_note(view))}</p>')
    out.append("</div>")
    return "\n".join(out)
