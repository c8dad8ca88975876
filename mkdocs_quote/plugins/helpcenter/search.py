"""Search in the reader's language: Pagefind, one index per ``<html lang>``.

Material's lunr search cannot stem Bengali, Indonesian or Malay and merges every language into
one index; Pagefind indexes each language apart, so a Bengali page searches Bengali pages only.
The search box itself is the theme's ``assets/search.js``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

__all__ = ["index_site"]


def index_site(site_dir: Path) -> None:
    """Index the built site with Pagefind (from the pinned ``pagefind`` Python package).

    Raises:
        PluginError: Pagefind failed, with its message.
    """
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--silent",
        # The estimator's form and prerendered figures are not prose to search.
        "--exclude-selectors",
        "[data-quote-widget]",
        # Heading permalinks (¶) are not words; without this they show in titles and excerpts.
        "--exclude-selectors",
        ".headerlink",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PluginError(f"Pagefind could not index {site_dir}: {result.stderr.strip()}")
