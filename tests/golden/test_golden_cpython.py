"""The golden cases under CPython: ``quote_json`` answers each request with the exact text."""

from __future__ import annotations

import json

import pytest

from tests.golden.conftest import Case, load_cases

CASES = load_cases()


def test_the_golden_file_covers_products_presets_and_refusals() -> None:
    requests = [json.loads(c.request_text) for c in CASES if c.name != "malformed-json"]
    assert {"hosting", "dns", "radio", "email", "network"} <= {r["product"] for r in requests}
    presets = {
        product["policy"]["preset"]
        for r in requests
        for product in r.get("catalog", {}).get("products", {}).values()
    }
    assert {"stripe", "killbill", "lago", "ultimate_multisite"} <= presets
    codes = {c.response["error"]["code"] for c in CASES if not c.response["ok"]}
    assert {
        "support_only",
        "path_not_allowed",
        "downgrade_not_allowed",
        "downgrade_outside_window",
        "one_change_at_a_time",
        "invalid_request",
    } <= codes
    assert len(CASES) >= 30
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_quote_json_gives_the_golden_text(case: Case, site_catalog_json: str) -> None:
    from quote_engine import quote_json

    assert quote_json(case.request_text, site_catalog_json) == case.expected_text()
