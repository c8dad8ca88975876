"""The help center's words in every language: one loader for every file under ``locales/``.

``locales/`` holds one folder per kind of string, one JSON file per language in each:

- ``build/``: what the build writes into pages (sentences, table labels, line descriptions,
  cycle names, error texts, tax notes) and what the estimator shares with it;
- ``widget/``: what only the estimator's form and status need;
- ``site/``: notices, the search box, the translation-status page, the 404 page;
- ``theme/``: corrections of Material's own interface strings for the language;
- ``terms/``: the terminology table (one term per concept; see :mod:`mkdocs_quote.terms`).

:func:`load_messages` merges ``build`` and ``widget`` (or any kinds asked for) with English
filling in key by key. How a message is filled in is ``quote_view.messages`` (the same code in
the build and the browser). A value is a string with ``{name}`` fields, or a dict of forms:
CLDR plural categories chosen by ``count`` (ordinal categories for keys starting with
``ordinal.``) and exact values written ``"=1"``.

Adding a language: a file per kind with every English key (:func:`check_language` lists what
is missing or wrong).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from quote_view.messages import MessageError, fields
from quote_view.plurals import CATEGORIES

__all__ = [
    "LOCALES_DIR",
    "MessageError",
    "available_languages",
    "check_language",
    "load_messages",
    "raw_messages",
    "site_messages",
    "theme_strings",
]

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT_LANG = "en"
PAGE_KINDS = ("build", "widget")


def _valid_forms(value: dict[str, Any]) -> bool:
    if "other" not in value or not all(isinstance(v, str) for v in value.values()):
        return False
    return all(k in CATEGORIES or (k.startswith("=") and k[1:].isdigit()) for k in value)


def read_file(path: Path) -> dict[str, Any]:
    """One message file, checked: every value a string or a dict of forms with ``other``.

    Raises:
        MessageError: unreadable, not JSON, not an object, or a value of the wrong shape.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise MessageError(f"{path}: cannot be read: {e.strerror or e}") from None
    except json.JSONDecodeError as e:
        raise MessageError(f"{path}: not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise MessageError(f"{path}: expected an object of messages")
    for key, value in data.items():
        if isinstance(value, str) or (isinstance(value, dict) and _valid_forms(value)):
            continue
        raise MessageError(
            f"{path}: {key}: a message is a string, or a dict of forms (CLDR categories or "
            "exact values such as \"=1\") with 'other'"
        )
    return data


def language_files(
    lang: str, kinds: Iterable[str] = PAGE_KINDS, root: Path = LOCALES_DIR
) -> list[Path]:
    """The message files of ``lang`` that exist, in the order of ``kinds``."""
    return [p for p in (root / kind / f"{lang}.json" for kind in kinds) if p.is_file()]


def available_languages(root: Path = LOCALES_DIR) -> list[str]:
    """Languages with a build message file."""
    return sorted(p.stem for p in (root / "build").glob("*.json"))


def raw_messages(
    lang: str, kinds: Iterable[str] = PAGE_KINDS, root: Path = LOCALES_DIR
) -> dict[str, Any]:
    """The messages written for ``lang`` in ``kinds``, without English filling in.

    Raises:
        MessageError: a file is unreadable, or two files define the same key.
    """
    merged: dict[str, Any] = {}
    for path in language_files(lang, kinds, root):
        for key, value in read_file(path).items():
            if key in merged:
                raise MessageError(f"{path}: {key} is already defined by another message file")
            merged[key] = value
    return merged


@lru_cache(maxsize=64)
def _load(
    lang: str, kinds: tuple[str, ...], root: Path, stamp: tuple[tuple[str, int, int], ...]
) -> dict[str, Any]:
    del stamp  # only part of the cache key, so an edited file is read again
    merged = dict(raw_messages(DEFAULT_LANG, kinds, root))
    if lang != DEFAULT_LANG:
        merged.update(raw_messages(lang, kinds, root))
    return merged


def load_messages(
    lang: str, kinds: Iterable[str] = PAGE_KINDS, root: Path = LOCALES_DIR
) -> dict[str, Any]:
    """``lang``'s messages of ``kinds``, English filling in any key the language lacks.

    Raises:
        MessageError: ``lang`` has no build message file, or a file is invalid.
    """
    kinds = tuple(kinds)
    if not (root / "build" / f"{lang}.json").is_file():
        raise MessageError(
            f"no messages for language {lang!r}: add {root / 'build' / (lang + '.json')}"
        )
    files = language_files(DEFAULT_LANG, kinds, root) + language_files(lang, kinds, root)
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    return dict(_load(lang, kinds, root, stamp))


def site_messages(lang: str, root: Path = LOCALES_DIR) -> dict[str, Any]:
    """The site's strings (notices, search, status page, 404) for ``lang``."""
    return load_messages(lang, ("site",), root)


def theme_strings(lang: str, root: Path = LOCALES_DIR) -> dict[str, str]:
    """Corrections of Material's interface strings for ``lang`` (its keys, our texts)."""
    path = root / "theme" / f"{lang}.json"
    if not path.is_file():
        return {}
    data = read_file(path)
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}


def check_language(
    lang: str, root: Path = LOCALES_DIR, kinds: Iterable[str] = ("build", "widget", "site")
) -> list[str]:
    """What is wrong with ``lang``'s messages compared with English (empty when complete).

    Every English key is translated, no key is unknown to English, each message uses the same
    fields as its English original, and a message with forms has every plural category the
    language uses (ordinal categories for ``ordinal.`` keys); a form for an exact value is an
    extra that any language may add.
    """
    from babel import Locale

    problems: list[str] = []
    locale = Locale.parse(lang)
    for kind in kinds:
        english = raw_messages(DEFAULT_LANG, (kind,), root)
        own = raw_messages(lang, (kind,), root)
        problems += [f"{lang}: {kind}: missing {key}" for key in english if key not in own]
        problems += [
            f"{lang}: {kind}: {key} is not an English key" for key in own if key not in english
        ]
        for key, value in own.items():
            if key not in english:
                continue
            problems += _check_message(lang, kind, key, value, english[key], locale)
    return problems


def _check_message(
    lang: str, kind: str, key: str, value: Any, english: Any, locale: Any
) -> list[str]:
    problems = []
    if fields(value) != fields(english):
        problems.append(
            f"{lang}: {kind}: {key} uses fields {sorted(fields(value))}, "
            f"English uses {sorted(fields(english))}"
        )
    if isinstance(english, dict) != isinstance(value, dict):
        if isinstance(english, dict) and isinstance(value, str):
            return problems  # one text fits every number in this language
        shape = "forms" if isinstance(english, dict) else "a string"
        problems.append(f"{lang}: {kind}: {key} must be {shape}, as in English")
    elif isinstance(value, dict):
        rule = locale.ordinal_form if key.startswith("ordinal.") else locale.plural_form
        wanted = set(rule.tags) | {"other"}
        if not wanted <= value.keys():
            problems.append(
                f"{lang}: {kind}: {key} lacks the forms {sorted(wanted - value.keys())}"
            )
    return problems
