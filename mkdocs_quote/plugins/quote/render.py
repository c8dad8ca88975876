"""What the ``plans``, ``price`` and ``example`` placeholders become: HTML for one language.

Every figure comes from the catalog or from :func:`quote_engine.quote`; this module only picks
the words (the language's messages) and the writing of numbers (the language's formatter).
Tables are plain ``<table>`` elements without a class, inside a ``div`` that carries ours:
Material styles exactly the tables that have no class of their own (``table:not([class])``),
as it does for Markdown tables.

A worked example's billing period starts on the plugin's ``example_period_start``; ``day="15"``
means today is the 15th day of that period (start + 14 days), and the period ends one ``cycle``
later: with a start of 2026-11-01, ``cycle="monthly" day="15"`` quotes on 2026-11-15 against
the period [2026-11-01, 2026-12-01).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from mkdocs_quote.plugins.quote.context import RenderContext
from mkdocs_quote.messages import MessageError, fill
from quote_engine.periods import CYCLE_MONTHS, add_months  # one calendar, the engine's

SHOW = ("both", "sentence", "table")


class RenderError(ValueError):
    """A placeholder whose arguments do not fit the catalog, or an example the engine refuses."""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _name(entry: Mapping[str, Any], lang: str) -> str:
    names = entry.get("name") or {}
    return str(names.get(lang) or names.get("en") or "")


def _msg(ctx: RenderContext, key: str, **values: str | int) -> str:
    try:
        return fill(ctx.messages, key, ctx.fmt.plural, **values)
    except MessageError as e:
        raise RenderError(f"messages for {ctx.lang!r}: {e}") from None


def _has(ctx: RenderContext, key: str) -> bool:
    return key in ctx.messages


# -- the catalog, checked ------------------------------------------------------------------------


def product(ctx: RenderContext, product_id: str) -> Mapping[str, Any]:
    """The catalog's product ``product_id``.

    Raises:
        RenderError: no such product.
    """
    products = ctx.catalog.get("products", {})
    if product_id not in products:
        raise RenderError(
            f"unknown product {product_id!r} (the catalog has {', '.join(sorted(products))})"
        )
    return products[product_id]  # type: ignore[no-any-return]


def plan(ctx: RenderContext, product_id: str, plan_id: str) -> Mapping[str, Any]:
    """The plan ``plan_id`` of ``product_id``.

    Raises:
        RenderError: no such product or plan.
    """
    plans = product(ctx, product_id).get("plans", {})
    if plan_id not in plans:
        raise RenderError(
            f"unknown plan {plan_id!r} of product {product_id!r} (its plans: {', '.join(plans)})"
        )
    return plans[plan_id]  # type: ignore[no-any-return]


def currency_of(ctx: RenderContext, args: Mapping[str, str]) -> str:
    """The currency a placeholder shows: its ``currency`` argument, else the language's."""
    return args.get("currency") or ctx.currency


def check_cycle(cycle: str) -> str:
    """``cycle`` if the contract knows it.

    Raises:
        RenderError: an unknown cycle name.
    """
    if cycle not in CYCLE_MONTHS:
        raise RenderError(f"unknown cycle {cycle!r} (use one of {', '.join(CYCLE_MONTHS)})")
    return cycle


def plan_price(ctx: RenderContext, product_id: str, plan_id: str, cycle: str, currency: str) -> str:
    """The catalog price of a plan for one cycle, as a decimal string.

    Raises:
        RenderError: unknown product, plan or cycle, or no price in that currency and cycle.
    """
    check_cycle(cycle)
    prices = plan(ctx, product_id, plan_id).get("prices", {})
    if currency not in prices:
        raise RenderError(
            f"plan {plan_id!r} of {product_id!r} has no prices in {currency} "
            f"(it has {', '.join(prices) or 'none'})"
        )
    if cycle not in prices[currency]:
        raise RenderError(
            f"unknown cycle {cycle!r} for plan {plan_id!r} of {product_id!r} in {currency} "
            f"(it is offered {', '.join(prices[currency])})"
        )
    return str(prices[currency][cycle])


