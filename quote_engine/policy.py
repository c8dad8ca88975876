"""Policy: the knobs that say how a change is priced, the presets, per-plan overrides, defaults.

A product's ``policy:`` names a ``preset`` (the row of a billing system below) and may write
knobs beside it, which win. A policy without a preset starts from ``whmcs``. A plan may carry
its own ``policy:``; it is laid over the product's resolved policy (a ``preset`` there replaces
the product's row, knobs beside it win again), and the *target* plan's policy prices a change.

Presets, each what the named system documents:

- ``whmcs``: WHMCS "Automated Upgrades and Downgrades": the recurring amount per day of the
  cycle times the days to the next due date is credited, the new price per day times the same
  days charged, the due date unchanged
  (https://docs.whmcs.com/Automated_Upgrades_and_Downgrades). Its cycle-change rule is not
  documented; ``align`` is our reading.
- ``stripe``: Stripe's default ``proration_behavior=create_prorations``; a change of billing
  interval resets the billing cycle anchor to now
  (https://docs.stripe.com/billing/subscriptions/prorations). Stripe prorates by the second;
  with date inputs this is its day-level equivalent.
- ``killbill``: Kill Bill's proration with ``IN_ADVANCE`` billing; its ``InvoiceDateUtils``
  rounds the prorated fraction of a period half-up to 9 decimals before use (its tests expect
  ``0.724137931``), hence ``factor_precision: 9``.
- ``lago``: Lago upgrades immediately with prorated credit, downgrades at the end of the period,
  and compares plans by their value over a year (monthly 10.00 to yearly 100.00 is a downgrade);
  taxes on the exact total (https://getlago.com/docs/guide/subscriptions/upgrades-downgrades).
- ``ultimate_multisite``: Ultimate Multisite (WP Ultimo 2) credits unused days at the price over
  an average month of 30.4375 days and charges the new plan in full from today; a negative total
  is not refunded.
- ``difference``: "pay only the difference" hosts (the Spanish seed article): no credit, the
  difference of the two prices for the same cycle, no downgrade (cancel and reorder).

>>> product = resolve_policy({"preset": "whmcs", "downgrade": "at_renewal"}, "products.dns.policy")
>>> product.charge, product.downgrade, product.rounding
('prorated', 'at_renewal', 'half_up')
>>> plan = resolve_policy({"rounding": "half_even"}, "products.dns.plans.pro.policy", base=product)
>>> plan.downgrade, plan.rounding
('at_renewal', 'half_even')
>>> resolve_policy({"preset": "lago"}, "p").tax_on
'unrounded'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .errors import CatalogIssue

#: Allowed values of the knobs that take a word.
KNOB_VALUES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "day_basis": ("actual", "average", "30/360"),
        "credit": ("prorated", "none"),
        "charge": ("prorated", "full", "difference"),
        "cycle_change": ("align", "reset"),
        "classify": ("tier", "yearly_value"),
        "downgrade": ("immediate", "at_renewal", "not_allowed", "on_request"),
        "negative_total": ("balance", "forfeit"),
        "rounding": ("half_up", "half_even"),
        "tax_on": ("rounded_subtotal", "unrounded"),
        "cross_group": ("support", "refuse"),
    }
)

#: Every knob a ``policy:`` block may write (besides ``preset``).
KNOBS = (*KNOB_VALUES, "factor_precision", "one_change_at_a_time", "downgrade_window_days")

#: Knobs no preset sets, with their defaults (contract: "Knobs no preset sets default to ...").
DEFAULTS: Mapping[str, object] = MappingProxyType(
    {
        "cross_group": "support",
        "one_change_at_a_time": False,
        "factor_precision": None,
        "tax_on": "rounded_subtotal",
        "downgrade_window_days": None,
    }
)

_ROW = (
    "day_basis",
    "credit",
    "charge",
    "cycle_change",
    "classify",
    "downgrade",
    "negative_total",
    "rounding",
)

#: The presets' rows, exactly the contract's table; "other" columns folded in.
PRESETS: Mapping[str, Mapping[str, object]] = MappingProxyType(
    {
        name: MappingProxyType({**dict(zip(_ROW, row, strict=True)), **other})
        for name, row, other in (
            (
                "whmcs",
                (
                    "actual",
                    "prorated",
                    "prorated",
                    "align",
                    "tier",
                    "immediate",
                    "balance",
                    "half_up",
                ),
                {},
            ),
            (
                "stripe",
                (
                    "actual",
                    "prorated",
                    "prorated",
                    "reset",
                    "tier",
                    "immediate",
                    "balance",
                    "half_up",
                ),
                {},
            ),
            (
                "killbill",
                (
                    "actual",
                    "prorated",
                    "prorated",
                    "align",
                    "tier",
                    "immediate",
                    "balance",
                    "half_up",
                ),
                {"factor_precision": 9},
            ),
            (
                "lago",
                (
                    "actual",
                    "prorated",
                    "prorated",
                    "align",
                    "yearly_value",
                    "at_renewal",
                    "balance",
                    "half_up",
                ),
                {"tax_on": "unrounded"},
            ),
            (
                "ultimate_multisite",
                ("average", "prorated", "full", "reset", "tier", "immediate", "forfeit", "half_up"),
                {},
            ),
            (
                "difference",
                (
                    "actual",
                    "none",
                    "difference",
                    "reset",
                    "tier",
                    "not_allowed",
                    "balance",
                    "half_up",
                ),
                {},
            ),
        )
    }
)

#: The largest ``factor_precision``: more decimals than :data:`money.MONEY_CONTEXT` holds
#: exactly would be meaningless.
MAX_FACTOR_PRECISION = 30

#: The longest downgrade window, in days (ten years).
MAX_WINDOW_DAYS = 3660


@dataclass(frozen=True, slots=True)
class Policy:
    """Every knob, resolved. See the contract's "Policy knobs" table for each meaning.

    Attributes:
        day_basis: ``actual``, ``average`` or ``30/360``.
        credit: ``prorated`` or ``none``.
        charge: ``prorated``, ``full`` or ``difference``.
        cycle_change: ``align`` or ``reset``.
        classify: ``tier`` or ``yearly_value``.
        downgrade: ``immediate``, ``at_renewal``, ``not_allowed`` or ``on_request``.
        negative_total: ``balance`` or ``forfeit``.
        rounding: ``half_up`` or ``half_even``.
        tax_on: ``rounded_subtotal`` or ``unrounded``.
        cross_group: ``support`` or ``refuse``.
        one_change_at_a_time: refuse changing more than one of plan, quantity and add-ons.
        factor_precision: decimals the day factor is rounded to (half-up), or ``None``.
        downgrade_window_days: ``(min, max)`` days before the due date, for ``on_request``.
    """

    day_basis: str
    credit: str
    charge: str
    cycle_change: str
    classify: str
    downgrade: str
    negative_total: str
    rounding: str
    tax_on: str
    cross_group: str
    one_change_at_a_time: bool
    factor_precision: int | None
    downgrade_window_days: tuple[int, int] | None


def _preset(name: object, path: str) -> Mapping[str, object]:
    if not isinstance(name, str) or name not in PRESETS:
        raise CatalogIssue(
            path, f"unknown preset {name!r}; use one of {', '.join(sorted(PRESETS))}"
        )
    return PRESETS[name]


def _check_knob(knob: str, value: object, path: str) -> object:
    """Validate one knob's value; returns it normalised (window as a tuple, ``none`` as None)."""
    if knob in KNOB_VALUES:
        allowed = KNOB_VALUES[knob]
        if not isinstance(value, str) or value not in allowed:
            raise CatalogIssue(
                path, f"unknown value {value!r} for {knob}; use one of {', '.join(allowed)}"
            )
        return value
    if knob == "one_change_at_a_time":
        if not isinstance(value, bool):
            raise CatalogIssue(path, f"one_change_at_a_time must be true or false, not {value!r}")
        return value
    if knob == "factor_precision":
        if value is None or value == "none":
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= MAX_FACTOR_PRECISION
        ):
            raise CatalogIssue(
                path,
                f"factor_precision must be none or an integer from 0 to {MAX_FACTOR_PRECISION},"
                f" not {value!r}",
            )
        return value
    # downgrade_window_days
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise CatalogIssue(
            path,
            f"downgrade_window_days must be a list of two whole numbers [min, max], not {value!r}",
        )
    low, high = value
    if not 0 <= low <= high <= MAX_WINDOW_DAYS:
        raise CatalogIssue(
            path,
            f"downgrade_window_days [{low}, {high}] must satisfy 0 <= min <= max <= "
            f"{MAX_WINDOW_DAYS}",
        )
    return (low, high)


