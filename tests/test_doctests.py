"""The examples in the docstrings of every module, engine, view and MkDocs glue alike, run."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import mkdocs_quote
import quote_engine
import quote_view


def _modules(package: ModuleType) -> list[str]:
    """The package and its modules; ``__main__`` modules run a program when imported."""
    names = [package.__name__]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not info.name.endswith(".__main__"):
            names.append(info.name)
    return names


MODULES = [
    *_modules(quote_engine),
    *_modules(quote_view),
    *_modules(mkdocs_quote),
    "tests.webserver",
    "tests.test_codebase",
]


def test_the_walk_finds_every_layer() -> None:
    for name in (
        "quote_engine.api",
        "quote_engine.catalog",
        "quote_view.locale",
        "quote_view.estimator",
        "mkdocs_quote.plugins.helpcenter.plugin",
        "mkdocs_quote.plugins.quote.placeholders",
    ):
        assert name in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0


def test_the_engine_documents_every_module_by_example() -> None:
    """The engine's core modules each show their use; the importers are shown by their
    fixtures' tests (tests/importers) instead, as their inputs are whole export files."""
    missing = []
    for name in _modules(quote_engine):
        if name.startswith("quote_engine.importers."):
            continue
        module = importlib.import_module(name)
        finder = doctest.DocTestFinder()
        if not any(test.examples for test in finder.find(module)):
            missing.append(name)
    assert missing == []
