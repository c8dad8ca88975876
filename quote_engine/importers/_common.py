"""What the four importers share: reading files, money, ids, tiers and the report of skips."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..money import minor_units_of
from ..periods import CYCLE_MONTHS


class ImportFailure(Exception):
    """The file cannot be imported; the message names the file and what is wrong."""


@dataclass
class Draft:
    """A product being imported: plans and add-ons as catalog data, and what was skipped.

    Mutable: a builder that one importer fills while it reads one file; it never leaves it.
    """

    source: str
    plans: dict[str, dict[str, Any]] = field(default_factory=dict)
    addons: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    policy: dict[str, Any] = field(default_factory=dict)

    def skip(self, what: str) -> None:
        """Report one item the catalog cannot express (one line on standard error), once."""
        line = f"{self.source}: skipped {what}"
        if line not in self.skipped:
            self.skipped.append(line)

    def fail(self, problem: str) -> ImportFailure:
        """An :class:`ImportFailure` naming the file."""
        return ImportFailure(f"{self.source}: {problem}")


def read_text(path: str) -> str:
    """The file's text, or an :class:`ImportFailure` naming it."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except FileNotFoundError:
        raise ImportFailure(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFailure(f"{path}: is a directory, not an export file") from None
    except UnicodeDecodeError as exc:
        raise ImportFailure(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise ImportFailure(f"{path}: cannot be read: {exc.strerror or exc}") from None


def read_json(path: str) -> object:
    """The file parsed as JSON, or an :class:`ImportFailure` naming it and the error."""
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailure(
            f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise ImportFailure(f"{path}: not valid JSON: {exc}") from None


_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


def slug(text: str) -> str:
    """An id from a billing system's name or id; case is kept (Stripe's ids are case-sensitive).

    >>> slug("Pro Plan"), slug("prod_NWjs8kKbJWmuuc"), slug("  Básico! ")
    ('Pro-Plan', 'prod_NWjs8kKbJWmuuc', 'B-sico')
    """
    out = _SLUG.sub("-", text.strip()).strip("-._")[:64]
    return out if out and out[0] not in "-._" else ""


def currency_code(text: object) -> str | None:
    """The ISO 4217 code (upper case) when ``text`` names one this engine knows, else ``None``."""
    if not isinstance(text, str):
        return None
    code = text.strip().upper()
    if re.fullmatch(r"[A-Z]{3}", code) is None or minor_units_of(code) is None:
        return None
    return code


def decimal_price(value: object, code: str) -> str | None:
    """A price as the catalog's decimal string in ``code``'s minor units, ``None`` if not one.

    >>> decimal_price("10.5", "USD"), decimal_price("100", "JPY"), decimal_price("1.001", "USD")
    ('10.50', '100', None)
    """
    units = minor_units_of(code)
    if units is None or isinstance(value, bool) or not isinstance(value, str | int):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    quantum = Decimal(1).scaleb(-units)
    if amount != amount.quantize(quantum):
        return None
    return str(amount.quantize(quantum))


def minor_price(value: object, code: str) -> str | None:
    """An amount in ISO 4217 minor units (Lago's ``amount_cents``) as a decimal string.

    >>> minor_price(1999, "USD"), minor_price(500, "JPY"), minor_price(-1, "USD")
    ('19.99', '500', None)
    """
    units = minor_units_of(code)
    if units is None or isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return str(Decimal(value).scaleb(-units).quantize(Decimal(1).scaleb(-units)))


def add_price(
    draft: Draft, item: dict[str, Any], code: str, cycle: str, price: str, what: str
) -> None:
    """Set one price on a plan or add-on; a second price for the same slot is reported."""
    row = item.setdefault("prices", {}).setdefault(code, {})
    if cycle in row and row[cycle] != price:
        draft.skip(f"{what}: a second {code} {cycle} price {price} (kept {row[cycle]})")
        return
    row[cycle] = price


def _yearly(prices: dict[str, dict[str, str]], code: str) -> Decimal | None:
    row = prices.get(code)
    if not row:
        return None
    return min(Decimal(p) * 12 / CYCLE_MONTHS[c] for c, p in row.items())


def _rank(plans: dict[str, dict[str, Any]], plan_id: str, code: str) -> tuple[int, Decimal, str]:
    value = _yearly(plans[plan_id]["prices"], code)
    return (0, value, plan_id) if value is not None else (1, Decimal(0), plan_id)


def assign_tiers(plans: dict[str, dict[str, Any]]) -> None:
    """Rank the plans of each group by their cheapest price over a year (then by id).

    Billing systems hold no rank; a plan that costs more over a year is the bigger one, in the
    currency most of the group's plans are priced in.
    """
    groups: dict[str, list[str]] = {}
    for plan_id, plan in plans.items():
        groups.setdefault(str(plan["group"]), []).append(plan_id)
    for members in groups.values():
        counts: dict[str, int] = {}
        for plan_id in members:
            for code in plans[plan_id]["prices"]:
                counts[code] = counts.get(code, 0) + 1
        reference = min(counts, key=lambda c: (-counts[c], c))

        ranked = sorted(members, key=lambda plan_id: _rank(plans, plan_id, reference))
        for tier, plan_id in enumerate(ranked, start=1):
            plans[plan_id]["tier"] = tier
