"""The engine's reference (quote_engine/REFERENCE.md): every example in it runs as written."""

from __future__ import annotations

import doctest
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "quote_engine" / "REFERENCE.md"


def test_every_example_in_the_reference_gives_the_answer_it_shows() -> None:
    result = doctest.testfile(
        str(REFERENCE),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted >= 20
    assert result.failed == 0
