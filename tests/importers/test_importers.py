"""The importers on fixtures written from each system's public documentation and source.

Each fixture's test quotes an upgrade on the imported catalog. The period is April 2024 (30 days)
and today is 2024-04-16: 15 days are left, half the period, so every expected amount is half a
price difference, worked out by hand in the comments.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quote_engine import quote
from quote_engine.__main__ import main
from quote_engine.catalog import validate_catalog
from quote_engine.importers import ImportFailure, import_catalog, merge_catalog

FIXTURES = Path(__file__).parent / "fixtures"


def imported(system: str, name: str, product: str = "p") -> tuple[dict[str, Any], tuple[str, ...]]:
    result = import_catalog(system, str(FIXTURES / name), product)
    validate_catalog(result.catalog, name)
    return result.catalog, result.skipped


def upgrade(catalog: dict[str, Any], plan: str, target: str, currency: str = "USD",
            cycle: str = "monthly") -> dict[str, Any]:  # fmt: skip
    req = {"product": "p", "currency": currency, "today": "2024-04-16",
           "current": {"plan": plan, "cycle": cycle, "period_start": "2024-04-01",
                       "period_end": "2024-05-01"},
           "target": {"plan": target}}  # fmt: skip
    answer = quote(req, validate_catalog(catalog, "imported"))
    assert answer["ok"] is True, answer
    return answer


def test_whmcs_groups_cycles_setup_fees_and_options() -> None:
    catalog, skipped = imported("whmcs", "whmcs-getproducts.json")
    product = catalog["products"]["p"]
    assert product["policy"] == {"preset": "whmcs"}
    plans = product["plans"]
    assert sorted(plans) == ["business-hosting", "pid-5", "starter-hosting"]
    assert plans["starter-hosting"]["group"] == plans["business-hosting"]["group"] == "group-1"
    assert plans["pid-5"]["group"] == "group-2"
    assert "triennially" not in plans["starter-hosting"]["prices"]["USD"]  # -1.00: not offered
    assert plans["starter-hosting"]["prices"]["BDT"] == {"monthly": "300.00", "annually": "3000.00"}
    addons = product["addons"]
    # yes/no: the option is the add-on, named after its group
    assert addons["option-4"] == {"name": {"en": "Daily backups"},
                                  "prices": {"USD": {"monthly": "1.00", "annually": "10.00"}}}  # fmt: skip
    # radio with one priced choice: picking cPanel adds it; the name shown after "|"
    assert addons["option-8"] == {"name": {"en": "Control panel: cPanel"},
                                  "prices": {"USD": {"monthly": "2.00", "annually": "20.00"}}}  # fmt: skip
    assert sorted(addons) == ["option-4", "option-8"]  # no free "No panel", no disk, no IPs
    assert [line.split(": ", 1)[1] for line in skipped] == [
        "skipped configurable option 'Disk size' (id 3): a choose-one option with 2 priced choices",
        "skipped configurable option 'Extra IPs' (id 4): a quantity option"
        " (per-unit price x typed quantity)",
        "skipped configurable option 'Region' (id 5): a choose-one option with no free choice"
        " (always charged)",
        "skipped product 'Business Hosting' (pid 2): USD monthly setup fee 5.00",
        "skipped product 'Website Migration' (pid 9): paytype onetime is not a plan",
    ]  # each reported once, though "Control panel" is on two products
    # 6.00 - 3.00 a month, half the month left: 3.00 - 1.50 = 1.50
    assert upgrade(catalog, "starter-hosting", "business-hosting")["due_today"] == "1.50"
    # shared to VPS crosses groups: support
    answer = quote({"product": "p", "currency": "USD", "today": "2024-04-16",
                    "current": {"plan": "starter-hosting", "cycle": "monthly",
                                "period_start": "2024-04-01", "period_end": "2024-05-01"},
                    "target": {"plan": "pid-5"}}, validate_catalog(catalog, "c"))  # fmt: skip
    assert answer["ok"] is False and "support" in json.dumps(answer)


def test_killbill_spycarbasic_from_kill_bills_repository() -> None:
    catalog, skipped = imported("killbill", "killbill-SpyCarBasic.xml")
    product = catalog["products"]["p"]
    assert product["policy"] == {"preset": "killbill", "downgrade": "immediate"}
    assert {k: v["prices"] for k, v in product["plans"].items()} == {
        "Standard": {"GBP": {"monthly": "75.00"}, "USD": {"monthly": "100.00"}},
        "Sports": {"GBP": {"monthly": "375.00"}, "USD": {"monthly": "500.00"}},
        "Super": {"GBP": {"monthly": "750.00"}, "USD": {"monthly": "1000.00"}},
    }
    assert len(skipped) == 3 and all("trial phase" in line for line in skipped)
    # 500.00 - 100.00, half the month: 250.00 - 50.00 = 200.00
    assert upgrade(catalog, "Standard", "Sports")["due_today"] == "200.00"
    # GBP 375.00 - 75.00: 187.50 - 37.50 = 150.00
    assert upgrade(catalog, "Standard", "Sports", "GBP")["due_today"] == "150.00"


def test_killbill_spycaradvanced_add_ons_price_lists_and_change_policy() -> None:
    catalog, skipped = imported("killbill", "killbill-SpyCarAdvanced.xml")
    product = catalog["products"]["p"]
    assert product["policy"]["downgrade"] == "at_renewal"  # DOWNGRADE -> END_OF_TERM
    assert product["plans"]["Standard"]["prices"]["USD"] == {"monthly": "100.00",
                                                             "annually": "1000.00"}  # fmt: skip
    assert "OilSlick" in product["addons"]
    text = "\n".join(skipped)
    for what in ("price list 'SpecialDiscount'", "discount phase", "usage 'gas-monthly-in-arrear'",
                 "'BTC'"):  # fmt: skip
        assert what in text
    assert upgrade(catalog, "Standard", "Sports")["due_today"] == "200.00"


def test_stripe_minor_units_zero_decimal_and_intervals() -> None:
    catalog, skipped = imported("stripe", "stripe-prices.json")
    plans = catalog["products"]["p"]["plans"]
    assert plans["prod_Basic01"]["prices"] == {"USD": {"monthly": "10.00", "annually": "100.00"},
                                               "JPY": {"monthly": "1500"}}  # fmt: skip
    assert plans["prod_Pro02"]["prices"]["USD"] == {"monthly": "30.00", "quarterly": "85.00"}
    assert plans["prod_Basic01"]["name"] == {"en": "Basic"}
    assert [line.split("skipped ")[1] for line in skipped] == [
        "price 'price_1PproW': interval week x 1",
        "price 'price_1Pcalls': metered usage price",
        "price 'price_1Psetup': one-time price",
    ]
    # 30.00 - 10.00: 15.00 - 5.00 = 10.00
    assert upgrade(catalog, "prod_Basic01", "prod_Pro02")["due_today"] == "10.00"
    # JPY 4500 - 1500: 2250 - 750 = 1500, no decimals
    assert upgrade(catalog, "prod_Basic01", "prod_Pro02", "JPY")["due_today"] == "1500"


def stripe_price(pid: str, product: str, currency: str, amount: object, decimal: object = None
                 ) -> dict[str, Any]:  # fmt: skip
    return {"object": "price", "id": pid, "active": True, "type": "recurring",
            "currency": currency, "unit_amount": amount, "unit_amount_decimal": decimal,
            "billing_scheme": "per_unit", "recurring": {"interval": "month", "interval_count": 1},
            "product": {"id": product, "name": product, "active": True}}  # fmt: skip


def test_stripe_amounts_follow_stripes_exponents_not_isos(tmp_path: Path) -> None:
    # ISK: ISO 0 decimals, Stripe 2 (150000 = 1500 kr); HUF, TWD: 2 and 2; MGA: Stripe 0, ISO 2;
    # KWD: 3 and 3. A price not exact in ISO's unit (ISK 150050) is reported, never rounded.
    prices = [stripe_price("a1", "small", "isk", 150000), stripe_price("a2", "big", "isk", 450000),
              stripe_price("a3", "small", "huf", 250000), stripe_price("a4", "small", "twd", 29900),
              stripe_price("a5", "small", "mga", 20000), stripe_price("a6", "small", "kwd", 3500),
              stripe_price("a7", "big", "usd", None, "1250"),
              stripe_price("a8", "big", "huf", 250050), stripe_price("a9", "big", "jpy", None, "3.5"),
              stripe_price("a10", "big", "twd", 150050)]  # fmt: skip
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"object": "list", "data": prices}))
    result = import_catalog("stripe", str(path), "p")
    catalog = validate_catalog(result.catalog, "stripe")
    plans = result.catalog["products"]["p"]["plans"]
    assert plans["small"]["prices"] == {
        "ISK": {"monthly": "1500"},
        "HUF": {"monthly": "2500.00"},
        "TWD": {"monthly": "299.00"},
        "MGA": {"monthly": "20000.00"},  # ISO 4217 gives MGA 2 decimals
        "KWD": {"monthly": "3.500"},
    }
    assert plans["big"]["prices"] == {
        "ISK": {"monthly": "4500"},
        "USD": {"monthly": "12.50"},
        "HUF": {"monthly": "2500.50"},
        "TWD": {"monthly": "1500.50"},
    }
    assert [line.split("skipped ")[1] for line in result.skipped] == [
        "price 'a9': amount '3.5' JPY is negative or not exact in JPY's minor unit"
        " (Stripe counts 0 decimals, ISO 4217 0)",
    ]
    # 4500 - 1500 kr a month, half the month left: 2250 - 750 = 1500 kr, not 15 or 150000
    answer = quote({"product": "p", "currency": "ISK", "today": "2024-04-16",
                    "current": {"plan": "small", "cycle": "monthly", "period_start": "2024-04-01",
                                "period_end": "2024-05-01"},
                    "target": {"plan": "big"}}, catalog)  # fmt: skip
    assert answer["due_today"] == "1500"


def test_lago_plans_one_cycle_each() -> None:
    catalog, skipped = imported("lago", "lago-plans.json")
    plans = catalog["products"]["p"]["plans"]
    assert {k: v["prices"] for k, v in plans.items()} == {
        "startup": {"USD": {"monthly": "10.00"}},
        "startup_yearly": {"USD": {"annually": "100.00"}},
        "scale": {"USD": {"monthly": "49.00"}},
    }
    assert len(skipped) == 3
    # 49.00 - 10.00: 24.50 - 5.00 = 19.50
    assert upgrade(catalog, "startup", "scale")["due_today"] == "19.50"


def test_plan_ids_are_stable_across_reimports() -> None:
    first, _ = imported("stripe", "stripe-prices.json")
    data = json.loads((FIXTURES / "stripe-prices.json").read_text())
    data["data"].reverse()
    data["data"][0]["unit_amount"] = 1234
    path = FIXTURES.parent / "reordered.tmp.json"
    path.write_text(json.dumps(data))
    try:
        second = import_catalog("stripe", str(path), "p").catalog
    finally:
        path.unlink()
    assert sorted(second["products"]["p"]["plans"]) == sorted(first["products"]["p"]["plans"])


@pytest.mark.parametrize(
    ("system", "text", "problem"),
    [
        ("killbill", "not xml at all", "not valid XML"),
        ("killbill", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><catalog/>',
         "DOCTYPE or ENTITY"),
        ("killbill", "<plans/>", "not a Kill Bill catalog"),
        ("whmcs", "{", "not valid JSON"),
        ("whmcs", "[]", "not a WHMCS GetProducts response"),
        ("stripe", '{"object": "list", "data": [{"object": "price", "product": "prod_1"}]}',
         "not expanded"),
        ("lago", '{"plans": [{"name": "x"}]}', "is not a plan"),
    ],
)  # fmt: skip
def test_unreadable_files_exit_1_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], system: str, text: str, problem: str
) -> None:
    path = tmp_path / "export.txt"
    path.write_text(text)
    assert main(["import", system, str(path), "--product", "p"]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and problem in err and "Traceback" not in err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "lago", "no-such-export.json", "--product", "p"]) == 1
    assert "no-such-export.json: no such file" in capsys.readouterr().err


def test_cli_prints_json_and_reports_skips(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "lago", str(FIXTURES / "lago-plans.json"), "--product", "p"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["products"]["p"]["policy"] == {"preset": "lago"}
    assert len(out.err.strip().splitlines()) == 3


def test_merge_keeps_translations_units_policy_and_taxes() -> None:
    fresh = import_catalog("lago", str(FIXTURES / "lago-plans.json"), "p")
    existing = json.loads(json.dumps(fresh.catalog))
    product = existing["products"]["p"]
    product["name"] = {"en": "Cloud", "es": "Nube"}
    product["quantity"] = {"min": 1, "max": 10, "unit": {"en": "seats", "es": "puestos"}}
    product["policy"] = {"preset": "whmcs", "cross_group": "refuse"}
    product["plans"]["startup"]["name"] = {"en": "Old name", "bn": "স্টার্টআপ"}
    product["plans"]["startup"]["prices"]["USD"]["monthly"] = "9.00"
    product["plans"]["gone"] = {"name": {"en": "Gone"}, "group": "plans", "tier": 9,
                                "prices": {"USD": {"monthly": "1.00"}}}  # fmt: skip
    existing["taxes"] = {"BD": {"rate": "0.15", "inclusive": False}}
    merged = merge_catalog(existing, fresh, "p", "catalog.json")
    out = merged.catalog["products"]["p"]
    assert out["name"] == {"en": "Cloud", "es": "Nube"}
    assert out["quantity"]["unit"]["es"] == "puestos"
    assert out["policy"] == {"preset": "lago", "cross_group": "refuse"}
    assert out["plans"]["startup"]["name"] == {"en": "Startup", "bn": "স্টার্টআপ"}
    assert out["plans"]["startup"]["prices"]["USD"]["monthly"] == "10.00"
    assert "gone" not in out["plans"]
    assert merged.catalog["taxes"] == existing["taxes"]
    assert merged.skipped[-1] == (
        "catalog.json: plan p.gone is no longer in the billing system; removed"
    )
    validate_catalog(merged.catalog, "merged")


def test_failure_is_an_exception_with_the_file() -> None:
    with pytest.raises(ImportFailure, match="nope.xml: no such file"):
        import_catalog("killbill", "nope.xml", "p")


@pytest.mark.parametrize(
    "name", ["quote_engine.importers._common", "quote_engine.importers.stripe"]
)
def test_doctests_of_the_importer_modules(name: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), verbose=False)
    assert result.failed == 0 and result.attempted > 0
