"""The live estimator in Chromium, on the built site, in every language.

Each test opens an article with an estimator (the lead's ``site_url`` and ``page`` fixtures:
the real build served on 127.0.0.1, other hosts blocked and recorded), scrolls the estimator
into view, and waits for Pyodide to take over from the prerendered estimate.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.languages import CURRENCY, LANGUAGES, SOME_LANGUAGES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
LIVE_TIMEOUT = 60_000
WIDGET = "[data-quote-widget]"

# Collected before any page script runs; the worker's own violations arrive as "qe:csp" events.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI));
document.addEventListener('qe:csp', (e) =>
  window.__cspViolations.push('worker ' + e.detail.directive + ' ' + e.detail.blocked));
"""


def article(site_url: str, lang: str, name: str) -> str:
    return f"{site_url}{'' if lang == 'en' else lang + '/'}{name}/"


def message(lang: str, key: str, **values: object) -> str:
    """A message as the page's view fills it (the build's config for that language)."""
    text: str = view_of(lang).t(key, **values)
    return text


def view_of(lang: str) -> Any:
    """The view the worker runs for a language's pages, built here from the built page's config."""
    return browser_page(lang).view


_PAGES: dict[tuple[str, str], Any] = {}


def browser_page(lang: str, site: Path | None = None) -> Any:
    """``quote_view.browser.Page`` from a built page's ``#hc-config`` and the catalog the site
    ships (the session's built site unless another is given)."""
    import html as html_lib
    import os

    from quote_view.browser import Page

    site = site or Path(os.environ["QE_BUILT_SITE"])
    if (str(site), lang) not in _PAGES:
        text = (site / ("" if lang == "en" else lang) / "estimate" / "index.html").read_text(
            "utf-8"
        )
        match = re.search(r'<script[^>]*id="hc-config"[^>]*>(.*?)</script>', text, re.S)
        assert match is not None
        config = json.loads(html_lib.unescape(match.group(1)) if "&quot;" in match.group(1)
                            else match.group(1))  # fmt: skip
        catalog = next((site / "assets" / "quote").glob("catalog.*.json")).read_text("utf-8")
        _PAGES[str(site), lang] = Page(json.dumps(config["estimator"]["view"]), catalog)
    return _PAGES[str(site), lang]


