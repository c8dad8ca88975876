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

>>> from quote_engine.errors import QuoteError
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

from .files import (
    canonical_catalog_json,
    example_catalog,
    example_catalog_text,
    example_catalog_validated,
    export_catalog_json,
    load_catalog_file,
    parse_catalog_json,
)
from .model import (
    ADDON_PRORATIONS,
    EXAMPLE_CATALOG_RESOURCE,
    EXAMPLE_CATALOG_SOURCE,
    MAX_QUANTITY,
    Addon,
    Catalog,
    Names,
    Plan,
    Prices,
    Product,
    QuantityRule,
    TaxRule,
    pick_name,
)
from .reading import catalog_error, validate_catalog

__all__ = [
    "ADDON_PRORATIONS",
    "EXAMPLE_CATALOG_RESOURCE",
    "EXAMPLE_CATALOG_SOURCE",
    "MAX_QUANTITY",
    "Addon",
    "Catalog",
    "Names",
    "Plan",
    "Prices",
    "Product",
    "QuantityRule",
    "TaxRule",
    "canonical_catalog_json",
    "catalog_error",
    "example_catalog",
    "example_catalog_text",
    "example_catalog_validated",
    "export_catalog_json",
    "load_catalog_file",
    "parse_catalog_json",
    "pick_name",
    "validate_catalog",
]
