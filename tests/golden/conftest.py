"""The golden cases, shared by the CPython and the Pyodide runner."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CASES_FILE = Path(__file__).with_name("cases.json")


@dataclass(frozen=True, slots=True)
class Case:
    """One golden request (as the exact text both runners send) and its expected response."""

    name: str
    request_text: str
    response: dict[str, Any]

    def expected_text(self) -> str:
        """The response as canonical JSON (sorted keys, no spaces, ASCII), as quote_json writes."""
        return json.dumps(self.response, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def load_cases() -> list[Case]:
    data = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    cases = []
    for entry in data["cases"]:
        text = entry.get("request_text")
        if text is None:
            text = json.dumps(entry["request"], ensure_ascii=False)
        cases.append(Case(entry["name"], text, entry["response"]))
    return cases


@pytest.fixture(scope="session")
def golden_cases() -> list[Case]:
    return load_cases()


@pytest.fixture(scope="session")
def site_catalog_json() -> str:
    """The catalog the site ships: the example catalog, validated, as canonical JSON."""
    from quote_engine.catalog import example_catalog, export_catalog_json

    return export_catalog_json(example_catalog())