def cli_quote(request: dict[str, Any]) -> dict[str, Any]:
    """``python -m quote_engine quote`` for a request (the site's catalog is the example one)."""
    done = subprocess.run(
        [sys.executable, "-m", "quote_engine", "quote"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def go_live(page: Any, url: str, selector: str = WIDGET) -> Any:
    page.add_init_script(WATCH_CSP)
    page.goto(url)
    widget = page.locator(selector).first
    widget.scroll_into_view_if_needed()
    page.wait_for_selector(f"{selector}[data-state=live]", timeout=LIVE_TIMEOUT)
    return widget


def shown_request(widget: Any) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(widget.get_attribute("data-request"))
    return result


def recalculated(page: Any, widget: Any, action: Any) -> None:
    """Run ``action`` (an input change) and wait for the widget's next live result."""
    widget.evaluate(
        "el => { el.__next = new Promise((done) => el.addEventListener('qe:result',"
        " (e) => done(e.detail.answer.state), {once: true})); }"
    )
    action()
    wait_until(page, "el => el.__next.then(() => true)", widget.element_handle())


def wait_until(page: Any, script: str, arg: Any = None, timeout_ms: int = 10_000) -> None:
    """Poll ``script`` with ``evaluate`` (the page's CSP forbids ``wait_for_function``'s eval)."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"timed out waiting for: {script}"
        page.wait_for_timeout(50)


def due_today(widget: Any) -> str:
    value: str = widget.locator('[data-field="due_today"]').get_attribute("data-value")
    return value


# -- going live ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_goes_live_with_the_engines_total(page: Any, site_url: str, lang: str) -> None:
    widget = go_live(page, article(site_url, lang, "dns-plan"))
    request = shown_request(widget)
    assert request["currency"] == CURRENCY[lang]
    expected = cli_quote(request)
    assert expected["ok"] is True
    assert due_today(widget) == expected["due_today"]
    lines = widget.locator('[data-field="lines"] tr')
    assert [row.get_attribute("data-code") for row in lines.all()] == [
        line["code"] for line in expected["lines"] if line["code"] != "tax"
    ]
    # The tax line stands once, under the subtotal.
    taxed = any(line["code"] == "tax" for line in expected["lines"])
    assert widget.locator('tr[data-code="tax"]').count() == (1 if taxed else 0)
    assert widget.locator('[data-field="status"]').inner_text() == message(
        lang, "widget.status.live"
    )
    assert page.evaluate("window.__cspViolations") == []
    assert page.external_requests == []


# -- using it --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", SOME_LANGUAGES)
def test_a_changed_input_updates_the_estimate(page: Any, site_url: str, lang: str) -> None:
    widget = go_live(page, article(site_url, lang, "dns-plan"))
    before = due_today(widget)
    recalculated(
        page, widget, lambda: widget.locator('[data-input="to_plan"]').select_option("business")
    )
    request = shown_request(widget)
    assert request["target"]["plan"] == "business"
    expected = cli_quote(request)
    assert due_today(widget) == expected["due_today"] != before

    # A tax region and a credit balance typed the local way.
    region = {"en": "BD", "bn": "BD", "hi": "IN", "es": "ES", "id": "ID", "ms": "MY"}[lang]
    recalculated(
        page, widget, lambda: widget.locator('[data-input="tax_region"]').select_option(region)
    )
    request = shown_request(widget)
    assert request["tax_region"] == region
    assert (
        widget.locator('[data-field="tax"]').get_attribute("data-value")
        == cli_quote(request)["tax"]
    )


@pytest.mark.parametrize("lang", SOME_LANGUAGES)
def test_a_refusal_shows_its_reason_and_what_to_do(page: Any, site_url: str, lang: str) -> None:
    widget = go_live(page, article(site_url, lang, "upgrade-hosting"))
    target = widget.locator('[data-input="to_plan"]')
    reason = message(lang, "widget.reason.support_only")
    vps = target.locator('option[value="vps-1"]')
    assert f"({reason})" in vps.inner_text()
    recalculated(page, widget, lambda: target.select_option("vps-1"))
    error = widget.locator('[data-field="error"]')
    assert error.get_attribute("data-value") == "support_only"
    assert error.inner_text() == message(lang, "error.support_only")
    alternative = widget.locator('[data-field="alternative"]')
    assert alternative.get_attribute("data-value") == "contact_support"
    assert message(lang, "alt.contact_support") in alternative.inner_text()
    assert widget.locator('[data-field="due_today"]').count() == 0


@pytest.mark.parametrize("lang", ["bn", "es"])
def test_a_refusal_names_the_request_window_in_local_dates(
    page: Any, site_url: str, lang: str
) -> None:

    widget = go_live(page, article(site_url, lang, "email"))
    recalculated(
        page, widget, lambda: widget.locator('[data-input="plan"]').select_option("mail-pro")
    )
    recalculated(
        page, widget, lambda: widget.locator('[data-input="to_plan"]').select_option("mail-start")
    )
    recalculated(page, widget, lambda: widget.locator('[data-input="today"]').fill("2026-11-20"))
    error = widget.locator('[data-field="error"]')
    assert error.get_attribute("data-value") == "downgrade_outside_window"
    view = view_of(lang)
    fmt = view.fmt
    # Dates as the language writes them in estimates (bn and hi: full month names).
    dates = {"window_opens": view.date("2026-12-02"), "window_closes": view.date("2026-12-17")}
    # The refusal states the rule and the due date it applies to (the window for 1 December
    # has closed, so the next one); the alternative gives the window's dates.
    rule = {
        "days_max": fmt.number(30),
        "days_min": fmt.number(15),
        "due_date": view.date("2027-01-01"),
    }
    assert error.inner_text() == message(lang, "error.downgrade_outside_window", **rule)
    alternative = widget.locator('[data-field="alternative"]')
    assert alternative.get_attribute("data-value") == "request_in_window"
    assert message(lang, "alt.request_in_window", **dates) in alternative.inner_text()


@pytest.mark.parametrize("lang", SOME_LANGUAGES)
def test_the_share_link_restores_the_same_estimate(page: Any, site_url: str, lang: str) -> None:
    widget = go_live(page, article(site_url, lang, "email"))
    recalculated(
        page, widget, lambda: widget.locator('[data-input="to_plan"]').select_option("mail-start")
    )
    recalculated(page, widget, lambda: widget.locator('[data-input="to_quantity"]').fill("9"))
    recalculated(page, widget, lambda: widget.locator('[data-input="today"]').fill("2026-11-20"))
    link = widget.locator('[data-field="link"]').input_value()
    assert "#qe-email=" in link
    # The address bar follows the inputs too, once they rest.
    wait_until(page, "(link) => location.href === link", link)
    request, total = shown_request(widget), due_today(widget)
    assert request["target"]["quantity"] == 9
    assert request["today"] == "2026-11-20"

    other = page.context.new_page()
    other.goto(link)
    other.wait_for_selector(f"{WIDGET}[data-state=live]", timeout=LIVE_TIMEOUT)
    restored = other.locator(WIDGET).first
    assert shown_request(restored) == request
    assert due_today(restored) == total == cli_quote(request)["due_today"]
    assert restored.locator('[data-input="to_quantity"]').input_value() == "9"


def test_copy_link_puts_the_link_on_the_clipboard(browser: Any, site_url: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        widget = go_live(page, article(site_url, "en", "dns-plan"))
        recalculated(
            page, widget, lambda: widget.locator('[data-input="to_plan"]').select_option("business")
        )
        widget.locator('[data-action="copy-link"]').click()
        wait_until(page, "() => navigator.clipboard.readText().then(t => t.includes('#qe-dns='))")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "to_plan.business" in copied
        assert widget.locator('[data-field="status"]').inner_text() == message(
            "en", "widget.link_copied"
        )
    finally:
        context.close()


def test_the_keyboard_alone_can_change_the_estimate(page: Any, site_url: str) -> None:
    widget = go_live(page, article(site_url, "en", "dns-plan"))
    widget.locator('[data-input="to_plan"]').focus()
    before = due_today(widget)
    recalculated(page, widget, lambda: page.keyboard.press("ArrowDown"))
    assert due_today(widget) != before
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('data-input')")
    assert focused == "to_cycle"


def test_a_malformed_credit_is_named_not_sent(page: Any, site_url: str) -> None:
    widget = go_live(page, article(site_url, "es", "dns-plan"))
    credit = widget.locator('[data-input="credit"]')
    before = shown_request(widget)
    credit.fill("12,5x")
    wait_until(page, "el => !!el.querySelector('[aria-invalid=true]')", widget.element_handle())
    status = widget.locator('[data-field="status"]').inner_text()
    problem = widget.locator('[data-hint="credit"]').inner_text()
    assert problem != ""
    assert status == message("es", "widget.status.invalid", problem=problem)
    assert shown_request(widget) == before
    # The Spanish decimal comma is understood: 1,50 is one euro fifty.
    recalculated(page, widget, lambda: credit.fill("1,50"))
    request = shown_request(widget)
    assert request["account"]["credit_balance"] == "1.5"
    assert widget.locator('[data-field="balance_applied"]').get_attribute("data-value") == "-1.50"


# -- start-up and failure --------------------------------------------------------------------


def test_a_page_without_an_estimator_loads_no_python(page: Any, site_url: str) -> None:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(article(site_url, "en", "glossary"))
    page.wait_for_load_state("networkidle")
    assert page.locator(WIDGET).count() == 0
    assert [u for u in seen if re.search(r"pyodide|worker\.|\.whl|/assets/quote/", u)] == []


def test_python_starts_only_when_the_estimator_comes_into_view(page: Any, site_url: str) -> None:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(article(site_url, "en", "dns-plan"))
    page.wait_for_load_state("networkidle")
    widget = page.locator(WIDGET).first
    assert widget.evaluate("el => el.getBoundingClientRect().top > window.innerHeight + 200")
    assert [u for u in seen if "pyodide" in u or "/worker." in u] == []
    assert widget.get_attribute("data-state") == "static"
    widget.scroll_into_view_if_needed()
    page.wait_for_selector(f"{WIDGET}[data-state=live]", timeout=LIVE_TIMEOUT)
    fetched = {u.rsplit("/", 1)[1] for u in seen if "/pyodide-" in u}
    # Exactly the runtime's files; the snapshot only when the network is fast (localhost is).
    required = {
        "pyodide.mjs",
        "pyodide.asm.mjs",
        "pyodide.asm.wasm.gz",
        "python_stdlib.zip",
        "quote_engine.pyc.zip",
    }
    assert required <= fetched <= required | {"snapshot.bin.gz"}


def test_a_page_that_arrives_slowly_still_starts_its_estimator(page: Any, site_url: str) -> None:
    """A slow connection delivers the page's HTML in pieces while its small scripts have
    long arrived: the estimator's script must wait for the whole page (its config and every
    estimator come after it), not run on half a document and leave the estimate static.
    """
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    slow = {
        "offline": False,
        "latency": 40,
        "downloadThroughput": 250_000,
        "uploadThroughput": 250_000,
    }
    cdp.send("Network.emulateNetworkConditions", slow)
    page.goto(article(site_url, "en", "dns-plan") + "#estimate", wait_until="domcontentloaded")
    fast = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", fast)
    page.locator(WIDGET).first.scroll_into_view_if_needed()
    page.wait_for_selector(f"{WIDGET}[data-state=live]", timeout=LIVE_TIMEOUT)
    states = page.locator(WIDGET).evaluate_all("all => all.map((w) => w.dataset.state)")
    assert "static" not in states


@pytest.mark.parametrize("lang", SOME_LANGUAGES)
def test_when_python_cannot_start_the_prerendered_estimate_stays(
    page: Any, site_url: str, lang: str
) -> None:
    page.route(re.compile(r".*\.wasm(\.gz)?$"), lambda route: route.abort())
    page.add_init_script(WATCH_CSP)
    page.goto(article(site_url, lang, "dns-plan"))
    widget = page.locator(WIDGET).first
    prerendered = widget.locator("[data-field=result]").inner_text()
    total = due_today(widget)
    widget.scroll_into_view_if_needed()
    page.wait_for_selector(f"{WIDGET}[data-state=error]", timeout=LIVE_TIMEOUT)
    reason = message(lang, "widget.error.download")
    assert widget.locator('[data-field="status"]').inner_text() == message(
        lang, "widget.status.error", reason=reason
    )
    assert widget.locator("[data-field=result]").inner_text() == prerendered
    assert due_today(widget) == total
    assert "NaN" not in prerendered
    # Nothing can be recalculated now: the form is frozen on the estimate it shows.
    assert widget.locator('[data-input="to_plan"]').is_disabled()
    assert json.loads(widget.get_attribute("data-request"))["target"]["plan"] == (
        widget.locator('[data-input="to_plan"]').input_value()
    )


def test_a_missing_worker_script_is_an_error_not_a_spinner(page: Any, site_url: str) -> None:
    page.route(
        re.compile(r".*/worker-[0-9a-f]+/worker\.js$"), lambda route: route.fulfill(status=404)
    )
    widget = go_live_or_error(page, article(site_url, "en", "dns-plan"))
    assert widget.get_attribute("data-state") == "error"
    assert due_today(widget) == "2.66"


def test_a_broken_snapshot_falls_back_to_starting_python_afresh(page: Any, site_url: str) -> None:
    import gzip

    junk = gzip.compress(b"QESNAP01" + bytes(64))
    page.route(re.compile(r".*/snapshot\.bin\.gz$"), lambda route: route.fulfill(body=junk))
    widget = go_live(page, article(site_url, "en", "dns-plan"))
    assert due_today(widget) == "2.66"
    assert worker_timings(page)["snapshot"] is False


def go_live_or_error(page: Any, url: str) -> Any:
    page.goto(url)
    widget = page.locator(WIDGET).first
    widget.scroll_into_view_if_needed()
    page.wait_for_selector(
        f"{WIDGET}:is([data-state=live], [data-state=error])", timeout=LIVE_TIMEOUT
    )
    return widget


def worker_timings(page: Any) -> dict[str, Any]:
    """The worker's start-up steps, as widget.js records them on its ``qe:ready`` mark."""
    timings: dict[str, Any] = page.evaluate(
        "() => performance.getEntriesByName('qe:ready')[0].detail"
    )
    return timings


@pytest.mark.parametrize("snapshot", [True, False], ids=["from-snapshot", "from-byte-code"])
def test_no_eval_is_needed_even_when_the_worker_has_the_policy(
    browser: Any, site_url: str, snapshot: bool
) -> None:
    """Serve every response with the page's CSP as a header: the worker is then bound by it too.

    A meta tag binds the page only; a worker follows its own response's policy, so this is the
    check that Pyodide runs with 'wasm-unsafe-eval' and no 'unsafe-eval', on both start-up
    paths (the memory snapshot, and byte code when the snapshot cannot be had).
    """
    context = browser.new_context()
    page = context.new_page()
    policy: dict[str, str] = {}

    def with_policy(route: Any) -> None:
        if not snapshot and route.request.url.endswith("/snapshot.bin.gz"):
            route.abort()
            return
        response = route.fetch()
        body = response.body()
        if not policy and "text/html" in response.headers.get("content-type", ""):
            match = re.search(rb'http-equiv="Content-Security-Policy" content="([^"]+)"', body)
            assert match is not None
            policy["value"] = match.group(1).decode().replace("&#39;", "'")
        headers = {**response.headers, "content-security-policy": policy["value"]}
        route.fulfill(response=response, body=body, headers=headers)

    try:
        context.route(re.compile(r"^http://127\.0\.0\.1:\d+/.*"), with_policy)
        widget = go_live(page, article(site_url, "en", "dns-plan"))
        assert "'unsafe-eval'" not in policy["value"]
        assert "'wasm-unsafe-eval'" in policy["value"]
        assert due_today(widget) == "2.66"
        assert page.evaluate("window.__cspViolations") == []
        assert worker_timings(page)["snapshot"] is snapshot
    finally:
        context.close()


# -- accessibility ---------------------------------------------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_problems(page: Any, context: str = "document") -> list[str]:
    # evaluate() runs through DevTools, outside the page's CSP (an injected <script> would not).
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        f"axe.run({context}, {{resultTypes: ['violations']}}).then(r => r.violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | ')))"
    )
    problems: list[str] = result
    return problems


