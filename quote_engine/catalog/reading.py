"""Reading catalog data into a :class:`~quote_engine.catalog.model.Catalog`, checking all of it.

Every helper raises :class:`~quote_engine.errors.CatalogIssue` with the dotted path of what it
reads; :func:`validate_catalog` turns the first one into ``invalid_catalog`` naming the source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from ..errors import CatalogIssue, QuoteError
from ..money import (
    AMOUNT_PATTERN,
    MAX_INTEGER_DIGITS,
    MAX_MINOR_UNITS,
    Currency,
    decimal_places,
    integer_digits,
    minor_units_of,
)
from ..periods import CYCLE_MONTHS
from ..policy import Policy, resolve_policy
from .model import (
    ADDON_PRORATIONS,
    MAX_QUANTITY,
    NO_NAMES,
    Addon,
    Catalog,
    Names,
    Plan,
    Prices,
    Product,
    QuantityRule,
    TaxRule,
)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_CURRENCY = re.compile(r"[A-Z]{3}")
_RATE_DECIMALS = MAX_INTEGER_DIGITS  # as a request's tax.rate (request.MAX_RATE_DECIMALS)


# -- validation helpers: each raises CatalogIssue(path, problem) ---------------------------------


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _mapping(value: object, path: str, what: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise CatalogIssue(path, f"{what} must be a mapping, not {kind_of(value)}")
    for key in value:
        if not isinstance(key, str):
            raise CatalogIssue(path, f"key {key!r} must be a string (quote it in YAML)")
    return value


def kind_of(value: object) -> str:
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
            raise CatalogIssue(
                _join(path, lang), f"name must be non-empty text, not {kind_of(text)}"
            )
    if "en" not in names:
        raise CatalogIssue(path, "name needs an English entry (en), the fallback of every language")
    return MappingProxyType({lang: str(text).strip() for lang, text in names.items()})


def _price(value: object, path: str, currency: Currency) -> Decimal:
    if not isinstance(value, str):
        raise CatalogIssue(
            path,
            f'price must be a decimal string such as "5.00", not {kind_of(value)} '
            "(quote it in YAML)",
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
        raise CatalogIssue(path, f"{what} must be a whole number, not {kind_of(value)}")
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
                rate_path, f'rate must be a decimal string such as "0.15", not {kind_of(rate)}'
            )
        if decimal_places(rate) > _RATE_DECIMALS or Decimal(rate) >= 1:
            raise CatalogIssue(
                rate_path, f"rate {rate!r} must be in [0, 1) with at most {_RATE_DECIMALS} decimals"
            )
        inclusive = entry.get("inclusive", False)
        if not isinstance(inclusive, bool):
            raise CatalogIssue(
                _join(path, "inclusive"),
                f"inclusive must be true or false, not {kind_of(inclusive)}",
            )
        if "example" in entry and not isinstance(entry["example"], bool):
            raise CatalogIssue(_join(path, "example"), "example must be true or false")
        names = _names(entry["name"], _join(path, "name")) if "name" in entry else NO_NAMES
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
    unit = NO_NAMES
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
    names = _names(entry["name"], _join(path, "name")) if "name" in entry else NO_NAMES
    group = entry.get("group", product)
    if not isinstance(group, str) or _ID.fullmatch(group) is None:
        raise CatalogIssue(
            _join(path, "group"), f'group must be an id such as "shared", not {kind_of(group)}'
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
    names = _names(entry["name"], _join(path, "name")) if "name" in entry else NO_NAMES
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
    names = _names(entry["name"], _join(path, "name")) if "name" in entry else NO_NAMES
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

    >>> from quote_engine.catalog import EXAMPLE_CATALOG_SOURCE, example_catalog
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
