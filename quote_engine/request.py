"""The request: its model (:class:`Request`, :class:`Selection`) and its parsing, by section.

:func:`parse_request` checks a request's shape and formats, section by section as the contract
lists them (top level, ``current``, ``target``, ``account``, ``tax``, the inline ``catalog``),
and fills in the defaults. What needs the catalog (a currency's minor units, a tax region, a
plan's prices) is checked later, by ``checks.py``. Every refusal is ``invalid_request`` with
``params.field`` and ``params.problem``.

>>> request, inline = parse_request({"product": "dns", "currency": "USD",
...     "today": "2026-11-15", "current": {"plan": "basic", "cycle": "monthly",
...     "period_start": "2026-11-01", "period_end": "2026-12-01"}, "target": {"plan": "start"}})
>>> request.target, request.anchor.isoformat(), inline
(Selection(plan='start', cycle='monthly', quantity=1, addons=()), '2026-11-01', None)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from .errors import invalid_request
from .money import AMOUNT_PATTERN, MAX_INTEGER_DIGITS, decimal_places, integer_digits
from .periods import EARLIEST_DATE, LATEST_DATE, Period, parse_iso_date

#: Decimals a ``tax.rate`` may have: any rate a tax authority sets (as many decimals as an
#: amount may have), few enough that every tax stays exact in the engine's 60-digit arithmetic.
MAX_RATE_DECIMALS = MAX_INTEGER_DIGITS

# Each section's fields in the contract's order (messages list the allowed ones in it).
_TOP_FIELDS = (
    "product",
    "currency",
    "today",
    "current",
    "target",
    "account",
    "tax",
    "tax_region",
    "catalog",
)
_CURRENT_FIELDS = (
    "plan",
    "cycle",
    "quantity",
    "period_start",
    "period_end",
    "amount_paid",
    "credited",
    "anchor",
    "addons",
)
_TARGET_FIELDS = ("plan", "cycle", "quantity", "addons")
_ACCOUNT_FIELDS = ("status", "credit_balance", "pending_change")
_TAX_FIELDS = ("rate", "inclusive")
_TOP, _CURRENT, _TARGET, _ACCOUNT, _TAX = (
    frozenset(fields)
    for fields in (_TOP_FIELDS, _CURRENT_FIELDS, _TARGET_FIELDS, _ACCOUNT_FIELDS, _TAX_FIELDS)
)
_ORDER = tuple(
    dict.fromkeys(_TOP_FIELDS + _CURRENT_FIELDS + _TARGET_FIELDS + _ACCOUNT_FIELDS + _TAX_FIELDS)
)
_ZERO = Decimal(0)
_MISSING = object()


#: ``account.status`` values; only ``active`` may change.
STATUSES = ("active", "pending", "suspended", "terminated", "cancelled", "fraud")


@dataclass(frozen=True, slots=True)
class Selection:
    """What a subscription is (``current``) or should become (``target``).

    Attributes:
        plan: Plan id.
        cycle: Cycle name (``monthly`` ...).
        quantity: Units of the plan.
        addons: Add-on ids, sorted, no duplicates.
    """

    plan: str
    cycle: str
    quantity: int
    addons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Request:
    """A parsed, well-formed request (``api.parse_request`` builds it); defaults filled in.

    ``amount_paid`` is ``None`` when the request leaves it to the catalog price. ``tax_rate`` is
    ``None`` when the request gives no ``tax`` (``tax_region`` may then name one). ``places`` is
    the most decimals any amount was written with, checked against the currency once known.
    """

    product: str
    currency: str
    today: date
    current: Selection
    period: Period
    anchor: date
    amount_paid: Decimal | None
    credited: Decimal
    target: Selection
    status: str = "active"
    credit_balance: Decimal = _ZERO
    pending_change: bool = False
    tax_rate: Decimal | None = None
    tax_inclusive: bool = False
    tax_region: str | None = None
    places: int = 0


# -- values ----------------------------------------------------------------------------------------


def describe(value: object) -> str:
    """How a value looks to a JSON caller, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _object(value: object, field: str, allowed: frozenset[str]) -> Mapping[Any, object]:
    # ``type(...) is dict`` first: the ABC check of isinstance(Mapping) is slow, and requests are
    # almost always plain dicts.
    if type(value) is not dict and not isinstance(value, Mapping):
        raise invalid_request(field, "type", f"must be an object, not {describe(value)}")
    if allowed.issuperset(value):
        return value
    prefix = "" if field == "request" else field + "."
    names = ", ".join(name for name in _ORDER if name in allowed)
    for key in value:
        if key not in allowed:
            shown = f"{prefix}{key[:40]}" if isinstance(key, str) else f"{prefix}{key!r:.40}"
            raise invalid_request(shown, "unknown_field", f"unknown field; {field} has {names}")
    return value


def _text(obj: Mapping[Any, object], key: str, field: str, required: bool = True) -> str | None:
    value = obj.get(key)
    if value is None:
        if key in obj:
            raise invalid_request(field, "type", "must be a string, not null")
        if required:
            raise invalid_request(field, "missing", "is required")
        return None
    if not isinstance(value, str):
        raise invalid_request(field, "type", f"must be a string, not {describe(value)}")
    return value