WIDGETS = "{include: [['[data-quote-widget]']]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing_serious_in_the_estimators(page: Any, site_url: str, lang: str) -> None:
    page.goto(article(site_url, lang, "estimate"))
    assert axe_problems(page, WIDGETS) == []
    widget = page.locator(WIDGET).first
    widget.scroll_into_view_if_needed()
    page.wait_for_selector(f"{WIDGET}[data-state=live]", timeout=LIVE_TIMEOUT)
    recalculated(
        page, widget, lambda: widget.locator('[data-input="to_plan"]').select_option("vps-1")
    )
    assert axe_problems(page, WIDGETS) == []


def open_in_scheme(page: Any, url: str, scheme: str) -> None:
    """Open a page as a reader whose system is set to light or dark: Material follows it."""
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == {"light": "default", "dark": "slate"}[scheme]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing_serious_in_dark_mode(page: Any, site_url: str, lang: str) -> None:
    """The whole estimator page in dark mode, live and after a change, then the search dialog
    open on its results."""
    open_in_scheme(page, article(site_url, lang, "estimate"), "dark")
    widget = page.locator(WIDGET).first
    widget.scroll_into_view_if_needed()
    page.wait_for_selector(f"{WIDGET}[data-state=live]", timeout=LIVE_TIMEOUT)
    assert axe_problems(page) == []
    recalculated(
        page, widget, lambda: widget.locator('[data-input="to_plan"]').select_option("vps-1")
    )
    assert axe_problems(page, WIDGETS) == []
    word = page.locator("article h1").inner_text().split()[0]
    page.locator(".hc-search__open").click()
    page.locator("[data-hc-search-input]").fill(word)
    page.wait_for_function(
        "() => { const t = document.querySelector('[data-hc-search-status]').textContent;"
        " return t.length > 0 && !t.endsWith('…'); }"
    )
    assert page.locator(".hc-search__link").count() > 0, word
    assert axe_problems(page, "{include: [['dialog.hc-search']]}") == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", SOME_LANGUAGES)
