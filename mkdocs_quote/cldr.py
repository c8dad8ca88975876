"""CLDR data for the view, read from Babel at build time: :func:`locale_data`.

The view (``quote_view``) formats with data, not with a library, so that the build (CPython)
and the reader's browser (Pyodide) write every amount the same way. This module is where that
data comes from: Babel's CLDR, with the three rules Babel leaves out applied here once:

- **Native digits.** Babel picks a numbering system's symbols but writes ASCII digits; CLDR's
  default numbering system for Bengali is ``beng``, so ``১২,৩৪,৫৬৭.৫০``.
- **Currency spacing.** CLDR puts a no-break space between a number and a currency symbol that
  ends (or starts) with a letter: ``Rp\u00a064.000``, ``RM\u00a01,234.50``, but ``₹850.00``.
- **Minimum grouping digits.** CLDR writes Spanish ``1234,50 €`` but ``12.345,50 €``.

>>> data = locale_data("bn", {"BDT": 2}, ["BD"])
>>> data.digits, data.currencies["BDT"].pattern.suffix, data.territories["BD"]
('০১২৩৪৫৬৭৮৯', '৳', 'বাংলাদেশ')
>>> locale_data("id", {"IDR": 0}, []).currencies["IDR"].pattern.prefix
'Rp\\xa0'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

from babel import Locale, numbers
from babel.core import get_global

from quote_view.locale import CurrencyFormat, LocaleData, NumberFormat

__all__ = ["locale_data", "intl_tag"]

# The digit zero of each decimal numbering system a help center may meet; the other nine follow
# it in Unicode order (CLDR numberingSystems.xml lists them so).
_ZERO_DIGIT = {
    "latn": "0",
    "beng": "\u09e6",
    "deva": "\u0966",
    "arab": "\u0660",
    "arabext": "\u06f0",
    "guru": "\u0a66",
    "gujr": "\u0ae6",
    "orya": "\u0b66",
    "tamldec": "\u0be6",
    "telu": "\u0c66",
    "knda": "\u0ce6",
    "mlym": "\u0d66",
    "thai": "\u0e50",
    "laoo": "\u0ed0",
    "mymr": "\u1040",
    "khmr": "\u17e0",
}

# CLDR's numbers/minimumGroupingDigits where it is not 1 (Babel does not read that field).
_MIN_GROUPING = {"es": 2, "pl": 2, "pt_PT": 2, "hu": 2, "lv": 2}

_NBSP = "\u00a0"


def _digits(system: str) -> str:
    try:
        zero = ord(_ZERO_DIGIT[system])
    except KeyError:
        raise ValueError(f"no digits known for the numbering system {system!r}") from None
    return "".join(chr(zero + i) for i in range(10))


def intl_tag(locale: Locale) -> str:
    """The BCP 47 tag with the language's likely territory (``bn`` -> ``bn-BD``)."""
    likely = str(get_global("likely_subtags").get(locale.language, ""))
    territory = locale.territory or (likely.split("_")[-1] if likely.count("_") == 2 else "")
    return f"{locale.language}-{territory}" if territory else locale.language


def _spaced(char: str) -> bool:
    """CLDR currencySpacing's ``currencyMatch``: neither a symbol nor a separator."""
    return not unicodedata.category(char).startswith(("S", "Z"))


def _affixes(pattern: numbers.NumberPattern, symbol: str, code: str) -> tuple[str, str, str, str]:
    """The pattern's four affixes with the currency in place, as Babel resolves them (its
    pattern characters are kept as written: Babel localises neither ``-`` nor ``%`` there)."""

    def resolve(text: str, before_number: bool) -> str:
        if "¤" in text:
            # currencySpacing: a symbol next to the number, whose character there is a
            # letter, gets a no-break space between it and the number.
            shown = code if "¤¤" in text else symbol
            if before_number and text.endswith("¤") and shown and _spaced(shown[-1]):
                text += _NBSP
            if not before_number and text.startswith("¤") and shown and _spaced(shown[0]):
                text = _NBSP + text
            text = text.replace("¤¤", code).replace("¤", symbol)
        return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", text)

    pos_prefix, neg_prefix = pattern.prefix
    pos_suffix, neg_suffix = pattern.suffix
    return (
        resolve(pos_prefix, True),
        resolve(pos_suffix, False),
        resolve(neg_prefix, True),
        resolve(neg_suffix, False),
    )


def _number_format(
    pattern: numbers.NumberPattern, symbol: str = "", code: str = ""
) -> NumberFormat:
    primary, secondary = pattern.grouping
    return NumberFormat(*_affixes(pattern, symbol, code), primary, secondary)


@lru_cache(maxsize=64)
def _cached(lang: str, units: tuple[tuple[str, int], ...], regions: tuple[str, ...]) -> LocaleData:
    locale = Locale.parse(lang)
    system = str(locale.default_numbering_system)
    native = dict(locale.other_numbering_systems).get("native", system)
    currencies = {}
    for code, digits in units:
        symbol = numbers.get_currency_symbol(code, locale)
        pattern = _number_format(locale.currency_formats["standard"], symbol, code)
        currencies[code] = CurrencyFormat(pattern, digits, symbol)
    months = locale.months["format"]
    lists = locale.list_patterns["standard"]
    return LocaleData(
        lang=lang,
        tag=intl_tag(locale),
        digits=_digits(system),
        native_digits=_digits(native),
        decimal=numbers.get_decimal_symbol(locale, numbering_system="default"),
        group=numbers.get_group_symbol(locale, numbering_system="default"),
        min_grouping=_MIN_GROUPING.get(str(locale), _MIN_GROUPING.get(locale.language, 1)),
        decimal_format=_number_format(locale.decimal_formats[None]),
        percent_format=_number_format(locale.percent_formats[None]),
        currencies=MappingProxyType(currencies),
        dates=MappingProxyType({s: locale.date_formats[s].pattern for s in ("medium", "long")}),
        months=MappingProxyType(
            {
                "abbreviated": tuple(months["abbreviated"][m] for m in range(1, 13)),
                "wide": tuple(months["wide"][m] for m in range(1, 13)),
            }
        ),
        lists=MappingProxyType({k: str(lists[k]) for k in ("start", "middle", "end", "2")}),
        plurals=MappingProxyType(dict(locale.plural_form.rules)),
        ordinals=MappingProxyType(dict(locale.ordinal_form.rules)),
        territories=MappingProxyType({r: str(locale.territories.get(r, r)) for r in regions}),
    )


def locale_data(lang: str, minor_units: Mapping[str, int], regions: Iterable[str]) -> LocaleData:
    """The view's data for ``lang``: its CLDR facts and how it writes the given currencies.

    Args:
        lang: A Babel locale identifier (``bn``, ``pt_BR``).
        minor_units: The catalog's currencies with the decimals it bills them in (the engine's
            ``Catalog.currencies``): amounts are written with exactly those decimals.
        regions: The catalog's tax regions, named in the language.

    Raises:
        ValueError: Babel does not know the language, or its digits are not known here.
    """
    try:
        return _cached(lang, tuple(sorted(minor_units.items())), tuple(regions))
    except (ValueError, LookupError) as exc:  # babel.UnknownLocaleError is a LookupError
        raise ValueError(f"cannot format numbers for {lang!r}: {exc}") from None
