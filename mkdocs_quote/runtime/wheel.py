"""The files the estimator downloads: the engine as a wheel, the catalog as JSON, the runtime.

mkdocs-static-i18n builds the site once per language into one ``site_dir``, calling every hook
again each time. The files here are the same for every language, so they are made once:

- the wheel and the catalog JSON are built in memory and cached by the content they come from
  (the engine's source files, the validated catalog), in this module, so even a ``mkdocs serve``
  rebuild with a fresh plugin instance reuses them;
- they are written straight into ``site_dir`` (never into ``docs/``, where static-i18n would read
  ``name.xx.ext`` as a translation), under names that carry their content hash, and the runtime
  (Pyodide, the widget's scripts) is copied next to them by :func:`mkdocs_quote.runtime.
  prepare_runtime`; the result is remembered are remembered per ``site_dir`` and content, and only
  written again if a file has gone (``mkdocs serve`` cleans the directory between builds).

The wheel is ``py3-none-any`` and reproducible: entries sorted, timestamps fixed at 1980-01-01,
so the same engine source always gives the same bytes, hash and URL. Pyodide installs it with
``pyodide.unpackArchive(bytes, "wheel")``, which reads the bytes, not the file name, so the hash
goes in a directory name and the file keeps a valid wheel name:
``assets/quote/<hash>/quote_engine-1.0.0-py3-none-any.whl``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_quote.runtime.pyodide import ASSET_DIR, Runtime, prepare_runtime

DIST_NAME = "quote-engine"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def content_hash(data: bytes, length: int = 12) -> str:
    """The first ``length`` hex digits of the SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()[:length]


def _record_hash(data: bytes) -> str:
    # RECORD wants urlsafe base64 of the SHA-256 digest without padding (PEP 376 / 427).
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def package_files(package_dir: Path) -> list[tuple[str, bytes]]:
    """The files of a package directory as (archive name, bytes), sorted.

    Byte-code caches and hidden files are left out; everything else (modules, ``py.typed``,
    ``data/``) goes in, under ``<package name>/``.
    """
    files = []
    for path in sorted(package_dir.rglob("*")):
        rel = path.relative_to(package_dir)
        if not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
            continue
        if path.suffix in {".pyc", ".pyo"}:
            continue
        files.append(((Path(package_dir.name) / rel).as_posix(), path.read_bytes()))
    return files


def wheel_filename(dist_name: str, version: str) -> str:
    """``quote-engine``, ``1.0.0`` -> ``quote_engine-1.0.0-py3-none-any.whl`` (PEP 427 escaping)."""
    return f"{_escape(dist_name)}-{_escape(version)}-py3-none-any.whl"


def _escape(part: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "." else "_" for ch in part)


def build_wheel(files: Iterable[tuple[str, bytes]], dist_name: str, version: str) -> bytes:
    """A reproducible pure-Python wheel holding ``files``.

    Args:
        files: (archive name, bytes) of the package's files, e.g. from :func:`package_files`.
        dist_name: the distribution's name (``quote-engine``).
        version: its version.

    Returns:
        The wheel's bytes: the files, then ``METADATA``, ``WHEEL`` and ``RECORD`` (with each
        file's SHA-256 and size) in ``<name>-<version>.dist-info/``.
    """
    dist_info = f"{_escape(dist_name)}-{_escape(version)}.dist-info"
    metadata = (
        f"Metadata-Version: 2.1\nName: {dist_name}\nVersion: {version}\n"
        "Summary: Upgrade and downgrade proration quotes (built by mkdocs_quote for the browser)\n"
        "Requires-Python: >=3.11\n"
    ).encode()
    wheel = (
        b"Wheel-Version: 1.0\nGenerator: mkdocs_quote\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    entries = list(files) + [
        (f"{dist_info}/METADATA", metadata),
        (f"{dist_info}/WHEEL", wheel),
    ]
    record_lines = [f"{name},{_record_hash(data)},{len(data)}" for name, data in entries]
    record_lines.append(f"{dist_info}/RECORD,,")
    entries.append((f"{dist_info}/RECORD", ("\n".join(record_lines) + "\n").encode()))

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def engine_version() -> str:
    """The engine's version: ``quote_engine.__version__``, else the installed distribution's."""
    import quote_engine

    version = getattr(quote_engine, "__version__", None)
    if isinstance(version, str) and version:
        return version
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version(DIST_NAME)
    except PackageNotFoundError:
        raise RuntimeError(
            "cannot tell the quote engine's version: set quote_engine.__version__ "
            "or install the project (pip install -e .)"
        ) from None