def check_change(ctx: RenderContext, args: Mapping[str, str]) -> None:
    """Check the catalog ids a change names (``product``, ``from``, ``to``, cycles, add-ons).

    Used for worked examples and the estimator alike, so a typo fails the build either way.

    Raises:
        RenderError: an id the catalog does not have.
    """
    product_id = args["product"]
    currency = currency_of(ctx, args)
    plan_price(ctx, product_id, args["from"], args["cycle"], currency)
    target = args.get("to") or args["from"]
    plan_price(ctx, product_id, target, args.get("to_cycle") or args["cycle"], currency)
    addons = product(ctx, product_id).get("addons", {})
    for key in ("add", "remove"):
        for addon_id in _ids(args.get(key, "")):
            if addon_id not in addons:
                raise RenderError(
                    f"{key}: unknown add-on {addon_id!r} of product {product_id!r} "
                    f"(its add-ons: {', '.join(addons) or 'none'})"
                )
    for key in ("quantity", "to_quantity", "day"):
        if key in args:
            _positive_int(args, key)
    region = args.get("tax_region")
    if region and region != "auto" and region not in ctx.catalog.get("taxes", {}):
        raise RenderError(
            f"unknown tax_region {region!r} (the catalog's taxes: "
            f'{", ".join(ctx.catalog.get("taxes", {})) or "none"}, or "auto")'
        )
    if "credit_balance" in args:
        _amount(args, "credit_balance")


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _positive_int(args: Mapping[str, str], key: str) -> int:
    value = args[key]
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise RenderError(f"{key}={value!r} must be a whole number of at least 1")
    return int(value)


def _amount(args: Mapping[str, str], key: str) -> str:
    value = args[key]
    try:
        ok = Decimal(value).is_finite() and Decimal(value) >= 0 and "e" not in value.lower()
    except InvalidOperation:
        ok = False
    if not ok:
        raise RenderError(f'{key}={value!r} must be an amount such as "12.50"')
    return value


# -- price and plans -----------------------------------------------------------------------------


def render_price(ctx: RenderContext, args: Mapping[str, str]) -> str:
    """``{{ price product plan cycle [currency] }}``: one price, inline."""
    currency = currency_of(ctx, args)
    amount = plan_price(ctx, args["product"], args["plan"], args["cycle"], currency)
    return (
        f'<span class="qe-price" data-product="{_e(args["product"])}" '
        f'data-plan="{_e(args["plan"])}" data-cycle="{_e(args["cycle"])}" '
        f'data-currency="{_e(currency)}" data-value="{_e(amount)}">'
        f"{_e(ctx.fmt.money(amount, currency))}</span>"
    )


def render_plans(ctx: RenderContext, args: Mapping[str, str]) -> str:
    """``{{ plans product [currency] [cycles] }}``: a plan-by-cycle price table.

    Plans are listed by family (``group``, in catalog order) and tier; cycles in the
    contract's order. A plan without a price for a cycle shows "not offered".
    """
    product_id = args["product"]
    prod = product(ctx, product_id)
    currency = currency_of(ctx, args)
    plans = prod.get("plans", {})
    priced = {pid: p.get("prices", {}).get(currency) for pid, p in plans.items()}
    if not any(priced.values()):
        raise RenderError(f"product {product_id!r} has no prices in {currency}")
    if "cycles" in args:
        cycles = [check_cycle(c) for c in _ids(args["cycles"])]
        if not cycles:
            raise RenderError('cycles="" names no cycle')
        for cycle in cycles:
            if not any(prices and cycle in prices for prices in priced.values()):
                raise RenderError(f"no plan of {product_id!r} is offered {cycle} in {currency}")
    else:
        offered = {c for prices in priced.values() if prices for c in prices}
        cycles = [c for c in CYCLE_MONTHS if c in offered]

    by_group: dict[str, list[str]] = {}
    for pid, entry in plans.items():
        by_group.setdefault(str(entry.get("group", "")), []).append(pid)

    right = ' style="text-align: right"'
    head = "".join(f"<th{right}>{_e(_msg(ctx, f'cycle.{c}'))}</th>" for c in cycles)
    out = [
        f'<div class="qe-plans" data-product="{_e(product_id)}" data-currency="{_e(currency)}">',
        f"<table>\n<thead>\n<tr><th>{_e(_msg(ctx, 'table.plan'))}</th>{head}</tr>\n</thead>",
    ]
    # One <tbody> per plan family, so the families read as separate blocks of rows.
    for group, pids in by_group.items():
        out.append(f'<tbody data-group="{_e(group)}">')
        for pid in sorted(pids, key=lambda p: int(plans[p].get("tier", 0))):
            prices = priced.get(pid) or {}
            cells = "".join(
                f"<td{right}>{_e(ctx.fmt.money(str(prices[c]), currency))}</td>"
                if c in prices
                else f"<td{right}>{_e(_msg(ctx, 'table.not_offered'))}</td>"
                for c in cycles
            )
            name = _e(_name(plans[pid], ctx.lang))
            out.append(f'<tr data-plan="{_e(pid)}"><td>{name}</td>{cells}</tr>')
        out.append("</tbody>")
    out.append("</table>")
    unit = (prod.get("quantity") or {}).get("unit")
    if unit:
        note = _msg(ctx, "table.per_unit", unit=_name({"name": unit}, ctx.lang))
        out.append(f'<p class="qe-plans__unit">{_e(note)}</p>')
    out.append("</div>")
    return "\n".join(out)


