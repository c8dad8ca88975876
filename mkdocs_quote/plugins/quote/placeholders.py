"""Finding ``{{ name key="value" }}`` placeholders in a page's Markdown.

The syntax authors and translators write (see the translator's guide)::

    {{ plans product="dns" }}
    {{ price product="dns" plan="basic" cycle="monthly" }}

A placeholder is a name and ``key="value"`` arguments with ASCII double quotes. ``plans``,
``example`` and ``estimator`` make blocks and must stand alone on their line (indented inside an
admonition or list item is fine); ``price`` goes inline. Placeholders inside fenced code blocks,
inline code spans and HTML comments are text, so the guide can show them.

Code spans are recognised within one line: a span broken across lines is not seen as code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from quote_view.estimator import ARGS as ESTIMATOR_ARGS


@dataclass(frozen=True, slots=True)
class Spec:
    """What a placeholder accepts."""

    required: frozenset[str]
    optional: frozenset[str]
    block: bool


#: The estimator's arguments (quote_view's list) that say what the change is; worked examples
#: take the same ones.
_STARTS = frozenset({"product", "from", "cycle"})
_CHANGE_ARGS = ESTIMATOR_ARGS - _STARTS - {"day"}

SPECS: Mapping[str, Spec] = {
    "plans": Spec(frozenset({"product"}), frozenset({"currency", "cycles"}), block=True),
    "price": Spec(frozenset({"product", "plan", "cycle"}), frozenset({"currency"}), block=False),
    "example": Spec(_STARTS | {"day"}, _CHANGE_ARGS | {"show"}, block=True),
    "estimator": Spec(_STARTS, ESTIMATOR_ARGS - _STARTS, block=True),
}


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One placeholder found in a page.

    Attributes:
        name: ``plans``, ``price``, ``example`` or ``estimator``.
        args: the arguments, in the order written.
        line: 1-based line number in the Markdown that was scanned.
        start: offset of ``{{`` in the line.
        end: offset just after ``}}``.
        indent: the whitespace before a block placeholder (its container's indentation).
    """

    name: str
    args: tuple[tuple[str, str], ...]
    line: int
    start: int
    end: int
    indent: str = ""
    spec: Spec = field(repr=False, compare=False, default=SPECS["price"])

    @property
    def arguments(self) -> dict[str, str]:
        return dict(self.args)


class PlaceholderError(ValueError):
    """A placeholder that cannot be read; ``line`` is where it is."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_OPEN = "{{"
_CLOSE = "}}"
_NAME = re.compile(r"\s*(?P<name>[A-Za-z_][\w-]*)")
_ARG = re.compile(r'\s+(?P<key>[A-Za-z_][\w-]*)="(?P<value>[^"]*)"')
_SMART_QUOTES = "\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019"


def _code_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span in ``line`` (CommonMark backtick-run matching)."""
    spans: list[tuple[int, int]] = []
    i = 0
    while True:
        start = line.find("`", i)
        if start < 0:
            return spans
        run_end = start
        while run_end < len(line) and line[run_end] == "`":
            run_end += 1
        run = run_end - start
        closing = re.compile(rf"(?<!`)`{{{run}}}(?!`)")
        m = closing.search(line, run_end)
        if m is None:
            # An unmatched backtick run is literal text; keep looking after it.
            i = run_end
            continue
        spans.append((start, m.end()))
        i = m.end()


def visible_segments(lines: list[str]) -> Iterator[tuple[int, str, list[tuple[int, int]]]]:
    """Yield (line index, line, hidden ranges) for lines outside fenced code.

    Hidden ranges are inline code spans and HTML comments within the line.
    """
    fence: str | None = None
    in_comment = False
    for index, line in enumerate(lines):
        if fence is not None:
            stripped = line.strip()
            if stripped.startswith(fence) and set(stripped) == {fence[0]}:
                fence = None
            continue
        if not in_comment:
            m = _FENCE.match(line)
            if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
                fence = m.group("fence")
                continue
        hidden: list[tuple[int, int]] = []
        pos = 0
        if in_comment:
            close = line.find("-->")
            if close < 0:
                continue
            hidden.append((0, close + 3))
            pos = close + 3
            in_comment = False
        spans = _code_spans(line)
        while True:
            opening = line.find("<!--", pos)
            if opening < 0 or any(a <= opening < b for a, b in spans):
                break
            close = line.find("-->", opening + 4)
            if close < 0:
                hidden.append((opening, len(line)))
                in_comment = True
                break
            hidden.append((opening, close + 3))
            pos = close + 3
        yield index, line, hidden + spans


