"""Placeholder parity between a translation and its English page."""

from __future__ import annotations

from pathlib import Path

from mkdocs_quote.checks import parity

EN = (
    '---\ntitle: x\n---\nPrice: {{ price product="hosting" plan="starter" cycle="monthly" }}\n\n'
    '{{ plans product="hosting" }}\n'
)


def test_same_placeholders_pass(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text(EN, encoding="utf-8")
    (tmp_path / "p.es.md").write_text(EN.replace("Price", "Precio"), encoding="utf-8")
    assert parity.check_docs(tmp_path, {"es"}) == []


def test_missing_added_and_changed_are_named(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text(EN, encoding="utf-8")
    (tmp_path / "p.hi.md").write_text(EN.replace('plan="starter"', 'plan="plus"'), encoding="utf-8")
    (tmp_path / "p.bn.md").write_text("Price: 5,00 €\n", encoding="utf-8")
    errors = parity.check_docs(tmp_path, {"bn", "hi"})
    assert any(
        "p.bn.md (bn)" in e and '{{ price product="hosting" plan="starter"' in e for e in errors
    )
    assert any("p.bn.md (bn)" in e and "plans" in e for e in errors)
    assert any(
        "p.hi.md (hi)" in e and 'plan="plus"' in e and "not in the English" in e for e in errors
    )
    assert any("p.hi.md (hi)" in e and 'plan="starter"' in e and "missing" in e for e in errors)

