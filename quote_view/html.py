"""Writing HTML safely: every text and attribute value goes through :func:`escape`.

>>> escape('<b class="x">A & B</b>')
'&lt;b class=&quot;x&quot;&gt;A &amp; B&lt;/b&gt;'
>>> attrs({"data-value": "2.66", "hidden": True, "title": None})
' data-value="2.66" hidden'
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

__all__ = ["attr_json", "attrs", "escape"]


def escape(text: object) -> str:
    """Text for HTML content or a double-quoted attribute value."""
    return html.escape(str(text), quote=True)


def attrs(values: Mapping[str, str | bool | None]) -> str:
    """Attributes written in order; ``True`` is a bare attribute, ``None`` and ``False`` none."""
    out = []
    for name, value in values.items():
        if value is True:
            out.append(f" {name}")
        elif value is not None and value is not False:
            out.append(f' {name}="{escape(value)}"')
    return "".join(out)


def attr_json(value: object) -> str:
    """Compact JSON for a double-quoted attribute (quotes, ``<`` and ``&`` escaped)."""
    return escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
