"""Every language has every English string, with the same fields and its plural forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkdocs_quote.messages import (
    MessageError,
    available_languages,
    check_language,
    load_messages,
    raw_messages,
)
from quote_engine.errors import ALTERNATIVES, ERROR_CODES
from quote_engine.periods import CYCLE_MONTHS
from tests.view.support import make_view
from tests.languages import LANGUAGES

LINE_CODES = ("credit_unused", "charge_new", "charge_difference", "charge_addon", "credit_addon")


def test_all_six_languages_have_build_messages() -> None:
    assert set(LANGUAGES) <= set(available_languages())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_is_complete(lang: str) -> None:
    assert check_language(lang) == []


def test_english_covers_every_contract_code() -> None:
    english = raw_messages("en")
    wanted = (
        {f"error.{code}" for code in ERROR_CODES}
        | {f"alt.{alt}" for alt in ALTERNATIVES}
        | {f"kind.{kind}" for kind in ("upgrade", "downgrade", "no_change")}
        | {f"line.{code}" for code in (*LINE_CODES, "tax")}
        | {f"{prefix}.{cycle}" for cycle in CYCLE_MONTHS for prefix in ("cycle", "sentence.per")}
        | {f"sentence.billing.{cycle}" for cycle in CYCLE_MONTHS}
    )
    assert sorted(wanted - english.keys()) == []


def test_error_messages_use_only_the_engines_params() -> None:
    english = raw_messages("en")
    messages = make_view("en").msgs
    assert messages.fill("error.quantity_out_of_range", min="1", max="500") == (
        "Choose a quantity from 1 to 500."
    )
    assert "{due_date}" in english["error.downgrade_outside_window"]
    assert "{window_opens}" in english["alt.request_in_window"]
    # The page names the field itself, in the reader's words (never a request path).
    assert "{field}" not in english["error.invalid_request"]


@pytest.mark.parametrize(
    ("lang", "days", "expected"),
    [
        ("en", 1, "Credit for 1 unused day of Basic"),
        ("en", 16, "Credit for 16 unused days of Basic"),
        ("es", 1, "Crédito por 1 día sin usar de Basic"),
        ("es", 16, "Crédito por 16 días sin usar de Basic"),
        ("hi", 1, "Basic के इस्तेमाल न हुए 1 दिन का क्रेडिट"),
        ("hi", 16, "Basic के इस्तेमाल न हुए 16 दिनों का क्रेडिट"),
        ("bn", 16, "Basic: অব্যবহৃত ১৬ দিনের ক্রেডিট"),
        ("id", 16, "Kredit untuk 16 hari Basic yang tidak terpakai"),
    ],
)
def test_plural_forms_follow_cldr(lang: str, days: int, expected: str) -> None:
    messages = make_view(lang).msgs
    assert messages.fill("line.credit_unused", count=days, plan="Basic") == expected


NATIVE_DIGITS = {"bn": "০১২৩৪৫৬৭৮৯", "hi": "0123456789"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_day_of_a_period_has_an_ordinal(lang: str) -> None:
    """Days 1 to 366 each get a form written in the page's digits, with no field left over."""
    messages = make_view(lang).msgs
    digits = NATIVE_DIGITS.get(lang, "0123456789")
    seen = set()
    for day in range(1, 367):
        text = messages.fill("ordinal.day", count=day)
        assert text and "{" not in text and "}" not in text, (day, text)
        written = "".join(digits[int(d)] for d in str(day))
        exact = f"={day}" in (messages.messages.get("ordinal.day") or {})
        assert exact or written in text, (day, text)  # "pertama": a word of its own
        seen.add(text)
    assert len(seen) == 366


def test_missing_field_and_missing_key_are_errors() -> None:
    messages = make_view("en").msgs
    with pytest.raises(MessageError, match=r"needs a value for \{plan\}"):
        messages.fill("line.charge_new.full")
    with pytest.raises(MessageError, match="no message 'line.nothing'"):
        messages.fill("line.nothing")
    with pytest.raises(MessageError, match="none was given"):
        messages.fill("line.charge_new", plan="Basic")


def _write(root: Path, source: str, lang: str, data: dict[str, object]) -> None:
    (root / source).mkdir(parents=True, exist_ok=True)
    (root / source / f"{lang}.json").write_text(json.dumps(data), encoding="utf-8")


def test_english_fills_in_key_by_key_and_build_and_widget_merge(tmp_path: Path) -> None:
    _write(tmp_path, "build", "en", {"a": "A", "b": "B {x}"})
    _write(tmp_path, "widget", "en", {"w": "W"})
    _write(tmp_path, "build", "bn", {"a": "অ"})
    kinds = ("build", "widget")
    assert load_messages("bn", kinds, tmp_path) == {"a": "অ", "b": "B {x}", "w": "W"}
    assert check_language("bn", tmp_path, kinds) == [
        "bn: build: missing b",
        "bn: widget: missing w",
    ]


def test_checker_reports_field_and_plural_mismatches(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "build",
        "en",
        {"a": "{x} days", "p": {"one": "{count} day", "other": "{count} days"}},
    )
    _write(tmp_path, "build", "hi", {"a": "{y} दिन", "p": {"other": "{count} दिन"}, "z": "?"})
    assert check_language("hi", tmp_path, ("build",)) == [
        "hi: build: z is not an English key",
        "hi: build: a uses fields ['y'], English uses ['x']",
        "hi: build: p lacks the forms ['one']",
    ]


def test_a_key_defined_by_both_files_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "build", "en", {"a": "A"})
    _write(tmp_path, "widget", "en", {"a": "other A"})
    with pytest.raises(MessageError, match="a is already defined"):
        load_messages("en", ("build", "widget"), tmp_path)


def test_a_language_without_build_messages_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "build", "en", {"a": "A"})
    with pytest.raises(MessageError, match="no messages for language 'fr'"):
        load_messages("fr", ("build",), tmp_path)


def test_malformed_values_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, "build", "en", {"p": {"one": "x"}})
    with pytest.raises(MessageError, match="a dict of forms .* with 'other'"):
        load_messages("en", ("build", "widget"), tmp_path)
