"""The built site as a reader and a crawler see it: languages, links, anchors, hosts, CSP."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = [p.stem for p in sorted((ROOT / "docs").glob("*.md")) if p.stem.count(".") == 0]


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.html_lang: str | None = None
        self.alternates: dict[str, str] = {}
        self.csp: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang")
        for key in ("id", "name"):
            if key in a and (key == "id" or tag == "a"):
                self.ids.add(a[key])
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = a.get("content")
        for attr in ("href", "src"):
            if attr in a:
                self.refs.append((tag, attr, a[attr]))


def parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def page_path(site: Path, lang: str, article: str) -> Path:
    prefix = site if lang == "en" else site / lang
    return prefix / "index.html" if article == "index" else prefix / article / "index.html"


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[Path, _Collector]:
    return {p: parse(p) for p in built_site.rglob("*.html")}


def test_every_article_is_built_in_every_language_with_its_html_lang(built_site: Path) -> None:
    for lang in LANGUAGES:
        for article in ARTICLES:
            path = page_path(built_site, lang, article)
            assert path.exists(), f"{article} [{lang}] was not built"
            assert parse(path).html_lang == lang, f"{path}: wrong <html lang>"


def test_translations_are_real_text_not_the_english_fallback(built_site: Path) -> None:
    for lang in LANGUAGES[1:]:
        for article in ARTICLES:
            text = page_path(built_site, lang, article).read_text(encoding="utf-8")
            assert "admonition info hc-notice" not in text, (
                f"{article} [{lang}] shows the English fallback"
            )


def test_hreflang_alternates_point_to_the_same_page_with_x_default(built_site: Path) -> None:
    for lang in LANGUAGES:
        path = page_path(built_site, lang, "dns-plan")
        alternates = parse(path).alternates
        assert set(alternates) == {*LANGUAGES, "x-default"}, path
        for other in LANGUAGES:
            target = urljoin(
                f"http://h/{'' if lang == 'en' else lang + '/'}dns-plan/", alternates[other]
            )
            expected = "/dns-plan/" if other == "en" else f"/{other}/dns-plan/"
            assert urlsplit(target).path == expected, (lang, other, alternates[other])
        x_default = urljoin(
            f"http://h/{'' if lang == 'en' else lang + '/'}dns-plan/", alternates["x-default"]
        )
        assert urlsplit(x_default).path == "/dns-plan/"


def test_language_switcher_keeps_the_reader_on_the_same_page(built_site: Path) -> None:
    text = page_path(built_site, "hi", "email").read_text(encoding="utf-8")
    switcher = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', text)
    links = {lang: urlsplit(urljoin("http://h/hi/email/", href)).path for href, lang in switcher}
    assert links == {lang: ("/email/" if lang == "en" else f"/{lang}/email/") for lang in LANGUAGES}


def test_404_page_is_english(built_site: Path) -> None:
    page = parse(built_site / "404.html")
    assert page.html_lang == "en"
    assert "Page not found" in (built_site / "404.html").read_text(encoding="utf-8")


def test_no_link_or_anchor_is_broken_in_any_language(
    built_site: Path, pages: dict[Path, _Collector]
) -> None:
    broken = []
    for path, page in pages.items():
        base = "http://site/" + path.relative_to(built_site).as_posix()
        for tag, attr, value in page.refs:
            if not value or value.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            url = urlsplit(urljoin(base, value))
            if url.hostname != "site":
                continue  # other hosts are checked below
            target = built_site / unquote(url.path.lstrip("/"))
            if url.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(built_site)}: {tag}[{attr}]={value}")
                continue
            if url.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(
                        f"{path.relative_to(built_site)}: #{url.fragment} missing in {value}"
                    )
    assert broken == []


def _site_url() -> str:
    text = (Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8")
    found = re.search(r"^site_url:\s*(\S+)", text, re.MULTILINE)
    assert found is not None
    return found.group(1)


def test_nothing_is_loaded_from_another_host(pages: dict[Path, _Collector]) -> None:
    own = _site_url()  # canonical and hreflang links name the site's own address
    loaded = [
        (path.name, value)
        for path, page in pages.items()
        for tag, attr, value in page.refs
        if (attr == "src" or tag == "link")
        and urlsplit(value).netloc
        and not (tag == "link" and value.startswith("#"))
        and not (tag == "link" and value.startswith(own))
    ]
    assert loaded == []
    assert not any("fonts.googleapis" in p.read_text(encoding="utf-8") for p in pages)


def test_every_page_has_a_strict_content_security_policy(pages: dict[Path, _Collector]) -> None:
    for path, page in pages.items():
        if path.parent.name == "pagefind" or "pagefind" in path.parts:
            continue
        assert page.csp, f"{path}: no CSP meta tag"
        assert "default-src 'self'" in page.csp
        assert "script-src 'self' 'wasm-unsafe-eval'" in page.csp
        assert "worker-src 'self'" in page.csp
        assert "unsafe-eval'" not in page.csp.replace("'wasm-unsafe-eval'", "")


def test_search_index_exists_per_language(built_site: Path) -> None:
    entries = list((built_site / "pagefind").glob("pagefind-entry.json"))
    assert entries, "Pagefind did not run"
    import json

    languages = json.loads(entries[0].read_text())["languages"]
    assert set(languages) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert languages[lang]["page_count"] >= len(ARTICLES) - 1, lang


WITH_ESTIMATOR = (
    "upgrade-hosting",
    "dns-plan",
    "how-charges-work",
    "email",
    "plan-families",
    "estimate",
)


def test_estimator_articles_have_one_and_other_pages_load_nothing_of_it(built_site: Path) -> None:
    for lang in LANGUAGES:
        for article in ARTICLES:
            text = page_path(built_site, lang, article).read_text(encoding="utf-8")
            if article in WITH_ESTIMATOR:
                assert "data-quote-widget" in text, f"{article} [{lang}] has no estimator"
            else:  # the translator's guide shows the placeholder as code only: no estimator
                assert "assets/quote/" not in text, f"{article} [{lang}] loads estimator files"
