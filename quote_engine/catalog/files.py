"""Catalog files: JSON and YAML text, files on disk, the example catalog, canonical export.

JSON catalogs refuse repeated keys; YAML needs PyYAML (the site's install has it, the browser's
runtime does not need it). Every failure is ``invalid_catalog`` naming the file.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from typing import Any

from .model import EXAMPLE_CATALOG_RESOURCE, EXAMPLE_CATALOG_SOURCE, Catalog
from .reading import catalog_error, kind_of, validate_catalog


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(f"duplicate key {key!r}")
        out[key] = value
    return out


def parse_catalog_json(text: str, source: str) -> dict[str, Any]:
    """Parse catalog JSON text (duplicate keys refused) into data for :func:`validate_catalog`.

    Raises:
        QuoteError: ``invalid_catalog`` for malformed JSON, a duplicate key or a non-mapping.

    >>> parse_catalog_json('{"products": {}, "products": {}}', "c.json")
    Traceback (most recent call last):
    ...
    quote_engine.errors.QuoteError: c.json: duplicate key 'products'
    """
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        raise catalog_error(source, "", str(exc)) from None
    except json.JSONDecodeError as exc:
        raise catalog_error(
            source, "", f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise catalog_error(source, "", f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise catalog_error(source, "", f"the catalog must be a mapping, not {kind_of(data)}")
    return data


def _parse_yaml(text: str, source: str) -> dict[str, Any]:
    # PyYAML is optional (the engine ships to the browser with the standard library only), so
    # it is imported here, when a YAML file is actually read.
    try:
        import yaml
    except ImportError:
        raise catalog_error(
            source, "", "reading a YAML catalog needs PyYAML; install it or use a .json catalog"
        ) from None

    class _Loader(yaml.SafeLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            seen: set[object] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:
                    duplicate = False
                if duplicate:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark
                    )
            return super().construct_mapping(node, deep=deep)

    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise catalog_error(source, "", f"not valid YAML: {exc.problem}{where}") from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise catalog_error(source, "", f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise catalog_error(source, "", f"the catalog must be a mapping, not {kind_of(data)}")
    return data


def load_catalog_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a catalog file, ``.json`` or ``.yaml``/``.yml``, into data (not yet validated).

    Args:
        path: The file.

    Returns:
        The parsed data; pass it to :func:`validate_catalog` with ``str(path)`` as source.

    Raises:
        QuoteError: ``invalid_catalog`` naming the file for a missing or unreadable file, an
            unknown extension, malformed JSON or YAML, or duplicate keys.
    """
    source = os.fspath(path)
    lowered = source.lower()
    if lowered.endswith(".json"):
        parse = parse_catalog_json
    elif lowered.endswith((".yaml", ".yml")):
        parse = _parse_yaml
    else:
        raise catalog_error(source, "", "a catalog file must end in .json, .yaml or .yml")
    try:
        with open(source, encoding="utf-8-sig") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise catalog_error(source, "", "no such file") from None
    except IsADirectoryError:
        raise catalog_error(source, "", "is a directory, not a catalog file") from None
    except UnicodeDecodeError as exc:
        raise catalog_error(
            source, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except OSError as exc:
        raise catalog_error(source, "", f"cannot be read: {exc.strerror or exc}") from None
    return parse(text, source)


@lru_cache(maxsize=1)
def example_catalog_text() -> str:
    """The example catalog's JSON text, as the package ships it."""
    try:
        return (
            resources.files("quote_engine")
            .joinpath(EXAMPLE_CATALOG_RESOURCE)
            .read_text(encoding="utf-8")
        )
    except (OSError, ModuleNotFoundError) as exc:
        raise catalog_error(EXAMPLE_CATALOG_SOURCE, "", f"cannot be read: {exc}") from None


def example_catalog() -> dict[str, Any]:
    """The project's example catalog as data (a fresh copy on every call).

    >>> sorted(example_catalog()["products"])
    ['dns', 'email', 'hosting', 'network', 'radio']
    """
    return parse_catalog_json(example_catalog_text(), EXAMPLE_CATALOG_SOURCE)


@lru_cache(maxsize=1)
def example_catalog_validated() -> Catalog:
    """The example catalog, validated once per process."""
    return validate_catalog(example_catalog(), EXAMPLE_CATALOG_SOURCE)


def canonical_catalog_json(data: object) -> str:
    """Canonical JSON text of catalog data: sorted keys, compact, ASCII (see ``api``)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def export_catalog_json(data: object, source: str = "catalog") -> str:
    """Validate catalog data and return it as canonical JSON text.

    The text gives the same quotes as the data: ``quote_json(r, export_catalog_json(c))`` equals
    the canonical text of ``quote(json.loads(r), c)``.

    Raises:
        QuoteError: ``invalid_catalog`` as :func:`validate_catalog`.

    >>> export_catalog_json({"products": {"x": {"plans": {"p": {"tier": 1,
    ...     "prices": {"USD": {"monthly": "1.00"}}}}}}})
    '{"products":{"x":{"plans":{"p":{"prices":{"USD":{"monthly":"1.00"}},"tier":1}}}}}'
    """
    validate_catalog(data, source)
    return canonical_catalog_json(data)
