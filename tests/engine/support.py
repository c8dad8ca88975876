"""Catalogs and request builders shared by the engine tests.

Expected amounts in the tests are worked out by hand from the contract's formulas (each test
shows the arithmetic in a comment); nothing here computes an expected value with the engine.
"""

from __future__ import annotations

import copy
from typing import Any

from quote_engine import quote

# Plans with prices that make the arithmetic easy to follow by hand.
SMALL = {"monthly": "10.00", "quarterly": "27.00", "annually": "100.00"}
LARGE = {"monthly": "20.00", "quarterly": "54.00", "annually": "200.00"}


def mini_catalog(
    policy: dict[str, Any] | None = None,
    *,
    small: dict[str, str] | None = None,
    large: dict[str, str] | None = None,
    extra_plans: dict[str, Any] | None = None,
    addons: dict[str, Any] | None = None,
    quantity: dict[str, Any] | None = None,
    taxes: dict[str, Any] | None = None,
    currencies: dict[str, Any] | None = None,
    currency: str = "USD",
) -> dict[str, Any]:
    """A one-product catalog (product ``p``): plans ``small`` (tier 1) and ``large`` (tier 2)."""
    plans: dict[str, Any] = {
        "small": {
            "name": {"en": "Small"},
            "group": "g",
            "tier": 1,
            "prices": {currency: dict(small or SMALL)},
        },
        "large": {
            "name": {"en": "Large"},
            "group": "g",
            "tier": 2,
            "prices": {currency: dict(large or LARGE)},
        },
    }
    plans.update(copy.deepcopy(extra_plans or {}))
    product: dict[str, Any] = {"name": {"en": "Product"}, "plans": plans}
    if policy is not None:
        product["policy"] = dict(policy)
    if addons is not None:
        product["addons"] = copy.deepcopy(addons)
    if quantity is not None:
        product["quantity"] = dict(quantity)
    catalog: dict[str, Any] = {"version": 1, "products": {"p": product}}
    if taxes is not None:
        catalog["taxes"] = copy.deepcopy(taxes)
    if currencies is not None:
        catalog["currencies"] = copy.deepcopy(currencies)
    return catalog


def request(
    *,
    product: str = "p",
    currency: str = "USD",
    today: str = "2024-03-15",
    plan: str = "small",
    cycle: str = "monthly",
    start: str = "2024-03-01",
    end: str = "2024-04-01",
    target: dict[str, Any] | None = None,
    **current: Any,
) -> dict[str, Any]:
    """A request; keyword arguments not named here go into ``current``.

    Top-level extras (``account``, ``tax``, ``tax_region``, ``catalog``) are added by the caller.
    """
    cur: dict[str, Any] = {"plan": plan, "cycle": cycle, "period_start": start, "period_end": end}
    cur.update(current)
    out: dict[str, Any] = {"product": product, "currency": currency, "today": today, "current": cur}
    if target is not None:
        out["target"] = dict(target)
    return out


def ok(req: dict[str, Any], catalog: Any = None) -> dict[str, Any]:
    """Quote and insist on ``"ok": true``."""
    answer = quote(req, catalog)
    assert answer["ok"] is True, answer
    return answer


def refused(req: dict[str, Any], catalog: Any = None) -> dict[str, Any]:
    """Quote and insist on ``"ok": false``; returns the ``error`` object."""
    answer = quote(req, catalog)
    assert answer["ok"] is False, answer
    error: dict[str, Any] = answer["error"]
    return error


def amounts(answer: dict[str, Any]) -> list[tuple[str, str]]:
    """``(code, amount)`` of each line."""
    return [(line["code"], line["amount"]) for line in answer["lines"]]


# The contract's sample request and response, verbatim.
SAMPLE_REQUEST: dict[str, Any] = {
    "product": "dns",
    "currency": "USD",
    "today": "2026-11-15",
    "current": {
        "plan": "basic",
        "cycle": "monthly",
        "quantity": 1,
        "period_start": "2026-11-01",
        "period_end": "2026-12-01",
        "amount_paid": "5.00",
        "credited": "0.00",
        "anchor": "2026-03-01",
        "addons": [],
    },
    "target": {"plan": "start", "cycle": "monthly", "quantity": 1, "addons": []},
    "account": {"status": "active", "credit_balance": "0.00", "pending_change": False},
    "tax": {"rate": "0.15", "inclusive": False},
}

SAMPLE_RESPONSE: dict[str, Any] = {
    "ok": True,
    "kind": "upgrade",
    "changes": ["plan"],
    "currency": "USD",
    "effective": "2026-11-15",
    "lines": [
        {
            "code": "credit_unused",
            "amount": "-2.67",
            "days": 16,
            "days_total": "30",
            "plan": "basic",
        },
        {"code": "charge_new", "amount": "5.33", "days": 16, "days_total": "30", "plan": "start"},
        {"code": "tax", "amount": "0.40", "rate": "0.15"},
    ],
    "subtotal": "2.66",
    "tax": "0.40",
    "balance_applied": "0.00",
    "due_today": "3.06",
    "credit_to_balance": "0.00",
    "forfeited": "0.00",
    "period_end": "2026-12-01",
    "next_invoice": {
        "date": "2026-12-01",
        "subtotal": "10.00",
        "tax": "1.50",
        "balance_applied": "0.00",
        "due": "11.50",
    },
}

# The contract's refusal example, verbatim.
SAMPLE_REFUSAL: dict[str, Any] = {
    "ok": False,
    "error": {
        "code": "downgrade_not_allowed",
        "message": (
            "Downgrades are not offered for this product: cancel and order the smaller plan."
        ),
        "params": {"product": "radio"},
        "alternative": "cancel_and_reorder",
    },
}


def dns_catalog_copy() -> dict[str, Any]:
    """An inline copy of the example catalog's ``dns`` product, as the plan describes it.

    Lets the sample run even against a catalog that is not the example one.
    """
    return {
        "version": 1,
        "products": {
            "dns": {
                "name": {"en": "DNS Service"},
                "policy": {"preset": "whmcs", "downgrade": "at_renewal"},
                "plans": {
                    "basic": {
                        "group": "dns",
                        "tier": 1,
                        "prices": {"USD": {"monthly": "5.00", "annually": "50.00"}},
                    },
                    "start": {
                        "group": "dns",
                        "tier": 2,
                        "prices": {"USD": {"monthly": "10.00", "annually": "100.00"}},
                    },
                    "business": {
                        "group": "dns",
                        "tier": 3,
                        "prices": {"USD": {"monthly": "20.00", "annually": "200.00"}},
                    },
                },
            }
        },
    }
