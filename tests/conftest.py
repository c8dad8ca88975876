"""Fixtures shared by every test layer.

- ``built_site``: the real site (mkdocs.yml at the repository root, all six languages) built
  once per session into a temporary folder with ``mkdocs build --strict``. Set ``QE_SITE_DIR``
  to a folder built beforehand to skip the build while iterating on tests.
- ``site_url``: that folder served on 127.0.0.1 (a free port) for the whole session.
- ``browser`` / ``page``: Debian's Chromium driven by Playwright's Python package. Every request
  to a host other than 127.0.0.1 is aborted and recorded in ``page.external_requests``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.chromium import CHROMIUM_ARGS
from tests.webserver import serve

ROOT = Path(__file__).resolve().parent.parent


def build_site(config: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` in a subprocess (a fresh interpreter per build)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(config),
            "-d",
            str(site_dir),
            *extra,
        ],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    prebuilt = os.environ.get("QE_SITE_DIR")
    if prebuilt:
        return Path(prebuilt)
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(ROOT / "mkdocs.yml", site_dir)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return site_dir


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve({"/": built_site}) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `make setup`", pytrace=False)
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1",)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context and page; other hosts are blocked and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    pg = context.new_page()
    external: list[str] = []
    console_errors: list[str] = []

    def guard(route: Any) -> None:
        if _local(route.request.url):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pg.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    pg.external_requests = external
    pg.console_errors = console_errors
    try:
        yield pg
    finally:
        context.close()
