"""The one language table of the tests: the six languages the example site is built in, each
with the currency and tax region ``mkdocs.yml`` gives it (``plugins: quote: languages:``).

``tests/site/test_languages_table.py`` checks this table against ``mkdocs.yml``, so a test that
reads a language from here reads what the site builds.
"""

from __future__ import annotations

#: Every language, the default first.
LANGUAGES = ("en", "bn", "hi", "es", "id", "ms")

#: Languages for the behaviour tests (the parity golden covers all six): the default, one with
#: its own digits and one with a decimal comma.
SOME_LANGUAGES = ("en", "bn", "es")

#: Each language's currency.
CURRENCY = {"en": "USD", "bn": "BDT", "hi": "INR", "es": "EUR", "id": "IDR", "ms": "MYR"}

#: Each language's tax region (None: the English pages show prices without tax).
TAX = {"en": None, "bn": "BD", "hi": "IN", "es": "ES", "id": "ID", "ms": "MY"}
