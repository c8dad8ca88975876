"""Calendar edges, one named test each (as dateutil names testMonthEndMonthBeginningLeapYear)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from quote_engine.periods import (
    Period,
    add_months,
    boundary,
    day_factor,
    days_360,
    days_left,
    days_total,
    is_boundary,
    parse_iso_date,
    period_containing,
)

from .support import amounts, mini_catalog, ok, request


def test_month_end_clamping() -> None:
    assert add_months(date(2026, 3, 31), 1) == date(2026, 4, 30)
    assert add_months(date(2026, 5, 31), -1) == date(2026, 4, 30)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)


def test_jan_31_plus_one_month_is_the_end_of_february() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_leap_year_feb_29_plus_a_year() -> None:
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)


def test_leap_year_anchor_feb_29_annual_boundaries_do_not_drift() -> None:
    anchor = date(2024, 2, 29)
    got = [boundary(anchor, k, 12) for k in range(1, 5)]
    assert got == [date(2025, 2, 28), date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29)]


def test_century_years_are_not_leap_unless_divisible_by_400() -> None:
    assert add_months(date(2099, 1, 31), 1) == date(2099, 2, 28)
    assert add_months(date(2399, 1, 31), 1) == date(2399, 2, 28)
    assert add_months(date(2399, 12, 31), 2) == date(2400, 2, 29)


def test_30_360_counts_the_31st_as_the_30th() -> None:
    assert days_360(date(2024, 1, 31), date(2024, 3, 31)) == 60
    assert days_360(date(2024, 3, 31), date(2024, 4, 30)) == 30
    assert days_360(date(2024, 3, 1), date(2024, 3, 31)) == 29
    assert days_360(date(2024, 1, 30), date(2024, 1, 31)) == 0
    assert days_360(date(2024, 2, 1), date(2024, 3, 1)) == 30  # February counts 30 too


def test_30_360_proration_over_a_period_from_the_31st() -> None:
    # period [2024-01-31, 2024-02-29): 30/360 total = 30 + 29 - 30 = 29, left from 02-10:
    # 30*0 + 29 - 10 = 19; 10 * 19/29 = 6.5517 -> 6.55, 20 * 19/29 = 13.1034 -> 13.10
    req = request(
        start="2024-01-31", end="2024-02-29", today="2024-02-10", target={"plan": "large"}
    )
    answer = ok(req, mini_catalog({"day_basis": "30/360"}))
    assert amounts(answer) == [("credit_unused", "-6.55"), ("charge_new", "13.10")]
    assert (answer["lines"][0]["days"], answer["lines"][0]["days_total"]) == (19, "29")


def test_30_360_period_of_no_length_credits_and_charges_nothing() -> None:
    req = request(
        start="2024-01-30", end="2024-01-31", today="2024-01-30", target={"plan": "large"}
    )
    answer = ok(req, mini_catalog({"day_basis": "30/360"}))
    assert amounts(answer) == [("credit_unused", "0.00"), ("charge_new", "0.00")]
    assert day_factor(0, Decimal(0)) == 0


@pytest.mark.parametrize(
    ("start", "end", "today", "total", "lines"),
    [
        # 7 days left each time; 10 * 7/n and 20 * 7/n
        (
            "2026-02-01",
            "2026-03-01",
            "2026-02-22",
            "28",
            [("credit_unused", "-2.50"), ("charge_new", "5.00")],
        ),
        (
            "2024-02-01",
            "2024-03-01",
            "2024-02-23",
            "29",
            [("credit_unused", "-2.41"), ("charge_new", "4.83")],
        ),
        (
            "2026-04-01",
            "2026-05-01",
            "2026-04-24",
            "30",
            [("credit_unused", "-2.33"), ("charge_new", "4.67")],
        ),
        (
            "2026-03-01",
            "2026-04-01",
            "2026-03-25",
            "31",
            [("credit_unused", "-2.26"), ("charge_new", "4.52")],
        ),
    ],
    ids=["28_days", "29_days", "30_days", "31_days"],
)
def test_periods_of_28_29_30_31_days(
    start: str, end: str, today: str, total: str, lines: list[tuple[str, str]]
) -> None:
    answer = ok(
        request(start=start, end=end, today=today, target={"plan": "large"}), mini_catalog()
    )
    assert amounts(answer) == lines
    assert answer["lines"][0]["days"] == 7
    assert answer["lines"][0]["days_total"] == total


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        (date(2026, 1, 31), [date(2026, 4, 30), date(2026, 7, 31), date(2026, 10, 31)]),
        (date(2026, 1, 30), [date(2026, 4, 30), date(2026, 7, 30), date(2026, 10, 30)]),
        (date(2026, 1, 29), [date(2026, 4, 29), date(2026, 7, 29), date(2026, 10, 29)]),
        (date(2025, 11, 30), [date(2026, 2, 28), date(2026, 5, 30), date(2026, 8, 30)]),
        (date(2023, 11, 29), [date(2024, 2, 29), date(2024, 5, 29), date(2024, 8, 29)]),
    ],
    ids=["31st", "30th", "29th", "30th_through_february", "29th_leap_february"],
)
def test_quarterly_anchor_on_the_29th_30th_31st(anchor: date, expected: list[date]) -> None:
    assert [boundary(anchor, k, 3) for k in (1, 2, 3)] == expected


def test_quarterly_align_from_jan_31_gives_apr_30_then_jul_31() -> None:
    anchor = date(2026, 1, 31)
    assert period_containing(anchor, 3, date(2026, 3, 1)) == Period(anchor, date(2026, 4, 30))
    assert period_containing(anchor, 3, date(2026, 4, 30)) == Period(
        date(2026, 4, 30), date(2026, 7, 31)
    )
    # through a quote: monthly [04-30, 05-31) to quarterly under align ends on 07-31
    req = request(
        start="2026-04-30",
        end="2026-05-31",
        today="2026-05-10",
        anchor="2026-01-31",
        target={"cycle": "quarterly"},
    )
    answer = ok(req, mini_catalog({"cycle_change": "align"}))
    assert answer["period_end"] == "2026-07-31"
    # quarter [04-30, 07-31) = 92 days, 82 left: 27 * 82/92 = 24.065 -> 24.07
    assert answer["lines"][1] == {
        "code": "charge_new",
        "amount": "24.07",
        "days": 82,
        "days_total": "92",
        "plan": "small",
    }


def test_monthly_anchor_on_the_31st_returns_to_the_31st_after_february() -> None:
    anchor = date(2026, 1, 31)
    assert period_containing(anchor, 1, date(2026, 3, 1)) == Period(
        date(2026, 2, 28), date(2026, 3, 31)
    )
    assert is_boundary(anchor, 1, date(2026, 3, 31))
    assert not is_boundary(anchor, 1, date(2026, 3, 28))


def test_period_containing_its_own_start_and_last_day() -> None:
    anchor = date(2026, 3, 1)
    assert period_containing(anchor, 1, date(2026, 4, 1)) == Period(
        date(2026, 4, 1), date(2026, 5, 1)
    )
    assert period_containing(anchor, 1, date(2026, 4, 30)) == Period(
        date(2026, 4, 1), date(2026, 5, 1)
    )
    assert period_containing(anchor, 36, date(2030, 1, 1)) == Period(
        date(2029, 3, 1), date(2032, 3, 1)
    )


def test_average_basis_totals() -> None:
    period = Period(date(2026, 1, 1), date(2027, 1, 1))
    assert days_total("average", period, 12) == Decimal("365.25")
    assert days_total("average", period, 3) == Decimal("91.3125")
    assert days_left("average", date(2026, 12, 1), date(2027, 1, 1)) == 31


def test_average_basis_factor_is_capped_at_one_in_a_long_month() -> None:
    # the first day of a 31-day month under average: 31/30.4375 > 1, credit capped at what was paid
    req = request(
        start="2026-03-01", end="2026-04-01", today="2026-03-01", target={"plan": "large"}
    )
    answer = ok(req, mini_catalog({"day_basis": "average"}))
    assert amounts(answer) == [("credit_unused", "-10.00"), ("charge_new", "20.00")]


def test_strict_iso_dates() -> None:
    assert parse_iso_date("2024-02-29") == date(2024, 2, 29)
    for text in (
        "2023-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "20261115",
        "2026-1-5",
        "2026-W01-1",
        "２０２６-01-01",
        " 2026-01-01",
        "2026-01-01T00:00",
    ):
        assert parse_iso_date(text) is None, text
