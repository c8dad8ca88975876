"""Placeholder parity: a translation must carry exactly its English page's placeholders.

The English page of ``docs/<page>.<xx>.md`` is ``docs/<page>.md``. Placeholders are compared
as multisets of (name, arguments in the order written): order may differ between languages
(sentence order does), but every price, table, example and estimator of the English page must
appear in the translation as many times as in English, with the same name and every argument
unchanged, and the translation may add none.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from mkdocs.utils.meta import get_data

from mkdocs_quote.plugins.helpcenter.status_page import PLACEHOLDER as STATUS_PLACEHOLDER
from mkdocs_quote.plugins.quote import placeholders

_TRANSLATION = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")


def _key(p: placeholders.Placeholder) -> str:
    args = " ".join(f'{k}="{v}"' for k, v in p.args)
    return f"{{{{ {p.name}{' ' + args if args else ''} }}}}"


def _keys(markdown: str) -> Counter[str]:
    body, _meta = get_data(markdown)
    # The status page's own placeholder is the help center's, not the quote plugin's.
    body = STATUS_PLACEHOLDER.sub("", body)
    return Counter(_key(p) for p in placeholders.find(body))


def compare(english: str, translation: str) -> tuple[list[str], list[str]]:
    """(missing from the translation, added by the translation), each placeholder as written."""
    en, tr = _keys(english), _keys(translation)
    return sorted((en - tr).elements()), sorted((tr - en).elements())


def check_docs(docs_dir: Path, languages: set[str]) -> list[str]:
    """One error message per placeholder that differs, naming page, language and placeholder."""
    errors = []
    for path in sorted(docs_dir.rglob("*.md")):
        match = _TRANSLATION.match(path.name)
        if not match or match["lang"] not in languages:
            continue
        english = path.with_name(match["stem"] + ".md")
        where = path.relative_to(docs_dir).as_posix()
        if not english.is_file():
            # Refused by the helpcenter plugin whatever translation_checks says (status.py).
            continue
        try:
            missing, added = compare(
                english.read_text(encoding="utf-8"), path.read_text(encoding="utf-8")
            )
        except placeholders.PlaceholderError as exc:
            errors.append(f"{where}: line {exc.line}: {exc.message}")
            continue
        for key in missing:
            errors.append(
                f"{where} ({match['lang']}): placeholder {key} of "
                f"{english.relative_to(docs_dir).as_posix()} is missing or changed"
            )
        for key in added:
            errors.append(
                f"{where} ({match['lang']}): placeholder {key} is not in the English page"
            )
    return errors
