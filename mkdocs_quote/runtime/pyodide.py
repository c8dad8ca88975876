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
- ``assets/quote/widget.<hash>.js``, ``widget.<hash>.css`` and ``worker.<hash>.js``; the worker
  gets the runtime's manifest (file names, sizes, lock info) written into it, and the page's
  config carries the worker's URL.

Every name carries a content hash, so a host can serve them with
``Cache-Control: public, max-age=31536000, immutable``.

Start-up design, measured with ``bench/widget.py`` (Chromium 156 on a 2-core machine that was
running other jobs, medians of 3 to 5 runs; "bare" is stock Pyodide, ``loadPyodide()`` then
``1 + 1`` in a module worker, served the same way):

====================================  ============  ============  ==============  ==============
                                      local cold    local warm    10 Mbit/s cold  10 Mbit/s warm
====================================  ============  ============  ==============  ==============
bare Pyodide                          2.4-3.0 s     1.6-2.3 s     13.5-16.5 s     1.7-3.0 s
this design (navigation to live)      0.96-1.07 s   0.71-0.72 s   7.1-8.8 s       1.2-1.9 s
ratio (targets 0.5, 0.5, 1.0, 1.0)    0.33-0.42     0.35-0.42     0.48-0.55       0.55-0.76
====================================  ============  ============  ==============  ==============

How the time was won, each step measured before it was kept:

1. Byte code. Pyodide ships its standard library as ``.py`` sources; compiling the modules
   start-up imports is ~1.6 s of a 2.5 s start. Shipping them compiled (``.pyc``, unchecked-hash,
   made by this very Pyodide so the magic number matches) brings Python up in ~0.6-0.9 s, and
   the trimmed zip is 1.3 MB instead of 2.5 MB. The same for the engine: 80-100 ms of compiling
   saved. The modules are chosen by tracing, not by a list: ``static/build-runtime.js`` starts
   Pyodide in Node with the worker's own ``startEngine`` and quotes every plan pair, cycle pair,
   currency and tax region of the catalog; the golden tests then run every golden case with
   exactly the shipped files (``tests/golden/test_golden_pyodide.py``).
2. A gzipped wasm. 9.6 MB raw, 3.5 MB gzipped; many static hosts do not compress ``.wasm``, and
   on 10 Mbit/s the 6 MB difference is ~5 s. The worker inflates it while
   ``WebAssembly.compileStreaming`` compiles it, in parallel with everything else; on localhost
   inflating costs under 50 ms, and warm starts were no slower than with the raw file (the wasm
   code cache made no measurable difference).
3. The snapshot, adaptively. ``makeMemorySnapshot`` (private Pyodide API; the build checks the
   restore in the same Pyodide) skips Python's start and the engine's import: warm local
   0.71 s instead of 1.1-1.5 s with byte code alone, which is what gets local starts under
   0.5 x. But it is a 31 MB heap image, 4.9 MB gzipped (stored without its zero pages so the
   browser inflates 12 MB, not 31), and on the mobile profile 4.9 MB more costs ~4 s, far more
   than the ~0.5 s it saves. So the worker takes it from the HTTP cache when it is there, and
   otherwise downloads it beside the wasm and abandons it as soon as the wasm's own speed says
   it would take over 400 ms (or says nothing, the wasm having come from the cache). Measured:
   localhost uses it cold and warm, the 10 Mbit/s profile never does. A snapshot that cannot be
   fetched or restored costs nothing but time: the worker starts Python from byte code.
4. Early and lazy. Start-up begins when an estimator comes within 200 px of the viewport, or on
   the first input: a reader who never scrolls to it downloads nothing (0.09 MB for the article,
   11.3 MB once live on localhost, 6.4 MB without the snapshot), and pages without an estimator
   load no runtime file. The prerendered estimate stays on screen meanwhile.

A recalculation (input change to the new result in the page) takes p50 4-6.5 ms, p95 10-17 ms
on the loaded machine; Python's share is under 1 ms, the rest is the page's own rendering, which
the worker's answer waits behind, and the redraw (1 ms).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

