"""The live estimator's markup: a complete, prerendered estimate that the browser brings to life.

``{{ estimator product="dns" from="basic" to="start" cycle="monthly" }}`` becomes a form whose
inputs are filled in server-side (plan names, cycles, currencies and tax regions from the catalog,
in the page's language) and a result computed here by :func:`quote_engine.quote` and formatted
with the page's Babel formatter. Without JavaScript, or when Python cannot start in the browser,
that prerendered estimate is what the reader sees. ``static/widget.js`` then runs the same engine
in Pyodide and redraws the result with the browser's ``Intl`` from the same messages, so the
prerendered and the live estimate read the same.

The default estimate's billing period starts on ``example_period_start`` and today is its day
``day`` (default 15): with a start of 2026-11-01 and a monthly cycle, today is 2026-11-15 and
the next due date 2026-12-01, the same dates as a worked example with ``day="15"``.

Hooks the script and the tests rely on (stable): the root's ``data-quote-widget``,
``data-state`` (``static``, ``loading``, ``live``, ``error``), ``data-request`` (the request of
the estimate shown); ``data-input`` on each input; ``data-field`` (and ``data-value``, a decimal
string or ISO date) on each output, ``due_today`` among them.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from mkdocs_quote.plugins.quote import render
from mkdocs_quote.plugins.quote.context import RenderContext
from mkdocs_quote.messages import MessageError, fill

DEFAULT_DAY = 15
"""Today's day within the default estimate's billing period (the 15th day: start + 14 days)."""

# Engine refusals that depend on the target plan alone, shown beside that plan in the list.
PLAN_REFUSALS = ("support_only", "path_not_allowed", "downgrade_not_allowed")

# Refusals by the product's policy (not a bad input), shown under "cannot be made" title.
POLICY_REFUSALS = frozenset(
    {
        "one_change_at_a_time",
        "path_not_allowed",
        "support_only",
        "downgrade_not_allowed",
        "downgrade_outside_window",
    }
)

# Message key prefixes the page's script needs, besides the widget's own ``widget.*``.
SHARED_MESSAGES = ("line.", "error.", "alt.", "cycle.", "kind.", "table.")

_ARGS = frozenset(
    {
        "product",
        "from",
        "to",
        "cycle",
        "to_cycle",
        "quantity",
        "to_quantity",
        "add",
        "remove",
        "tax_region",
        "day",
        "currency",
        "credit_balance",
    }
)


class WidgetError(render.RenderError):
    """An estimator placeholder the catalog or the engine cannot show."""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _attr_json(value: Any) -> str:
    """Compact JSON for a double-quoted HTML attribute (quotes, ``<`` and ``&`` escaped)."""
    return _e(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _name(entry: Mapping[str, Any], lang: str) -> str:
    names = entry.get("name") or {}
    return str(names.get(lang) or names.get("en") or "")


def _msg(ctx: RenderContext, key: str, **values: str | int) -> str:
    try:
        return fill(ctx.messages, key, ctx.fmt.plural, **values)  # type: ignore[attr-defined]
    except MessageError as e:
        raise WidgetError(f"messages for {ctx.lang!r}: {e}") from None


# -- the form's state and the request it stands for --------------------------------------------


@dataclass(frozen=True, slots=True)
class FormState:
    """What the estimator's inputs hold; :meth:`request` is the engine request they stand for.

    ``static/widget.js`` builds its requests with the same rule (``buildRequest``), so the
    default state gives exactly the request the prerendered estimate was computed from.
    """

    product: str
    plan: str
    cycle: str
    due: str
    today: str
    quantity: int
    addons: tuple[str, ...]
    to_plan: str
    to_cycle: str
    to_quantity: int
    to_addons: tuple[str, ...]
    currency: str
    tax_region: str
    credit: str

    def request(self) -> dict[str, Any]:
        """The engine request: the current period is the ``cycle`` that ends on ``due``."""
        end = date.fromisoformat(self.due)
        start = render.add_months(end, -render.CYCLE_MONTHS[self.cycle])
        request: dict[str, Any] = {
            "product": self.product,
            "currency": self.currency,
            "today": self.today,
            "current": {
                "plan": self.plan,
                "cycle": self.cycle,
                "quantity": self.quantity,
                "period_start": start.isoformat(),
                "period_end": self.due,
                "addons": list(self.addons),
            },
            "target": {
                "plan": self.to_plan,
                "cycle": self.to_cycle,
                "quantity": self.to_quantity,
                "addons": list(self.to_addons),
            },
            "account": {"credit_balance": self.credit or "0"},
        }
        if self.tax_region:
            request["tax_region"] = self.tax_region
        return request


def normal_amount(text: str) -> str:
    """One writing per amount, as the credit input shows it and widget.js reads it back.

    Trailing zeros go (a language's number format drops them too), so a typed, shared or
    prerendered amount gives the same request text.

    >>> normal_amount("12.50"), normal_amount("10.00"), normal_amount("0"), normal_amount("")
    ('12.5', '10', '0', '')
    """
    return text.rstrip("0").rstrip(".") if "." in text else text


def default_state(ctx: RenderContext, args: Mapping[str, str]) -> FormState:
    """The form's initial state for a placeholder's arguments.

    Raises:
        WidgetError: an unknown argument, or an id or value the catalog does not have.
    """
    unknown = sorted(set(args) - _ARGS)
    if unknown:
        raise WidgetError(
            f"unknown argument {unknown[0]!r} (the estimator takes {', '.join(sorted(_ARGS))})"
        )
    for required in ("product", "from", "cycle"):
        if not args.get(required):
            raise WidgetError(f'the estimator needs {required}="..."')
    with_day = {**args, "day": args.get("day", str(DEFAULT_DAY))}
    # The worked examples' rule, so an estimator and an example with the same arguments agree.
    example = render.example_request(ctx, with_day)
    current, target = example["current"], example["target"]
    region = example.get("tax_region") or ""
    credit = normal_amount((example.get("account") or {}).get("credit_balance", ""))
    return FormState(
        product=example["product"],
        plan=current["plan"],
        cycle=current["cycle"],
        due=current["period_end"],
        today=example["today"],
        quantity=int(current["quantity"]),
        addons=tuple(current["addons"]),
        to_plan=target["plan"],
        to_cycle=target["cycle"],
        to_quantity=int(target["quantity"]),
        to_addons=tuple(target["addons"]),
        currency=example["currency"],
        tax_region=region,
        credit=credit,
    )


def _quote(ctx: RenderContext, request: Mapping[str, Any]) -> dict[str, Any]:
    from quote_engine import quote

    # The same catalog object every time: the engine caches its validation by identity.
    catalog = ctx.catalog if isinstance(ctx.catalog, dict) else dict(ctx.catalog)
    return quote(dict(request), catalog)


def plan_refusals(ctx: RenderContext, state: FormState) -> dict[str, str]:
    """Target plans the policy refuses from the current plan, with the refusal's code.

    Each plan is quoted as the target, the rest of the state unchanged; only refusals that
    belong to the plan itself (:data:`PLAN_REFUSALS`) are kept, not those of a date or amount.
    """
    plans = render.product(ctx, state.product).get("plans", {})
    refused: dict[str, str] = {}
    for plan_id in plans:
        if plan_id == state.plan:
            continue
        request = state.request()
        request["target"]["plan"] = plan_id
        response = _quote(ctx, request)
        code = (response.get("error") or {}).get("code")
        if not response.get("ok") and code in PLAN_REFUSALS:
            refused[plan_id] = str(code)
    return refused


# -- formatting helpers shared by the result and the timeline -------------------------------


def _params(ctx: RenderContext, params: Mapping[str, Any]) -> dict[str, str]:
    """An error's params written for the language: ISO dates and integers localized."""
    out: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, str) and _is_iso_date(value):
            out[key] = ctx.fmt.date(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            out[key] = ctx.fmt.number(value)
        elif isinstance(value, list):
            out[key] = ", ".join(str(v) for v in value)
        else:
            out[key] = str(value)
    return out


def _is_iso_date(value: str) -> bool:
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _fill_known(ctx: RenderContext, key: str, values: Mapping[str, str]) -> str:
    """A message with the values it names; a field the engine gave no value for stays visible."""
    from mkdocs_quote.messages import fields

    wanted = fields(ctx.messages.get(key, ""))
    filled = {name: values.get(name, "{" + name + "}") for name in wanted}
    return _msg(ctx, key, **filled)


# -- the result -----------------------------------------------------------------------------


def render_result(
    ctx: RenderContext, request: Mapping[str, Any], response: Mapping[str, Any]
) -> str:
    """The result block: lines and totals, or the refusal with what to do instead.

    ``static/widget.js`` (``renderResult``) writes the same markup from a live response.
    """
    if not response.get("ok"):
        return _render_refusal(ctx, response)
    currency = str(response["currency"])

    def money(amount: str) -> str:
        return _e(ctx.fmt.money(amount, currency))

    def total(field: str, label: str, amount: str, strong: bool = False) -> str:
        value = money(amount)
        if strong:
            value = f"<strong>{value}</strong>"
            label = f"<strong>{label}</strong>"
        return (
            f'<tr class="qe__row qe__row--{field}"><th scope="row">{label}</th>'
            f'<td data-field="{field}" data-value="{_e(amount)}">{value}</td></tr>'
        )

    rows = []
    taxes = []
    for line in response.get("lines", []):
        description = _e(render.line_description(ctx, request, line))
        cells = (
            f'<tr data-code="{_e(line["code"])}"><td>{description}</td>'
            f'<td data-value="{_e(line["amount"])}">{money(line["amount"])}</td></tr>'
        )
        (taxes if line["code"] == "tax" else rows).append(cells)

    totals = []
    if rows:
        totals.append(total("subtotal", _e(_msg(ctx, "table.subtotal")), response["subtotal"]))
    if taxes:
        totals.append(total("tax", _e(_msg(ctx, "table.tax")), response["tax"]))
    if Decimal(response.get("balance_applied", "0")) > 0:
        label = _e(_msg(ctx, "table.balance_applied"))
        totals.append(total("balance_applied", label, "-" + response["balance_applied"]))
    label = _e(_msg(ctx, "table.due_today"))
    totals.append(total("due_today", label, response["due_today"], strong=True))
    if Decimal(response.get("credit_to_balance", "0")) > 0:
        label = _e(_msg(ctx, "table.credit_to_balance"))
        totals.append(total("credit_to_balance", label, response["credit_to_balance"]))
    if Decimal(response.get("forfeited", "0")) > 0:
        totals.append(total("forfeited", _e(_msg(ctx, "table.forfeited")), response["forfeited"]))
    effective = str(response["effective"])
    totals.append(
        f'<tr class="qe__row qe__row--effective"><th scope="row">'
        f"{_e(_msg(ctx, 'table.effective'))}</th>"
        f'<td data-field="effective" data-value="{_e(effective)}">'
        f"{_e(ctx.fmt.date(effective))}</td></tr>"
    )
    nxt = response["next_invoice"]
    totals.append(
        f'<tr class="qe__row qe__row--next"><th scope="row" data-field="next_invoice_date" '
        f'data-value="{_e(nxt["date"])}">'
        f"{_e(_msg(ctx, 'table.next_invoice', date=ctx.fmt.date(nxt['date'])))}</th>"
        f'<td data-field="next_invoice" data-value="{_e(nxt["due"])}">{money(nxt["due"])}</td></tr>'
    )

    kind = str(response["kind"])
    parts = [
        f'<p class="qe__kind" data-field="kind" data-value="{_e(kind)}">'
        f"{_e(_msg(ctx, f'kind.{kind}'))}</p>",
        '<table class="qe__table">',
        f'<caption class="qe__sr">{_e(_msg(ctx, "widget.result"))}</caption>',
        f'<thead><tr><th scope="col">{_e(_msg(ctx, "table.description"))}</th>'
        f'<th scope="col">{_e(_msg(ctx, "table.amount"))}</th></tr></thead>',
    ]
    if rows or taxes:
        parts.append('<tbody data-field="lines">' + "".join(rows + taxes) + "</tbody>")
    parts.append('<tbody class="qe__totals">' + "".join(totals) + "</tbody>")
    parts.append("</table>")
    alternative = response.get("alternative")
    if alternative:
        text = _fill_known(ctx, f"alt.{alternative}", _params(ctx, response.get("params", {})))
        parts.append(
            f'<p class="qe__note" data-field="alternative" data-value="{_e(alternative)}">'
            f"{_e(text)}</p>"
        )
    parts.append(render_timeline(ctx, request, response))
    return "".join(parts)


def _render_refusal(ctx: RenderContext, response: Mapping[str, Any]) -> str:
    error = response.get("error") or {}
    code = str(error.get("code", "internal_error"))
    key = f"error.{code}" if f"error.{code}" in ctx.messages else "error.internal_error"
    params = _params(ctx, error.get("params") or {})
    parts = ['<div class="qe__refusal">']
    if code in POLICY_REFUSALS:
        parts.append(f'<p class="qe__refusal-title">{_e(_msg(ctx, "widget.refused"))}</p>')
    parts.append(
        f'<p data-field="error" data-value="{_e(code)}">{_e(_fill_known(ctx, key, params))}</p>'
    )
    alternative = error.get("alternative")
    if alternative:
        text = _fill_known(ctx, f"alt.{alternative}", params)
        parts.append(
            f'<p class="qe__note" data-field="alternative" data-value="{_e(alternative)}">'
            f"<strong>{_e(_msg(ctx, 'widget.instead'))}</strong> {_e(text)}</p>"
        )
    parts.append("</div>")
    return "".join(parts)


# -- the timeline ---------------------------------------------------------------------------

TIMELINE_WIDTH = 600
"""Width of the timeline's coordinate system; the bar stretches to the page's width."""
_BAR_H = 24


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the timeline: ``kind`` is used, credited, kept or new."""

    kind: str
    start: date
    end: date


def timeline_segments(request: Mapping[str, Any], response: Mapping[str, Any]) -> list[Segment]:
    """The billing period drawn from a quote, in order.

    Days before today are ``used``; the rest of the paid period is ``credited`` when the quote
    credits the plan's unused days, else ``kept`` (the old plan runs on, or no credit is given);
    a new period that runs past the old due date (a restart) adds ``new``.
    """
    current = request["current"]
    start = date.fromisoformat(current["period_start"])
    end = date.fromisoformat(current["period_end"])
    today = date.fromisoformat(request["today"])
    new_end = date.fromisoformat(response["period_end"])
    credited = any(line["code"] == "credit_unused" for line in response.get("lines", []))
    segments = [Segment("used", start, today)] if today > start else []
    if end > today:
        segments.append(Segment("credited" if credited else "kept", today, end))
    if new_end > end:
        segments.append(Segment("new", end, new_end))
    return segments


def render_timeline(
    ctx: RenderContext, request: Mapping[str, Any], response: Mapping[str, Any]
) -> str:
    """The billing period as a bar (SVG) with its dates and a legend in HTML.

    The bar stretches to the column's width, so the words are HTML, never SVG text that would
    shrink with it on a phone. ``renderTimeline`` in static/widget.js writes the same markup.
    """
    segments = timeline_segments(request, response)
    if not segments:
        return ""
    first = segments[0].start
    last = max(s.end for s in segments)
    span = max((last - first).days, 1)
    today = date.fromisoformat(request["today"])
    due = date.fromisoformat(response["period_end"])

    def x(day: date) -> float:
        return float(_num(TIMELINE_WIDTH * (day - first).days / span))

    fmt_date = ctx.fmt.date
    summary = _msg(
        ctx,
        "widget.timeline.summary",
        start=fmt_date(first.isoformat()),
        end=fmt_date(request["current"]["period_end"]),
        today=fmt_date(today.isoformat()),
        due=fmt_date(due.isoformat()),
    )
    shapes = [
        f'<rect class="qe-tl__{s.kind}" x="{_num(x(s.start))}" y="0" '
        f'width="{_num(x(s.end) - x(s.start))}" height="{_BAR_H}"></rect>'
        for s in segments
    ]
    for kind, day in (("today", today), ("due", due)):
        shapes.append(
            f'<line class="qe-tl__{kind}-mark" x1="{_num(x(day))}" x2="{_num(x(day))}" '
            f'y1="0" y2="{_BAR_H}"></line>'
        )
    items = [
        f'<li><span class="qe-tl__swatch qe-tl__{s.kind}" aria-hidden="true"></span>'
        f"{_e(_legend(ctx, s))}</li>"
        for s in segments
    ]
    for kind, day in (("today", today), ("due", due)):
        text = _msg(ctx, f"widget.timeline.{kind}", date=fmt_date(day.isoformat()))
        items.append(
            f'<li><span class="qe-tl__mark qe-tl__mark--{kind}" aria-hidden="true"></span>'
            f"{_e(text)}</li>"
        )
    return (
        '<figure class="qe-tl" data-field="timeline">'
        f'<svg viewBox="0 0 {TIMELINE_WIDTH} {_BAR_H}" preserveAspectRatio="none" role="img" '
        f'aria-label="{_e(summary)}" focusable="false">' + "".join(shapes) + "</svg>"
        f'<p class="qe-tl__ends"><span>{_e(fmt_date(first.isoformat()))}</span>'
        f"<span>{_e(fmt_date(last.isoformat()))}</span></p>"
        f'<ul class="qe-tl__legend">{"".join(items)}</ul></figure>'
    )


def _legend(ctx: RenderContext, segment: Segment) -> str:
    days = (segment.end - segment.start).days
    return _msg(ctx, f"widget.timeline.{segment.kind}", count=days, count_text=ctx.fmt.number(days))


def _num(value: float) -> str:
    # SVG coordinates, not money: two decimals written the same way as the script writes them.
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


# -- the form -------------------------------------------------------------------------------


def _select(wid: str, name: str, label: str, options: Sequence[tuple[str, str]], value: str) -> str:
    opts = "".join(
        f'<option value="{_e(v)}"{" selected" if v == value else ""}>{_e(text)}</option>'
        for v, text in options
    )
    return (
        f'<div class="qe__field"><label for="{wid}-{name}">{_e(label)}</label>'
        f'<select id="{wid}-{name}" name="{name}" data-input="{name}">{opts}</select></div>'
    )


def _input(wid: str, name: str, label: str, value: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{_e(v)}"' for k, v in attrs.items())
    return (
        f'<div class="qe__field"><label for="{wid}-{name}">{_e(label)}</label>'
        f'<input id="{wid}-{name}" name="{name}" data-input="{name}" value="{_e(value)}"{extra}>'
        "</div>"
    )


def _checkboxes(
    wid: str, name: str, legend: str, options: Sequence[tuple[str, str]], checked: Sequence[str]
) -> str:
    boxes = "".join(
        f'<div class="qe__check"><input type="checkbox" id="{wid}-{name}-{_e(v)}" '
        f'name="{name}" value="{_e(v)}" data-input="{name}"{" checked" if v in checked else ""}>'
        f'<label for="{wid}-{name}-{_e(v)}">{_e(text)}</label></div>'
        for v, text in options
    )
    return f'<fieldset class="qe__checks"><legend>{_e(legend)}</legend>{boxes}</fieldset>'


def _cycles_of(product: Mapping[str, Any]) -> list[str]:
    offered = {
        cycle
        for plan in product.get("plans", {}).values()
        for prices in plan.get("prices", {}).values()
        for cycle in prices
    }
    return [c for c in render.CYCLE_MONTHS if c in offered]


def _currencies_of(product: Mapping[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for plan in product.get("plans", {}).values():
        for currency in plan.get("prices", {}):
            seen.setdefault(currency, None)
    return list(seen)


def _plan_options(
    ctx: RenderContext, product: Mapping[str, Any], current: str | None, refused: Mapping[str, str]
) -> list[tuple[str, str]]:
    options = []
    for plan_id, plan in product.get("plans", {}).items():
        label = _name(plan, ctx.lang)
        if current is not None:
            if plan_id == current:
                label = _msg(
                    ctx, "widget.option", plan=label, reason=_msg(ctx, "widget.reason.current")
                )
            elif plan_id in refused:
                reason = _msg(ctx, f"widget.reason.{refused[plan_id]}")
                label = _msg(ctx, "widget.option", plan=label, reason=reason)
        options.append((plan_id, label))
    return options


def _tax_options(ctx: RenderContext) -> list[tuple[str, str]]:
    from babel import Locale

    territories = Locale.parse(ctx.lang).territories
    options = [("", _msg(ctx, "widget.no_tax"))]
    for region, tax in ctx.catalog.get("taxes", {}).items():
        rate = ctx.fmt.percent(str(tax["rate"]))  # type: ignore[attr-defined]
        label = _msg(
            ctx,
            "widget.tax_option",
            region=str(territories.get(region, region)),
            tax=_name(tax, ctx.lang) or _msg(ctx, "table.tax"),
            rate=rate,
        )
        options.append((region, label))
    return options


def widget_id(args: Mapping[str, str]) -> str:
    """A page-unique, stable id: the product and a digest of the placeholder's arguments."""
    digest = hashlib.sha256(json.dumps(sorted(args.items())).encode()).hexdigest()[:6]
    return f"qe-{args['product']}-{digest}"


def render_form(ctx: RenderContext, wid: str, state: FormState, refused: Mapping[str, str]) -> str:
    """The inputs, filled with ``state``; each has a label and a ``data-input`` name."""
    product = render.product(ctx, state.product)
    cycles = [(c, _msg(ctx, f"cycle.{c}")) for c in _cycles_of(product)]
    quantity = product.get("quantity")
    unit = (
        _name({"name": quantity.get("unit")}, ctx.lang) if quantity and quantity.get("unit") else ""
    )
    addons = [(a, _name(entry, ctx.lang)) for a, entry in product.get("addons", {}).items()]

    now = [
        _select(
            wid, "plan", _msg(ctx, "widget.plan"), _plan_options(ctx, product, None, {}), state.plan
        ),
        _select(wid, "cycle", _msg(ctx, "widget.cycle"), cycles, state.cycle),
        _input(wid, "due", _msg(ctx, "widget.due"), state.due, type="date", required="required"),
    ]
    after = [
        _select(
            wid,
            "to_plan",
            _msg(ctx, "widget.to_plan"),
            _plan_options(ctx, product, state.plan, refused),
            state.to_plan,
        ),
        _select(wid, "to_cycle", _msg(ctx, "widget.to_cycle"), cycles, state.to_cycle),
    ]
    if quantity:
        limits = {"min": str(quantity.get("min", 1)), "max": str(quantity.get("max", 1))}
        now.append(
            _input(
                wid,
                "quantity",
                _msg(ctx, "widget.quantity", unit=unit),
                str(state.quantity),
                type="number",
                step="1",
                inputmode="numeric",
                required="required",
                **limits,
            )
        )
        after.append(
            _input(
                wid,
                "to_quantity",
                _msg(ctx, "widget.to_quantity", unit=unit),
                str(state.to_quantity),
                type="number",
                step="1",
                inputmode="numeric",
                required="required",
                **limits,
            )
        )
    if addons:
        now.append(_checkboxes(wid, "addons", _msg(ctx, "widget.addons"), addons, state.addons))
        after.append(
            _checkboxes(wid, "to_addons", _msg(ctx, "widget.to_addons"), addons, state.to_addons)
        )
    currencies = [(c, c) for c in _currencies_of(product)]
    account = [
        _input(
            wid, "today", _msg(ctx, "widget.today"), state.today, type="date", required="required"
        ),
        _select(wid, "currency", _msg(ctx, "widget.currency"), currencies, state.currency),
        _select(
            wid, "tax_region", _msg(ctx, "widget.tax_region"), _tax_options(ctx), state.tax_region
        ),
        _input(
            wid,
            "credit",
            _msg(ctx, "widget.credit"),
            ctx.fmt.number(state.credit) if state.credit else "",
            type="text",
            inputmode="decimal",
            autocomplete="off",
            spellcheck="false",
            placeholder=ctx.fmt.number("0"),
        ),
    ]

    def group(legend: str, fields: list[str]) -> str:
        return (
            f'<fieldset class="qe__group"><legend>{_e(legend)}</legend>{"".join(fields)}</fieldset>'
        )

    return (
        '<form class="qe__form" data-form novalidate>'
        + group(_msg(ctx, "widget.now"), now)
        + group(_msg(ctx, "widget.after"), after)
        + group(_msg(ctx, "widget.details"), account)
        + "</form>"
    )


# -- the public interface -------------------------------------------------------------------


def render_widget(ctx: RenderContext, args: Mapping[str, str]) -> str:
    """The estimator's markup with its default estimate prerendered.

    Args:
        ctx: the page being rendered (its language, catalog, formatter, messages, assets).
        args: the placeholder's arguments: ``product``, ``from``, ``cycle`` and optionally
            ``to``, ``to_cycle``, ``quantity``, ``to_quantity``, ``add``, ``remove``,
            ``tax_region``, ``day``, ``currency``, ``credit_balance``.

    Returns:
        One ``<div data-quote-widget>`` holding the form, the status line, the result and the
        share controls.

    Raises:
        WidgetError: unknown arguments or ids, or an engine error on the default estimate (a
            refusal is fine: it is shown as a refusal, but a malformed request is a bug).
    """
    state = default_state(ctx, args)
    request = state.request()
    response = _quote(ctx, request)
    error_code = (response.get("error") or {}).get("code")
    if not response.get("ok") and error_code in (
        "invalid_request",
        "invalid_catalog",
        "internal_error",
    ):
        raise WidgetError(
            f"the quote engine cannot compute the default estimate: {error_code}: "
            f"{(response.get('error') or {}).get('message')}"
        )
    refused = plan_refusals(ctx, state)
    wid = widget_id(args)
    product = render.product(ctx, state.product)
    title = _msg(ctx, "widget.title", product=_name(product, ctx.lang))
    return (
        f'<div class="qe" id="{wid}" data-quote-widget data-state="static" '
        f'data-product="{_e(state.product)}" data-share="qe-{_e(state.product)}" '
        f'data-request="{_attr_json(request)}" role="region" aria-label="{_e(title)}">'
        f'<p class="qe__title">{_e(title)}</p>'
        + render_form(ctx, wid, state, refused)
        + f'<p class="qe__status" role="status" data-field="status">'
        f"{_e(_msg(ctx, 'widget.status.static'))}</p>"
        f'<noscript><p class="qe__noscript">{_e(_msg(ctx, "widget.noscript"))}</p></noscript>'
        f'<div class="qe__result" data-field="result" aria-live="polite">'
        + render_result(ctx, request, response)
        + "</div>"
        f'<div class="qe__share" data-share-controls hidden>'
        f'<button type="button" class="md-button qe__copy" data-action="copy-link">'
        f"{_e(_msg(ctx, 'widget.copy_link'))}</button>"
        f'<label class="qe__sr" for="{wid}-link">{_e(_msg(ctx, "widget.link"))}</label>'
        f'<input id="{wid}-link" class="qe__link" type="url" readonly data-field="link" value="">'
        "</div></div>"
    )


def intl_locale(lang: str) -> tuple[str, str]:
    """(BCP 47 tag for ``Intl``, CLDR default numbering system) of a language.

    >>> intl_locale("bn")
    ('bn-BD', 'beng')
    >>> intl_locale("hi")
    ('hi-IN', 'latn')
    """
    from babel import Locale
    from babel.core import get_global

    locale = Locale.parse(lang)
    likely = str(get_global("likely_subtags").get(locale.language, ""))
    territory = locale.territory or (likely.split("_")[-1] if likely.count("_") == 2 else "")
    tag = f"{locale.language}-{territory}" if territory else locale.language
    return tag, str(locale.default_numbering_system)


def page_messages(messages: Mapping[str, Any]) -> dict[str, Any]:
    """The messages the page's script uses: the widget's own and the shared quote keys."""
    prefixes = ("widget.", *SHARED_MESSAGES)
    return {k: v for k, v in messages.items() if k.startswith(prefixes)}


def _names(entries: Mapping[str, Any], lang: str) -> dict[str, str]:
    return {key: _name(entry, lang) for key, entry in entries.items()}


def page_config(ctx: RenderContext) -> dict[str, Any]:
    """What the page's script is told: URLs, language, formats, names and messages."""
    locale, numbering = intl_locale(ctx.lang)
    digits = {}
    for product in ctx.catalog.get("products", {}).values():
        for currency in _currencies_of(product):
            digits[currency] = ctx.fmt.currency_digits(currency)  # type: ignore[attr-defined]
    products = {
        pid: {
            "name": _name(p, ctx.lang),
            "plans": _names(p.get("plans", {}), ctx.lang),
            "addons": _names(p.get("addons", {}), ctx.lang),
        }
        for pid, p in ctx.catalog.get("products", {}).items()
    }
    taxes = {region: _name(tax, ctx.lang) for region, tax in ctx.catalog.get("taxes", {}).items()}
    urls = {name: ctx.assets.url(name, ctx.base_url) for name in ctx.assets.urls}
    return {
        "version": 1,
        "lang": ctx.lang,
        "locale": locale,
        "numberingSystem": numbering,
        "currency": ctx.currency,
        "currencyDigits": digits,
        "cycleMonths": dict(render.CYCLE_MONTHS),
        "products": products,
        "taxes": taxes,
        "urls": urls,
        "messages": page_messages(ctx.messages),
    }


def page_assets(ctx: RenderContext) -> str:
    """The HTML appended once to a page with an estimator.

    One ``<script type="application/json" id="qe-config">`` (data, not script, so a CSP without
    ``'unsafe-inline'`` allows it), the stylesheet, and the module script.
    """
    config = json.dumps(page_config(ctx), ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, "</script" or "<!--" would end or confuse the element: escape "<".
    config = config.replace("<", "\\u003c")
    css = ctx.assets.url("widget.css", ctx.base_url)
    js = ctx.assets.url("widget.js", ctx.base_url)
    return (
        f'<script type="application/json" id="qe-config">{config}</script>\n'
        f'<link rel="stylesheet" href="{_e(css)}">\n'
        f'<script type="module" async src="{_e(js)}"></script>'
    )


__all__ = [
    "FormState",
    "WidgetError",
    "default_state",
    "page_assets",
    "page_config",
    "render_result",
    "render_timeline",
    "render_widget",
]
