"""``quote-helpcenter new DIR``: a starter help center a provider builds on.

The starter holds a small catalog, a home page and one guide (a price, a plans table, a worked
example and an estimator) in the six languages, a ``package.json`` and lock pinning Pyodide, and
a README whose two commands serve and build it. Translations are stamped against their English
pages, so the translation status starts clean. Nothing is ever overwritten:

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     written = write_starter(Path(folder) / "help")
...     sorted(p.name for p in written if p.suffix != ".md")
...     try:
...         write_starter(Path(folder) / "help")
...     except StarterError as error:
...         print(str(error).splitlines()[0])
['.gitignore', 'catalog.yml', 'mkdocs.yml', 'package-lock.json', 'package.json']
refusing to overwrite 18 files in the folder:
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from importlib import resources
from pathlib import Path

__all__ = ["StarterError", "main", "starter_files", "write_starter"]

#: Front-matter key of the English page's hash a translation was checked against (as the
#: helpcenter plugin's translation status reads it).
HASH_KEY = "source_hash"
HASH_LENGTH = 12


class StarterError(Exception):
    """The starter cannot be written (files in the way, a folder that is a file)."""


def _stamp(translation: str, english: bytes) -> str:
    digest = hashlib.sha256(english).hexdigest()[:HASH_LENGTH]
    return f"---\n{HASH_KEY}: {digest}\n---\n{translation}"


def starter_files() -> dict[str, bytes]:
    """Relative path -> content of every file of the starter, translations stamped."""
    root = resources.files(__package__ or "mkdocs_quote.starter").joinpath("files")
    out: dict[str, bytes] = {}

    def walk(node: object, prefix: str) -> None:
        for child in node.iterdir():  # type: ignore[attr-defined]
            name = prefix + child.name
            if child.is_dir():
                walk(child, name + "/")
            else:
                out[name] = child.read_bytes()

    walk(root, "")
    out[".gitignore"] = out.pop("gitignore")
    for name in list(out):
        parts = name.split("/")[-1].split(".")
        if name.startswith("docs/") and len(parts) == 3:  # page.<lang>.md
            english = out[name.rsplit(".", 2)[0] + ".md"]
            out[name] = _stamp(out[name].decode("utf-8"), english).encode("utf-8")
    return out


def write_starter(target: Path) -> list[Path]:
    """Write the starter into ``target`` (created if missing); returns the files written.

    Raises:
        StarterError: ``target`` is a file, or any starter file already exists there (nothing
            is written then).
    """
    if target.exists() and not target.is_dir():
        raise StarterError(f"{target} exists and is not a folder")
    files = starter_files()
    existing = sorted(name for name in files if (target / name).exists())
    if existing:
        listed = "\n".join(f"  {target / name}" for name in existing)
        raise StarterError(
            f"refusing to overwrite {len(existing)} files in the folder:\n{listed}\n"
            "choose a new folder, or move these files away first"
        )
    written = []
    for name, data in sorted(files.items()):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """``quote-helpcenter new DIR``."""
    parser = argparse.ArgumentParser(
        prog="quote-helpcenter",
        description="Start a six-language help center whose prices come from your catalog.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="write a starter help center into DIR")
    new.add_argument("dir", type=Path, help="the folder to create (it may exist, empty)")
    args = parser.parse_args(argv)
    try:
        written = write_starter(args.dir)
    except StarterError as error:
        print(f"quote-helpcenter: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"quote-helpcenter: cannot write {args.dir}: {error.strerror or error}", file=sys.stderr
        )
        return 1
    print(f"Wrote {len(written)} files to {args.dir}. Next, from that folder:")
    print('  python3 -m venv .venv && .venv/bin/pip install "quote-engine[site]" && npm ci')
    print("  .venv/bin/mkdocs serve")
    return 0
