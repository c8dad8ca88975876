"""Search in each language, in Chromium: a query finds pages of the reader's language only."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

# One real query per language: words a customer would type, in that language's script.
QUERIES = {
    "en": ("invoice", "en"),
    "bn": ("ডাউনগ্রেড", "bn"),
    "hi": ("इनवॉइस", "hi"),
    "es": ("factura", "es"),
    "id": ("tagihan", "id"),
    "ms": ("pengebilan", "ms"),
}


def search(page: Any, site_url: str, lang: str, query: str) -> list[str]:
    start = site_url if lang == "en" else f"{site_url}{lang}/"
    page.goto(start)
    page.locator(".hc-search__open").click()
    box = page.locator("[data-hc-search-input]")
    box.fill(query)
    # A function, not a string: the site's CSP forbids evaluating strings.
    page.wait_for_function(
        "() => { const t = document.querySelector('[data-hc-search-status]').textContent;"
        " return t.length > 0 && !t.endsWith('…'); }"
    )
    links: list[str] = page.locator(".hc-search__link").evaluate_all("els => els.map(e => e.href)")
    return links


@pytest.mark.parametrize("lang", list(QUERIES))
def test_query_finds_only_pages_of_the_readers_language(
    page: Any, site_url: str, lang: str
) -> None:
    query, expected = QUERIES[lang]
    hrefs = search(page, site_url, lang, query)
    assert hrefs, f"no result for {query!r} in {lang}"
    for href in hrefs:
        first = urlsplit(href).path.strip("/").split("/")[0]
        found = first if first in QUERIES and first != "en" else "en"
        assert found == expected, f"{query!r} on a {lang} page found {href}"
    titles = page.locator(".hc-search__title").all_inner_texts()
    assert titles and not any("¶" in t for t in titles), titles
    assert page.external_requests == []


def test_hindi_word_before_a_danda_is_found(page: Any, site_url: str) -> None:
    """The danda (।) ends Hindi sentences; the word before it must still be a search term."""
    page.goto(f"{site_url}hi/dns-plan/")
    text = page.locator("article").inner_text()
    word = next(w for w in (t.split()[-1] for t in text.split("।") if t.split()) if len(w) > 2)
    hrefs = search(page, site_url, "hi", word.strip("।"))
    assert any("/hi/dns-plan/" in h for h in hrefs), word


def test_results_are_announced_and_the_dialog_closes_with_escape(page: Any, site_url: str) -> None:
    search(page, site_url, "es", "factura")
    status = page.locator("[data-hc-search-status]")
    assert status.get_attribute("aria-live") == "polite"
    assert "resultado" in status.inner_text()
    page.keyboard.press("Escape")
    assert not page.locator("dialog.hc-search").evaluate("d => d.open")
