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

    # Put a Content-Security-Policy meta tag on every page.
    csp = c.Type(bool, default=True)