def _required_text(obj: Mapping[Any, object], key: str, field: str) -> str:
    value = _text(obj, key, field)
    assert value is not None
    return value


def _date(obj: Mapping[Any, object], key: str, field: str, required: bool = True) -> date | None:
    text = _text(obj, key, field, required)
    if text is None:
        return None
    day = parse_iso_date(text)
    if day is None:
        raise invalid_request(
            field, "format", f"{text[:40]!r} is not a calendar date written YYYY-MM-DD"
        )
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise invalid_request(
            field,
            "range",
            f"{text} is outside {EARLIEST_DATE.isoformat()}..{LATEST_DATE.isoformat()}",
        )
    return day


def _amount(obj: Mapping[Any, object], key: str, field: str) -> Decimal | None:
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        return None
    if type(value) is not str:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            raise invalid_request(
                field, "type", 'amounts are decimal strings such as "12.50", not JSON numbers'
            )
        raise invalid_request(
            field, "type", f'must be a decimal string such as "12.50", not {describe(value)}'
        )
    if AMOUNT_PATTERN.fullmatch(value) is None:
        raise invalid_request(
            field,
            "format",
            f"{value[:40]!r} is not an amount: digits with an optional decimal point,"
            ' such as "12.50"',
        )
    if len(value) > MAX_INTEGER_DIGITS:  # only long texts need counting
        if integer_digits(value) > MAX_INTEGER_DIGITS:
            raise invalid_request(
                field, "range", f"has more than {MAX_INTEGER_DIGITS} digits before the point"
            )
        if decimal_places(value) > MAX_INTEGER_DIGITS:
            raise invalid_request(field, "format", "has more decimals than any currency allows")
    return Decimal(value)


def _places(obj: Mapping[Any, object], key: str) -> int:
    value = obj.get(key)
    return decimal_places(value) if isinstance(value, str) else 0


def _quantity(obj: Mapping[Any, object], key: str, field: str) -> int | None:
    if key not in obj:
        return None
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid_request(field, "type", f"must be a whole number, not {describe(value)}")
    # Any whole number is read: one outside the product's range, however large, is
    # ``quantity_out_of_range`` (checked against the catalog, before any arithmetic).
    return value


def _addons(obj: Mapping[Any, object], key: str, field: str) -> tuple[str, ...] | None:
    if key not in obj:
        return None
    value = obj[key]
    if not isinstance(value, list | tuple):
        raise invalid_request(
            field, "type", f"must be an array of add-on ids, not {describe(value)}"
        )
    seen: set[str] = set()
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise invalid_request(
                f"{field}[{index}]", "type", f"must be an add-on id string, not {describe(item)}"
            )
        if item in seen:
            raise invalid_request(f"{field}[{index}]", "duplicate", f"{item!r} is listed twice")
        seen.add(item)
    return tuple(sorted(seen))


def _bool(obj: Mapping[Any, object], key: str, field: str, default: bool) -> bool:
    if key not in obj:
        return default
    value = obj[key]
    if not isinstance(value, bool):
        raise invalid_request(field, "type", f"must be true or false, not {describe(value)}")
    return value


# -- the sections ---------------------------------------------------------------------------------


class _Current(NamedTuple):
    """The ``current`` section, parsed; ``amount_paid`` and ``credited`` as written."""

    selection: Selection
    period: Period
    anchor: date
    amount_paid: Decimal | None
    credited: Decimal | None
    places: int


def _parse_current(top: Mapping[Any, object]) -> _Current:
    if "current" not in top:
        raise invalid_request("current", "missing", "is required")
    cur = _object(top["current"], "current", _CURRENT)
    plan = _required_text(cur, "plan", "current.plan")
    cycle = _required_text(cur, "cycle", "current.cycle")
    quantity = _quantity(cur, "quantity", "current.quantity")
    start = _date(cur, "period_start", "current.period_start")
    end = _date(cur, "period_end", "current.period_end")
    assert start is not None and end is not None
    amount_paid = _amount(cur, "amount_paid", "current.amount_paid")
    credited = _amount(cur, "credited", "current.credited")
    anchor = _date(cur, "anchor", "current.anchor", required=False)
    addons = _addons(cur, "addons", "current.addons")
    if start >= end:
        raise invalid_request(
            "current.period_end",
            "order",
            f"period_end {end.isoformat()} must be after period_start {start.isoformat()}",
        )
    if anchor is not None and anchor > start:
        raise invalid_request(
            "current.anchor",
            "order",
            f"anchor {anchor.isoformat()} must be on or before period_start {start.isoformat()}",
        )
    if amount_paid is not None and credited is not None and credited > amount_paid:
        raise invalid_request(
            "current.credited",
            "range",
            f"credited {credited} is more than amount_paid {amount_paid}",
        )
    selection = Selection(plan, cycle, 1 if quantity is None else quantity, addons or ())
    return _Current(
        selection,
        Period(start, end),
        start if anchor is None else anchor,
        amount_paid,
        credited,
        max(_places(cur, "amount_paid"), _places(cur, "credited")),
    )