def _from_knobs(knobs: Mapping[str, object]) -> Policy:
    window = knobs["downgrade_window_days"]
    precision = knobs["factor_precision"]
    return Policy(
        day_basis=str(knobs["day_basis"]),
        credit=str(knobs["credit"]),
        charge=str(knobs["charge"]),
        cycle_change=str(knobs["cycle_change"]),
        classify=str(knobs["classify"]),
        downgrade=str(knobs["downgrade"]),
        negative_total=str(knobs["negative_total"]),
        rounding=str(knobs["rounding"]),
        tax_on=str(knobs["tax_on"]),
        cross_group=str(knobs["cross_group"]),
        one_change_at_a_time=bool(knobs["one_change_at_a_time"]),
        factor_precision=precision if isinstance(precision, int) else None,
        downgrade_window_days=(
            (int(window[0]), int(window[1])) if isinstance(window, tuple) else None
        ),
    )


def resolve_policy(spec: object, path: str, base: Policy | None = None) -> Policy:
    """Resolve a ``policy:`` block into a :class:`Policy`.

    Args:
        spec: The block from the catalog (a mapping), or ``None`` for no block.
        path: Dotted path of the block inside the catalog, for messages.
        base: The product's resolved policy when ``spec`` is a plan's override; ``None`` for a
            product, which starts from ``whmcs`` unless it names a preset.

    Returns:
        The resolved policy.

    Raises:
        CatalogIssue: for an unknown preset, knob or knob value, or ``on_request`` without
            ``downgrade_window_days``.

    >>> resolve_policy(None, "p") == resolve_policy({"preset": "whmcs"}, "p")
    True
    >>> try:
    ...     resolve_policy({"downgrade": "on_request"}, "products.email.policy")
    ... except CatalogIssue as issue:
    ...     print(issue.path)
    ...     print(issue.problem)
    products.email.policy.downgrade_window_days
    downgrade: on_request needs downgrade_window_days [min, max]
    """
    if spec is None:
        spec = {}
    if not isinstance(spec, Mapping):
        raise CatalogIssue(path, f"policy must be a mapping of knobs, not {type(spec).__name__}")
    if base is None:
        knobs: dict[str, object] = {
            **DEFAULTS,
            **_preset(spec.get("preset", "whmcs"), path + ".preset"),
        }
    else:
        knobs = {name: getattr(base, name) for name in KNOBS}
        if "preset" in spec:
            knobs.update(_preset(spec["preset"], path + ".preset"))
    for key, value in spec.items():
        if key == "preset":
            continue
        if not isinstance(key, str) or key not in KNOBS:
            raise CatalogIssue(
                f"{path}.{key}", f"unknown knob {key!r}; knobs are {', '.join(sorted(KNOBS))}"
            )
        knobs[key] = _check_knob(key, value, f"{path}.{key}")
    policy = _from_knobs(knobs)
    if policy.downgrade == "on_request" and policy.downgrade_window_days is None:
        raise CatalogIssue(
            f"{path}.downgrade_window_days",
            "downgrade: on_request needs downgrade_window_days [min, max]",
        )
    return policy
