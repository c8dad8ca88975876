"""The JSON boundary: :func:`quote` and :func:`quote_json`, request parsing, catalog choice.

Both entry points, and the command line built on :func:`quote_json`, give the same answer for
the same input, byte for byte once serialised with :func:`canonical_json`. Neither raises for
any input: a bad request, a bad catalog or a refusal is answered with ``"ok": false``.

Amounts are decimal strings in and out. A JSON number where an amount belongs is refused with
``params.field`` naming it; the check inspects the parsed object's types, so a float never
reaches the arithmetic whichever entry point was used.

>>> request = {"product": "dns", "currency": "USD", "today": "2026-11-15",
...     "current": {"plan": "basic", "cycle": "monthly",
...                 "period_start": "2026-11-01", "period_end": "2026-12-01"},
...     "target": {"plan": "start"}}
>>> answer = quote(request)
>>> answer["kind"], answer["due_today"], answer["next_invoice"]["due"]
('upgrade', '2.66', '10.00')
>>> quote({**request, "current": {**request["current"], "amount_paid": 5.0}})["error"]["params"]
{'field': 'current.amount_paid', 'problem': 'type'}
>>> json.loads(quote_json('{"product": "dns"'))["error"]["params"]
{'field': 'request', 'problem': 'malformed_json'}
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from .catalog import (
    Catalog,
    canonical_catalog_json,
    catalog_error,
    example_catalog_validated,
    parse_catalog_json,
    validate_catalog,
)
from .errors import QuoteError, invalid_request
from .money import AMOUNT_PATTERN, MAX_INTEGER_DIGITS, decimal_places, integer_digits
from .periods import EARLIEST_DATE, LATEST_DATE, Period, parse_iso_date
from .quote import STATUSES, Request, Selection, compute_quote

#: Decimals a ``tax.rate`` may have: any rate a tax authority sets (as many decimals as an
#: amount may have), few enough that every tax stays exact in the engine's 60-digit arithmetic.
MAX_RATE_DECIMALS = MAX_INTEGER_DIGITS

_TOP = frozenset(
    ("product", "currency", "today", "current", "target", "account", "tax", "tax_region", "catalog")
)
_CURRENT = frozenset(
    (
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
)
_TARGET = frozenset(("plan", "cycle", "quantity", "addons"))
_ACCOUNT = frozenset(("status", "credit_balance", "pending_change"))
_TAX = frozenset(("rate", "inclusive"))
# The contract's order of fields, for listing the allowed ones in messages.
_ORDER = (
    "product",
    "currency",
    "today",
    "current",
    "target",
    "account",
    "tax",
    "tax_region",
    "catalog",
    "plan",
    "cycle",
    "quantity",
    "period_start",
    "period_end",
    "amount_paid",
    "credited",
    "anchor",
    "addons",
    "status",
    "credit_balance",
    "pending_change",
    "rate",
    "inclusive",
)
_ZERO = Decimal(0)
_MISSING = object()


# One encoder for every answer: json.dumps() with options builds a new encoder on each call.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)


#: A response as JSON data: ``str`` keys, values as the contract's "Response" section shows.
Response = dict[str, Any]


def canonical_json(value: object) -> str:
    """The canonical JSON text of a response: sorted keys, no spaces, ASCII only.

    Sorting makes the bytes a function of the content alone, so ``quote()``'s dict and
    ``quote_json()``'s text agree; ``\\u`` escapes keep the text safe on any terminal.

    >>> canonical_json({"ok": True, "b": "ভ", "a": [1]})
    '{"a":[1],"b":"\\\\u09ad","ok":true}'
    """
    return _CANONICAL.encode(value)


# -- request parsing ------------------------------------------------------------------------------


def _describe(value: object) -> str:
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
        raise invalid_request(field, "type", f"must be an object, not {_describe(value)}")
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
        raise invalid_request(field, "type", f"must be a string, not {_describe(value)}")
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
            field, "type", f'must be a decimal string such as "12.50", not {_describe(value)}'
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
        raise invalid_request(field, "type", f"must be a whole number, not {_describe(value)}")
    # Any whole number is read: one outside the product's range, however large, is
    # ``quantity_out_of_range`` (checked against the catalog, before any arithmetic).
    return value


def _addons(obj: Mapping[Any, object], key: str, field: str) -> tuple[str, ...] | None:
    if key not in obj:
        return None
    value = obj[key]
    if not isinstance(value, list | tuple):
        raise invalid_request(
            field, "type", f"must be an array of add-on ids, not {_describe(value)}"
        )
    seen: set[str] = set()
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise invalid_request(
                f"{field}[{index}]", "type", f"must be an add-on id string, not {_describe(item)}"
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
        raise invalid_request(field, "type", f"must be true or false, not {_describe(value)}")
    return value


def parse_request(data: object) -> tuple[Request, Mapping[Any, object] | None]:
    """Check a request's shape and formats and fill in its defaults.

    Args:
        data: The request as parsed JSON (a mapping).

    Returns:
        The parsed :class:`~quote_engine.quote.Request` and the inline catalog, if any.

    Raises:
        QuoteError: ``invalid_request`` with ``params.field`` and ``params.problem``.

    >>> parse_request({"product": "dns"})
    Traceback (most recent call last):
    ...
    quote_engine.errors.QuoteError: currency: is required
    """
    top = _object(data, "request", _TOP)
    product = _required_text(top, "product", "product")
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
    today = _date(top, "today", "today")
    assert today is not None
    if "current" not in top:
        raise invalid_request("current", "missing", "is required")
    cur = _object(top["current"], "current", _CURRENT)
    cur_plan = _required_text(cur, "plan", "current.plan")
    cur_cycle = _required_text(cur, "cycle", "current.cycle")
    cur_quantity = _quantity(cur, "quantity", "current.quantity")
    start = _date(cur, "period_start", "current.period_start")
    end = _date(cur, "period_end", "current.period_end")
    assert start is not None and end is not None
    amount_paid = _amount(cur, "amount_paid", "current.amount_paid")
    credited = _amount(cur, "credited", "current.credited")
    anchor = _date(cur, "anchor", "current.anchor", required=False)
    cur_addons = _addons(cur, "addons", "current.addons")
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
    current = Selection(
        cur_plan, cur_cycle, 1 if cur_quantity is None else cur_quantity, cur_addons or ()
    )

    tgt: Mapping[Any, object] = {}
    if "target" in top:
        tgt = _object(top["target"], "target", _TARGET)
    tgt_plan = _text(tgt, "plan", "target.plan", required=False)
    tgt_cycle = _text(tgt, "cycle", "target.cycle", required=False)
    tgt_quantity = _quantity(tgt, "quantity", "target.quantity")
    tgt_addons = _addons(tgt, "addons", "target.addons")
    target = Selection(
        current.plan if tgt_plan is None else tgt_plan,
        current.cycle if tgt_cycle is None else tgt_cycle,
        current.quantity if tgt_quantity is None else tgt_quantity,
        current.addons if tgt_addons is None else tgt_addons,
    )

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

    inline: Mapping[Any, object] | None = None
    if "catalog" in top:
        value = top["catalog"]
        if not isinstance(value, Mapping):
            raise invalid_request(
                "catalog", "type", f"must be a catalog object, not {_describe(value)}"
            )
        inline = value

    request = Request(
        product=product,
        currency=currency,
        today=today,
        current=current,
        period=Period(start, end),
        anchor=start if anchor is None else anchor,
        amount_paid=amount_paid,
        credited=_ZERO if credited is None else credited,
        target=target,
        status=status,
        credit_balance=_ZERO if balance is None else balance,
        pending_change=pending,
        tax_rate=rate,
        tax_inclusive=inclusive,
        tax_region=region,
        # Decimals as written (the texts are validated amounts by now), checked against the
        # currency's minor units once the catalog says what they are.
        places=max(
            _places(cur, "amount_paid"),
            _places(cur, "credited"),
            _places(account, "credit_balance"),
        ),
    )
    return request, inline


# -- catalogs -------------------------------------------------------------------------------------

#: How many distinct catalogs each cache keeps (a site uses one; tests use a handful).
CACHE_SIZE = 32

# Catalogs passed as objects, by id(). An entry keeps the object itself (so its id cannot be
# reused while cached) and a deep copy taken when it was validated: a hit needs the same object
# *and* equal content, so a caller mutating its catalog between calls gets it validated again.
# (Python's == takes 1, 1.0 and True as equal, so an in-place edit between those goes unseen.)
_by_identity: dict[int, tuple[object, object, Catalog]] = {}
# The same catalogs by repr(): a fresh but identical object (``dict(catalog)`` on every call)
# is found here for the cost of a repr, a tenth of validating it; repr tells 1 from "1",
# 1.0 and True, so only exactly the same data shares an entry. Values: (deep copy, catalog).
_by_repr: dict[str, tuple[object, Catalog]] = {}
# Catalogs that arrived as JSON text, by their canonical text (immutable, so exact and safe).
_by_text: dict[str, Catalog] = {}


def _remember(cache: dict[Any, Any], key: object, value: object) -> None:
    if len(cache) >= CACHE_SIZE:
        try:
            del cache[next(iter(cache))]  # the oldest entry: dicts keep insertion order
        except (KeyError, RuntimeError, StopIteration):
            cache.clear()  # another thread changed it meanwhile: start afresh
    cache[key] = value


def catalog_from_object(data: object, source: str) -> Catalog:
    """Validate a catalog given as data, reusing the result for the same unchanged data."""
    entry = _by_identity.get(id(data))
    if entry is not None and entry[0] is data and entry[1] == data:
        return entry[2]
    try:
        key: str | None = repr(data)
    except Exception:  # a custom object's repr may fail: just do not cache
        key = None
    known = None if key is None else _by_repr.get(key)
    if known is not None:
        snapshot, catalog = known
    else:
        catalog = validate_catalog(data, source)
        try:
            snapshot = copy.deepcopy(data)
        except Exception:  # an object deepcopy cannot copy is simply not cached
            return catalog
        if key is not None:
            _remember(_by_repr, key, (snapshot, catalog))
    _remember(_by_identity, id(data), (data, snapshot, catalog))
    return catalog


def catalog_from_json_data(data: object, source: str) -> Catalog:
    """Validate a catalog parsed from JSON text, cached by its canonical text."""
    try:
        key = canonical_catalog_json(data)
    except (TypeError, ValueError, RecursionError):
        return validate_catalog(data, source)
    found = _by_text.get(key)
    if found is None:
        found = validate_catalog(data, source)
        _remember(_by_text, key, found)
    return found


def catalog_from_text(text: str, source: str) -> Catalog:
    """Parse and validate catalog JSON text, cached by the text itself."""
    found = _by_text.get(text)
    if found is None:
        found = catalog_from_json_data(parse_catalog_json(text, source), source)
        _remember(_by_text, text, found)
    return found


def _argument_catalog(catalog: object) -> Callable[[], Catalog]:
    def provide() -> Catalog:
        if catalog is None:
            return example_catalog_validated()
        if isinstance(catalog, Catalog):
            return catalog
        if not isinstance(catalog, Mapping):
            raise catalog_error(
                "catalog argument", "", f"must be a mapping, not {_describe(catalog)}"
            )
        return catalog_from_object(catalog, "catalog argument")

    return provide


# -- entry points ---------------------------------------------------------------------------------


def _internal(exc: BaseException) -> dict[str, object]:
    error = QuoteError(
        "internal_error",
        f"The quote engine failed unexpectedly ({type(exc).__name__}); please report it.",
        {"exception": type(exc).__name__},
    )
    return {"ok": False, "error": error.to_dict()}


def answer(
    data: object, provider: Callable[[], Catalog], inline_from_json: bool = False
) -> dict[str, object]:
    """Parse, choose the catalog, quote; every failure becomes an ``"ok": false`` answer.

    Args:
        data: The request as parsed JSON.
        provider: Gives the catalog when the request carries none (called after the request's
            shape is checked, so ``invalid_request`` comes before ``invalid_catalog``).
        inline_from_json: Whether ``data`` came from JSON text (its inline catalog may then be
            cached by canonical text).
    """
    try:
        request, inline = parse_request(data)
        if inline is None:
            catalog = provider()
        elif inline_from_json:
            catalog = catalog_from_json_data(inline, "request.catalog")
        else:
            catalog = catalog_from_object(inline, "request.catalog")
        return compute_quote(request, catalog)
    except QuoteError as error:
        return {"ok": False, "error": error.to_dict()}
    except RecursionError:
        return {
            "ok": False,
            "error": invalid_request("request", "range", "is nested too deeply").to_dict(),
        }
    except Exception as exc:  # a bug: still an answer, never a traceback (see errors.py)
        return _internal(exc)


def quote(
    request: Mapping[str, Any], catalog: Mapping[str, Any] | Catalog | None = None
) -> Response:
    """Quote a change of plan, cycle, quantity or add-ons.

    Args:
        request: The request object of the contract (parsed JSON).
        catalog: The catalog as data (or an already validated
            :class:`~quote_engine.catalog.Catalog`); ``None`` for the example catalog. A
            ``request["catalog"]`` takes precedence.

    Returns:
        The response object: ``"ok": true`` with lines and totals, or ``"ok": false`` with
        ``error``. Never raises for bad input. Typed as JSON data (:data:`Response`), so
        callers read it as they read the JSON text.

    >>> quote({"product": "radio", "currency": "USD", "today": "2026-06-01",
    ...        "current": {"plan": "radio-100", "cycle": "annually",
    ...                    "period_start": "2026-01-01", "period_end": "2027-01-01"},
    ...        "target": {"plan": "radio-250"}})["lines"]
    [{'code': 'charge_difference', 'amount': '50.00', 'plan': 'radio-250'}]
    """
    return answer(request, _argument_catalog(catalog))


def quote_json(request_json: str, catalog_json: str | None = None) -> str:
    """Quote from JSON text to canonical JSON text (what the widget calls inside Pyodide).

    Args:
        request_json: The request as JSON text.
        catalog_json: A catalog as JSON text; ``None`` for the example catalog. An inline
            ``"catalog"`` in the request takes precedence.

    Returns:
        The response as :func:`canonical_json` text; equal to
        ``canonical_json(quote(json.loads(request_json)))``.

    >>> print(quote_json('{"product": "dns", "currency": "USD", "today": 5}')[:72])
    {"error":{"code":"invalid_request","message":"today: must be a string, n
    """
    if catalog_json is None:
        return respond_json(request_json, example_catalog_validated)
    if not isinstance(catalog_json, str):

        def refuse() -> Catalog:
            raise catalog_error("catalog_json", "", "must be JSON text (a string)")

        return respond_json(request_json, refuse)
    text = catalog_json
    return respond_json(request_json, lambda: catalog_from_text(text, "catalog_json"))


def respond_json(request_json: str, provider: Callable[[], Catalog]) -> str:
    """Answer request JSON text with canonical JSON text, the catalog coming from ``provider``.

    The core of :func:`quote_json` and of the command line, which passes a provider reading
    ``--catalog``.
    """
    try:
        if not isinstance(request_json, str):
            raise invalid_request("request", "type", "must be JSON text (a string)")
        try:
            data = json.loads(request_json)
        except json.JSONDecodeError as exc:
            raise invalid_request(
                "request",
                "malformed_json",
                f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            ) from None
        except (ValueError, RecursionError) as exc:
            raise invalid_request("request", "malformed_json", f"not valid JSON: {exc}") from None
        result = answer(data, provider, inline_from_json=True)
    except QuoteError as error:
        result = {"ok": False, "error": error.to_dict()}
    except Exception as exc:  # see answer()
        result = _internal(exc)
    return canonical_json(result)
