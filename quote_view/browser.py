"""The view inside the reader's browser: JSON in, JSON out, for the page's script.

The estimator's worker (``mkdocs_quote/static/worker/``) starts Pyodide, the engine and this
module, then answers each change of a form with :meth:`Page.update`. The page's config (the
``view`` part of its ``#hc-config`` element, written by the build with the same data the build
rendered the page from) makes the :class:`Page`.

>>> from quote_engine.catalog import example_catalog_text
>>> from quote_view.locale import EXAMPLE
>>> config = {"lang": "bn", "locale": EXAMPLE, "messages": {}, "period_start": "2026-11-01",
...           "settings": {"currency": "BDT", "tax_region": None, "values": {}}}
>>> page = Page(json.dumps(config), example_catalog_text())
>>> page.view.product("dns").name("bn")
'ডিএনএস সার্ভিস'
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from quote_engine.api import catalog_from_text
from quote_view.estimator import update
from quote_view.form import FormState
from quote_view.locale import Formatter, LocaleData
from quote_view.messages import Messages
from quote_view.view import LanguageSettings, View

__all__ = ["Page", "page_config"]

#: Message key prefixes the browser's view uses (worked-example sentences stay at build time).
MESSAGE_PREFIXES = (
    "widget.",
    "line.",
    "error.",
    "alt.",
    "cycle.",
    "kind.",
    "table.",
    "tax.",
    "ordinal.",
    "format.",
    "sentence.unit",
)


def page_config(view: View, messages: dict[str, Any]) -> dict[str, Any]:
    """What a page tells the browser's view: the language's data, words and settings."""
    return {
        "lang": view.lang,
        "locale": view.fmt.data.to_json(),
        "messages": {k: v for k, v in messages.items() if k.startswith(MESSAGE_PREFIXES)},
        "period_start": view.period_start.isoformat(),
        "settings": {
            "currency": view.settings.currency,
            "tax_region": view.settings.tax_region,
            "values": dict(view.settings.values),
        },
    }


class Page:
    """The estimators of one page: its language's view over the catalog the site was built from.

    Args:
        config_json: :func:`page_config` as JSON text.
        catalog_json: The catalog as JSON text (validated once, then cached by the engine).
    """

    def __init__(self, config_json: str, catalog_json: str) -> None:
        config = json.loads(config_json)
        fmt = Formatter(LocaleData.from_json(config["locale"]))
        settings = config["settings"]
        self.view = View(
            catalog_from_text(catalog_json, "catalog"),
            Messages(config["messages"], fmt),
            LanguageSettings(
                settings["currency"], settings.get("tax_region"), dict(settings.get("values") or {})
            ),
            date.fromisoformat(config["period_start"]),
        )

    def update(self, product: str, form_json: str) -> str:
        """The estimate for one estimator's inputs (JSON text) as JSON text."""
        state = FormState.from_json(product, json.loads(form_json))
        return json.dumps(update(self.view, state), ensure_ascii=False, separators=(",", ":"))
