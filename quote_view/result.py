"""The estimate: the engine's answer as lines and totals, or its refusal and what to do instead.

:func:`rows` turns an answer into labelled rows once; the estimator (:func:`render_result`) and
the worked examples (``quote_view.examples``) write those same rows, each in its own markup.
The estimator's markup carries the hooks scripts and tests rely on: ``data-field`` and
``data-value`` (a decimal string or an ISO date) on every total, ``data-code`` on every line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from quote_view.html import escape
from quote_view.lines import line_description
from quote_view.timeline import render_timeline
from quote_view.view import View

__all__ = ["POLICY_REFUSALS", "Row", "render_refusal", "render_result", "rows", "tax_note"]

#: Refusals by the product's policy (not a bad input), shown under a "cannot be made" title.
POLICY_REFUSALS = frozenset(
    {
        "one_change_at_a_time",
        "path_not_allowed",
        "support_only",
        "downgrade_not_allowed",
        "downgrade_outside_window",
    }
)


@dataclass(frozen=True, slots=True)
class Row:
    """One row of an estimate.

    Attributes:
        field: ``line`` for a quote line, else the total it shows (``subtotal``, ``tax``,
            ``balance_applied``, ``due_today``, ``credit_to_balance``, ``forfeited``,
            ``effective``, ``next_invoice``).
        label: Its words.
        text: Its value as the language writes it.
        value: The value as data: a decimal string or an ISO date.
        code: The line's code (``credit_unused`` ...), for lines.
        strong: The row that answers the question (due today).
        date: For ``next_invoice``: the invoice's ISO date.
    """

    field: str
    label: str
    text: str
    value: str
    code: str = ""
    strong: bool = False
    date: str = ""


def _positive(amount: object) -> bool:
    return Decimal(str(amount or "0")) > 0


def rows(view: View, request: Mapping[str, Any], response: Mapping[str, Any]) -> list[Row]:
    """The rows of an accepted answer: the lines, the subtotal, the tax line (once: its
    amount is the response's ``tax``, or for inclusive tax the part of the total that is
    tax), then the totals that apply."""
    currency = str(response["currency"])

    def money(amount: str) -> str:
        return view.fmt.money(amount, currency)

    lines = [
        Row(
            "line",
            line_description(view, request, line),
            money(line["amount"]),
            str(line["amount"]),
            code=str(line["code"]),
        )
        for line in response.get("lines", [])
    ]
    plain = [row for row in lines if row.code != "tax"]
    taxes = [row for row in lines if row.code == "tax"]
    out = list(plain)
    if plain:
        out.append(
            Row(
                "subtotal",
                view.t("table.subtotal"),
                money(response["subtotal"]),
                str(response["subtotal"]),
            )
        )
    out.extend(taxes)
    out.extend(_total_rows(view, response, money))
    return out


def _total_rows(view: View, response: Mapping[str, Any], money: Callable[[str], str]) -> list[Row]:
    """Balance applied, due today, what goes to the balance or is forfeited, and the dates."""
    out: list[Row] = []
    if _positive(response.get("balance_applied")):
        used = "-" + str(response["balance_applied"])
        out.append(Row("balance_applied", view.t("table.balance_applied"), money(used), used))
    out.append(
        Row(
            "due_today",
            view.t("table.due_today"),
            money(response["due_today"]),
            str(response["due_today"]),
            strong=True,
        )
    )
    for field in ("credit_to_balance", "forfeited"):
        if _positive(response.get(field)):
            out.append(
                Row(field, view.t(f"table.{field}"), money(response[field]), str(response[field]))
            )
    effective = str(response["effective"])
    out.append(Row("effective", view.t("table.effective"), view.date(effective), effective))
    nxt = response["next_invoice"]
    out.append(
        Row(
            "next_invoice",
            view.t("table.next_invoice", date=view.date(nxt["date"])),
            money(nxt["due"]),
            str(nxt["due"]),
            date=str(nxt["date"]),
        )
    )
    return out


def tax_note(view: View, request: Mapping[str, Any]) -> str:
    """The sentence saying that an estimate's amounts carry no tax, or "" when they do."""
    return "" if request.get("tax_region") or request.get("tax") else view.t("tax.note.none")


