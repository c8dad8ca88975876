"""Terminology: flag the variants a language's table (locales/terms/<lang>.json) rules out.

Run as ``make i18n-terms`` (``python -m mkdocs_quote.checks.terms``), a report rather than a
build error: a ruled-out word can be right in context (a quoted screen label), so a person
decides. Matching is whole-word for Latin scripts and substring for bn and hi (their words
take suffixes), case-insensitive, on NFC text, skipping front matter, fenced code, code spans,
placeholders, ``{fields}``, heading ids ``{#...}`` and link targets.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from mkdocs_quote.checks.prose import prose_lines

TERMS_DIR = Path(__file__).resolve().parent.parent / "locales" / "terms"
LOCALES_DIR = TERMS_DIR.parent
_SUBSTRING = {"bn", "hi"}
_MASKS = re.compile(r"\{\{.*?\}\}|\{[^{}]*\}|\]\([^)]*\)|^\[[^\]]+\]:\s*\S+")


def load_avoid(lang: str, terms_dir: Path = TERMS_DIR) -> dict[str, list[str]]:
    """concept -> ruled-out variants (NFC) for one language."""
    table = json.loads((terms_dir / f"{lang}.json").read_text(encoding="utf-8"))
    return {
        concept: [unicodedata.normalize("NFC", v) for v in entry.get("avoid", [])]
        for concept, entry in table.items()
        if isinstance(entry, dict)
    }


def find_variants(text: str, lang: str, avoid: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(concept, variant) for every ruled-out variant in ``text`` (one line, already masked)."""
    text = unicodedata.normalize("NFC", _MASKS.sub(" ", text)).casefold()
    hits = []
    for concept, variants in avoid.items():
        for variant in variants:
            v = variant.casefold()
            if lang in _SUBSTRING:
                found = v in text
            else:
                found = re.search(rf"(?<!\w){re.escape(v)}(?!\w)", text) is not None
            if found:
                hits.append((concept, variant))
    return hits


def check_page(markdown: str, lang: str, avoid: dict[str, list[str]]) -> list[tuple[int, str]]:
    """(line, variant) hits in a page's prose."""
    hits = []
    for number, line in prose_lines(markdown):
        for _concept, variant in find_variants(line, lang, avoid):
            hits.append((number, variant))
    return hits


def report(docs_dir: Path, langs: list[str]) -> list[str]:
    """Every hit in docs/<page>.<lang>.md and locales/*/<lang>.json strings."""
    out = []
    for lang in langs:
        avoid = load_avoid(lang)
        pages = docs_dir.rglob(f"*.{lang}.md") if lang != "en" else (
            p for p in docs_dir.rglob("*.md") if not re.search(r"\.[a-z]{2}\.md$", p.name)
        )  # fmt: skip
        for page in sorted(pages):
            for line, variant in check_page(page.read_text(encoding="utf-8"), lang, avoid):
                out.append(f"{page.as_posix()}, line {line}: '{variant}'")
        for strings in sorted(LOCALES_DIR.glob(f"*/{lang}.json")):
            if strings.parent.name == "terms":
                continue
            data = json.loads(strings.read_text(encoding="utf-8"))
            for key, value in _strings(data):
                for _concept, variant in find_variants(value, lang, avoid):
                    out.append(f"{strings.relative_to(LOCALES_DIR).as_posix()} {key}: '{variant}'")
    return out


def _strings(data: object, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(data, str):
        return [(prefix, data)]
    if isinstance(data, dict):
        return [kv for k, v in data.items() for kv in _strings(v, f"{prefix}.{k}".lstrip("."))]
    if isinstance(data, list):
        return [kv for i, v in enumerate(data) for kv in _strings(v, f"{prefix}[{i}]")]
    return []


def main() -> int:
    langs = sys.argv[1:] or sorted(p.stem for p in TERMS_DIR.glob("*.json"))
    hits = report(Path("docs"), langs)
    print("\n".join(hits) if hits else "No ruled-out terms found.")
    return 1 if hits else 0


if __name__ == "__main__":
    raise SystemExit(main())