# -- worked examples -----------------------------------------------------------------------------


def example_request(ctx: RenderContext, args: Mapping[str, str]) -> dict[str, Any]:
    """The engine request a worked example (or the estimator's default estimate) stands for.

    Raises:
        RenderError: an argument the catalog does not know or that is not well formed.
    """
    check_change(ctx, args)
    start = ctx.example_period_start
    cycle = args["cycle"]
    end = add_months(start, CYCLE_MONTHS[cycle])
    day = _positive_int(args, "day") if "day" in args else 1
    removed = _ids(args.get("remove", ""))
    added = _ids(args.get("add", ""))
    quantity = _positive_int(args, "quantity") if "quantity" in args else 1
    request: dict[str, Any] = {
        "product": args["product"],
        "currency": currency_of(ctx, args),
        "today": (start + timedelta(days=day - 1)).isoformat(),
        "current": {
            "plan": args["from"],
            "cycle": cycle,
            "quantity": quantity,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "addons": removed,
        },
        "target": {
            "plan": args.get("to") or args["from"],
            "cycle": args.get("to_cycle") or cycle,
            "quantity": _positive_int(args, "to_quantity") if "to_quantity" in args else quantity,
            "addons": added,
        },
    }
    if "credit_balance" in args:
        request["account"] = {"credit_balance": _amount(args, "credit_balance")}
    region = args.get("tax_region")
    if region == "auto":
        region = ctx.tax_region
    if region:
        request["tax_region"] = region
    return request


def render_example(ctx: RenderContext, args: Mapping[str, str]) -> str:
    """``{{ example ... }}``: the engine's quote as a sentence and a table of lines.

    Raises:
        RenderError: bad arguments, or the engine refuses the example (``ok: false``).
    """
    show = args.get("show", "both")
    if show not in SHOW:
        raise RenderError(f"show={show!r} must be one of {', '.join(SHOW)}")
    request = example_request(ctx, args)
    response = ctx.quote(request)
    if not response.get("ok"):
        error = response.get("error", {})
        raise RenderError(
            f"the quote engine refuses this example: {error.get('code')}: {error.get('message')}"
        )
    parts = [
        f'<div class="qe-example" data-product="{_e(request["product"])}" '
        f'data-kind="{_e(response["kind"])}" data-due-today="{_e(response["due_today"])}">'
    ]
    if show in ("both", "sentence"):
        parts.append(
            f'<p class="qe-example__sentence">{_e(example_sentence(ctx, request, response))}</p>'
        )
    if show in ("both", "table"):
        parts.append(example_table(ctx, request, response))
    alternative = response.get("alternative")
    if alternative:
        parts.append(
            f'<p class="qe-example__note" data-alternative="{_e(alternative)}">'
            f"{_e(_msg(ctx, f'alt.{alternative}', **_params(ctx, response.get('params', {}))))}</p>"
        )
    parts.append("</div>")
    return "\n".join(parts)


