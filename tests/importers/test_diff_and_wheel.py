"""``quote-engine diff``, the ``--merge`` round trip on files, and the browser wheel's contents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkdocs_quote.runtime.wheel import browser_files
from quote_engine.__main__ import main

FIXTURES = Path(__file__).parent / "fixtures"


def test_round_trip_import_merge_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "catalog.json"
    assert main(["import", "stripe", str(FIXTURES / "stripe-prices.json"), "--product", "app",
                 "--output", str(first)]) == 0  # fmt: skip
    data = json.loads(first.read_text())
    data["products"]["app"]["name"]["bn"] = "অ্যাপ"
    data["products"]["app"]["plans"]["prod_Basic01"]["name"]["es"] = "Básico"
    first.write_text(json.dumps(data, ensure_ascii=False))
    export = json.loads((FIXTURES / "stripe-prices.json").read_text())
    export["data"][0]["unit_amount"] = 1200  # Basic USD monthly 10.00 -> 12.00
    changed = tmp_path / "prices.json"
    changed.write_text(json.dumps(export))
    second = tmp_path / "catalog-new.json"
    assert main(["import", "stripe", str(changed), "--product", "app", "--merge", str(first),
                 "--output", str(second)]) == 0  # fmt: skip
    merged = json.loads(second.read_text())["products"]["app"]
    assert merged["name"]["bn"] == "অ্যাপ"
    assert merged["plans"]["prod_Basic01"]["name"] == {"en": "Basic", "es": "Básico"}
    capsys.readouterr()
    assert main(["diff", str(first), str(second)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "app: plan prod_Basic01: USD monthly: 10.00 -> 12.00"
    ]
    assert main(["diff", str(second), str(second)]) == 0
    assert capsys.readouterr().out == ""


def test_diff_reports_added_and_removed_plans(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = {"products": {"p": {"plans": {
        "a": {"tier": 1, "prices": {"USD": {"monthly": "5.00"}}},
        "b": {"tier": 2, "prices": {"USD": {"monthly": "9.00"}}}}}}}  # fmt: skip
    new = {"products": {"p": {"plans": {
        "a": {"tier": 1, "prices": {"USD": {"monthly": "5.00", "annually": "50.00"}}},
        "c": {"tier": 2, "prices": {"EUR": {"monthly": "8.00"}}}}}}}  # fmt: skip
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    assert main(["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "p: plan a: USD annually: - -> 50.00",
        "p: plan b: removed",
        "p: plan c: added",
        "p: plan c: EUR monthly: - -> 8.00",
    ]


def test_diff_of_an_unreadable_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "missing.json", "missing.json"]) == 2
    assert "missing.json: no such file" in capsys.readouterr().err


def test_importers_cli_diff_and_docs_never_ship_to_the_browser() -> None:
    names = [name for name, _ in browser_files()]
    assert "quote_engine/catalog/reading.py" in names  # the engine itself does ship
    for name in names:
        assert not name.startswith("quote_engine/importers/"), name
        assert name not in ("quote_engine/__main__.py", "quote_engine/catalog_diff.py"), name
        assert not name.endswith(".md"), name
