"""One page's placeholders: rendered for its language, kept out of Markdown's reach, put back.

:class:`PageRender` renders each placeholder of a page with the language's view and leaves a
token in the Markdown where its HTML goes; once Markdown has made the page's HTML,
:meth:`PageRender.swap` puts the HTML where the tokens are, so nothing a Markdown extension
does can alter a table or an estimator.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink

from mkdocs_quote.plugins.quote import placeholders
from quote_view.estimator import render_widget
from quote_view.examples import render_example
from quote_view.tables import price_text, render_plans, render_price
from quote_view.view import View, ViewError

__all__ = ["PageRender", "RENDERERS"]

Renderer = Callable[[View, Mapping[str, str]], str]

RENDERERS: Mapping[str, Renderer] = {
    "plans": render_plans,
    "price": render_price,
    "example": render_example,
    "estimator": render_widget,
}


@dataclass(slots=True)
class PageRender:
    """The rendered placeholders of one page, between ``on_page_markdown`` and content.

    Attributes:
        where: The page's source path, for messages.
        blocks: Token -> (HTML, line) of block placeholders.
        inline: Token -> (HTML, line, plain text for a table of contents) of prices.
        estimator: Whether the page has an estimator (it then loads the estimator's files).
    """

    where: str
    blocks: dict[str, tuple[str, int]] = field(default_factory=dict)
    inline: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    estimator: bool = False

    def render(
        self,
        view: View,
        markdown: str,
        found: list[placeholders.Placeholder],
        first_line: int,
        cache: dict[tuple[object, ...], str],
    ) -> str:
        """Render ``found`` and return the Markdown with a token in place of each.

        ``cache`` keeps the HTML of prices, tables and examples by language and arguments:
        the same table on several pages, or in a fallback page, is rendered once.

        Raises:
            PluginError: a placeholder the catalog or the engine refuses, naming the page and
                the line.
        """
        page_key = hashlib.sha256(self.where.encode()).hexdigest()[:8]
        tokens: dict[placeholders.Placeholder, str] = {}
        for index, p in enumerate(found):
            token = f"qeslot{page_key}n{index}x"
            args = p.arguments
            key = (view.lang, p.name, tuple(sorted(args.items())))
            try:
                fragment = cache.get(key) if p.name != "estimator" else None
                if fragment is None:
                    fragment = RENDERERS[p.name](view, args)
                    cache[key] = fragment
                if p.spec.block:
                    self.blocks[token] = (fragment, p.line)
                else:
                    self.inline[token] = (fragment, p.line, price_text(view, args))
            except (ViewError, ValueError, KeyError) as e:
                raise PluginError(
                    f"Error in page '{self.where}', line {p.line}: {{{{ {p.name} }}}}: {e}"
                ) from None
            self.estimator = self.estimator or p.name == "estimator"
            tokens[p] = token
        return placeholders.replace(markdown, tokens, first_line)

    def swap(self, html: str, toc: list[AnchorLink]) -> str:
        """The page's HTML with every token replaced by its placeholder's HTML.

        Raises:
            PluginError: a token Markdown moved into other markup (an attribute, a table cell
                of a block), naming the page and the line.
        """
        for token, (fragment, line) in self.blocks.items():
            wrapped = f"<p>{token}</p>"
            if html.count(wrapped) != 1:
                raise PluginError(
                    f"Error in page '{self.where}', line {line}: this placeholder ended up "
                    "inside other markup (a table, heading or raw HTML block); give it a line "
                    "of its own with blank lines around"
                )
            html = html.replace(wrapped, fragment)
        for token, (fragment, line, plain) in self.inline.items():
            if html.count(token) != 1:
                raise PluginError(
                    f"Error in page '{self.where}', line {line}: this price placeholder "
                    "ended up in an HTML attribute or was copied by another extension"
                )
            html = html.replace(token, fragment)
            _replace_in_toc(toc, token, plain)
        return html


def _replace_in_toc(items: list[AnchorLink], token: str, text: str) -> None:
    for item in items:
        if token in item.title:
            item.title = item.title.replace(token, text)
        _replace_in_toc(item.children, token, text)
