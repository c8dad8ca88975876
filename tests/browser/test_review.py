"""The estimator review's reproductions (../shared/reviews/estimator.md), each as it should now
behave, in Chromium on the built site."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser.test_estimator import (
    LIVE_TIMEOUT,
    article,
    browser_page,
    message,
    recalculated,
    shown_request,
)

pytestmark = pytest.mark.browser


def estimator(page: Any, site_url: str, lang: str, product: str, fragment: str = "") -> Any:
    """The ``product`` estimator of the language's estimate page, live."""
    page.goto(article(site_url, lang, "estimate") + fragment)
    widget = page.locator(f"[data-quote-widget][data-product={product}]")
    widget.scroll_into_view_if_needed()
    page.wait_for_selector(
        f"[data-quote-widget][data-product={product}][data-state=live]", timeout=LIVE_TIMEOUT
    )
    return widget


def status(widget: Any) -> str:
    text: str = widget.locator('[data-field="status"]').inner_text()
    return text


def field_label(widget: Any, name: str) -> str:
    text: str = widget.evaluate(
        f"el => el.querySelector('label[for=\"' + el.querySelector('[data-input=\"{name}\"]')"
        ".id + '\"]').textContent"
    )
    return text


def invalid(widget: Any, name: str) -> bool:
    return bool(widget.locator(f'[data-input="{name}"]').get_attribute("aria-invalid") == "true")


def test_a_spanish_credit_with_a_dot_is_never_read_as_a_thousand_times_more(
    page: Any, site_url: str
) -> None:
    widget = estimator(page, site_url, "es", "hosting")
    widget.locator('[data-input="to_plan"]').select_option("pro")
    credit = widget.locator('[data-input="credit"]')
    recalculated(page, widget, lambda: credit.fill("12.50"))
    hint = widget.locator('[data-hint="credit"]').inner_text()
    balance = (shown_request(widget).get("account") or {}).get("credit_balance")
    assert balance != "1250"
    if invalid(widget, "credit"):
        # Not read: marked, named, and the estimate shown is marked as not the inputs' one.
        assert hint != ""
        assert status(widget) != message("es", "widget.status.live")
        assert "qe--stale" in (widget.get_attribute("class") or "")
    else:
        assert balance == "12.5"
        assert browser_page("es").view.fmt.money("12.50", "EUR") in hint


BROKEN_LINKS = [
    "#qe-hosting=plan.starter~credit.%E0%A4%A",
    "#qe-hosting=credit." + "9" * 1_000_000,
    "#qe-hosting=plan.<img src=x onerror=alert(1)>~to_plan.%ZZ",
]


@pytest.mark.parametrize("fragment", BROKEN_LINKS, ids=["broken-escape", "huge", "hostile"])
def test_a_link_that_cannot_be_read_leaves_the_estimators_live_on_their_defaults(
    page: Any, site_url: str, fragment: str
) -> None:
    page.goto(article(site_url, "en", "estimate"))
    defaults = page.evaluate(
        "() => [...document.querySelectorAll('[data-quote-widget]')].map(w => w.dataset.request)"
    )
    page.goto("about:blank")
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    widget = estimator(page, site_url, "en", "hosting", fragment)
    assert message("en", "widget.link_unreadable") in status(widget)
    assert json.loads(widget.get_attribute("data-request")) == json.loads(defaults[0])
    # The others still work: each goes live when it comes into view.
    dns = page.locator("[data-quote-widget][data-product=dns]")
    dns.scroll_into_view_if_needed()
    page.wait_for_selector("[data-quote-widget][data-product=dns][data-state=live]")
    recalculated(page, dns, lambda: dns.locator('[data-input="to_plan"]').select_option("business"))
    assert shown_request(dns)["target"]["plan"] == "business"
    assert dialogs == []


def test_a_broken_link_set_after_the_page_is_live_is_reported_too(page: Any, site_url: str) -> None:
    widget = estimator(page, site_url, "en", "hosting")
    before = shown_request(widget)
    recalculated(
        page, widget, lambda: page.evaluate(f"location.hash = {json.dumps(BROKEN_LINKS[0])}")
    )
    assert message("en", "widget.link_unreadable") in status(widget)
    assert shown_request(widget) == before


