"""The UI strings of the help center, per language, and how a string is filled in.

Strings live in JSON files, one per language, in two folders with one owner each:
``locales/build/<lang>.json`` (what the build writes into pages: sentences, table labels, line
descriptions, cycle names, error texts) and ``locales/widget/<lang>.json`` (what only the
estimator's form needs). :func:`load_messages` merges both, with English filling in key by key,
and the same merged mapping is what the widget's JavaScript receives, so the browser holds no
strings of its own.

A value is either a string with ``{name}`` fields, or a dict of CLDR plural forms
(``{"one": "...{count} day...", "other": "...{count} days..."}``) chosen by the ``count`` field
with the language's plural rules (Babel). Keys used by both build and widget:

- ``line.<code>``: a line of a quote that carries ``days`` (plural on ``count`` = days; fields
  ``plan``, ``addon``, ``from``, ``to``, ``days_total``), and ``line.<code>.full`` for the same
  code without ``days`` (a whole new period); ``line.tax`` (``tax``, ``rate``);
  ``line.quantity`` wraps a line description with its ``quantity``.
- ``kind.<kind>``, ``cycle.<cycle>``, ``error.<code>`` (fields: the error's ``params``),
  ``alt.<alternative>``, ``table.*``.

Build only: a worked example's sentence is ``sentence.join`` of a "today" clause
(``sentence.today.due|credit|forfeit|free|at_renewal``, around a ``{change}`` phrase made of
``sentence.change.*``) and a "next invoice" clause (``sentence.next.*``), so each language orders
its own words; ``sentence.per.<cycle>`` and ``sentence.billing.<cycle>`` are the cycle phrases.

Adding a language: ``build/<lang>.json`` and ``widget/<lang>.json`` with every English key
(``check_language`` lists what is missing).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale

MESSAGES_DIR = Path(__file__).parent / "locales"
SOURCES = ("build", "widget")
DEFAULT_LANG = "en"
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class MessageError(ValueError):
    """A message file is missing, unreadable, or a message cannot be filled in."""


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise MessageError(f"{path}: not valid JSON: {e}") from None
    if not isinstance(data, dict):
        raise MessageError(f"{path}: expected an object of messages")
    for key, value in data.items():
        if isinstance(value, str):
            continue
        if (
            isinstance(value, dict)
            and "other" in value
            and all(isinstance(v, str) for v in value.values())
        ):
            continue
        raise MessageError(
            f"{path}: {key}: a message is a string or a dict of plural forms with 'other'"
        )
    return data


def language_files(lang: str, root: Path = MESSAGES_DIR) -> list[Path]:
    """The message files of ``lang`` that exist, build first."""
    return [p for p in (root / s / f"{lang}.json" for s in SOURCES) if p.is_file()]


def available_languages(root: Path = MESSAGES_DIR) -> list[str]:
    """Languages with a build message file."""
    return sorted(p.stem for p in (root / "build").glob("*.json"))


def raw_messages(lang: str, root: Path = MESSAGES_DIR) -> dict[str, Any]:
    """The messages written for ``lang`` (build and widget files merged), without fallback.

    Raises:
        MessageError: a file is unreadable, or the same key appears in both files.
    """
    merged: dict[str, Any] = {}
    for path in language_files(lang, root):
        for key, value in _read(path).items():
            if key in merged:
                raise MessageError(f"{path}: {key} is already defined by another message file")
            merged[key] = value
    return merged


@lru_cache(maxsize=32)
def _load(lang: str, root: Path, stamp: tuple[tuple[str, int, int], ...]) -> dict[str, Any]:
    del stamp  # only part of the cache key, so an edited file is read again
    merged = dict(raw_messages(DEFAULT_LANG, root))
    if lang != DEFAULT_LANG:
        merged.update(raw_messages(lang, root))
    return merged


def load_messages(lang: str, root: Path = MESSAGES_DIR) -> dict[str, Any]:
    """``lang``'s messages, English filling in any key the language lacks.

    Raises:
        MessageError: ``lang`` has no build message file, or a file is invalid.
    """
    if not (root / "build" / f"{lang}.json").is_file():
        raise MessageError(
            f"no messages for language {lang!r}: add {root / 'build' / (lang + '.json')}"
        )
    stamp = tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size)
        for p in language_files(DEFAULT_LANG, root) + language_files(lang, root)
    )
    return dict(_load(lang, root, stamp))


def fields(message: str | Mapping[str, str]) -> set[str]:
    """The ``{name}`` fields a message uses (all plural forms together)."""
    texts = [message] if isinstance(message, str) else list(message.values())
    return {m for t in texts for m in _FIELD.findall(t)}


def check_language(lang: str, root: Path = MESSAGES_DIR) -> list[str]:
    """What is wrong with ``lang``'s messages compared with English (empty when complete).

    Checks that every English key is translated, no key is unknown to English, each message uses
    the same fields as its English original, and plural messages have every CLDR plural form
    the language uses.
    """
    english = raw_messages(DEFAULT_LANG, root)
    own = raw_messages(lang, root)
    problems = [f"{lang}: missing {key}" for key in english if key not in own]
    problems += [f"{lang}: {key} is not an English key" for key in own if key not in english]
    tags = Locale.parse(lang).plural_form.tags | {"other"}
    for key, value in own.items():
        if key not in english:
            continue
        if fields(value) != fields(english[key]):
            problems.append(
                f"{lang}: {key} uses fields {sorted(fields(value))}, "
                f"English uses {sorted(fields(english[key]))}"
            )
        if isinstance(english[key], dict) != isinstance(value, dict):
            shape = "plural forms" if isinstance(english[key], dict) else "a string"
            problems.append(f"{lang}: {key} must be {shape}, as in English")
        elif isinstance(value, dict) and not tags <= value.keys():
            problems.append(f"{lang}: {key} lacks plural forms {sorted(tags - value.keys())}")
    return problems


def fill(
    messages: Mapping[str, Any],
    key: str,
    plural: Callable[[int | str], str],
    **values: str | int,
) -> str:
    """The message ``key`` with its fields filled in.

    Args:
        messages: one language's merged messages.
        key: the message key.
        plural: the language's plural rule (count -> ``"one"``, ``"other"``, ...), used when the
            message has plural forms; they are chosen by the ``count`` value.
        values: the field values, already formatted for the language; ``count`` may be the raw
            number when a formatted one is passed as ``count_text``.

    Raises:
        MessageError: no such key, or a field has no value.
    """
    try:
        message = messages[key]
    except KeyError:
        raise MessageError(f"no message {key!r}") from None
    if isinstance(message, dict):
        if "count" not in values:
            raise MessageError(f"message {key!r} has plural forms but no count was given")
        form = plural(values["count"])
        message = message.get(form, message["other"])
    shown = dict(values)
    if "count_text" in shown:
        shown["count"] = shown.pop("count_text")

    def field(m: re.Match[str]) -> str:
        try:
            return str(shown[m.group(1)])
        except KeyError:
            raise MessageError(f"message {key!r} needs a value for {{{m.group(1)}}}") from None

    return _FIELD.sub(field, message)