STATIC_DIR = Path(__file__).parent.parent / "static"
ASSET_DIR = "assets/quote"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
"""The files of the npm package a start reads (the lock file's ``info`` is passed inline)."""

WASM_GZ = "pyodide.asm.wasm.gz"
STDLIB = "python_stdlib.zip"
ENGINE_PYC = "quote_engine.pyc.zip"
SNAPSHOT = "snapshot.bin.gz"
_RUNTIME_MARK = "/*QE_RUNTIME*/ null"
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


def _compiled(pyodide: Path, wheel: Path, catalog_json: Path, cache: Path) -> Path:
    """The traced standard library and the engine, as byte code: built once per input content.

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
        script.read_bytes(),
        (STATIC_DIR / "worker.js").read_bytes(),
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
                [_node(), str(script), str(pyodide), str(wheel), str(catalog_json), str(out)],
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


def prepare_runtime(
    site_dir: Path, wheel: Path, catalog_json: Path, node_modules: Path
) -> dict[str, str]:
    """Copy the runtime into ``site_dir`` and return logical name -> site-relative URL.

    Args:
        site_dir: the build's output directory.
        wheel: the engine wheel, already written inside ``site_dir``.
        catalog_json: the catalog JSON, already written inside ``site_dir``.
        node_modules: where npm installed ``pyodide``.

    Returns:
        ``pyodide`` (a directory, ending in ``/``), ``widget.js``, ``widget.css``,
        ``worker.js``, and ``wheel`` and ``catalog`` echoed; all relative to the site root.

    Raises:
        RuntimeBuildError: Pyodide or Node missing, the wheel or catalog not inside
            ``site_dir``, or the standard-library trace failing.
    """
    for path in (wheel, catalog_json):
        if not path.is_file():
            raise RuntimeBuildError(f"{path} does not exist")
        try:
            path.resolve().relative_to(site_dir.resolve())
        except ValueError:
            raise RuntimeBuildError(f"{path} is not inside the site directory {site_dir}") from None
    pyodide = _pyodide_dir(node_modules)
    cache = node_modules / ".cache" / "mkdocs-quote"

    compiled = _compiled(pyodide, wheel, catalog_json, cache)
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

    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    version = json.loads((pyodide / "package.json").read_text(encoding="utf-8"))["version"]
    manifest = {
        "version": version,
        "wasm": WASM_GZ,
        "stdlib": STDLIB,
        "engine": ENGINE_PYC,
        "snapshotBytes": len(files[SNAPSHOT]),
        "lockInfo": lock["info"],
        # What the worker fetches (pyodide.mjs and pyodide.asm.mjs are imported, not fetched):
        # the denominator of its download progress.
        "bytes": len(files[WASM_GZ])
        + len(files[STDLIB])
        + len(files[ENGINE_PYC])
        + wheel.stat().st_size
        + catalog_json.stat().st_size,
    }
    worker = (STATIC_DIR / "worker.js").read_text(encoding="utf-8")
    if worker.count(_RUNTIME_MARK) != 1:
        raise RuntimeBuildError(f"worker.js must contain {_RUNTIME_MARK!r} exactly once")
    worker = worker.replace(_RUNTIME_MARK, json.dumps(manifest, separators=(",", ":")))

    urls = {
        "pyodide": _site_url(site_dir, runtime_dir) + "/",
        "snapshot": _site_url(site_dir, runtime_dir / SNAPSHOT),
        "wheel": _site_url(site_dir, wheel),
        "catalog": _site_url(site_dir, catalog_json),
    }
    statics = {
        "worker.js": worker.encode("utf-8"),
        "widget.js": (STATIC_DIR / "widget.js").read_bytes(),
        "widget.css": (STATIC_DIR / "widget.css").read_bytes(),
    }
    for name, data in statics.items():
        path = site_dir / ASSET_DIR / _hashed_name(name, data)
        _write(path, data)
        urls[name] = _site_url(site_dir, path)
    return urls
