"""How one language writes numbers, money, dates and lists: CLDR data and the code that applies it.

The data (:class:`LocaleData`) is read from Babel's CLDR at build time
(``mkdocs_quote.cldr.locale_data``) and travels to the browser as JSON, so the build and the
reader's browser format every amount with the very same code and data: an estimate prerendered
at build time and the one redrawn live cannot differ by a digit or a space. (The browser's own
``Intl`` carries another CLDR version, which is why it is not used for what readers compare.)

>>> fmt = Formatter(LocaleData.from_json(EXAMPLE))
>>> fmt.money("1234567.5", "BDT"), fmt.money("-2.5", "BDT")
('১২,৩৪,৫৬৭.৫০৳', '-২.৫০৳')
>>> fmt.number(30), fmt.number("30.4375"), fmt.percent("0.15"), fmt.percent("0.075")
('৩০', '৩০.৪৩৭৫', '১৫%', '৭.৫%')
>>> fmt.date("2026-12-01"), fmt.date("2026-12-01", "long")
('১ ডিসে, ২০২৬', '১ ডিসেম্বর, ২০২৬')
>>> fmt.join(["ক", "খ", "গ"])
'ক, খ এবং গ'
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from quote_view.plurals import PluralRules

__all__ = ["CurrencyFormat", "Formatter", "LocaleData", "NumberFormat"]

ASCII_DIGITS = "0123456789"


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """A CLDR number pattern, resolved: affixes with their symbols, and the grouping sizes.

    Attributes:
        prefix: Text before a positive number (``"$"``, ``"Rp\\u00a0"``).
        suffix: Text after it (``"৳"``, ``"\\u00a0€"``, ``"%"``).
        neg_prefix: Text before a negative number (``"-$"``).
        neg_suffix: Text after it.
        primary: Digits in the group next to the decimal mark (3).
        secondary: Digits in every further group (2 in Indian grouping, else 3).
    """

    prefix: str
    suffix: str
    neg_prefix: str
    neg_suffix: str
    primary: int = 3
    secondary: int = 3

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> NumberFormat:
        prefix, suffix, neg_prefix, neg_suffix, primary, secondary = data
        return cls(
            str(prefix), str(suffix), str(neg_prefix), str(neg_suffix), int(primary), int(secondary)
        )

    def to_json(self) -> list[Any]:
        return [
            self.prefix,
            self.suffix,
            self.neg_prefix,
            self.neg_suffix,
            self.primary,
            self.secondary,
        ]


@dataclass(frozen=True, slots=True)
class CurrencyFormat:
    """How a currency is written: its pattern with the symbol in place, and its decimals."""

    pattern: NumberFormat
    digits: int
    symbol: str


@dataclass(frozen=True, slots=True)
class LocaleData:
    """The CLDR facts of one language that the help center's texts need.

    Attributes:
        lang: The language code (``bn``).
        tag: The BCP 47 tag readers' browsers know (``bn-BD``), for ``lang`` attributes.
        digits: The ten digits numbers are written with (``০১২৩৪৫৬৭৮৯`` in Bengali).
        native_digits: The ten digits of the language's own script, which readers may type even
            where numbers are written with ASCII digits (Devanagari for Hindi).
        decimal: The decimal mark.
        group: The grouping mark.
        min_grouping: CLDR's ``minimumGroupingDigits``: Spanish writes 1234 but 12.345.
        decimal_format: The pattern of plain numbers.
        percent_format: The pattern of percentages.
        currencies: How each currency of the catalog is written.
        dates: Date patterns by style (``medium``, ``long``).
        months: Month names by width (``abbreviated``, ``wide``), January first.
        lists: CLDR list patterns (``start``, ``middle``, ``end``, ``2``).
        plurals: Cardinal plural rules ("1 day", "2 days").
        ordinals: Ordinal plural rules ("1st", "2nd").
        territories: Names of the catalog's tax regions in this language.
    """

    lang: str
    tag: str
    digits: str
    native_digits: str
    decimal: str
    group: str
    min_grouping: int
    decimal_format: NumberFormat
    percent_format: NumberFormat
    currencies: Mapping[str, CurrencyFormat]
    dates: Mapping[str, str]
    months: Mapping[str, tuple[str, ...]]
    lists: Mapping[str, str]
    plurals: Mapping[str, str]
    ordinals: Mapping[str, str]
    territories: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LocaleData:
        """Read what :meth:`to_json` wrote (the page config carries it to the browser)."""
        currencies = {
            code: CurrencyFormat(NumberFormat.from_json(entry[0]), int(entry[1]), str(entry[2]))
            for code, entry in data["currencies"].items()
        }
        return cls(
            lang=str(data["lang"]),
            tag=str(data["tag"]),
            digits=str(data["digits"]),
            native_digits=str(data["native_digits"]),
            decimal=str(data["decimal"]),
            group=str(data["group"]),
            min_grouping=int(data["min_grouping"]),
            decimal_format=NumberFormat.from_json(data["decimal_format"]),
            percent_format=NumberFormat.from_json(data["percent_format"]),
            currencies=MappingProxyType(currencies),
            dates=MappingProxyType(dict(data["dates"])),
            months=MappingProxyType({k: tuple(v) for k, v in data["months"].items()}),
            lists=MappingProxyType(dict(data["lists"])),
            plurals=MappingProxyType(dict(data["plurals"])),
            ordinals=MappingProxyType(dict(data["ordinals"])),
            territories=MappingProxyType(dict(data.get("territories", {}))),
        )

    def to_json(self) -> dict[str, Any]:
        """Plain data for JSON: the inverse of :meth:`from_json`."""
        return {
            "lang": self.lang,
            "tag": self.tag,
            "digits": self.digits,
            "native_digits": self.native_digits,
            "decimal": self.decimal,
            "group": self.group,
            "min_grouping": self.min_grouping,
            "decimal_format": self.decimal_format.to_json(),
            "percent_format": self.percent_format.to_json(),
            "currencies": {
                code: [c.pattern.to_json(), c.digits, c.symbol]
                for code, c in self.currencies.items()
            },
            "dates": dict(self.dates),
            "months": {k: list(v) for k, v in self.months.items()},
            "lists": dict(self.lists),
            "plurals": dict(self.plurals),
            "ordinals": dict(self.ordinals),
            "territories": dict(self.territories),
        }


# Date pattern fields: runs of one letter, or quoted literal text ('' is a quote).
_DATE_FIELD = re.compile(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^'A-Za-z]+")


def _decimal(value: int | str | Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise TypeError(f"numbers are integers or decimal strings, not {type(value).__name__}")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


class Formatter:
    """Writes numbers, money, percentages, dates and lists the way one language does.

    The same class runs in the build (CPython) and in the reader's browser (Pyodide), from the
    same :class:`LocaleData`. Amounts are decimal strings (or integers), never floats.
    """

    def __init__(self, data: LocaleData) -> None:
        self.data = data
        self.lang = data.lang
        self._digits = str.maketrans(ASCII_DIGITS, data.digits)
        self._plurals = PluralRules(data.plurals)
        self._ordinals = PluralRules(data.ordinals)
        self._dates = {style: _fields(pattern) for style, pattern in data.dates.items()}

    # -- numbers ------------------------------------------------------------------------------

    def _group(self, whole: str, pattern: NumberFormat) -> str:
        if len(whole) < pattern.primary + self.data.min_grouping:
            return whole
        groups = [whole[-pattern.primary :]]
        rest = whole[: -pattern.primary]
        while rest:
            groups.append(rest[-pattern.secondary :])
            rest = rest[: -pattern.secondary]
        return self.data.group.join(reversed(groups))

    def _write(self, number: Decimal, pattern: NumberFormat, places: int | None) -> str:
        """``number`` with ``places`` decimals (``None``: as many as it has) in ``pattern``."""
        if places is not None:
            number = number.quantize(Decimal(1).scaleb(-places))
        negative = number.is_signed() and number != 0
        text = format(abs(number), "f")
        whole, _, fraction = text.partition(".")
        body = self._group(whole, pattern)
        if fraction:
            body += self.data.decimal + fraction
        body = body.translate(self._digits)
        if negative:
            return pattern.neg_prefix + body + pattern.neg_suffix
        return pattern.prefix + body + pattern.suffix

    def number(self, value: int | str | Decimal) -> str:
        """An integer or decimal string with the language's digits, marks and grouping.

        Decimals are kept as written: ``"30.4375"`` stays four decimals.
        """
        return self._write(_decimal(value), self.data.decimal_format, None)

    def decimal(self, value: int | str | Decimal, places: int | None) -> str:
        """A number with exactly ``places`` decimals (``None``: as written), no currency."""
        return self._write(_decimal(value), self.data.decimal_format, places)

    def currency(self, code: str) -> CurrencyFormat:
        """How ``code`` is written.

        Raises:
            KeyError: a currency the locale data was not made for.
        """
        try:
            return self.data.currencies[code]
        except KeyError:
            raise KeyError(f"no format for the currency {code} in {self.lang!r}") from None

    def money(self, amount: int | str | Decimal, code: str) -> str:
        """An amount (a decimal string) in ``code``, with exactly the currency's decimals.

        Raises:
            ValueError: more decimals than the currency has: the engine rounds every amount, so
                this means the catalog and the locale data disagree; never rounded here.
        """
        fmt = self.currency(code)
        value = _decimal(amount)
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > fmt.digits:
            raise ValueError(f"{amount!r} has more decimals than {code} allows ({fmt.digits})")
        return self._write(value, fmt.pattern, fmt.digits)

    def percent(self, rate: int | str | Decimal) -> str:
        """A rate written as a decimal string (``"0.15"``) as a percentage (``"15%"``).

        The decimals the rate needs are kept: ``"0.075"`` is ``"7.5%"``.
        """
        value = (_decimal(rate) * 100).normalize()
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return self._write(value, self.data.percent_format, places)

    # -- words --------------------------------------------------------------------------------

    def plural(self, count: int | str | Decimal) -> str:
        """The CLDR plural category of ``count`` (``one``, ``other``...)."""
        return self._plurals.category(count)

    def ordinal(self, count: int | str | Decimal) -> str:
        """The CLDR ordinal category of ``count`` (English: 1 ``one``, 2 ``two``, 3 ``few``)."""
        return self._ordinals.category(count)

    @property
    def plural_categories(self) -> frozenset[str]:
        return self._plurals.categories

    @property
    def ordinal_categories(self) -> frozenset[str]:
        return self._ordinals.categories

    def join(self, items: Sequence[str]) -> str:
        """Items joined as the language writes a list: ``A, B and C``."""
        items = list(items)
        if not items:
            return ""
        if len(items) == 1:
            return items[0]
        lists = self.data.lists
        if len(items) == 2:
            return lists["2"].replace("{0}", items[0]).replace("{1}", items[1])
        text = lists["end"].replace("{0}", items[-2]).replace("{1}", items[-1])
        for item in reversed(items[1:-2]):
            text = lists["middle"].replace("{0}", item).replace("{1}", text)
        return lists["start"].replace("{0}", items[0]).replace("{1}", text)

    def territory(self, region: str) -> str:
        """The name of a tax region (a CLDR territory), or the region's id."""
        return self.data.territories.get(region, region)

    # -- dates --------------------------------------------------------------------------------

    def date(self, iso: str, style: str = "medium") -> str:
        """An ISO date (``2026-12-01``) in the ``medium`` (tables) or ``long`` style."""
        day = date.fromisoformat(iso)
        try:
            fields = self._dates[style]
        except KeyError:
            raise ValueError(f"no {style!r} date style in {self.lang!r}") from None
        out = []
        for kind, text in fields:
            out.append(text if kind == "" else self._date_field(kind, len(text), day))
        return "".join(out)

    def _date_field(self, letter: str, width: int, day: _dt.date) -> str:
        if letter == "d":
            return str(day.day).zfill(width).translate(self._digits)
        if letter == "y":
            year = str(day.year)
            return (year[-2:] if width == 2 else year.zfill(width)).translate(self._digits)
        # M (format) and L (stand-alone): the data holds the format context's names.
        if width >= 3:
            names = self.data.months["wide" if width == 4 else "abbreviated"]
            return names[day.month - 1]
        return str(day.month).zfill(width).translate(self._digits)


