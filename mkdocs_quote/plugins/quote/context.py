"""What a placeholder renderer gets to know about the page it renders into.

The plugin builds one :class:`RenderContext` per page and language; renderers (tables, worked
examples, the estimator's markup) read it and never reach into MkDocs themselves, so they can be
tested without a build.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


class Formatter(Protocol):
    """Locale-aware formatting (Babel/CLDR) for one language."""

    def money(self, amount: str, currency: str) -> str:
        """``"1234.50", "INR"`` -> ``"₹1,234.50"`` in hi; Bengali digits in bn; IDR 0 decimals."""

    def date(self, iso: str, style: str = "medium") -> str:
        """``"2026-12-01"`` -> the locale's ``medium`` (tables) or ``long`` (sentences) date."""

    def number(self, value: int | str) -> str:
        """An integer or decimal string in the locale's digits and grouping."""

    def percent(self, rate: str) -> str:
        """A rate as a decimal string (``"0.15"``) -> ``"15%"`` (``"১৫%"`` in bn)."""

    def plural(self, count: int | str) -> str:
        """The CLDR plural category of ``count``: ``"one"``, ``"other"``, ..."""

    def join(self, items: list[str]) -> str:
        """Items joined as the language writes a list: ``"A, B and C"``."""


@dataclass(frozen=True, slots=True)
class Assets:
    """Site-root-relative URLs of the files the estimator needs, by logical name.

    Names: ``"wheel"``, ``"catalog"``, ``"pyodide"`` (the directory holding pyodide.mjs and its
    files, ending in ``/``), ``"widget.js"``, ``"widget.css"``, ``"worker.js"`` and any the
    runtime adds (for example ``"snapshot"``). Every URL carries a content hash.
    """

    urls: Mapping[str, str] = field(default_factory=dict)

    def url(self, name: str, base_url: str) -> str:
        return base_url + self.urls[name]


@dataclass(frozen=True, slots=True)
class RenderContext:
    """The page being rendered.

    Attributes:
        lang: the page's language code (en, bn, hi, es, id, ms).
        currency: the default currency for this language (en USD, bn BDT, ...).
        tax_region: the default example tax region for this language, or None (en).
        catalog: the validated catalog, as plain dicts (the same data the browser gets as JSON).
        messages: this language's strings, build and widget merged, falling back to English key
            by key. A value is a string with ``{name}`` fields, or a dict of CLDR plural forms
            (``{"one": ..., "other": ...}``).
        fmt: the language's formatter.
        assets: the estimator's asset URLs.
        base_url: the relative path from the page to the site root (``""``, ``"../"``, ...).
        example_period_start: the first day of every worked example's billing period.
        page: the page's source path, for error messages (``"dns-plan.bn.md"``).
        validated: the same catalog as validated by the engine (a ``quote_engine.catalog.Catalog``)
            or None; :meth:`quote` passes it so the engine does not validate per quote.
    """

    lang: str
    currency: str
    tax_region: str | None
    catalog: Mapping[str, Any]
    messages: Mapping[str, Any]
    fmt: Formatter
    assets: Assets
    base_url: str
    example_period_start: date
    page: str = ""
    validated: Any = None

    def quote(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """``quote_engine.quote(request)`` against this context's catalog.

        The validated catalog is reused when the plugin made one (validating the whole catalog
        took most of the build time when done once per quote).
        """
        from quote_engine import quote

        catalog = self.validated if self.validated is not None else dict(self.catalog)
        return quote(dict(request), catalog)
