"""Locale-aware formatting of money, dates and numbers with Babel (CLDR data).

Two things CLDR-through-Babel does not do on its own, and that this module adds:

- **Native digits.** Babel picks a numbering system's *symbols* (decimal and group separators)
  but always writes ASCII digits. CLDR's default numbering system for Bengali is ``beng``, so a
  Bengali reader expects ``১২,৩৪,৫৬৭.৫০``; the digits are substituted here, in one place, for
  amounts, counts and dates alike.
- **The catalog's minor units.** A currency's decimals come from the catalog's ``currencies``
  overrides first (the example catalog bills IDR with 0), then from CLDR. Babel would print
  ``Rp64.000,00`` for an IDR amount the engine rounded to whole rupiah.

- **Currency spacing.** CLDR puts a no-break space between a number and a currency symbol that
  ends (or starts) with a letter: ``Rp\u00a064.000``, ``RM\u00a01,234.50``, ``৫.০০\u00a0US$``,
  but ``₹850.00`` and ``$5.00``. Babel leaves the rule out; it is applied here, as ICU (and so
  the browser's ``Intl.NumberFormat``) does.
- **Minimum grouping digits.** CLDR writes Spanish ``1234,50 €`` but ``12.345,50 €``
  (``minimumGroupingDigits`` 2: no separator in a four-digit number); Babel ignores that field,
  so the few locales that set it are listed here.

Amounts arrive as decimal strings (the engine's JSON) and stay :class:`~decimal.Decimal`; a float
is refused.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, dates, numbers

# The digit zero of each numbering system this site may meet; the other nine follow it in
# Unicode order (CLDR numberingSystems.xml lists them so for every decimal system below).
_ZERO_DIGIT = {
    "latn": "0",
    "beng": "\u09e6",  # ০ Bengali
    "deva": "\u0966",  # ० Devanagari
    "arab": "\u0660",  # ٠ Arabic-Indic
    "arabext": "\u06f0",  # ۰ Extended Arabic-Indic
    "guru": "\u0a66",  # ੦ Gurmukhi
    "gujr": "\u0ae6",  # ૦ Gujarati
    "orya": "\u0b66",  # ୦ Odia
    "tamldec": "\u0be6",  # ௦ Tamil
    "telu": "\u0c66",  # ౦ Telugu
    "knda": "\u0ce6",  # ೦ Kannada
    "mlym": "\u0d66",  # ൦ Malayalam
    "thai": "\u0e50",  # ๐ Thai
    "laoo": "\u0ed0",  # ໐ Lao
    "mymr": "\u1040",  # ၀ Myanmar
    "khmr": "\u17e0",  # ០ Khmer
}


# CLDR's numbers/minimumGroupingDigits where it is not 1 (the locales this site may build).
_MIN_GROUPING = {"es": 2, "pl": 2, "pt_PT": 2}


def _digit_table(numbering_system: str) -> dict[int, str]:
    try:
        zero = ord(_ZERO_DIGIT[numbering_system])
    except KeyError:
        raise ValueError(f"no digits known for the numbering system {numbering_system!r}") from None
    return {ord("0") + i: chr(zero + i) for i in range(10)}


def _decimal(amount: str | int) -> Decimal:
    if isinstance(amount, bool) or not isinstance(amount, str | int):
        raise TypeError(f"amounts are decimal strings or integers, not {type(amount).__name__}")
    try:
        value = Decimal(amount)
    except InvalidOperation:
        raise ValueError(f"not a decimal number: {amount!r}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite number: {amount!r}")
    return value


@dataclass(frozen=True, slots=True)
class BabelFormatter:
    """The :class:`~mkdocs_quote.context.Formatter` of one language, backed by Babel.

    Args:
        lang: a Babel locale identifier (``"bn"``, ``"hi"``, ``"en"``).
        minor_units: decimals per currency that override CLDR's (the catalog's ``currencies``).

    >>> BabelFormatter("bn").money("1234567.5", "BDT")
    '১২,৩৪,৫৬৭.৫০৳'
    >>> BabelFormatter("hi").money("1234567.5", "INR")
    '₹12,34,567.50'
    >>> BabelFormatter("id", {"IDR": 0}).money("64000", "IDR")
    'Rp\xa064.000'
    >>> BabelFormatter("bn").date("2026-12-01")
    '১ ডিসে, ২০২৬'
    """

    lang: str
    minor_units: Mapping[str, int] = field(default_factory=dict)
    _locale: Locale = field(init=False, repr=False, compare=False)
    _digits: dict[int, str] = field(init=False, repr=False, compare=False)
    # Formatted strings by input: a site writes the same few prices and dates many times.
    _memo: dict[tuple[str, str, str], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        locale = Locale.parse(self.lang)
        object.__setattr__(self, "_locale", locale)
        object.__setattr__(self, "_digits", _digit_table(locale.default_numbering_system))

    def _native(self, text: str) -> str:
        return text.translate(self._digits)

    def _grouped(self, value: Decimal) -> bool:
        """Whether to write group separators: CLDR groups a number only from ``3 + m`` digits."""
        minimum = _MIN_GROUPING.get(str(self._locale), _MIN_GROUPING.get(self._locale.language, 1))
        return len(str(int(abs(value)))) >= 3 + minimum

    def currency_digits(self, currency: str) -> int:
        """Decimals of ``currency``: the catalog's override, else CLDR's."""
        if currency in self.minor_units:
            return int(self.minor_units[currency])
        return int(numbers.get_currency_precision(currency))

    def money(self, amount: str, currency: str) -> str:
        """Format an amount (a decimal string) in ``currency`` the way this locale writes it."""
        key = ("money", str(amount), currency)
        if isinstance(amount, str) and key in self._memo:
            return self._memo[key]
        text = self._money(amount, currency)
        self._memo[key] = text
        return text

    def _money(self, amount: str, currency: str) -> str:
        value = _decimal(amount)
        digits = self.currency_digits(currency)
        if -value.as_tuple().exponent > digits:  # type: ignore[operator]
            # The engine rounds every amount to minor units; more decimals here means the
            # catalog and this formatter disagree about the currency, so say it, never round.
            raise ValueError(f"{amount!r} has more decimals than {currency} allows ({digits})")
        pattern = _currency_pattern(self._locale, digits)
        text = numbers.format_currency(
            value,
            currency,
            format=pattern,
            locale=self._locale,
            currency_digits=False,
            group_separator=self._grouped(value),
            numbering_system="default",
        )
        return self._native(
            _currency_spacing(text, numbers.get_currency_symbol(currency, self._locale))
        )

    def date(self, iso: str, style: str = "medium") -> str:
        """Format an ISO date (``"2026-12-01"``) in the locale's ``medium`` or ``long`` style.

        Tables use the medium style ("Dec 1, 2026"); running sentences read better with the
        month spelled out ("December 1, 2026", "১ ডিসেম্বর, ২০২৬", "1 de diciembre de 2026").
        """
        key = ("date", iso, style)
        if key not in self._memo:
            day = date.fromisoformat(iso)
            self._memo[key] = self._native(dates.format_date(day, style, self._locale))
        return self._memo[key]

    def number(self, value: int | str) -> str:
        """Format an integer or decimal string with the locale's digits and grouping."""
        number = _decimal(value)
        text = numbers.format_decimal(
            number,
            locale=self._locale,
            decimal_quantization=False,
            group_separator=self._grouped(number),
            numbering_system="default",
        )
        return self._native(text)

    def percent(self, rate: str) -> str:
        """Format a rate (``"0.15"``) as the locale's percentage (``"15%"``), keeping decimals."""
        value = _decimal(rate)
        # CLDR percent patterns carry no decimals; a rate such as 0.075 must still print 7.5%.
        pattern = copy.copy(self._locale.percent_formats[None])
        places = max(0, -(value * 100).normalize().as_tuple().exponent)  # type: ignore[operator]
        pattern.frac_prec = (0, places)
        text = numbers.format_percent(
            value, format=pattern, locale=self._locale, numbering_system="default"
        )
        return self._native(text)

    def plural(self, count: int | str) -> str:
        """The CLDR plural category (``one``, ``other``, ...) of ``count`` in this language."""
        return str(self._locale.plural_form(_decimal(count)))

    def join(self, items: list[str]) -> str:
        """Join items as this language writes a list (``A, B and C``)."""
        from babel.lists import format_list

        return format_list(items, locale=self._locale)


_NBSP = "\u00a0"


def _currency_spacing(text: str, symbol: str) -> str:
    """Apply CLDR's ``currencySpacing`` (root data: a symbol character that is neither a Unicode
    symbol nor a separator, next to a digit, gets a no-break space between them).
    """
    at = text.find(symbol)
    if at < 0 or not symbol:
        return text

    def spaced(ch: str) -> bool:
        return not unicodedata.category(ch).startswith(("S", "Z"))

    end = at + len(symbol)
    if end < len(text) and text[end].isdigit() and spaced(symbol[-1]):
        text = text[:end] + _NBSP + text[end:]
    if at > 0 and text[at - 1].isdigit() and spaced(symbol[0]):
        text = text[:at] + _NBSP + text[at:]
    return text


@lru_cache(maxsize=64)
def _currency_pattern(locale: Locale, digits: int) -> numbers.NumberPattern:
    # The locale's own pattern (symbol position, grouping such as Indian ##,##,##0) with the
    # fraction digits fixed to the currency's minor units.
    pattern: numbers.NumberPattern = copy.copy(locale.currency_formats["standard"])
    pattern.frac_prec = (digits, digits)
    return pattern
