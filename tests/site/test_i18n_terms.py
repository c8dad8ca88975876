"""Terminology check: ruled-out variants, whole-word in Latin scripts, substring in bn/hi."""

from __future__ import annotations

from mkdocs_quote.checks.terms import check_page, find_variants, load_avoid
from tests.languages import LANGUAGES

AVOID = {"due_date": ["tarikh akhir"], "invoice": ["বিল"]}


def test_latin_whole_word_and_case() -> None:
    assert find_variants("Sila bayar sebelum Tarikh Akhir.", "ms", AVOID) == [
        ("due_date", "tarikh akhir")
    ]
    assert find_variants("tarikh akhirnya", "ms", AVOID) == []


def test_bengali_substring_nfc() -> None:
    assert find_variants("বিলটি দেখুন", "bn", AVOID) == [("invoice", "বিল")]


def test_skips_code_fields_ids_placeholders_links() -> None:
    page = (
        "---\ntitle: tarikh akhir\n---\n"
        "## Bayar {#tarikh akhir}\n`tarikh akhir` {tarikh akhir} [x](tarikh akhir)\n"
        "Lagi: tarikh akhir\n"
    )
    assert check_page(page, "ms", AVOID) == [(6, "tarikh akhir")]


def test_every_language_table_loads() -> None:
    for lang in LANGUAGES:
        assert load_avoid(lang), lang
