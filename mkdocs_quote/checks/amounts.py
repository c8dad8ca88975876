"""Amounts typed in prose: a price must come from a placeholder, never from the translator.

Scanned: each page's Markdown outside front matter, fenced code, code spans, HTML comments,
``{{ ... }}`` placeholders and link targets. An amount is a number (ASCII, Bengali or
Devanagari digits) with a currency symbol, ISO code or currency word right before or after it.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs_quote.checks.prose import prose_lines

_DIGIT = "0-9\u09e6-\u09ef\u0966-\u096f"
_NUMBER = rf"[{_DIGIT}](?:[{_DIGIT}.,\u00a0\u202f' ]*[{_DIGIT}])?"
_CURRENCY = (
    r"US\$|S\$|RM|Rp\.?|Tk\.?|Rs\.?|USD|EUR|INR|BDT|IDR|MYR|GBP|SGD|[€$₹৳£¥]"
    r"|টাকা|রুপি|রুপী|रुपये|रुपए|रुपया|रु\.?|taka|rupees?|rupiah|ringgit|euros?|dólares?|dollars?"
)
_AMOUNT = re.compile(
    rf"(?<![\w$])(?:(?:{_CURRENCY})\s?{_NUMBER}|{_NUMBER}\s?(?:{_CURRENCY}))(?![\w])",
    re.IGNORECASE,
)
_MASKS = re.compile(r"\{\{.*?\}\}|\]\([^)]*\)|^\[[^\]]+\]:\s*\S+")


def find_amounts(markdown: str) -> list[tuple[int, str]]:
    """(line number in the file, text) of every amount typed in the page's prose."""
    hits = []
    for number, line in prose_lines(markdown):
        text = _MASKS.sub(lambda m: " " * len(m.group()), line)
        hits += [(number, m.group().strip()) for m in _AMOUNT.finditer(text)]
    return hits


def check_docs(docs_dir: Path) -> list[str]:
    """One error per amount typed in any page, naming the page, the line and the text."""
    errors = []
    for path in sorted(docs_dir.rglob("*.md")):
        where = path.relative_to(docs_dir).as_posix()
        for line, text in find_amounts(path.read_text(encoding="utf-8")):
            errors.append(
                f"{where}, line {line}: amount typed in prose '{text}': use a placeholder"
            )
    return errors
