"""Upgrade and downgrade proration quotes to the cent, standard library only.

>>> import quote_engine
>>> answer = quote_engine.quote({"product": "dns", "currency": "USD", "today": "2026-11-15",
...     "current": {"plan": "basic", "cycle": "monthly",
...                 "period_start": "2026-11-01", "period_end": "2026-12-01"},
...     "target": {"plan": "start"}, "tax": {"rate": "0.15"}})
>>> answer["due_today"], [line["amount"] for line in answer["lines"]]
('3.06', ['-2.67', '5.33', '0.40'])

The public interface is the contract in ``QUOTE-CONTRACT.md``: :func:`quote`, :func:`quote_json`,
``python -m quote_engine quote`` and :class:`QuoteError`.
"""

from __future__ import annotations

from .api import quote, quote_json
from .errors import QuoteError

__version__ = "1.0.0"

__all__ = ["QuoteError", "__version__", "quote", "quote_json"]
