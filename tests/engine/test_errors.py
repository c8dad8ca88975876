"""Every error code at least once, with its params, message and alternative; the check order."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from quote_engine import quote
from quote_engine.errors import ERROR_CODES

from .support import mini_catalog, refused, request

VPS = {"vps": {"group": "vps", "tier": 1, "prices": {"USD": {"monthly": "40.00"}}}}
ADDONS = {"a": {"prices": {"USD": {"monthly": "3.00"}}}}


def catalog(**knobs: Any) -> dict[str, Any]:
    return mini_catalog(
        knobs or None, extra_plans=VPS, addons=ADDONS, quantity={"min": 1, "max": 10}
    )


def with_account(req: dict[str, Any], **account: Any) -> dict[str, Any]:
    req["account"] = account
    return req


CASES: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]] = [
    (
        "invalid_request",
        request(amount_paid=10.0, target={"plan": "large"}),
        catalog(),
        {
            "code": "invalid_request",
            "message": 'current.amount_paid: amounts are decimal strings such as "12.50", '
            "not JSON numbers",
            "params": {"field": "current.amount_paid", "problem": "type"},
        },
    ),
    (
        "invalid_catalog",
        request(target={"plan": "large"}),
        {
            "products": {
                "p": {"plans": {"small": {"tier": 1, "prices": {"USD": {"monthly": "-1"}}}}}
            }
        },
        {
            "code": "invalid_catalog",
            "message": "catalog argument: products.p.plans.small.prices.USD.monthly: price '-1' is "
            "negative",
            "params": {
                "source": "catalog argument",
                "path": "products.p.plans.small.prices.USD.monthly",
                "problem": "price '-1' is negative",
            },
        },
    ),
    (
        "unknown_product",
        request(product="q"),
        catalog(),
        {
            "code": "unknown_product",
            "message": "No product 'q' in the catalog.",
            "params": {"product": "q"},
        },
    ),
    (
        "unknown_plan",
        request(target={"plan": "huge"}),
        catalog(),
        {
            "code": "unknown_plan",
            "message": "Product 'p' has no plan 'huge'.",
            "params": {"product": "p", "plan": "huge", "field": "target.plan"},
        },
    ),
    (
        "unknown_cycle",
        request(target={"cycle": "weekly"}),
        catalog(),
        {
            "code": "unknown_cycle",
            "message": "Unknown billing cycle 'weekly'; cycles are monthly, quarterly, semiannually, "
            "annually, biennially, triennially.",
            "params": {"product": "p", "cycle": "weekly", "field": "target.cycle", "plan": "small"},
        },
    ),
    (
        "unknown_addon",
        request(target={"addons": ["b"]}),
        catalog(),
        {
            "code": "unknown_addon",
            "message": "Product 'p' has no add-on 'b'.",
            "params": {"product": "p", "addon": "b", "field": "target.addons"},
        },
    ),
    (
        "currency_not_offered",
        request(currency="EUR", target={"plan": "large"}),
        catalog(),
        {
            "code": "currency_not_offered",
            "message": "The plan 'small' of product 'p' is not offered in EUR (monthly).",
            "params": {"product": "p", "currency": "EUR", "cycle": "monthly", "plan": "small"},
        },
    ),
    (
        "quantity_out_of_range",
        request(target={"quantity": 11}),
        catalog(),
        {
            "code": "quantity_out_of_range",
            "message": "target.quantity 11 is outside 1..10 for product 'p'.",
            "params": {
                "product": "p",
                "field": "target.quantity",
                "quantity": 11,
                "min": 1,
                "max": 10,
            },
        },
    ),
    (
        "date_outside_period",
        request(today="2024-04-01", target={"plan": "large"}),
        catalog(),
        {
            "code": "date_outside_period",
            "message": "today 2024-04-01 is not inside the current period [2024-03-01, 2024-04-01).",
            "params": {
                "today": "2024-04-01",
                "period_start": "2024-03-01",
                "period_end": "2024-04-01",
            },
        },
    ),
    (
        "service_not_active",
        with_account(request(target={"plan": "large"}), status="suspended"),
        catalog(),
        {
            "code": "service_not_active",
            "message": "The service is suspended; only an active service can change plan.",
            "params": {"status": "suspended"},
        },
    ),
    (
        "change_pending",
        with_account(request(target={"plan": "large"}), pending_change=True),
        catalog(),
        {
            "code": "change_pending",
            "message": "A change is already pending for this service; wait until it is completed.",
            "params": {"product": "p"},
        },
    ),
    (
        "one_change_at_a_time",
        request(target={"plan": "large", "addons": ["a"]}),
        catalog(one_change_at_a_time=True),
        {
            "code": "one_change_at_a_time",
            "message": "Product 'p' takes one change at a time; this request changes plan and addons.",
            "params": {"product": "p", "changes": ["plan", "addons"]},
        },
    ),
    (
        "path_not_allowed",
        request(target={"plan": "vps"}),
        catalog(cross_group="refuse"),
        {
            "code": "path_not_allowed",
            "message": "Plan 'small' cannot move to 'vps': they are in different plan groups "
            "('g', 'vps').",
            "params": {
                "product": "p",
                "from_plan": "small",
                "to_plan": "vps",
                "from_group": "g",
                "to_group": "vps",
            },
        },
    ),
    (
        "support_only",
        request(target={"plan": "vps"}),
        catalog(),
        {
            "code": "support_only",
            "message": "Moving from 'g' to 'vps' plans is done by support: contact support to make "
            "this change.",
            "params": {
                "product": "p",
                "from_plan": "small",
                "to_plan": "vps",
                "from_group": "g",
                "to_group": "vps",
            },
            "alternative": "contact_support",
        },
    ),
    (
        "downgrade_not_allowed",
        request(plan="large", target={"plan": "small"}),
        catalog(downgrade="not_allowed"),
        {
            "code": "downgrade_not_allowed",
            "message": "Downgrades are not offered for this product: cancel and order the smaller "
            "plan.",
            "params": {"product": "p"},
            "alternative": "cancel_and_reorder",
        },
    ),
    (
        "downgrade_outside_window",
        request(plan="large", today="2024-03-01", target={"plan": "small"}),
        catalog(downgrade="on_request", downgrade_window_days=[15, 30]),
        {
            "code": "downgrade_outside_window",
            "message": "Downgrades of 'p' are taken 15 to 30 days before the due date: request it "
            "between 2024-03-02 and 2024-03-17 (due date 2024-04-01).",
            "params": {
                "product": "p",
                "window_opens": "2024-03-02",
                "window_closes": "2024-03-17",
                "due_date": "2024-04-01",
                "days_min": 15,
                "days_max": 30,
            },
            "alternative": "request_in_window",
        },
    ),
]


@pytest.mark.parametrize(("code", "req", "cat", "expected"), CASES, ids=[c[0] for c in CASES])
def test_error_code(
    code: str, req: dict[str, Any], cat: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert refused(req, cat) == expected


def test_every_contract_code_is_covered() -> None:
    assert {case[0] for case in CASES} == ERROR_CODES - {"internal_error"}


def test_unknown_cycle_for_a_cycle_the_plan_has_no_price_for() -> None:
    cat = catalog()
    cat["products"]["p"]["plans"]["large"]["prices"]["USD"].pop("quarterly")
    error = refused(request(target={"plan": "large", "cycle": "quarterly"}), cat)
    assert error["code"] == "unknown_cycle"
    assert error["message"] == "The plan 'large' of product 'p' is not offered quarterly."
    # an add-on with no price for the target cycle is unknown_cycle too
    error = refused(request(addons=["a"], target={"cycle": "annually"}), catalog())
    assert error["params"] == {
        "product": "p",
        "cycle": "annually",
        "field": "target.addons",
        "addon": "a",
    }


def test_quantity_without_a_quantity_block_is_exactly_one() -> None:
    error = refused(request(quantity=2, target={"plan": "large"}), mini_catalog())
    assert error["params"] == {
        "product": "p",
        "field": "current.quantity",
        "quantity": 2,
        "min": 1,
        "max": 1,
    }


@pytest.mark.parametrize("status", ["pending", "suspended", "terminated", "cancelled", "fraud"])
def test_every_status_but_active_is_refused_whatever_the_policy(status: str) -> None:
    for preset in ("whmcs", "difference", "ultimate_multisite"):
        req = with_account(request(target={"plan": "large"}), status=status)
        assert refused(req, mini_catalog({"preset": preset}))["code"] == "service_not_active"


def test_change_pending_whatever_the_policy() -> None:
    req = with_account(request(target={"plan": "large"}), pending_change=True)
    assert refused(req, mini_catalog({"one_change_at_a_time": False}))["code"] == "change_pending"


# -- check order: each request breaks two rules; the earlier check answers ----------------------

BAD_CATALOG = {"products": {"p": {"policy": {"preset": "nope"}, "plans": {}}}}


def broken(**edits: Any) -> dict[str, Any]:
    req = request(target={"plan": "large"})
    for path, value in edits.items():
        node = req
        *parents, leaf = path.split("__")
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    return req


ORDER = [
    # (request, catalog, expected code) -- the second fault is named in the comment
    (broken(today="2024-02-30"), BAD_CATALOG, "invalid_request"),  # + invalid_catalog
    (broken(product="q"), BAD_CATALOG, "invalid_catalog"),  # + unknown_product
    (broken(product="q", target__plan="huge"), catalog(), "unknown_product"),  # + unknown_plan
    (broken(target__plan="huge", target__cycle="weekly"), catalog(), "unknown_plan"),
    (broken(target__cycle="weekly", target__addons=["b"]), catalog(), "unknown_cycle"),
    (broken(target__addons=["b"], currency="EUR"), catalog(), "unknown_addon"),
    (broken(currency="EUR", target__quantity=0), catalog(), "currency_not_offered"),
    (broken(target__quantity=0, today="2024-05-01"), catalog(), "quantity_out_of_range"),
    # a negative quantity makes the default amount_paid negative: still quantity_out_of_range
    (broken(current__quantity=-3, current__credited="1.00"), catalog(), "quantity_out_of_range"),
    (broken(current__credited="10.01", today="2024-05-01"), catalog(), "invalid_request"),
    (broken(today="2024-05-01", account__status="fraud"), catalog(), "date_outside_period"),
    (
        broken(account__status="fraud", account__pending_change=True),
        catalog(),
        "service_not_active",
    ),
    (broken(account__pending_change=True, target__plan="small"), catalog(), "change_pending"),
    # no_change comes before the policy: nothing to change is never refused by it
    (broken(target__plan="small"), catalog(one_change_at_a_time=True), None),
    (
        broken(target__plan="vps", target__quantity=2),
        catalog(one_change_at_a_time=True),
        "one_change_at_a_time",
    ),  # + support_only
    (
        broken(current__plan="vps", target__plan="small"),
        catalog(downgrade="not_allowed"),
        "support_only",
    ),  # + a downgrade (tier 1 -> 1, then nothing: upgrade) across groups
    (
        broken(current__plan="large", target__plan="vps"),
        catalog(cross_group="refuse", downgrade="not_allowed"),
        "path_not_allowed",
    ),  # + downgrade_not_allowed
]


@pytest.mark.parametrize(("req", "cat", "code"), ORDER, ids=[str(o[2]) for o in ORDER])
def test_check_order(req: dict[str, Any], cat: dict[str, Any], code: str | None) -> None:
    answer = quote(copy.deepcopy(req), cat)
    if code is None:
        assert answer["ok"] is True and answer["kind"] == "no_change"
    else:
        assert answer["error"]["code"] == code


def test_invalid_request_is_checked_before_the_catalog_file_is_even_needed() -> None:
    # bad shape + a catalog argument that is not even a mapping: the request answers first
    error = refused(broken(today=20240315), 42)
    assert error["params"] == {"field": "today", "problem": "type"}
    assert refused(broken(), 42)["code"] == "invalid_catalog"
