"""The help center's site-wide behaviour, apart from prices: the ``helpcenter`` MkDocs plugin.

- The theme extensions (``mkdocs_quote/theme``: search box, hreflang links, 404 page, styles,
  Material strings corrected per language), added after the site's own ``custom_dir``.
- Search per language with Pagefind (``search.py``).
- Translators' notices and the ``{{ translation_status }}`` table (``notices.py``,
  ``status_page.py``, ``status.py``).
- A Content-Security-Policy on every page (``csp.py``).
- The date each page was last updated, from the git history (``history.py``).
- Pages refused before anything is built: translations without an English page, broken front
  matter (``status.check_pages``).
- The page's one config element for its scripts (search, and the estimator's part, which the
  quote plugin adds): ``page_config`` in the template context.
- The 404 page in English, whatever language mkdocs-static-i18n built last.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, cast
from urllib.parse import urljoin

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from mkdocs_quote import i18n
from mkdocs_quote.checks import amounts, parity
from mkdocs_quote.cldr import locale_data
from mkdocs_quote.messages import site_messages, theme_strings
from mkdocs_quote.plugins.helpcenter import csp, history, notices, search, status
from mkdocs_quote.plugins.helpcenter.config import HelpCenterConfig
from mkdocs_quote.plugins.helpcenter.status_page import PLACEHOLDER, status_table
from quote_view.locale import Formatter

__all__ = ["HelpCenterPlugin", "THEME_DIR"]

log = get_plugin_logger(__name__)

THEME_DIR = str(Path(__file__).parents[2] / "theme")
STYLESHEET = "assets/helpcenter.css"


_ALTERNATE = re.compile(r'(<link rel="alternate" href=")([^"]*)(" hreflang="[^"]*">)')


def absolute_alternates(html: str, page_url: str) -> str:
    """Rewrite the hreflang links of a page (relative, as Material writes them) against the
    page's absolute URL: search engines want absolute URLs there.

    >>> absolute_alternates('<link rel="alternate" href="../../es/faq/" hreflang="es">',
    ...                     "https://help.example.com/bn/faq/")
    '<link rel="alternate" href="https://help.example.com/es/faq/" hreflang="es">'
    """
    return _ALTERNATE.sub(lambda m: m.group(1) + urljoin(page_url, m.group(2)) + m.group(3), html)


def updated_html(iso: str, msg: dict[str, Any], fmt: Formatter) -> str:
    """The page's "last updated" line: the language's label around its long date.

    >>> from mkdocs_quote.cldr import locale_data
    >>> updated_html("2026-12-03", {"page.updated": "Updated {date}"},
    ...              Formatter(locale_data("bn", {}, [])))
    '<span data-pagefind-ignore>Updated <time datetime="2026-12-03">৩ ডিসেম্বর, ২০২৬</time></span>'
    """
    label = html.escape(str(msg["page.updated"]))
    when = f'<time datetime="{iso}">{html.escape(fmt.date(iso, "long"))}</time>'
    return f"<span data-pagefind-ignore>{label.replace('{date}', when)}</span>"


class SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory across builds in one process.

    mkdocs-static-i18n builds the site once per language, each time with a new Jinja
    environment that would compile Material's templates again. Jinja checks every cached
    bucket against its template's source checksum, so an edited template is compiled anew.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = SharedBytecode()


class HelpCenterPlugin(BasePlugin[HelpCenterConfig]):
    """Theme, search, translators' notices, CSP and the English 404 page."""

    def __init__(self) -> None:
        super().__init__()
        self._serving = False
        self._english_404: str | None = None
        self._status_cache: dict[str, list[status.Entry]] = {}
        self._dates_cache: dict[str, dict[Path, str]] = {}

    def _translations(self, config: MkDocsConfig) -> list[str]:
        return i18n.site_languages(config)[1:]

    def _status(self, config: MkDocsConfig) -> list[status.Entry]:
        key = config.docs_dir
        if key not in self._status_cache:
            self._status_cache[key] = status.report(
                Path(config.docs_dir), self._translations(config)
            )
        return self._status_cache[key]

    def _last_updated(self, page: Page, config: MkDocsConfig) -> str | None:
        """When the page's own source file last changed in git, or None (untracked, no git)."""
        key = config.docs_dir
        if key not in self._dates_cache:
            self._dates_cache[key] = history.last_commit_dates(Path(config.docs_dir))
        source = page.file.abs_src_path
        return self._dates_cache[key].get(Path(source).resolve()) if source else None

    # -- hooks -------------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve``, whose reload script is inline."""
        self._serving = command == "serve"

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Reuse compiled templates across the language passes (see :class:`SharedBytecode`)."""
        env.bytecode_cache = _BYTECODE
        return env

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add the help center's theme extensions; forget the previous build's status.

        The templates, script and styles ship inside this package (``theme/``), as Material's
        own plugins bring theirs: they come after the site's ``custom_dir`` (which may override
        them) and before Material's templates, which they extend.
        """
        if not self.config.enabled:
            return config
        if not config.site_url and not self._serving:
            raise PluginError(
                "site_url is not set in mkdocs.yml: the help center's sitemap, its hreflang "
                "links and the canonical URL of every page must be absolute. Set it to the "
                "address the site is published at, for example "
                "'site_url: https://help.example.com/'."
            )
        dirs = config.theme.dirs
        if THEME_DIR not in dirs:
            custom = config.theme.custom_dir
            at = 1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0
            dirs.insert(at, THEME_DIR)
        if STYLESHEET not in [str(css) for css in config.extra_css]:
            config.extra_css.append(STYLESHEET)
        if not i18n.building_more(config):
            self._status_cache.clear()
            self._dates_cache.clear()
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Refuse, before anything is built, pages MkDocs would publish wrongly without a word
        (a translation without its English page is left out, a broken front matter block is
        printed as text); then, with ``translation_checks``, translations whose placeholders
        differ from their English page's, and pages with amounts typed in prose."""
        if not self.config.enabled or i18n.building_more(config):
            return
        languages = set(i18n.site_languages(config)[1:])
        docs = Path(config.docs_dir)
        errors = status.check_pages(docs, languages)
        if self.config.translation_checks:
            errors += parity.check_docs(docs, languages) + amounts.check_docs(docs)
        if errors:
            raise PluginError(
                "Pages the build refuses (docs_dir: " + config.docs_dir + "):\n" + "\n".join(errors)
            )

    # Before the quote plugin (priority 0), which refuses placeholders it does not know.
    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Render ``{{ translation_status }}``: the translators' table in the reader's language."""
        if not self.config.enabled or not PLACEHOLDER.search(markdown):
            return markdown
        lang = i18n.current_language(config)
        fmt = Formatter(locale_data(lang, {}, []))
        table = status_table(
            self._status(config), self._translations(config), site_messages(lang), fmt
        )
        return PLACEHOLDER.sub(lambda _: table, markdown)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Tell readers when they read English in place of their language, or an old translation."""
        if not self.config.enabled:
            return html
        lang = i18n.current_language(config)
        return notices.add_notices(
            html,
            page,
            lang,
            i18n.default_language(config),
            Path(config.docs_dir),
            site_messages(lang),
        )

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Give the templates the search box's part of the page config and the language's
        corrections of Material's strings."""
        if not self.config.enabled:
            return context
        lang = i18n.current_language(config)
        msg = site_messages(lang)
        extra = cast(dict[str, Any], context)  # our keys beside MkDocs' TemplateContext
        page_config = extra.setdefault("page_config", {})
        page_config["search"] = {
            "base": context.get("base_url", ""),
            "lang": lang,
            "digits": locale_data(lang, {}, []).digits,
            "enabled": self.config.search,
            "messages": {k: v for k, v in msg.items() if k.startswith("search.")},
        }
        extra["helpcenter"] = {
            "lang": lang,
            "default_language": i18n.default_language(config),
            "theme_strings": theme_strings(lang),
        }
        updated = self._last_updated(page, config) if self.config.last_updated else None
        if updated:
            # Material's partials/source-file.html shows meta.revision_date at the end of the
            # article, as it does for mkdocs-git-revision-date-localized-plugin's date.
            page.meta["revision_date"] = updated_html(
                updated, msg, Formatter(locale_data(lang, {}, []))
            )
        return context

    # After every plugin that edits the HTML, before static-i18n's own post-page (-100).
    @event_priority(-90)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Make the hreflang links absolute; add the Content-Security-Policy, with the hashes
        of this page's inline scripts."""
        if not self.config.enabled:
            return output
        if page.canonical_url:
            output = absolute_alternates(output, page.canonical_url)
        if not self.config.csp:
            return output
        return csp.with_csp(output, live_reload=self._serving)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """Keep the default language's 404 page: every language build writes the same file."""
        if self.config.enabled and template_name == "404.html":
            if self.config.csp:
                output_content = csp.with_csp(output_content, live_reload=self._serving)
            if i18n.current_language(config) == i18n.default_language(config):
                self._english_404 = output_content
        return output_content

    # After static-i18n's post-build (-100), which builds the other languages: this runs once
    # more at the very end of the whole build, when static-i18n is no longer building.
    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the English 404 page back and index every language with Pagefind."""
        if not self.config.enabled or i18n.building_more(config):
            return
        site_dir = Path(config.site_dir)
        if self._english_404 is not None:
            (site_dir / "404.html").write_text(self._english_404, encoding="utf-8")
        if self.config.search:
            search.index_site(site_dir)
