"""The computation: what a change of plan, cycle, quantity or add-ons costs today and next time.

:func:`compute_quote` takes a parsed :class:`~quote_engine.request.Request` and a validated
catalog and returns the response as plain data, or raises
:class:`~quote_engine.errors.QuoteError`. It runs the steps in the contract's order, each in its
own module: the checks that need the catalog (``checks.py``), the rules of the change
(``change.py``), then the pricing (``pricing.py``). The JSON boundary (parsing in
``request.py``, catalog selection and canonical output in ``api.py``) is around it.

Formulas
========

Notation: ``P`` the price per unit for a cycle, ``q`` the quantity, ``[start, end)`` the period
being prorated, ``left = end - today`` and ``total`` its length under ``day_basis``
(``periods.days_left`` / ``periods.days_total``), ``f = left / total`` capped to ``[0, 1]`` and
rounded half-up to ``factor_precision`` decimals when that knob is set. Every line is computed at
full precision and rounded once to the currency's minor units (``money.Currency.round``).

- Same-cycle change, ``charge: prorated`` (WHMCS "Upgrades and Downgrades": credit the unused
  days of the old product, charge the new one for the days to the next due date,
  https://docs.whmcs.com/Automated_Upgrades_and_Downgrades; Stripe prorations,
  https://docs.stripe.com/billing/subscriptions/prorations; Kill Bill's ``InvoiceDateUtils``)::

      credit_unused = -min(paid_share * f, amount_paid - credited)
      charge_new    = P_target * q_target * f                    period unchanged

  Stripe's own example: 10.00 -> 20.00 half-way gives -5.00 and +10.00, 5.00 due.
- ``charge: full`` (Ultimate Multisite 2, ``Cart::calculate_prorate_credits``: credit
  ``days_unused * amount / days_in_cycle`` with 30.4375-day months, capped at the amount, and the
  new plan in full)::

      credit_unused = -min(paid_share * f, amount_paid - credited)
      charge_new    = P_target * q_target                         period = [today, today + cycle)

- ``charge: difference`` (the "pay only the difference" hosts of the Spanish seed)::

      charge_difference = P_target * q_target - P_current * q_current    no credit line

- A change of cycle follows ``cycle_change`` whatever ``charge`` says. ``align``: the new period
  is ``[anchor + k*n, anchor + (k+1)*n)`` containing today and ``charge_new = P * q * f`` over it;
  ``reset`` (Stripe's billing-interval change resets the billing cycle anchor): the new period
  starts today and ``charge_new = P * q``. The old period is credited as above.
- Add-ons (``proration: daily``): ``charge_addon = P_addon * f_new`` to the plan's period end
  after the change, ``credit_addon = -paid_share * f``; ``proration: none`` charges the full
  price and credits nothing.
- Tax (``rate > 0`` only): ``rounded_subtotal``: ``tax = round(subtotal * rate)``;
  ``unrounded`` (Lago taxes the exact amount): ``tax = round(exact_sum * (1 + rate)) -
  subtotal``; inclusive tax: ``round(total * rate / (1 + rate))``, informational.
- Totals: ``total = subtotal + tax`` (``subtotal`` alone for inclusive tax);
  ``balance_applied = min(credit_balance, total)`` when ``total > 0``;
  ``due_today = max(0, total - balance_applied)``; a negative total becomes
  ``credit_to_balance`` (``negative_total: balance``) or ``forfeited``.
- Classification: ``tier`` compares tier, then quantity, then cycle length; ``yearly_value``
  compares ``P * q * 12 / months`` and calls a strictly lower value a downgrade (Lago: "an
  upgrade occurs when the subscription fee of the new plan, calculated on a daily basis,
  equals or exceeds the subscription fee of the previous plan",
  https://getlago.com/docs/guide/subscriptions/upgrades-downgrades).

Readings of the contract (summarised for callers in REFERENCE.md)
==============================================================

Where the contract leaves room, these are the readings taken (each as a billing engineer would
expect, each tested in ``tests/engine``):

1. ``amount_paid`` covers the plan and the current add-ons. When only part of it is credited
   (the plan while add-ons are kept, or one removed add-on), each item's share of
   ``amount_paid`` is its share of the list price (``amount_paid * item_list / list_total``), so
   a discount is spread evenly; with the default ``amount_paid`` each share is its list price.
2. The cap ``amount_paid - credited`` applies to all credit lines of a quote together
   (``credit_unused`` first, then ``credit_addon`` in add-on id order), after rounding; a capped
   line carries ``"capped": true``.
3. The day factor is capped at 1 (``average`` basis in a 31-day month would otherwise credit
   more than was paid) and is 0 for a period of no length (possible only under ``30/360``, from
   the 30th to the 31st).
4. ``days`` and ``days_total`` appear exactly on prorated lines. A line charged in full (``full``,
   ``reset``, ``proration: none``, a restarted add-on) has neither; its amount is the full price.
5. ``charge: difference`` gives no credit line whatever ``credit`` says; ``credit: none`` removes
   ``credit_unused`` only: add-on credits follow each add-on's own ``proration``.
6. Kept add-ons are credited and charged again whenever the plan's period changes: ``full``,
   ``reset`` and also a cycle change under ``align`` (their cycle changes with the plan's).
7. Add-on prices are per subscription and per cycle; quantity multiplies the plan price only.
8. ``one_change_at_a_time`` counts plan, quantity and add-ons, and a cycle change only when the
   plan stays the same ("a cycle may change with the plan").
9. A plan's own ``policy:`` is laid over its product's resolved policy; a ``preset`` there
   replaces the product's row, knobs beside it win. The target plan's policy prices the change.
10. ``at_renewal`` / ``on_request`` defer the whole change, add-ons included, to ``period_end``.
11. ``downgrade_outside_window`` once the window has closed uses the following due date: the next
    boundary counted from the anchor when ``period_end`` is one, else ``period_end`` plus one
    current cycle. Its params: ``product``, ``window_opens``, ``window_closes``, ``due_date``,
    ``days_min``, ``days_max``.
12. ``next_invoice`` of ``no_change`` is one full current cycle from ``period_end``.
13. ``unknown_cycle`` is a cycle name the contract does not know or one the plan (or add-on) has
    no price for in any currency; a cycle priced only in other currencies is
    ``currency_not_offered``.
14. Request checks that need the catalog are still ``invalid_request`` and run once the facts
    they need are known: decimals beyond the currency's minor units (right after the catalog is
    validated), an unknown ``tax_region`` (then), and ``credited`` above the default
    ``amount_paid`` (after the quantities, which that default needs). ``tax`` and
    ``tax_region`` together are refused as ambiguous; unknown request fields are refused (as
    Stripe refuses unknown parameters) so that a misspelt optional field cannot silently change
    a price.
15. Dates must lie between 1900-01-01 and 9899-12-31 and amounts have at most 18 digits
    before the point; values beyond are ``invalid_request`` (``problem: "range"``). A quantity
    is any JSON integer: outside the product's range, however large, it is
    ``quantity_out_of_range`` (checked before any arithmetic). A tax rate is any decimal string
    in [0, 1) with at most 18 decimals.
16. ``credited`` above ``amount_paid`` is ``invalid_request`` (field ``current.credited``).
17. Refusals carry an ``alternative`` only where the contract names one: ``support_only``
    (``contact_support``), ``downgrade_not_allowed`` (``cancel_and_reorder``),
    ``downgrade_outside_window`` (``request_in_window``). Every refusal's ``params`` name the
    ids, fields, dates and limits involved (``product``, ``field``, ``plan`` ...), and
    ``invalid_request`` adds ``problem`` (``missing``, ``unknown_field``, ``type``, ``format``,
    ``range``, ``order``, ``duplicate``, ``conflict``, ``unknown``, ``malformed_json``).
18. An error code ``internal_error`` exists only so that ``quote()`` never raises even on a bug;
    the fuzz test asserts it never appears.
19. Canonical JSON is ``json.dumps(..., sort_keys=True, separators=(",", ":"),
    ensure_ascii=True)``: key order is irrelevant to JSON, sorting makes the bytes
    reproducible from ``quote()``'s dict, and ASCII output survives any terminal encoding.
    Request JSON follows ``json.loads`` (a repeated key: the last wins, as in
    ``quote(json.loads(text))``); catalog files refuse repeated keys.
20. Lines come in a fixed order: ``credit_unused``, ``charge_new`` or ``charge_difference``,
    ``credit_addon`` then ``charge_addon`` (each by add-on id), ``tax`` last. A line that
    rounds to zero is kept (a free plan's ``credit_unused`` of 0.00 still explains the quote).
    The tax line's ``rate`` is the shortest decimal (``"0.1"`` for ``"0.10"``); an inclusive
    tax line carries ``"inclusive": true``. ``days_total`` is the shortest decimal too.
21. ``effective`` of ``no_change`` is today. A change of add-ons alone keeps the plan's period
    under every ``charge``, so only its add-on lines appear.
22. Catalog details the contract leaves open: ``name`` is optional on products, plans and
    add-ons but, when given, has an English entry; a plan without ``group`` is in a group named
    after its product; an add-on without ``proration`` prorates ``daily``; ``quantity`` needs
    ``min`` and ``max`` (1 to 1,000,000,000) and takes ``unit`` as text or per language;
    ``taxes.<region>.example`` (a flag for the site) is accepted; any other unknown key is
    refused so that a misspelt ``policy`` cannot silently fall back to the defaults.

>>> from datetime import date
>>> from decimal import Decimal
>>> from quote_engine.catalog import example_catalog_validated
>>> from quote_engine.periods import Period
>>> req = Request(product="dns", currency="USD", today=date(2026, 11, 15),
...     current=Selection("basic", "monthly", 1, ()),
...     period=Period(date(2026, 11, 1), date(2026, 12, 1)), anchor=date(2026, 11, 1),
...     amount_paid=None, credited=Decimal(0), target=Selection("start", "monthly", 1, ()))
>>> out = compute_quote(req, example_catalog_validated())
>>> [(line["code"], line["amount"]) for line in out["lines"]], out["due_today"]
([('credit_unused', '-2.67'), ('charge_new', '5.33')], '2.66')
"""

