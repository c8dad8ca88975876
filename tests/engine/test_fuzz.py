"""100,000 random requests through ``quote_json``: always parseable JSON, never an exception.

Seeded, so a failure is reproducible: valid requests against the example catalog, the same
with one to three things broken (wrong types, floats, NaN, huge numbers, bad dates, unknown ids,
missing or unknown fields), random JSON values, broken JSON text, and random inline catalogs.
"""

from __future__ import annotations

import copy
import json
import random
from datetime import date, timedelta
from typing import Any

import pytest

from quote_engine import quote, quote_json
from quote_engine.api import canonical_json
from quote_engine.catalog import example_catalog
from quote_engine.errors import ERROR_CODES
from quote_engine.periods import CYCLE_MONTHS, boundary

SEED = 20261115
COUNT = 100_000
CATALOG = example_catalog()
PRODUCTS = CATALOG["products"]
CURRENCIES = ["USD", "BDT", "INR", "EUR", "IDR", "MYR", "JPY", "usd", "", "XYZ"]
STATUSES = ["active", "active", "active", "pending", "suspended", "fraud", "Active", ""]
JUNK: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    float("nan"),
    float("inf"),
    -float("inf"),
    10**30,
    -(10**30),
    "",
    " ",
    "abc",
    "5.00",
    "-5.00",
    "5e3",
    "1" * 40,
    "٥",
    "\u0000",
    "\ud800",
    "2026-02-30",
    "2026-13-01",
    "9999-12-31",
    "0001-01-01",
    [],
    [1],
    {},
    {"a": 1},
    ["x", "x"],
    2**63,
]


def random_date(rng: random.Random) -> date:
    return date(2020, 1, 1) + timedelta(days=rng.randrange(0, 4000))


def valid_request(rng: random.Random) -> dict[str, Any]:
    """A random request the catalog can answer, field by field.

    Long: one draw per request field, in the contract's order, reads best as one list.
    """
    product_id = rng.choice(list(PRODUCTS))
    product = PRODUCTS[product_id]
    plans = list(product["plans"])
    plan = rng.choice(plans)
    cycle = rng.choice(list(product["plans"][plan]["prices"]["USD"]))
    months = CYCLE_MONTHS[cycle]
    anchor = random_date(rng)
    k = rng.randrange(0, 12)
    start, end = boundary(anchor, k, months), boundary(anchor, k + 1, months)
    today = start + timedelta(days=rng.randrange(0, (end - start).days))
    if rng.random() < 0.02:
        today = end + timedelta(days=rng.randrange(0, 3))  # date_outside_period
    addons = list(product.get("addons", {}))
    current: dict[str, Any] = {
        "plan": plan,
        "cycle": cycle,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "anchor": anchor.isoformat(),
    }
    if "quantity" in product:
        current["quantity"] = rng.randrange(1, 12)
    elif rng.random() < 0.05:
        current["quantity"] = rng.randrange(0, 3)
    if addons and rng.random() < 0.5:
        current["addons"] = rng.sample(addons, rng.randrange(0, len(addons) + 1))
    if rng.random() < 0.3:
        current["amount_paid"] = f"{rng.randrange(0, 100000) / 100:.2f}"
    if rng.random() < 0.2:
        current["credited"] = f"{rng.randrange(0, 500) / 100:.2f}"
    target: dict[str, Any] = {}
    if rng.random() < 0.8:
        target["plan"] = rng.choice(plans)
    if rng.random() < 0.3:
        target["cycle"] = rng.choice(list(CYCLE_MONTHS))
    if rng.random() < 0.3:
        target["quantity"] = rng.randrange(1, 20) if "quantity" in product else 1
    if rng.random() < 0.03:
        target["quantity"] = rng.randrange(-5, 600)
    if addons and rng.random() < 0.4:
        target["addons"] = rng.sample(addons, rng.randrange(0, len(addons) + 1))
    req: dict[str, Any] = {
        "product": product_id,
        "currency": rng.choice(CURRENCIES[:6] if rng.random() < 0.97 else CURRENCIES[6:]),
        "today": today.isoformat(),
        "current": current,
        "target": target,
    }
    if rng.random() < 0.4:
        req["account"] = {
            "status": rng.choice(STATUSES[:3] if rng.random() < 0.9 else STATUSES),
            "credit_balance": f"{rng.randrange(0, 3000) / 100:.2f}",
            "pending_change": rng.random() < 0.05,
        }
    roll = rng.random()
    if roll < 0.2:
        req["tax"] = {
            "rate": rng.choice(["0.15", "0.18", "0.21", "0"]),
            "inclusive": rng.random() < 0.3,
        }
    elif roll < 0.4:
        req["tax_region"] = rng.choice(["BD", "IN", "ES", "ID", "MY", "XX"])
    return req


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def break_one(rng: random.Random, req: Any) -> Any:
    spots = paths(req)
    spot = rng.choice(spots)
    if not spot:
        return rng.choice(JUNK)
    parent = req
    for key in spot[:-1]:
        parent = parent[key]
    leaf = spot[-1]
    action = rng.random()
    if action < 0.25 and isinstance(parent, dict):
        del parent[leaf]
    elif action < 0.35 and isinstance(parent, dict):
        parent[rng.choice(["extra", "amount", "plan ", "Plan"])] = rng.choice(JUNK)
    elif action < 0.45:
        parent[leaf] = rng.choice(["nope", "hosting", "basic", "weekly", "x" * 300])
    else:
        parent[leaf] = copy.deepcopy(rng.choice(JUNK))
    return req


