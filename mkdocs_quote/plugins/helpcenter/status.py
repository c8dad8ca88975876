"""Which translations are missing, outdated or up to date.

Every translation (``docs/page.bn.md`` beside ``docs/page.md``) records in its front matter the
hash of the English source it was made from (``source_hash``). When the English page changes, its
hash no longer matches and the translation is reported as outdated, in ``make i18n-status``, on
the translators' status page and in a notice on the translated page itself. A translator who has
brought a page up to date records it with ``make i18n-stamp PAGE=docs/page.bn.md``; after a
change to the English page that needs no new translation (a typo), ``--all-languages`` stamps
every translation of it at once.

For an outdated translation, ``status`` shows what changed in English since the stamp: the
diff from the version in the git history whose hash the translation records (``history.py``).
It also reports pages the build refuses (:func:`check_pages`).

Command line (``make i18n-status``, ``make i18n-stamp``)::

    python -m mkdocs_quote.plugins.helpcenter status docs [--languages bn,hi] [--check]
    python -m mkdocs_quote.plugins.helpcenter stamp docs/page.bn.md [...]
    python -m mkdocs_quote.plugins.helpcenter stamp --all-languages docs/page.md [...]
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

import yaml  # the site's own dependency; this module is build tooling, not the engine

from mkdocs_quote.plugins.helpcenter import history

#: Length of the recorded hash: 12 hex digits tell sources apart and stay readable in a diff.
HASH_LENGTH = 12
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.DOTALL)
# MkDocs' own test for a front matter block (mkdocs/utils/meta.py, YAML_RE).
_MKDOCS_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_HASH_VALUE = re.compile(r"^source_hash:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_VALID_HASH = re.compile(rf"[0-9a-f]{{{HASH_LENGTH}}}")
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


def hash_bytes(content: bytes) -> str:
    """The hash of an English page's exact bytes, as its translations record it."""
    return hashlib.sha256(content).hexdigest()[:HASH_LENGTH]


def source_hash(path: Path) -> str:
    """The hash a translation records for the English page at ``path`` (its exact bytes)."""
    return hash_bytes(path.read_bytes())


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