def _params(ctx: RenderContext, params: Mapping[str, Any]) -> dict[str, str]:
    """Error/alternative params, dates and numbers written for the language."""
    out: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            out[key] = ctx.fmt.date(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            out[key] = ctx.fmt.number(value)
        else:
            out[key] = str(value)
    return out


def _change_phrase(
    ctx: RenderContext, request: Mapping[str, Any], response: Mapping[str, Any]
) -> str:
    product_entry = product(ctx, request["product"])
    plans = product_entry.get("plans", {})
    addons = product_entry.get("addons", {})
    current, target = request["current"], request["target"]
    changes = response.get("changes", [])
    phrases = []
    if "plan" in changes:
        phrases.append(
            _msg(
                ctx,
                "sentence.change.plan",
                **{
                    "from": _name(plans[current["plan"]], ctx.lang),
                    "to": _name(plans[target["plan"]], ctx.lang),
                },
            )
        )
    if "cycle" in changes:
        phrases.append(
            _msg(
                ctx,
                "sentence.change.cycle",
                from_cycle=_msg(ctx, f"sentence.billing.{current['cycle']}"),
                to_cycle=_msg(ctx, f"sentence.billing.{target['cycle']}"),
            )
        )
    if "quantity" in changes:
        unit = (product_entry.get("quantity") or {}).get("unit")
        phrases.append(
            _msg(
                ctx,
                "sentence.change.quantity",
                from_quantity=ctx.fmt.number(current["quantity"]),
                to_quantity=ctx.fmt.number(target["quantity"]),
                unit=_name({"name": unit}, ctx.lang) if unit else _msg(ctx, "sentence.unit"),
            )
        )
    if "addons" in changes:
        added = [a for a in target["addons"] if a not in current["addons"]]
        removed = [a for a in current["addons"] if a not in target["addons"]]
        if added:
            names = [_name(addons[a], ctx.lang) for a in added]
            phrases.append(_msg(ctx, "sentence.change.add", addons=_join(ctx, names)))
        if removed:
            names = [_name(addons[a], ctx.lang) for a in removed]
            phrases.append(_msg(ctx, "sentence.change.remove", addons=_join(ctx, names)))
    return _join(ctx, phrases)


def _join(ctx: RenderContext, items: list[str]) -> str:
    return items[0] if len(items) == 1 else ctx.fmt.join(items)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def example_sentence(
    ctx: RenderContext, request: Mapping[str, Any], response: Mapping[str, Any]
) -> str:
    """One sentence saying what the change costs today and what is billed next."""
    money = ctx.fmt.money
    currency = response["currency"]
    current = request["current"]
    nxt = response["next_invoice"]
    start = date.fromisoformat(current["period_start"])
    today = date.fromisoformat(request["today"])
    values: dict[str, str | int] = {
        "day": ctx.fmt.number((today - start).days + 1),
        "period_days": ctx.fmt.number((date.fromisoformat(current["period_end"]) - start).days),
        "due_today": money(response["due_today"], currency),
        "next_date": ctx.fmt.date(nxt["date"], "long"),
        "next_due": money(nxt["due"], currency),
        "per_cycle": _msg(ctx, f"sentence.per.{request['target']['cycle']}"),
    }
    if response["kind"] == "no_change":
        return _msg(
            ctx, "sentence.no_change", next_date=values["next_date"], next_due=values["next_due"]
        )
    values["change"] = _change_phrase(ctx, request, response)
    if response["effective"] != request["today"]:
        values["effective"] = ctx.fmt.date(response["effective"], "long")
        today_key = "sentence.today.at_renewal"
    elif Decimal(response["due_today"]) > 0:
        today_key = "sentence.today.due"
    elif Decimal(response.get("credit_to_balance", "0")) > 0:
        today_key = "sentence.today.credit"
        values["credit"] = money(response["credit_to_balance"], currency)
    elif Decimal(response.get("forfeited", "0")) > 0:
        today_key = "sentence.today.forfeit"
        values["forfeited"] = money(response["forfeited"], currency)
    else:
        today_key = "sentence.today.free"
    # "From <date> you pay <amount> a month" holds only when the next invoice is the plain
    # recurring amount; when a credit balance pays part of it, say what that one invoice is.
    if Decimal(nxt.get("balance_applied", "0")) > 0:
        next_key = "sentence.next.after_balance"
    elif nxt["date"] == response["effective"] != request["today"]:
        next_key = "sentence.next.from_then"  # the renewal date was just named
    else:
        next_key = "sentence.next.recurring"
    return _capitalize(
        _msg(
            ctx,
            "sentence.join",
            today=_msg(ctx, today_key, **values),
            next=_msg(ctx, next_key, **values),
        )
    )


def line_description(
    ctx: RenderContext, request: Mapping[str, Any], line: Mapping[str, Any]
) -> str:
    """The translated description of one quote line.

    ``line.<code>`` for a prorated line (plural on its ``days``), ``line.<code>.full`` for a line
    charged or credited whole (the engine gives those no ``days``), ``line.tax`` or
    ``line.tax.included``. A plan line of a product sold by quantity shows it (``× 8``).
    """
    code = line["code"]
    product_entry = product(ctx, request["product"])
    plans = product_entry.get("plans", {})
    addons = product_entry.get("addons", {})
    if code == "tax":
        region = request.get("tax_region")
        tax = ctx.catalog.get("taxes", {}).get(region, {}) if region else {}
        key = "line.tax.included" if line.get("inclusive") else "line.tax"
        name = _name(tax, ctx.lang) or _msg(ctx, "table.tax")
        return _msg(ctx, key, tax=name, rate=ctx.fmt.percent(line["rate"]))
    key = f"line.{code}"
    if not _has(ctx, key):
        raise RenderError(f"no message {key!r} for the quote line code {code!r}")
    if "days" not in line and _has(ctx, f"{key}.full"):
        key = f"{key}.full"
    current, target = request["current"], request["target"]
    plan_id = line.get("plan") or target["plan"]
    values: dict[str, str | int] = {
        "plan": _name(plans.get(plan_id, {}), ctx.lang),
        "from": _name(plans[current["plan"]], ctx.lang),
        "to": _name(plans[target["plan"]], ctx.lang),
    }
    if "addon" in line:
        values["addon"] = _name(addons.get(line["addon"], {}), ctx.lang)
    if "days" in line:
        values["count"] = int(line["days"])
        values["count_text"] = ctx.fmt.number(int(line["days"]))
    if "days_total" in line:
        values["days_total"] = ctx.fmt.number(str(line["days_total"]))
    text = _msg(ctx, key, **values)
    # The engine's plan lines cover the whole quantity (price x quantity); say how many units
    # when the product is sold by the unit, so "5 -> 8 mailboxes" reads right.
    quantity = {"credit_unused": current["quantity"], "charge_new": target["quantity"]}.get(code)
    if quantity is not None and (current["quantity"] != 1 or target["quantity"] != 1):
        text = _msg(ctx, "line.quantity", line=text, quantity=ctx.fmt.number(quantity))
    return text


def example_table(
    ctx: RenderContext, request: Mapping[str, Any], response: Mapping[str, Any]
) -> str:
    """The quote's lines, totals, effective date and next invoice as a two-column table."""
    currency = response["currency"]
    right = ' style="text-align: right"'

    def money(amount: str) -> str:
        return _e(ctx.fmt.money(amount, currency))

    def row(label: str, value: str, cls: str = "", code: str = "") -> str:
        attrs = (f' class="{cls}"' if cls else "") + (f' data-code="{_e(code)}"' if code else "")
        return f"<tr{attrs}><td>{label}</td><td{right}>{value}</td></tr>"

    body = []
    taxes = []
    for line in response.get("lines", []):
        cells = row(
            _e(line_description(ctx, request, line)), money(line["amount"]), code=line["code"]
        )
        (taxes if line["code"] == "tax" else body).append(cells)
    foot = []
    if body:
        foot.append(
            row(_e(_msg(ctx, "table.subtotal")), money(response["subtotal"]), "qe-subtotal")
        )
    foot.extend(taxes)
    if Decimal(response.get("balance_applied", "0")) > 0:
        foot.append(
            row(_e(_msg(ctx, "table.balance_applied")), money("-" + response["balance_applied"]))
        )
    foot.append(
        row(
            f"<strong>{_e(_msg(ctx, 'table.due_today'))}</strong>",
            f"<strong>{money(response['due_today'])}</strong>",
            "qe-due",
        )
    )
    if Decimal(response.get("credit_to_balance", "0")) > 0:
        foot.append(
            row(_e(_msg(ctx, "table.credit_to_balance")), money(response["credit_to_balance"]))
        )
    if Decimal(response.get("forfeited", "0")) > 0:
        foot.append(row(_e(_msg(ctx, "table.forfeited")), money(response["forfeited"])))
    foot.append(row(_e(_msg(ctx, "table.effective")), _e(ctx.fmt.date(response["effective"]))))
    nxt = response["next_invoice"]
    foot.append(
        row(
            _e(_msg(ctx, "table.next_invoice", date=ctx.fmt.date(nxt["date"]))),
            money(nxt["due"]),
            "qe-next",
        )
    )
    head = (
        f"<thead>\n<tr><th>{_e(_msg(ctx, 'table.description'))}</th>"
        f"<th{right}>{_e(_msg(ctx, 'table.amount'))}</th></tr>\n</thead>"
    )
    lines = "\n".join(body)
    totals = "\n".join(foot)
    tbody = f"<tbody>\n{lines}\n</tbody>\n" if body else ""
    return f'<table>\n{head}\n{tbody}<tbody class="qe-totals">\n{totals}\n</tbody>\n</table>'
