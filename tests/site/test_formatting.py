"""Money, dates and numbers as each language writes them (CLDR through Babel, plus our digits).

The expected strings are written out by hand from CLDR's patterns (and agree with ICU, i.e. a
browser's ``Intl.NumberFormat``): Bengali uses its own digits (CLDR's default numbering system
``beng``) and the Indian grouping, Hindi the Indian grouping with Latin digits, Spanish groups
only from five digits (minimum grouping digits 2), a letter symbol is kept off the digits with a
no-break space (currency spacing), and the catalog bills IDR without decimals.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from mkdocs_quote.babel_format import BabelFormatter

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("lang", "amount", "currency", "expected"),
    [
        ("en", "1234.50", "USD", "$1,234.50"),
        ("en", "-2.67", "USD", "-$2.67"),
        ("en", "0.00", "USD", "$0.00"),
        ("bn", "1234567.50", "BDT", "১২,৩৪,৫৬৭.৫০৳"),
        ("bn", "-2.67", "BDT", "-২.৬৭৳"),
        ("bn", "600.00", "BDT", "৬০০.০০৳"),
        ("hi", "1234567.50", "INR", "₹12,34,567.50"),
        ("hi", "850.00", "INR", "₹850.00"),
        ("es", "1234.50", "EUR", f"1234,50{NBSP}€"),
        ("es", "12345.50", "EUR", f"12.345,50{NBSP}€"),
        ("id", "1500000", "IDR", f"Rp{NBSP}1.500.000"),
        ("id", "-64000", "IDR", f"-Rp{NBSP}64.000"),
        ("ms", "1234.50", "MYR", f"RM{NBSP}1,234.50"),
        ("hi", "15840000", "IDR", f"IDR{NBSP}1,58,40,000"),
        ("bn", "5.00", "USD", f"৫.০০{NBSP}US$"),
        ("en", "10", "USD", "$10.00"),
    ],
)
def test_money(lang: str, amount: str, currency: str, expected: str) -> None:
    assert BabelFormatter(lang, {"IDR": 0}).money(amount, currency) == expected


@pytest.mark.parametrize(
    ("lang", "iso", "expected"),
    [
        ("en", "2026-12-01", "Dec 1, 2026"),
        ("bn", "2026-12-01", "১ ডিসে, ২০২৬"),
        ("hi", "2026-12-01", "1 दिस॰ 2026"),
        ("es", "2026-12-01", "1 dic 2026"),
        ("id", "2026-12-01", "1 Des 2026"),
        ("ms", "2026-12-01", "1 Dis 2026"),
        ("en", "2026-12-01 long", "December 1, 2026"),
        ("bn", "2026-12-01 long", "১ ডিসেম্বর, ২০২৬"),
        ("hi", "2026-12-01 long", "1 दिसंबर 2026"),
        ("es", "2026-12-01 long", "1 de diciembre de 2026"),
    ],
)
def test_dates(lang: str, iso: str, expected: str) -> None:
    day, _, style = iso.partition(" ")
    assert BabelFormatter(lang).date(day, style or "medium") == expected


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("en", 1234567, "1,234,567"),
        ("hi", 1234567, "12,34,567"),
        ("bn", 1234567, "১২,৩৪,৫৬৭"),
        ("bn", "30.4375", "৩০.৪৩৭৫"),
        ("es", "30.4375", "30,4375"),
        ("id", 16, "16"),
    ],
)
def test_numbers_keep_every_decimal(lang: str, value: int | str, expected: str) -> None:
    assert BabelFormatter(lang).number(value) == expected


@pytest.mark.parametrize(
    ("lang", "rate", "expected"),
    [
        ("en", "0.15", "15%"),
        ("en", "0.075", "7.5%"),
        ("bn", "0.15", "১৫%"),
        ("hi", "0.18", "18%"),
        ("es", "0.21", f"21{NBSP}%"),
        ("id", "0.11", "11%"),
    ],
)
def test_percent(lang: str, rate: str, expected: str) -> None:
    assert BabelFormatter(lang).percent(rate) == expected


@pytest.mark.parametrize(
    ("lang", "count", "form"),
    [
        ("en", 1, "one"),
        ("en", 0, "other"),
        ("en", 16, "other"),
        ("bn", 0, "one"),
        ("bn", 1, "one"),
        ("bn", 2, "other"),
        ("hi", 1, "one"),
        ("es", 1, "one"),
        ("es", 1000000, "many"),
        ("id", 1, "other"),
        ("ms", 1, "other"),
    ],
)
def test_plural_categories(lang: str, count: int, form: str) -> None:
    assert BabelFormatter(lang).plural(count) == form


def test_lists_are_joined_the_languages_way() -> None:
    assert BabelFormatter("en").join(["A", "B", "C"]) == "A, B, and C"
    assert BabelFormatter("bn").join(["A", "B"]) == "A এবং B"
    assert BabelFormatter("es").join(["A", "B"]) == "A y B"


def test_catalog_minor_units_win_over_cldr() -> None:
    assert BabelFormatter("id").money("64000.00", "IDR") == f"Rp{NBSP}64.000,00"
    assert BabelFormatter("id", {"IDR": 0}).money("64000", "IDR") == f"Rp{NBSP}64.000"


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        (2.5, TypeError),
        (Decimal("2.5"), TypeError),
        (True, TypeError),
        ("2.675", ValueError),
        ("two", ValueError),
        ("NaN", ValueError),
    ],
)
def test_bad_amounts_are_refused_never_rounded(amount: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        BabelFormatter("en").money(amount, "USD")  # type: ignore[arg-type]


def test_unknown_numbering_system_is_a_clear_error() -> None:
    # Santali's default numbering system (Ol Chiki) has no digit table here.
    with pytest.raises(ValueError, match="no digits known for the numbering system 'olck'"):
        BabelFormatter("sat")


def test_formatter_is_immutable() -> None:
    fmt = BabelFormatter("en")
    with pytest.raises(AttributeError):
        fmt.lang = "bn"  # type: ignore[misc]
