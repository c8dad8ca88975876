"""The catalog: products, plans, prices, add-ons, taxes and policies, validated once.

A catalog is YAML or JSON with one structure (see the contract's "Catalog" section)::

    version: 1
    currencies: {IDR: {minor_units: 0}}          # optional overrides of ISO 4217
    taxes:
      BD: {rate: "0.15", inclusive: false, name: {en: VAT}}
    products:
      dns:
        name: {en: DNS Service}
        policy: {preset: whmcs, downgrade: at_renewal}
        quantity: {min: 1, max: 1, unit: {en: zones}}   # optional; without it quantity is 1
        plans:
          basic: {name: {en: Basic}, group: dns, tier: 1, prices: {USD: {monthly: "5.00"}}}
        addons:
          extra-zones:
            {name: {en: 10 extra zones}, prices: {USD: {monthly: "2.00"}}, proration: daily}

:func:`validate_catalog` turns that data into frozen value objects or raises
``QuoteError(code="invalid_catalog")`` whose message names the source file, the dotted path
inside it and what is wrong, as Material's meta plugin names the file it could not read:

>>> try:
...     validate_catalog({"products": {"dns": {"plans": {"basic": {"tier": 1,
...         "prices": {"USD": {"monthly": "5.001"}}}}}}}, "catalog.yml")
... except QuoteError as error:
...     for part in error.message.split(": "):
...         print(part)
catalog.yml
products.dns.plans.basic.prices.USD.monthly
price '5.001' has 3 decimals; USD allows 2

Beyond the contract the catalog accepts ``taxes.<region>.example`` (a flag the site uses to pick
the regions it shows in examples), a ``policy:`` block on a plan (the target plan's knobs win)
and an optional ``name`` (language -> text, with an English entry) on products, plans and
add-ons. Anything else unknown is refused, so a misspelt ``policy`` cannot silently fall back
to defaults and publish a wrong price.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from .errors import CatalogIssue, QuoteError
from .money import (
    AMOUNT_PATTERN,
    MAX_INTEGER_DIGITS,
    MAX_MINOR_UNITS,
    Currency,
    decimal_places,
    integer_digits,
    minor_units_of,
)
from .periods import CYCLE_MONTHS
from .policy import Policy, resolve_policy

#: Where the example catalog lives inside the package (read with importlib.resources).
EXAMPLE_CATALOG_RESOURCE = "data/example-catalog.json"

#: How the example catalog is named in messages.
EXAMPLE_CATALOG_SOURCE = "quote_engine/data/example-catalog.json"

#: The largest quantity a catalog may allow (see ``money.MONEY_CONTEXT``).
MAX_QUANTITY = 1_000_000_000

#: Add-on proration values.
ADDON_PRORATIONS = ("daily", "none")

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_CURRENCY = re.compile(r"[A-Z]{3}")
_RATE_DECIMALS = MAX_INTEGER_DIGITS  # as a request's tax.rate (api.MAX_RATE_DECIMALS)

Prices = Mapping[str, Mapping[str, Decimal]]

#: Text by language code (``{"en": "Basic", "bn": "বেসিক"}``), as the catalog's ``name`` blocks.
Names = Mapping[str, str]

_NO_NAMES: Names = MappingProxyType({})


def _no_names() -> Names:
    return _NO_NAMES


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

        >>> cat = validate_catalog(example_catalog(), "example")
        >>> cat.currency("IDR"), cat.currency("JPY"), cat.currency("XYZ")
        (Currency(code='IDR', minor_units=0), Currency(code='JPY', minor_units=0), None)
        """
        found = self.currencies.get(code)
        if found is not None:
            return found
        units = minor_units_of(code, self.minor_units)
        return None if units is None else Currency(code, units)


