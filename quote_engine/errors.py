"""Errors that carry data: a stable code, params, an English message and an alternative.

One small tree, as babel's ``UnknownCurrencyError`` keeps ``.identifier``: the widget and the
site translate ``code`` with ``params``; ``message`` is the English text for logs and authors.

>>> err = QuoteError("unknown_product", "No product 'dns2' in the catalog.", {"product": "dns2"})
>>> err.code, err.params
('unknown_product', {'product': 'dns2'})
>>> sorted(err.to_dict())  # no "alternative" key: there is none for this code
['code', 'message', 'params']
"""

from __future__ import annotations

from collections.abc import Mapping

#: Every error code the engine answers with. The first seventeen are the contract's; the last
#: one is an extension that only a bug in the engine can produce (the fuzz test asserts that it
#: never appears), so that ``quote()`` keeps its promise of never raising.
ERROR_CODES = frozenset(
    {
        "invalid_request",
        "invalid_catalog",
        "unknown_product",
        "unknown_plan",
        "unknown_cycle",
        "unknown_addon",
        "currency_not_offered",
        "quantity_out_of_range",
        "date_outside_period",
        "service_not_active",
        "change_pending",
        "one_change_at_a_time",
        "path_not_allowed",
        "support_only",
        "downgrade_not_allowed",
        "downgrade_outside_window",
        "internal_error",
    }
)

#: What the customer can do instead, where the contract names one.
ALTERNATIVES = frozenset({"contact_support", "cancel_and_reorder", "request_in_window"})

#: A param is a string, an integer or a list of strings: enough for a translated sentence.
ParamValue = str | int | list[str]


class QuoteError(Exception):
    """A refusal or a bad input, answered as ``{"ok": false, "error": ...}``.

    Args:
        code: One of :data:`ERROR_CODES`; stable, the widget translates it.
        message: English explanation naming what is wrong.
        params: The facts a translated message needs (field, ids, dates, limits).
        alternative: One of :data:`ALTERNATIVES`, or ``None`` when there is none.

    Raises:
        ValueError: for a code or alternative the contract does not know (a programming error).
    """

    def __init__(
        self,
        code: str,
        message: str,
        params: Mapping[str, ParamValue] | None = None,
        alternative: str | None = None,
    ) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}")
        if alternative is not None and alternative not in ALTERNATIVES:
            raise ValueError(f"unknown alternative {alternative!r}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.params: dict[str, ParamValue] = dict(params or {})
        self.alternative = alternative

    def to_dict(self) -> dict[str, object]:
        """The ``error`` object of a refusal; ``alternative`` only when there is one."""
        out: dict[str, object] = {
            "code": self.code,
            "message": self.message,
            "params": dict(self.params),
        }
        if self.alternative is not None:
            out["alternative"] = self.alternative
        return out

    def __repr__(self) -> str:
        return (
            f"QuoteError(code={self.code!r}, message={self.message!r}, "
            f"params={self.params!r}, alternative={self.alternative!r})"
        )


class CatalogIssue(Exception):
    """One problem at one dotted path inside a catalog.

    ``catalog.validate_catalog`` turns it into ``QuoteError("invalid_catalog")`` once it knows
    the source file, so that modules validating a part of a catalog (``policy.py``) need not.
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def invalid_request(field: str, problem: str, detail: str) -> QuoteError:
    """Build an ``invalid_request`` error for one field of the request.

    Args:
        field: Dotted name of the field (``current.amount_paid``); ``request`` for the whole.
        problem: Short machine word: ``missing``, ``unknown_field``, ``type``, ``format``,
            ``range``, ``order``, ``duplicate``, ``conflict``, ``malformed_json``.
        detail: English sentence saying what is wrong.

    >>> invalid_request("current.amount_paid", "type", "must be a string").message
    'current.amount_paid: must be a string'
    """
    return QuoteError("invalid_request", f"{field}: {detail}", {"field": field, "problem": problem})
