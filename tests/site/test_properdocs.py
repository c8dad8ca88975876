"""The help center also builds under properdocs, the maintained continuation of MkDocs 1.x.

Material for MkDocs 9.x reaches end of life on 2027-05-05 and MkDocs 2.0 drops plugins; the
site must keep building. properdocs redirects ``mkdocs.*`` imports to itself, so the same
plugins and theme run; this test builds the real site with it and compares the pages with the
MkDocs build of the session (``built_site``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _article(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    found = re.search(r"<article.*?</article>", text, re.DOTALL)
    assert found is not None, path
    return found.group(0)


@pytest.mark.slow
def test_properdocs_builds_the_same_site(built_site: Path, tmp_path: Path) -> None:
    pytest.importorskip("properdocs")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(built_site) for p in built_site.rglob("*.html"))
    assert pages == sorted(p.relative_to(site) for p in site.rglob("*.html"))
    for lang in ("", "bn/", "hi/", "es/", "id/", "ms/"):
        for page in ("how-charges-work", "estimate", "email"):
            name = f"{lang}{page}/index.html"
            assert _article(site / name) == _article(built_site / name), name
    assert (site / "pagefind").is_dir()
