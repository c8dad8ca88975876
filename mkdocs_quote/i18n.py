"""The one place that reads mkdocs-static-i18n's state: which languages, which one now.

mkdocs-static-i18n builds the whole site once per language into one ``site_dir``, calling
every hook again each time, and sets its ``current_language`` before each pass (and Material's
``theme.language`` from it). Both plugins ask this module, never the i18n plugin directly; a
site without static-i18n is one language, the theme's.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

__all__ = [
    "alternates",
    "building_more",
    "current_language",
    "default_language",
    "page_language",
    "site_languages",
]


def _plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get("i18n")


def _theme_language(config: MkDocsConfig) -> str:
    return str(config.theme.get("language") or "en")


def site_languages(config: MkDocsConfig) -> list[str]:
    """The languages this build produces, the default first."""
    i18n = _plugin(config)
    if i18n is None:
        return [_theme_language(config)]
    default = default_language(config)
    built = [str(lang) for lang in i18n.build_languages if lang != "null"]
    return [default, *[lang for lang in built if lang != default]]


def default_language(config: MkDocsConfig) -> str:
    """The language of the site's root (English here), whose pages the others translate."""
    i18n = _plugin(config)
    found = getattr(i18n, "default_language", None) if i18n is not None else None
    return str(found or _theme_language(config))


def current_language(config: MkDocsConfig) -> str:
    """The language being built now (valid from ``on_config`` on)."""
    i18n = _plugin(config)
    lang = getattr(i18n, "current_language", None) if i18n is not None else None
    return str(lang or _theme_language(config))


def building_more(config: MkDocsConfig) -> bool:
    """Whether static-i18n is inside its own pass over the other languages.

    Its ``on_post_build`` runs a build per other language and only then returns: a hook that
    must run once at the very end of the whole build checks this is ``False``.
    """
    return bool(getattr(_plugin(config), "building", False))


def page_language(page: Page, config: MkDocsConfig) -> str:
    """The language a page's file is written in (the default one for a fallback page)."""
    return str(getattr(page.file, "locale", None) or current_language(config))


def alternates(page: Page) -> dict[str, File]:
    """The page's file in each language static-i18n knows it in (language -> file)."""
    found = getattr(page.file, "alternates", None) or {}
    return {str(lang): file for lang, file in found.items()}