def _parse_target(top: Mapping[Any, object], current: Selection) -> Selection:
    """The ``target`` section: what it leaves out stays as ``current`` has it."""
    tgt: Mapping[Any, object] = {}
    if "target" in top:
        tgt = _object(top["target"], "target", _TARGET)
    plan = _text(tgt, "plan", "target.plan", required=False)
    cycle = _text(tgt, "cycle", "target.cycle", required=False)
    quantity = _quantity(tgt, "quantity", "target.quantity")
    addons = _addons(tgt, "addons", "target.addons")
    return Selection(
        current.plan if plan is None else plan,
        current.cycle if cycle is None else cycle,
        current.quantity if quantity is None else quantity,
        current.addons if addons is None else addons,
    )


class _Account(NamedTuple):
    status: str
    credit_balance: Decimal
    pending_change: bool
    places: int


def _parse_account(top: Mapping[Any, object]) -> _Account:
    account: Mapping[Any, object] = {}
    if "account" in top:
        account = _object(top["account"], "account", _ACCOUNT)
    status = _text(account, "status", "account.status", required=False)
    if status is None:
        status = "active"
    elif status not in STATUSES:
        raise invalid_request(
            "account.status", "format", f"{status[:40]!r} is not one of {', '.join(STATUSES)}"
        )
    balance = _amount(account, "credit_balance", "account.credit_balance")
    pending = _bool(account, "pending_change", "account.pending_change", False)
    return _Account(
        status,
        _ZERO if balance is None else balance,
        pending,
        _places(account, "credit_balance"),
    )


def _parse_tax(top: Mapping[Any, object]) -> tuple[Decimal | None, bool, str | None]:
    """``tax`` (rate, inclusive) and ``tax_region``: at most one of the two."""
    rate: Decimal | None = None
    inclusive = False
    if "tax" in top:
        tax = _object(top["tax"], "tax", _TAX)
        if "rate" not in tax:
            raise invalid_request("tax.rate", "missing", "is required when tax is given")
        rate = _amount(tax, "rate", "tax.rate")
        assert rate is not None
        if rate >= 1 or decimal_places(str(tax["rate"])) > MAX_RATE_DECIMALS:
            raise invalid_request(
                "tax.rate",
                "range",
                f'must be in [0, 1) with at most {MAX_RATE_DECIMALS} decimals, such as "0.15"',
            )
        inclusive = _bool(tax, "inclusive", "tax.inclusive", False)
    region = _text(top, "tax_region", "tax_region", required=False)
    if region is not None and rate is not None:
        raise invalid_request("tax_region", "conflict", "give either tax or tax_region, not both")
    return rate, inclusive, region


def _parse_inline_catalog(top: Mapping[Any, object]) -> Mapping[Any, object] | None:
    if "catalog" not in top:
        return None
    value = top["catalog"]
    if not isinstance(value, Mapping):
        raise invalid_request("catalog", "type", f"must be a catalog object, not {describe(value)}")
    return value


def _parse_currency(top: Mapping[Any, object]) -> str:
    currency = _required_text(top, "currency", "currency")
    if (
        len(currency) != 3
        or not currency.isascii()
        or not currency.isupper()
        or not currency.isalpha()
    ):
        raise invalid_request(
            "currency", "format", f'{currency[:20]!r} is not a currency code such as "USD"'
        )
    return currency


def parse_request(data: object) -> tuple[Request, Mapping[Any, object] | None]:
    """Check a request's shape and formats and fill in its defaults.

    The sections are read in the contract's order, so the first problem reported is the first
    one a reader of the request meets.

    Args:
        data: The request as parsed JSON (a mapping).

    Returns:
        The parsed :class:`Request` and the inline catalog, if any.

    Raises:
        QuoteError: ``invalid_request`` with ``params.field`` and ``params.problem``.

    >>> parse_request({"product": "dns"})
    Traceback (most recent call last):
    ...
    quote_engine.errors.QuoteError: currency: is required
    """
    top = _object(data, "request", _TOP)
    product = _required_text(top, "product", "product")
    currency = _parse_currency(top)
    today = _date(top, "today", "today")
    assert today is not None
    current = _parse_current(top)
    target = _parse_target(top, current.selection)
    account = _parse_account(top)
    rate, inclusive, region = _parse_tax(top)
    inline = _parse_inline_catalog(top)
    request = Request(
        product=product,
        currency=currency,
        today=today,
        current=current.selection,
        period=current.period,
        anchor=current.anchor,
        amount_paid=current.amount_paid,
        credited=_ZERO if current.credited is None else current.credited,
        target=target,
        status=account.status,
        credit_balance=account.credit_balance,
        pending_change=account.pending_change,
        tax_rate=rate,
        tax_inclusive=inclusive,
        tax_region=region,
        # Decimals as written (the texts are validated amounts by now), checked against the
        # currency's minor units once the catalog says what they are.
        places=max(current.places, account.places),
    )
    return request, inline
