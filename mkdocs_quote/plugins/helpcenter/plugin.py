"""The help center's site-wide behaviour, apart from prices: the ``helpcenter`` MkDocs plugin.

- Search per language with Pagefind, which builds one index per ``<html lang>`` (Material's lunr
  search cannot stem Bengali, Indonesian or Malay and merges every language into one index).
- Translators' notices: a page shown in English because its translation is missing, or a
  translation made from an older English source (see :mod:`mkdocs_quote.i18n_status`).
- The ``{{ translation_status }}`` placeholder for the translators' status page.
- A Content-Security-Policy meta tag on every page, listing the hashes of the inline scripts the
  page really has, so nothing else can run.
- The 404 page in English, whatever language mkdocs-static-i18n built last.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mkdocs_quote.plugins.helpcenter import status as i18n_status

log = logging.getLogger("mkdocs.plugins.helpcenter")

MESSAGES_DIR = Path(__file__).parents[2] / "locales" / "site"
THEME_DIR = str(Path(__file__).parents[2] / "theme")
STYLESHEET = "assets/helpcenter.css"
STATUS_PLACEHOLDER = re.compile(r"^\{\{\s*translation_status\s*\}\}\s*$", re.MULTILINE)
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)

#: The policy every page gets; the inline scripts' hashes are added to script-src per page.
#: 'wasm-unsafe-eval' lets Pyodide and Pagefind compile WebAssembly, and nothing more.
CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'{hashes}",
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


@cache
def site_messages(lang: str) -> dict[str, Any]:
    """The site's strings for ``lang``, falling back to English key by key."""
    english: dict[str, Any] = json.loads((MESSAGES_DIR / "en.json").read_text("utf-8"))
    path = MESSAGES_DIR / f"{lang}.json"
    own: dict[str, Any] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    return {**english, **own}


def content_security_policy(page_html: str, *, live_reload: bool = False) -> str:
    """The CSP for a rendered page: the fixed directives plus a hash per inline script.

    Data blocks (``type="application/json"``) are not scripts and need no hash. Under
    ``mkdocs serve`` (``live_reload``) the server injects an inline reload script that differs on
    every request, so the preview allows inline scripts instead of listing hashes; everything
    else (no eval, no other host, workers from the site only) stays as in production.
    """
    if live_reload:
        return "; ".join(CSP_DIRECTIVES).format(hashes=" 'unsafe-inline'")
    hashes = []
    for match in _INLINE_SCRIPT.finditer(page_html):
        attrs = match.group("attrs")
        if "src=" in attrs or "application/json" in attrs or "application/ld+json" in attrs:
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        token = f" 'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if token not in hashes:
            hashes.append(token)
    return "; ".join(CSP_DIRECTIVES).format(hashes="".join(hashes))


def _admonition(kind: str, title: str, body: str) -> str:
    return (
        f'<div class="admonition {kind} hc-notice" data-pagefind-ignore>'
        f'<p class="admonition-title">{html.escape(title)}</p><p>{body}</p></div>'
    )