def test_axe_finds_nothing_serious_while_loading_and_after_a_failure(
    page: Any, site_url: str, lang: str, scheme: str
) -> None:
    held: list[Any] = []
    # The interpreter's download is held (the estimators show their progress), then refused.
    page.route(re.compile(r".*\.wasm(\.gz)?$"), lambda route: held.append(route))
    open_in_scheme(page, article(site_url, lang, "dns-plan"), scheme)
    page.locator(WIDGET).first.scroll_into_view_if_needed()
    page.wait_for_selector(f"{WIDGET}[data-state=loading]", timeout=LIVE_TIMEOUT)
    assert axe_problems(page, WIDGETS) == []
    while not held:
        page.wait_for_timeout(50)
    for route in held:
        route.abort()
    page.wait_for_selector(f"{WIDGET}[data-state=error]", timeout=LIVE_TIMEOUT)
    assert page.locator(f"{WIDGET} button:visible").count() > 0  # the retry button
    assert axe_problems(page, WIDGETS) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing_serious_on_the_estimator_page(
    page: Any, site_url: str, lang: str
) -> None:
    page.goto(article(site_url, lang, "estimate"))
    widget = page.locator(WIDGET).first
    widget.scroll_into_view_if_needed()
    page.wait_for_selector(f"{WIDGET}[data-state=live]", timeout=LIVE_TIMEOUT)
    assert axe_problems(page) == []


