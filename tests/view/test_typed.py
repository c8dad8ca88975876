"""Amounts and counts as readers type them, in every language; nothing ambiguous read silently.

The estimator review found Spanish ``12.50`` read as 1250 and English ``12,50`` as 1250, and
Devanagari digits refused on the Hindi page. Each row is what a reader types and what the
estimator must make of it: an amount, or the problem it shows beside the field.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from mkdocs_quote.cldr import locale_data
from quote_view.locale import Formatter
from quote_view.typed import Problem, read_amount, read_count

UNITS = {"USD": 2, "BDT": 2, "INR": 2, "EUR": 2, "IDR": 0, "MYR": 2, "BHD": 3}
CURRENCY = {"en": "USD", "bn": "BDT", "hi": "INR", "es": "EUR", "id": "IDR", "ms": "MYR"}


def fmt(lang: str) -> Formatter:
    return Formatter(locale_data(lang, UNITS, []))


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [
        # The page language's marks.
        ("es", "12,50", "12.50"),
        ("es", "1.234,56", "1234.56"),
        ("es", "1.234.567", "1234567"),
        ("en", "1,234.56", "1234.56"),
        ("ms", "1,250", "1250"),
        ("bn", "১২,৩৪,৫৬৭.৫০", "1234567.50"),
        ("bn", "১২.৫০", "12.50"),
        ("hi", "१२.५०", "12.50"),
        ("hi", "12,34,567", "1234567"),
        ("id", "10.000", "10000"),
        ("id", "1.500.000", "1500000"),
        # Plain ASCII digits with a dot, everywhere.
        ("es", "12.50", "12.50"),
        ("id", "12", "12"),
        ("bn", "12.5", "12.5"),
        ("en", ".5", "0.5"),
        # The currency's symbol or code around it.
        ("en", "$12.50", "12.50"),
        ("es", "12,50 €", "12.50"),
        ("bn", "৳ ১২.৫০", "12.50"),
        ("id", "Rp 10.000", "10000"),
        ("ms", "RM12.50", "12.50"),
        ("en", "USD 3", "3"),
        # Nothing typed: no credit.
        ("es", "", "0"),
        ("bn", "   ", "0"),
    ],
)
def test_an_amount_is_read_as_meant(lang: str, typed: str, expected: str) -> None:
    assert read_amount(typed, fmt(lang), CURRENCY[lang]) == Decimal(expected)


@pytest.mark.parametrize(
    ("lang", "typed", "problem"),
    [
        ("es", "1.250", "ambiguous"),  # 1250 grouped, or 1.25 with a decimal point
        ("es", "1,234.56", "format"),  # English order on a Spanish page
        ("en", "12,50", "format"),  # a decimal comma on an English page: 1250? 12.50?
        ("bn", "12,50", "format"),
        ("es", "1.2.3", "format"),
        ("en", "1.2.3", "format"),
        ("en", "12.", "format"),
        ("en", "1 250", "format"),
        ("en", "12.505", "decimals"),
        ("id", "12,5", "decimals"),  # IDR has no decimals
        ("id", "12.5", "decimals"),
        ("en", "-5", "negative"),
        ("es", "−5", "negative"),
        ("bn", "১2", "mixed_digits"),
        ("hi", "१2.50", "mixed_digits"),
        ("en", "x", "format"),
        ("en", "1e3", "format"),
        ("en", "∞", "format"),
        ("en", "9" * 19, "too_large"),
        ("en", "9" * 1_000_000, "too_large"),
    ],
)
def test_what_cannot_be_read_with_certainty_is_a_problem(
    lang: str, typed: str, problem: str
) -> None:
    found = read_amount(typed, fmt(lang), CURRENCY[lang])
    assert isinstance(found, Problem)
    assert found.code == problem


def test_an_ambiguous_amount_says_both_readings() -> None:
    found = read_amount("1.250", fmt("es"), "EUR")
    assert found == Problem("ambiguous", ("1250", "1.250"))


def test_a_currency_without_decimals_takes_the_dot_as_grouping() -> None:
    assert read_amount("1.250", fmt("id"), "IDR") == Decimal(1250)


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [("bn", "৫", 5), ("hi", "५", 5), ("en", "8", 8), ("en", "1,000", 1000), ("es", "500", 500)],
)
def test_a_count_in_any_digits_the_language_reads(lang: str, typed: str, expected: int) -> None:
    assert read_count(typed, fmt(lang), 1, 5000) == expected


@pytest.mark.parametrize("typed", ["", "0", "5001", "1.5", "-1", "five", "9" * 40])
def test_a_count_outside_the_range_or_not_whole_is_a_problem(typed: str) -> None:
    assert isinstance(read_count(typed, fmt("en"), 1, 5000), Problem)
