"""Rules of the codebase that a reviewer would otherwise check by hand."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("quote_engine", "quote_view", "mkdocs_quote", "tests", "bench")

#: The longest a function may be without saying why.
MAX_LINES = 60


def long_functions(source: str, name: str) -> list[str]:
    """Functions over MAX_LINES lines whose docstring gives no reason (a ``Long:`` sentence).

    >>> body = "\\n".join(f"    x{i} = {i}" for i in range(60))
    >>> long_functions(f"def f():\\n{body}\\n", "m.py")
    ['m.py:1 f (61 lines)']
    >>> long_functions(f"def f():\\n    'Long: a table of cases.'\\n{body}\\n", "m.py")
    []
    """
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            length = node.end_lineno - node.lineno + 1
            reason = "Long:" in (ast.get_docstring(node) or "")
            if length > MAX_LINES and not reason:
                out.append(f"{name}:{node.lineno} {node.name} ({length} lines)")
    return out


def test_no_function_is_over_60_lines_without_a_reason() -> None:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = str(path.relative_to(ROOT))
            found += long_functions(path.read_text(encoding="utf-8"), name)
    assert found == []
