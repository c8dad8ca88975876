"""The parity golden: the estimate the build prerendered is, byte for byte, the one the browser
renders live for the same inputs (issue 10), in Chromium, for every estimator on every page in
all six languages, and for generated inputs that reach every line code, inclusive tax,
quantities, add-ons, each refusal with its alternative and invalid input.

The live side is the worker's answer (``quote_view.browser.Page.update`` under Pyodide) and the
result region's ``textContent`` after the controller put it in place; the build side is the
prerendered region of the built HTML, and for generated inputs ``quote_view.estimator.update``
in CPython (the build's own renderer) for the exact form state the page sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_estimator import LIVE_TIMEOUT, ROOT, article, browser_page
from tests.conftest import build_site
from tests.languages import LANGUAGES
from tests.webserver import serve

pytestmark = pytest.mark.browser

PAGES = ("estimate", "dns-plan", "email", "upgrade-hosting", "how-charges-work", "plan-families")

#: Recalculate one estimator with the inputs it shows: the prerendered text, the worker's
#: answer, and the region's text once the controller has put the answer in place.
SAME_STATE = """async (root) => {
  const region = root.querySelector('[data-field="result"]');
  const prerendered = region.textContent;
  const before = root.dataset.state;
  const got = new Promise((done) => root.addEventListener('qe:result',
    (e) => done(e.detail.answer), {once: true}));
  root.querySelector('[data-form]').dispatchEvent(new Event('input', {bubbles: true}));
  const answer = await got;
  const t = document.createElement('template');
  t.innerHTML = answer.result ?? '';
  return {id: root.id, before, prerendered, answered: t.content.textContent,
          shown: region.textContent, state: answer.state};
}"""

#: Walk one estimator through generated inputs; for each, the form state sent, the worker's
#: answer and the result region's text.
GENERATED = """async (root, [credits, outside, combos]) => {
  const form = root.querySelector('[data-form]');
  const region = root.querySelector('[data-field="result"]');
  const read = () => {
    const state = {};
    for (const input of form.querySelectorAll('[data-input]')) {
      const name = input.dataset.input;
      if (input.type === 'checkbox') {
        state[name] = state[name] || [];
        if (input.checked) state[name].push(input.value);
      } else state[name] = input.value;
    }
    return state;
  };
  const defaults = read();
  const out = [];
  const step = async (change) => {
    const got = new Promise((done) => root.addEventListener('qe:result',
      (e) => done(e.detail.answer), {once: true}));
    change();
    form.dispatchEvent(new Event('change', {bubbles: true}));
    const answer = await got;
    out.push({form: read(), answer, shown: region.textContent});
  };
  const set = (name, value) => () => {
    const input = form.querySelector(`[data-input="${name}"]:not([type="checkbox"])`);
    if (input) input.value = value;
  };
  const reset = () => {
    for (const [name, value] of Object.entries(defaults)) {
      if (Array.isArray(value)) {
        for (const box of form.querySelectorAll(`[data-input="${name}"][type="checkbox"]`))
          box.checked = value.includes(box.value);
      } else set(name, value)();
    }
  };
  const options = (name) => Array.from(
    form.querySelectorAll(`select[data-input="${name}"] option`), (o) => o.value);
  for (const name of ['to_plan', 'to_cycle', 'plan', 'cycle', 'tax_region', 'currency']) {
    for (const value of options(name)) { reset(); await step(set(name, value)); }
  }
  for (const name of ['quantity', 'to_quantity']) {
    if (form.querySelector(`[data-input="${name}"]`)) { reset(); await step(set(name, '3')); }
  }
  for (const name of ['addons', 'to_addons']) {
    const boxes = form.querySelectorAll(`[data-input="${name}"][type="checkbox"]`);
    if (boxes.length) { reset(); await step(() => boxes.forEach((b) => { b.checked = true; })); }
  }
  for (const credit of credits) { reset(); await step(set('credit', credit)); }
  for (const combo of combos[root.dataset.product] || []) {
    reset();
    await step(() => Object.entries(combo).forEach(([name, value]) => set(name, value)()));
  }
  reset(); await step(set('today', outside));
  reset(); await step(set('due', ''));
  reset(); await step(() => {});
  return {product: root.dataset.product, steps: out};
}"""


class _Text(HTMLParser):
    """An HTML fragment's ``textContent``: its text nodes joined, character references read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_content(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def prerendered_texts(built_site: Path, lang: str, name: str) -> list[str]:
    """Each estimator's prerendered result region, read from the built HTML file itself."""
    from html.parser import HTMLParser as Parser

    path = built_site / ("" if lang == "en" else lang) / name / "index.html"
    html_text = path.read_text(encoding="utf-8")

    class Regions(Parser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.depth = 0
            self.found: list[list[str]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if self.depth:
                self.depth += tag not in ("br", "img", "input", "col", "wbr")
            elif tag == "div" and ("data-field", "result") in attrs:
                self.depth = 1
                self.found.append([])

        def handle_endtag(self, tag: str) -> None:
            if self.depth and tag not in ("br", "img", "input", "col", "wbr"):
                self.depth -= 1

        def handle_data(self, data: str) -> None:
            if self.depth:
                self.found[-1].append(data)

    parser = Regions()
    parser.feed(html_text)
    return ["".join(parts) for parts in parser.found]


def prerendered_are_live(
    browser: Any, site: Path, url: str, jobs: list[tuple[str, str]]
) -> list[str]:
    """Open every (language, page) of a built site and check each estimator's prerendered text
    is the worker's answer and the region's text once live; the prerendered texts checked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    external: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(url):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    checked: list[str] = []
    try:
        # Twelve tabs at a time: their workers start Python side by side.
        for start in range(0, len(jobs), 12):
            tabs = []
            for lang, name in jobs[start : start + 12]:
                tab = context.new_page()
                tab.goto(article(url, lang, name), wait_until="domcontentloaded")
                tabs.append((lang, name, tab))
            for lang, name, tab in tabs:
                expected = prerendered_texts(site, lang, name)
                roots = tab.locator("[data-quote-widget]")
                assert roots.count() == len(expected) > 0, (lang, name)
                for index, text in enumerate(expected):
                    got = roots.nth(index).evaluate(SAME_STATE)
                    where = f"{lang}/{name} #{got['id']}"
                    assert got["state"] == "live", where
                    assert got["prerendered"] == text, where
                    assert got["answered"] == text, where
                    assert got["shown"] == text, where
                    checked.append(text)
                tab.close()
        assert external == []
    finally:
        context.close()
    return checked


def test_every_prerendered_estimate_is_the_live_one(
    browser: Any, built_site: Path, site_url: str
) -> None:
    jobs = [(lang, name) for lang in LANGUAGES for name in PAGES]
    assert len(prerendered_are_live(browser, built_site, site_url, jobs)) >= 60


#: Credits as readers type them: the language's own way, a dot, an ambiguous one, garbage.
CREDITS = {
    "en": ["12.50", "1,250.5", "12,50", "x"],
    "bn": ["১২.৫০", "12.50", "12,50", "x"],
    "hi": ["१२.५०", "12.50", "1.2.3", "x"],
    "es": ["12,50", "12.50", "1.2.3", "x"],
    "id": ["12,50", "12.5", "1.2.3", "x"],
    "ms": ["12.50", "12,50", "1.2.3", "x"],
}


#: Inputs changed together: a downgrade asked for outside its request window.
COMBOS = {"email": [{"plan": "mail-pro", "to_plan": "mail-start", "today": "2026-11-20"}]}


def generated_walk(page: Any, site: Path, url: str, lang: str) -> tuple[set[str], set[str]]:
    """Walk every estimator of a language's estimate page through the generated inputs, each
    step's live answer and text checked against the build's renderer; the line codes (refusals
    as ``refused:<code>``, inclusive tax as ``tax:inclusive``) and states seen."""
    from quote_view.estimator import update
    from quote_view.form import FormState

    view = browser_page(lang, site).view
    page.goto(article(url, lang, "estimate"))
    roots = page.locator("[data-quote-widget]")
    roots.first.scroll_into_view_if_needed()
    page.wait_for_selector("[data-quote-widget][data-state=live]", timeout=LIVE_TIMEOUT)
    seen_codes: set[str] = set()
    states: set[str] = set()
    for index in range(roots.count()):
        walk = roots.nth(index).evaluate(GENERATED, [CREDITS[lang], "2027-06-01", COMBOS])
        for step in walk["steps"]:
            state = FormState.from_json(walk["product"], step["form"])
            expected = update(view, state)
            where = f"{lang} {walk['product']} {json.dumps(step['form'], ensure_ascii=False)}"
            assert step["answer"] == expected, where
            if expected["result"] is not None:
                assert step["shown"] == text_content(expected["result"]), where
                response = view.quote(expected["request"])
                if response["ok"]:
                    for line in response["lines"]:
                        seen_codes.add(line["code"])
                        if line.get("inclusive"):
                            seen_codes.add("tax:inclusive")
                else:
                    seen_codes.add("refused:" + response["error"]["code"])
            states.add(expected["state"])
    return seen_codes, states


@pytest.mark.parametrize("lang", LANGUAGES)
def test_generated_inputs_render_live_as_the_build_renders_them(
    page: Any, built_site: Path, site_url: str, lang: str
) -> None:
    seen_codes, states = generated_walk(page, built_site, site_url, lang)
    assert states == {"live", "invalid"}
    assert any(code.startswith("refused:") for code in seen_codes), seen_codes
    assert {
        "credit_unused", "charge_new", "charge_difference", "charge_addon", "credit_addon", "tax",
        "refused:support_only", "refused:path_not_allowed", "refused:downgrade_not_allowed",
        "refused:one_change_at_a_time", "refused:downgrade_outside_window",
    } <= seen_codes, seen_codes  # fmt: skip


# -- inclusive tax -----------------------------------------------------------------------------
# The example catalog's taxes are added to its prices; a provider whose prices include tax
# marks its regions ``inclusive``. The same pages, built with every region inclusive.


@pytest.fixture(scope="module")
def inclusive_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inclusive")
    catalog = json.loads((ROOT / "quote_engine" / "data" / "example-catalog.json").read_text())
    for tax in catalog["taxes"].values():
        tax["inclusive"] = True
    (folder / "catalog.json").write_text(json.dumps(catalog, ensure_ascii=False), "utf-8")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    for old, new in (
        ("\ndocs_dir: docs\n", f"\ndocs_dir: {ROOT / 'docs'}\n"),
        ("catalog: quote_engine/data/example-catalog.json", f"catalog: {folder / 'catalog.json'}"),
    ):
        assert config.count(old) == 1, old
        config = config.replace(old, new)
    (folder / "mkdocs.yml").write_text(config, "utf-8")
    (folder / "node_modules").symlink_to(ROOT / "node_modules")  # the pinned Pyodide
    result = build_site(folder / "mkdocs.yml", folder / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "site"


@pytest.fixture(scope="module")
def inclusive_url(inclusive_site: Path) -> Iterator[str]:
    with serve({"/": inclusive_site}) as base:
        yield base


def test_inclusive_tax_prerendered_estimates_are_the_live_ones(
    browser: Any, inclusive_site: Path, inclusive_url: str
) -> None:
    jobs = [(lang, "estimate") for lang in LANGUAGES]
    texts = prerendered_are_live(browser, inclusive_site, inclusive_url, jobs)
    # Every language but English starts with its own (now inclusive) tax region.
    for lang in LANGUAGES[1:]:
        line = browser_page(lang, inclusive_site).view.t("line.tax.included", tax="@", rate="@")
        tail = line.rsplit("@", 1)[1].strip()
        assert tail and any(tail in text for text in texts), (lang, tail)


@pytest.mark.parametrize("lang", ["en", "bn", "es"])
def test_inclusive_tax_generated_inputs_render_live_as_the_build_renders_them(
    page: Any, inclusive_site: Path, inclusive_url: str, lang: str
) -> None:
    seen_codes, states = generated_walk(page, inclusive_site, inclusive_url, lang)
    assert "tax:inclusive" in seen_codes and states == {"live", "invalid"}, seen_codes
