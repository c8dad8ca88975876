"""CLDR plural rules, read from their text: every rule of every language Babel knows."""

from __future__ import annotations

import pytest
from babel import Locale, localedata

from quote_view.plurals import PluralRules, operands


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("1", {"n": "1", "i": "1", "v": "0", "w": "0", "f": "0", "t": "0"}),
        ("1.50", {"n": "1.50", "i": "1", "v": "2", "w": "1", "f": "50", "t": "5"}),
        (12, {"n": "12", "i": "12", "v": "0"}),
        ("-3", {"n": "3", "i": "3"}),
    ],
)
def test_operands_of_a_number(number: str | int, expected: dict[str, str]) -> None:
    ops = operands(number)
    assert {k: str(ops[k]) for k in expected} == expected


def test_every_locales_rules_agree_with_babel_on_counts_to_2000() -> None:
    """Cardinal and ordinal rules of every CLDR locale, evaluated by our reader and by Babel."""
    checked = 0
    for name in localedata.locale_identifiers():
        if "_" in name:
            continue
        locale = Locale.parse(name)
        for babel_rule in (locale.plural_form, locale.ordinal_form):
            ours = PluralRules(dict(babel_rule.rules))
            for n in [*range(0, 200), 1000, 1001, 10**6, 2 * 10**6]:
                assert ours.category(n) == babel_rule(n), (name, babel_rule.rules, n)
            checked += 1
    assert checked > 200


@pytest.mark.parametrize("rule", ["n in", "x = 1", "n = 1 and", "n mod", "n = one"])
def test_a_rule_that_cannot_be_read_is_refused(rule: str) -> None:
    with pytest.raises(ValueError, match="plural rule"):
        PluralRules({"one": rule})


def test_an_unknown_category_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown plural categories"):
        PluralRules({"single": "n = 1"})
