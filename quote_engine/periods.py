"""Calendar rules: billing cycles, adding months, anchors, periods and day counts.

A period is ``[start, end)``: ``end`` is the next due date, the first day not paid for. All
dates are calendar dates in the provider's billing time zone; the engine never looks at a clock.

Adding months clamps to the last day of the month, as ``dateutil.relativedelta`` does:

>>> add_months(date(2026, 1, 31), 1)
datetime.date(2026, 2, 28)
>>> add_months(date(2024, 1, 31), 1)
datetime.date(2024, 2, 29)
>>> add_months(date(2024, 2, 29), 12)
datetime.date(2025, 2, 28)

Periods are counted from the subscription's anchor, each boundary computed from the anchor
itself rather than from the previous boundary, so a clamped month does not drift: a quarterly
subscription anchored on January 31 renews on April 30, then July 31 (not July 30).

>>> [boundary(date(2026, 1, 31), k, 3).isoformat() for k in range(4)]
['2026-01-31', '2026-04-30', '2026-07-31', '2026-10-31']
>>> period_containing(date(2026, 1, 31), 3, date(2026, 5, 15))
Period(start=datetime.date(2026, 4, 30), end=datetime.date(2026, 7, 31))

Day counts (``day_basis``):

- ``actual``: calendar days, ``end - start``.
- ``average``: the period's total is 30.4375 days per month of the cycle (365.25 / 12, the
  average Gregorian-Julian month Ultimate Multisite divides by); days left are calendar days.
- ``30/360``: every month counts 30 days, ``d(a, b) = 360*(y2-y1) + 30*(m2-m1) +
  (min(d2, 30) - min(d1, 30))``, the contract's formula (the 30/360 US rule without its
  February adjustment).

>>> days_360(date(2024, 1, 31), date(2024, 3, 31))
60
>>> days_360(date(2024, 2, 1), date(2024, 3, 1))
30
>>> days_total("average", Period(date(2026, 2, 1), date(2026, 3, 1)), 1)
Decimal('30.4375')
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

#: Months per billing cycle, from the contract.
CYCLE_MONTHS: Mapping[str, int] = MappingProxyType(
    {
        "monthly": 1,
        "quarterly": 3,
        "semiannually": 6,
        "annually": 12,
        "biennially": 24,
        "triennially": 36,
    }
)

#: Days in an average month for ``day_basis: average`` (365.25 / 12).
AVERAGE_MONTH_DAYS = Decimal("30.4375")

#: The day bases ``day_basis`` accepts.
DAY_BASES = ("actual", "average", "30/360")

#: Earliest and latest date a request may name. Billing dates outside are typos; the margin
#: below ``date.max`` leaves room for a triennial cycle and a downgrade window after any date.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(9899, 12, 31)

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH_DAYS = tuple(
    tuple(calendar.monthrange(2000 + leap, m)[1] for m in range(1, 13)) for leap in (1, 0)
)  # index 0: common year (2001), 1: leap year (2000)


def _days_in_month(year: int, month: int) -> int:
    return _MONTH_DAYS[1 if calendar.isleap(year) else 0][month - 1]


def parse_iso_date(text: str) -> date | None:
    """Parse ``YYYY-MM-DD`` strictly; ``None`` for anything else or an impossible date.

    ``date.fromisoformat`` alone would also take ``20261115`` and week dates in Python 3.11.

    >>> parse_iso_date("2024-02-29"), parse_iso_date("2023-02-29"), parse_iso_date("20240229")
    (datetime.date(2024, 2, 29), None, None)
    """
    if _ISO_DATE.fullmatch(text) is None:
        return None
    try:
        # The pattern has fixed the form, so fromisoformat (fast, C) only checks the calendar.
        return date.fromisoformat(text)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """Add calendar months, clamping to the last day of a shorter month.

    Args:
        day: The starting date.
        months: Months to add (may be negative).

    Returns:
        The same day of the month ``months`` later, or that month's last day.

    Raises:
        ValueError: if the result falls outside ``date.min``..``date.max``.

    >>> add_months(date(2026, 3, 31), 1)
    datetime.date(2026, 4, 30)
    >>> add_months(date(2026, 3, 31), -1)
    datetime.date(2026, 2, 28)
    >>> add_months(date(2026, 11, 15), 2)
    datetime.date(2027, 1, 15)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise ValueError(f"{day.isoformat()} + {months} months is outside the calendar")
    last = _days_in_month(year, month)
    return date(year, month, day.day if day.day <= last else last)


@dataclass(frozen=True, slots=True)
class Period:
    """A billing period ``[start, end)``; ``end`` is the due date of the next one.

    >>> p = Period(date(2026, 11, 1), date(2026, 12, 1))
    >>> p.days, p.contains(date(2026, 11, 30)), p.contains(date(2026, 12, 1))
    (30, True, False)
    """

    start: date
    end: date

    @property
    def days(self) -> int:
        """Calendar days in the period."""
        return (self.end - self.start).days

    def contains(self, day: date) -> bool:
        """Whether ``start <= day < end``."""
        return self.start <= day < self.end


