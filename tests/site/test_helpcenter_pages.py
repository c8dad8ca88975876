"""Small sites built in a temporary git repository: each page's last-updated date, from the
history, in the reader's language and digits; pages the build refuses, named with the reason."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.conftest import build_site
from tests.site.test_helpcenter_status import git

CONFIG = """\
site_name: History fixture
site_url: https://help.example.com/
docs_dir: docs
theme:
  name: material
  language: en
  font: false
markdown_extensions:
  - toc
plugins:
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_search: false
      languages:
        - {locale: en, name: English, default: true, build: true}
        - {locale: bn, name: বাংলা, build: true}
  - helpcenter:
      search: false
"""


def updated(page: Path) -> str | None:
    """The text of the page's "last updated" line, or None when it has none."""
    text = page.read_text(encoding="utf-8")
    found = re.search(r'<aside class="md-source-file">(.*?)</aside>', text, re.DOTALL)
    if found is None:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """index.md and guide.md committed on 3 December 2026; index.bn.md added and guide.md
    changed on 15 January 2027; draft.md not committed."""
    root = tmp_path_factory.mktemp("history")
    docs = root / "docs"
    docs.mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (docs / "guide.md").write_text("# Guide\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "home", day="2026-12-03")
    (docs / "index.bn.md").write_text("# হোম\n\nস্বাগতম।\n", encoding="utf-8")
    (docs / "guide.md").write_text("# Guide\n\nRead this first.\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "guide", day="2027-01-15")
    (docs / "draft.md").write_text("# Draft\n", encoding="utf-8")
    (docs / "status.md").write_text("# Status\n\n{{ translation_status }}\n", encoding="utf-8")
    git(root, "add", "docs/status.md")
    git(root, "commit", "-q", "-m", "status", day="2027-02-28")
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    result = build_site(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_each_page_shows_the_date_of_its_own_last_commit_in_english(site: Path) -> None:
    assert updated(site / "index.html") == "Last updated: December 3, 2026"
    # guide.md changed in both commits: the newer one counts.
    assert updated(site / "guide" / "index.html") == "Last updated: January 15, 2027"
    assert '<time datetime="2026-12-03">' in (site / "index.html").read_text(encoding="utf-8")


def test_bengali_dates_use_bengali_words_and_digits(site: Path) -> None:
    # index.bn.md was committed later than index.md: the translation's own file counts.
    assert updated(site / "bn" / "index.html") == "সর্বশেষ হালনাগাদ: ১৫ জানুয়ারী, ২০২৭"
    # guide has no Bengali translation: the English file's date, in Bengali.
    assert updated(site / "bn" / "guide" / "index.html") == "সর্বশেষ হালনাগাদ: ১৫ জানুয়ারী, ২০২৭"


def test_an_untracked_page_shows_no_date(site: Path) -> None:
    assert updated(site / "draft" / "index.html") is None
    assert updated(site / "bn" / "draft" / "index.html") is None


def test_outside_a_repository_the_build_shows_no_date(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    result = build_site(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert updated(tmp_path / "site" / "index.html") is None


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "old.bn.md",
            "# পুরোনো\n",
            "old.bn.md (bn): a translation of old.md, which does not exist: add the English page "
            "or remove the translation",
        ),
        (
            "index.bn.md",
            "---\ntitle: হোম: শুরু\n---\n# হোম\n",
            "index.bn.md: the front matter is not valid YAML at line 2: mapping values are not "
            "allowed here",
        ),
        (
            "index.bn.md",
            "---\nsource_hash: see English\n---\n# হোম\n",
            "index.bn.md: source_hash 'see English' is not a hash of 12 hex digits",
        ),
    ],
)
def test_the_build_refuses_orphans_and_broken_front_matter(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / name).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    result = build_site(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_the_status_page_writes_every_number_in_the_pages_digits(site: Path) -> None:
    page = (site / "bn" / "status" / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    text = html.unescape(re.sub(r"<[^>]+>", " ", article))
    assert "bn : ০টি হালনাগাদ, ১টি পুরোনো, ৩টি নেই" in " ".join(text.split())
    assert "২৮ ফেব্রুয়ারী, ২০২৭" in text
    assert re.findall(r"[0-9]", text) == []
