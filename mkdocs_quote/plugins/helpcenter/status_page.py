"""``{{ translation_status }}``: the translators' table of every page in every language.

Written in the reader's language and digits; rendered at build time from
:func:`mkdocs_quote.plugins.helpcenter.status.report`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from mkdocs_quote.plugins.helpcenter import status
from quote_view.locale import Formatter

__all__ = ["PLACEHOLDER", "status_table"]

PLACEHOLDER = re.compile(r"^\{\{\s*translation_status\s*\}\}\s*$", re.MULTILINE)


def status_table(
    entries: Sequence[status.Entry], langs: Sequence[str], msg: dict[str, Any], fmt: Formatter
) -> str:
    """The table as Markdown, then one line per language counting its pages."""
    word = {
        status.Status.MISSING: msg["status.missing"],
        status.Status.OUTDATED: msg["status.outdated"],
        status.Status.CURRENT: msg["status.current"],
    }
    by_key = {(e.page, e.lang): e for e in entries}
    pages = list(dict.fromkeys(e.page for e in entries))
    rows = [
        "| " + msg["status.page"] + " | " + " | ".join(f"`{lang}`" for lang in langs) + " |",
        "|---" * (len(langs) + 1) + "|",
    ]
    for name in pages:
        cells = []
        for lang in langs:
            entry = by_key[(name, lang)]
            cells.append(
                f'<span class="hc-status hc-status--{entry.status.value}">'
                f"{word[entry.status]}</span>"
            )
        rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
    summary = []
    for lang in langs:
        mine = [e for e in entries if e.lang == lang]
        count = {s: fmt.number(sum(1 for e in mine if e.status is s)) for s in status.Status}
        line = str(msg["status.summary"])
        for name, value in (
            ("lang", f"`{lang}`"),
            ("current", count[status.Status.CURRENT]),
            ("outdated", count[status.Status.OUTDATED]),
            ("missing", count[status.Status.MISSING]),
        ):
            line = line.replace("{" + name + "}", value)
        summary.append("- " + line)
    return "\n".join(rows) + "\n\n" + "\n".join(summary) + "\n"
