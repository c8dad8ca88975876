"""Quotes per second through ``quote()`` and ``quote_json()`` on a realistic mix, one core.

The mix covers what the help center and a billing backend ask: upgrades, downgrades (immediate,
at renewal, inside and outside a request window), cycle changes, quantity and add-on changes,
refusals (cross-group, not allowed, one change at a time), requests that fail validation, and
every preset (the example catalog's whmcs, difference and ultimate_multisite products plus a
catalog with stripe, killbill and lago products passed as an argument). ``quote()`` gets dicts;
``quote_json()`` gets JSON text, with the preset catalog as JSON text.

Time is CPU time of this process (``time.process_time``), best of several runs, with the
process pinned to one CPU where the OS allows: on a shared machine wall-clock time mostly
measures the neighbours. Target: at least 20,000 quotes per second through each entry point in
CPython. Prints a Markdown table; exits 1 if a target is missed.

Usage: ``python bench/engine.py [--runs 5] [--seconds 1.0]``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quote_engine import quote, quote_json  # noqa: E402

TARGET = 20_000

_PLANS = {
    "small": {
        "group": "g",
        "tier": 1,
        "prices": {"USD": {"monthly": "10.00", "quarterly": "27.00", "annually": "100.00"}},
    },
    "large": {
        "group": "g",
        "tier": 2,
        "prices": {"USD": {"monthly": "20.00", "quarterly": "54.00", "annually": "200.00"}},
    },
}
PRESET_CATALOG: dict[str, Any] = {
    "version": 1,
    "products": {
        name: {"name": {"en": name}, "policy": {"preset": name}, "plans": _PLANS}
        for name in ("stripe", "killbill", "lago")
    },
}


def req(
    product: str,
    plan: str,
    cycle: str,
    start: str,
    end: str,
    today: str,
    target: dict[str, Any] | None = None,
    currency: str = "USD",
    **extra: Any,
) -> dict[str, Any]:
    current: dict[str, Any] = {
        "plan": plan,
        "cycle": cycle,
        "period_start": start,
        "period_end": end,
    }
    top: dict[str, Any] = {}
    for key, value in extra.items():
        if key in ("account", "tax", "tax_region"):
            top[key] = value
        else:
            current[key] = value
    out = {"product": product, "currency": currency, "today": today, "current": current, **top}
    if target is not None:
        out["target"] = target
    return out


def example_mix() -> list[dict[str, Any]]:
    """Requests against the example catalog.

    Long: a table of requests, one per line code, policy and refusal the bench times.
    """
    nov = ("2026-11-01", "2026-12-01")
    return [
        # dns (whmcs, downgrade at renewal)
        req("dns", "basic", "monthly", *nov, "2026-11-15", {"plan": "start"}),
        req(
            "dns",
            "basic",
            "monthly",
            *nov,
            "2026-11-15",
            {"plan": "business"},
            tax_region="BD",
            currency="BDT",
        ),
        req("dns", "business", "monthly", *nov, "2026-11-10", {"plan": "start"}),
        req(
            "dns",
            "basic",
            "monthly",
            *nov,
            "2026-11-20",
            {"plan": "start", "cycle": "annually"},
            currency="INR",
            tax={"rate": "0.18"},
        ),
        req(
            "dns",
            "start",
            "annually",
            "2026-03-01",
            "2027-03-01",
            "2026-11-15",
            {"plan": "business"},
            currency="EUR",
            account={"credit_balance": "3.00"},
        ),
        # hosting (whmcs, shared -> vps through support)
        req("hosting", "starter", "monthly", *nov, "2026-11-11", {"plan": "plus"}),
        req(
            "hosting",
            "plus",
            "quarterly",
            "2026-10-01",
            "2027-01-01",
            "2026-11-11",
            {"plan": "pro", "cycle": "annually"},
            currency="IDR",
        ),
        req("hosting", "starter", "monthly", *nov, "2026-11-11", {"plan": "vps-1"}),
        req(
            "hosting",
            "pro",
            "annually",
            "2026-01-31",
            "2027-01-31",
            "2026-06-30",
            {"plan": "plus"},
            currency="MYR",
            anchor="2026-01-31",
        ),
        # radio (difference: pay the difference, no downgrade)
        req(
            "radio",
            "radio-100",
            "annually",
            "2026-01-01",
            "2027-01-01",
            "2026-07-01",
            {"plan": "radio-250"},
        ),
        req(
            "radio",
            "radio-250",
            "annually",
            "2026-01-01",
            "2027-01-01",
            "2026-07-01",
            {"plan": "radio-100"},
        ),
        req(
            "radio",
            "radio-100",
            "monthly",
            *nov,
            "2026-11-05",
            {"plan": "radio-500", "cycle": "annually"},
        ),
        # email (one change at a time, downgrades on request 15-30 days ahead)
        req("email", "mail-start", "monthly", *nov, "2026-11-08", {"quantity": 12}, quantity=10),
        req(
            "email",
            "mail-start",
            "monthly",
            *nov,
            "2026-11-08",
            {"plan": "mail-pro", "quantity": 12},
            quantity=10,
        ),
        req("email", "mail-pro", "monthly", *nov, "2026-11-10", {"plan": "mail-start"}, quantity=3),
        req("email", "mail-pro", "monthly", *nov, "2026-11-25", {"plan": "mail-start"}, quantity=3),
        # network (ultimate_multisite, plan families, add-ons)
        req("network", "basic", "monthly", *nov, "2026-11-16", {"plan": "business"}),
        req("network", "free", "monthly", *nov, "2026-11-16", {"plan": "premium"}),
        req("network", "basic", "monthly", *nov, "2026-11-16", {"plan": "premium"}),
        req("network", "business", "monthly", *nov, "2026-11-16", {"addons": ["extra-disk"]}),
        req(
            "network",
            "business",
            "monthly",
            *nov,
            "2026-11-16",
            {"addons": []},
            addons=["unlimited-visits"],
        ),
        req(
            "network",
            "business",
            "annually",
            "2026-02-01",
            "2027-02-01",
            "2026-11-16",
            {"plan": "basic"},
            addons=["extra-disk"],
        ),
        req("network", "basic", "monthly", *nov, "2026-11-16"),  # no change
        # bad requests and unknown ids
        req("dns", "basic", "monthly", *nov, "2026-11-15", {"plan": "start"}, amount_paid=5.0),
        req("dns", "basic", "monthly", *nov, "2026-12-15", {"plan": "start"}),
        req("dns", "gold", "monthly", *nov, "2026-11-15", {"plan": "start"}),
    ]


def preset_mix() -> list[dict[str, Any]]:
    """Requests against the stripe / killbill / lago catalog."""
    mar = ("2024-03-01", "2024-04-01")
    out = []
    for product in ("stripe", "killbill", "lago"):
        out += [
            req(product, "small", "monthly", *mar, "2024-03-15", {"plan": "large"}),
            req(product, "large", "monthly", *mar, "2024-03-15", {"plan": "small"}),
            req(
                product,
                "small",
                "monthly",
                *mar,
                "2024-03-15",
                {"cycle": "quarterly"},
                tax={"rate": "0.10"},
            ),
        ]
    return out


def measure(call: Callable[[], object], count: int, runs: int, seconds: float) -> float:
    """Best quotes per second (CPU time) over ``runs`` runs of at least ``seconds`` each."""
    call()  # warm caches: validated catalogs, compiled patterns
    best = 0.0
    for _ in range(runs):
        loops = 0
        start = time.process_time()
        while True:
            call()
            loops += 1
            elapsed = time.process_time() - start
            if elapsed >= seconds:
                break
        best = max(best, loops * count / elapsed)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    example, presets = example_mix(), preset_mix()
    example_text = [json.dumps(r) for r in example]
    presets_text = [json.dumps(r) for r in presets]
    catalog_text = json.dumps(PRESET_CATALOG)
    count = len(example) + len(presets)

    # Every answer must agree across the entry points before anything is timed.
    kinds: collections.Counter[str] = collections.Counter()
    for request, text, catalog, catalog_json in [
        *((r, t, None, None) for r, t in zip(example, example_text, strict=True)),
        *((r, t, PRESET_CATALOG, catalog_text) for r, t in zip(presets, presets_text, strict=True)),
    ]:
        answer = quote(request, catalog)
        assert json.loads(quote_json(text, catalog_json)) == answer
        kinds[answer["kind"] if answer["ok"] else answer["error"]["code"]] += 1

    def through_quote() -> None:
        for request in example:
            quote(request)
        for request in presets:
            quote(request, PRESET_CATALOG)

    def through_quote_json() -> None:
        for text in example_text:
            quote_json(text)
        for text in presets_text:
            quote_json(text, catalog_text)

    rows = [
        ("`quote()`", measure(through_quote, count, args.runs, args.seconds)),
        ("`quote_json()`", measure(through_quote_json, count, args.runs, args.seconds)),
    ]
    mix = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    print(
        f"### Quote engine throughput ({platform.python_implementation()} "
        f"{platform.python_version()}, one core, CPU time, best of {args.runs})\n"
    )
    print(f"Mix of {count} requests: {mix}.\n")
    print("| entry point | quotes/s | target | result |")
    print("|---|---:|---:|---|")
    failed = False
    for name, rate in rows:
        ok = rate >= TARGET
        failed |= not ok
        print(f"| {name} | {rate:,.0f} | ≥ {TARGET:,} | {'PASS' if ok else 'FAIL'} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
