"""The live estimator: one renderer for the estimate prerendered at build time and redrawn live.

``{{ estimator product="dns" from="basic" to="start" cycle="monthly" }}`` becomes a form filled
in from the catalog and a complete estimate. Both come from :func:`update`, which the build
calls once for the default state and the reader's browser (``quote_view.browser``, inside
Pyodide) calls on every change: the same code, the same catalog, the same locale data, so the
prerendered estimate and the live one cannot differ.

The default estimate's billing period starts on the view's ``period_start`` and today is its
day ``day`` (default 15): with a start of 2026-11-01 and a monthly cycle, today is 2026-11-15
and the next due date 2026-12-01, the dates of a worked example with ``day="15"``. Its tax is
the language's tax region (the provider's setting), unless the placeholder says otherwise.

Hooks the page's script and the tests rely on (stable): the root's ``data-quote-widget``,
``data-state`` (``static``, ``loading``, ``live``, ``error``) and ``data-request`` (the request
of the estimate shown); ``data-input`` on each input; ``data-hint`` beside each input;
``data-field`` (with ``data-value``) on each output, ``result``, ``status``, ``summary`` and
``due_today`` among them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from quote_view.examples import check_change, example_request
from quote_view.form import FIELDS, FormState, engine_problem, read_form, render_form
from quote_view.html import attr_json, escape
from quote_view.result import render_result
from quote_view.view import View, ViewError

__all__ = ["ARGS", "DEFAULT_DAY", "default_state", "render_widget", "update", "widget_id"]

DEFAULT_DAY = 15
"""Today's day within the default estimate's billing period (the 15th day: start + 14 days)."""

#: The estimator's arguments.
ARGS = frozenset(
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

#: Engine refusals that depend on the target plan alone, shown beside that plan in the list.
PLAN_REFUSALS = ("support_only", "path_not_allowed", "downgrade_not_allowed")


def default_state(view: View, args: Mapping[str, str]) -> FormState:
    """The form's initial state for a placeholder's arguments.

    Raises:
        ViewError: an unknown argument, or an id or value the catalog does not have.
    """
    unknown = sorted(set(args) - ARGS)
    if unknown:
        raise ViewError(
            f"unknown argument {unknown[0]!r} (the estimator takes {', '.join(sorted(ARGS))})"
        )
    for required in ("product", "from", "cycle"):
        if not args.get(required):
            raise ViewError(f'the estimator needs {required}="..."')
    check_change(view, args)
    with_day = {**args, "day": args.get("day", str(DEFAULT_DAY))}
    example = example_request(view, with_day, default_region=view.settings.tax_region)
    current, target = example["current"], example["target"]
    credit = (example.get("account") or {}).get("credit_balance", "")
    digits = view.fmt.currency(example["currency"]).digits
    return FormState(
        product=example["product"],
        plan=current["plan"],
        cycle=current["cycle"],
        due=current["period_end"],
        today=example["today"],
        quantity=view.fmt.number(int(current["quantity"])),
        addons=tuple(current["addons"]),
        to_plan=target["plan"],
        to_cycle=target["cycle"],
        to_quantity=view.fmt.number(int(target["quantity"])),
        to_addons=tuple(target["addons"]),
        currency=example["currency"],
        tax_region=example.get("tax_region") or "",
        credit=view.fmt.decimal(credit, digits) if credit else "",
    )


def plan_labels(view: View, state: FormState, request: Mapping[str, Any] | None) -> list[list[str]]:
    """The "New plan" options: each plan's name, and why it cannot be chosen where it cannot.

    Each other plan is quoted as the target, the rest of the request unchanged; only refusals
    that belong to the plan itself (:data:`PLAN_REFUSALS`) are shown, not those of a date.
    """
    product = view.product(state.product)
    out = []
    for plan_id, plan in product.plans.items():
        label = plan.name(view.lang)
        reason = None
        if plan_id == state.plan:
            reason = view.t("widget.reason.current")
        elif request is not None:
            answer = view.quote({**request, "target": {**request["target"], "plan": plan_id}})
            code = (answer.get("error") or {}).get("code")
            if not answer.get("ok") and code in PLAN_REFUSALS:
                reason = view.t(f"widget.reason.{code}")
        if reason is not None:
            label = view.t("widget.option", plan=label, reason=reason)
        out.append([plan_id, label])
    return out


def _summary(view: View, response: Mapping[str, Any]) -> str:
    if not response.get("ok"):
        return escape(view.t("widget.summary.refused"))
    amount = view.fmt.money(response["due_today"], str(response["currency"]))
    label = escape(view.t("table.due_today"))
    return f"{label} <strong>{escape(amount)}</strong>"


def _hints(
    state: FormState, problems: Mapping[str, str], echoes: Mapping[str, str]
) -> dict[str, dict[str, str | None]]:
    return {
        name: {"problem": problems.get(name), "echo": echoes.get(name)}
        for name in FIELDS
        if name not in ("addons", "to_addons", "plan", "cycle", "to_plan", "to_cycle")
    }


def update(view: View, state: FormState) -> dict[str, Any]:
    """The estimate for a form state, as the page shows it.

    Returns:
        ``state``: ``live`` (an estimate or a refusal to show) or ``invalid`` (an input to fix;
        the estimate on screen is then not the inputs' and is marked so); ``request``; the
        ``result`` and ``summary`` HTML (``None`` when invalid); ``status``, the status line;
        ``hints``, per input its ``problem`` and ``echo`` (how a value was understood);
        ``options``, the "New plan" labels.
    """
    reading = read_form(view, state)
    problems, echoes = dict(reading.problems), reading.echoes
    response = None
    if reading.request is not None:
        response = view.quote(reading.request)
        found = None if response.get("ok") else engine_problem(view, state, response["error"])
        if found is not None:
            problems[found[0]] = found[1]
    out: dict[str, Any] = {
        "request": reading.request,
        "hints": _hints(state, problems, echoes),
        "options": {"to_plan": plan_labels(view, state, reading.request)},
    }
    if problems or response is None:
        first = next(iter(problems.values()), "")
        out.update(
            state="invalid",
            result=None,
            summary=None,
            status=view.t("widget.status.invalid", problem=first),
        )
        return out
    assert reading.request is not None
    out.update(
        state="live",
        result=render_result(view, reading.request, response),
        summary=_summary(view, response),
        status=view.t("widget.status.live"),
    )
    return out


def widget_id(args: Mapping[str, str]) -> str:
    """A page-unique, stable id: the product and a digest of the placeholder's arguments."""
    digest = hashlib.sha256(json.dumps(sorted(args.items())).encode()).hexdigest()[:6]
    return f"qe-{args['product']}-{digest}"


def _hint_html(html: str, hints: Mapping[str, Mapping[str, str | None]], wid: str) -> str:
    """The form with each input's hint filled in (problems marked ``aria-invalid``)."""
    for name, hint in hints.items():
        empty = f'<p class="qe__hint" id="{wid}-{name}-hint" data-hint="{name}"></p>'
        text = hint.get("problem") or hint.get("echo")
        if text and empty in html:
            kind = "problem" if hint.get("problem") else "echo"
            html = html.replace(
                empty,
                f'<p class="qe__hint qe__hint--{kind}" id="{wid}-{name}-hint" '
                f'data-hint="{name}">{escape(text)}</p>',
            )
    return html


def render_widget(view: View, args: Mapping[str, str]) -> str:
    """The estimator's markup with its default estimate prerendered.

    Raises:
        ViewError: unknown arguments or ids, or a default estimate the engine cannot compute
            (a refusal is fine: it is shown as a refusal; a malformed request is a bug).
    """
    state = default_state(view, args)
    answer = update(view, state)
    if answer["state"] != "live":
        raise ViewError(f"the default estimate cannot be computed: {answer['status']}")
    response = view.quote(answer["request"])
    code = (response.get("error") or {}).get("code")
    if code in ("invalid_request", "invalid_catalog", "internal_error"):
        message = (response.get("error") or {}).get("message")
        raise ViewError(f"the quote engine cannot compute the default estimate: {code}: {message}")
    wid = widget_id(args)
    product = view.product(state.product)
    title = view.t("widget.title", product=product.name(view.lang))
    labels = [(value, label) for value, label in answer["options"]["to_plan"]]
    form = _hint_html(render_form(view, wid, state, labels), answer["hints"], wid)
    return (
        f'<div class="qe" id="{wid}" data-quote-widget data-state="static" '
        f'data-product="{escape(state.product)}" data-share="qe-{escape(state.product)}" '
        f'data-request="{attr_json(answer["request"])}" role="region" aria-label="{escape(title)}">'
        f'<p class="qe__title">{escape(title)}</p>'
        + form
        + f'<p class="qe__status" role="status" data-field="status">'
        f"{escape(view.t('widget.status.static'))}</p>"
        f'<button type="button" class="md-button qe__button" data-action="retry" hidden>'
        f"{escape(view.t('widget.retry'))}</button>"
        f'<noscript><p class="qe__noscript">{escape(view.t("widget.noscript"))}</p></noscript>'
        f'<div class="qe__result" data-field="result" aria-live="polite">{answer["result"]}</div>'
        f'<p class="qe__summary" data-field="summary" aria-hidden="true">{answer["summary"]}</p>'
        f'<div class="qe__share" data-share-controls hidden>'
        f'<button type="button" class="md-button qe__button" data-action="copy-link">'
        f"{escape(view.t('widget.copy_link'))}</button>"
        f'<label class="qe__sr" for="{wid}-link">{escape(view.t("widget.link"))}</label>'
        f'<input id="{wid}-link" class="qe__link" type="url" readonly data-field="link" value="">'
        "</div></div>"
    )
