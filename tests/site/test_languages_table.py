"""The tests' language table (tests/languages.py) says what mkdocs.yml builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mkdocs_quote.plugins.helpcenter.status import configured_languages
from tests.languages import CURRENCY, LANGUAGES, SOME_LANGUAGES, TAX

ROOT = Path(__file__).resolve().parents[2]


def _quote_languages() -> dict[str, Any]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "quote" in plugin:
            languages: dict[str, Any] = plugin["quote"]["languages"]
            return languages
    raise AssertionError("mkdocs.yml has no quote plugin")


def test_the_table_lists_the_languages_the_site_builds() -> None:
    assert LANGUAGES == ("en", *configured_languages(ROOT / "mkdocs.yml"))
    assert set(SOME_LANGUAGES) <= set(LANGUAGES)


def test_the_table_gives_each_language_its_currency_and_tax_region() -> None:
    settings = _quote_languages()
    assert {lang: settings[lang]["currency"] for lang in LANGUAGES} == CURRENCY
    regions = {lang: settings[lang]["tax_region"] for lang in LANGUAGES}
    assert {lang: None if r == "none" else r for lang, r in regions.items()} == TAX
