"""The words and numbers around a quote, written once for the build and the reader's browser.

Standard library only, like the engine it reads: the MkDocs build renders prices, tables,
worked examples and the estimator's default estimate with it (CPython), and the estimator's
worker runs the very same modules inside Pyodide to redraw an estimate live. Locale data (CLDR,
read from Babel at build time) travels with the page, so both sides write every number alike.

Modules, from the ground up: ``plurals`` (CLDR plural rules), ``locale`` (numbers, money,
dates, lists), ``typed`` (reading what readers type), ``messages`` (interface strings),
``view`` (catalog, language and settings together), ``lines``, ``timeline``, ``result``,
``examples``, ``tables``, ``form``, ``estimator``, and ``browser`` (the worker's entry point).
"""

from __future__ import annotations

__all__: list[str] = []
