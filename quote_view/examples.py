"""Worked examples: ``{{ example ... }}`` as a sentence and a table, both from the engine's quote.

A worked example's billing period starts on the view's ``period_start``; ``day="15"`` means
today is the 15th day of that period (start + 14 days), and the period ends one ``cycle``
later: with a start of 2026-11-01, ``cycle="monthly" day="15"`` quotes on 2026-11-15 against
the period [2026-11-01, 2026-12-01). The estimator's default estimate follows the same rule, so
an estimator and an example with the same arguments agree.

The sentence is ``sentence.join`` of a "today" clause (``sentence.today.due|credit|forfeit|
free|at_renewal``, around a ``{change}`` phrase made of ``sentence.change.*``) and a "next
invoice" clause (``sentence.next.*``), so each language orders its own words. ``{day_nth}`` is
the day as an ordinal (``ordinal.day``, chosen by the language's ordinal rules).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from quote_engine.periods import CYCLE_MONTHS, add_months
from quote_view.html import escape
from quote_view.result import rows, tax_note
from quote_view.view import View, ViewError

__all__ = [
    "SHOW",
    "check_change",
    "example_request",
    "example_sentence",
    "example_table",
    "ids",
    "render_example",
]

SHOW = ("both", "sentence", "table")
_RIGHT = ' style="text-align: right"'


def ids(value: str) -> list[str]:
    """A comma-separated list of ids: ``"a, b"`` -> ``["a", "b"]``."""
    return [part.strip() for part in value.split(",") if part.strip()]


def positive_int(args: Mapping[str, str], key: str) -> int:
    """A placeholder argument that must be a whole number of at least 1.

    Raises:
        ViewError: anything else.
    """
    value = args[key]
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise ViewError(f"{key}={value!r} must be a whole number of at least 1")
    return int(value)


def amount_arg(args: Mapping[str, str], key: str) -> str:
    """A placeholder argument that must be an amount such as ``12.50``.

    Raises:
        ViewError: anything else.
    """
    value = args[key]
    try:
        ok = value.isascii() and Decimal(value).is_finite() and Decimal(value) >= 0
    except InvalidOperation:
        ok = False
    if not ok or "e" in value.lower():
        raise ViewError(f'{key}={value!r} must be an amount such as "12.50"')
    return value


def currency_of(view: View, args: Mapping[str, str]) -> str:
    """The currency a placeholder shows: its ``currency`` argument, else the language's."""
    return args.get("currency") or view.settings.currency


def check_change(view: View, args: Mapping[str, str]) -> None:
    """Check the catalog ids and values a change names (examples and estimators alike).

    Raises:
        ViewError: an id the catalog does not have, or a malformed value.
    """
    product_id = args["product"]
    currency = currency_of(view, args)
    view.plan_price(product_id, args["from"], args["cycle"], currency)
    target = args.get("to") or args["from"]
    view.plan_price(product_id, target, args.get("to_cycle") or args["cycle"], currency)
    addons = view.product(product_id).addons
    for key in ("add", "remove"):
        for addon_id in ids(args.get(key, "")):
            if addon_id not in addons:
                raise ViewError(
                    f"{key}: unknown add-on {addon_id!r} of product {product_id!r} "
                    f"(its add-ons: {', '.join(addons) or 'none'})"
                )
    for key in ("quantity", "to_quantity", "day"):
        if key in args:
            positive_int(args, key)
    rule = view.product(product_id).quantity
    for key in ("quantity", "to_quantity"):
        if key in args and not rule.min <= int(args[key]) <= rule.max:
            raise ViewError(
                f"{key}={args[key]!r} is outside the product's quantities "
                f"({rule.min} to {rule.max})"
            )
    region = args.get("tax_region")
    taxes = view.catalog.taxes
    if region and region not in ("auto", "none") and region not in taxes:
        raise ViewError(
            f"unknown tax_region {region!r} (the catalog's taxes: "
            f'{", ".join(taxes) or "none"}, or "auto" for the language\'s, or "none")'
        )
    if "credit_balance" in args:
        amount_arg(args, "credit_balance")


def tax_region(view: View, args: Mapping[str, str], default: str | None) -> str | None:
    """The region a placeholder's ``tax_region`` names: ``auto`` is the language's, ``none``
    none; without the argument, ``default``."""
    region = args.get("tax_region")
    if region is None:
        return default
    if region == "auto":
        return view.settings.tax_region
    return None if region == "none" else region


