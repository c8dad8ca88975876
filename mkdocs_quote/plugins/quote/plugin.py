"""The ``quote`` MkDocs plugin: the quote engine's prices, tables and examples in every language.

Build flow (mkdocs-static-i18n runs all of it once per language, into one ``site_dir``):

1. ``on_config`` loads and validates the catalog (once per catalog content), checks that every
   product is named in every language the site builds and that each language has a currency,
   messages and a known example tax region.
2. ``on_page_markdown`` finds the placeholders of a page, renders each for the language being
   built, and leaves a token in the Markdown where the HTML goes.
3. ``on_page_content`` swaps the tokens for the HTML, so nothing the Markdown extensions do can
   alter a table, and appends the estimator's scripts to the pages that have an estimator.

Errors never show a traceback: a bad catalog or placeholder raises :class:`PluginError` naming
the file, the line or path inside it, and what is wrong.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import YAML_RE

from mkdocs_quote.plugins.quote import placeholders, render
from mkdocs_quote.runtime import wheel as assets
from mkdocs_quote.plugins.quote.config import DEFAULT_CURRENCIES, DEFAULT_TAX_REGIONS, QuoteConfig
from mkdocs_quote.plugins.quote.context import Assets, RenderContext
from mkdocs_quote.babel_format import BabelFormatter
from mkdocs_quote.messages import MESSAGES_DIR, MessageError, load_messages

log = get_plugin_logger(__name__)

# -- time spent in this plugin's hooks, read by bench/build.py -------------------------------------

HOOK_SECONDS: dict[str, float] = {}
"""Wall-clock seconds spent in each hook of this plugin since :func:`reset_timings`, by hook."""

HOOK_CPU_SECONDS: dict[str, float] = {}
"""The same in CPU seconds of this process (what other processes on the machine cannot skew)."""

_F = TypeVar("_F", bound=Callable[..., Any])


def reset_timings() -> None:
    """Start counting hook time from zero."""
    HOOK_SECONDS.clear()
    HOOK_CPU_SECONDS.clear()


def _timed(hook: _F) -> _F:
    @functools.wraps(hook)  # keeps `mkdocs_priority`, set by event_priority on the hook
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return hook(*args, **kwargs)
        finally:
            name = hook.__name__
            HOOK_SECONDS[name] = HOOK_SECONDS.get(name, 0.0) + time.perf_counter() - start
            spent = time.process_time() - cpu
            HOOK_CPU_SECONDS[name] = HOOK_CPU_SECONDS.get(name, 0.0) + spent

    return wrapper  # type: ignore[return-value]


# -- helpers ---------------------------------------------------------------------------------------


def site_languages(config: MkDocsConfig) -> list[str]:
    """The languages this build produces: static-i18n's built languages, else the theme's."""
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        return [lang for lang in i18n.build_languages if lang != "null"]  # type: ignore[attr-defined]
    return [str(config.theme.get("language") or "en")]


def current_language(config: MkDocsConfig) -> str:
    """The language being built now.

    static-i18n rebuilds the whole site once per language and sets its ``current_language``
    before each pass (and Material's ``theme.language`` from it), so hooks from ``on_files`` on
    can read it.
    """
    i18n = config.plugins.get("i18n")
    lang = getattr(i18n, "current_language", None) if i18n is not None else None
    return str(lang or config.theme.get("language") or "en")


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


class SharedTemplateCode(BytecodeCache):
    """Compiled Jinja templates kept in memory for every build in this process.

    MkDocs makes a new Jinja environment for each build, and static-i18n runs one build per
    language, so each of Material's templates was compiled six times: a third of the whole
    build. Jinja keys a bucket by template name and file and checks the source's checksum, so
    a template edited during ``mkdocs serve`` is compiled again; environments whose settings
    could compile the same source differently get separate caches (:func:`_template_code`).
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


_TEMPLATE_CODES: dict[tuple[object, ...], SharedTemplateCode] = {}


def _template_code(env: Environment) -> SharedTemplateCode:
    """The shared cache for environments configured like ``env`` (syntax and extensions)."""
    settings = (
        tuple(sorted(env.extensions)),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        repr(env.autoescape),
        env.optimized,
    )
    return _TEMPLATE_CODES.setdefault(settings, SharedTemplateCode())


@dataclass(frozen=True, slots=True)
class LoadedCatalog:
    """The validated catalog: plain data in the file's order, and its canonical JSON."""

    data: Mapping[str, Any]
    json: str
    minor_units: Mapping[str, int]
    validated: Any


def load_catalog(path: Path, languages: list[str]) -> LoadedCatalog:
    """Load and validate the catalog, and check product names cover ``languages``.

    Raises:
        PluginError: unreadable or invalid catalog (message with file, path inside, problem).
    """
    from quote_engine.catalog import export_catalog_json, load_catalog_file, validate_catalog
    from quote_engine.errors import QuoteError
    from quote_engine.money import minor_units_of

    try:
        # A QuoteError "invalid_catalog" names the file, the path inside it and the problem.
        # The validated catalog prices the build's quotes; the canonical JSON is what the
        # browser's engine gets, so both quote from the very same catalog.
        data = load_catalog_file(path)
        validated = validate_catalog(data, str(path))
        text = export_catalog_json(data, str(path))
    except QuoteError as e:
        raise PluginError(f"Invalid catalog: {e}") from None
    # `data` and `text` hold the same catalog; the parsed file keeps the author's order of
    # plans, groups and taxes, which the tables and messages follow.
    for product_id, product in data.get("products", {}).items():
        names = product.get("name") or {}
        for lang in languages:
            if not names.get(lang):
                raise PluginError(
                    f"Invalid catalog: {path}: products.{product_id}.name: no name in "
                    f"{lang!r}, a language the site builds ({', '.join(languages)}); "
                    "product names must be translated (plan and add-on names may fall back "
                    "to English)"
                )
    overrides = {
        code: int(entry["minor_units"])
        for code, entry in (data.get("currencies") or {}).items()
        if isinstance(entry, Mapping) and "minor_units" in entry
    }
    # The engine's minor units (its ISO 4217 table under the catalog's overrides) for every
    # currency the catalog prices, so amounts are written with exactly the decimals it rounds to.
    minor_units = {}
    for code in sorted(_offered_currencies(data)):
        units = minor_units_of(code, overrides)
        if units is not None:
            minor_units[code] = units
    return LoadedCatalog(data, text, minor_units, validated)


def _offered_currencies(catalog: Mapping[str, Any]) -> set[str]:
    return {
        currency
        for product in catalog.get("products", {}).values()
        for plan in product.get("plans", {}).values()
        for currency in plan.get("prices", {})
    }


@dataclass(slots=True)
class _PageState:
    """The rendered placeholders of one page between on_page_markdown and on_page_content."""

    ctx: RenderContext
    where: str
    blocks: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    inline: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    estimator: bool = False


_RENDERERS: Mapping[str, Callable[[RenderContext, Mapping[str, str]], str]] = {
    "plans": render.render_plans,
    "price": render.render_price,
    "example": render.render_example,
}


class QuotePlugin(BasePlugin[QuoteConfig]):
    """Renders ``{{ plans }}``, ``{{ price }}``, ``{{ example }}`` and ``{{ estimator }}``."""

    def __init__(self) -> None:
        super().__init__()
        self._catalog: LoadedCatalog | None = None
        self._catalog_key: tuple[str, ...] = ()
        self._contexts: dict[str, RenderContext] = {}
        self._assets: Assets | None = None
        self._pages: dict[str, _PageState] = {}
        # Rendered plans/price/example HTML by (language, placeholder, arguments): the same
        # table on several pages, or in a fallback page, is rendered once per language.
        self._rendered: dict[tuple[Any, ...], str] = {}

    # -- hooks -------------------------------------------------------------------------------

    @_timed
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Validate the catalog and the per-language settings before anything is built.

        Runs again for each language static-i18n builds; the catalog is read each time (so an
        edit during ``mkdocs serve`` is seen) but validated only when its content changed.
        """
        if not self.config.enabled:
            return config
        languages = site_languages(config)
        path = Path(self.config.catalog)
        content = hashlib.sha256(path.read_bytes()).hexdigest()
        key = (str(path), content, *languages)
        if self._catalog is None or key != self._catalog_key:
            self._catalog = load_catalog(path, languages)
            self._catalog_key = key
            self._contexts.clear()
            self._rendered.clear()
            self._assets = None
        for lang in languages:
            self._language_context(lang)
        return config

    @_timed
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Start a language pass afresh: its own pages, and a check that the estimator's files
        are still in the site (a rebuild may have cleaned it; making them again is cached).
        """
        self._pages.clear()
        self._assets = None

    @_timed
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Render the page's placeholders for the language being built.

        Each placeholder becomes a token; its HTML waits for ``on_page_content``. Runs at the
        default priority: after the helpcenter plugin (100) has filled in its own
        ``{{ translation_status }}``, which this plugin would refuse as unknown.
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
        ctx = replace(
            self._language_context(current_language(config)),
            base_url=_base_url(page),
            page=where,
        )
        if any(p.name == "estimator" for p in found):
            ctx = replace(ctx, assets=self._estimator_assets(config))
        state = _PageState(ctx, where)
        page_key = hashlib.sha256(where.encode()).hexdigest()[:8]
        tokens: dict[placeholders.Placeholder, str] = {}
        for index, p in enumerate(found):
            token = f"qeslot{page_key}n{index}x"
            try:
                fragment, plain = self._render(ctx, p)
            except (render.RenderError, ValueError) as e:
                raise PluginError(
                    f"Error in page '{where}', line {p.line}: {{{{ {p.name} }}}}: {e}"
                ) from None
            (state.blocks if p.spec.block else state.inline)[token] = (fragment, p.line, plain)
            state.estimator = state.estimator or p.name == "estimator"
            tokens[p] = token
        self._pages[where] = state
        return placeholders.replace(markdown, tokens, first_line)

    # Early, so the plugins that read the page's HTML (search, privacy, the helpcenter's CSP
    # hashes) see the rendered tables and the estimator's scripts, never the tokens.
    @event_priority(50)
    @_timed
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put each placeholder's HTML where its token is, and the estimator's scripts last."""
        state = self._pages.pop(page.file.src_uri, None)
        if state is None:
            return html
        for token, (fragment, line, _) in state.blocks.items():
            wrapped = f"<p>{token}</p>"
            if html.count(wrapped) != 1:
                raise PluginError(
                    f"Error in page '{state.where}', line {line}: this placeholder ended up "
                    "inside other markup (a table, heading or raw HTML block); give it a line "
                    "of its own with blank lines around"
                )
            html = html.replace(wrapped, fragment)
        for token, (fragment, line, plain) in state.inline.items():
            if html.count(token) != 1:
                raise PluginError(
                    f"Error in page '{state.where}', line {line}: this price placeholder "
                    "ended up in an HTML attribute or was copied by another extension"
                )
            html = html.replace(token, fragment)
            _replace_in_toc(page.toc.items, token, plain)
        if state.estimator:
            from mkdocs_quote.plugins.quote import widget

            html += "\n" + widget.page_assets(state.ctx)
        return html

    # Last, after other plugins (static-i18n adds `loopcontrols`) have set up the environment,
    # so the cache chosen matches its final configuration.
    @event_priority(-100)
    @_timed
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Share compiled templates between static-i18n's per-language builds.

        Runs before any page or theme template is rendered, which is when Jinja compiles.
        """
        if self.config.enabled and env.bytecode_cache is None:
            env.bytecode_cache = _template_code(env)
        return env

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild on edits of the catalog and of the message files, which live outside docs/."""
        if self.config.enabled:
            server.watch(self.config.catalog)
            server.watch(str(MESSAGES_DIR))
        return server

    # -- internals ---------------------------------------------------------------------------

    def _language_context(self, lang: str) -> RenderContext:
        """The page-independent part of a language's render context (cached per language)."""
        ctx = self._contexts.get(lang)
        if ctx is not None:
            return ctx
        assert self._catalog is not None
        catalog = self._catalog
        currencies = {**DEFAULT_CURRENCIES, **self.config.currencies}
        regions = {**DEFAULT_TAX_REGIONS, **self.config.tax_regions}
        if lang not in currencies:
            raise PluginError(
                f"plugins.quote.currencies: no currency for the language {lang!r}; "
                f"add '{lang}: <ISO code>' to it in mkdocs.yml"
            )
        currency = currencies[lang]
        if currency not in _offered_currencies(catalog.data):
            raise PluginError(
                f"plugins.quote.currencies: {lang} -> {currency}, but the catalog "
                f"{self.config.catalog} has no prices in {currency}"
            )
        region = regions.get(lang)
        if region is not None and region not in catalog.data.get("taxes", {}):
            raise PluginError(
                f"plugins.quote.tax_regions: {lang} -> {region}, but the catalog "
                f"{self.config.catalog} has no such entry under 'taxes'"
            )
        try:
            messages = load_messages(lang)
            fmt = BabelFormatter(lang, catalog.minor_units)
        except MessageError as e:
            raise PluginError(f"quote plugin: {e}") from None
        except ValueError as e:  # Babel: unknown locale, or digits we do not know
            raise PluginError(f"quote plugin: cannot format numbers for {lang!r}: {e}") from None
        ctx = RenderContext(
            lang=lang,
            currency=currency,
            tax_region=region,
            catalog=catalog.data,
            messages=messages,
            fmt=fmt,
            assets=Assets({}),
            base_url="",
            example_period_start=self.config.example_period_start,
            validated=catalog.validated,
        )
        self._contexts[lang] = ctx
        return ctx

    def _estimator_assets(self, config: MkDocsConfig) -> Assets:
        """The estimator's files in the site, made on the first page that needs them."""
        if self._assets is None:
            assert self._catalog is not None
            try:
                urls = assets.prepare(
                    Path(config.site_dir), Path(self.config.node_modules), self._catalog.json
                )
            except (OSError, ValueError, RuntimeError) as e:
                raise PluginError(
                    f"quote plugin: cannot prepare the estimator's files: {e}"
                ) from None
            log.debug("estimator files in %s: %s", config.site_dir, urls)
            self._assets = Assets(urls)
        return self._assets

    def _render(self, ctx: RenderContext, p: placeholders.Placeholder) -> tuple[str, str]:
        """(HTML, plain text for a table of contents) of one placeholder."""
        args = p.arguments
        if p.name == "estimator":
            from mkdocs_quote.plugins.quote import widget

            render.check_change(ctx, args)
            return widget.render_widget(ctx, args), ""
        key = (ctx.lang, p.name, tuple(sorted(args.items())))
        fragment = self._rendered.get(key)
        if fragment is None:
            fragment = _RENDERERS[p.name](ctx, args)
            self._rendered[key] = fragment
        plain = ""
        if p.name == "price":
            currency = render.currency_of(ctx, args)
            amount = render.plan_price(ctx, args["product"], args["plan"], args["cycle"], currency)
            plain = ctx.fmt.money(amount, currency)
        return fragment, plain


def _base_url(page: Page) -> str:
    relative = get_relative_url(".", page.url)
    return "" if relative == "." else relative + "/"


def _replace_in_toc(items: list[AnchorLink], token: str, text: str) -> None:
    for item in items:
        if token in item.title:
            item.title = item.title.replace(token, text)
        _replace_in_toc(item.children, token, text)
