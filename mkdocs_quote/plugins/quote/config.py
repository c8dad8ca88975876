"""The ``quote`` plugin's settings in ``mkdocs.yml``, typed the way Material types its plugins."""

from __future__ import annotations

from datetime import date

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

DEFAULT_CURRENCIES = {
    "en": "USD",
    "bn": "BDT",
    "hi": "INR",
    "es": "EUR",
    "id": "IDR",
    "ms": "MYR",
}
"""The currency a reader of each language sees unless a placeholder names one."""

DEFAULT_TAX_REGIONS = {"bn": "BD", "hi": "IN", "es": "ES", "id": "ID", "ms": "MY"}
"""The example tax region (an entry of the catalog's ``taxes``) per language; English has none."""


class IsoDate(c.BaseConfigOption[date]):
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


class QuoteConfig(Config):
    """Settings of the ``quote`` plugin.

    ``currencies`` and ``tax_regions`` are merged over the defaults above, so a site that adds
    a language names only that language's currency.
    """

    enabled = c.Type(bool, default=True)

    # The catalog every price on the site comes from (YAML or JSON), relative to mkdocs.yml.
    catalog = c.File(exists=True)

    # Language -> the currency its readers see; language -> example tax region.
    currencies = c.DictOfItems(CurrencyCode(), default={})
    tax_regions = c.DictOfItems(c.Type(str), default={})

    # Every worked example's billing period starts here (day="1" is this date).
    example_period_start = IsoDate(default="2026-11-01")

    # Where npm put pyodide (and anything else the estimator ships), relative to mkdocs.yml.
    node_modules = c.Dir(default="node_modules")