def example_request(
    view: View, args: Mapping[str, str], default_region: str | None = None
) -> dict[str, Any]:
    """The engine request a worked example (or an estimator's default estimate) stands for.

    Raises:
        ViewError: an argument the catalog does not know or that is not well formed.
    """
    check_change(view, args)
    start = view.period_start
    cycle = args["cycle"]
    end = add_months(start, CYCLE_MONTHS[cycle])
    day = positive_int(args, "day") if "day" in args else 1
    quantity = positive_int(args, "quantity") if "quantity" in args else 1
    request: dict[str, Any] = {
        "product": args["product"],
        "currency": currency_of(view, args),
        "today": (start + timedelta(days=day - 1)).isoformat(),
        "current": {
            "plan": args["from"],
            "cycle": cycle,
            "quantity": quantity,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "addons": ids(args.get("remove", "")),
        },
        "target": {
            "plan": args.get("to") or args["from"],
            "cycle": args.get("to_cycle") or cycle,
            "quantity": positive_int(args, "to_quantity") if "to_quantity" in args else quantity,
            "addons": ids(args.get("add", "")),
        },
    }
    if "credit_balance" in args:
        request["account"] = {"credit_balance": amount_arg(args, "credit_balance")}
    region = tax_region(view, args, default_region)
    if region:
        request["tax_region"] = region
    return request


def _change_phrase(view: View, request: Mapping[str, Any], response: Mapping[str, Any]) -> str:
    product = view.product(str(request["product"]))
    lang = view.lang
    current, target = request["current"], request["target"]
    changes = response.get("changes", [])
    phrases = []
    if "plan" in changes:
        phrases.append(
            view.t(
                "sentence.change.plan",
                **{
                    "from": product.plans[current["plan"]].name(lang),
                    "to": product.plans[target["plan"]].name(lang),
                },
            )
        )
    if "cycle" in changes:
        phrases.append(
            view.t(
                "sentence.change.cycle",
                from_cycle=view.t(f"sentence.billing.{current['cycle']}"),
                to_cycle=view.t(f"sentence.billing.{target['cycle']}"),
            )
        )
    if "quantity" in changes:
        unit = product.quantity.unit_name(lang) or view.t("sentence.unit")
        phrases.append(
            view.t(
                "sentence.change.quantity",
                from_quantity=view.fmt.number(int(current["quantity"])),
                to_quantity=view.fmt.number(int(target["quantity"])),
                unit=unit,
            )
        )
    if "addons" in changes:
        added = [a for a in target["addons"] if a not in current["addons"]]
        removed = [a for a in current["addons"] if a not in target["addons"]]
        for key, chosen in (("sentence.change.add", added), ("sentence.change.remove", removed)):
            if chosen:
                names = [product.addons[a].name(lang) for a in chosen]
                phrases.append(view.t(key, addons=view.fmt.join(names)))
    return view.fmt.join(phrases)


def _today_clause(
    view: View, request: Mapping[str, Any], response: Mapping[str, Any]
) -> tuple[str, dict[str, str | int]]:
    """The "today" clause's key and the values every clause may name."""
    currency = str(response["currency"])
    current = request["current"]
    start = date.fromisoformat(current["period_start"])
    day = (date.fromisoformat(request["today"]) - start).days + 1
    period_days = (date.fromisoformat(current["period_end"]) - start).days
    nxt = response["next_invoice"]
    values: dict[str, str | int] = {
        "day": view.fmt.number(day),
        "day_nth": view.t("ordinal.day", count=day),
        "period_days": view.fmt.number(period_days),
        "due_today": view.fmt.money(response["due_today"], currency),
        "next_date": view.long_date(nxt["date"]),
        "next_due": view.fmt.money(nxt["due"], currency),
        "per_cycle": view.t(f"sentence.per.{request['target']['cycle']}"),
        "change": _change_phrase(view, request, response),
    }
    if response["effective"] != request["today"]:
        values["effective"] = view.long_date(str(response["effective"]))
        return "sentence.today.at_renewal", values
    if Decimal(response["due_today"]) > 0:
        return "sentence.today.due", values
    if Decimal(response.get("credit_to_balance", "0")) > 0:
        values["credit"] = view.fmt.money(response["credit_to_balance"], currency)
        return "sentence.today.credit", values
    if Decimal(response.get("forfeited", "0")) > 0:
        values["forfeited"] = view.fmt.money(response["forfeited"], currency)
        return "sentence.today.forfeit", values
    return "sentence.today.free", values