def _total_row(row: Row) -> str:
    label, text = escape(row.label), escape(row.text)
    if row.strong:
        label, text = f"<strong>{label}</strong>", f"<strong>{text}</strong>"
    if row.field == "next_invoice":
        head = (
            f'<th scope="row" data-field="next_invoice_date" data-value="{escape(row.date)}">'
            f"{label}</th>"
        )
    else:
        head = f'<th scope="row">{label}</th>'
    return (
        f'<tr class="qe__row qe__row--{row.field}">{head}'
        f'<td data-field="{row.field}" data-value="{escape(row.value)}">{text}</td></tr>'
    )


def render_result(view: View, request: Mapping[str, Any], response: Mapping[str, Any]) -> str:
    """The estimator's result block: the estimate, or the refusal with its alternative."""
    if not response.get("ok"):
        return render_refusal(view, response)
    kind = str(response["kind"])
    table = rows(view, request, response)

    def line_row(row: Row) -> str:
        field = ' data-field="tax"' if row.code == "tax" else ""
        return (
            f'<tr data-code="{escape(row.code)}"><td>{escape(row.label)}</td>'
            f'<td{field} data-value="{escape(row.value)}">{escape(row.text)}</td></tr>'
        )

    # The lines; then the subtotal, the tax line under it, and the totals.
    lines = "".join(line_row(row) for row in table if row.field == "line" and row.code != "tax")
    totals = "".join(
        line_row(row) if row.field == "line" else _total_row(row)
        for row in table
        if row.field != "line" or row.code == "tax"
    )
    parts = [
        f'<p class="qe__kind" data-field="kind" data-value="{escape(kind)}">'
        f"{escape(view.t(f'kind.{kind}'))}</p>",
        '<table class="qe__table">',
        f'<caption class="qe__sr">{escape(view.t("widget.result"))}</caption>',
        f'<thead><tr><th scope="col">{escape(view.t("table.description"))}</th>'
        f'<th scope="col">{escape(view.t("table.amount"))}</th></tr></thead>',
    ]
    if lines:
        parts.append(f'<tbody data-field="lines">{lines}</tbody>')
    parts.append(f'<tbody class="qe__totals">{totals}</tbody></table>')
    note = tax_note(view, request)
    if note:
        parts.append(f'<p class="qe__note" data-field="tax_note">{escape(note)}</p>')
    alternative = response.get("alternative")
    if alternative:
        text = view.t_known(f"alt.{alternative}", **view.params(response.get("params", {})))
        parts.append(
            f'<p class="qe__note" data-field="alternative" data-value="{escape(alternative)}">'
            f"{escape(text)}</p>"
        )
    parts.append(render_timeline(view, request, response))
    return "".join(parts)


def refusal_text(view: View, error: Mapping[str, Any]) -> str:
    """The words of a refusal (``error.<code>`` with its params), for the reader."""
    code = str(error.get("code", "internal_error"))
    key = f"error.{code}" if view.has(f"error.{code}") else "error.internal_error"
    return view.t_known(key, **view.params(error.get("params") or {}))


def render_refusal(view: View, response: Mapping[str, Any]) -> str:
    """A refusal: what cannot be done, and what the reader can do instead."""
    error = response.get("error") or {}
    code = str(error.get("code", "internal_error"))
    parts = ['<div class="qe__refusal">']
    if code in POLICY_REFUSALS:
        parts.append(f'<p class="qe__refusal-title">{escape(view.t("widget.refused"))}</p>')
    parts.append(
        f'<p data-field="error" data-value="{escape(code)}">{escape(refusal_text(view, error))}</p>'
    )
    alternative = error.get("alternative")
    if alternative:
        text = view.t_known(f"alt.{alternative}", **view.params(error.get("params") or {}))
        parts.append(
            f'<p class="qe__note" data-field="alternative" data-value="{escape(alternative)}">'
            f"<strong>{escape(view.t('widget.instead'))}</strong> {escape(text)}</p>"
        )
    parts.append("</div>")
    return "".join(parts)
