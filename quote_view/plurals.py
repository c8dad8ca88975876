"""CLDR plural rules: which form of a message a number takes (``one``, ``few``, ``other``...).

A language's rules are data, the ``pluralRules`` of CLDR as Babel writes them (the build reads
them from Babel and hands them to this module, in the browser too), for cardinals ("3 days")
and ordinals ("3rd day"). Syntax (UTS #35, "Language Plural Rules")::

    condition  = and_cond ("or" and_cond)*
    and_cond   = relation ("and" relation)*
    relation   = expr ("in" | "not in" | "within" | "not within" | "=" | "!=") range_list
               | expr ("is" | "is not") value
    expr       = operand ("mod" | "%" value)?
    range_list = (value ".." value | value) ("," ...)*

The operands of a number: ``n`` its absolute value, ``i`` its integer digits, ``v`` and ``w``
the number of visible fraction digits with and without trailing zeros, ``f`` and ``t`` those
digits as an integer, ``e`` and ``c`` the compact exponent (always 0 here).

>>> bengali = PluralRules({"one": "i in 0 or n in 1"})
>>> bengali.category(1), bengali.category(0), bengali.category(5)
('one', 'one', 'other')
>>> english_ordinal = PluralRules({"one": "n mod 10 in 1 and n mod 100 not in 11",
...     "two": "n mod 10 in 2 and n mod 100 not in 12",
...     "few": "n mod 10 in 3 and n mod 100 not in 13"})
>>> [english_ordinal.category(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)]
['one', 'two', 'few', 'other', 'other', 'other', 'other', 'one', 'two', 'one']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal

__all__ = ["PluralRules", "operands"]

#: The order CLDR lists categories in; ``other`` is always last and needs no rule.
CATEGORIES = ("zero", "one", "two", "few", "many", "other")

_TOKEN = re.compile(r"\s*(\.\.|!=|=|%|,|[a-z]+|\d+)")

Operands = Mapping[str, Decimal]
Test = Callable[[Operands], bool]


def operands(number: int | str | Decimal) -> dict[str, Decimal]:
    """The plural operands of a number written as an integer or a decimal string.

    >>> sorted(operands("1.50").items())
    [('c', Decimal('0')), ('e', Decimal('0')), ('f', Decimal('50')), ('i', Decimal('1')), \
('n', Decimal('1.50')), ('t', Decimal('5')), ('v', Decimal('2')), ('w', Decimal('1'))]
    """
    text = str(number).lstrip("-")
    whole, _, fraction = text.partition(".")
    trimmed = fraction.rstrip("0")
    zero = Decimal(0)
    return {
        "n": abs(Decimal(text)),
        "i": Decimal(whole or "0"),
        "v": Decimal(len(fraction)),
        "w": Decimal(len(trimmed)),
        "f": Decimal(fraction or "0"),
        "t": Decimal(trimmed or "0"),
        "e": zero,
        "c": zero,
    }


class _Parser:
    """A recursive-descent reader of one rule, producing a predicate on operands."""

    def __init__(self, rule: str) -> None:
        self.rule = rule
        self.tokens = _TOKEN.findall(rule)
        if "".join(self.tokens) != re.sub(r"\s+", "", rule):
            raise ValueError(f"cannot read the plural rule {rule!r}")
        self.pos = 0

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> str:
        token = self._peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"plural rule {self.rule!r}: expected {expected or 'more'}")
        self.pos += 1
        return token

    def parse(self) -> Test:
        test = self._or()
        if self._peek() is not None:
            raise ValueError(f"plural rule {self.rule!r}: unexpected {self._peek()!r}")
        return test

    def _or(self) -> Test:
        parts = [self._and()]
        while self._peek() == "or":
            self._take()
            parts.append(self._and())
        return lambda ops: any(part(ops) for part in parts)

    def _and(self) -> Test:
        parts = [self._relation()]
        while self._peek() == "and":
            self._take()
            parts.append(self._relation())
        return lambda ops: all(part(ops) for part in parts)

    def _value(self) -> Decimal:
        token = self._take()
        if not token.isdigit():
            raise ValueError(f"plural rule {self.rule!r}: {token!r} is not a number")
        return Decimal(token)

    def _relation(self) -> Test:
        operand = self._take()
        if operand not in "niwvftec" or len(operand) != 1:
            raise ValueError(f"plural rule {self.rule!r}: unknown operand {operand!r}")
        modulus: Decimal | None = None
        if self._peek() in ("mod", "%"):
            self._take()
            modulus = self._value()
        negate = False
        word = self._take()
        if word == "not":
            negate, word = True, self._take()
        elif word == "is" and self._peek() == "not":
            self._take()
            negate = True
        if word == "!=":
            negate, word = True, "="
        if word not in ("in", "within", "=", "is"):
            raise ValueError(f"plural rule {self.rule!r}: unknown relation {word!r}")
        integers_only = word != "within"
        ranges = self._ranges()

        def test(ops: Operands) -> bool:
            value = ops[operand]
            if modulus is not None:
                value = value % modulus
            whole = value == value.to_integral_value()
            found = any(
                low <= value <= high and (whole or not integers_only) for low, high in ranges
            )
            return found != negate

        return test

    def _ranges(self) -> list[tuple[Decimal, Decimal]]:
        ranges = []
        while True:
            low = self._value()
            high = low
            if self._peek() == "..":
                self._take()
                high = self._value()
            ranges.append((low, high))
            if self._peek() != ",":
                return ranges
            self._take()


class PluralRules:
    """One language's plural rules of one kind (cardinal or ordinal).

    Args:
        rules: category -> CLDR condition; ``other`` applies when none matches.

    Raises:
        ValueError: a rule that cannot be read, or an unknown category.
    """

    __slots__ = ("rules", "_tests")

    def __init__(self, rules: Mapping[str, str]) -> None:
        self.rules = dict(rules)
        self._tests: list[tuple[str, Test]] = []
        for category in CATEGORIES:
            if category in self.rules and category != "other":
                self._tests.append((category, _Parser(self.rules[category]).parse()))
        unknown = set(self.rules) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown plural categories {sorted(unknown)}")

    @property
    def categories(self) -> frozenset[str]:
        """Every category this language uses, ``other`` included."""
        return frozenset(self.rules) | {"other"}

    def category(self, number: int | str | Decimal) -> str:
        """The category of ``number`` (an integer or a decimal string)."""
        ops = operands(number)
        for category, test in self._tests:
            if test(ops):
                return category
        return "other"
