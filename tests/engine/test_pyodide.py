"""The engine under Pyodide's Python 3.14 (Node.js): doctests pass, answers equal CPython's.

The same cases run through CPython here and through Pyodide (node_modules/pyodide, the runtime
the widget uses), and the canonical JSON texts must be identical byte for byte.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from quote_engine import quote_json

from .support import SAMPLE_REQUEST, mini_catalog, request

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"

#: The one Pyodide runner: it starts the engine with the worker's own ``startEngine``.
RUNNER = ROOT / "tests" / "golden" / "run_pyodide.mjs"


def engine_modules(wheel: bytes) -> list[str]:
    """The engine's modules as the browser gets them: every one in the wheel."""
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        names = archive.namelist()
    modules = [
        name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for name in names
        if name.startswith("quote_engine/") and name.endswith(".py")
    ]
    return sorted(modules)


def cases() -> list[tuple[str, str | None]]:
    mini = json.dumps(mini_catalog())
    names = ("whmcs", "stripe", "killbill", "lago", "ultimate_multisite", "difference")
    presets = [json.dumps(mini_catalog({"preset": name})) for name in names]
    out: list[tuple[str, str | None]] = [(json.dumps(SAMPLE_REQUEST), None)]
    for catalog in presets:
        for target in ({"plan": "large"}, {"cycle": "quarterly"}):
            out.append((json.dumps(request(target=target)), catalog))
        out.append((json.dumps(request(plan="large", target={"plan": "small"})), catalog))
    out += [
        (json.dumps(request(amount_paid=5.0, target={"plan": "large"})), mini),
        ("{broken", None),
        (
            json.dumps(
                request(
                    product="network",
                    plan="basic",
                    start="2026-11-01",
                    end="2026-12-01",
                    today="2026-11-16",
                    target={"addons": ["extra-disk"]},
                )
            ),
            None,
        ),
    ]
    return out


@pytest.mark.slow
def test_pyodide_314_runs_the_engine_like_cpython(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None or not (PYODIDE / "pyodide.mjs").is_file():
        pytest.skip("Node.js and node_modules/pyodide are needed (npm ci)")
    from mkdocs_quote.runtime.wheel import engine_wheel
    from quote_engine.catalog import example_catalog_text

    name, data = engine_wheel()
    doctest_modules = engine_modules(data)
    assert {"quote_engine", "quote_engine.quote", "quote_engine.request"} <= set(doctest_modules)
    wheel = tmp_path / name
    wheel.write_bytes(data)
    catalog = tmp_path / "catalog.json"
    catalog.write_text(example_catalog_text(), encoding="utf-8")
    vectors = cases()
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"quotes": vectors, "doctests": doctest_modules}), encoding="utf-8")
    result = subprocess.run(
        [node, str(RUNNER), str(PYODIDE), str(wheel), str(catalog), str(job)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["python"].startswith("3.")
    assert set(report["doctests"]) == set(doctest_modules)
    for module, (failed, attempted) in report["doctests"].items():
        assert failed == 0 and attempted > 0, module
    catalog_text = example_catalog_text()
    assert report["quotes"] == [quote_json(r, c or catalog_text) for r, c in vectors]
