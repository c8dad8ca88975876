"""The ``quote`` MkDocs plugin: the quote engine's prices, tables, examples and estimators.

Build flow (mkdocs-static-i18n runs all of it once per language, into one ``site_dir``):

1. ``on_config`` loads and validates the catalog (once per content) and every language's
   settings, messages and CLDR data, so a mistake stops the build before any page.
2. ``on_page_markdown`` renders the page's placeholders with the language's view
   (``quote_view``) and leaves a token in the Markdown where each one's HTML goes.
3. ``on_page_content`` puts the HTML where the tokens are and, on a page with an estimator,
   its stylesheet and script; ``on_page_context`` gives the page's script its data.

Errors never show a traceback: a bad catalog, setting or placeholder raises
:class:`PluginError` naming the file, the setting or the page and line, and what is wrong.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import YAML_RE
from mkdocs.utils.templates import TemplateContext

from mkdocs_quote import i18n
from mkdocs_quote.messages import LOCALES_DIR
from mkdocs_quote.plugins.quote import placeholders
from mkdocs_quote.plugins.quote.config import QuoteConfig
from mkdocs_quote.plugins.quote.languages import (
    SiteCatalog,
    language_settings,
    load_catalog,
    make_view,
)
from mkdocs_quote.plugins.quote.pages import PageRender
from mkdocs_quote.runtime import wheel
from mkdocs_quote.runtime.pyodide import Runtime
from quote_view.browser import page_config
from quote_view.html import escape
from quote_view.view import View

__all__ = ["QuotePlugin"]

log = get_plugin_logger(__name__)


def first_line_of_body(page: Page) -> int:
    """The source line of the first Markdown line, after the front matter MkDocs removed."""
    try:
        source = page.file.content_string
    except (OSError, ValueError):
        return 1
    m = YAML_RE.match(source)
    if m is None:
        return 1
    rest = source[m.end() :]
    return source[: m.end()].count("\n") + (len(rest) - len(rest.lstrip("\n"))) + 1


def _base_url(page: Page) -> str:
    relative = get_relative_url(".", page.url)
    return "" if relative == "." else relative + "/"


class QuotePlugin(BasePlugin[QuoteConfig]):
    """Renders ``{{ plans }}``, ``{{ price }}``, ``{{ example }}`` and ``{{ estimator }}``."""

    def __init__(self) -> None:
        super().__init__()
        self._site: SiteCatalog | None = None
        self._key: tuple[str, ...] = ()
        self._views: dict[str, tuple[View, dict[str, Any]]] = {}
        self._runtime: Runtime | None = None
        self._pages: dict[str, PageRender] = {}
        # Rendered prices, tables and examples by (language, placeholder, arguments).
        self._rendered: dict[tuple[object, ...], str] = {}

    # -- hooks -------------------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Validate the catalog and every language's settings before anything is built.

        Runs again for each language static-i18n builds: the catalog is read each time (so an
        edit during ``mkdocs serve`` is seen) but validated only when its content changed.
        """
        if not self.config.enabled:
            return config
        languages = i18n.site_languages(config)
        path = Path(self.config.catalog)
        content = hashlib.sha256(path.read_bytes()).hexdigest()
        key = (str(path), content, *languages)
        if self._site is None or key != self._key:
            self._site = load_catalog(path, languages)
            self._key = key
            self._views.clear()
            self._rendered.clear()
            self._runtime = None
        for lang in languages:
            self._view(lang, languages)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Start a language pass afresh; the estimator's files are checked again (a rebuild
        may have cleaned the site; making them again is cached)."""
        self._pages.clear()
        self._runtime = None

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Render the page's placeholders for the language being built.

        Runs at the default priority: after the helpcenter plugin (100) has filled in its own
        ``{{ translation_status }}`` and ``{{ terminology }}``, which this plugin would refuse.
        """
        if not self.config.enabled:
            return markdown
        where = page.file.src_uri
        first_line = first_line_of_body(page)
        try:
            found = placeholders.find(markdown, first_line)
        except placeholders.PlaceholderError as e:
            raise PluginError(f"Error in page '{where}', line {e.line}: {e.message}") from None
        if not found:
            return markdown
        view, _ = self._view(i18n.current_language(config), i18n.site_languages(config))
        render = PageRender(where)
        markdown = render.render(view, markdown, found, first_line, self._rendered)
        self._pages[where] = render
        return markdown

    # Early, so the plugins that read the page's HTML (search, the helpcenter's CSP hashes)
    # see the rendered tables and the estimator's scripts, never the tokens.
    @event_priority(50)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put each placeholder's HTML where its token is, and the estimator's files last."""
        render = self._pages.get(page.file.src_uri)
        if render is None:
            return html
        html = render.swap(html, page.toc.items)
        if render.estimator:
            base = _base_url(page)
            urls = self._estimator(config).urls
            html += (
                f'\n<link rel="stylesheet" href="{escape(base + urls["widget.css"])}">'
                f'\n<script type="module" src="{escape(base + urls["widget.js"])}"></script>'
            )
        return html

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Give a page with an estimator its part of the page's one config element."""
        render = self._pages.pop(page.file.src_uri, None)
        if render is None or not render.estimator:
            return context
        view, messages = self._view(i18n.current_language(config), i18n.site_languages(config))
        base = _base_url(page)
        runtime = self._estimator(config)
        extra = cast(dict[str, Any], context)  # our keys beside MkDocs' TemplateContext
        extra.setdefault("page_config", {})["estimator"] = {
            "urls": {name: base + url for name, url in runtime.urls.items()},
            "manifest": dict(runtime.manifest),
            "view": page_config(view, messages),
        }
        return context

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild on edits of the catalog and of the message files, which live outside docs/."""
        if self.config.enabled:
            server.watch(self.config.catalog)
            server.watch(str(LOCALES_DIR))
        return server

    # -- internals ---------------------------------------------------------------------------

    def _view(self, lang: str, languages: list[str]) -> tuple[View, dict[str, Any]]:
        """A language's view and messages, made once per catalog content."""
        found = self._views.get(lang)
        if found is None:
            assert self._site is not None
            settings = language_settings(self.config, lang, self._site.catalog, languages)
            found = make_view(lang, self._site, settings, self.config)
            self._views[lang] = found
        return found

    def _estimator(self, config: MkDocsConfig) -> Runtime:
        """The estimator's files in the site, made on the first page that needs them."""
        if self._runtime is None:
            assert self._site is not None
            # The default language's view: the same for every language pass, so the runtime's
            # trace (which renders estimates with it) runs once per content, not per language.
            languages = i18n.site_languages(config)
            view, messages = self._view(languages[0], languages)
            sample = json.dumps(page_config(view, messages), ensure_ascii=False, sort_keys=True)
            try:
                self._runtime = wheel.prepare(
                    Path(config.site_dir), Path(self.config.node_modules), self._site.json, sample
                )
            except (OSError, ValueError, RuntimeError) as e:
                raise PluginError(
                    f"quote plugin: cannot prepare the estimator's files: {e}"
                ) from None
            log.debug("estimator files in %s: %s", config.site_dir, self._runtime.urls)
        return self._runtime