#: Every article that holds an estimator, each read in light and in dark mode, in a language
#: that rotates so that every language is read in both schemes.
ESTIMATOR_ARTICLES = (
    "how-charges-work",
    "upgrade-hosting",
    "email",
    "dns-plan",
    "plan-families",
    "estimate",
)
SCHEMED_ARTICLES = [
    (name, LANGUAGES[(i + shift) % len(LANGUAGES)], scheme)
    for i, name in enumerate(ESTIMATOR_ARTICLES)
    for shift, scheme in ((0, "light"), (3, "dark"))
]


@pytest.mark.parametrize(("name", "lang", "scheme"), SCHEMED_ARTICLES)
def test_axe_finds_nothing_serious_on_every_estimator_article(
    page: Any, site_url: str, name: str, lang: str, scheme: str
) -> None:
    """The whole article, its estimators live: axe in the reader's colour scheme."""
    open_in_scheme(page, article(site_url, lang, name), scheme)
    widgets = page.locator(WIDGET)
    assert widgets.count() > 0, name
    for index in range(widgets.count()):  # an estimator starts when it comes into view
        widgets.nth(index).scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-quote-widget]')]"
        ".every(w => w.dataset.state === 'live')",
        timeout=LIVE_TIMEOUT,
    )
    assert axe_problems(page) == []
