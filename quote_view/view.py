"""What every part of the view knows: the catalog, the language, its settings and its words.

A :class:`View` is made once per language (at build time by the MkDocs plugin, in the browser by
:mod:`quote_view.browser`) and handed to the renderers of prices, tables, worked examples and
the estimator. Renderers read names from the engine's validated
:class:`~quote_engine.catalog.Catalog`, never from a raw catalog dict, and quote through
:meth:`View.quote`, the engine's own entry point.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from quote_engine import quote
from quote_engine.catalog import Catalog, Plan, Product
from quote_engine.periods import CYCLE_MONTHS
from quote_view.messages import Messages

__all__ = ["LanguageSettings", "View", "ViewError"]


class ViewError(ValueError):
    """A placeholder or estimator whose arguments do not fit the catalog or the engine."""


@dataclass(frozen=True, slots=True)
class LanguageSettings:
    """What a provider sets per language (``mkdocs.yml``): the defaults a reader starts from.

    Attributes:
        currency: The currency prices are shown in.
        tax_region: The catalog's tax region estimates start with, or ``None`` (no tax: the
            estimate then says that tax is not included).
        values: Texts the messages may name: ``provider`` (the provider's name), ``support``
            (how to reach support, as a phrase), ``client_area`` (what the client area is
            called).
    """

    currency: str
    tax_region: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)


def _is_iso_date(value: str) -> bool:
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


class View:
    """The catalog, one language's messages and formatter, and that language's settings.

    Args:
        catalog: The engine's validated catalog.
        messages: The language's messages (with its formatter, ``messages.fmt``).
        settings: The language's settings.
        period_start: The first day of every worked example's and default estimate's billing
            period.
    """

    def __init__(
        self,
        catalog: Catalog,
        messages: Messages,
        settings: LanguageSettings,
        period_start: date,
    ) -> None:
        self.catalog = catalog
        self.msgs = messages
        self.fmt = messages.fmt
        self.lang = self.fmt.lang
        self.settings = settings
        self.period_start = period_start
        self.table_date = str(messages.messages.get("format.date.table", "medium"))
        self.sentence_date = str(messages.messages.get("format.date.sentence", "long"))

    # -- words ------------------------------------------------------------------------------

    def t(self, key: str, **values: str | int) -> str:
        """The message ``key`` filled in; the language's settings fill ``{provider}`` etc."""
        return self.msgs.fill(key, **{**self.settings.values, **values})

    def t_known(self, key: str, **values: str | int) -> str:
        """Like :meth:`t`, but a field without a value stays visible (engine params)."""
        return self.msgs.fill_known(key, **{**self.settings.values, **values})

    def has(self, key: str) -> bool:
        return key in self.msgs

    def date(self, iso: str) -> str:
        """A date as tables write it in this language."""
        return self.fmt.date(iso, self.table_date)

    def long_date(self, iso: str) -> str:
        """A date as running sentences write it."""
        return self.fmt.date(iso, self.sentence_date)

    def params(self, params: Mapping[str, Any]) -> dict[str, str]:
        """An engine refusal's params written for the language: dates and integers localised."""
        out: dict[str, str] = {}
        for key, value in params.items():
            if isinstance(value, str) and _is_iso_date(value):
                out[key] = self.date(value)
            elif isinstance(value, int) and not isinstance(value, bool):
                out[key] = self.fmt.number(value)
            elif isinstance(value, list):
                out[key] = self.fmt.join([str(v) for v in value])
            else:
                out[key] = str(value)
        return out

    # -- the catalog ------------------------------------------------------------------------

    def product(self, product_id: str) -> Product:
        """The catalog's product ``product_id``.

        Raises:
            ViewError: no such product.
        """
        products = self.catalog.products
        if product_id not in products:
            raise ViewError(
                f"unknown product {product_id!r} (the catalog has {', '.join(sorted(products))})"
            )
        return products[product_id]

    def plan(self, product_id: str, plan_id: str) -> Plan:
        """The plan ``plan_id`` of ``product_id``.

        Raises:
            ViewError: no such product or plan.
        """
        plans = self.product(product_id).plans
        if plan_id not in plans:
            raise ViewError(
                f"unknown plan {plan_id!r} of product {product_id!r} "
                f"(its plans: {', '.join(plans)})"
            )
        return plans[plan_id]

    def plan_price(self, product_id: str, plan_id: str, cycle: str, currency: str) -> str:
        """The catalog price of a plan for one cycle, as a decimal string.

        Raises:
            ViewError: unknown product, plan or cycle, or no price in that currency and cycle.
        """
        check_cycle(cycle)
        prices = self.plan(product_id, plan_id).prices
        if currency not in prices:
            raise ViewError(
                f"plan {plan_id!r} of {product_id!r} has no prices in {currency} "
                f"(it has {', '.join(prices) or 'none'})"
            )
        if cycle not in prices[currency]:
            raise ViewError(
                f"unknown cycle {cycle!r} for plan {plan_id!r} of {product_id!r} in {currency} "
                f"(it is offered {', '.join(prices[currency])})"
            )
        return self.catalog.currency(currency).format(prices[currency][cycle])  # type: ignore[union-attr]

    def tax_name(self, region: str | None) -> str:
        """The name of a region's tax in this language (``VAT``), or the word for tax."""
        tax = self.catalog.taxes.get(region) if region else None
        name = tax.name(self.lang) if tax is not None else None
        return name or self.t("table.tax")

    def quote(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """The engine's answer to ``request`` against this view's catalog."""
        return quote(dict(request), self.catalog)


def check_cycle(cycle: str) -> str:
    """``cycle`` if the contract knows it.

    Raises:
        ViewError: an unknown cycle name.
    """
    if cycle not in CYCLE_MONTHS:
        raise ViewError(f"unknown cycle {cycle!r} (use one of {', '.join(CYCLE_MONTHS)})")
    return cycle
