"""The ``quote`` plugin's settings in ``mkdocs.yml``, typed the way Material types its plugins.

::

    plugins:
      - quote:
          catalog: catalog.yaml
          provider: Example Hosting            # or {en: ..., bn: ...}
          languages:
            en: {currency: USD}                # tax_region: none (the default)
            bn: {currency: BDT, tax_region: BD, support: "..."}

Per language: the ``currency`` its pages show, the catalog's ``tax_region`` its estimates start
with (``none``: no tax, and the estimate says tax is not included), and the words a provider
chooses: ``provider`` (its name), ``support`` (how customers reach support, as a phrase that
fits "contact ..."), ``client_area`` (what its client area is called). Each of those three may
also be set once for every language at the top level; where neither is set, the help center's
own wording in that language is used.
"""

from __future__ import annotations

from datetime import date

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

__all__ = ["LanguageConfig", "QuoteConfig", "TEXT_SETTINGS"]

#: Settings that are words a provider chooses, per language or once for all.
TEXT_SETTINGS = ("provider", "support", "client_area")


class IsoDate(BaseConfigOption[date]):
    """A calendar date written ``YYYY-MM-DD`` (YAML may already have parsed it into a date)."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> date:
        if isinstance(value, date):
            return value
        if not isinstance(value, str):
            raise ValidationError(f"expected a date written YYYY-MM-DD, got {value!r}")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValidationError(f"expected a date written YYYY-MM-DD, got {value!r}") from None


class CurrencyCode(c.Type[str]):
    """An ISO 4217 code: three capital letters."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        code = super().run_validation(value)
        if not (len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()):
            raise ValidationError(f"{code!r} is not an ISO 4217 currency code such as USD")
        return code


class TaxRegion(BaseConfigOption[str | None]):
    """A tax region of the catalog, or ``none`` (YAML ``null`` too) for no tax."""

    def run_validation(self, value: object) -> str | None:
        if value is None or value in ("none", "None", False):
            return None
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"expected a tax region of the catalog or none, got {value!r}")
        return value


class Text(BaseConfigOption[str | dict[str, str] | None]):
    """Words a provider chooses: one text for every language, or a text per language."""

    def run_validation(self, value: object) -> str | dict[str, str] | None:
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return value
        if (
            isinstance(value, dict)
            and value
            and all(
                isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
            )
        ):
            return dict(value)
        raise ValidationError(f"expected a text, or a text per language, got {value!r}")


class LanguageConfig(Config):
    """One language's settings (``languages.<lang>``)."""

    currency = c.Optional(CurrencyCode())
    tax_region = TaxRegion()
    provider = c.Optional(c.Type(str))
    support = c.Optional(c.Type(str))
    client_area = c.Optional(c.Type(str))


class QuoteConfig(Config):
    """Settings of the ``quote`` plugin."""

    enabled = c.Type(bool, default=True)

    # The catalog every price on the site comes from (YAML or JSON), relative to mkdocs.yml.
    catalog = c.File(exists=True)

    # The currency of a language that sets none.
    currency = c.Optional(CurrencyCode())

    # Language -> its settings (see the module's docstring).
    languages = c.DictOfItems(c.SubConfig(LanguageConfig), default={})

    # Words for every language, unless a language sets its own.
    provider = Text()
    support = Text()
    client_area = Text()

    # Every worked example's billing period starts here (day="1" is this date).
    example_period_start = IsoDate(default="2026-11-01")

    # Where npm put pyodide (and anything else the estimator ships), relative to mkdocs.yml.
    node_modules = c.Dir(default="node_modules")
