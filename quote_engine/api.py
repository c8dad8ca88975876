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
from .quote import compute_quote
from .request import describe, parse_request

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
                "catalog argument", "", f"must be a mapping, not {describe(catalog)}"
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
