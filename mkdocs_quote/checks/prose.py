"""The prose of a page, as the checks read it: outside front matter, fenced code, inline code
and HTML comments (which a reader never sees as text).

>>> page = "---\\nsource_hash: abc\\n---\\nPay `5.00` now<!-- 6.00 -->.\\n```\\n7.00\\n```\\nDone"
>>> [(number, " ".join(line.split())) for number, line in prose_lines(page)]
[(4, 'Pay now .'), (8, 'Done')]
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs.utils.meta import get_data

from mkdocs_quote.plugins.quote.placeholders import visible_segments


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(line number in the file, the line with its hidden parts blanked) for every prose line.

    Blanking keeps each character's column, so a hit's position still points into the file.
    """
    body, _meta = get_data(markdown)
    offset = markdown.count("\n") - body.count("\n")
    for index, line, hidden in visible_segments(body.split("\n")):
        chars = list(line)
        for start, end in hidden:
            chars[start:end] = " " * (end - start)
        yield offset + index + 1, "".join(chars)
