"""The estimator's form: what its inputs hold, how that is read, and the request it stands for.

The page's script sends the inputs' raw values (what the reader typed or chose, as text); this
module reads them (:func:`read_form`) the same way at build time, for the default estimate, and
in the browser: dates, counts and amounts in the page's language (``quote_view.typed``). A value
it cannot read is a problem shown beside its field, never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from quote_engine.catalog import Product
from quote_engine.periods import CYCLE_MONTHS, add_months
from quote_view.html import attrs, escape
from quote_view.typed import Problem, read_amount, read_count
from quote_view.view import View

__all__ = [
    "FIELDS",
    "FormState",
    "Reading",
    "read_form",
    "render_form",
    "request_field",
]

#: Every input an estimator may have, in the order of the form (``data-input`` names).
FIELDS = (
    "plan",
    "cycle",
    "due",
    "quantity",
    "addons",
    "to_plan",
    "to_cycle",
    "to_quantity",
    "to_addons",
    "today",
    "currency",
    "tax_region",
    "credit",
)

#: Engine request fields -> the input a reader changes to fix them.
REQUEST_FIELDS: Mapping[str, str] = {
    "current.plan": "plan",
    "current.cycle": "cycle",
    "current.period_start": "due",
    "current.period_end": "due",
    "current.quantity": "quantity",
    "current.addons": "addons",
    "target.plan": "to_plan",
    "target.cycle": "to_cycle",
    "target.quantity": "to_quantity",
    "target.addons": "to_addons",
    "today": "today",
    "currency": "currency",
    "tax_region": "tax_region",
    "account.credit_balance": "credit",
}


def request_field(field_name: str) -> str | None:
    """The input behind an engine request field (``account.credit_balance`` -> ``credit``)."""
    base = field_name.split("[", 1)[0]
    return REQUEST_FIELDS.get(base)


@dataclass(frozen=True, slots=True)
class FormState:
    """What the inputs hold, as text: the page's script sends exactly this.

    Lists hold the checked add-on ids. ``quantity`` and ``credit`` are what the reader typed.
    """

    product: str
    plan: str
    cycle: str
    due: str
    today: str
    quantity: str
    addons: tuple[str, ...]
    to_plan: str
    to_cycle: str
    to_quantity: str
    to_addons: tuple[str, ...]
    currency: str
    tax_region: str
    credit: str

    @classmethod
    def from_json(cls, product: str, data: Mapping[str, Any]) -> FormState:
        """The state a script sent. A text missing or not a string is empty (a problem the
        reading reports); a count the form has no input for is 1; lists hold strings only."""

        def text(name: str, missing: str = "") -> str:
            value = data.get(name)
            return value if isinstance(value, str) else missing

        def ids(name: str) -> tuple[str, ...]:
            value = data.get(name)
            if isinstance(value, list):
                return tuple(v for v in value if isinstance(v, str))
            return ()

        return cls(
            product,
            text("plan"),
            text("cycle"),
            text("due"),
            text("today"),
            text("quantity", "1"),
            ids("addons"),
            text("to_plan"),
            text("to_cycle"),
            text("to_quantity", "1"),
            ids("to_addons"),
            text("currency"),
            text("tax_region"),
            text("credit"),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name) for name in FIELDS}
        out["addons"], out["to_addons"] = list(self.addons), list(self.to_addons)
        return out


@dataclass(slots=True)
class Reading:
    """What :func:`read_form` made of a state: the request, or the problems per input.

    Attributes:
        request: The engine request, or ``None`` when an input could not be read.
        problems: Input name -> what is wrong, in the reader's language.
        echoes: Input name -> how the value was understood ("Read as ৳১২.৫০").
    """

    request: dict[str, Any] | None
    problems: dict[str, str] = field(default_factory=dict)
    echoes: dict[str, str] = field(default_factory=dict)


def _label(view: View, name: str, product: Product) -> str:
    unit = product.quantity.unit_name(view.lang) or view.t("sentence.unit")
    return view.t(f"widget.{name}", unit=unit) if "quantity" in name else view.t(f"widget.{name}")


def _iso(text: str) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if len(text) == 10 else None


def amount_problem(view: View, problem: Problem, label: str, currency: str) -> str:
    """The words for an amount that could not be read, naming the field, with an example."""
    digits = view.fmt.currency(currency).digits
    example = view.fmt.decimal("12.50" if digits else "1250", digits)
    if problem.code == "ambiguous":
        first, second = (Decimal(text) for text in problem.readings)
        return view.t(
            "widget.problem.amount.ambiguous",
            field=label,
            first=view.fmt.decimal(first, 0),
            second=view.fmt.decimal(second, digits),
        )
    if problem.code == "decimals" and digits == 0:
        return view.t(
            "widget.problem.amount.whole", field=label, currency=currency, example=example
        )
    if problem.code == "decimals":
        return view.t(
            "widget.problem.amount.decimals",
            field=label,
            currency=currency,
            count=digits,
            example=example,
        )
    code = problem.code if problem.code in ("negative", "mixed_digits", "too_large") else "format"
    return view.t(f"widget.problem.amount.{code}", field=label, example=example)


def _read_dates(view: View, state: FormState, product: Product, reading: Reading) -> None:
    for name in ("due", "today"):
        day = _iso(getattr(state, name))
        if day is None:
            reading.problems[name] = view.t(
                "widget.problem.date", field=_label(view, name, product)
            )
        else:
            reading.echoes[name] = view.long_date(day.isoformat())


def _read_counts(
    view: View, state: FormState, product: Product, reading: Reading
) -> dict[str, int]:
    counts = {"quantity": 1, "to_quantity": 1}
    rule = product.quantity
    if rule.min == rule.max == 1:
        return counts
    for name in counts:
        value = read_count(getattr(state, name), view.fmt, rule.min, rule.max)
        if isinstance(value, Problem):
            reading.problems[name] = view.t(
                "widget.problem.count",
                field=_label(view, name, product),
                min=view.fmt.number(rule.min),
                max=view.fmt.number(rule.max),
            )
        else:
            counts[name] = value
    return counts


def read_form(view: View, state: FormState) -> Reading:
    """Read a form state into the engine request it stands for.

    The current period is the ``cycle`` that ends on ``due``: ``[due - cycle, due)``.
    """
    product = view.product(state.product)
    reading = Reading(None)
    _read_dates(view, state, product, reading)
    counts = _read_counts(view, state, product, reading)
    currency = state.currency if state.currency in view.catalog.currencies else ""
    if not currency:
        reading.problems["currency"] = view.t("error.currency_not_offered")
    credit: Decimal | None = None
    if currency:
        value = read_amount(state.credit, view.fmt, currency)
        if isinstance(value, Problem):
            label = _label(view, "credit", product)
            reading.problems["credit"] = amount_problem(view, value, label, currency)
        else:
            credit = value
            if state.credit.strip():
                digits = view.fmt.currency(currency).digits
                shown = view.fmt.money(value.quantize(Decimal(1).scaleb(-digits)), currency)
                reading.echoes["credit"] = view.t("widget.echo.amount", amount=shown)
    if reading.problems or credit is None or state.cycle not in CYCLE_MONTHS:
        return reading
    due = date.fromisoformat(state.due)
    request: dict[str, Any] = {
        "product": state.product,
        "currency": currency,
        "today": state.today,
        "current": {
            "plan": state.plan,
            "cycle": state.cycle,
            "quantity": counts["quantity"],
            "period_start": add_months(due, -CYCLE_MONTHS[state.cycle]).isoformat(),
            "period_end": state.due,
            "addons": list(state.addons),
        },
        "target": {
            "plan": state.to_plan,
            "cycle": state.to_cycle,
            "quantity": counts["to_quantity"],
            "addons": list(state.to_addons),
        },
        "account": {"credit_balance": format(credit.normalize(), "f")},
    }
    if state.tax_region:
        request["tax_region"] = state.tax_region
    reading.request = request
    return reading


def engine_problem(
    view: View, state: FormState, error: Mapping[str, Any]
) -> tuple[str, str] | None:
    """The input an engine refusal is about and what to say there, or ``None``.

    ``invalid_request`` and the refusals that name a ``field`` point at an input; so does
    ``date_outside_period`` (the date of the change, with the current period's dates).
    """
    product = view.product(state.product)
    code = str(error.get("code", ""))
    params = error.get("params") or {}
    if code == "date_outside_period":
        start, end = str(params["period_start"]), date.fromisoformat(str(params["period_end"]))
        last = (end - timedelta(days=1)).isoformat()
        text = view.t(
            "widget.problem.date_outside_period",
            field=_label(view, "today", product),
            start=view.date(start),
            last=view.date(last),
        )
        return "today", text
    name = request_field(str(params.get("field", "")))
    if name is None:
        return None
    from quote_view.result import refusal_text

    return name, view.t(
        "widget.problem.engine",
        field=_label(view, name, product),
        problem=refusal_text(view, error),
    )


# -- the form's markup ---------------------------------------------------------------------


def _hint(wid: str, name: str) -> str:
    return f'<p class="qe__hint" id="{wid}-{name}-hint" data-hint="{name}"></p>'


def _select(wid: str, name: str, label: str, options: Sequence[tuple[str, str]], value: str) -> str:
    opts = "".join(
        f'<option value="{escape(v)}"{" selected" if v == value else ""}>{escape(text)}</option>'
        for v, text in options
    )
    return (
        f'<div class="qe__field"><label for="{wid}-{name}">{escape(label)}</label>'
        f'<select id="{wid}-{name}" name="{name}" data-input="{name}" '
        f'aria-describedby="{wid}-{name}-hint">{opts}</select>{_hint(wid, name)}</div>'
    )


def _input(wid: str, name: str, label: str, value: str, extra: Mapping[str, str]) -> str:
    return (
        f'<div class="qe__field"><label for="{wid}-{name}">{escape(label)}</label>'
        f'<input id="{wid}-{name}" name="{name}" data-input="{name}" value="{escape(value)}"'
        f'{attrs(extra)} aria-describedby="{wid}-{name}-hint">{_hint(wid, name)}</div>'
    )


def _checkboxes(
    wid: str, name: str, legend: str, options: Sequence[tuple[str, str]], checked: Sequence[str]
) -> str:
    boxes = "".join(
        f'<div class="qe__check"><input type="checkbox" id="{wid}-{name}-{escape(v)}" '
        f'name="{name}" value="{escape(v)}" data-input="{name}"'
        f"{' checked' if v in checked else ''}>"
        f'<label for="{wid}-{name}-{escape(v)}">{escape(text)}</label></div>'
        for v, text in options
    )
    return f'<fieldset class="qe__checks"><legend>{escape(legend)}</legend>{boxes}</fieldset>'


def cycles_of(product: Product) -> list[str]:
    """The cycles any plan of the product is priced in, in the contract's order."""
    offered = {cycle for plan in product.plans.values() for cycle in plan.cycles}
    return [c for c in CYCLE_MONTHS if c in offered]


def currencies_of(product: Product) -> list[str]:
    """The currencies the product's plans are priced in, in the catalog's order."""
    seen: dict[str, None] = {}
    for plan in product.plans.values():
        for currency in plan.prices:
            seen.setdefault(currency, None)
    return list(seen)


def tax_options(view: View) -> list[tuple[str, str]]:
    """ "No tax", then each tax region of the catalog with its name and rate."""
    options = [("", view.t("widget.no_tax"))]
    for region, tax in view.catalog.taxes.items():
        label = view.t(
            "widget.tax_option",
            region=view.fmt.territory(region),
            tax=view.tax_name(region),
            rate=view.fmt.percent(str(tax.rate)),
        )
        options.append((region, label))
    return options


def _group(legend: str, fields: list[str]) -> str:
    # Disabled until the page's script brings the estimator to life: without JavaScript
    # nothing can be recalculated, so nothing invites a change (the notice says why).
    return (
        f'<fieldset class="qe__group" disabled><legend>{escape(legend)}</legend>'
        f"{''.join(fields)}</fieldset>"
    )


def _account_inputs(
    view: View, wid: str, state: FormState, product: Product, date_attrs: dict[str, str]
) -> list[str]:
    """The "details" group: today's date, currency, tax region and the credit balance."""
    credit_attrs = {
        "type": "text",
        "inputmode": "decimal",
        "autocomplete": "off",
        "spellcheck": "false",
        "placeholder": view.fmt.number(0),
    }
    return [
        _input(wid, "today", view.t("widget.today"), state.today, date_attrs),
        _select(
            wid,
            "currency",
            view.t("widget.currency"),
            [(c, c) for c in currencies_of(product)],
            state.currency,
        ),
        _select(
            wid, "tax_region", view.t("widget.tax_region"), tax_options(view), state.tax_region
        ),
        _input(wid, "credit", view.t("widget.credit"), state.credit, credit_attrs),
    ]


def render_form(
    view: View, wid: str, state: FormState, plan_labels: Sequence[tuple[str, str]]
) -> str:
    """The inputs, filled with ``state``; each has a label, a hint and a ``data-input`` name."""
    product = view.product(state.product)
    lang = view.lang
    cycles = [(c, view.t(f"cycle.{c}")) for c in cycles_of(product)]
    plans = [(pid, plan.name(lang)) for pid, plan in product.plans.items()]
    number = {"type": "text", "inputmode": "numeric", "autocomplete": "off", "required": "required"}
    date_attrs = {"type": "date", "required": "required"}
    now = [
        _select(wid, "plan", view.t("widget.plan"), plans, state.plan),
        _select(wid, "cycle", view.t("widget.cycle"), cycles, state.cycle),
        _input(wid, "due", view.t("widget.due"), state.due, date_attrs),
    ]
    after = [
        _select(wid, "to_plan", view.t("widget.to_plan"), plan_labels, state.to_plan),
        _select(wid, "to_cycle", view.t("widget.to_cycle"), cycles, state.to_cycle),
    ]
    rule = product.quantity
    if not rule.min == rule.max == 1:
        now.append(
            _input(wid, "quantity", _label(view, "quantity", product), state.quantity, number)
        )
        after.append(
            _input(
                wid, "to_quantity", _label(view, "to_quantity", product), state.to_quantity, number
            )
        )
    addons = [(a, entry.name(lang)) for a, entry in product.addons.items()]
    if addons:
        now.append(_checkboxes(wid, "addons", view.t("widget.addons"), addons, state.addons))
        after.append(
            _checkboxes(wid, "to_addons", view.t("widget.to_addons"), addons, state.to_addons)
        )
    account = _account_inputs(view, wid, state, product, date_attrs)
    return (
        '<form class="qe__form" data-form novalidate>'
        + _group(view.t("widget.now"), now)
        + _group(view.t("widget.after"), after)
        + _group(view.t("widget.details"), account)
        + "</form>"
    )
