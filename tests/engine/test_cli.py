"""The command line, through a subprocess: answers, exit codes, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from quote_engine import quote_json
from quote_engine.__main__ import main

from .support import SAMPLE_REQUEST, SAMPLE_RESPONSE, mini_catalog, request

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "quote_engine", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=60,
    )


def answer_of(result: subprocess.CompletedProcess[bytes]) -> dict[str, Any]:
    assert b"Traceback" not in result.stderr, result.stderr
    assert result.stdout.endswith(b"\n")
    data: dict[str, Any] = json.loads(result.stdout)
    assert result.returncode == (0 if data["ok"] else 1)
    return data


def test_sample_request_answered_exactly_and_byte_for_byte() -> None:
    text = json.dumps(SAMPLE_REQUEST)
    result = run("quote", stdin=text.encode())
    assert answer_of(result) == SAMPLE_RESPONSE
    assert result.stdout == (quote_json(text) + "\n").encode()
    assert result.returncode == 0


def write_catalog(tmp_path: Path, data: dict[str, Any], name: str) -> str:
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        import yaml

        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


EXAMPLES = [
    # (catalog, request, expected (code, amount) lines, due_today)
    (
        mini_catalog(),
        request(start="2024-04-01", end="2024-05-01", today="2024-04-16", target={"plan": "large"}),
        [("credit_unused", "-5.00"), ("charge_new", "10.00")],
        "5.00",
    ),
    (
        mini_catalog(
            {"preset": "difference"}, small={"annually": "100.00"}, large={"annually": "150.00"}
        ),
        request(
            cycle="annually",
            start="2026-01-01",
            end="2027-01-01",
            today="2026-07-02",
            target={"plan": "large"},
        ),
        [("charge_difference", "50.00")],
        "50.00",
    ),
    (
        mini_catalog(
            {"preset": "ultimate_multisite"},
            small={"monthly": "90.00"},
            large={"monthly": "150.00"},
        ),
        request(start="2026-11-01", end="2026-12-01", today="2026-11-16", target={"plan": "large"}),
        [("credit_unused", "-44.35"), ("charge_new", "150.00")],
        "105.65",
    ),
    (
        mini_catalog(),
        request(target={"plan": "large"}),
        [("credit_unused", "-5.48"), ("charge_new", "10.97")],
        "5.49",
    ),
    (
        mini_catalog(quantity={"min": 1, "max": 10}),
        request(quantity=5, target={"quantity": 10}),
        [("credit_unused", "-27.42"), ("charge_new", "54.84")],
        "27.42",
    ),
]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
@pytest.mark.parametrize(("catalog", "req", "lines", "due"), EXAMPLES)
def test_public_examples_through_the_command_line(
    tmp_path: Path,
    suffix: str,
    catalog: dict[str, Any],
    req: dict[str, Any],
    lines: list[tuple[str, str]],
    due: str,
) -> None:
    path = write_catalog(tmp_path, catalog, "catalog" + suffix)
    text = json.dumps(req)
    result = run("quote", "--catalog", path, stdin=text.encode())
    data = answer_of(result)
    assert [(line["code"], line["amount"]) for line in data["lines"]] == lines
    assert data["due_today"] == due
    assert result.stdout == (quote_json(text, json.dumps(catalog)) + "\n").encode()


def test_refusal_exits_1() -> None:
    req = request(
        product="radio",
        plan="radio-250",
        cycle="annually",
        start="2026-01-01",
        end="2027-01-01",
        today="2026-07-01",
        target={"plan": "radio-100"},
    )
    result = run("quote", stdin=json.dumps(req).encode())
    assert answer_of(result)["error"]["code"] == "downgrade_not_allowed"
    assert result.returncode == 1


@pytest.mark.parametrize(
    "stdin",
    [
        b"",
        b"garbage",
        b"\xff\xfe\x00garbage",
        b"{" * 200000,
        b"[1, 2]",
        b'{"amount": NaN}',
        b"\xef\xbb\xbf" + json.dumps(SAMPLE_REQUEST).encode(),
    ],
)
def test_garbage_stdin_gets_json_and_no_traceback(stdin: bytes) -> None:
    data = answer_of(run("quote", stdin=stdin))
    if stdin.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark is accepted
        assert data == SAMPLE_RESPONSE
    else:
        assert data["error"]["code"] == "invalid_request"


def test_bad_catalog_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.yaml")
    data = answer_of(run("quote", "--catalog", missing, stdin=json.dumps(request()).encode()))
    assert data["error"]["code"] == "invalid_catalog"
    assert data["error"]["message"] == f"{missing}: no such file"
    # a bad request is still answered first, before the catalog is read
    data = answer_of(run("quote", "--catalog", missing, stdin=b"{}"))
    assert data["error"]["code"] == "invalid_request"


def test_broken_yaml_catalog(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("products:\n  p: {plans: [\n", encoding="utf-8")
    data = answer_of(run("quote", "--catalog", str(path), stdin=json.dumps(request()).encode()))
    assert data["error"]["code"] == "invalid_catalog"
    assert data["error"]["message"].startswith(f"{path}: not valid YAML: ")


def test_invalid_catalog_file_names_file_and_path(tmp_path: Path) -> None:
    catalog = mini_catalog()
    catalog["products"]["p"]["plans"]["small"]["prices"]["USD"]["monthly"] = "1.999"
    path = write_catalog(tmp_path, catalog, "shop.yaml")
    data = answer_of(run("quote", "--catalog", path, stdin=json.dumps(request()).encode()))
    assert data["error"]["message"] == (
        f"{path}: products.p.plans.small.prices.USD.monthly: price '1.999' has 3 decimals; "
        "USD allows 2"
    )


def test_validate_subcommand(tmp_path: Path) -> None:
    good = write_catalog(tmp_path, mini_catalog(), "good.yaml")
    bad = tmp_path / "bad.json"
    bad.write_text('{"products": {}}', encoding="utf-8")
    result = run("validate", good, str(bad))
    assert result.returncode == 1
    assert result.stdout.decode() == f"{good}: ok (1 products, 2 plans)\n"
    assert result.stderr.decode() == f"{bad}: products: the catalog needs at least one product\n"
    example = run("validate", "quote_engine/data/example-catalog.json")
    assert example.returncode == 0


def test_export_subcommand_prints_canonical_catalog_json(tmp_path: Path) -> None:
    result = run("export")
    assert result.returncode == 0
    text = result.stdout.decode().rstrip("\n")
    assert (
        json.loads(text)["products"]["dns"]["plans"]["basic"]["prices"]["USD"]["monthly"] == "5.00"
    )
    assert quote_json(json.dumps(SAMPLE_REQUEST), text) == quote_json(json.dumps(SAMPLE_REQUEST))
    yaml_path = write_catalog(tmp_path, mini_catalog(), "c.yaml")
    pretty = run("export", "--catalog", yaml_path, "--indent", "2")
    assert json.loads(pretty.stdout) == mini_catalog()
    failed = run("export", "--catalog", str(tmp_path / "none.json"))
    assert failed.returncode == 1 and b"no such file" in failed.stderr


def test_usage_errors_exit_2_without_traceback() -> None:
    for args in ((), ("frobnicate",), ("quote", "--catalgo", "x")):
        result = run(*args)
        assert result.returncode == 2
        assert b"Traceback" not in result.stderr
        assert b"usage:" in result.stderr


def test_main_in_process(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(SAMPLE_REQUEST).encode()))
    )
    assert main(["quote"]) == 0
    assert json.loads(capsys.readouterr().out) == SAMPLE_RESPONSE


def test_console_script_entry_point_is_declared() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["quote-engine"] == "quote_engine.__main__:main"


def test_installed_console_script_answers_like_the_module() -> None:
    script = Path(sys.executable).with_name("quote-engine")
    if not script.is_file():
        pytest.skip("the package is not installed in this environment (make setup installs it)")
    text = json.dumps(SAMPLE_REQUEST)
    result = subprocess.run(
        [str(script), "quote"],
        input=text.encode(),
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout == (quote_json(text) + "\n").encode()
