"""The engine under Pyodide's Python 3.14 (Node.js): doctests pass, answers equal CPython's.

The same cases run through CPython here and through Pyodide (node_modules/pyodide, the runtime
the widget uses), and the canonical JSON texts must be identical byte for byte.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from quote_engine import quote_json

from .support import SAMPLE_REQUEST, mini_catalog, request

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"

RUNNER = r"""
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
import fs from "node:fs";
import path from "node:path";
const [src, casesFile] = process.argv.slice(2);
const py = await loadPyodide({ indexURL: "%(pyodide)s/" });
py.FS.mkdirTree("/lib/qe/quote_engine/data");
for (const f of fs.readdirSync(src)) {
  if (f.endsWith(".py")) {
    py.FS.writeFile(`/lib/qe/quote_engine/${f}`, fs.readFileSync(path.join(src, f), "utf8"));
  }
}
py.FS.writeFile("/lib/qe/quote_engine/data/example-catalog.json",
  fs.readFileSync(path.join(src, "data", "example-catalog.json"), "utf8"));
py.globals.set("CASES", fs.readFileSync(casesFile, "utf8"));
const out = await py.runPythonAsync(`
import doctest, importlib, json, sys
sys.path.insert(0, "/lib/qe")
import quote_engine
names = ["quote_engine"] + ["quote_engine." + n for n in
         ("errors", "money", "periods", "policy", "catalog", "quote", "api", "__main__")]
doctests = {n: list(doctest.testmod(importlib.import_module(n),
                                    optionflags=doctest.ELLIPSIS)) for n in names}
answers = [quote_engine.quote_json(r, c) for r, c in json.loads(CASES)]
json.dumps({"version": list(sys.version_info[:2]), "doctests": doctests, "answers": answers})
`);
console.log(out);
"""


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
    runner = tmp_path / "run.mjs"
    runner.write_text(RUNNER % {"pyodide": PYODIDE.as_posix()}, encoding="utf-8")
    vectors = cases()
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(vectors), encoding="utf-8")
    result = subprocess.run(
        [node, str(runner), str(ROOT / "quote_engine"), str(cases_file)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["version"][0] == 3 and report["version"][1] >= 12
    for name, (failed, attempted) in report["doctests"].items():
        assert failed == 0 and attempted > 0, name
    assert report["answers"] == [quote_json(r, c) for r, c in vectors]
