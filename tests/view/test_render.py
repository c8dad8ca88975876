"""What the placeholders become, checked against the engine's own numbers."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest

import quote_engine
from quote_engine.catalog import example_catalog, validate_catalog
from quote_engine.periods import add_months
from quote_view.examples import example_request, render_example
from quote_view.result import render_result
from quote_view.tables import render_plans, render_price
from quote_view.view import ViewError
from tests.view.support import args, first, make_view, rows_of, text_of

NBSP = "\xa0"


def sentence_of(fragment: str) -> str:
    return first(r'<p class="qe-example__sentence">(.*?)</p>', fragment)


# -- the request a worked example stands for -----------------------------------------------------


def test_request_dates_follow_the_period_start_and_day() -> None:
    request = example_request(
        make_view("en"),
        args(product="radio", from_="radio-100", to="radio-250", cycle="annually", day="183"),
    )
    assert request == {
        "product": "radio",
        "currency": "USD",
        "today": "2027-05-02",
        "current": {
            "plan": "radio-100",
            "cycle": "annually",
            "quantity": 1,
            "period_start": "2026-11-01",
            "period_end": "2027-11-01",
            "addons": [],
        },
        "target": {"plan": "radio-250", "cycle": "annually", "quantity": 1, "addons": []},
    }


def test_request_with_every_option() -> None:
    request = example_request(
        make_view("bn"),
        args(
            product="network",
            from_="basic",
            cycle="monthly",
            to_cycle="annually",
            day="1",
            add="extra-disk, unlimited-visits",
            remove="",
            tax_region="auto",
            credit_balance="10.00",
            currency="USD",
        ),
    )
    assert request["today"] == "2026-11-01"
    assert request["currency"] == "USD"
    assert request["target"] == {
        "plan": "basic",
        "cycle": "annually",
        "quantity": 1,
        "addons": ["extra-disk", "unlimited-visits"],
    }
    assert request["tax_region"] == "BD"
    assert request["account"] == {"credit_balance": "10.00"}


def test_auto_tax_region_is_none_in_english_and_quantity_carries_over() -> None:
    request = example_request(
        make_view("en"),
        args(
            product="email",
            from_="mail-start",
            to="mail-pro",
            cycle="monthly",
            day="3",
            quantity="5",
            tax_region="auto",
        ),
    )
    assert "tax_region" not in request
    assert (request["current"]["quantity"], request["target"]["quantity"]) == (5, 5)


# -- worked examples, against the engine -----------------------------------------------------------

EXAMPLES = [
    args(product="dns", from_="basic", to="start", cycle="monthly", day="15"),
    args(product="dns", from_="basic", to="start", cycle="monthly", day="15", tax_region="auto"),
    args(product="dns", from_="business", to="start", cycle="monthly", day="10"),
    args(product="hosting", from_="starter", to="plus", cycle="monthly", day="11"),
    args(product="hosting", from_="plus", cycle="monthly", to_cycle="annually", day="11"),
    args(product="radio", from_="radio-100", to="radio-250", cycle="annually", day="183"),
    args(product="network", from_="basic", to="business", cycle="monthly", day="16"),
    args(product="network", from_="basic", add="extra-disk", cycle="monthly", day="10"),
    args(
        product="email",
        from_="mail-start",
        cycle="monthly",
        quantity="5",
        to_quantity="8",
        day="10",
    ),
]


@pytest.mark.parametrize("lang", ["en", "bn", "hi", "id"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda a: "-".join(a.values()))
def test_example_shows_the_engines_amounts(lang: str, example: dict[str, str]) -> None:
    view = make_view(lang)
    fmt = view.fmt
    request = example_request(view, example)
    response = quote_engine.quote(request, view.catalog)
    assert response["ok"], response
    currency = response["currency"]
    fragment = render_example(view, example)
    sentence = sentence_of(fragment)
    assert fmt.money(response["next_invoice"]["due"], currency) in sentence
    if response["effective"] == request["today"] and response["due_today"] not in ("0", "0.00"):
        assert fmt.money(response["due_today"], currency) in sentence
    rows = rows_of(fragment)
    amounts = [amount for _, amount in rows]
    for line in response["lines"]:
        assert fmt.money(line["amount"], currency) in amounts
    assert (view.t("table.due_today"), fmt.money(response["due_today"], currency)) in rows
    next_label = view.t("table.next_invoice", date=view.date(response["next_invoice"]["date"]))
    assert (next_label, fmt.money(response["next_invoice"]["due"], currency)) in rows


def test_english_sentence_and_table_word_for_word() -> None:
    fragment = render_example(
        make_view("en"),
        args(product="dns", from_="basic", to="start", cycle="monthly", day="15", tax_region="BD"),
    )
    assert sentence_of(fragment) == (
        "Moving from Basic to Start on the 15th day of a 30-day billing period costs $3.06 today; "
        "from December 1, 2026 you pay $11.50 a month."
    )
    assert rows_of(fragment) == [
        ("Credit for 16 unused days of Basic", "-$2.67"),
        ("Start for the remaining 16 days", "$5.33"),
        ("Subtotal", "$2.66"),
        ("VAT at 15%", "$0.40"),
        ("Due today", "$3.06"),
        ("Takes effect", "Nov 15, 2026"),
        ("Next invoice, Dec 1, 2026", "$11.50"),
    ]


def test_bengali_sentence_has_bengali_digits() -> None:
    fragment = render_example(
        make_view("bn"), args(product="dns", from_="basic", to="start", cycle="monthly", day="15")
    )
    # BDT 600 -> 1200 a month, 16 of 30 days left: -320.00 + 640.00 = 320.00 due.
    sentence = sentence_of(fragment)
    for part in ("৩০", "৩২০.০০৳", "১ ডিসেম্বর, ২০২৬", "১,২০০.০০৳", "Basic", "Start"):
        assert part in sentence, part
    assert not any(ch in "0123456789" for ch in sentence), sentence
    assert "-৩২০.০০৳" in dict(rows_of(fragment)).values()


def test_hindi_quantity_lines_name_the_units() -> None:
    fragment = render_example(
        make_view("hi"),
        args(
            product="email",
            from_="mail-start",
            cycle="monthly",
            quantity="5",
            to_quantity="8",
            day="10",
        ),
    )
    # INR 128.00 per mailbox, 21 of 30 days left: 5 * 128 * 21/30 = 448.00 and 8 * 128 * 21/30
    # = 716.80.
    assert rows_of(fragment)[:2] == [
        ("Mail Start के इस्तेमाल न हुए 21 दिनों का क्रेडिट × 5", "-₹448.00"),
        ("बचे हुए 21 दिनों के लिए Mail Start × 8", "₹716.80"),
    ]
    assert sentence_of(fragment).startswith("30 दिन की बिलिंग अवधि के 10वें दिन मेलबॉक्स 5 से 8 करने पर")


@pytest.mark.parametrize(
    ("example", "sentence"),
    [
        (
            args(product="dns", from_="business", to="start", cycle="monthly", day="10"),
            "Moving from Business to Start on the 10th day of a 30-day billing period takes effect at "
            "renewal on December 1, 2026, so nothing is charged today; from then on you pay $10.00 "
            "a month.",
        ),
        (
            # 8.00 -> 4.00 a month with 26 of 30 days left: -6.93 + 3.47 = -3.46 to the balance,
            # which then pays most of the next 4.00 invoice.
            args(product="hosting", from_="plus", to="starter", cycle="monthly", day="5"),
            "Moving from Plus to Starter on the 5th day of a 30-day billing period costs nothing "
            "today, and $3.46 goes to your credit balance; your next invoice, on December 1, 2026, "
            "comes to $0.54 once your credit balance is used.",
        ),
        (
            # Business 59.00 with 26 of 30.4375 days unused (-50.40), Basic 29.00 in full: the
            # negative 21.40 is forfeited under ultimate_multisite.
            args(product="network", from_="business", to="basic", cycle="monthly", day="5"),
            "Moving from Business to Basic on the 5th day of a 30-day billing period costs nothing "
            "today, and the unused $21.40 is not refunded; from December 5, 2026 you pay $29.00 "
            "a month.",
        ),
        (
            args(product="hosting", from_="plus", cycle="monthly", to_cycle="annually", day="11"),
            "Switching from monthly to annual billing on the 11th day of a 30-day billing period costs "
            "$78.70 today; from November 1, 2027 you pay $86.40 a year.",
        ),
        (
            args(product="network", from_="basic", add="extra-disk", cycle="monthly", day="10"),
            "Adding Extra disk 10 GB on the 10th day of a 30-day billing period costs $3.45 today; "
            "from December 1, 2026 you pay $34.00 a month.",
        ),
    ],
    ids=["at-renewal", "credit", "forfeit", "cycle", "addon"],
)
def test_english_sentence_for_each_outcome(example: dict[str, str], sentence: str) -> None:
    assert sentence_of(render_example(make_view("en"), example)) == sentence


def test_show_picks_sentence_or_table() -> None:
    base = args(product="dns", from_="basic", to="start", cycle="monthly", day="15")
    only_table = render_example(make_view("en"), {**base, "show": "table"})
    only_sentence = render_example(make_view("en"), {**base, "show": "sentence"})
    assert "qe-example__sentence" not in only_table and "<table>" in only_table
    assert "qe-example__sentence" in only_sentence and "<table>" not in only_sentence


def test_an_accepted_change_filed_through_support_says_so() -> None:
    # Email downgrades are on request, 15 to 30 days before the due date: day 10 leaves 21.
    fragment = render_example(
        make_view("es"),
        args(product="email", from_="mail-pro", to="mail-start", cycle="monthly", day="10"),
    )
    assert 'data-alternative="contact_support"' in fragment
    support = make_view("es").t("settings.support")
    assert support != "settings.support" and support in fragment


# -- prices and plan tables ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "plan_args", "shown"),
    [
        ("en", args(product="dns", plan="basic", cycle="monthly"), "$5.00"),
        ("bn", args(product="dns", plan="basic", cycle="monthly"), "৬০০.০০৳"),
        ("bn", args(product="network", plan="premium", cycle="annually"), "১,১৮,৮০০.০০৳"),
        (
            "hi",
            args(product="network", plan="premium", cycle="annually", currency="IDR"),
            f"IDR{NBSP}1,58,40,000",
        ),
        ("id", args(product="dns", plan="start", cycle="annually"), f"Rp{NBSP}1.600.000"),
        ("es", args(product="hosting", plan="pro", cycle="biennially"), f"281,50{NBSP}€"),
    ],
)
def test_price_inline(lang: str, plan_args: dict[str, str], shown: str) -> None:
    fragment = render_price(make_view(lang), plan_args)
    assert fragment.startswith('<span class="qe-price"')
    assert text_of(fragment) == shown


def test_plans_table_lists_families_then_tiers() -> None:
    fragment = render_plans(make_view("hi"), args(product="network"))
    assert re.findall(r'<tbody data-group="([^"]+)">', fragment) == ["standard", "high-end"]
    cells = [
        [text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr data-plan=[^>]*>(.*?)</tr>", fragment)
    ]
    assert cells == [
        ["Basic", "₹2,465.00", "₹24,650.00"],
        ["Business", "₹5,015.00", "₹50,150.00"],
        ["Free", "₹0.00", "₹0.00"],
        ["Premium", "₹8,415.00", "₹84,150.00"],
    ]
    assert '<th style="text-align: right">मासिक</th>' in fragment
    assert "<table>" in fragment  # no class: Material styles it like a Markdown table


def test_plans_table_cycles_and_units() -> None:
    fragment = render_plans(make_view("en"), args(product="email", cycles="annually"))
    assert re.findall(r"<th[^>]*>(.*?)</th>", fragment) == ["Plan", "Annually"]
    assert "Prices are per unit (mailboxes) for each billing cycle." in fragment


def test_plans_table_marks_a_missing_price() -> None:
    data = copy.deepcopy(example_catalog())
    del data["products"]["dns"]["plans"]["start"]["prices"]["USD"]["annually"]
    fragment = render_plans(make_view("en", validate_catalog(data, "test")), args(product="dns"))
    assert (
        '<tr data-plan="start"><td>Start</td><td style="text-align: right">$10.00</td>'
        '<td style="text-align: right">Not offered</td></tr>' in fragment
    )


# -- what fails the build --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("renderer", "bad", "message"),
    [
        (
            render_price,
            args(product="dnss", plan="basic", cycle="monthly"),
            "unknown product 'dnss' (the catalog has dns, email, hosting, network, radio)",
        ),
        (
            render_price,
            args(product="dns", plan="basik", cycle="monthly"),
            "unknown plan 'basik' of product 'dns' (its plans: basic, start, business)",
        ),
        (
            render_price,
            args(product="dns", plan="basic", cycle="weekly"),
            "unknown cycle 'weekly' (use one of monthly, quarterly, semiannually, annually, "
            "biennially, triennially)",
        ),
        (
            render_price,
            args(product="dns", plan="basic", cycle="quarterly"),
            "unknown cycle 'quarterly' for plan 'basic' of 'dns' in USD "
            "(it is offered monthly, annually)",
        ),
        (
            render_price,
            args(product="dns", plan="basic", cycle="monthly", currency="GBP"),
            "plan 'basic' of 'dns' has no prices in GBP (it has USD, BDT, INR, EUR, IDR, MYR)",
        ),
        (
            render_plans,
            args(product="dns", cycles="monthly,weekly"),
            "unknown cycle 'weekly'",
        ),
        (
            render_plans,
            args(product="dns", cycles="quarterly"),
            "no plan of 'dns' is offered quarterly in USD",
        ),
        (
            render_example,
            args(product="dns", from_="basic", to="gold", cycle="monthly", day="15"),
            "unknown plan 'gold' of product 'dns'",
        ),
        (
            render_example,
            args(product="network", from_="basic", add="extra-ram", cycle="monthly", day="15"),
            "add: unknown add-on 'extra-ram' of product 'network' "
            "(its add-ons: unlimited-visits, extra-disk)",
        ),
        (
            render_example,
            args(product="dns", from_="basic", to="start", cycle="monthly", day="0"),
            "day='0' must be a whole number of at least 1",
        ),
        (
            render_example,
            args(product="dns", from_="basic", to="start", cycle="monthly", day="fifteen"),
            "day='fifteen' must be a whole number of at least 1",
        ),
        (
            render_example,
            args(product="dns", from_="basic", to="start", cycle="monthly", day="15", show="all"),
            "show='all' must be one of both, sentence, table",
        ),
        (
            render_example,
            args(
                product="dns", from_="basic", to="start", cycle="monthly", day="15", tax_region="XX"
            ),
            "unknown tax_region 'XX' (the catalog's taxes: BD, IN, ES, ID, MY, or \"auto\" for the "
            'language\'s, or "none")',
        ),
        (
            render_example,
            args(product="dns", from_="basic", to="start", cycle="monthly", day="31"),
            "the quote engine refuses this example: date_outside_period",
        ),
        (
            render_example,
            args(product="radio", from_="radio-250", to="radio-100", cycle="annually", day="10"),
            "the quote engine refuses this example: downgrade_not_allowed",
        ),
        (
            render_example,
            args(
                product="email",
                from_="mail-start",
                to="mail-pro",
                cycle="monthly",
                quantity="5",
                to_quantity="8",
                day="10",
            ),
            "the quote engine refuses this example: one_change_at_a_time",
        ),
    ],
)
def test_bad_placeholders_fail_with_a_reason(
    renderer: Any, bad: dict[str, str], message: str
) -> None:
    with pytest.raises(ViewError) as caught:
        renderer(make_view("en"), bad)
    assert str(caught.value).startswith(message)


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 1), 24) == date(2028, 11, 1)


@pytest.mark.parametrize("lang", ["en", "es", "id"])
def test_the_live_result_shows_the_tax_once(lang: str) -> None:
    """The estimator's result has one tax row, under the subtotal (a second "Tax" row read as
    tax charged twice)."""
    view = make_view(lang)
    request = example_request(
        view, args(product="dns", from_="basic", to="start", cycle="monthly", day="15")
    )
    request["tax_region"] = "BD"
    response = quote_engine.quote(request, view.catalog)
    text = text_of(render_result(view, request, response))
    tax = view.fmt.money(response["tax"], response["currency"])
    assert text.count(tax) == 1, text
    subtotal = view.fmt.money(response["subtotal"], response["currency"])
    assert text.index(subtotal) < text.index(tax)
