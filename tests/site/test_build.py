"""Small sites built with ``mkdocs build`` in a subprocess, the way authors build.

``fixtures/good`` has English, Bengali and Hindi pages (with static-i18n, one missing
translation on purpose); the other fixtures each break one rule and must stop the build with a
message that names the file, the line or path inside it, and the problem.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

import quote_engine
from quote_engine.catalog import example_catalog, export_catalog_json
from quote_view.examples import example_request
from quote_view.view import View
from tests.conftest import build_site
from tests.view.support import make_view

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CATALOG = ROOT / "quote_engine" / "data" / "example-catalog.json"
CATALOG = example_catalog()
NBSP = "\xa0"


def article(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    return page[page.index("<article") : page.index("</article>")]


def unescaped_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def view_for(lang: str, currency: str) -> View:
    view = make_view(lang, tax=False)
    view.settings = type(view.settings)(currency, None, view.settings.values)
    return view


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("good") / "site"
    result = build_site(FIXTURES / "good" / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


# -- the good site ---------------------------------------------------------------------------------


def test_inline_price_sits_in_its_sentence(good_site: Path) -> None:
    en = article(good_site / "index.html")
    assert re.search(
        r"<p>The Basic plan costs <span class=\"qe-price\"[^>]*>\$5\.00</span> a month\.</p>", en
    )
    bn = unescaped_text(article(good_site / "bn" / "index.html"))
    assert "Basic প্ল্যানের মাসিক দাম ৬০০.০০৳।" in bn
    assert "Premium বার্ষিক: ১,১৮,৮০০.০০৳।" in bn  # Indian grouping, Bengali digits
    hi = unescaped_text(article(good_site / "hi" / "index.html"))
    assert "Basic प्लान का मासिक दाम ₹425.00 है।" in hi
    assert (
        f"Premium का सालाना दाम: IDR{NBSP}1,58,40,000।" in hi
    )  # IDR: no decimals, Indian grouping


def _example_block(page: str, index: int) -> str:
    blocks: list[str] = re.findall(r'<div class="qe-example".*?</div>', page, re.DOTALL)
    return blocks[index]


def _rows(block: str) -> list[tuple[str, str]]:
    return [
        (unescaped_text(a), unescaped_text(b))
        for a, b in re.findall(r"<tr[^>]*><td>(.*?)</td><td[^>]*>(.*?)</td></tr>", block)
    ]


@pytest.mark.parametrize(
    ("lang", "page", "index", "example", "currency", "tax_region"),
    [
        (
            "en",
            "index.html",
            0,
            {"product": "dns", "from": "basic", "to": "start", "cycle": "monthly", "day": "15"},
            "USD",
            None,
        ),
        (
            "en",
            "index.html",
            1,
            {"product": "dns", "from": "basic", "to": "start", "cycle": "monthly", "day": "15"},
            "USD",
            "BD",
        ),
        (
            "bn",
            "bn/index.html",
            0,
            {"product": "dns", "from": "basic", "to": "start", "cycle": "monthly", "day": "15"},
            "BDT",
            None,
        ),
        (
            "bn",
            "bn/index.html",
            1,
            {"product": "dns", "from": "basic", "to": "start", "cycle": "monthly", "day": "15"},
            "BDT",
            "BD",
        ),
        (
            "hi",
            "hi/index.html",
            0,
            {
                "product": "email",
                "from": "mail-start",
                "cycle": "monthly",
                "quantity": "5",
                "to_quantity": "8",
                "day": "10",
            },
            "INR",
            None,
        ),
    ],
    ids=["en", "en-tax", "bn", "bn-tax", "hi-quantity"],
)
def test_worked_examples_match_the_engine(
    good_site: Path,
    lang: str,
    page: str,
    index: int,
    example: dict[str, str],
    currency: str,
    tax_region: str | None,
) -> None:
    view = view_for(lang, currency)
    request = example_request(view, example)
    if tax_region:
        request["tax_region"] = tax_region
    response: dict[str, Any] = quote_engine.quote(request, CATALOG)
    assert response["ok"]
    money = view.fmt.money
    block = _example_block(article(good_site / page), index)
    rows = _rows(block)
    table = dict(rows)
    for line in response["lines"]:
        assert money(line["amount"], currency) in table.values(), line
    assert table[view.t("table.due_today")] == money(response["due_today"], currency)
    next_label = view.t("table.next_invoice", date=view.date(response["next_invoice"]["date"]))
    assert table[next_label] == money(response["next_invoice"]["due"], currency)
    sentence = re.search(r'<p class="qe-example__sentence">(.*?)</p>', block)
    if sentence:
        assert money(response["due_today"], currency) in html.unescape(sentence.group(1))


def test_bengali_example_word_for_word(good_site: Path) -> None:
    block = _example_block(article(good_site / "bn" / "index.html"), 1)
    # BDT 600 -> 1,200 a month, 16 of 30 days left: -320 + 640 = 320, VAT 15% 48, 368 due;
    # next month 1,200 + 180 VAT = 1,380.
    sentence = re.search(r'<p class="qe-example__sentence">(.*?)</p>', block)
    assert sentence is not None
    text = html.unescape(sentence.group(1))
    for part in ("৩০", "১৫", "৩৬৮.০০৳", "১,৩৮০.০০৳", "Basic", "Start", "২০২৬"):
        assert part in text, part
    assert not re.search(r"[0-9]", text), text
    rows = _rows(block)
    assert [amount for _, amount in rows] == [
        "-৩২০.০০৳",
        "৬৪০.০০৳",
        "৩২০.০০৳",
        "৪৮.০০৳",
        "৩৬৮.০০৳",
        rows[5][1],  # the date the change takes effect
        "১,৩৮০.০০৳",
    ]
    assert "১৫%" in rows[3][0] and "২০২৬" in rows[5][1]


def test_show_table_inside_an_admonition(good_site: Path) -> None:
    page = article(good_site / "index.html")
    note = page[page.index('<div class="admonition note">') :]
    block = _example_block(note, 0)
    assert "qe-example__sentence" not in block
    assert ("VAT at 15%", "$0.40") in _rows(block)


def test_plans_tables_per_language(good_site: Path) -> None:
    en = article(good_site / "index.html")
    assert (
        '<tr data-plan="start"><td>Start</td><td style="text-align: right">$10.00</td>'
        '<td style="text-align: right">$100.00</td></tr>' in en
    )
    hi = article(good_site / "hi" / "index.html")
    assert (
        '<tr data-plan="premium"><td>Premium</td><td style="text-align: right">₹84,150.00</td></tr>'
        in hi
    )
    assert (
        "मासिक</th>" not in hi.split('class="qe-plans"')[1].split("</table>")[0]
    )  # cycles="annually"


def test_placeholders_in_code_stay_as_written(good_site: Path) -> None:
    en = article(good_site / "index.html")
    assert '<code>{{ price product="dns" plan="basic" cycle="monthly" }}</code>' in html.unescape(
        en
    )
    assert '{{ nosuch thing="here" }}' in html.unescape(en)
    assert "qeslot" not in en


def _asset_refs(page: Path, site: Path) -> set[str]:
    """Site-root paths of every estimator asset a page refers to (attributes and config JSON)."""
    text = page.read_text(encoding="utf-8")
    page_dir = PurePosixPath(page.relative_to(site).parent.as_posix())
    refs = set()
    for url in re.findall(r'(?:src|href)="([^"]*assets/quote/[^"]*)"', text):
        refs.add(os.path.normpath(str(page_dir / html.unescape(url))))
    config = re.search(
        r'<script type="application/json" id="hc-config">(.*?)</script>', text, re.DOTALL
    )
    if config:
        for url in re.findall(r'"([^"]*assets/quote/[^"]*)"', config.group(1)):
            refs.add(os.path.normpath(str(page_dir / url)))
    return refs


def test_estimator_assets_exist_once_with_their_hashes(good_site: Path) -> None:
    wheels = sorted(good_site.rglob("*.whl"))
    assert len(wheels) == 1
    wheel = wheels[0]
    assert wheel.name == "quote_engine-1.0.0-py3-none-any.whl"
    assert wheel.parent.name == hashlib.sha256(wheel.read_bytes()).hexdigest()[:12]
    assert wheel.parent.parent.relative_to(good_site).as_posix() == "assets/quote"

    catalogs = sorted(good_site.rglob("catalog.*.json"))
    assert len(catalogs) == 1
    catalog = catalogs[0]
    assert catalog.name == f"catalog.{hashlib.sha256(catalog.read_bytes()).hexdigest()[:12]}.json"
    assert catalog.read_text(encoding="utf-8") == export_catalog_json(
        json.loads(EXAMPLE_CATALOG.read_text())
    )

    for lang in ("bn", "hi"):
        assert not (good_site / lang / "assets" / "quote").exists()


def test_every_language_refers_to_the_same_files(good_site: Path) -> None:
    pages = [
        good_site / "estimate" / "index.html",
        good_site / "bn" / "estimate" / "index.html",
        good_site
        / "hi"
        / "estimate"
        / "index.html",  # no Hindi translation: English text, hi build
    ]
    refs = [_asset_refs(page, good_site) for page in pages]
    assert refs[0] and refs[0] == refs[1] == refs[2]
    for ref in refs[0]:
        assert (good_site / ref).exists(), ref
    wheel = next(good_site.rglob("*.whl")).relative_to(good_site).as_posix()
    catalog = next(good_site.rglob("catalog.*.json")).relative_to(good_site).as_posix()
    assert {wheel, catalog} <= refs[0]
    for page in pages:
        assert page.read_text(encoding="utf-8").count('id="hc-config"') == 1  # once per page


@pytest.mark.parametrize(
    "page", ["index.html", "about/index.html", "bn/index.html", "hi/about/index.html"]
)
def test_a_page_without_estimator_refers_to_no_estimator_asset(good_site: Path, page: str) -> None:
    text = (good_site / page).read_text(encoding="utf-8")
    assert "assets/quote/" not in text
    assert '"estimator"' not in text and "data-quote-widget" not in text


# -- sites that must not build ---------------------------------------------------------------------


def _failure(config: Path, tmp_path: Path) -> str:
    result = build_site(config, tmp_path / "site")
    assert result.returncode != 0, result.stdout
    return result.stderr


def test_broken_catalog_names_file_path_and_problem(tmp_path: Path) -> None:
    stderr = _failure(FIXTURES / "broken-catalog" / "mkdocs.yml", tmp_path)
    catalog = FIXTURES / "broken-catalog" / "catalog.yaml"
    assert (
        f"Invalid catalog: {catalog}: products.dns.plans.start.prices.USD.monthly: "
        "price '10.001' has 3 decimals; USD allows 2"
    ) in stderr


def test_unknown_placeholder_names_page_and_line(tmp_path: Path) -> None:
    stderr = _failure(FIXTURES / "unknown-placeholder" / "mkdocs.yml", tmp_path)
    assert (
        "Error in page 'index.md', line 10: unknown placeholder {{ plan }}: "
        "use one of estimator, example, plans, price"
    ) in stderr


def test_unknown_argument_names_the_translated_page_and_line(tmp_path: Path) -> None:
    stderr = _failure(FIXTURES / "unknown-argument" / "mkdocs.yml", tmp_path)
    assert (
        "Error in page 'index.hi.md', line 9: {{ price }}: unknown argument 'colour' "
        "(allowed: currency, cycle, plan, product)"
    ) in stderr


def _site(
    tmp_path: Path,
    pages: dict[str, str],
    catalog: Path = EXAMPLE_CATALOG,
    langs: tuple[str, ...] = ("en",),
) -> Path:
    languages = "".join(
        f"        - locale: {lang}\n          name: {lang}\n          build: true\n"
        + ("          default: true\n" if lang == "en" else "")
        for lang in langs
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Variant\ndocs_dir: docs\ntheme:\n  name: material\n  font: false\n"
        "markdown_extensions:\n  - md_in_html\n"
        "plugins:\n  - i18n:\n      docs_structure: suffix\n      reconfigure_search: false\n"
        f"      languages:\n{languages}"
        f"  - quote:\n      catalog: {catalog}\n      currency: USD\n",
        encoding="utf-8",
    )
    for name, text in pages.items():
        (tmp_path / "docs").mkdir(exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    return config


def test_product_name_missing_a_built_language(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE_CATALOG.read_text(encoding="utf-8"))
    del data["products"]["radio"]["name"]["bn"]
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(data), encoding="utf-8")
    config = _site(tmp_path, {"index.md": "# Hi\n", "index.bn.md": "# হাই\n"}, catalog, ("en", "bn"))
    stderr = " ".join(_failure(config, tmp_path).split())
    assert (
        f"Invalid catalog: {catalog}: products.radio.name: no text in 'bn', a language the site "
        "builds (en, bn)"
    ) in stderr


def test_plan_names_may_fall_back_to_english(tmp_path: Path) -> None:
    config = _site(
        tmp_path,
        {"index.md": "# Hi\n", "index.bn.md": '# হাই\n\n{{ plans product="dns" }}\n'},
        EXAMPLE_CATALOG,
        ("en", "bn"),
    )
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "<td>Business</td>" in article(tmp_path / "site" / "bn" / "index.html")


def test_refused_example_names_page_line_and_engine_code(tmp_path: Path) -> None:
    page = (
        "# Radio\n\nText.\n\n"
        '{{ example product="radio" from="radio-250" to="radio-100" cycle="annually" day="10" }}\n'
    )
    stderr = _failure(_site(tmp_path, {"index.md": page}), tmp_path)
    assert (
        "Error in page 'index.md', line 5: {{ example }}: the quote engine refuses this example: "
        "downgrade_not_allowed: "
    ) in stderr


def test_unknown_plan_names_page_and_line(tmp_path: Path) -> None:
    page = '# DNS\n\n- Basic: {{ price product="dns" plan="gold" cycle="monthly" }}\n'
    stderr = _failure(_site(tmp_path, {"index.md": page}), tmp_path)
    assert (
        "Error in page 'index.md', line 3: {{ price }}: unknown plan 'gold' of product 'dns'"
    ) in stderr


def test_block_placeholder_swallowed_by_raw_html(tmp_path: Path) -> None:
    page = '# DNS\n\n<div class="box">\n{{ plans product="dns" }}\n</div>\n'
    stderr = _failure(_site(tmp_path, {"index.md": page}), tmp_path)
    assert (
        "Error in page 'index.md', line 4: this placeholder ended up inside other markup" in stderr
    )


# -- addresses for search engines -----------------------------------------------------------------


def test_hreflang_canonical_and_sitemap_are_absolute(good_site: Path) -> None:
    page = (good_site / "bn" / "about" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://help.example.com/bn/about/">' in page
    alternates = dict(
        (lang, href)
        for href, lang in re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', page)
    )
    assert alternates == {
        "en": "https://help.example.com/about/",
        "bn": "https://help.example.com/bn/about/",
        "hi": "https://help.example.com/hi/about/",
        "x-default": "https://help.example.com/about/",
    }
    sitemap = (good_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert locations and all(loc.startswith("https://help.example.com/") for loc in locations)
    assert "None" not in sitemap


def test_a_build_without_site_url_is_refused(tmp_path: Path) -> None:
    good = (FIXTURES / "good" / "mkdocs.yml").read_text(encoding="utf-8")
    config = FIXTURES / "good" / "no-site-url.yml"
    config.write_text(good.replace("site_url: https://help.example.com/\n", ""), encoding="utf-8")
    try:
        stderr = " ".join(_failure(config, tmp_path).split())
    finally:
        config.unlink()
    assert "site_url is not set in mkdocs.yml" in stderr
    assert "site_url: https://help.example.com/" in stderr
    assert not (tmp_path / "site" / "index.html").exists()