# -- validation helpers: each raises CatalogIssue(path, problem) ---------------------------------


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _mapping(value: object, path: str, what: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise CatalogIssue(path, f"{what} must be a mapping, not {_kind(value)}")
    for key in value:
        if not isinstance(key, str):
            raise CatalogIssue(path, f"key {key!r} must be a string (quote it in YAML)")
    return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return f"a {type(value).__name__}"


def _only_keys(value: Mapping[str, object], path: str, allowed: tuple[str, ...]) -> None:
    for key in value:
        if key not in allowed:
            raise CatalogIssue(
                _join(path, key), f"unknown key {key!r}; allowed here: {', '.join(allowed)}"
            )


def _identifier(key: str, path: str, what: str) -> str:
    if _ID.fullmatch(key) is None:
        raise CatalogIssue(
            path,
            f"{what} id {key!r} must be 1 to 64 letters, digits, '.', '_' or '-',"
            " starting with a letter or digit",
        )
    return key


def _names(value: object, path: str) -> Names:
    names = _mapping(value, path, "name")
    if not names:
        raise CatalogIssue(path, "name needs at least an English entry (en)")
    for lang, text in names.items():
        if _LANGUAGE.fullmatch(lang) is None:
            raise CatalogIssue(_join(path, lang), f"{lang!r} is not a language code")
        if not isinstance(text, str) or not text.strip():
            raise CatalogIssue(_join(path, lang), f"name must be non-empty text, not {_kind(text)}")
    if "en" not in names:
        raise CatalogIssue(path, "name needs an English entry (en), the fallback of every language")
    return MappingProxyType({lang: str(text).strip() for lang, text in names.items()})


def _price(value: object, path: str, currency: Currency) -> Decimal:
    if not isinstance(value, str):
        raise CatalogIssue(
            path,
            f'price must be a decimal string such as "5.00", not {_kind(value)} (quote it in YAML)',
        )
    if value.startswith("-") and AMOUNT_PATTERN.fullmatch(value[1:]):
        raise CatalogIssue(path, f"price {value!r} is negative")
    if AMOUNT_PATTERN.fullmatch(value) is None:
        raise CatalogIssue(path, f'price {value!r} is not a decimal such as "5.00"')
    places = decimal_places(value)
    if places > currency.minor_units:
        raise CatalogIssue(
            path,
            f"price {value!r} has {places} decimals; {currency.code} allows {currency.minor_units}",
        )
    if integer_digits(value) > MAX_INTEGER_DIGITS:
        raise CatalogIssue(path, f"price {value!r} has more than {MAX_INTEGER_DIGITS} digits")
    return Decimal(value)


def _prices(value: object, path: str, overrides: Mapping[str, int]) -> Prices:
    table = _mapping(value, path, "prices")
    if not table:
        raise CatalogIssue(path, "prices must list at least one currency")
    out: dict[str, Mapping[str, Decimal]] = {}
    for code, by_cycle in table.items():
        code_path = _join(path, code)
        if _CURRENCY.fullmatch(code) is None:
            raise CatalogIssue(code_path, f"{code!r} is not a currency code (three capitals)")
        units = minor_units_of(code, overrides)
        if units is None:
            raise CatalogIssue(
                code_path,
                f"unknown currency {code}; add currencies.{code}.minor_units to the catalog",
            )
        currency = Currency(code, units)
        cycles = _mapping(by_cycle, code_path, "prices per cycle")
        if not cycles:
            raise CatalogIssue(code_path, "no cycle is priced")
        row: dict[str, Decimal] = {}
        for cycle, price in cycles.items():
            if cycle not in CYCLE_MONTHS:
                raise CatalogIssue(
                    _join(code_path, cycle),
                    f"unknown cycle {cycle!r}; use one of {', '.join(CYCLE_MONTHS)}",
                )
            row[cycle] = _price(price, _join(code_path, cycle), currency)
        out[code] = MappingProxyType(row)
    return MappingProxyType(out)


def _cycles(prices: Prices) -> frozenset[str]:
    return frozenset(cycle for row in prices.values() for cycle in row)


def _bounded_int(value: object, path: str, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CatalogIssue(path, f"{what} must be a whole number, not {_kind(value)}")
    if not low <= value <= high:
        raise CatalogIssue(path, f"{what} {value} must be between {low} and {high}")
    return value


def _currencies(value: object) -> dict[str, int]:
    table = _mapping(value, "currencies", "currencies")
    out: dict[str, int] = {}
    for code, spec in table.items():
        path = _join("currencies", code)
        if _CURRENCY.fullmatch(code) is None:
            raise CatalogIssue(path, f"{code!r} is not a currency code (three capitals)")
        entry = _mapping(spec, path, "a currency")
        _only_keys(entry, path, ("minor_units",))
        if "minor_units" not in entry:
            raise CatalogIssue(path, "minor_units is missing")
        out[code] = _bounded_int(
            entry["minor_units"], _join(path, "minor_units"), "minor_units", 0, MAX_MINOR_UNITS
        )
    return out


def _taxes(value: object) -> dict[str, TaxRule]:
    table = _mapping(value, "taxes", "taxes")
    out: dict[str, TaxRule] = {}
    for region, spec in table.items():
        path = _join("taxes", region)
        _identifier(region, path, "tax region")
        entry = _mapping(spec, path, "a tax")
        _only_keys(entry, path, ("rate", "inclusive", "name", "example"))
        if "rate" not in entry:
            raise CatalogIssue(path, "rate is missing")
        rate = entry["rate"]
        rate_path = _join(path, "rate")
        if not isinstance(rate, str) or AMOUNT_PATTERN.fullmatch(rate) is None:
            raise CatalogIssue(
                rate_path, f'rate must be a decimal string such as "0.15", not {_kind(rate)}'
            )
        if decimal_places(rate) > _RATE_DECIMALS or Decimal(rate) >= 1:
            raise CatalogIssue(
                rate_path, f"rate {rate!r} must be in [0, 1) with at most {_RATE_DECIMALS} decimals"
            )
        inclusive = entry.get("inclusive", False)
        if not isinstance(inclusive, bool):
            raise CatalogIssue(
                _join(path, "inclusive"), f"inclusive must be true or false, not {_kind(inclusive)}"
            )
        if "example" in entry and not isinstance(entry["example"], bool):
            raise CatalogIssue(_join(path, "example"), "example must be true or false")
        names = _names(entry["name"], _join(path, "name")) if "name" in entry else _NO_NAMES
        example = bool(entry.get("example", False))
        out[region] = TaxRule(region, Decimal(rate), inclusive, names, example)
    return out


def _quantity(value: object, path: str) -> QuantityRule:
    entry = _mapping(value, path, "quantity")
    _only_keys(entry, path, ("min", "max", "unit"))
    for key in ("min", "max"):
        if key not in entry:
            raise CatalogIssue(path, f"{key} is missing")
    low = _bounded_int(entry["min"], _join(path, "min"), "min", 1, MAX_QUANTITY)
    high = _bounded_int(entry["max"], _join(path, "max"), "max", 1, MAX_QUANTITY)
    if low > high:
        raise CatalogIssue(path, f"min {low} is above max {high}")
    unit = _NO_NAMES
    if "unit" in entry:
        spec = entry["unit"]
        if isinstance(spec, str):
            if not spec.strip():
                raise CatalogIssue(_join(path, "unit"), "unit must be non-empty text")
            unit = MappingProxyType({"en": spec.strip()})
        else:
            unit = _names(spec, _join(path, "unit"))
    return QuantityRule(low, high, unit)


def _plan(
    plan_id: str, spec: object, path: str, product: str, base: Policy, overrides: Mapping[str, int]
) -> Plan:
    entry = _mapping(spec, path, "a plan")
    _only_keys(entry, path, ("name", "group", "tier", "prices", "policy"))
    names = _names(entry["name"], _join(path, "name")) if "name" in entry else _NO_NAMES
    group = entry.get("group", product)
    if not isinstance(group, str) or _ID.fullmatch(group) is None:
        raise CatalogIssue(
            _join(path, "group"), f'group must be an id such as "shared", not {_kind(group)}'
        )
    if "tier" not in entry:
        raise CatalogIssue(path, "tier is missing (its rank inside the group)")
    tier = _bounded_int(entry["tier"], _join(path, "tier"), "tier", -1_000_000, 1_000_000)
    if "prices" not in entry:
        raise CatalogIssue(path, "prices are missing")
    prices = _prices(entry["prices"], _join(path, "prices"), overrides)
    policy = (
        resolve_policy(entry["policy"], _join(path, "policy"), base=base)
        if "policy" in entry
        else base
    )
    return Plan(plan_id, group, tier, prices, policy, _cycles(prices), names)


def _addon(addon_id: str, spec: object, path: str, overrides: Mapping[str, int]) -> Addon:
    entry = _mapping(spec, path, "an add-on")
    _only_keys(entry, path, ("name", "prices", "proration"))
    names = _names(entry["name"], _join(path, "name")) if "name" in entry else _NO_NAMES
    if "prices" not in entry:
        raise CatalogIssue(path, "prices are missing")
    prices = _prices(entry["prices"], _join(path, "prices"), overrides)
    proration = entry.get("proration", "daily")
    if not isinstance(proration, str) or proration not in ADDON_PRORATIONS:
        raise CatalogIssue(
            _join(path, "proration"),
            f"unknown proration {proration!r}; use one of {', '.join(ADDON_PRORATIONS)}",
        )
    return Addon(addon_id, prices, proration, _cycles(prices), names)


def _product(product_id: str, spec: object, path: str, overrides: Mapping[str, int]) -> Product:
    entry = _mapping(spec, path, "a product")
    _only_keys(entry, path, ("name", "policy", "quantity", "plans", "addons"))
    names = _names(entry["name"], _join(path, "name")) if "name" in entry else _NO_NAMES
    policy = resolve_policy(entry.get("policy"), _join(path, "policy"))
    quantity = (
        _quantity(entry["quantity"], _join(path, "quantity"))
        if "quantity" in entry
        else QuantityRule(1, 1)
    )
    if "plans" not in entry:
        raise CatalogIssue(path, "plans are missing")
    plans_path = _join(path, "plans")
    plan_specs = _mapping(entry["plans"], plans_path, "plans")
    if not plan_specs:
        raise CatalogIssue(plans_path, "a product needs at least one plan")
    plans: dict[str, Plan] = {}
    tiers: dict[tuple[str, int], str] = {}
    for plan_id, plan_spec in plan_specs.items():
        plan_path = _join(plans_path, plan_id)
        _identifier(plan_id, plan_path, "plan")
        plan = _plan(plan_id, plan_spec, plan_path, product_id, policy, overrides)
        other = tiers.setdefault((plan.group, plan.tier), plan_id)
        if other != plan_id:
            raise CatalogIssue(
                _join(plan_path, "tier"),
                f"tier {plan.tier} is already used by plan {other!r} in group {plan.group!r}",
            )
        plans[plan_id] = plan
    addons: dict[str, Addon] = {}
    if "addons" in entry:
        addons_path = _join(path, "addons")
        for addon_id, addon_spec in _mapping(entry["addons"], addons_path, "addons").items():
            addon_path = _join(addons_path, addon_id)
            _identifier(addon_id, addon_path, "add-on")
            addons[addon_id] = _addon(addon_id, addon_spec, addon_path, overrides)
    return Product(
        product_id, policy, MappingProxyType(plans), MappingProxyType(addons), quantity, names
    )


def _validate(data: object) -> tuple[dict[str, Product], dict[str, TaxRule], dict[str, int]]:
    top = _mapping(data, "", "the catalog")
    _only_keys(top, "", ("version", "currencies", "taxes", "products"))
    if "version" in top and (isinstance(top["version"], bool) or top["version"] != 1):
        raise CatalogIssue(
            "version", f"unsupported version {top['version']!r}; this engine reads version 1"
        )
    overrides = _currencies(top["currencies"]) if "currencies" in top else {}
    taxes = _taxes(top["taxes"]) if "taxes" in top else {}
    if "products" not in top:
        raise CatalogIssue("products", "products are missing")
    product_specs = _mapping(top["products"], "products", "products")
    if not product_specs:
        raise CatalogIssue("products", "the catalog needs at least one product")
    products: dict[str, Product] = {}
    for product_id, spec in product_specs.items():
        path = _join("products", product_id)
        _identifier(product_id, path, "product")
        products[product_id] = _product(product_id, spec, path, overrides)
    return products, taxes, overrides


def validate_catalog(data: object, source: str) -> Catalog:
    """Validate catalog data (as loaded from YAML or JSON) into a :class:`Catalog`.

    Args:
        data: The parsed catalog.
        source: Where it came from, named in messages (a file path, ``request.catalog``).

    Returns:
        The validated, immutable catalog.

    Raises:
        QuoteError: ``invalid_catalog``; ``params`` holds ``source``, ``path`` and ``problem``.

    >>> cat = validate_catalog(example_catalog(), EXAMPLE_CATALOG_SOURCE)
    >>> cat.products["dns"].plans["start"].prices["USD"]["monthly"]
    Decimal('10.00')
    >>> try:
    ...     validate_catalog({"products": {"dns": {"policy": {"preset": "whmc"}}}}, "c.json")
    ... except QuoteError as error:
    ...     print(error.params["source"], error.params["path"], error.params["problem"][:26])
    c.json products.dns.policy.preset unknown preset 'whmc'; use
    """
    try:
        products, taxes, overrides = _validate(data)
    except CatalogIssue as issue:
        raise catalog_error(source, issue.path, issue.problem) from None
    except RecursionError:
        raise catalog_error(source, "", "the catalog is nested too deeply") from None
    codes: set[str] = set()
    for product in products.values():
        for plan in product.plans.values():
            codes.update(plan.prices)
        for addon in product.addons.values():
            codes.update(addon.prices)
    currencies: dict[str, Currency] = {}
    for code in sorted(codes):
        units = minor_units_of(code, overrides)
        assert units is not None  # _prices refused currencies without minor units
        currencies[code] = Currency(code, units)
    return Catalog(
        source,
        MappingProxyType(products),
        MappingProxyType(taxes),
        MappingProxyType(overrides),
        MappingProxyType(currencies),
    )


def catalog_error(source: str, path: str, problem: str) -> QuoteError:
    """An ``invalid_catalog`` error naming the source, the path inside it and the problem."""
    where = f"{source}: {path}" if path else source
    return QuoteError(
        "invalid_catalog",
        f"{where}: {problem}",
        {"source": source, "path": path, "problem": problem},
    )


# -- files ----------------------------------------------------------------------------------------


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(f"duplicate key {key!r}")
        out[key] = value
    return out


def parse_catalog_json(text: str, source: str) -> dict[str, Any]:
    """Parse catalog JSON text (duplicate keys refused) into data for :func:`validate_catalog`.

    Raises:
        QuoteError: ``invalid_catalog`` for malformed JSON, a duplicate key or a non-mapping.

    >>> parse_catalog_json('{"products": {}, "products": {}}', "c.json")
    Traceback (most recent call last):
    ...
    quote_engine.errors.QuoteError: c.json: duplicate key 'products'
    """
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        raise catalog_error(source, "", str(exc)) from None
    except json.JSONDecodeError as exc:
        raise catalog_error(
            source, "", f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise catalog_error(source, "", f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise catalog_error(source, "", f"the catalog must be a mapping, not {_kind(data)}")
    return data


def _parse_yaml(text: str, source: str) -> dict[str, Any]:
    # PyYAML is optional (the engine ships to the browser with the standard library only), so
    # it is imported here, when a YAML file is actually read.
    try:
        import yaml
    except ImportError:
        raise catalog_error(
            source, "", "reading a YAML catalog needs PyYAML; install it or use a .json catalog"
        ) from None

    class _Loader(yaml.SafeLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            seen: set[object] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:
                    duplicate = False
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark
                    )
            return super().construct_mapping(node, deep=deep)

    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise catalog_error(source, "", f"not valid YAML: {exc.problem}{where}") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise catalog_error(source, "", f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise catalog_error(source, "", f"the catalog must be a mapping, not {_kind(data)}")
    return data


def load_catalog_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a catalog file, ``.json`` or ``.yaml``/``.yml``, into data (not yet validated).

    Args:
        path: The file.

    Returns:
        The parsed data; pass it to :func:`validate_catalog` with ``str(path)`` as source.

    Raises:
        QuoteError: ``invalid_catalog`` naming the file for a missing or unreadable file, an
            unknown extension, malformed JSON or YAML, or duplicate keys.
    """
    source = os.fspath(path)
    lowered = source.lower()
    if lowered.endswith(".json"):
        parse = parse_catalog_json
    elif lowered.endswith((".yaml", ".yml")):
        parse = _parse_yaml
    else:
        raise catalog_error(source, "", "a catalog file must end in .json, .yaml or .yml")
    try:
        with open(source, encoding="utf-8-sig") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise catalog_error(source, "", "no such file") from None
    except IsADirectoryError:
        raise catalog_error(source, "", "is a directory, not a catalog file") from None
    except UnicodeDecodeError as exc:
        raise catalog_error(
            source, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except OSError as exc:
        raise catalog_error(source, "", f"cannot be read: {exc.strerror or exc}") from None
    return parse(text, source)


@lru_cache(maxsize=1)
def example_catalog_text() -> str:
    """The example catalog's JSON text, as the package ships it."""
    try:
        return (
            resources.files(__package__ or "quote_engine")
            .joinpath(EXAMPLE_CATALOG_RESOURCE)
            .read_text(encoding="utf-8")
        )
    except (OSError, ModuleNotFoundError) as exc:
        raise catalog_error(EXAMPLE_CATALOG_SOURCE, "", f"cannot be read: {exc}") from None


def example_catalog() -> dict[str, Any]:
    """The project's example catalog as data (a fresh copy on every call).

    >>> sorted(example_catalog()["products"])
    ['dns', 'email', 'hosting', 'network', 'radio']
    """
    return parse_catalog_json(example_catalog_text(), EXAMPLE_CATALOG_SOURCE)


@lru_cache(maxsize=1)
def example_catalog_validated() -> Catalog:
    """The example catalog, validated once per process."""
    return validate_catalog(example_catalog(), EXAMPLE_CATALOG_SOURCE)


def canonical_catalog_json(data: object) -> str:
    """Canonical JSON text of catalog data: sorted keys, compact, ASCII (see ``api``)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def export_catalog_json(data: object, source: str = "catalog") -> str:
    """Validate catalog data and return it as canonical JSON text.

    The text gives the same quotes as the data: ``quote_json(r, export_catalog_json(c))`` equals
    the canonical text of ``quote(json.loads(r), c)``.

    Raises:
        QuoteError: ``invalid_catalog`` as :func:`validate_catalog`.

    >>> export_catalog_json({"products": {"x": {"plans": {"p": {"tier": 1,
    ...     "prices": {"USD": {"monthly": "1.00"}}}}}}})
    '{"products":{"x":{"plans":{"p":{"prices":{"USD":{"monthly":"1.00"}},"tier":1}}}}}'
    """
    validate_catalog(data, source)
    return canonical_catalog_json(data)
