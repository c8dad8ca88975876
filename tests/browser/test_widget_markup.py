"""The estimator's server-side half, without a browser: the markup the scripts rely on.

``mkdocs_quote.widget`` renders the form and the prerendered estimate; ``mkdocs_quote.runtime``
refuses inputs it cannot build from. Browser behaviour is in ``test_estimator.py``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from mkdocs_quote.babel_format import BabelFormatter
from mkdocs_quote.plugins.quote.context import Assets, RenderContext

from mkdocs_quote.messages import load_messages
from mkdocs_quote.plugins.quote import widget
from mkdocs_quote.runtime.pyodide import RuntimeBuildError, prepare_runtime

CURRENCY = {"en": "USD", "bn": "BDT", "hi": "INR", "es": "EUR", "id": "IDR", "ms": "MYR"}
URLS = {
    "pyodide": "assets/quote/pyodide-abc/",
    "wheel": "assets/quote/x/quote_engine-1.0.0-py3-none-any.whl",
    "catalog": "assets/quote/catalog.abc.json",
    "snapshot": "assets/quote/pyodide-abc/snapshot.bin.gz",
    "widget.js": "assets/quote/widget.abc.js",
    "widget.css": "assets/quote/widget.abc.css",
    "worker.js": "assets/quote/worker.abc.js",
}


def context(
    lang: str = "en", base_url: str = "../", messages: dict[str, Any] | None = None
) -> RenderContext:
    from quote_engine.catalog import example_catalog

    catalog = example_catalog()
    minor = {k: int(v["minor_units"]) for k, v in catalog.get("currencies", {}).items()}
    return RenderContext(
        lang=lang,
        currency=CURRENCY[lang],
        tax_region=None,
        catalog=catalog,
        messages=messages or load_messages(lang),
        fmt=BabelFormatter(lang, minor),
        assets=Assets(URLS),
        base_url=base_url,
        example_period_start=date(2026, 11, 1),
        page="estimate.md",
    )


class Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.tags
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


DNS = {"product": "dns", "from": "basic", "to": "start", "cycle": "monthly"}


def test_the_root_carries_the_request_and_the_engines_total() -> None:
    from quote_engine import quote

    html = widget.render_widget(context(), DNS)
    tags = Elements(html)
    (root,) = [a for t, a in tags.tags if "data-quote-widget" in a]
    assert root["data-state"] == "static"
    request = json.loads(root["data-request"] or "")
    assert request == {
        "product": "dns",
        "currency": "USD",
        "today": "2026-11-15",
        "current": {
            "plan": "basic",
            "cycle": "monthly",
            "quantity": 1,
            "period_start": "2026-11-01",
            "period_end": "2026-12-01",
            "addons": [],
        },
        "target": {"plan": "start", "cycle": "monthly", "quantity": 1, "addons": []},
        "account": {"credit_balance": "0"},
    }
    (total,) = tags.find("td", data_field="due_today")
    assert total["data-value"] == quote(request)["due_today"] == "2.66"
    assert '<td data-field="due_today" data-value="2.66"><strong>$2.66</strong></td>' in html


def test_every_input_has_a_label_and_a_unique_id() -> None:
    html = widget.render_widget(
        context("bn"), {"product": "network", "from": "basic", "to": "business", "cycle": "monthly"}
    )
    tags = Elements(html)
    fields = [a for t, a in tags.tags if t in ("input", "select") and "data-input" in a]
    ids = [a["id"] for a in fields]
    assert len(ids) == len(set(ids))
    labelled = {a["for"] for a in tags.find("label")}
    assert set(ids) <= labelled
    names = {a["data-input"] for a in fields}
    assert {
        "plan",
        "cycle",
        "due",
        "today",
        "to_plan",
        "to_cycle",
        "currency",
        "tax_region",
        "credit",
        "addons",
        "to_addons",
    } <= names


def test_quantity_inputs_only_for_products_with_a_quantity() -> None:
    email = Elements(
        widget.render_widget(
            context(),
            {
                "product": "email",
                "from": "mail-start",
                "to": "mail-pro",
                "cycle": "monthly",
                "quantity": "5",
            },
        )
    )
    (quantity,) = email.find("input", data_input="quantity")
    assert (quantity["value"], quantity["min"], quantity["max"]) == ("5", "1", "500")
    assert Elements(widget.render_widget(context(), DNS)).find("input", data_input="quantity") == []


def test_targets_the_policy_refuses_say_why() -> None:
    html = widget.render_widget(
        context(), {"product": "hosting", "from": "starter", "to": "plus", "cycle": "monthly"}
    )
    assert '<option value="vps-1">VPS 1 (through support only)</option>' in html
    assert '<option value="starter">Starter (current plan)</option>' in html
    html = widget.render_widget(
        context("es"), {"product": "network", "from": "basic", "to": "business", "cycle": "monthly"}
    )
    assert '<option value="premium">Premium (otra familia de planes)</option>' in html


def test_a_refused_default_is_prerendered_as_a_refusal() -> None:
    html = widget.render_widget(
        context("hi"),
        {"product": "radio", "from": "radio-250", "to": "radio-100", "cycle": "annually"},
    )
    tags = Elements(html)
    assert tags.find("p", data_field="error", data_value="downgrade_not_allowed")
    assert tags.find("p", data_field="alternative", data_value="cancel_and_reorder")
    assert tags.find("td", data_field="due_today") == []


def test_a_credit_balance_is_written_the_way_the_language_writes_it() -> None:
    args = {**DNS, "credit_balance": "12.50"}
    for lang, shown in (("en", "12.5"), ("es", "12,5"), ("bn", "১২.৫")):
        tags = Elements(widget.render_widget(context(lang), args))
        (credit,) = tags.find("input", data_input="credit")
        assert credit["value"] == shown
        (root,) = [a for t, a in tags.tags if "data-quote-widget" in a]
        assert json.loads(root["data-request"] or "")["account"] == {"credit_balance": "12.5"}


def test_an_unknown_argument_is_named() -> None:
    with pytest.raises(widget.WidgetError, match=r"unknown argument 'colour'"):
        widget.render_widget(context(), {**DNS, "colour": "blue"})


def test_the_current_period_ends_on_the_due_date_clamped() -> None:
    state = widget.default_state(context(), DNS)
    moved = widget.FormState(
        **{**{f: getattr(state, f) for f in state.__slots__}, "due": "2027-03-31"}
    )
    assert moved.request()["current"]["period_start"] == "2027-02-28"


def test_the_timeline_shows_a_restarted_period_and_a_kept_one() -> None:
    from quote_engine import quote

    restart = widget.default_state(
        context(),
        {"product": "network", "from": "basic", "to": "business", "cycle": "monthly", "day": "16"},
    ).request()
    kinds = [s.kind for s in widget.timeline_segments(restart, quote(restart))]
    assert kinds == ["used", "credited", "new"]
    renewal = widget.default_state(
        context(),
        {"product": "dns", "from": "business", "to": "start", "cycle": "monthly", "day": "10"},
    ).request()
    assert [s.kind for s in widget.timeline_segments(renewal, quote(renewal))] == ["used", "kept"]


def test_page_assets_is_one_json_config_a_stylesheet_and_a_module() -> None:
    messages = {
        **load_messages("en"),
        "widget.title": "Estimator </script><script>alert(1)</script>",
    }
    html = widget.page_assets(context(base_url="../../", messages=messages))
    assert html.count("<script") == 2
    assert '<script type="module" async src="../../assets/quote/widget.abc.js"></script>' in html
    assert '<link rel="stylesheet" href="../../assets/quote/widget.abc.css">' in html
    body = re.search(r'<script type="application/json" id="qe-config">(.*?)</script>', html, re.S)
    assert body is not None and "<" not in body.group(1)
    config = json.loads(body.group(1))
    assert config["urls"]["worker.js"] == "../../assets/quote/worker.abc.js"
    assert config["urls"]["snapshot"] == "../../assets/quote/pyodide-abc/snapshot.bin.gz"
    assert config["messages"]["widget.title"].endswith("</script>")
    assert config["currencyDigits"]["IDR"] == 0 and config["currencyDigits"]["USD"] == 2
    assert not [k for k in config["messages"] if k.startswith(("sentence.", "notice."))]


@pytest.mark.parametrize(
    ("lang", "locale", "digits"),
    [
        ("en", "en-US", "latn"),
        ("bn", "bn-BD", "beng"),
        ("hi", "hi-IN", "latn"),
        ("es", "es-ES", "latn"),
        ("id", "id-ID", "latn"),
        ("ms", "ms-MY", "latn"),
    ],
)
def test_each_language_gets_an_intl_locale(lang: str, locale: str, digits: str) -> None:
    assert widget.intl_locale(lang) == (locale, digits)
    config = widget.page_config(context(lang))
    assert (config["locale"], config["numberingSystem"], config["currency"]) == (
        locale,
        digits,
        CURRENCY[lang],
    )


def test_the_runtime_needs_pyodide(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    wheel, catalog = site / "a" / "e.whl", site / "a" / "c.json"
    wheel.write_bytes(b"PK")
    catalog.write_text("{}")
    with pytest.raises(RuntimeBuildError, match=r"missing pyodide\.mjs.*npm ci"):
        prepare_runtime(site, wheel, catalog, tmp_path / "node_modules")


def test_the_runtime_wants_its_inputs_inside_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    outside = tmp_path / "e.whl"
    outside.write_bytes(b"PK")
    inside = site / "c.json"
    inside.write_text("{}")
    with pytest.raises(RuntimeBuildError, match="is not inside the site directory"):
        prepare_runtime(site, outside, inside, tmp_path)