def boundary(anchor: date, index: int, months: int) -> date:
    """The ``index``-th period boundary of a cycle of ``months`` counted from ``anchor``.

    Computed from the anchor itself (``anchor + index*months``), never by stepping from the
    previous boundary, so clamping in a short month is not carried forward.

    >>> boundary(date(2024, 1, 31), 1, 1), boundary(date(2024, 1, 31), 2, 1)
    (datetime.date(2024, 2, 29), datetime.date(2024, 3, 31))
    """
    return add_months(anchor, index * months)


def period_containing(anchor: date, months: int, day: date) -> Period:
    """The period ``[anchor + k*months, anchor + (k+1)*months)`` that contains ``day``.

    Args:
        anchor: The subscription's start, which fixes where periods of any cycle begin.
        months: Length of the cycle in months.
        day: A date on or after ``anchor``.

    >>> period_containing(date(2026, 3, 1), 12, date(2026, 11, 15))
    Period(start=datetime.date(2026, 3, 1), end=datetime.date(2027, 3, 1))
    >>> period_containing(date(2024, 1, 31), 1, date(2024, 2, 29))
    Period(start=datetime.date(2024, 2, 29), end=datetime.date(2024, 3, 31))
    """
    if day < anchor:
        raise ValueError(f"{day.isoformat()} is before the anchor {anchor.isoformat()}")
    elapsed = (day.year - anchor.year) * 12 + (day.month - anchor.month)
    k = elapsed // months
    start = boundary(anchor, k, months)
    # The month count may overshoot by one cycle when day-of-month is before the anchor's.
    while start > day:
        k -= 1
        start = boundary(anchor, k, months)
    end = boundary(anchor, k + 1, months)
    while end <= day:
        k += 1
        start, end = end, boundary(anchor, k + 1, months)
    return Period(start, end)


def is_boundary(anchor: date, months: int, day: date) -> bool:
    """Whether ``day`` is one of the cycle's boundaries counted from ``anchor``.

    >>> anchor = date(2026, 1, 31)
    >>> is_boundary(anchor, 3, date(2026, 4, 30)), is_boundary(anchor, 3, date(2026, 5, 31))
    (True, False)
    """
    return day >= anchor and period_containing(anchor, months, day).start == day


def days_360(start: date, end: date) -> int:
    """Days from ``start`` to ``end`` counting every month as 30 days (the contract's 30/360).

    ``360*(y2-y1) + 30*(m2-m1) + (min(d2, 30) - min(d1, 30))``: the 31st counts as the 30th,
    February keeps its short days.

    >>> days_360(date(2026, 1, 15), date(2026, 2, 15))
    30
    >>> days_360(date(2026, 1, 30), date(2026, 1, 31))  # the 31st counts as the 30th
    0
    >>> days_360(date(2026, 2, 1), date(2026, 3, 1))  # February counts 30
    30
    >>> days_360(date(2025, 12, 31), date(2026, 12, 31))
    360
    """
    return (
        360 * (end.year - start.year)
        + 30 * (end.month - start.month)
        + (min(end.day, 30) - min(start.day, 30))
    )


def days_left(basis: str, today: date, end: date) -> int:
    """Days from ``today`` to ``end``: calendar days, or 30/360 days under ``30/360``.

    >>> today, end = date(2024, 3, 15), date(2024, 4, 1)
    >>> days_left("actual", today, end), days_left("30/360", today, end)
    (17, 16)
    """
    if basis == "30/360":
        return days_360(today, end)
    return (end - today).days


def days_total(basis: str, period: Period, months: int) -> Decimal:
    """The length of a period under a day basis, the denominator of the day factor.

    Args:
        basis: ``actual``, ``average`` or ``30/360``.
        period: The period being prorated.
        months: The cycle's length in months (``average`` uses it, the others the dates).

    >>> p = Period(date(2024, 2, 1), date(2024, 3, 1))
    >>> days_total("actual", p, 1), days_total("30/360", p, 1), days_total("average", p, 12)
    (Decimal('29'), Decimal('30'), Decimal('365.2500'))
    """
    if basis == "average":
        return AVERAGE_MONTH_DAYS * months
    if basis == "30/360":
        return Decimal(days_360(period.start, period.end))
    return Decimal((period.end - period.start).days)


_ONE = Decimal(1)
_ZERO = Decimal(0)


def day_factor(left: int, total: Decimal, precision: int | None = None) -> Decimal:
    """The share of a period still to come, ``left / total``, kept within ``[0, 1]``.

    Args:
        left: Days left (:func:`days_left`).
        total: Days in the period (:func:`days_total`).
        precision: ``factor_precision``: decimals to round the factor to, half-up (Kill Bill
            rounds to 9), or ``None`` to keep it exact.

    A factor above 1 only happens under ``average`` in a month longer than 30.4375 days; it is
    capped so that no credit exceeds what was paid for the period and no prorated charge exceeds
    a full cycle (Ultimate Multisite caps its credit at the amount the same way). A period of no
    length (under ``30/360``, from the 30th to the 31st) has nothing left to credit or charge.

    >>> day_factor(17, Decimal(31), 9)
    Decimal('0.548387097')
    >>> day_factor(31, Decimal("30.4375")), day_factor(0, Decimal(0))
    (Decimal('1'), Decimal('0'))
    """
    if total <= _ZERO:
        return _ZERO
    factor = Decimal(left) / total
    if factor > _ONE:
        factor = _ONE
    if precision is not None:
        factor = factor.quantize(_ONE.scaleb(-precision), rounding=ROUND_HALF_UP)
    return factor
