"""The estimator's runtime in the built site: Pyodide (trimmed, precompiled) and the widget files.

:func:`prepare_runtime` runs once per build. It writes into ``site_dir`` (never ``docs/``, where
mkdocs-static-i18n would read names such as ``pyodide.asm.wasm`` as translations):

- ``assets/quote/pyodide-<hash>/`` with exactly the files a start needs: ``pyodide.mjs`` and
  ``pyodide.asm.mjs`` as npm ships them; ``pyodide.asm.wasm.gz``, the interpreter gzipped here
  and inflated by the worker with ``DecompressionStream``; ``python_stdlib.zip``, rebuilt with
  only the ~130 standard-library modules that start-up and the engine import, as byte code;
  ``quote_engine.pyc.zip``, the engine wheel's modules as byte code (``__pycache__`` entries
  unpacked beside the wheel's sources); and ``snapshot.bin.gz``, Python's memory with the engine
  started. ``pyodide-lock.json`` (120 kB of package index) is not shipped: the worker passes
  its ``info`` inline, with no packages, since the engine is our own wheel.
- ``assets/quote/estimator-<hash>/`` (the page's ES modules, ``main.js`` first),
  ``assets/quote/worker-<hash>/`` (the worker's: ``worker.js``, ``engine.js``, ``loader.js``)
  and ``assets/quote/widget.<hash>.css``. The runtime's manifest (file names, sizes, the lock
  file's info) travels in the page's config and the worker's start message.

Every name carries a content hash, so a host can serve them with
``Cache-Control: public, max-age=31536000, immutable``.

Why the start-up is built this way, each choice measured before it was kept, is in
``DESIGN.md`` beside this module.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

STATIC_DIR = Path(__file__).parent.parent / "static"
ASSET_DIR = "assets/quote"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
"""The files of the npm package a start reads (the lock file's ``info`` is passed inline)."""

WASM_GZ = "pyodide.asm.wasm.gz"
STDLIB = "python_stdlib.zip"
ENGINE_PYC = "quote_engine.pyc.zip"
SNAPSHOT = "snapshot.bin.gz"
_BUILD_TIMEOUT = 300
_CACHE_ENTRIES = 6


class RuntimeBuildError(RuntimeError):
    """The runtime cannot be prepared: Pyodide or Node missing, or the trace failing."""


def _sha256(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _pyodide_dir(node_modules: Path) -> Path:
    pyodide = node_modules / "pyodide"
    missing = [
        name for name in (*PYODIDE_FILES, "pyodide-lock.json") if not (pyodide / name).is_file()
    ]
    if missing:
        raise RuntimeBuildError(
            f"{pyodide}: missing {', '.join(missing)}; install it with `npm ci` "
            "(package.json pins the pyodide version)"
        )
    return pyodide


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise RuntimeBuildError(
            "Node.js is needed to build the estimator's runtime (`node` is not on PATH)"
        )
    return node


def _compiled(pyodide: Path, wheel: Path, catalog_json: Path, view_json: Path, cache: Path) -> Path:
    """The traced standard library and the engine, as byte code: built once per input content.

    ``view_json`` is one page's view config, so the trace renders estimates as the browser will.

    Returns a folder holding ``python_stdlib.zip``, ``quote_engine.pyc.zip`` and
    ``snapshot.bin.gz``.
    """
    script = STATIC_DIR / "build-runtime.js"
    key = _sha256(
        (pyodide / "package.json").read_bytes(),
        (pyodide / "python_stdlib.zip").read_bytes(),
        (pyodide / "pyodide.asm.mjs").read_bytes(),
        wheel.read_bytes(),
        catalog_json.read_bytes(),
        view_json.read_bytes(),
        script.read_bytes(),
        (STATIC_DIR / "worker" / "engine.js").read_bytes(),
    )[:16]
    target = cache / f"compiled-{key}"
    if all((target / name).is_file() for name in (STDLIB, ENGINE_PYC, SNAPSHOT)):
        os.utime(target)  # recently used: the last to be pruned
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        out = Path(tmp) / "out"
        try:
            done = subprocess.run(
                [
                    _node(),
                    str(script),
                    str(pyodide),
                    str(wheel),
                    str(catalog_json),
                    str(view_json),
                    str(out),
                ],
                capture_output=True,
                text=True,
                timeout=_BUILD_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RuntimeBuildError(f"{script.name} did not finish in {_BUILD_TIMEOUT} s") from None
        if done.returncode != 0 or not (out / STDLIB).is_file():
            tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
            raise RuntimeBuildError(f"{script.name} failed (exit {done.returncode}):\n{tail}")
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        if summary.get("accepted", 0) == 0:
            raise RuntimeBuildError(f"{script.name}: the engine accepted none of its quotes")
        if not summary.get("engine"):
            raise RuntimeBuildError(f"{script.name}: the wheel has no quote_engine modules")
        (out / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(out, target)
    _prune(cache, keep=target)
    return target


def _prune(cache: Path, keep: Path, limit: int = _CACHE_ENTRIES) -> None:
    """Drop the oldest compiled runtimes (6 MB each) beyond ``limit``, never ``keep``."""
    entries = sorted(cache.glob("compiled-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [e for e in entries if e != keep][limit - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def _gzipped_wasm(pyodide: Path, cache: Path) -> Path:
    wasm = (pyodide / "pyodide.asm.wasm").read_bytes()
    target = cache / f"wasm-{hashlib.sha256(wasm).hexdigest()[:16]}.gz"
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        # mtime=0: the same wasm always gives the same bytes, hence the same hashed URL.
        data = gzip.compress(wasm, compresslevel=9, mtime=0)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def _hashed_name(name: str, data: bytes) -> str:
    stem, _, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}.{ext}"


def _site_url(site_dir: Path, path: Path) -> str:
    return path.resolve().relative_to(site_dir.resolve()).as_posix()


def _modules(folder: Path) -> dict[str, bytes]:
    """The ES modules of a static folder, by file name."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.js"))}


def _module_dir(site_dir: Path, name: str, files: dict[str, bytes]) -> Path:
    """ES modules import each other by relative name, so they keep their names inside one
    folder whose name carries the hash of all of them."""
    digest = _sha256(*(n.encode() + data for n, data in sorted(files.items())))[:12]
    folder = site_dir / ASSET_DIR / f"{name}-{digest}"
    for file_name, data in files.items():
        _write(folder / file_name, data)
    return folder


@dataclass(frozen=True, slots=True)
class Runtime:
    """What a page needs to start the estimator: URLs and the runtime's manifest.

    Attributes:
        urls: Site-relative URLs: ``pyodide`` (a folder, ending in ``/``), ``snapshot``,
            ``wheel``, ``catalog``, ``widget.js`` (the page's entry module), ``widget.css``,
            ``worker`` (the worker's entry module).
        manifest: The runtime's files and sizes and the lock file's info, for the worker.
    """

    urls: Mapping[str, str]
    manifest: Mapping[str, object]


def _check_inside(site_dir: Path, paths: tuple[Path, ...]) -> None:
    for path in paths:
        if not path.is_file():
            raise RuntimeBuildError(f"{path} does not exist")
        try:
            path.resolve().relative_to(site_dir.resolve())
        except ValueError:
            raise RuntimeBuildError(f"{path} is not inside the site directory {site_dir}") from None


def _manifest(pyodide: Path, files: dict[str, bytes], fetched_beside: int) -> dict[str, object]:
    """What the worker's start message carries about the runtime."""
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    version = json.loads((pyodide / "package.json").read_text(encoding="utf-8"))["version"]
    return {
        "version": version,
        "wasm": WASM_GZ,
        "stdlib": STDLIB,
        "engine": ENGINE_PYC,
        "snapshotBytes": len(files[SNAPSHOT]),
        "lockInfo": lock["info"],
        # What the worker fetches (pyodide.mjs and pyodide.asm.mjs are imported, not fetched):
        # the denominator of its download progress; ``fetched_beside``: the wheel and catalog.
        "bytes": len(files[WASM_GZ]) + len(files[STDLIB]) + len(files[ENGINE_PYC]) + fetched_beside,
    }


def prepare_runtime(
    site_dir: Path, wheel: Path, catalog_json: Path, view_json: Path, node_modules: Path
) -> Runtime:
    """Copy the runtime into ``site_dir``.

    Args:
        site_dir: the build's output directory.
        wheel: the browser's wheel (engine and view), already written inside ``site_dir``.
        catalog_json: the catalog JSON, already written inside ``site_dir``.
        view_json: one page's view config (any language), for the trace.
        node_modules: where npm installed ``pyodide``.

    Raises:
        RuntimeBuildError: Pyodide or Node missing, the wheel or catalog not inside
            ``site_dir``, or the standard-library trace failing.
    """
    _check_inside(site_dir, (wheel, catalog_json))
    pyodide = _pyodide_dir(node_modules)
    cache = node_modules / ".cache" / "mkdocs-quote"

    compiled = _compiled(pyodide, wheel, catalog_json, view_json, cache)
    files = {
        "pyodide.mjs": (pyodide / "pyodide.mjs").read_bytes(),
        "pyodide.asm.mjs": (pyodide / "pyodide.asm.mjs").read_bytes(),
        WASM_GZ: _gzipped_wasm(pyodide, cache).read_bytes(),
        STDLIB: (compiled / STDLIB).read_bytes(),
        ENGINE_PYC: (compiled / ENGINE_PYC).read_bytes(),
        SNAPSHOT: (compiled / SNAPSHOT).read_bytes(),
    }
    runtime_hash = _sha256(*(name.encode() + data for name, data in sorted(files.items())))[:12]
    runtime_dir = site_dir / ASSET_DIR / f"pyodide-{runtime_hash}"
    for name, data in files.items():
        _write(runtime_dir / name, data)

    manifest = _manifest(pyodide, files, wheel.stat().st_size + catalog_json.stat().st_size)
    estimator = _module_dir(site_dir, "estimator", _modules(STATIC_DIR / "estimator"))
    worker = _module_dir(site_dir, "worker", _modules(STATIC_DIR / "worker"))
    css = (STATIC_DIR / "widget.css").read_bytes()
    css_path = site_dir / ASSET_DIR / _hashed_name("widget.css", css)
    _write(css_path, css)
    urls = {
        "pyodide": _site_url(site_dir, runtime_dir) + "/",
        "snapshot": _site_url(site_dir, runtime_dir / SNAPSHOT),
        "wheel": _site_url(site_dir, wheel),
        "catalog": _site_url(site_dir, catalog_json),
        "widget.js": _site_url(site_dir, estimator / "main.js"),
        "worker": _site_url(site_dir, worker / "worker.js"),
        "widget.css": _site_url(site_dir, css_path),
    }
    return Runtime(urls, manifest)
