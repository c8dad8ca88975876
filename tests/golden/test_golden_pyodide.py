"""The golden cases under Pyodide in Node, byte for byte the same as CPython.

The wheel is the one the plugin ships (:func:`mkdocs_quote.runtime.wheel.engine_wheel`) and
the engine is started by the worker's own ``startEngine`` (static/worker/engine.js). Two more
runs use what :func:`mkdocs_quote.runtime.pyodide.prepare_runtime` put in the built site: the
trimmed, precompiled standard library and the engine's byte code, then Python restored from
the memory snapshot, so every golden case is known to run, to the byte, with exactly what the
browser gets either way.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.golden.conftest import Case

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("run_pyodide.mjs")
NODE_MODULES = ROOT / "node_modules"


@pytest.fixture(scope="module")
def engine_files(
    tmp_path_factory: pytest.TempPathFactory, site_catalog_json: str
) -> dict[str, Path]:
    if shutil.which("node") is None:
        pytest.fail(
            "Node.js is needed for the Pyodide runner (`node` is not on PATH)", pytrace=False
        )
    from mkdocs_quote.runtime.wheel import engine_wheel

    folder = tmp_path_factory.mktemp("golden-pyodide")
    name, data = engine_wheel()
    wheel = folder / name
    wheel.write_bytes(data)
    catalog = folder / "catalog.json"
    catalog.write_text(site_catalog_json, encoding="utf-8")
    return {"dir": folder, "wheel": wheel, "catalog": catalog}


def run_pyodide(
    files: dict[str, Path], cases: list[Case], shipped: tuple[Path, ...] = ()
) -> dict[str, Any]:
    requests = files["dir"] / "requests.json"
    requests.write_text(json.dumps([c.request_text for c in cases]), encoding="utf-8")
    command = [
        "node",
        str(RUNNER),
        str(NODE_MODULES / "pyodide"),
        str(files["wheel"]),
        str(files["catalog"]),
        str(requests),
    ]
    command.extend(str(path) for path in shipped)
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def assert_identical(outputs: list[str], cases: list[Case], site_catalog_json: str) -> None:
    from quote_engine import quote_json

    assert len(outputs) == len(cases)
    for case, output in zip(cases, outputs, strict=True):
        assert output == quote_json(case.request_text, site_catalog_json), case.name
        assert output == case.expected_text(), case.name


def test_pyodide_gives_the_golden_texts(
    engine_files: dict[str, Path], golden_cases: list[Case], site_catalog_json: str
) -> None:
    result = run_pyodide(engine_files, golden_cases)
    compiled = result["compiledFromSource"]
    assert any(path.endswith("/quote_engine/api.py") for path in compiled), compiled
    assert (
        result["pyodide"]
        == json.loads((NODE_MODULES / "pyodide" / "package.json").read_text())["version"]
    )
    assert result["python"].startswith("3.14")
    assert_identical(result["outputs"], golden_cases, site_catalog_json)


@pytest.fixture(scope="module")
def shipped_runtime(built_site: Path) -> Path:
    """The Pyodide folder the real build wrote into the site (``prepare_runtime``)."""
    folders = sorted((built_site / "assets" / "quote").glob("pyodide-*"))
    assert len(folders) == 1, folders
    return folders[0]


def test_the_shipped_byte_code_runs_every_golden_case(
    engine_files: dict[str, Path],
    shipped_runtime: Path,
    golden_cases: list[Case],
    site_catalog_json: str,
) -> None:
    from mkdocs_quote.runtime.pyodide import ENGINE_PYC, STDLIB

    shipped = (shipped_runtime / STDLIB, shipped_runtime / ENGINE_PYC)
    result = run_pyodide(engine_files, golden_cases, shipped)
    assert_identical(result["outputs"], golden_cases, site_catalog_json)
    # Nothing was compiled here: the engine ran from the build's byte code.
    assert result["compiledFromSource"] == []


def test_the_shipped_snapshot_runs_every_golden_case(
    engine_files: dict[str, Path],
    shipped_runtime: Path,
    golden_cases: list[Case],
    site_catalog_json: str,
) -> None:
    from mkdocs_quote.runtime.pyodide import ENGINE_PYC, SNAPSHOT, STDLIB

    shipped = (shipped_runtime / STDLIB, shipped_runtime / ENGINE_PYC, shipped_runtime / SNAPSHOT)
    result = run_pyodide(engine_files, golden_cases, shipped)
    assert_identical(result["outputs"], golden_cases, site_catalog_json)
