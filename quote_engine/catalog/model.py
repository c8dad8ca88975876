"""The catalog's value objects: what a validated catalog holds, frozen.

:class:`Catalog` holds :class:`Product` objects (their :class:`Plan`, :class:`Addon` and
:class:`QuantityRule`) and :class:`TaxRule` objects, with every name and unit the catalog gives
in each language (:func:`pick_name` picks one). ``reading.py`` builds them from catalog data;
nothing else does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from ..money import Currency, minor_units_of
from ..policy import Policy

#: Where the example catalog lives inside the package (read with importlib.resources).
EXAMPLE_CATALOG_RESOURCE = "data/example-catalog.json"

#: How the example catalog is named in messages.
EXAMPLE_CATALOG_SOURCE = "quote_engine/data/example-catalog.json"

#: The largest quantity a catalog may allow (see ``money.MONEY_CONTEXT``).
MAX_QUANTITY = 1_000_000_000

#: Add-on proration values.
ADDON_PRORATIONS = ("daily", "none")


Prices = Mapping[str, Mapping[str, Decimal]]

#: Text by language code (``{"en": "Basic", "bn": "বেসিক"}``), as the catalog's ``name`` blocks.
Names = Mapping[str, str]

#: No names at all: the id stands in.
NO_NAMES: Names = MappingProxyType({})


def _no_names() -> Names:
    return NO_NAMES


def pick_name(names: Names, lang: str) -> str | None:
    """The text for ``lang``, else the English text, else ``None``.

    >>> pick_name({"en": "Basic", "bn": "বেসিক"}, "bn"), pick_name({"en": "Basic"}, "hi")
    ('বেসিক', 'Basic')
    >>> pick_name({}, "en") is None
    True
    """
    return names.get(lang) or names.get("en") or None


@dataclass(frozen=True, slots=True)
class Plan:
    """A plan of a product.

    Attributes:
        id: The plan's id inside its product.
        group: Its family; changes across groups follow ``cross_group``.
        tier: Its rank inside the group (unique there); higher is bigger.
        prices: Price per unit of quantity, by currency then cycle.
        policy: The product's policy with the plan's own overrides applied.
        cycles: The cycles priced in at least one currency.
        names: Its name by language (may be empty: the id stands in).
    """

    id: str
    group: str
    tier: int
    prices: Prices
    policy: Policy
    cycles: frozenset[str]
    names: Names = field(default_factory=_no_names)

    def name(self, lang: str) -> str:
        """The plan's name in ``lang``, falling back to English, then to its id."""
        return pick_name(self.names, lang) or self.id


@dataclass(frozen=True, slots=True)
class Addon:
    """An add-on of a product, priced per subscription and per cycle.

    Attributes:
        id: The add-on's id inside its product.
        prices: Price by currency then cycle.
        proration: ``daily`` (charged and credited by the day) or ``none`` (full price, no
            credit).
        cycles: The cycles priced in at least one currency.
        names: Its name by language (may be empty: the id stands in).
    """

    id: str
    prices: Prices
    proration: str
    cycles: frozenset[str]
    names: Names = field(default_factory=_no_names)

    def name(self, lang: str) -> str:
        """The add-on's name in ``lang``, falling back to English, then to its id."""
        return pick_name(self.names, lang) or self.id


@dataclass(frozen=True, slots=True)
class QuantityRule:
    """The quantities a product allows, both ends included, and the unit counted.

    Attributes:
        min: The smallest quantity.
        max: The largest quantity.
        unit: What is counted, by language (``{"en": "mailboxes"}``); empty when the catalog
            names no unit.
    """

    min: int
    max: int
    unit: Names = field(default_factory=_no_names)

    def unit_name(self, lang: str) -> str | None:
        """The unit in ``lang`` (English as fallback), or ``None`` when there is none."""
        return pick_name(self.unit, lang)


@dataclass(frozen=True, slots=True)
class Product:
    """A product: its plans, add-ons, quantity rule, policy and names."""

    id: str
    policy: Policy
    plans: Mapping[str, Plan]
    addons: Mapping[str, Addon]
    quantity: QuantityRule
    names: Names = field(default_factory=_no_names)

    def name(self, lang: str) -> str:
        """The product's name in ``lang``, falling back to English, then to its id."""
        return pick_name(self.names, lang) or self.id


@dataclass(frozen=True, slots=True)
class TaxRule:
    """A named tax a request may pick with ``tax_region``.

    Attributes:
        region: The region code requests use.
        rate: The rate, a fraction in [0, 1).
        inclusive: Whether catalog prices already include it.
        names: The tax's name by language (``VAT``, ``GST``); may be empty.
        example: Whether the site shows this region in worked examples.
    """

    region: str
    rate: Decimal
    inclusive: bool
    names: Names = field(default_factory=_no_names)
    example: bool = False

    def name(self, lang: str) -> str | None:
        """The tax's name in ``lang`` (English as fallback), or ``None`` when unnamed."""
        return pick_name(self.names, lang)


@dataclass(frozen=True, slots=True)
class Catalog:
    """A validated catalog.

    Attributes:
        source: Where it came from (a file path, ``request.catalog`` ...), for messages.
        products: Products by id.
        taxes: Tax rules by region.
        minor_units: The catalog's overrides of ISO 4217 minor units.
        currencies: The currencies its prices use, with the minor units it bills them in.
    """

    source: str
    products: Mapping[str, Product]
    taxes: Mapping[str, TaxRule]
    minor_units: Mapping[str, int]
    currencies: Mapping[str, Currency]

    def currency(self, code: str) -> Currency | None:
        """The currency with the minor units this catalog bills it in, or ``None`` if unknown.

        >>> from quote_engine.catalog import example_catalog_validated
        >>> cat = example_catalog_validated()
        >>> cat.currency("IDR"), cat.currency("JPY"), cat.currency("XYZ")
        (Currency(code='IDR', minor_units=0), Currency(code='JPY', minor_units=0), None)
        """
        found = self.currencies.get(code)
        if found is not None:
            return found
        units = minor_units_of(code, self.minor_units)
        return None if units is None else Currency(code, units)