@pytest.mark.parametrize(("name", "typo"), [("credit", "x"), ("today", "")])
def test_a_fixed_typo_clears_its_warning(page: Any, site_url: str, name: str, typo: str) -> None:
    widget = estimator(page, site_url, "en", "dns")
    control = widget.locator(f'[data-input="{name}"]')
    good = control.input_value()
    recalculated(page, widget, lambda: control.fill(typo))
    assert invalid(widget, name)
    assert "qe--stale" in (widget.get_attribute("class") or "")
    assert widget.locator(f'[data-hint="{name}"]').inner_text() != ""
    recalculated(page, widget, lambda: control.fill(good))
    assert not invalid(widget, name)
    assert "qe--stale" not in (widget.get_attribute("class") or "")
    assert status(widget) == message("en", "widget.status.live")
    assert widget.locator(".qe__hint--problem").count() == 0


def test_without_javascript_the_controls_are_disabled_and_the_notice_shown(
    browser: Any, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(article(site_url, "es", "estimate"))
        widgets = page.locator("[data-quote-widget]")
        assert widgets.count() == 5
        for index in range(widgets.count()):
            widget = widgets.nth(index)
            for control in widget.locator("[data-input]").all():
                assert control.is_disabled()
            notice = widget.locator(".qe__noscript")
            assert notice.is_visible()
            assert notice.inner_text() == message("es", "widget.noscript")
            assert widget.locator('[data-field="due_today"], [data-field="error"]').count() == 1
    finally:
        context.close()


@pytest.mark.parametrize("credit", ["12.5", "9" * 40])
def test_an_engine_error_names_the_field_not_the_request_key(
    page: Any, site_url: str, credit: str
) -> None:
    widget = estimator(page, site_url, "id", "dns")
    widget.locator('[data-input="currency"]').select_option("IDR")
    recalculated(page, widget, lambda: widget.locator('[data-input="credit"]').fill(credit))
    shown = status(widget) + widget.locator('[data-hint="credit"]').inner_text()
    assert "account." not in shown and "credit_balance" not in shown
    assert invalid(widget, "credit")
    assert field_label(widget, "credit") in shown
    assert status(widget) != message("id", "widget.status.live")


def test_a_date_outside_the_period_shows_the_period_and_marks_the_date(
    page: Any, site_url: str
) -> None:
    widget = estimator(page, site_url, "en", "radio")
    recalculated(
        page, widget, lambda: widget.locator('[data-input="cycle"]').select_option("monthly")
    )
    recalculated(page, widget, lambda: widget.locator('[data-input="due"]').fill("2027-11-01"))
    marked = [name for name in ("today", "due") if invalid(widget, name)]
    assert marked, "no date field is marked"
    fmt = browser_page("en").view.fmt
    text = status(widget) + " ".join(
        widget.locator(f'[data-hint="{name}"]').inner_text() for name in marked
    )
    assert fmt.date("2027-10-01") in text and fmt.date("2027-10-31") in text, text


TARGETS = "select, input:not([type=checkbox]):not(.qe__link), button:not([hidden]), .qe__check"


def test_touch_targets_are_at_least_44px_on_a_phone(browser: Any, site_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(article(site_url, "bn", "estimate"))
        network = page.locator("[data-quote-widget][data-product=network]")
        network.scroll_into_view_if_needed()
        page.wait_for_selector("[data-quote-widget][data-product=network][data-state=live]")
        small = page.evaluate(
            """() => [...document.querySelectorAll('[data-quote-widget]')].flatMap((w) =>
              [...w.querySelectorAll(TARGETS)]
                .filter((e) => e.getBoundingClientRect().height < 44 && e.offsetParent !== null)
                .map((e) => (e.dataset.input || e.className) + ' '
                            + e.getBoundingClientRect().height))""".replace(
                "TARGETS", repr(TARGETS)
            )
        )
        assert small == []
        page.screenshot(path="/tmp/browser-360.png")
    finally:
        context.close()