class HelpCenterPlugin(BasePlugin):  # type: ignore[type-arg]
    """Search, translators' notices, CSP and the English 404 page."""

    def __init__(self) -> None:
        self._serving = False
        self._english_404: str | None = None
        self._status_cache: dict[str, list[i18n_status.Entry]] = {}

    # -- helpers -------------------------------------------------------------------------------

    def _i18n(self, config: MkDocsConfig) -> Any:
        return config.plugins.get("i18n")

    def _language(self, config: MkDocsConfig) -> str:
        i18n = self._i18n(config)
        lang = getattr(i18n, "current_language", None) if i18n else None
        return lang or str(config.theme.get("language") or "en")

    def _default_language(self, config: MkDocsConfig) -> str:
        i18n = self._i18n(config)
        return str(getattr(i18n, "default_language", None) or "en") if i18n else "en"

    def _languages(self, config: MkDocsConfig) -> list[str]:
        i18n = self._i18n(config)
        if not i18n:
            return []
        default = self._default_language(config)
        return [
            lang.locale for lang in i18n.config.languages if lang.locale != default and lang.build
        ]

    def _status(self, config: MkDocsConfig) -> list[i18n_status.Entry]:
        key = config.docs_dir
        if key not in self._status_cache:
            self._status_cache[key] = i18n_status.report(
                Path(config.docs_dir), self._languages(config)
            )
        return self._status_cache[key]

    # -- hooks ---------------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is ``mkdocs serve``, whose reload script is inline."""
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Add the help center's theme extensions; forget the previous build's status.

        The templates, script and styles ship inside this package (``theme/``), as Material's
        own plugins bring theirs: they come after the site's ``custom_dir`` (which may override
        them) and before Material's templates, which they extend.
        """
        dirs = config.theme.dirs
        if THEME_DIR not in dirs:
            custom = config.theme.custom_dir
            at = 1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0
            dirs.insert(at, THEME_DIR)
        if STYLESHEET not in [str(css) for css in config.extra_css]:
            config.extra_css.append(STYLESHEET)
        if not getattr(self._i18n(config), "building", False):
            self._status_cache.clear()
        return config

    # Before the quote plugin (priority 0), which refuses placeholders it does not know.
    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Render ``{{ translation_status }}``: the translators' table in the reader's language."""
        if not STATUS_PLACEHOLDER.search(markdown):
            return markdown
        table = self._status_table(config, page)
        return STATUS_PLACEHOLDER.sub(lambda _: table, markdown)

    def _status_table(self, config: MkDocsConfig, page: Page) -> str:
        msg = site_messages(self._language(config))
        langs = self._languages(config)
        entries = self._status(config)
        word = {
            i18n_status.Status.MISSING: msg["status.missing"],
            i18n_status.Status.OUTDATED: msg["status.outdated"],
            i18n_status.Status.CURRENT: msg["status.current"],
        }
        by_key = {(e.page, e.lang): e for e in entries}
        pages = list(dict.fromkeys(e.page for e in entries))
        rows = [
            "| " + msg["status.page"] + " | " + " | ".join(f"`{lang}`" for lang in langs) + " |",
            "|---" * (len(langs) + 1) + "|",
        ]
        for name in pages:
            cells = []
            for lang in langs:
                entry = by_key[(name, lang)]
                cells.append(
                    f'<span class="hc-status hc-status--{entry.status.value}">'
                    f"{word[entry.status]}</span>"
                )
            rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
        summary = []
        for lang in langs:
            mine = [e for e in entries if e.lang == lang]
            count = {s: sum(1 for e in mine if e.status is s) for s in i18n_status.Status}
            summary.append(
                "- "
                + msg["status.summary"].format(
                    lang=f"`{lang}`",
                    current=count[i18n_status.Status.CURRENT],
                    outdated=count[i18n_status.Status.OUTDATED],
                    missing=count[i18n_status.Status.MISSING],
                )
            )
        return "\n".join(rows) + "\n\n" + "\n".join(summary) + "\n"

    def on_page_content(
        self, html_text: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Tell readers when they read English in place of their language, or an old translation.

        A fallback page's English text is marked ``lang="en"`` and kept out of the reader's
        language search index.
        """
        lang = self._language(config)
        default = self._default_language(config)
        file_locale = getattr(page.file, "locale", lang)
        msg = site_messages(lang)
        # The toc extension's heading anchors carry one English title for every language.
        html_text = html_text.replace(
            'title="Permanent link"', f'title="{html.escape(msg["permalink"])}"'
        )
        if lang != default and file_locale != lang:
            notice = _admonition(
                "info", msg["notice.fallback.title"], html.escape(msg["notice.fallback.body"])
            )
            return f'{notice}<div lang="{default}" data-pagefind-ignore="all">{html_text}</div>'
        if lang != default and page.file.src_path.endswith(f".{lang}.md"):
            source = Path(config.docs_dir) / re.sub(rf"\.{lang}\.md$", ".md", page.file.src_path)
            if source.exists():
                recorded = i18n_status.recorded_hash(
                    Path(page.file.abs_src_path or "").read_text("utf-8")
                )
                if recorded != i18n_status.source_hash(source):
                    english_url = self._english_url(page, default)
                    body = html.escape(msg["notice.outdated.body"])
                    if english_url:
                        link_text = html.escape(msg["notice.outdated.link"])
                        body += f' <a href="{english_url}" hreflang="{default}">{link_text}</a>'
                    return _admonition("warning", msg["notice.outdated.title"], body) + html_text
        return html_text

    @staticmethod
    def _english_url(page: Page, default: str) -> str | None:
        alternates = getattr(page.file, "alternates", {}) or {}
        english = alternates.get(default)
        if english is None:
            return None
        depth = page.url.count("/") if page.url else 0
        return "../" * depth + (english.url or "")

    def on_page_context(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        """Give the templates the search box's strings and the x-default alternate."""
        lang = self._language(config)
        msg = site_messages(lang)
        context["helpcenter"] = {
            "lang": lang,
            "messages": {k: v for k, v in msg.items() if k.startswith("search.")},
        }
        context["helpcenter_default_language"] = self._default_language(config)
        return context

    # After every plugin that edits the HTML, before static-i18n's own post-page (-100).
    @event_priority(-90)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Add the Content-Security-Policy, with the hashes of this page's inline scripts."""
        return self._with_csp(output)

    def _with_csp(self, output: str) -> str:
        policy = content_security_policy(output, live_reload=self._serving)
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        new, count = _CHARSET.subn(lambda m: m.group(0) + "\n    " + meta, output, count=1)
        return new if count else output

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """Keep the default language's 404 page: every language build writes the same file."""
        if template_name == "404.html":
            output_content = self._with_csp(output_content)
            if self._language(config) == self._default_language(config):
                self._english_404 = output_content
        return output_content

    # After static-i18n's post-build (-100), which builds the other languages: this runs once
    # more at the very end of the whole build, when static-i18n is no longer building.
    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the English 404 page back and index every language with Pagefind."""
        if getattr(self._i18n(config), "building", False):
            return
        site_dir = Path(config.site_dir)
        if self._english_404 is not None:
            (site_dir / "404.html").write_text(self._english_404, encoding="utf-8")
        self._index(site_dir)

    @staticmethod
    def _index(site_dir: Path) -> None:
        command = [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site_dir),
            "--silent",
            # The estimator's form and prerendered figures are not prose to search.
            "--exclude-selectors",
            "[data-quote-widget]",
            # Heading permalinks (¶) are not words; without this they show in titles and excerpts.
            "--exclude-selectors",
            ".headerlink",
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise PluginError(f"Pagefind could not index {site_dir}: {result.stderr.strip()}")
