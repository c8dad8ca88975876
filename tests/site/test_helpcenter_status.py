"""Translation status: missing, outdated and up to date, and the stamp that records a review."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mkdocs_quote.plugins.helpcenter import status as i18n_status
from mkdocs_quote.plugins.helpcenter.status import Status

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "billing.md").write_text("---\ntitle: Billing\n---\n\n# Billing\n\nPay monthly.\n")
    (d / "billing.bn.md").write_text("---\ntitle: বিলিং\n---\n\n# বিলিং\n")
    (d / "billing.hi.md").write_text("---\ntitle: बिलिंग\n---\n\n# बिलिंग\n")
    (d / "other.md").write_text("# Other\n")
    return d


def statuses(
    docs: Path, langs: tuple[str, ...] = ("bn", "hi", "es")
) -> dict[tuple[str, str], Status]:
    return {(e.page, e.lang): e.status for e in i18n_status.report(docs, langs)}


def test_unstamped_translation_is_outdated_and_absent_one_missing(docs: Path) -> None:
    s = statuses(docs)
    assert s[("billing.md", "bn")] is Status.OUTDATED
    assert s[("billing.md", "es")] is Status.MISSING
    assert s[("other.md", "bn")] is Status.MISSING


def test_stamp_marks_translation_up_to_date_and_keeps_front_matter(docs: Path) -> None:
    digest = i18n_status.stamp(docs / "billing.bn.md")
    text = (docs / "billing.bn.md").read_text()
    assert text.startswith("---\ntitle: বিলিং\nsource_hash: " + digest + "\n---\n")
    assert "# বিলিং" in text
    assert statuses(docs)[("billing.md", "bn")] is Status.CURRENT


def test_editing_the_english_page_marks_its_translations_outdated(docs: Path) -> None:
    i18n_status.stamp(docs / "billing.bn.md")
    i18n_status.stamp(docs / "billing.hi.md")
    assert statuses(docs)[("billing.md", "hi")] is Status.CURRENT
    source = docs / "billing.md"
    source.write_text(source.read_text() + "\nTaxes are added at checkout.\n")
    s = statuses(docs)
    assert s[("billing.md", "bn")] is Status.OUTDATED
    assert s[("billing.md", "hi")] is Status.OUTDATED
    # Stamping again, after the translator has caught up, clears it.
    i18n_status.stamp(docs / "billing.bn.md")
    assert statuses(docs)[("billing.md", "bn")] is Status.CURRENT


def test_stamp_adds_front_matter_when_there_is_none(docs: Path) -> None:
    (docs / "other.es.md").write_text("# Otra\n")
    digest = i18n_status.stamp(docs / "other.es.md")
    assert (docs / "other.es.md").read_text() == f"---\nsource_hash: {digest}\n---\n\n# Otra\n"


@pytest.mark.parametrize(
    ("name", "problem"),
    [("billing.md", "not a translation"), ("nothing.bn.md", "does not exist")],
)
def test_stamp_refuses_what_is_not_a_translation_of_an_existing_page(
    docs: Path, name: str, problem: str
) -> None:
    (docs / name).touch()
    with pytest.raises(ValueError, match=problem):
        i18n_status.stamp(docs / name)


def test_command_line_reports_and_check_fails_on_gaps(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert i18n_status.main(["status", str(docs), "--languages", "bn,es"]) == 0
    out = capsys.readouterr().out
    assert "billing.md" in out and "OUTDATED" in out and "missing" in out
    assert "bn: 0 up to date, 1 outdated, 1 missing" in out
    assert i18n_status.main(["status", str(docs), "--languages", "bn", "--check"]) == 1


def test_real_site_every_translation_is_present_and_up_to_date() -> None:
    """The shipped docs: every page in every language, each stamped from its current source."""
    langs = i18n_status.configured_languages(ROOT / "mkdocs.yml")
    assert langs == ["bn", "hi", "es", "id", "ms"]
    gaps = [
        f"{e.page} [{e.lang}]: {e.status.value}"
        for e in i18n_status.report(ROOT / "docs", langs)
        if e.status is not Status.CURRENT
    ]
    assert gaps == []


def test_status_page_shows_an_edit_to_an_english_page(tmp_path: Path) -> None:
    """End to end: after an English edit and a removed translation, the build says so.

    The edited page is outdated in every language, with a notice on each translation; the page
    without a Hindi translation shows the English text under a Hindi notice, marked as English
    and kept out of the Hindi search index.
    """
    from tests.conftest import build_site

    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    config = (ROOT / "mkdocs.yml").read_text()
    config = config.replace("catalog: quote_engine/", f"catalog: {ROOT}/quote_engine/")
    config = config.replace(
        "  - quote:\n", f"  - quote:\n      node_modules: {ROOT}/node_modules\n"
    )
    (project / "mkdocs.yml").write_text(config)
    glossary = project / "docs" / "glossary.md"
    glossary.write_text(glossary.read_text() + "\nOne more sentence in English.\n")
    (project / "docs" / "faq.hi.md").unlink()
    site = tmp_path / "site"
    result = build_site(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    status_page = (site / "bn" / "translation-status" / "index.html").read_text()
    row = status_page.split("<code>glossary.md</code>")[1].split("</tr>")[0]
    assert row.count("hc-status--outdated") == 5
    other = status_page.split("<code>email.md</code>")[1].split("</tr>")[0]
    assert other.count("hc-status--current") == 5
    glossary_bn = (site / "bn" / "glossary" / "index.html").read_text()
    assert "এই অনুবাদটি পুরোনো হতে পারে" in glossary_bn
    email_bn = (site / "bn" / "email" / "index.html").read_text()
    assert "এই অনুবাদটি পুরোনো হতে পারে" not in email_bn
    faq_row = status_page.split("<code>faq.md</code>")[1].split("</tr>")[0]
    assert faq_row.count("hc-status--missing") == 1
    faq_hi = (site / "hi" / "faq" / "index.html").read_text()
    assert '<html lang="hi"' in faq_hi
    assert "अभी अनुवाद नहीं हुआ है" in faq_hi
    english_body = faq_hi.split('<div lang="en" data-pagefind-ignore="all">')[1]
    assert "Questions and answers about billing changes" in english_body