_DATE_LETTERS = frozenset("dyML")


def _fields(pattern: str) -> list[tuple[str, str]]:
    """A date pattern as (letter, field text) pairs; letter ``""`` for literal text.

    >>> _fields("d 'de' MMMM 'de' y")
    [('d', 'd'), ('', ' '), ('', 'de'), ('', ' '), ('M', 'MMMM'), ('', ' '), ('', 'de'), \
('', ' '), ('y', 'y')]
    """
    out: list[tuple[str, str]] = []
    for match in _DATE_FIELD.finditer(pattern):
        text = match.group(0)
        if text.startswith("'"):
            out.append(("", text[1:-1].replace("''", "'") if len(text) > 2 else "'"))
        elif match.group(1):
            letter = match.group(1)
            if letter not in _DATE_LETTERS:
                raise ValueError(f"date pattern {pattern!r}: the field {text!r} is not supported")
            out.append(("M" if letter == "L" else letter, text))
        else:
            out.append(("", text))
    return out


#: A small locale for the examples in this package's docstrings (Bengali, as CLDR writes it).
EXAMPLE: Mapping[str, Any] = json.loads(
    """{"lang": "bn", "tag": "bn-BD", "digits": "০১২৩৪৫৬৭৮৯", "native_digits": "০১২৩৪৫৬৭৮৯",
    "decimal": ".", "group": ",", "min_grouping": 1,
    "decimal_format": ["", "", "-", "", 3, 2], "percent_format": ["", "%", "-", "%", 3, 2],
    "currencies": {"BDT": [["", "৳", "-", "৳", 3, 2], 2, "৳"],
                   "USD": [["", "US$", "-", "US$", 3, 2], 2, "US$"]},
    "dates": {"medium": "d MMM, y", "long": "d MMMM, y"},
    "months": {"abbreviated": ["জানু", "ফেব", "মার্চ", "এপ্রি", "মে", "জুন", "জুলাই", "আগ",
                               "সেপ", "অক্টো", "নভে", "ডিসে"],
               "wide": ["জানুয়ারী", "ফেব্রুয়ারী", "মার্চ", "এপ্রিল", "মে", "জুন", "জুলাই",
                        "আগস্ট", "সেপ্টেম্বর", "অক্টোবর", "নভেম্বর", "ডিসেম্বর"]},
    "lists": {"start": "{0}, {1}", "middle": "{0}, {1}", "end": "{0} এবং {1}", "2": "{0} এবং {1}"},
    "plurals": {"one": "i in 0 or n in 1"},
    "ordinals": {"one": "n in 1,5,7,8,9,10", "two": "n in 2,3", "few": "n in 4", "many": "n in 6"},
    "territories": {"BD": "বাংলাদেশ"}}"""
)
