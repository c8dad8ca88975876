"""Command line: ``python -m quote_engine quote [--catalog PATH]`` (also ``quote-engine``).

Subcommands:

- ``quote``: one request as JSON on standard input, one response as canonical JSON (the text
  ``quote_json`` returns) and a newline on standard output. Exit status 0 for ``"ok": true``,
  1 for ``"ok": false``. Whatever the input (garbage, not UTF-8, a missing or broken catalog)
  the answer is JSON, never a traceback.
- ``validate PATH...``: check catalog files; one line per file, exit 1 if any is invalid.
- ``export [--catalog PATH] [--indent N]``: print a catalog (the example one by default) as
  validated canonical JSON, ready for ``quote_json``'s ``catalog_json``.
- ``import SYSTEM FILE --product ID [--merge CATALOG] [--output PATH]``: a catalog from a
  billing system's export (``whmcs``, ``killbill``, ``stripe``, ``lago``); skipped items one line
  each on standard error; exit 1 (a message naming the file) when the file cannot be read.
- ``diff OLD NEW``: what changed between two catalogs; exit 0 when equal, 1 when they differ,
  2 when a catalog cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from . import __version__
from .api import canonical_json, respond_json
from .catalog import (
    Catalog,
    example_catalog,
    export_catalog_json,
    load_catalog_file,
    validate_catalog,
)
from .catalog import example_catalog_validated as _example
from .errors import QuoteError, invalid_request


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quote-engine",
        description="Proration quotes for plan changes, as the quote contract describes.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    quote = commands.add_parser("quote", help="answer one JSON request read from standard input")
    quote.add_argument("--catalog", metavar="PATH", help="catalog file (.json, .yaml, .yml)")
    validate = commands.add_parser("validate", help="check catalog files")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    export = commands.add_parser("export", help="print a catalog as canonical JSON")
    export.add_argument("--catalog", metavar="PATH", help="catalog file (default: the example)")
    export.add_argument("--indent", type=int, metavar="N", help="indent the JSON by N spaces")
    imp = commands.add_parser("import", help="a catalog from a billing system's export")
    imp.add_argument("system", choices=("whmcs", "killbill", "stripe", "lago"))
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--product", required=True, metavar="ID", help="the catalog's product id")
    imp.add_argument("--merge", metavar="CATALOG", help="re-import into this catalog")
    imp.add_argument("--output", metavar="PATH", help="write .json/.yaml/.yml here")
    diff = commands.add_parser("diff", help="what changed between two catalogs")
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    return parser


def _import(system: str, path: str, product: str, merge: str | None, output: str | None) -> int:
    from .importers import ImportFailure, import_catalog, merge_catalog

    try:
        result = import_catalog(system, path, product)
        if merge is not None:
            result = merge_catalog(load_catalog_file(merge), result, product, merge)
    except ImportFailure as failure:
        _write(f"quote-engine import: {failure}", "stderr")
        return 1
    except QuoteError as error:
        _write(f"quote-engine import: {error.message}", "stderr")
        return 1
    for line in result.skipped:
        _write(line, "stderr")
    text = json.dumps(result.catalog, indent=2, ensure_ascii=False)
    if output is None:
        _write(text)
        return 0
    if output.lower().endswith((".yaml", ".yml")):
        try:
            import yaml
        except ImportError:
            _write("quote-engine import: writing YAML needs PyYAML; use a .json output", "stderr")
            return 1
        text = yaml.safe_dump(result.catalog, allow_unicode=True, sort_keys=False)
    elif not output.lower().endswith(".json"):
        _write(
            f"quote-engine import: {output}: the output must end in .json, .yaml or .yml", "stderr"
        )
        return 1
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        _write(f"quote-engine import: {output}: cannot be written: {exc.strerror or exc}", "stderr")
        return 1
    return 0


def _diff(old_path: str, new_path: str) -> int:
    from .catalog_diff import diff_catalogs

    try:
        old, new = _file_catalog(old_path), _file_catalog(new_path)
    except QuoteError as error:
        _write(f"quote-engine diff: {error.message}", "stderr")
        return 2
    lines = diff_catalogs(old, new)
    for line in lines:
        _write(line)
    return 1 if lines else 0


def _write(text: str, stream: str = "stdout") -> None:
    # Bytes straight to the buffer: the output is ASCII JSON or UTF-8 text whatever the locale.
    target = sys.stdout if stream == "stdout" else sys.stderr
    data = (text + "\n").encode("utf-8", errors="backslashreplace")
    buffer = getattr(target, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # a replaced stream (tests capturing output) without a binary buffer
        target.write(data.decode("utf-8"))
        target.flush()


def _read_stdin() -> str:
    stream = sys.stdin
    if stream is None:
        raise invalid_request("request", "malformed_json", "standard input is closed")
    try:
        buffer = getattr(stream, "buffer", None)
        raw = buffer.read() if buffer is not None else stream.read().encode("utf-8")
    except (OSError, ValueError) as exc:
        raise invalid_request(
            "request", "malformed_json", f"cannot read standard input: {exc}"
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise invalid_request(
            "request",
            "malformed_json",
            f"standard input is not UTF-8 ({exc.reason} at byte {exc.start})",
        ) from None


def _file_catalog(path: str) -> Catalog:
    return validate_catalog(load_catalog_file(path), path)


def _quote(catalog_path: str | None) -> int:
    try:
        text = _read_stdin()
    except QuoteError as error:
        output = canonical_json({"ok": False, "error": error.to_dict()})
    else:
        if catalog_path is None:
            output = respond_json(text, _example)
        else:
            path = catalog_path
            output = respond_json(text, lambda: _file_catalog(path))
    _write(output)
    return 0 if json.loads(output)["ok"] is True else 1


def _validate(paths: Sequence[str]) -> int:
    status = 0
    for path in paths:
        try:
            catalog = _file_catalog(path)
        except QuoteError as error:
            _write(error.message, "stderr")
            status = 1
            continue
        plans = sum(len(product.plans) for product in catalog.products.values())
        _write(f"{path}: ok ({len(catalog.products)} products, {plans} plans)")
    return status


def _export(catalog_path: str | None, indent: int | None) -> int:
    try:
        if catalog_path is None:
            text = export_catalog_json(example_catalog(), "quote_engine/data/example-catalog.json")
        else:
            text = export_catalog_json(load_catalog_file(catalog_path), catalog_path)
    except QuoteError as error:
        _write(error.message, "stderr")
        return 1
    if indent is not None:
        text = json.dumps(json.loads(text), sort_keys=True, indent=indent, ensure_ascii=True)
    _write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Args:
        argv: Arguments without the program name; ``None`` for ``sys.argv[1:]``.

    >>> main(["validate", "missing-catalog.json"])  # the message goes to standard error
    1
    """
    args = _parser().parse_args(argv)
    try:
        if args.command == "quote":
            return _quote(args.catalog)
        if args.command == "validate":
            return _validate(args.paths)
        if args.command == "import":
            return _import(args.system, args.file, args.product, args.merge, args.output)
        if args.command == "diff":
            return _diff(args.old, args.new)
        return _export(args.catalog, args.indent)
    except BrokenPipeError:
        # The reader went away (``| head``); point stdout at devnull so the interpreter's final
        # flush does not complain, as the Python docs on SIGPIPE recommend.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError:
        return 1  # standard output is gone; there is nobody left to tell
    except Exception as exc:  # a bug in validate/export: a message, not a traceback
        _write(f"quote-engine: internal error: {type(exc).__name__}: {exc}", "stderr")
        return 1


if __name__ == "__main__":
    sys.exit(main())
