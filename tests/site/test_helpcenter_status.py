"""Translation status: missing, outdated and up to date, and the stamp that records a review."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
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


# -- what changed in English, from a temporary repository's history ------------------------------


def git(repo: Path, *args: str, day: str = "2026-12-03") -> None:
    """Run git in ``repo`` with a fixed identity and date, whatever the machine's settings."""
    stamp_time = f"{day}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": stamp_time,
        "GIT_COMMITTER_DATE": stamp_time,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(docs: Path) -> Path:
    """``docs`` committed three times: Bengali stamped from the first English version, Hindi
    from the second; the working tree has a third, not committed."""
    root = docs.parent
    git(root, "init", "-q")
    i18n_status.stamp(docs / "billing.bn.md")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    source = docs / "billing.md"
    source.write_text(source.read_text() + "\nTaxes are added at checkout.\n")
    i18n_status.stamp(docs / "billing.hi.md")
    git(root, "commit", "-q", "-am", "second")
    source.write_text(source.read_text().replace("Pay monthly.", "Pay every month."))
    return root


def test_status_shows_the_english_diff_since_each_stamp(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert i18n_status.main(["status", str(repo / "docs"), "--languages", "bn,hi"]) == 0
    out = capsys.readouterr().out
    bn = out.split("--- billing.md (stamped in [bn]: commit ")[1].split("--- billing.md")[0]
    assert "+++ billing.md (now)\n" in bn
    assert "-Pay monthly.\n+Pay every month.\n" in bn
    assert "+Taxes are added at checkout.\n" in bn
    hi = out.split("--- billing.md (stamped in [hi]: commit ")[1]
    assert "-Pay monthly.\n+Pay every month.\n" in hi
    assert "+Taxes" not in hi  # already in the version Hindi was stamped from


def test_translations_stamped_from_one_version_share_one_diff(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "docs" / "billing.es.md").write_text((repo / "docs" / "billing.hi.md").read_text())
    i18n_status.main(["status", str(repo / "docs"), "--languages", "bn,hi,es"])
    out = capsys.readouterr().out
    assert out.count("--- billing.md (stamped in [hi, es]: commit ") == 1


def test_a_hash_found_nowhere_in_history_is_one_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bn = repo / "docs" / "billing.bn.md"
    bn.write_text(re.sub(r"source_hash: \w+", "source_hash: 0123456789ab", bn.read_text()))
    i18n_status.main(["status", str(repo / "docs"), "--languages", "bn"])
    out = capsys.readouterr().out
    assert (
        "billing.md [bn]: no version of billing.md in the git history has hash 0123456789ab, "
        "so what changed since the stamp cannot be shown\n"
    ) in out
    assert "+++" not in out


def test_without_a_repository_status_says_so_in_one_line(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    i18n_status.stamp(docs / "billing.bn.md")
    (docs / "billing.md").write_text("# Billing\n\nChanged.\n")
    assert i18n_status.main(["status", str(docs), "--languages", "bn"]) == 0
    out = capsys.readouterr().out
    assert "billing.md [bn]: no version of billing.md in the git history has hash " in out
    assert "+++" not in out


# -- stamping several pages and every language of one page --------------------------------------


def test_stamp_all_languages_stamps_every_translation_of_the_page(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (docs / "billing.es.md").write_text("# Facturación\n")
    (docs / "billing.extra.bn.md").write_text("# another page's translation\n")
    assert i18n_status.main(["stamp", "--all-languages", str(docs / "billing.md")]) == 0
    s = statuses(docs)
    assert [s[("billing.md", lang)] for lang in ("bn", "hi", "es")] == [Status.CURRENT] * 3
    assert "source_hash" not in (docs / "billing.extra.bn.md").read_text()
    assert capsys.readouterr().out.count("source_hash ") == 3


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("billing.bn.md", "takes the English page"),
        ("nothing.md", "no such English page"),
        ("other.md", "has no translations to stamp"),
    ],
)
def test_stamp_all_languages_refuses_what_is_not_a_translated_english_page(
    docs: Path, name: str, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert i18n_status.main(["stamp", "--all-languages", str(docs / name)]) == 1
    assert problem in capsys.readouterr().err


def test_make_stamps_several_pages_and_all_languages(docs: Path) -> None:
    (docs / "other.bn.md").write_text("# অন্য\n")
    # "-o setup": the installed venv stands in for make's setup, so nothing is installed.
    make = ["make", "-s", "-o", "setup", "-C", str(ROOT), "i18n-stamp", "PY=" + sys.executable]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    pages = f"PAGE={docs / 'billing.bn.md'} {docs / 'other.bn.md'}"
    subprocess.run([*make, pages], check=True, env=env, capture_output=True)
    s = statuses(docs, ("bn", "hi"))
    assert s[("billing.md", "bn")] is Status.CURRENT and s[("other.md", "bn")] is Status.CURRENT
    assert s[("billing.md", "hi")] is Status.OUTDATED
    subprocess.run(
        [*make, f"PAGE={docs / 'billing.md'}", "ALL=1"], check=True, env=env, capture_output=True
    )
    assert statuses(docs, ("bn", "hi"))[("billing.md", "hi")] is Status.CURRENT


# -- pages the build refuses ----------------------------------------------------------------------

BROKEN = [
    ("old.bn.md", "# পুরোনো\n", "old.bn.md (bn): a translation of old.md, which does not exist"),
    (
        "other.bn.md",
        "---\ntitle: [অন্য\n---\n# অন্য\n",
        "other.bn.md: the front matter is not valid YAML at line 3",
    ),
    ("other.hi.md", "---\ntitle: x\n# अन्य\n", "other.hi.md: the front matter that starts on line 1"),
    ("other.es.md", "---\n- a\n- b\n---\n# Otra\n", "other.es.md: the front matter is not a list"),
    (
        "other.bn.md",
        "---\ntitle: অন্য\nsource_hash: 3f2a9c\n---\n# অন্য\n",
        "other.bn.md: source_hash '3f2a9c' is not a hash of 12 hex digits",
    ),
    (
        "other.hi.md",
        "---\nsource_hash: 3F2A9C0B1D4E\n---\n# अन्य\n",
        "other.hi.md: source_hash '3F2A9C0B1D4E' is not a hash",
    ),
]


@pytest.mark.parametrize(("name", "text", "message"), BROKEN)
def test_check_pages_names_the_file_and_what_is_wrong(
    docs: Path, name: str, text: str, message: str
) -> None:
    (docs / name).write_text(text)
    errors = i18n_status.check_pages(docs, ("bn", "hi", "es"))
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_check_pages_accepts_good_pages_and_a_hash_yaml_reads_as_a_number(docs: Path) -> None:
    (docs / "other.bn.md").write_text("---\ntitle: অন্য\nsource_hash: 012345670123\n---\n# অন্য\n")
    (docs / "notes.fr.md").write_text("# not a site language: an English page's name\n")
    i18n_status.stamp(docs / "billing.bn.md")
    assert i18n_status.check_pages(docs, ("bn", "hi", "es")) == []


def test_status_reports_refused_pages_a_line_each_and_fails(
    docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (docs / "old.bn.md").write_text("# পুরোনো\n")
    (docs / "other.hi.md").write_text("---\ntitle: [x\n---\n")
    assert i18n_status.main(["status", str(docs), "--languages", "bn,hi"]) == 1
    out = capsys.readouterr().out
    refused = out.split("Pages the build refuses:\n")[1].splitlines()
    assert [line.split(":")[1] for line in refused] == [" old.bn.md (bn)", " other.hi.md"]
