"""The change itself: what it changes, whether the policy allows it, and which kind it is.

The rules in order: the changed fields (:func:`changed`), ``one_change_at_a_time``, plan groups
(``cross_group``), the kind (:func:`classify`: ``tier`` or ``yearly_value``), and for an
``on_request`` downgrade its window before the due date (:func:`check_window`).

>>> from decimal import Decimal
>>> from quote_engine.request import Selection
>>> changed(Selection("basic", "monthly", 1, ()), Selection("start", "annually", 1, ("x",)))
['plan', 'cycle', 'addons']
"""

from __future__ import annotations

from datetime import timedelta

from .checks import Checked
from .errors import QuoteError
from .periods import CYCLE_MONTHS, add_months, is_boundary, period_containing
from .policy import Policy
from .request import Request, Selection


def changed(current: Selection, target: Selection) -> list[str]:
    """The fields that differ, in the contract's order: plan, cycle, quantity, addons."""
    out = []
    if current.plan != target.plan:
        out.append("plan")
    if current.cycle != target.cycle:
        out.append("cycle")
    if current.quantity != target.quantity:
        out.append("quantity")
    if current.addons != target.addons:
        out.append("addons")
    return out


def check_one_at_a_time(request: Request, policy: Policy, changes: list[str]) -> None:
    """``one_change_at_a_time``: plan, quantity and add-ons count, a cycle only on its own plan."""
    if not policy.one_change_at_a_time:
        return
    counted = [c for c in changes if c in ("plan", "quantity", "addons")]
    if "cycle" in changes and "plan" not in changes:
        counted.append("cycle")
    if len(counted) > 1:
        raise QuoteError(
            "one_change_at_a_time",
            f"Product {request.product!r} takes one change at a time; this request changes "
            f"{' and '.join(counted)}.",
            {"product": request.product, "changes": counted},
        )


def check_groups(facts: Checked, policy: Policy) -> None:
    """A move between plan groups goes through support, or is not allowed (``cross_group``)."""
    cur_plan, tgt_plan = facts.current.plan, facts.target.plan
    if cur_plan.group == tgt_plan.group:
        return
    params: dict[str, str | int | list[str]] = {
        "product": facts.product.id,
        "from_plan": cur_plan.id,
        "to_plan": tgt_plan.id,
        "from_group": cur_plan.group,
        "to_group": tgt_plan.group,
    }
    if policy.cross_group == "support":
        raise QuoteError(
            "support_only",
            f"Moving from {cur_plan.group!r} to {tgt_plan.group!r} plans is done by support: "
            "contact support to make this change.",
            params,
            alternative="contact_support",
        )
    raise QuoteError(
        "path_not_allowed",
        f"Plan {cur_plan.id!r} cannot move to {tgt_plan.id!r}: they are in different plan "
        f"groups ({cur_plan.group!r}, {tgt_plan.group!r}).",
        params,
    )


def classify(facts: Checked, policy: Policy) -> str:
    """``upgrade`` or ``downgrade`` of a change of plan, cycle or quantity (``classify``)."""
    cur, tgt = facts.current.selection, facts.target.selection
    cur_months, tgt_months = CYCLE_MONTHS[cur.cycle], CYCLE_MONTHS[tgt.cycle]
    if policy.classify == "yearly_value":
        # Compare P*q*12/months on both sides without dividing: cross-multiply the months.
        cur_value = facts.current.plan_amount * tgt_months
        tgt_value = facts.target.plan_amount * cur_months
        return "downgrade" if tgt_value < cur_value else "upgrade"
    for before, after in (
        (facts.current.plan.tier, facts.target.plan.tier),
        (cur.quantity, tgt.quantity),
        (cur_months, tgt_months),
    ):
        if before != after:
            return "upgrade" if after > before else "downgrade"
    return "upgrade"


def check_window(request: Request, policy: Policy) -> None:
    """An ``on_request`` downgrade is taken only ``downgrade_window_days`` before the due date.

    Once the window has closed, the refusal names the following due date (reading 11).
    """
    window = policy.downgrade_window_days
    assert window is not None  # catalog validation guarantees it for on_request
    low, high = window
    end = request.period.end
    left = (end - request.today).days
    if low <= left <= high:
        return
    due = end
    if left < low:
        months = CYCLE_MONTHS[request.current.cycle]
        if is_boundary(request.anchor, months, end):
            due = period_containing(request.anchor, months, end).end
        else:
            due = add_months(end, months)
    opens = due - timedelta(days=high)
    closes = due - timedelta(days=low)
    raise QuoteError(
        "downgrade_outside_window",
        f"Downgrades of {request.product!r} are taken {low} to {high} days before the due date: "
        f"request it between {opens.isoformat()} and {closes.isoformat()} "
        f"(due date {due.isoformat()}).",
        {
            "product": request.product,
            "window_opens": opens.isoformat(),
            "window_closes": closes.isoformat(),
            "due_date": due.isoformat(),
            "days_min": low,
            "days_max": high,
        },
        alternative="request_in_window",
    )