def random_json(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 4 or roll < 0.4:
        return copy.deepcopy(rng.choice(JUNK))
    if roll < 0.7:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    keys = ["product", "currency", "today", "current", "target", "account", "tax", "catalog", "x"]
    return {rng.choice(keys): random_json(rng, depth + 1) for _ in range(rng.randrange(0, 5))}


def random_catalog(rng: random.Random) -> Any:
    plans = {}
    for index in range(rng.randrange(1, 4)):
        prices = {
            rng.choice(["USD", "EUR", "JPY", "XYZ"]): {
                rng.choice(list(CYCLE_MONTHS) + ["weekly"]): rng.choice(
                    ["5.00", "10", "0.001", "-1", "abc", "12.50", "100.00"]
                )
            }
        }
        plans[rng.choice(["basic", "start", "p", "bad id"])] = {
            "tier": rng.choice([index, index, 1, True, "1"]),
            "group": rng.choice(["g", "h"]),
            "prices": prices,
        }
    knob = rng.choice(["preset", "downgrade", "credit", "rounding", "bogus"])
    policy = {knob: rng.choice(["whmcs", "lago", "on_request", "none", "half_even", 3, None])}
    catalog: Any = {"products": {rng.choice(["dns", "p"]): {"policy": policy, "plans": plans}}}
    if rng.random() < 0.3:
        catalog = break_one(rng, catalog)
    return catalog


def text_of(rng: random.Random, value: Any) -> str:
    text = json.dumps(value, ensure_ascii=rng.random() < 0.5)
    roll = rng.random()
    if roll < 0.03:
        text = text[: rng.randrange(0, len(text) + 1)]  # truncated
    elif roll < 0.06:
        literal = rng.choice(["1e999", "-0", "1" * 5000, "NaN", "-Infinity", "1.0e-400", "[]"])
        text = text.replace('"5.00"', literal, 1).replace("null", literal, 1)
    elif roll < 0.07:
        text = "".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randrange(0, 40)))
    return text


def make_case(rng: random.Random) -> tuple[str, str | None]:
    roll = rng.random()
    if roll < 0.45:
        value: Any = valid_request(rng)
    elif roll < 0.75:
        value = valid_request(rng)
        for _ in range(rng.randrange(1, 4)):
            value = break_one(rng, value)
    elif roll < 0.85:
        value = random_json(rng)
    else:
        value = valid_request(rng)
        value["product"] = rng.choice(["dns", "p"])
        value["catalog"] = random_catalog(rng)
    catalog_json = None
    if rng.random() < 0.05:
        catalog_json = text_of(rng, random_catalog(rng))
    return text_of(rng, value), catalog_json


KINDS = {"upgrade", "downgrade", "no_change"}


@pytest.mark.slow
def test_fuzz_quote_json_always_answers_json() -> None:
    rng = random.Random(SEED)
    seen_ok = seen_refused = 0
    codes: set[str] = set()
    for index in range(COUNT):
        text, catalog_json = make_case(rng)
        out = quote_json(text, catalog_json)
        answer = json.loads(out)
        assert isinstance(answer, dict) and answer["ok"] in (True, False), (index, text)
        if answer["ok"]:
            seen_ok += 1
            assert answer["kind"] in KINDS
        else:
            seen_refused += 1
            error = answer["error"]
            assert error["code"] in ERROR_CODES - {"internal_error"}, (index, text, error)
            assert isinstance(error["message"], str) and isinstance(error["params"], dict)
            codes.add(error["code"])
        if index % 97 == 0 and catalog_json is None:
            try:
                parsed = json.loads(text)
            except ValueError:
                continue
            assert canonical_json(quote(parsed)) == out, (index, text)
    # the mix really exercises both sides and most refusals
    assert seen_ok > COUNT // 10 and seen_refused > COUNT // 3
    assert codes == ERROR_CODES - {"internal_error"}, sorted(ERROR_CODES - codes)
