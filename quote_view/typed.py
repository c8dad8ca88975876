"""Reading what a reader types into the estimator: amounts and counts, in the page's language.

A reader types an amount the way their language writes it (``12,50`` in Spanish, ``১২.৫০`` in
Bengali, ``१२.५०`` in Hindi), or in plain ASCII digits with a dot (``12.50``), perhaps with the
currency's symbol or code around it. What the estimator cannot read with certainty it does not
guess: the reading is a :class:`Problem`, which the form shows beside the field, and the estimate
is not recalculated from it. Never is a total computed from a number other than the one meant.

The rules, for a language whose decimal mark is ``D`` and grouping mark ``G``:

- digits may be ASCII, the language's own or its script's native digits, but one kind per
  amount;
- one ``D`` marks the decimals; ``G`` between groups of digits as the language groups them
  (``12,34,567`` in Indian grouping, ``1,234,567`` too) is dropped;
- a dot is always a decimal point when the language does not group with it (``12.50`` on a
  Spanish page is twelve and a half, since ``12.50`` is not a Spanish grouping);
- an amount both readings fit is **ambiguous** and refused: ``1.250`` on a Spanish page could be
  1250 (grouped) or 1.25 (a decimal point), unless the currency has no decimals at all;
- no sign, no exponent, no more decimals than the currency has.

>>> from quote_view.locale import EXAMPLE, Formatter, LocaleData
>>> bn = Formatter(LocaleData.from_json(EXAMPLE))
>>> read_amount("১২.৫০", bn, "BDT"), read_amount("12.5", bn, "BDT")
(Decimal('12.50'), Decimal('12.5'))
>>> read_amount("১২,৩৪,৫৬৭", bn, "BDT"), read_amount("৳ 1,234,567.50", bn, "BDT")
(Decimal('1234567'), Decimal('1234567.50'))
>>> read_amount("12,50", bn, "BDT").code
'format'
>>> read_amount("1.2.3", bn, "BDT").code, read_amount("-5", bn, "BDT").code
('format', 'negative')
>>> read_amount("12.505", bn, "BDT").code, read_amount("১2", bn, "BDT").code
('decimals', 'mixed_digits')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from quote_view.locale import ASCII_DIGITS, Formatter

__all__ = ["MAX_DIGITS", "Problem", "read_amount", "read_count"]

#: Digits before the decimal mark an amount may have (the engine's limit).
MAX_DIGITS = 18

_SPACES = " \u00a0\u202f\u2009\u2007\t"
_MINUS = "-\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a typed value was not read.

    Attributes:
        code: ``empty``, ``format``, ``ambiguous``, ``negative``, ``decimals``,
            ``mixed_digits``, ``too_large`` or ``range``.
        readings: For ``ambiguous``: the two values it could mean, as decimal strings.
    """

    code: str
    readings: tuple[str, ...] = field(default=())


def _digit_values(fmt: Formatter) -> dict[str, tuple[str, str]]:
    """Every digit a reader may type -> (its ASCII digit, the script it belongs to)."""
    table: dict[str, tuple[str, str]] = {}
    for script, digits in (
        ("latn", ASCII_DIGITS),
        ("native", fmt.data.native_digits),
        ("page", fmt.data.digits),
    ):
        for value, char in zip(ASCII_DIGITS, digits, strict=True):
            table.setdefault(char, (value, script if char not in ASCII_DIGITS else "latn"))
    return table


def _strip_currency(text: str, fmt: Formatter, currency: str | None) -> str:
    if currency is None:
        return text
    marks = {currency}
    if currency in fmt.data.currencies:
        marks.add(fmt.data.currencies[currency].symbol)
    for mark in sorted(marks, key=len, reverse=True):
        if mark and text.startswith(mark):
            text = text[len(mark) :].lstrip(_SPACES)
        if mark and text.endswith(mark):
            text = text[: -len(mark)].rstrip(_SPACES)
    return text


def _grouped(whole: str, mark: str, fmt: Formatter) -> bool:
    """Whether ``whole`` (ASCII digits and ``mark``) is grouped as this language or as 3-3."""
    groups = whole.split(mark)
    if len(groups) < 2 or not groups[0] or len(groups[0]) > 3:
        return False
    pattern = fmt.data.decimal_format
    for primary, secondary in {(pattern.primary, pattern.secondary), (3, 3)}:
        if (
            len(groups[-1]) == primary
            and all(len(g) == secondary for g in groups[1:-1])
            and len(groups[0]) <= secondary
        ):
            return True
    return False


