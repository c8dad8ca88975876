"""The engine wheel and the catalog JSON: valid, reproducible, content-hashed, made once."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mkdocs_quote.runtime import wheel as assets
from quote_engine.catalog import example_catalog, export_catalog_json

CATALOG_JSON = export_catalog_json(example_catalog())


def test_wheel_name_escapes_the_distribution_name() -> None:
    assert assets.wheel_filename("quote-engine", "1.0.0") == "quote_engine-1.0.0-py3-none-any.whl"


def test_wheel_has_metadata_and_a_record_of_every_file() -> None:
    name, data = assets.engine_wheel()
    assert name == "quote_engine-1.0.0-py3-none-any.whl"
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    dist_info = "quote_engine-1.0.0.dist-info"
    assert names[-3:] == [f"{dist_info}/METADATA", f"{dist_info}/WHEEL", f"{dist_info}/RECORD"]
    assert {n.split("/")[0] for n in names} == {"quote_engine", dist_info}
    assert "quote_engine/__init__.py" in names
    assert "quote_engine/data/example-catalog.json" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]

    metadata = archive.read(f"{dist_info}/METADATA").decode()
    assert "Metadata-Version: 2.1\nName: quote-engine\nVersion: 1.0.0\n" in metadata
    wheel = archive.read(f"{dist_info}/WHEEL").decode()
    assert "Root-Is-Purelib: true\n" in wheel and "Tag: py3-none-any\n" in wheel

    record = list(csv.reader(io.StringIO(archive.read(f"{dist_info}/RECORD").decode())))
    assert sorted(row[0] for row in record) == sorted(names)
    for path, digest, size in record:
        if path.endswith("RECORD"):
            assert (digest, size) == ("", "")
            continue
        content = archive.read(path)
        expected = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=")
        assert digest == "sha256=" + expected.decode()
        assert int(size) == len(content)


def test_wheel_is_reproducible() -> None:
    files = [("pkg/__init__.py", b"x = 1\n"), ("pkg/data/a.json", b"{}")]
    first = assets.build_wheel(files, "pkg", "2.0")
    assert first == assets.build_wheel(files, "pkg", "2.0")
    assert first != assets.build_wheel(files, "pkg", "2.1")
    info = zipfile.ZipFile(io.BytesIO(first)).getinfo("pkg/__init__.py")
    assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_the_wheel_alone_can_quote(tmp_path: Path) -> None:
    _, data = assets.engine_wheel()
    zipfile.ZipFile(io.BytesIO(data)).extractall(tmp_path)
    request = {
        "product": "dns",
        "currency": "USD",
        "today": "2026-11-15",
        "current": {
            "plan": "basic",
            "cycle": "monthly",
            "period_start": "2026-11-01",
            "period_end": "2026-12-01",
        },
        "target": {"plan": "start"},
    }
    # -I: isolated, so only the unpacked wheel (not the repository) provides quote_engine.
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import json, quote_engine; "
        "assert quote_engine.__file__.startswith(sys.argv[1]), quote_engine.__file__; "
        "print(quote_engine.quote_json(sys.argv[2]))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", code, str(tmp_path), json.dumps(request)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["due_today"] == "2.66"


class FakeRuntime:
    """Stands in for mkdocs_quote.runtime.prepare_runtime: writes one hashed file, counts calls."""

    def __init__(self, extra: dict[str, str] | None = None) -> None:
        self.calls: list[tuple[Path, Path, Path, Path]] = []
        self.extra = extra or {}

    def __call__(
        self, site_dir: Path, wheel: Path, catalog: Path, node_modules: Path
    ) -> dict[str, str]:
        self.calls.append((site_dir, wheel, catalog, node_modules))
        assert wheel.is_file() and catalog.is_file()  # written before the runtime is asked
        script = site_dir / "assets/quote/widget.0123abcd.js"
        script.write_text("// widget", encoding="utf-8")
        return {"widget.js": "assets/quote/widget.0123abcd.js", **self.extra}


def test_prepare_writes_hashed_files_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    runtime = FakeRuntime()
    urls = assets.prepare(site, tmp_path / "node_modules", CATALOG_JSON, runtime)
    _, wheel = assets.engine_wheel()
    wheel_hash = hashlib.sha256(wheel).hexdigest()[:12]
    catalog_hash = hashlib.sha256(CATALOG_JSON.encode()).hexdigest()[:12]
    assert urls == {
        "wheel": f"assets/quote/{wheel_hash}/quote_engine-1.0.0-py3-none-any.whl",
        "catalog": f"assets/quote/catalog.{catalog_hash}.json",
        "widget.js": "assets/quote/widget.0123abcd.js",
    }
    assert (site / urls["wheel"]).read_bytes() == wheel
    assert (site / urls["catalog"]).read_text(encoding="utf-8") == CATALOG_JSON
    assert runtime.calls == [
        (site, site / urls["wheel"], site / urls["catalog"], tmp_path / "node_modules")
    ]

    # Another language pass: same content, files present -> nothing is written again.
    assert assets.prepare(site, tmp_path / "node_modules", CATALOG_JSON, runtime) == urls
    assert len(runtime.calls) == 1

    # `mkdocs serve` cleaned the site: everything is written again.
    (site / urls["catalog"]).unlink()
    assert assets.prepare(site, tmp_path / "node_modules", CATALOG_JSON, runtime) == urls
    assert len(runtime.calls) == 2 and (site / urls["catalog"]).is_file()


def test_a_changed_catalog_gets_a_new_url(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    runtime = FakeRuntime()
    first = assets.prepare(site, tmp_path, CATALOG_JSON, runtime)
    changed = json.loads(CATALOG_JSON)
    changed["products"]["dns"]["plans"]["basic"]["prices"]["USD"]["monthly"] = "6.00"
    second = assets.prepare(site, tmp_path, json.dumps(changed), runtime)
    assert first["catalog"] != second["catalog"] and first["wheel"] == second["wheel"]


def test_runtime_may_not_rename_our_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    runtime = FakeRuntime({"wheel": "elsewhere/quote_engine.whl"})
    with pytest.raises(ValueError, match="the runtime names 'wheel'"):
        assets.prepare(site, tmp_path / "nm", CATALOG_JSON, runtime)
