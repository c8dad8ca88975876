"""Amounts typed in prose, in every script and currency notation of the six languages."""

from __future__ import annotations

import pytest

from mkdocs_quote.checks.amounts import find_amounts

TYPED = [
    "5,00 €", "$5.00", "US$ 5", "Rp 50.000", "RM5.00", "৳৫০০", "₹ 500", "৫০০ টাকা",
    "500 रुपये", "Tk 500", "५०० रुपये", "12,50 EUR", "USD 12", "MYR 10", "৳ ১,২০০", "₹१,२००",
]  # fmt: skip


@pytest.mark.parametrize("amount", TYPED)
def test_typed_amount_is_found(amount: str) -> None:
    assert find_amounts(f"---\ntitle: x\n---\nIt costs {amount} a month.\n") == [(4, amount)]


@pytest.mark.parametrize(
    "text",
    [
        'It costs {{ price product="hosting" plan="starter" cycle="monthly" }}.',
        "Run `echo $5.00` here.",
        "See [the page](prices-$5.md).",
        "Day 15 of 30, 5 mailboxes, version 2.0.",
    ],
)
def test_not_prose_or_not_an_amount(text: str) -> None:
    assert find_amounts(text + "\n") == []


def test_fenced_code_is_skipped() -> None:
    assert find_amounts("```\n5,00 €\n```\n") == []
