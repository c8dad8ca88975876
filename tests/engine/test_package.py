"""The package itself: standard library only, frozen value objects, public names."""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import quote_engine
from quote_engine.catalog import (
    Catalog,
    Plan,
    example_catalog_validated,
)
from quote_engine.money import Currency
from quote_engine.periods import Period
from quote_engine.policy import Policy, resolve_policy
from quote_engine.quote import Request, Selection
from tests.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
before = set(sys.modules)
import quote_engine
from quote_engine import api, catalog, errors, money, periods, policy, quote
from quote_engine import __main__
quote_engine.quote({"product": "dns", "currency": "USD", "today": "2026-11-15",
    "current": {"plan": "basic", "cycle": "monthly", "period_start": "2026-11-01",
                "period_end": "2026-12-01"}, "target": {"plan": "start"}})
quote_engine.quote_json("{}")
new = sorted(set(sys.modules) - before)
print(json.dumps(new))
"""


def test_importing_quote_engine_pulls_in_no_third_party_module() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = json.loads(result.stdout)
    assert "quote_engine.api" in loaded  # the probe saw the imports
    tops = {name.split(".")[0] for name in loaded}
    outside = sorted(tops - set(sys.stdlib_module_names) - {"quote_engine"})
    assert outside == []
    assert "yaml" not in loaded  # PyYAML only when a YAML file is read


def test_public_names() -> None:
    assert quote_engine.__all__ == ["QuoteError", "__version__", "quote", "quote_json"]
    assert quote_engine.__version__ == "1.0.0"


def _instances() -> list[Any]:
    catalog = example_catalog_validated()
    product = catalog.products["network"]
    selection = Selection("basic", "monthly", 1, ())
    return [
        Currency("USD", 2),
        Period(date(2026, 1, 1), date(2026, 2, 1)),
        resolve_policy(None, "p"),
        catalog,
        product,
        product.plans["basic"],
        product.addons["extra-disk"],
        product.quantity,
        catalog.taxes["BD"],
        selection,
        Request(
            "p",
            "USD",
            date(2026, 1, 5),
            selection,
            Period(date(2026, 1, 1), date(2026, 2, 1)),
            date(2026, 1, 1),
            None,
            Decimal(0),
            selection,
        ),
    ]


@pytest.mark.parametrize("value", _instances(), ids=lambda v: type(v).__name__)
def test_value_dataclasses_are_frozen(value: Any) -> None:
    assert dataclasses.is_dataclass(value)
    assert hasattr(type(value), "__slots__")
    first = dataclasses.fields(value)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, first, None)
    with pytest.raises((AttributeError, TypeError)):
        object.__setattr__(value, "extra", 1)  # slots: no new attributes


def _engine_dataclasses() -> list[type]:
    """Every dataclass the engine defines, found by walking its modules."""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(quote_engine.__path__, "quote_engine."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and dataclasses.is_dataclass(value)
                and value.__module__ == info.name
            ):
                found[f"{info.name}.{name}"] = value
    return [found[key] for key in sorted(found)]


def test_every_engine_dataclass_is_frozen_with_slots() -> None:
    """A value the engine passes around cannot change under it: every dataclass it defines,
    today's and any added later, is frozen and has slots, unless its docstring says why not
    (``Mutable:``, a builder that never leaves the function filling it)."""
    classes = _engine_dataclasses()
    assert {Request, Selection, Catalog, Plan, Policy} <= set(classes)  # the walk sees them
    loose = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in classes
        if not (cls.__dataclass_params__.frozen and "__slots__" in vars(cls))  # type: ignore[attr-defined]
        and "Mutable:" not in (cls.__doc__ or "")
    ]
    assert loose == []


def test_catalog_mappings_are_read_only() -> None:
    catalog = example_catalog_validated()
    with pytest.raises(TypeError):
        catalog.products["x"] = catalog.products["dns"]  # type: ignore[index]
    with pytest.raises(TypeError):
        catalog.products["dns"].plans["basic"].prices["USD"]["monthly"] = Decimal(1)  # type: ignore[index]


WHEEL_PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import quote_engine
from quote_engine.catalog import example_catalog_validated
from mkdocs_quote.messages import load_messages
catalog = example_catalog_validated()
print(json.dumps({"engine": quote_engine.__file__, "products": sorted(catalog.products),
                  "answer": quote_engine.quote({"product": "dns", "currency": "USD",
                      "today": "2026-11-15", "current": {"plan": "basic", "cycle": "monthly",
                      "period_start": "2026-11-01", "period_end": "2026-12-01"},
                      "target": {"plan": "start"}})["due_today"]}))
"""


def test_the_wheel_ships_what_an_installed_site_reads(tmp_path: Path) -> None:
    """The wheel a provider installs, unpacked alone on sys.path: the example catalog, the
    theme extensions, the strings of every language and the browser's modules are inside it,
    and the engine quotes from it (not from this source tree)."""
    from hatchling.builders.wheel import WheelBuilder

    built = list(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    with zipfile.ZipFile(built[0]) as wheel:
        names = set(wheel.namelist())
        wheel.extractall(tmp_path / "installed")
        shipped = wheel.read("quote_engine/data/example-catalog.json")
    assert shipped == (ROOT / "quote_engine" / "data" / "example-catalog.json").read_bytes()
    for needed in (
        "mkdocs_quote/theme/main.html",
        "mkdocs_quote/theme/assets/search.js",
        "mkdocs_quote/theme/assets/helpcenter.css",
        "mkdocs_quote/static/widget.css",
        "mkdocs_quote/static/estimator/main.js",
        "mkdocs_quote/static/worker/worker.js",
        *(
            f"mkdocs_quote/locales/{kind}/{lang}.json"
            for kind in ("build", "widget", "site")
            for lang in LANGUAGES
        ),  # fmt: skip
    ):
        assert needed in names, needed
    probe = subprocess.run(
        [sys.executable, "-I", "-c", WHEEL_PROBE, str(tmp_path / "installed")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr[-2000:]
    report = json.loads(probe.stdout)
    assert Path(report["engine"]).is_relative_to(tmp_path / "installed")
    assert report["products"] == ["dns", "email", "hosting", "network", "radio"]
    assert report["answer"] == "2.66"


def test_engine_source_avoids_floats_for_money() -> None:
    for path in (ROOT / "quote_engine").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "float(" not in text, path
