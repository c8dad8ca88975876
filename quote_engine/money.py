"""Money: decimal amounts, currencies and their minor units, and the one place that rounds.

Amounts are :class:`decimal.Decimal`, never floats (beancount's ``D()`` and py-moneyed refuse
floats for the same reason). They cross every boundary as decimal strings such as ``"12.50"``.

Minor units come from ISO 4217 (:data:`ISO_4217_MINOR_UNITS`); a catalog may override them per
currency (the example catalog bills IDR with 0). Every amount in a response is rounded to those
minor units by :meth:`Currency.round`, the only rounding of money in the engine, with the
rounding mode always written out.

>>> usd = Currency("USD", minor_units_of("USD"))
>>> usd.format(usd.round(Decimal("2.665"), rounding="half_up"))
'2.67'
>>> usd.format(usd.round(Decimal("-0.125"), rounding="half_up"))
'-0.13'
>>> usd.format(usd.round(Decimal("-0.125"), rounding="half_even"))
'-0.12'
>>> Currency("JPY", 0).format(Decimal("1500"))
'1500'
>>> Currency("BHD", 3).format(Decimal("1.5"))
'1.500'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from types import MappingProxyType

#: Minor units of the active ISO 4217 currencies (list one of the standard; funds codes included,
#: precious metals and testing codes, which have none, left out). Where CLDR's
#: accounting precision differs (IQD, LAK, MGA, ...), ISO wins: invoices follow the standard
#: and a provider overrides a currency in its catalog if it bills otherwise.
ISO_4217_MINOR_UNITS: Mapping[str, int] = MappingProxyType(
    {
        "AED": 2,
        "AFN": 2,
        "ALL": 2,
        "AMD": 2,
        "AOA": 2,
        "ARS": 2,
        "AUD": 2,
        "AWG": 2,
        "AZN": 2,
        "BAM": 2,
        "BBD": 2,
        "BDT": 2,
        "BGN": 2,
        "BHD": 3,
        "BIF": 0,
        "BMD": 2,
        "BND": 2,
        "BOB": 2,
        "BOV": 2,
        "BRL": 2,
        "BSD": 2,
        "BTN": 2,
        "BWP": 2,
        "BYN": 2,
        "BZD": 2,
        "CAD": 2,
        "CDF": 2,
        "CHE": 2,
        "CHF": 2,
        "CHW": 2,
        "CLF": 4,
        "CLP": 0,
        "CNY": 2,
        "COP": 2,
        "COU": 2,
        "CRC": 2,
        "CUP": 2,
        "CVE": 2,
        "CZK": 2,
        "DJF": 0,
        "DKK": 2,
        "DOP": 2,
        "DZD": 2,
        "EGP": 2,
        "ERN": 2,
        "ETB": 2,
        "EUR": 2,
        "FJD": 2,
        "FKP": 2,
        "GBP": 2,
        "GEL": 2,
        "GHS": 2,
        "GIP": 2,
        "GMD": 2,
        "GNF": 0,
        "GTQ": 2,
        "GYD": 2,
        "HKD": 2,
        "HNL": 2,
        "HTG": 2,
        "HUF": 2,
        "IDR": 2,
        "ILS": 2,
        "INR": 2,
        "IQD": 3,
        "IRR": 2,
        "ISK": 0,
        "JMD": 2,
        "JOD": 3,
        "JPY": 0,
        "KES": 2,
        "KGS": 2,
        "KHR": 2,
        "KMF": 0,
        "KPW": 2,
        "KRW": 0,
        "KWD": 3,
        "KYD": 2,
        "KZT": 2,
        "LAK": 2,
        "LBP": 2,
        "LKR": 2,
        "LRD": 2,
        "LSL": 2,
        "LYD": 3,
        "MAD": 2,
        "MDL": 2,
        "MGA": 2,
        "MKD": 2,
        "MMK": 2,
        "MNT": 2,
        "MOP": 2,
        "MRU": 2,
        "MUR": 2,
        "MVR": 2,
        "MWK": 2,
        "MXN": 2,
        "MXV": 2,
        "MYR": 2,
        "MZN": 2,
        "NAD": 2,
        "NGN": 2,
        "NIO": 2,
        "NOK": 2,
        "NPR": 2,
        "NZD": 2,
        "OMR": 3,
        "PAB": 2,
        "PEN": 2,
        "PGK": 2,
        "PHP": 2,
        "PKR": 2,
        "PLN": 2,
        "PYG": 0,
        "QAR": 2,
        "RON": 2,
        "RSD": 2,
        "RUB": 2,
        "RWF": 0,
        "SAR": 2,
        "SBD": 2,
        "SCR": 2,
        "SDG": 2,
        "SEK": 2,
        "SGD": 2,
        "SHP": 2,
        "SLE": 2,
        "SOS": 2,
        "SRD": 2,
        "SSP": 2,
        "STN": 2,
        "SVC": 2,
        "SYP": 2,
        "SZL": 2,
        "THB": 2,
        "TJS": 2,
        "TMT": 2,
        "TND": 3,
        "TOP": 2,
        "TRY": 2,
        "TTD": 2,
        "TWD": 2,
        "TZS": 2,
        "UAH": 2,
        "UGX": 0,
        "USD": 2,
        "USN": 2,
        "UYI": 0,
        "UYU": 2,
        "UYW": 4,
        "UZS": 2,
        "VED": 2,
        "VES": 2,
        "VND": 0,
        "VUV": 0,
        "WST": 2,
        "XAF": 0,
        "XCD": 2,
        "XCG": 2,
        "XOF": 0,
        "XPF": 0,
        "YER": 2,
        "ZAR": 2,
        "ZMW": 2,
        "ZWG": 2,
    }
)

#: The largest number of minor units a catalog may give a currency (ISO's largest is 4).
MAX_MINOR_UNITS = 6

#: Digits allowed before the decimal point of any amount: 10**18 is far above any invoice and
#: keeps every product of amount, quantity and day factor exact inside :data:`MONEY_CONTEXT`.
MAX_INTEGER_DIGITS = 18

#: The contract's pattern for an amount: digits, optionally a point and digits. ASCII only
#: (``\d`` would accept Arabic-Indic digits).
AMOUNT_PATTERN = re.compile(r"[0-9]+(?:\.[0-9]+)?")

#: Rounding modes by knob value. ``ROUND_HALF_UP`` rounds ties away from zero, as the contract
#: asks (-0.125 gives -0.13); ``ROUND_HALF_EVEN`` is banker's rounding (-0.125 gives -0.12).
ROUNDING_MODES: Mapping[str, str] = MappingProxyType(
    {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}
)

#: Arithmetic context of every quote: 60 significant digits hold any amount (18 digits and up
#: to 6 decimals) times any quantity (up to 10**9) times a day factor with room to spare, so
#: nothing is rounded before :meth:`Currency.round`.
MONEY_CONTEXT = Context(prec=60)

_QUANTA = tuple(Decimal(1).scaleb(-places) for places in range(MAX_MINOR_UNITS + 1))
_ZERO = Decimal(0)


def minor_units_of(code: str, overrides: Mapping[str, int] | None = None) -> int | None:
    """Minor units of a currency: the catalog's override, else ISO 4217, else ``None``.

    >>> minor_units_of("IDR"), minor_units_of("IDR", {"IDR": 0}), minor_units_of("XYZ")
    (2, 0, None)
    """
    if overrides is not None:
        found = overrides.get(code)
        if found is not None:
            return found
    return ISO_4217_MINOR_UNITS.get(code)


def decimal_places(text: str) -> int:
    """Digits after the point of an amount string matching :data:`AMOUNT_PATTERN`.

    >>> decimal_places("12"), decimal_places("12.5"), decimal_places("0.125")
    (0, 1, 3)
    """
    point = text.find(".")
    return 0 if point < 0 else len(text) - point - 1


def places_of(value: Decimal) -> int:
    """Digits after the point a decimal was written with (``Decimal("5.00")`` has 2).

    >>> places_of(Decimal("5.00")), places_of(Decimal("5")), places_of(Decimal("1E+2"))
    (2, 0, 0)
    """
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def integer_digits(text: str) -> int:
    """Digits before the point of an amount string, leading zeros not counted.

    >>> integer_digits("0012.50"), integer_digits("0.5")
    (2, 0)
    """
    point = text.find(".")
    head = text if point < 0 else text[:point]
    return len(head.lstrip("0"))


@lru_cache(maxsize=512)
def format_decimal(value: Decimal) -> str:
    """Shortest plain decimal string of a number (no exponent, no trailing zeros).

    Used for rates and day totals, which are not money: ``"30"``, ``"30.4375"``, ``"0.15"``.

    >>> [format_decimal(Decimal(text)) for text in ("30.4375", "30.00", "0.150")]
    ['30.4375', '30', '0.15']
    """
    if value == _ZERO:
        return "0"
    return format(value.normalize(MONEY_CONTEXT), "f")


@dataclass(frozen=True, slots=True)
class Currency:
    """A currency code and the minor units its amounts are rounded to.

    Attributes:
        code: ISO 4217 code (or a code the catalog defines), three capital letters.
        minor_units: Digits after the decimal point, 0 to :data:`MAX_MINOR_UNITS`.
    """

    code: str
    minor_units: int
    quantum: Decimal = field(init=False, repr=False, compare=False)
    zero_text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 0 <= self.minor_units <= MAX_MINOR_UNITS:
            raise ValueError(f"minor units {self.minor_units} outside 0..{MAX_MINOR_UNITS}")
        quantum = _QUANTA[self.minor_units]
        object.__setattr__(self, "quantum", quantum)
        object.__setattr__(self, "zero_text", str(quantum * 0))

    def round(self, value: Decimal, *, rounding: str) -> Decimal:
        """Round an amount to this currency's minor units: the engine's only money rounding.

        Args:
            value: The exact amount.
            rounding: ``half_up`` (ties away from zero) or ``half_even``.

        Returns:
            The amount with exactly ``minor_units`` decimals; never a negative zero.

        >>> Currency("USD", 2).round(Decimal("5.335"), rounding="half_even")
        Decimal('5.34')
        >>> Currency("USD", 2).round(Decimal("-0.004"), rounding="half_up")
        Decimal('0.00')
        """
        rounded = value.quantize(
            self.quantum, rounding=ROUNDING_MODES[rounding], context=MONEY_CONTEXT
        )
        # -0.004 rounds to -0.00, which would print as "-0.00": money has no signed zero.
        return rounded if rounded else rounded.copy_abs()

    def format(self, value: Decimal) -> str:
        """The amount as a decimal string with exactly ``minor_units`` decimals.

        The value must already be rounded (:meth:`round`); this only pads, it never rounds.

        >>> Currency("USD", 2).format(Decimal("5")), Currency("IDR", 0).format(Decimal("15000"))
        ('5.00', '15000')
        >>> Currency("USD", 2).format(Decimal("-0.00"))
        '0.00'
        """
        if not value:
            return self.zero_text
        exact = value.quantize(self.quantum, context=MONEY_CONTEXT)
        if exact != value:
            raise ValueError(f"{value} has more decimals than {self.code} allows")
        # str() of a Decimal with exponent -6..0 is plain notation, and twice as fast as format().
        return str(exact)

    def zero(self) -> str:
        """Zero written with this currency's minor units (``"0.00"``, ``"0"``)."""
        return self.zero_text
