"""Lago: a ``GET /api/v1/plans`` list.

Each plan (id: its ``code``) has one interval, one amount in cents and one currency: a plan
with one cycle. Weekly intervals, trial periods and charges (usage-based billing) are reported.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._common import Draft, add_price, currency_code, minor_price, read_json, slug

INTERVALS = {"monthly": "monthly", "quarterly": "quarterly", "semiannual": "semiannually",
             "yearly": "annually"}  # fmt: skip


def import_lago(path: str, draft: Draft) -> str:
    """Fill ``draft`` from a plans list; returns the preset."""
    data = read_json(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("plans"), list):
        raise draft.fail('not a Lago plans list (needs "plans": [...])')
    for index, plan in enumerate(data["plans"]):
        if not isinstance(plan, Mapping) or not isinstance(plan.get("code"), str):
            raise draft.fail(f"plans[{index}] is not a plan (no 'code')")
        code_id = slug(plan["code"])
        what = f"plan {plan['code']!r}"
        if not code_id:
            draft.skip(f"{what}: code cannot be an id")
            continue
        for charge in plan.get("charges") or []:
            metric = charge.get("billable_metric_code", "?") if isinstance(charge, Mapping) else "?"
            draft.skip(f"{what}: usage charge {metric!r}")
        trial = plan.get("trial_period")
        if isinstance(trial, int | float) and trial > 0:
            draft.skip(f"{what}: trial of {trial:g} days")
        cycle = INTERVALS.get(str(plan.get("interval")))
        if cycle is None:
            draft.skip(f"{what}: interval {plan.get('interval')}")
            continue
        currency = currency_code(plan.get("amount_currency"))
        if currency is None:
            draft.skip(f"{what}: currency {plan.get('amount_currency')!r} (not ISO 4217)")
            continue
        amount = minor_price(plan.get("amount_cents"), currency)
        if amount is None:
            draft.skip(f"{what}: amount_cents {plan.get('amount_cents')!r}")
            continue
        entry = draft.plans.setdefault(
            code_id, {"name": {"en": str(plan.get("name") or code_id)}, "group": "plans"}
        )
        add_price(draft, entry, currency, cycle, amount, what)
    if not draft.plans:
        raise draft.fail("no plan with a price to import")
    return "lago"
