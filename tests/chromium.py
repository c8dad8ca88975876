"""How the tests and ``make bench`` start Debian's Chromium (never ``playwright install``)."""

from __future__ import annotations

#: Headless, no sandbox (containers), no GPU, and nothing Chromium would fetch on its own.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
