"""The billing period as a bar: the days used, the days credited or kept, a new period.

The bar is an SVG that stretches to the column's width; its words are HTML (a legend and the
period's two ends), never SVG text that would shrink with the bar on a phone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from quote_view.html import escape
from quote_view.view import View

__all__ = ["Segment", "render_timeline", "segments"]

#: Width of the timeline's coordinate system; the bar stretches to the page's width.
WIDTH = 600
_BAR_H = 24


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the timeline: ``kind`` is ``used``, ``credited``, ``kept`` or ``new``."""

    kind: str
    start: date
    end: date


def segments(request: Mapping[str, Any], response: Mapping[str, Any]) -> list[Segment]:
    """The billing period drawn from a quote, in order.

    Days before today are ``used``; the rest of the paid period is ``credited`` when the quote
    credits the plan's unused days, else ``kept`` (the old plan runs on, or no credit is given);
    a new period that runs past the old due date (a restart) adds ``new``.

    >>> req = {"today": "2026-11-15",
    ...        "current": {"period_start": "2026-11-01", "period_end": "2026-12-01"}}
    >>> [s.kind for s in segments(req, {"period_end": "2026-12-01",
    ...                                 "lines": [{"code": "credit_unused"}]})]
    ['used', 'credited']
    """
    current = request["current"]
    start = date.fromisoformat(current["period_start"])
    end = date.fromisoformat(current["period_end"])
    today = date.fromisoformat(request["today"])
    new_end = date.fromisoformat(response["period_end"])
    credited = any(line["code"] == "credit_unused" for line in response.get("lines", []))
    out = [Segment("used", start, today)] if today > start else []
    if end > today:
        out.append(Segment("credited" if credited else "kept", today, end))
    if new_end > end:
        out.append(Segment("new", end, new_end))
    return out


def _num(value: float) -> str:
    """An SVG coordinate: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def render_timeline(view: View, request: Mapping[str, Any], response: Mapping[str, Any]) -> str:
    """The billing period as a bar with its dates and a legend; "" when there is no period."""
    parts = segments(request, response)
    if not parts:
        return ""
    first = parts[0].start
    last = max(s.end for s in parts)
    span = max((last - first).days, 1)
    today = date.fromisoformat(request["today"])
    due = date.fromisoformat(response["period_end"])

    def x(day: date) -> float:
        return float(_num(WIDTH * (day - first).days / span))

    summary = view.t(
        "widget.timeline.summary",
        start=view.date(first.isoformat()),
        end=view.date(request["current"]["period_end"]),
        today=view.date(today.isoformat()),
        due=view.date(due.isoformat()),
    )
    shapes = [
        f'<rect class="qe-tl__{s.kind}" x="{_num(x(s.start))}" y="0" '
        f'width="{_num(x(s.end) - x(s.start))}" height="{_BAR_H}"></rect>'
        for s in parts
    ]
    items = [
        f'<li><span class="qe-tl__swatch qe-tl__{s.kind}" aria-hidden="true"></span>'
        f"{escape(view.t(f'widget.timeline.{s.kind}', count=(s.end - s.start).days))}</li>"
        for s in parts
    ]
    for kind, day in (("today", today), ("due", due)):
        shapes.append(
            f'<line class="qe-tl__{kind}-mark" x1="{_num(x(day))}" x2="{_num(x(day))}" '
            f'y1="0" y2="{_BAR_H}"></line>'
        )
        text = view.t(f"widget.timeline.{kind}", date=view.date(day.isoformat()))
        items.append(
            f'<li><span class="qe-tl__mark qe-tl__mark--{kind}" aria-hidden="true"></span>'
            f"{escape(text)}</li>"
        )
    return (
        '<figure class="qe-tl" data-field="timeline">'
        f'<svg viewBox="0 0 {WIDTH} {_BAR_H}" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(summary)}" focusable="false">' + "".join(shapes) + "</svg>"
        f'<p class="qe-tl__ends"><span>{escape(view.date(first.isoformat()))}</span>'
        f"<span>{escape(view.date(last.isoformat()))}</span></p>"
        f'<ul class="qe-tl__legend">{"".join(items)}</ul></figure>'
    )