#: What of each package the browser needs: the engine's modules and data, the view. The
#: command line and the billing-system importers stay on the server.
BROWSER_PACKAGES = ("quote_engine", "quote_view")
BROWSER_EXCLUDE = frozenset(
    {"quote_engine/__main__.py", "quote_engine/importers", "quote_engine/catalog_diff.py"}
)  # and every *.md file (documentation stays in the repository)


def browser_files() -> list[tuple[str, bytes]]:
    """The files of the browser's wheel: :data:`BROWSER_PACKAGES` less :data:`BROWSER_EXCLUDE`."""
    import importlib

    files = []
    for name in BROWSER_PACKAGES:
        package = importlib.import_module(name)
        for path, data in package_files(Path(str(package.__file__)).parent):
            excluded = path in BROWSER_EXCLUDE or any(
                path.startswith(ex + "/") for ex in BROWSER_EXCLUDE
            )
            if excluded or path.endswith(".md"):  # documentation stays in the repository
                continue
            files.append((path, data))
    return files


# Content-keyed caches, shared by every build in this process (static-i18n's six passes and
# `mkdocs serve` rebuilds alike).
_WHEELS: dict[str, tuple[str, bytes]] = {}
_PREPARED: dict[tuple[str, ...], object] = {}


def engine_wheel() -> tuple[str, bytes]:
    """(file name, bytes) of the browser's wheel, built once per source content."""
    files = browser_files()
    version = engine_version()
    digest = hashlib.sha256(version.encode())
    for name, data in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    key = digest.hexdigest()
    if key not in _WHEELS:
        _WHEELS[key] = (wheel_filename(DIST_NAME, version), build_wheel(files, DIST_NAME, version))
    return _WHEELS[key]


@dataclass(frozen=True, slots=True)
class SiteFile:
    """A file to write into the site: its site-relative path and content."""

    path: str
    data: bytes = field(repr=False)


def hashed_files(wheel_name: str, wheel: bytes, catalog_json: bytes) -> dict[str, SiteFile]:
    """The wheel and the catalog under their content-hashed, site-relative paths."""
    return {
        "wheel": SiteFile(f"{ASSET_DIR}/{content_hash(wheel)}/{wheel_name}", wheel),
        "catalog": SiteFile(f"{ASSET_DIR}/catalog.{content_hash(catalog_json)}.json", catalog_json),
    }


def _present(site_dir: Path, urls: Mapping[str, str]) -> bool:
    return all((site_dir / url).exists() for url in urls.values())


def prepare(
    site_dir: Path,
    node_modules: Path,
    catalog_json: str,
    view_json: str,
    runtime_builder: Callable[[Path, Path, Path, Path, Path], Runtime] = prepare_runtime,
) -> Runtime:
    """Put every estimator file in ``site_dir`` (once) and return its URLs and manifest.

    Args:
        site_dir: the build's output directory.
        node_modules: where npm installed pyodide.
        catalog_json: the validated catalog as canonical JSON (``export_catalog_json``).
        view_json: one page's view config, which the runtime's trace renders estimates with.
        runtime_builder: what copies and traces the runtime (tests pass a stand-in).

    Raises:
        ValueError: the runtime returns a URL for ``wheel`` or ``catalog`` that differs from ours.
    """
    wheel_name, wheel = engine_wheel()
    files = hashed_files(wheel_name, wheel, catalog_json.encode("utf-8"))
    view_hash = content_hash(view_json.encode("utf-8"))
    key = (
        str(site_dir.resolve()),
        str(node_modules.resolve()),
        files["wheel"].path,
        files["catalog"].path,
        view_hash,
    )
    cached = _PREPARED.get(key)
    if isinstance(cached, Runtime) and _present(site_dir, cached.urls):
        return cached
    for site_file in files.values():
        target = site_dir / site_file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(site_file.data)
    cache = node_modules / ".cache" / "mkdocs-quote"
    cache.mkdir(parents=True, exist_ok=True)
    view_path = cache / f"view-{view_hash}.json"
    if not view_path.is_file():
        view_path.write_text(view_json, encoding="utf-8")
    runtime = runtime_builder(
        site_dir,
        site_dir / files["wheel"].path,
        site_dir / files["catalog"].path,
        view_path,
        node_modules,
    )
    for name, site_file in files.items():
        if runtime.urls.get(name) != site_file.path:
            raise ValueError(
                f"the runtime names {name!r} {runtime.urls.get(name)!r}, "
                f"but it is {site_file.path!r}"
            )
    _PREPARED[key] = runtime
    return runtime
