"""Views of the example catalog for the view's tests, as the site builds them."""

from __future__ import annotations

import html
import re
from datetime import date

from mkdocs_quote.cldr import locale_data
from mkdocs_quote.messages import load_messages
from quote_engine.catalog import Catalog, example_catalog_validated
from quote_view.locale import Formatter
from quote_view.messages import Messages
from quote_view.view import LanguageSettings, View
from tests.languages import CURRENCY, TAX

PERIOD_START = date(2026, 11, 1)


def make_view(lang: str, catalog: Catalog | None = None, tax: str | None | bool = True) -> View:
    """``lang``'s view as mkdocs.yml sets it (``tax=False``: no tax region)."""
    catalog = catalog or example_catalog_validated()
    messages = load_messages(lang)
    units = {code: c.minor_units for code, c in catalog.currencies.items()}
    fmt = Formatter(locale_data(lang, units, list(catalog.taxes)))
    defaults = {k[len("settings.") :]: v for k, v in messages.items() if k.startswith("settings.")}
    region = TAX[lang] if tax is True else (tax or None)
    return View(
        catalog,
        Messages(messages, fmt),
        LanguageSettings(CURRENCY[lang], region, defaults),
        PERIOD_START,
    )


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def args(**kw: str) -> dict[str, str]:
    """Placeholder arguments; ``from_`` stands for ``from``."""
    return {k.rstrip("_"): v for k, v in kw.items()}


def first(pattern: str, fragment: str) -> str:
    found = re.search(pattern, fragment, re.DOTALL)
    assert found is not None, (pattern, fragment[:400])
    return html.unescape(found.group(1))


def rows_of(fragment: str) -> list[tuple[str, str]]:
    return [
        (text_of(a), text_of(b))
        for a, b in re.findall(
            r"<tr[^>]*><t[dh][^>]*>(.*?)</t[dh]><td[^>]*>(.*?)</td></tr>", fragment
        )
    ]