def example_sentence(view: View, request: Mapping[str, Any], response: Mapping[str, Any]) -> str:
    """One sentence saying what the change costs today and what is billed next."""
    nxt = response["next_invoice"]
    if response["kind"] == "no_change":
        return view.t(
            "sentence.no_change",
            next_date=view.long_date(nxt["date"]),
            next_due=view.fmt.money(nxt["due"], str(response["currency"])),
        )
    today_key, values = _today_clause(view, request, response)
    # "From <date> you pay <amount> a month" holds only when the next invoice is the plain
    # recurring amount; when a credit balance pays part of it, say what that one invoice is.
    if Decimal(nxt.get("balance_applied", "0")) > 0:
        next_key = "sentence.next.after_balance"
    elif nxt["date"] == response["effective"] != request["today"]:
        next_key = "sentence.next.from_then"  # the renewal date was just named
    else:
        next_key = "sentence.next.recurring"
    text = view.t(
        "sentence.join", today=view.t(today_key, **values), next=view.t(next_key, **values)
    )
    return text[:1].upper() + text[1:]


def example_table(view: View, request: Mapping[str, Any], response: Mapping[str, Any]) -> str:
    """The quote's lines, totals, effective date and next invoice as a two-column table.

    A plain ``<table>``: Material styles tables without a class of their own.
    """
    body: list[str] = []
    foot: list[str] = []
    cls = {"subtotal": "qe-subtotal", "due_today": "qe-due", "next_invoice": "qe-next"}
    for row in rows(view, request, response):
        label, text = escape(row.label), escape(row.text)
        attrs = f' class="{cls[row.field]}"' if row.field in cls else ""
        if row.code:
            attrs += f' data-code="{escape(row.code)}"'
        if row.strong:
            label, text = f"<strong>{label}</strong>", f"<strong>{text}</strong>"
        cells = f"<tr{attrs}><td>{label}</td><td{_RIGHT}>{text}</td></tr>"
        # The lines in the body; the subtotal, the tax line under it and the totals below.
        (body if row.field == "line" and row.code != "tax" else foot).append(cells)
    head = (
        f"<thead>\n<tr><th>{escape(view.t('table.description'))}</th>"
        f"<th{_RIGHT}>{escape(view.t('table.amount'))}</th></tr>\n</thead>"
    )
    tbody = "<tbody>\n" + "\n".join(body) + "\n</tbody>\n" if body else ""
    totals = "\n".join(foot)
    return f'<table>\n{head}\n{tbody}<tbody class="qe-totals">\n{totals}\n</tbody>\n</table>'


def render_example(view: View, args: Mapping[str, str]) -> str:
    """``{{ example ... }}``: the engine's quote as a sentence and a table.

    Raises:
        ViewError: bad arguments, or the engine refuses the example (``ok: false``).
    """
    show = args.get("show", "both")
    if show not in SHOW:
        raise ViewError(f"show={show!r} must be one of {', '.join(SHOW)}")
    request = example_request(view, args)
    response = view.quote(request)
    if not response.get("ok"):
        error = response.get("error", {})
        raise ViewError(
            f"the quote engine refuses this example: {error.get('code')}: {error.get('message')}"
        )
    parts = [
        f'<div class="qe-example" data-product="{escape(request["product"])}" '
        f'data-kind="{escape(response["kind"])}" data-due-today="{escape(response["due_today"])}">'
    ]
    if show in ("both", "sentence"):
        sentence = escape(example_sentence(view, request, response))
        parts.append(f'<p class="qe-example__sentence">{sentence}</p>')
    if show in ("both", "table"):
        parts.append(example_table(view, request, response))
    note = tax_note(view, request)
    if note:
        parts.append(f'<p class="qe-example__note" data-tax="none">{escape(note)}</p>')
    alternative = response.get("alternative")
    if alternative:
        text = view.t_known(f"alt.{alternative}", **view.params(response.get("params", {})))
        parts.append(
            f'<p class="qe-example__note" data-alternative="{escape(alternative)}">'
            f"{escape(text)}</p>"
        )
    parts.append("</div>")
    return "\n".join(parts)
