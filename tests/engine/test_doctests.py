"""Run the doctests of every quote_engine module: the examples in the docs must be right."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import quote_engine

MODULES = ["quote_engine"] + [
    f"quote_engine.{info.name}" for info in pkgutil.iter_modules(quote_engine.__path__)
]


def test_every_module_is_listed() -> None:
    expected = {"quote_engine"} | {
        f"quote_engine.{name}"
        for name in (
            "__main__",
            "api",
            "catalog",
            "catalog_diff",
            "errors",
            "importers",
            "money",
            "periods",
            "policy",
            "quote",
        )
    }
    assert set(MODULES) == expected


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0
    assert result.attempted > 0, f"{name} has no runnable examples"