def _normalise(text: str, fmt: Formatter) -> str | Problem:
    """The typed text as ASCII digits and marks, or the problem with its characters."""
    table = _digit_values(fmt)
    out = []
    scripts = set()
    for char in text:
        if char in table:
            value, script = table[char]
            out.append(value)
            scripts.add(script)
        elif char in ".," or char == fmt.data.decimal or char == fmt.data.group:
            out.append(char)
        elif char in _SPACES and fmt.data.group in _SPACES:
            out.append(fmt.data.group)
        else:
            return Problem("format")
    if len(scripts) > 1:
        return Problem("mixed_digits")
    if not any(ch.isdigit() for ch in out):
        return Problem("format")
    return "".join(out)


def _interpret(text: str, fmt: Formatter, places: int) -> str | Problem:
    """ASCII digits and marks -> a decimal string, by the rules in the module's docstring."""
    decimal, group = fmt.data.decimal, fmt.data.group
    marks = [ch for ch in text if not ch.isdigit()]
    if not marks:
        return text
    kinds = set(marks)
    last = text.rfind(marks[-1])
    if len(kinds) == 2:
        # Both marks: only the language's own order (grouping, then one decimal mark) reads.
        if marks[-1] != decimal or marks.count(decimal) != 1:
            return Problem("format")
        whole, fraction = text[:last], text[last + 1 :]
        if not fraction or not _grouped(whole, group, fmt):
            return Problem("format")
        return whole.replace(group, "") + "." + fraction
    mark = marks[0]
    if mark == decimal and mark != group:
        if len(marks) > 1 or last == len(text) - 1:
            return Problem("format")
        return text.replace(mark, ".") if last > 0 else "0" + text.replace(mark, ".")
    as_group = mark == group and _grouped(text, mark, fmt)
    as_point = mark == "." and len(marks) == 1 and 0 < last < len(text) - 1
    if as_group and as_point and places > 0:
        return Problem("ambiguous", (text.replace(".", ""), text))
    if as_group:
        return text.replace(mark, "")
    if as_point:
        return text
    return Problem("format")


def read_amount(text: str, fmt: Formatter, currency: str | None = None) -> Decimal | Problem:
    """A typed amount as a :class:`~decimal.Decimal`, or the :class:`Problem` with it.

    An empty field is zero. ``currency`` (its symbol and code may be typed around the amount)
    sets how many decimals are allowed; without it any number of decimals is read.
    """
    text = text.strip(_SPACES)
    if not text:
        return Decimal(0)
    if text[0] in _MINUS:
        return Problem("negative")
    text = _strip_currency(text, fmt, currency)
    places = 18 if currency is None else fmt.currency(currency).digits
    normal = _normalise(text, fmt)
    if isinstance(normal, Problem):
        return normal
    value = _interpret(normal, fmt, places)
    if isinstance(value, Problem):
        return value
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
        return Problem("format")
    whole, _, fraction = value.partition(".")
    if len(whole.lstrip("0")) > MAX_DIGITS:
        return Problem("too_large")
    if len(fraction.rstrip("0")) > places:
        return Problem("decimals")
    return Decimal(value)


def read_count(text: str, fmt: Formatter, low: int, high: int) -> int | Problem:
    """A typed whole number from ``low`` to ``high``, in any digits the language reads.

    >>> from quote_view.locale import EXAMPLE, Formatter, LocaleData
    >>> bn = Formatter(LocaleData.from_json(EXAMPLE))
    >>> read_count("৫", bn, 1, 500), read_count("1,000", bn, 1, 5000), read_count("0", bn, 1, 5)
    (5, 1000, Problem(code='range', readings=()))
    """
    text = text.strip(_SPACES)
    if not text:
        return Problem("empty")
    if text[0] in _MINUS:
        return Problem("negative")
    normal = _normalise(text, fmt)
    if isinstance(normal, Problem):
        return normal
    if not normal.isdigit():
        group = fmt.data.group
        if group not in normal or not _grouped(normal, group, fmt):
            return Problem("format")
        normal = normal.replace(group, "")
    if len(normal.lstrip("0")) > MAX_DIGITS:
        return Problem("range")
    value = int(normal)
    if not low <= value <= high:
        return Problem("range")
    return value