def _hidden(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in ranges)


def _parse(text: str, line_no: int) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Read ``name key="value" ...`` (the inside of the braces)."""
    m = _NAME.match(text)
    if m is None:
        raise PlaceholderError(line_no, "a placeholder needs a name after '{{'")
    name = m.group("name")
    pos = m.end()
    args: list[tuple[str, str]] = []
    while True:
        a = _ARG.match(text, pos)
        if a is None:
            break
        key = a.group("key")
        if any(k == key for k, _ in args):
            raise PlaceholderError(line_no, f"{{{{ {name} }}}}: argument {key!r} is given twice")
        args.append((key, a.group("value")))
        pos = a.end()
    rest = text[pos:]
    if rest.strip():
        hint = (
            " (use straight ASCII double quotes)"
            if any(q in rest for q in _SMART_QUOTES) or "'" in rest
            else ' (write arguments as key="value")'
        )
        raise PlaceholderError(
            line_no, f"{{{{ {name} }}}}: cannot read the arguments at {rest.strip()!r}{hint}"
        )
    return name, tuple(args)


def check(name: str, args: tuple[tuple[str, str], ...], line_no: int) -> Spec:
    """Check the name and arguments against :data:`SPECS`; return the placeholder's spec."""
    spec = SPECS.get(name)
    if spec is None:
        raise PlaceholderError(
            line_no,
            f"unknown placeholder {{{{ {name} }}}}: use one of {', '.join(sorted(SPECS))}",
        )
    keys = [k for k, _ in args]
    unknown = [k for k in keys if k not in spec.required | spec.optional]
    if unknown:
        allowed = ", ".join(sorted(spec.required | spec.optional))
        raise PlaceholderError(
            line_no,
            f"{{{{ {name} }}}}: unknown argument {unknown[0]!r} (allowed: {allowed})",
        )
    missing = sorted(spec.required - set(keys))
    if missing:
        raise PlaceholderError(
            line_no,
            f"{{{{ {name} }}}}: missing required argument"
            f"{'s' if len(missing) > 1 else ''} {', '.join(repr(k) for k in missing)}",
        )
    return spec


def find(markdown: str, first_line: int = 1) -> list[Placeholder]:
    """Every placeholder in ``markdown``, checked against :data:`SPECS`.

    Args:
        markdown: the page's Markdown.
        first_line: the number of the Markdown's first line in the source file (front matter
            shifts it), so errors point at the line an author sees.

    Raises:
        PlaceholderError: a malformed or unknown placeholder, an unknown or missing argument, or
            a block placeholder that does not stand alone on its line.
    """
    found = []
    lines = markdown.split("\n")
    for index, line, hidden in visible_segments(lines):
        line_no = first_line + index
        pos = 0
        while True:
            start = line.find(_OPEN, pos)
            if start < 0:
                break
            if _hidden(start, hidden):
                pos = start + 2
                continue
            close = line.find(_CLOSE, start + 2)
            if close < 0:
                raise PlaceholderError(line_no, f"'{{{{' without a closing '}}}}': {line.strip()}")
            end = close + 2
            name, args = _parse(line[start + 2 : close].rstrip(), line_no)
            spec = check(name, args, line_no)
            indent = line[:start]
            if spec.block and (indent.strip() or line[end:].strip()):
                raise PlaceholderError(
                    line_no, f"{{{{ {name} }}}} must stand alone on its own line"
                )
            found.append(Placeholder(name, args, line_no, start, end, indent, spec))
            pos = end
    return found


def replace(markdown: str, replacements: Mapping[Placeholder, str], first_line: int = 1) -> str:
    """``markdown`` with each placeholder swapped for its replacement text.

    A block placeholder's replacement gets a blank line before and after, at the placeholder's
    indentation, so it always forms a paragraph of its own inside its container.
    """
    lines = markdown.split("\n")
    by_line: dict[int, list[Placeholder]] = {}
    for p in replacements:
        by_line.setdefault(p.line - first_line, []).append(p)
    out: list[str] = []
    for index, line in enumerate(lines):
        items = sorted(by_line.get(index, []), key=lambda p: p.start)
        if not items:
            out.append(line)
            continue
        if len(items) == 1 and items[0].spec.block:
            p = items[0]
            out.extend(["", p.indent + replacements[p], ""])
            continue
        pieces = []
        pos = 0
        for p in items:
            pieces.append(line[pos : p.start])
            pieces.append(replacements[p])
            pos = p.end
        pieces.append(line[pos:])
        out.append("".join(pieces))
    return "\n".join(out)
