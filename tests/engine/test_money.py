"""Minor units (checked against Babel's CLDR data), rounding ties, formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import get_currency_precision, list_currencies

from quote_engine.money import ISO_4217_MINOR_UNITS, Currency, format_decimal, minor_units_of

from .support import mini_catalog, ok, refused, request

# Where CLDR's accounting precision differs from ISO 4217 list one. ISO wins in the engine
# (invoices follow the standard); a provider billing otherwise overrides it in its catalog.
CLDR_DIFFERS = {
    "AFN": 0,
    "ALL": 0,
    "IQD": 0,
    "IRR": 0,
    "KPW": 0,
    "LAK": 0,
    "LBP": 0,
    "MGA": 0,
    "MMK": 0,
    "RSD": 0,
    "SOS": 0,
    "SYP": 0,
    "YER": 0,
}


def test_minor_units_agree_with_babel_cldr() -> None:
    cldr = set(list_currencies())
    checked = 0
    for code, units in ISO_4217_MINOR_UNITS.items():
        if code not in cldr:
            continue
        checked += 1
        expected = CLDR_DIFFERS.get(code, units)
        assert get_currency_precision(code) == expected, code
    assert checked > 140
    # every documented divergence is real (so the list cannot rot silently)
    for code, cldr_units in CLDR_DIFFERS.items():
        assert ISO_4217_MINOR_UNITS[code] != cldr_units, code


@pytest.mark.parametrize(
    ("code", "units"),
    [
        ("USD", 2),
        ("EUR", 2),
        ("IDR", 2),
        ("JPY", 0),
        ("BHD", 3),
        ("KWD", 3),
        ("INR", 2),
        ("BDT", 2),
        ("MYR", 2),
        ("CLF", 4),
        ("KRW", 0),
        ("TND", 3),
    ],
)
def test_minor_units_table(code: str, units: int) -> None:
    assert ISO_4217_MINOR_UNITS[code] == units


def test_catalog_override_wins() -> None:
    assert minor_units_of("IDR", {"IDR": 0}) == 0
    assert minor_units_of("IDR") == 2
    assert minor_units_of("XTS") is None


@pytest.mark.parametrize(
    ("value", "units", "half_up", "half_even"),
    [
        ("0.125", 2, "0.13", "0.12"),
        ("-0.125", 2, "-0.13", "-0.12"),
        ("0.135", 2, "0.14", "0.14"),
        ("-0.135", 2, "-0.14", "-0.14"),
        ("2.5", 0, "3", "2"),
        ("-2.5", 0, "-3", "-2"),
        ("3.5", 0, "4", "4"),
        ("0.0005", 3, "0.001", "0.000"),
        ("-0.0005", 3, "-0.001", "0.000"),
        ("1.00005", 4, "1.0001", "1.0000"),
        ("0.124999", 2, "0.12", "0.12"),
        ("-0.004", 2, "0.00", "0.00"),
    ],
)
def test_rounding_ties_both_modes(value: str, units: int, half_up: str, half_even: str) -> None:
    currency = Currency("XXX", units)
    assert currency.format(currency.round(Decimal(value), rounding="half_up")) == half_up
    assert currency.format(currency.round(Decimal(value), rounding="half_even")) == half_even


def test_format_pads_and_never_writes_negative_zero() -> None:
    usd = Currency("USD", 2)
    assert usd.format(Decimal("5")) == "5.00"
    assert usd.format(Decimal("-0.00")) == "0.00"
    assert usd.format(Decimal("123456789012345678.90")) == "123456789012345678.90"
    assert Currency("JPY", 0).format(Decimal("1500")) == "1500"
    with pytest.raises(ValueError, match="more decimals"):
        usd.format(Decimal("1.005"))


def test_format_decimal_for_rates_and_day_totals() -> None:
    assert [format_decimal(Decimal(t)) for t in ("30", "30.4375", "365.2500", "0.150", "0")] == [
        "30",
        "30.4375",
        "365.25",
        "0.15",
        "0",
    ]


def test_currency_rejects_impossible_minor_units() -> None:
    with pytest.raises(ValueError):
        Currency("XXX", 7)


def test_idr_billed_without_decimals_by_the_example_catalog() -> None:
    # 80000 -> 160000 a month with 16 of 30 days left: 42666.67 -> 42667 and 85333.33 -> 85333
    req = request(
        product="dns",
        currency="IDR",
        plan="basic",
        start="2026-11-01",
        end="2026-12-01",
        today="2026-11-15",
        target={"plan": "start"},
    )
    answer = ok(req)
    assert [line["amount"] for line in answer["lines"]] == ["-42667", "85333"]
    assert answer["due_today"] == "42666"
    req["current"]["amount_paid"] = "80000.00"  # two decimals: IDR allows none here
    error = refused(req)
    assert error["code"] == "invalid_request"
    assert error["params"] == {"field": "current.amount_paid", "problem": "format"}
    assert error["message"] == "current.amount_paid: 80000.00 has more decimals than IDR allows (0)"


@pytest.mark.parametrize(
    ("code", "small", "large", "lines"),
    [
        # 17/31 of 1000 / 2000 yen: 548.39 -> 548, 1096.77 -> 1097
        ("JPY", "1000", "2000", ["-548", "1097"]),
        # 17/31 of 10.000 / 20.000 dinar: 5.48387 -> 5.484, 10.96774 -> 10.968
        ("BHD", "10.000", "20.000", ["-5.484", "10.968"]),
    ],
)
def test_amounts_have_the_currency_minor_units(
    code: str, small: str, large: str, lines: list[str]
) -> None:
    catalog = mini_catalog(small={"monthly": small}, large={"monthly": large}, currency=code)
    answer = ok(request(currency=code, target={"plan": "large"}), catalog)
    assert [line["amount"] for line in answer["lines"]] == lines
    assert answer["tax"] == ("0" if code == "JPY" else "0.000")
