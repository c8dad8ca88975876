"""Money, dates and numbers as each language writes them: the view's formatter on CLDR data.

The expected strings are written out by hand from CLDR's patterns (and agree with ICU, i.e. a
browser's ``Intl.NumberFormat``): Bengali uses its own digits (CLDR's default numbering system
``beng``) and the Indian grouping, Hindi the Indian grouping with Latin digits, Spanish groups
only from five digits (minimum grouping digits 2), a letter symbol is kept off the digits with a
no-break space (currency spacing), and the catalog bills IDR without decimals. A last test
compares thousands of amounts in many languages with Babel's own formatting.
"""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal

import pytest

from mkdocs_quote.cldr import locale_data
from quote_view.locale import Formatter, LocaleData
from tests.view.babel_reference import BabelFormatter

NBSP = "\xa0"
UNITS = {"USD": 2, "BDT": 2, "INR": 2, "EUR": 2, "IDR": 0, "MYR": 2, "JPY": 0, "BHD": 3}


def fmt(lang: str, units: dict[str, int] | None = None) -> Formatter:
    return Formatter(locale_data(lang, UNITS if units is None else units, ["BD", "IN"]))


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
    assert fmt(lang).money(amount, currency) == expected


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
    assert fmt(lang).date(day, style or "medium") == expected


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
    assert fmt(lang).number(value) == expected


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
    assert fmt(lang).percent(rate) == expected


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
    assert fmt(lang).plural(count) == form


def test_lists_are_joined_the_languages_way() -> None:
    assert fmt("en").join(["A", "B", "C"]) == "A, B, and C"
    assert fmt("en").join(["A", "B", "C", "D"]) == "A, B, C, and D"
    assert fmt("bn").join(["A", "B"]) == "A এবং B"
    assert fmt("es").join(["A", "B"]) == "A y B"
    assert fmt("hi").join(["A"]) == "A"


def test_catalog_minor_units_win_over_cldr() -> None:
    assert fmt("id", {"IDR": 2}).money("64000.00", "IDR") == f"Rp{NBSP}64.000,00"
    assert fmt("id", {"IDR": 0}).money("64000", "IDR") == f"Rp{NBSP}64.000"


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        (2.5, TypeError),
        (True, TypeError),
        ("2.675", ValueError),
        ("two", ValueError),
        ("NaN", ValueError),
    ],
)
def test_bad_amounts_are_refused_never_rounded(amount: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        fmt("en").money(amount, "USD")  # type: ignore[arg-type]


def test_unknown_numbering_system_is_a_clear_error() -> None:
    # Santali's default numbering system (Ol Chiki) has no digit table here.
    with pytest.raises(ValueError, match="no digits known for the numbering system 'olck'"):
        locale_data("sat", {}, [])


def test_locale_data_is_immutable_and_survives_json() -> None:
    data = locale_data("bn", UNITS, ["BD"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.lang = "hi"  # type: ignore[misc]
    assert LocaleData.from_json(data.to_json()) == data


@pytest.mark.parametrize(
    "lang",
    ["en", "bn", "hi", "es", "id", "ms", "fr", "de", "pt_BR", "ta", "ur", "ne", "tr", "vi", "sw"],
)
def test_every_amount_reads_as_babel_writes_it(lang: str) -> None:
    """Thousands of amounts in every currency, as Babel (with CLDR's three rules it leaves
    out) writes them: the view's data-driven formatter is CLDR, not an imitation of it."""
    ours, babel = fmt(lang), BabelFormatter(lang, UNITS)
    rng = random.Random(lang)
    for _ in range(1500):
        currency = rng.choice(list(UNITS))
        cents = rng.choice([rng.randint(1, 99), rng.randint(1, 10 ** rng.randint(1, 13))])
        amount = format(Decimal(cents).scaleb(-UNITS[currency]) * rng.choice([1, -1]), "f")
        assert ours.money(amount, currency) == babel.money(amount, currency), (amount, currency)
    for count in range(0, 400):
        assert ours.plural(count) == babel.plural(count), count
    for iso in ("2026-01-05", "2026-12-31", "2024-02-29"):
        for style in ("medium", "long"):
            assert ours.date(iso, style) == babel.date(iso, style)
