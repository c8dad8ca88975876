"""Which translations are missing, outdated or up to date.

Every translation (``docs/page.bn.md`` beside ``docs/page.md``) records in its front matter the
hash of the English source it was made from (``source_hash``). When the English page changes, its
hash no longer matches and the translation is reported as outdated, in ``make i18n-status``, on
the translators' status page and in a notice on the translated page itself. A translator who has
brought a page up to date records it with ``make i18n-stamp PAGE=docs/page.bn.md``.

Command line (``make i18n-status``, ``make i18n-stamp``)::

    python -m mkdocs_quote.plugins.helpcenter status docs [--languages bn,hi] [--check]
    python -m mkdocs_quote.plugins.helpcenter stamp docs/page.bn.md [...]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

#: Length of the recorded hash: 12 hex digits tell sources apart and stay readable in a diff.
HASH_LENGTH = 12
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.DOTALL)
_HASH_LINE = re.compile(r"^source_hash:[ \t]*['\"]?([0-9a-f]+)['\"]?[ \t]*$", re.MULTILINE)
_LOCALE_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")


class Status(StrEnum):
    MISSING = "missing"
    OUTDATED = "outdated"
    CURRENT = "current"


@dataclass(frozen=True, slots=True)
class Entry:
    """The state of one page in one language."""

    page: str  # the English source, relative to docs_dir: "dns-plan.md"
    lang: str
    status: Status
    recorded: str | None  # the hash the translation records, if any
    expected: str  # the English source's current hash


def source_hash(path: Path) -> str:
    """The hash a translation records for the English page at ``path`` (its exact bytes)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]


def recorded_hash(text: str) -> str | None:
    """The ``source_hash`` in a page's front matter, or None."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None
    found = _HASH_LINE.search(match.group(1))
    return found.group(1) if found else None


def translation_path(source: Path, lang: str) -> Path:
    return source.with_name(f"{source.stem}.{lang}.md")


def english_sources(docs_dir: Path) -> list[Path]:
    """English pages: Markdown files without a language suffix."""
    return sorted(p for p in docs_dir.rglob("*.md") if not _LOCALE_SUFFIX.match(p.name))


def languages_in(docs_dir: Path) -> list[str]:
    """Language codes that appear as suffixes in ``docs_dir``."""
    found = {m.group("lang") for p in docs_dir.rglob("*.md") if (m := _LOCALE_SUFFIX.match(p.name))}
    return sorted(found)


def entry_for(docs_dir: Path, source: Path, lang: str) -> Entry:
    expected = source_hash(source)
    page = source.relative_to(docs_dir).as_posix()
    target = translation_path(source, lang)
    if not target.exists():
        return Entry(page, lang, Status.MISSING, None, expected)
    recorded = recorded_hash(target.read_text(encoding="utf-8"))
    status = Status.CURRENT if recorded == expected else Status.OUTDATED
    return Entry(page, lang, status, recorded, expected)


def report(docs_dir: Path, languages: Iterable[str]) -> list[Entry]:
    """Every (page, language) pair, English pages in path order, languages in the given order."""
    langs = list(languages)
    return [entry_for(docs_dir, s, lang) for s in english_sources(docs_dir) for lang in langs]


def stamp(translation: Path) -> str:
    """Record in ``translation``'s front matter the current hash of its English source.

    Returns the hash written. Raises ValueError for a file that is not a translation or whose
    English source does not exist.
    """
    match = _LOCALE_SUFFIX.match(translation.name)
    if not match:
        raise ValueError(f"{translation}: not a translation (expected a name like page.bn.md)")
    source = translation.with_name(match.group("stem") + ".md")
    if not source.exists():
        raise ValueError(f"{translation}: its English source {source} does not exist")
    digest = source_hash(source)
    text = translation.read_text(encoding="utf-8")
    front = _FRONT_MATTER.match(text)
    if front is None:
        text = f"---\nsource_hash: {digest}\n---\n\n{text}"
    else:
        body = front.group(1)
        if _HASH_LINE.search(body):
            body = _HASH_LINE.sub(f"source_hash: {digest}", body)
        else:
            body += f"source_hash: {digest}\n"
        text = f"---\n{body}---\n" + text[front.end() :]
    translation.write_text(text, encoding="utf-8")
    return digest


def configured_languages(mkdocs_yml: Path) -> list[str]:
    """Non-default languages of the i18n plugin in mkdocs.yml (without importing PyYAML tags)."""
    import yaml  # the site's own dependency; this module is build tooling, not the engine

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !ENV or !relative tags: read them as plain scalars.
    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_Loader) or {}
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            langs = plugin["i18n"].get("languages", [])
            return [lang["locale"] for lang in langs if not lang.get("default")]
    return []


def _format_table(entries: Sequence[Entry], langs: Sequence[str]) -> str:
    marks = {Status.MISSING: "missing", Status.OUTDATED: "OUTDATED", Status.CURRENT: "ok"}
    pages = sorted({e.page for e in entries}, key=lambda p: [x.page for x in entries].index(p))
    width = max([len(p) for p in pages] + [4])
    lines = ["page".ljust(width) + "  " + "  ".join(lang.ljust(8) for lang in langs)]
    by_key = {(e.page, e.lang): e for e in entries}
    for page in pages:
        cells = [marks[by_key[(page, lang)].status].ljust(8) for lang in langs]
        lines.append(page.ljust(width) + "  " + "  ".join(cells))
    totals = []
    for lang in langs:
        mine = [e for e in entries if e.lang == lang]
        counts = {s: sum(1 for e in mine if e.status is s) for s in Status}
        totals.append(
            f"{lang}: {counts[Status.CURRENT]} up to date, {counts[Status.OUTDATED]} outdated, "
            f"{counts[Status.MISSING]} missing"
        )
    return "\n".join(lines + [""] + totals)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mkdocs_quote.plugins.helpcenter")
    sub = parser.add_subparsers(dest="command", required=True)
    status_cmd = sub.add_parser("status", help="list missing and outdated translations")
    status_cmd.add_argument("docs_dir", type=Path, nargs="?", default=Path("docs"))
    status_cmd.add_argument("--languages", help="comma-separated codes (default: mkdocs.yml)")
    status_cmd.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    status_cmd.add_argument(
        "--check", action="store_true", help="exit 1 when anything is not up to date"
    )
    stamp_cmd = sub.add_parser("stamp", help="record that translations match their source")
    stamp_cmd.add_argument("pages", type=Path, nargs="+")
    args = parser.parse_args(argv)

    if args.command == "stamp":
        failed = False
        for page in args.pages:
            try:
                print(f"{page}: source_hash {stamp(page)}")
            except (ValueError, OSError) as err:
                print(f"error: {err}", file=sys.stderr)
                failed = True
        return 1 if failed else 0

    docs_dir: Path = args.docs_dir
    if not docs_dir.is_dir():
        print(f"error: {docs_dir} is not a directory", file=sys.stderr)
        return 2
    if args.languages:
        langs = [x.strip() for x in args.languages.split(",") if x.strip()]
    elif args.config.exists():
        langs = configured_languages(args.config)
    else:
        langs = languages_in(docs_dir)
    entries = report(docs_dir, langs)
    print(_format_table(entries, langs))
    if args.check and any(e.status is not Status.CURRENT for e in entries):
        return 1
    return 0
