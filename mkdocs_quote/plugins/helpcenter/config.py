"""The ``helpcenter`` plugin's settings in ``mkdocs.yml``."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

__all__ = ["HelpCenterConfig"]


class HelpCenterConfig(Config):
    """Settings of the ``helpcenter`` plugin.

    All optional: the defaults are what a help center wants.
    """

    enabled = c.Type(bool, default=True)

    # Index every language with Pagefind after the build (off: no search box).
    search = c.Type(bool, default=True)

    # Refuse translations whose placeholders differ from their English page's, and amounts
    # typed in prose. Off only for a site whose translations differ on purpose (the test
    # fixtures). Translations without an English page and broken front matter are refused
    # whatever this says.
    translation_checks = c.Type(bool, default=True)

    # Show at the end of each page the date of the last commit to its source file.
    last_updated = c.Type(bool, default=True)

    # Put a Content-Security-Policy meta tag on every page.
    csp = c.Type(bool, default=True)