def _front_matter_problem(text: str, is_translation: bool) -> str | None:
    """What is wrong with a page's front matter, or None.

    MkDocs reads a page's metadata only when its ``---`` block is a YAML mapping; otherwise it
    publishes the block as text, without a word. A translation's ``source_hash`` is the one
    ``stamp`` writes: 12 hex digits (read as written: YAML would take ``012345678901`` for a
    number).
    """
    if not text.startswith("---"):
        return None
    block = _MKDOCS_FRONT_MATTER.match(text)
    if block is None:
        return "the front matter that starts on line 1 has no closing '---' line"
    try:
        data = yaml.safe_load(block.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or "cannot be read"
        return f"the front matter is not valid YAML{where}: {reason}"
    if not isinstance(data, dict):
        return "the front matter is not a list of 'key: value' lines"
    if not is_translation or "source_hash" not in data:
        return None
    found = _HASH_VALUE.search(block.group(1))
    written = found.group(1).strip("'\"") if found else str(data["source_hash"])
    if not _VALID_HASH.fullmatch(written):
        return (
            f"source_hash {written!r} is not a hash of {HASH_LENGTH} hex digits: remove the line "
            "and stamp the page with make i18n-stamp once it matches its English page"
        )
    return None


def check_pages(docs_dir: Path, languages: Iterable[str]) -> list[str]:
    """One message per page the build refuses: a translation without its English page, or a
    page whose front matter is broken. Each names the file (relative to ``docs_dir``)."""
    langs = set(languages)
    errors = []
    for path in sorted(docs_dir.rglob("*.md")):
        where = path.relative_to(docs_dir).as_posix()
        match = _LOCALE_SUFFIX.match(path.name)
        is_translation = bool(match and match["lang"] in langs)
        if match and is_translation and not path.with_name(match["stem"] + ".md").is_file():
            # mkdocs-static-i18n would leave it out of the site without a word.
            errors.append(
                f"{where} ({match['lang']}): a translation of {match['stem']}.md, which does "
                "not exist: add the English page or remove the translation"
            )
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{where}: cannot be read as UTF-8 text: {exc}")
            continue
        problem = _front_matter_problem(text, is_translation)
        if problem:
            errors.append(f"{where}: {problem}")
    return errors


def english_changes(docs_dir: Path, page: str, recorded: str | None, langs: Sequence[str]) -> str:
    """What changed in the English ``page`` since translations in ``langs`` were stamped with
    hash ``recorded``: a unified diff from that version in the git history to the working tree,
    or one line saying why there is none."""
    source = docs_dir / page
    who = ", ".join(langs)
    if recorded is None:
        return f"{page} [{who}]: never stamped, so there is no version to compare with"
    found = history.english_version(source, recorded, hash_bytes)
    if found is None:
        return (
            f"{page} [{who}]: no version of {page} in the git history has hash {recorded}, "
            "so what changed since the stamp cannot be shown"
        )
    return history.unified_diff(
        found.content,
        source.read_bytes(),
        page,
        f"stamped in [{who}]: commit {found.commit[:12]}",
        "now",
    )


def translations_of(source: Path) -> list[Path]:
    """Every translation beside the English page ``source`` (``page.xx.md``): what
    ``stamp --all-languages`` stamps after an English change that needs no new translation,
    such as a typo fixed.

    Raises ValueError when ``source`` is a translation, does not exist or has none.
    """
    if _LOCALE_SUFFIX.match(source.name):
        raise ValueError(f"{source}: --all-languages takes the English page, such as docs/page.md")
    if not source.is_file():
        raise ValueError(f"{source}: no such English page")
    found = sorted(
        p
        for p in source.parent.iterdir()
        if (m := _LOCALE_SUFFIX.match(p.name)) and m["stem"] == source.stem
    )
    if not found:
        raise ValueError(f"{source}: has no translations to stamp")
    return found


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m mkdocs_quote.plugins.helpcenter")
    sub = parser.add_subparsers(dest="command", required=True)
    status_cmd = sub.add_parser(
        "status", help="list missing and outdated translations, with what changed in English"
    )
    status_cmd.add_argument("docs_dir", type=Path, nargs="?", default=Path("docs"))
    status_cmd.add_argument("--languages", help="comma-separated codes (default: mkdocs.yml)")
    status_cmd.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    status_cmd.add_argument(
        "--check", action="store_true", help="exit 1 when anything is not up to date"
    )
    stamp_cmd = sub.add_parser("stamp", help="record that translations match their source")
    stamp_cmd.add_argument("pages", type=Path, nargs="+")
    stamp_cmd.add_argument(
        "--all-languages",
        action="store_true",
        help="the pages are English pages: stamp every translation of each",
    )
    return parser


def _stamp_command(pages: Sequence[Path], all_languages: bool) -> int:
    failed = False
    for page in pages:
        try:
            targets = translations_of(page) if all_languages else [page]
            for target in targets:
                print(f"{target}: source_hash {stamp(target)}")
        except (ValueError, OSError) as err:
            print(f"error: {err}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


def _status_command(docs_dir: Path, langs: Sequence[str], check: bool) -> int:
    entries = report(docs_dir, langs)
    print(_format_table(entries, langs))
    # Translations stamped from the same English version share one diff.
    stamped: dict[tuple[str, str | None], list[str]] = {}
    for e in entries:
        if e.status is Status.OUTDATED:
            stamped.setdefault((e.page, e.recorded), []).append(e.lang)
    if stamped:
        print("\nWhat changed in English since each outdated translation was stamped:")
    for (page, recorded), stale in stamped.items():
        print("\n" + english_changes(docs_dir, page, recorded, stale).rstrip("\n"))
    problems = check_pages(docs_dir, langs)
    if problems:
        print("\nPages the build refuses:")
        print("\n".join(f"error: {p}" for p in problems))
        return 1
    if check and any(e.status is not Status.CURRENT for e in entries):
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "stamp":
        return _stamp_command(args.pages, args.all_languages)
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
    return _status_command(docs_dir, langs, args.check)
