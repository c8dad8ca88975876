"""``on_request`` downgrades: the window, and the dates a refusal gives (example ``email``).

The example catalog's email product takes downgrade requests 15 to 30 days before the due date.
"""

from __future__ import annotations

from typing import Any

import pytest

from quote_engine import quote

from .support import mini_catalog, request


def email(
    today: str, start: str, end: str, cycle: str = "monthly", **current: Any
) -> dict[str, Any]:
    req = request(
        product="email",
        plan="mail-pro",
        cycle=cycle,
        start=start,
        end=end,
        today=today,
        target={"plan": "mail-start"},
        **current,
    )
    answer = quote(req)
    return answer


def window(answer: dict[str, Any]) -> tuple[str, str, str]:
    assert answer["ok"] is False, answer
    error = answer["error"]
    assert error["code"] == "downgrade_outside_window"
    assert error["alternative"] == "request_in_window"
    assert (error["params"]["days_min"], error["params"]["days_max"]) == (15, 30)
    params = error["params"]
    return params["window_opens"], params["window_closes"], params["due_date"]


def test_inside_the_window_is_quoted_at_renewal_with_contact_support() -> None:
    answer = email("2026-12-10", "2026-12-01", "2027-01-01")  # 22 days before
    assert answer["ok"] is True
    assert answer["kind"] == "downgrade"
    assert answer["alternative"] == "contact_support"
    assert (answer["effective"], answer["period_end"]) == ("2027-01-01", "2027-01-01")
    assert answer["lines"] == [] and answer["due_today"] == "0.00"
    assert answer["next_invoice"]["subtotal"] == "1.50"  # mail-start, one mailbox


@pytest.mark.parametrize("today", ["2026-12-02", "2026-12-17"])
def test_window_edges_are_inside(today: str) -> None:
    assert email(today, "2026-12-01", "2027-01-01")["ok"] is True  # 30 and 15 days before


def test_window_not_yet_open() -> None:
    # 31 days before 2027-01-01: opens 2027-01-01 - 30 = 12-02, closes - 15 = 12-17
    assert window(email("2026-12-01", "2026-12-01", "2027-01-01")) == (
        "2026-12-02",
        "2026-12-17",
        "2027-01-01",
    )


def test_window_already_closed_gives_the_next_due_date() -> None:
    # 12 days before 2027-01-01: too late for it; next due date 2027-02-01 (one more month)
    assert window(email("2026-12-20", "2026-12-01", "2027-01-01")) == (
        "2027-01-02",
        "2027-01-17",
        "2027-02-01",
    )


def test_window_closed_on_the_last_day_of_the_period() -> None:
    assert window(email("2026-12-31", "2026-12-01", "2027-01-01")) == (
        "2027-01-02",
        "2027-01-17",
        "2027-02-01",
    )


def test_window_closed_next_due_date_counted_from_an_anchor_on_the_31st() -> None:
    # anchor 01-31: the months end 02-28, 03-31, 04-30; closed for 03-31 -> next due 04-30
    answer = email("2026-03-20", "2026-02-28", "2026-03-31", anchor="2026-01-31")
    assert window(answer) == ("2026-03-31", "2026-04-15", "2026-04-30")


def test_window_closed_next_due_date_off_the_anchor_grid() -> None:
    # period 03-05..04-05 is not on the grid of anchor 03-01: the next due date is 04-05 + 1 month
    answer = email("2026-03-25", "2026-03-05", "2026-04-05", anchor="2026-03-01")
    assert window(answer) == ("2026-04-05", "2026-04-20", "2026-05-05")


def test_window_of_an_annual_subscription() -> None:
    answer = email("2026-06-01", "2026-01-01", "2027-01-01", cycle="annually")
    assert window(answer) == ("2026-12-02", "2026-12-17", "2027-01-01")
    closed = email("2026-12-25", "2026-01-01", "2027-01-01", cycle="annually")
    assert window(closed) == ("2027-12-02", "2027-12-17", "2028-01-01")


def test_window_rule_applies_to_downgrades_only() -> None:
    req = request(
        product="email",
        plan="mail-start",
        start="2026-12-01",
        end="2027-01-01",
        today="2026-12-01",
        target={"plan": "mail-pro"},
    )
    assert quote(req)["ok"] is True
    # a mailbox less is a downgrade too (tier equal, quantity lower)
    req = request(
        product="email",
        plan="mail-pro",
        quantity=5,
        start="2026-12-01",
        end="2027-01-01",
        today="2026-12-01",
        target={"quantity": 4},
    )
    assert quote(req)["error"]["code"] == "downgrade_outside_window"


def test_on_request_without_window_is_an_invalid_catalog() -> None:
    answer = quote(request(target={"plan": "large"}), mini_catalog({"downgrade": "on_request"}))
    assert answer["error"]["code"] == "invalid_catalog"
    assert answer["error"]["params"]["path"] == "products.p.policy.downgrade_window_days"
