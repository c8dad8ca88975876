"""``quote-helpcenter new``: a starter a provider builds on, tested as the provider uses it.

The starter is written into a temporary folder outside the repository, built strictly in its
six languages with its own catalog, searched in each language, and its estimator goes live in
Chromium with the command line's total for the starter's own catalog.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mkdocs_quote.cldr import locale_data
from mkdocs_quote.starter import main as starter_main
from quote_engine.catalog import load_catalog_file, validate_catalog
from quote_view.locale import Formatter
from tests.conftest import build_site
from tests.webserver import serve
from tests.languages import CURRENCY, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
# A word of each language's guide that its search must find (the page's own title words).
SEARCH = {
    "en": "upgrade",
    "bn": "আপগ্রেড",
    "hi": "अपग्रेड",
    "es": "alojamiento",
    "id": "hosting",
    "ms": "pengehosan",
}


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("provider") / "help"
    assert not folder.resolve().is_relative_to(ROOT)
    assert starter_main(["new", str(folder)]) == 0
    # The starter's README runs `npm ci`; here the repository's install stands in for it (the
    # lock pins the same Pyodide, checked below), so the test needs no network.
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


@pytest.fixture(scope="module")
def starter_site(starter: Path) -> Path:
    result = build_site(starter / "mkdocs.yml", starter / "site")
    assert result.returncode == 0, result.stderr
    return starter / "site"


def test_new_refuses_to_overwrite(starter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (starter / "catalog.yml").read_bytes()
    assert starter_main(["new", str(starter)]) == 1
    err = capsys.readouterr().err
    assert "refusing to overwrite" in err and str(starter / "catalog.yml") in err
    assert (starter / "catalog.yml").read_bytes() == before


def test_the_starter_lock_pins_the_projects_pyodide(starter: Path) -> None:
    ours = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    theirs = json.loads((starter / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert theirs["node_modules/pyodide"] == ours["node_modules/pyodide"]
    for name, entry in theirs.items():
        if name:
            assert entry == ours[name], name


def test_the_starter_builds_strictly_in_six_languages(starter_site: Path) -> None:
    for lang in LANGUAGES:
        prefix = "" if lang == "en" else f"{lang}/"
        for page in ("index.html", "upgrade/index.html"):
            text = (starter_site / prefix / page).read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in text, (lang, page)
            assert "{{" not in text, (lang, page)
    status = subprocess.run(
        [sys.executable, "-m", "mkdocs_quote.plugins.helpcenter", "status"],
        cwd=starter_site.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    for lang in LANGUAGES[1:]:
        assert f"{lang}: 2 up to date, 0 outdated, 0 missing" in status.stdout, status.stdout


def _cli_quote(starter: Path, request: dict[str, Any]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "quote_engine", "quote", "--catalog", str(starter / "catalog.yml")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ},
    )
    answer: dict[str, Any] = json.loads(out.stdout)
    return answer


def _poll(page: Any, script: str, timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script)
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


@pytest.fixture(scope="module")
def starter_url(starter_site: Path) -> Iterator[str]:
    with serve({"/": starter_site}) as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_starter_estimator_is_live_with_the_cli_total(
    starter: Path, starter_url: str, page: Any, lang: str
) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(f"{starter_url}{prefix}upgrade/")
    state = _poll(
        page,
        "(() => { const r = document.querySelector('[data-quote-widget]');"
        " return r && r.dataset.state === 'live' ? 'live' : ''; })()",
    )
    assert state == "live", page.evaluate("document.querySelector('[data-quote-widget]').dataset.state")
    request = json.loads(
        page.evaluate("document.querySelector('[data-quote-widget]').dataset.request")
    )
    answer = _cli_quote(starter, request)
    assert answer["ok"], answer
    catalog = validate_catalog(load_catalog_file(starter / "catalog.yml"), "catalog.yml")
    units = {code: c.minor_units for code, c in catalog.currencies.items()}
    fmt = Formatter(locale_data(lang, units, list(catalog.taxes)))
    due = fmt.money(answer["due_today"], answer["currency"])
    text = page.evaluate("document.querySelector('[data-quote-widget]').textContent")
    assert answer["currency"] == CURRENCY[lang]
    assert due in text, (due, text[:600])


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_starter_search_finds_its_own_guide(starter_url: str, page: Any, lang: str) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto(f"{starter_url}{prefix}")
    urls = page.evaluate(
        """async ([base, term]) => {
            const pagefind = await import(base + "pagefind/pagefind.js");
            await pagefind.init();
            const found = await pagefind.search(term);
            const data = await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
            return data.map((d) => d.url);
        }""",
        [starter_url, SEARCH[lang]],
    )
    assert any(url.rstrip("/").endswith(f"{prefix}upgrade".rstrip("/")) for url in urls), urls
