"""What a reader is told about the page's translation: English in place of their language, or a
translation made from an older English page (``status.py`` says which)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.pages import Page

from mkdocs_quote import i18n
from mkdocs_quote.plugins.helpcenter import status

__all__ = ["add_notices"]


def _admonition(kind: str, title: str, body: str) -> str:
    return (
        f'<div class="admonition {kind} hc-notice" data-pagefind-ignore>'
        f'<p class="admonition-title">{html.escape(title)}</p><p>{body}</p></div>'
    )


def _english_url(page: Page, default: str) -> str | None:
    english = i18n.alternates(page).get(default)
    if english is None:
        return None
    depth = page.url.count("/") if page.url else 0
    return "../" * depth + (english.url or "")


def add_notices(
    page_html: str, page: Page, lang: str, default: str, docs_dir: Path, msg: dict[str, Any]
) -> str:
    """The page's HTML with the notice it needs, if any.

    A fallback page's English text is marked ``lang="en"`` and kept out of the reader's
    language search index; an outdated translation links to the English page.
    """
    # The toc extension's heading anchors carry one English title for every language.
    page_html = page_html.replace(
        'title="Permanent link"', f'title="{html.escape(str(msg["permalink"]))}"'
    )
    if lang == default:
        return page_html
    if getattr(page.file, "locale", lang) != lang:
        notice = _admonition(
            "info", str(msg["notice.fallback.title"]), html.escape(str(msg["notice.fallback.body"]))
        )
        return f'{notice}<div lang="{default}" data-pagefind-ignore="all">{page_html}</div>'
    if not page.file.src_path.endswith(f".{lang}.md"):
        return page_html
    source = docs_dir / re.sub(rf"\.{lang}\.md$", ".md", page.file.src_path)
    if not source.exists():
        return page_html
    recorded = status.recorded_hash(Path(page.file.abs_src_path or "").read_text("utf-8"))
    if recorded == status.source_hash(source):
        return page_html
    body = html.escape(str(msg["notice.outdated.body"]))
    english_url = _english_url(page, default)
    if english_url:
        link_text = html.escape(str(msg["notice.outdated.link"]))
        body += f' <a href="{english_url}" hreflang="{default}">{link_text}</a>'
    return _admonition("warning", str(msg["notice.outdated.title"]), body) + page_html