from __future__ import annotations

from decimal import localcontext

from .catalog import Catalog
from .change import changed, check_groups, check_one_at_a_time, check_window, classify
from .checks import check
from .errors import QuoteError
from .money import MONEY_CONTEXT
from .pricing import deferred, immediate, no_change
from .request import STATUSES, Request, Selection

__all__ = ["STATUSES", "Request", "Selection", "compute_quote"]


def compute_quote(request: Request, catalog: Catalog) -> dict[str, object]:
    """Quote a change: every check in the contract's order, then the lines and totals.

    Args:
        request: The parsed request.
        catalog: The validated catalog to price it with.

    Returns:
        The response object (``"ok": true``) as plain data, amounts as decimal strings.

    Raises:
        QuoteError: for every refusal after the request's shape (``invalid_request`` for
            facts that need the catalog, ``unknown_product`` ... ``downgrade_outside_window``).
    """
    with localcontext(MONEY_CONTEXT):
        facts = check(request, catalog)
        policy = facts.target.plan.policy  # the target plan's policy prices the change (9)
        changes = changed(request.current, request.target)
        if not changes:
            return no_change(facts, policy, changes)
        check_one_at_a_time(request, policy, changes)
        check_groups(facts, policy)
        addon_only = all(c == "addons" for c in changes)
        if addon_only:
            added = set(request.target.addons) - set(request.current.addons)
            kind = "upgrade" if added else "downgrade"
        else:
            kind = classify(facts, policy)
        if kind == "downgrade" and not addon_only:
            if policy.downgrade == "not_allowed":
                raise QuoteError(
                    "downgrade_not_allowed",
                    "Downgrades are not offered for this product: cancel and order the smaller "
                    "plan.",
                    {"product": request.product},
                    alternative="cancel_and_reorder",
                )
            if policy.downgrade == "on_request":
                check_window(request, policy)
                return deferred(facts, policy, kind, changes, alternative="contact_support")
            if policy.downgrade == "at_renewal":
                return deferred(facts, policy, kind, changes)
        return immediate(facts, policy, kind, changes, addon_only)
