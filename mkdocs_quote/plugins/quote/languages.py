"""The catalog and each language's view of it, checked before anything is built.

:func:`load_catalog` reads and validates the catalog with the engine (a bad catalog names the
file, the path inside it and what is wrong) and checks that the words readers see in sentences
are translated into every language the site builds. :func:`make_view` makes one language's
:class:`~quote_view.view.View`: its messages, its CLDR data (``mkdocs_quote.cldr``) and the
provider's settings for it (:func:`language_settings`), every mistake naming its setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from mkdocs_quote.cldr import locale_data
from mkdocs_quote.messages import MessageError, load_messages
from mkdocs_quote.plugins.quote.config import TEXT_SETTINGS, QuoteConfig
from quote_engine.catalog import Catalog, export_catalog_json, load_catalog_file, validate_catalog
from quote_engine.errors import QuoteError
from quote_view.locale import Formatter
from quote_view.messages import Messages
from quote_view.view import LanguageSettings, View

__all__ = ["SiteCatalog", "language_settings", "load_catalog", "make_view"]


@dataclass(frozen=True, slots=True)
class SiteCatalog:
    """The validated catalog and its canonical JSON, which the browser's engine gets.

    Attributes:
        path: The catalog file.
        catalog: The engine's validated catalog: what every price on the site comes from.
        json: The same catalog as canonical JSON text, for the estimator in the browser.
    """

    path: Path
    catalog: Catalog
    json: str


def load_catalog(path: Path, languages: Sequence[str]) -> SiteCatalog:
    """Load and validate the catalog; check its product and unit names cover ``languages``.

    Plan and add-on names may fall back to English (they are often brand names); product
    names and quantity units appear inside sentences, so every language needs its own.

    Raises:
        PluginError: an unreadable or invalid catalog (file, path inside, problem).
    """
    try:
        data = load_catalog_file(path)
        catalog = validate_catalog(data, str(path))
        text = export_catalog_json(data, str(path))
    except QuoteError as e:
        raise PluginError(f"Invalid catalog: {e}") from None
    for product in catalog.products.values():
        checks = [("name", product.names)]
        if product.quantity.unit:
            checks.append(("quantity.unit", product.quantity.unit))
        for what, names in checks:
            for lang in languages:
                if not names.get(lang):
                    raise PluginError(
                        f"Invalid catalog: {path}: products.{product.id}.{what}: no text in "
                        f"{lang!r}, a language the site builds ({', '.join(languages)}); "
                        "product names and units must be translated (plan and add-on names "
                        "may fall back to English)"
                    )
    return SiteCatalog(path, catalog, text)


def _text(config: QuoteConfig, lang: str, name: str, languages: Sequence[str]) -> str | None:
    own = getattr(config.languages.get(lang), name, None) if lang in config.languages else None
    if own:
        return str(own)
    shared = getattr(config, name)
    if isinstance(shared, dict):
        missing = [code for code in languages if code not in shared]
        if missing:
            raise PluginError(
                f"plugins.quote.{name}: no text for {', '.join(repr(m) for m in missing)}; give "
                f"one text for every language, or one per language the site builds "
                f"({', '.join(languages)})"
            )
        return str(shared[lang])
    return str(shared) if shared else None


def language_settings(
    config: QuoteConfig, lang: str, catalog: Catalog, languages: Sequence[str]
) -> LanguageSettings:
    """The provider's settings for ``lang``, checked against the catalog.

    Raises:
        PluginError: a missing currency, or a currency or tax region the catalog does not
            have; the message names the setting.
    """
    own = config.languages.get(lang)
    currency = (own.currency if own is not None else None) or config.currency
    where = f"plugins.quote.languages.{lang}"
    if currency is None:
        raise PluginError(
            f"{where}.currency: no currency for the language {lang!r}; set it (for example "
            f"'{lang}: {{currency: USD}}') or set plugins.quote.currency for every language"
        )
    if currency not in catalog.currencies:
        raise PluginError(
            f"{where}.currency: {currency}, but the catalog {catalog.source} has no prices in "
            f"{currency} (it has {', '.join(catalog.currencies)})"
        )
    region = own.tax_region if own is not None else None
    if region is not None and region not in catalog.taxes:
        raise PluginError(
            f"{where}.tax_region: {region!r} is not among the catalog's taxes "
            f"({', '.join(catalog.taxes) or 'none'}); write none for no tax"
        )
    values = {}
    for name in TEXT_SETTINGS:
        text = _text(config, lang, name, languages)
        if text is not None:
            values[name] = text
    return LanguageSettings(currency, region, values)


def make_view(
    lang: str, site: SiteCatalog, settings: LanguageSettings, config: QuoteConfig
) -> tuple[View, dict[str, object]]:
    """One language's view of the catalog, and its messages (English filling in).

    The provider's words (``provider``, ``support``, ``client_area``) default to the help
    center's own wording in the language (``settings.*`` messages).

    Raises:
        PluginError: missing or broken message files, or a language Babel cannot format.
    """
    try:
        messages = load_messages(lang)
        data = locale_data(
            lang,
            {c: u.minor_units for c, u in site.catalog.currencies.items()},
            list(site.catalog.taxes),
        )
    except MessageError as e:
        raise PluginError(f"quote plugin: {e}") from None
    except ValueError as e:
        raise PluginError(f"quote plugin: {e}") from None
    defaults = {
        name: str(messages[f"settings.{name}"])
        for name in TEXT_SETTINGS
        if isinstance(messages.get(f"settings.{name}"), str)
    }
    settings = LanguageSettings(
        settings.currency, settings.tax_region, {**defaults, **settings.values}
    )
    fmt = Formatter(data)
    view = View(site.catalog, Messages(messages, fmt), settings, config.example_period_start)
    return view, messages
