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
from mkdocs_quote.runtime.pyodide import Runtime
from quote_engine import __version__ as VERSION
from quote_engine.catalog import example_catalog, export_catalog_json

CATALOG_JSON = export_catalog_json(example_catalog())


def test_wheel_name_escapes_the_distribution_name() -> None:
    assert assets.wheel_filename("quote-engine", "1.0.0") == "quote_engine-1.0.0-py3-none-any.whl"


def test_wheel_has_metadata_and_a_record_of_every_file() -> None:
    name, data = assets.engine_wheel()
    assert name == f"quote_engine-{VERSION}-py3-none-any.whl"
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    dist_info = f"quote_engine-{VERSION}.dist-info"
    assert names[-3:] == [f"{dist_info}/METADATA", f"{dist_info}/WHEEL", f"{dist_info}/RECORD"]
    assert {n.split("/")[0] for n in names} == {"quote_engine", "quote_view", dist_info}
    assert "quote_engine/__init__.py" in names
    assert "quote_engine/data/example-catalog.json" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]

    metadata = archive.read(f"{dist_info}/METADATA").decode()
    assert f"Metadata-Version: 2.1\nName: quote-engine\nVersion: {VERSION}\n" in metadata
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
    """Stands in for prepare_runtime: writes one hashed file, counts calls."""

    def __init__(self, extra: dict[str, str] | None = None) -> None:
        self.calls: list[tuple[Path, Path, Path, Path, Path]] = []
        self.extra = extra or {}

    def __call__(
        self, site_dir: Path, wheel: Path, catalog: Path, view: Path, node_modules: Path
    ) -> Runtime:
        self.calls.append((site_dir, wheel, catalog, view, node_modules))
        assert wheel.is_file() and catalog.is_file() and view.is_file()  # written first
        script = site_dir / "assets/quote/estimator-0123abcd/main.js"
        script.parent.mkdir(parents=True, exist_ok=True)
        script.write_text("// estimator", encoding="utf-8")
        urls = {
            "wheel": str(wheel.relative_to(site_dir)),
            "catalog": str(catalog.relative_to(site_dir)),
            "widget.js": "assets/quote/estimator-0123abcd/main.js",
            **self.extra,
        }
        return Runtime(urls, {"files": {}})


VIEW_JSON = json.dumps({"lang": "en"})


def test_prepare_writes_hashed_files_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    fake = FakeRuntime()
    nm = tmp_path / "node_modules"
    urls = assets.prepare(site, nm, CATALOG_JSON, VIEW_JSON, fake).urls
    _, wheel = assets.engine_wheel()
    wheel_hash = hashlib.sha256(wheel).hexdigest()[:12]
    catalog_hash = hashlib.sha256(CATALOG_JSON.encode()).hexdigest()[:12]
    assert urls == {
        "wheel": f"assets/quote/{wheel_hash}/quote_engine-{VERSION}-py3-none-any.whl",
        "catalog": f"assets/quote/catalog.{catalog_hash}.json",
        "widget.js": "assets/quote/estimator-0123abcd/main.js",
    }
    assert (site / urls["wheel"]).read_bytes() == wheel
    assert (site / urls["catalog"]).read_text(encoding="utf-8") == CATALOG_JSON
    assert len(fake.calls) == 1 and fake.calls[0][:3] == (
        site,
        site / urls["wheel"],
        site / urls["catalog"],
    )

    # Another language pass: same content, files present -> nothing is written again.
    assert assets.prepare(site, nm, CATALOG_JSON, VIEW_JSON, fake).urls == urls
    assert len(fake.calls) == 1

    # `mkdocs serve` cleaned the site: everything is written again.
    (site / urls["catalog"]).unlink()
    assert assets.prepare(site, nm, CATALOG_JSON, VIEW_JSON, fake).urls == urls
    assert len(fake.calls) == 2 and (site / urls["catalog"]).is_file()


def test_a_changed_catalog_gets_a_new_url(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    fake = FakeRuntime()
    first = assets.prepare(site, tmp_path, CATALOG_JSON, VIEW_JSON, fake).urls
    changed = json.loads(CATALOG_JSON)
    changed["products"]["dns"]["plans"]["basic"]["prices"]["USD"]["monthly"] = "6.00"
    second = assets.prepare(site, tmp_path, json.dumps(changed), VIEW_JSON, fake).urls
    assert first["catalog"] != second["catalog"] and first["wheel"] == second["wheel"]


def test_runtime_may_not_rename_our_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    fake = FakeRuntime({"wheel": "elsewhere/quote_engine.whl"})
    with pytest.raises(ValueError, match="the runtime names 'wheel'"):
        assets.prepare(site, tmp_path / "nm", CATALOG_JSON, VIEW_JSON, fake)


def test_browser_wheel_ships_engine_and_view_but_no_tools() -> None:
    _, data = assets.engine_wheel()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "quote_view/estimator.py" in names and "quote_engine/quote.py" in names
    assert "quote_engine/__main__.py" not in names
    assert not [n for n in names if n.startswith("quote_engine/importers/")]
    assert not [n for n in names if n.endswith(".md")]


def test_installed_wheel_ships_the_example_catalog(tmp_path: Path) -> None:
    """The wheel pip installs (hatchling) holds the example catalog the site falls back to."""
    hatchling = pytest.importorskip("hatchling.builders.wheel")
    builder = hatchling.WheelBuilder(str(Path(__file__).resolve().parents[2]))
    built = next(iter(builder.build(directory=str(tmp_path), versions=["standard"])))
    names = zipfile.ZipFile(built).namelist()
    assert "quote_engine/data/example-catalog.json" in names
    assert "mkdocs_quote/theme/main.html" in names
    assert "mkdocs_quote/locales/build/bn.json" in names
