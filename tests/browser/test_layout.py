"""Phone-sized reading: Bengali and Hindi articles at 360 px wide, in real fonts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.mark.parametrize(("lang", "article"), [("bn", "upgrade-hosting"), ("hi", "dns-plan")])
def test_article_fits_a_360px_phone(browser: Any, site_url: str, lang: str, article: str) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    try:
        page.goto(f"{site_url}{lang}/{article}/")
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate(
            "() => [...document.querySelectorAll('article *')]"
            ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
            " && !e.closest('.md-typeset__scrollwrap, pre, .qe-scroll'))"
            ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
        )
        assert overflow == [], f"elements wider than the phone: {overflow}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # The script renders: glyphs of the page's language have a real width (no tofu boxes
        # of the same width for every character).
        widths = page.evaluate(
            """() => { const c = document.createElement('canvas').getContext('2d');
                c.font = getComputedStyle(document.querySelector('article h1')).font;
                return ['ক','খ','ঙ','क','ख','ङ'].map(ch => c.measureText(ch).width); }"""
        )
        assert len(set(widths)) > 2, widths
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{lang}-{article}-360.png"), full_page=False)
    finally:
        context.close()
