"""Browser-test fixtures: the built site's folder for helpers that read its files."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _site_dir(built_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QE_BUILT_SITE", str(built_site))
