"""Figures for the same quantity of the same subject: discrepancy, updated figure, or agreement.

Values are read as intervals ("about 5%" is 4.5..5.5, "more than eight" is 8..∞) and only disjoint
intervals disagree. Time, place and scope are compared before values: a different date makes an
`updated_figure`, different places mean different events (no finding), a different scope ("gained this
year" vs a total) gives a low-confidence finding that names the scope.
"""

from __future__ import annotations

import math

from bot.compare.explain import label
from bot.compare.lexicon import (
    APPROX_QUALIFIERS,
    LOWER_BOUND_QUALIFIERS,
    SCOPE_MARKERS,
    UPPER_BOUND_QUALIFIERS,
)
from bot.compare.same_thing import quantity_tier, same_thing, same_time_said
from bot.compare.sides import Side, days_apart, disjoint_places
from bot.compare.text import normalize, years
from bot.models import Finding

# Relative half-width of an approximate figure ("about 5%" covers 4.5..5.5). News rounding is ~10%.
APPROX_TOLERANCE = 0.10
# Relative half-width of an exact figure: rounding ("61.4 billion" vs "61.38 billion").
EXACT_TOLERANCE = 0.01
# Two reports of a "current" figure this many days apart are an update, not a contradiction.
UPDATE_MIN_DAYS = 3

DISCREPANCY_CONFIDENCE = 0.8
SCOPE_CONFIDENCE = 0.3
# An update is not a contradiction: stored and queryable, below the default shown threshold (0.6).
UPDATED_CONFIDENCE = 0.5
PARSED_QUANTITY_PENALTY = 0.1


def interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a figure allows, given its qualifier."""
    q = (qualifier or "").lower()
    if q in LOWER_BOUND_QUALIFIERS:
        return value, math.inf
    if q in UPPER_BOUND_QUALIFIERS:
        return -math.inf, value
    tol = APPROX_TOLERANCE if q in APPROX_QUALIFIERS else EXACT_TOLERANCE
    if q == "nearly":
        return value * (1 - tol), value
    return value - abs(value) * tol, value + abs(value) * tol


def agree(v1: float, q1: str | None, v2: float, q2: str | None) -> bool:
    lo1, hi1 = interval(v1, q1)
    lo2, hi2 = interval(v2, q2)
    return lo1 <= hi2 and lo2 <= hi1


def scopes(sentence: str) -> set[str]:
    """Scope markers of a figure's sentence ("this year", "new")."""
    text = " " + normalize(sentence) + " "
    return {m.strip() for m in SCOPE_MARKERS if f" {m}" in text}


def compare_figures(a: Side, b: Side) -> Finding | None:
    """A finding for two figures of the same quantity and subject, or None."""
    ra, rb = a.row, b.row
    if ra.value is None or rb.value is None or ra.unit == "date" or ra.subkind == "date":
        return None  # a date is when something happened; two events' dates are not one figure
    if not same_thing(a, b)[0] or disjoint_places(a, b):
        return None
    later = _reported_later(a, b)
    if not (later or same_time_said(a, b)):
        return None  # "in January" vs "in February": two months' figures, not one figure twice
    qa, qb = (ra.data or {}).get("qualifier"), (rb.data or {}).get("qualifier")
    details = {
        "quantity": ra.quantity_key,
        "subject": ra.subject,
        "values": [ra.value, rb.value],
        "unit": ra.unit,
        "qualifiers": [qa, qb],
        "time": [ra.time_ref, rb.time_ref],
    }
    if agree(ra.value, qa, rb.value, qb):
        return None
    what = measure(ra.quantity_key, ra.subject)
    there = label(b.article)
    if later:
        return Finding(
            "updated_figure",
            a.ref(),
            b.ref(),
            f"{ra.text} here vs {rb.text} in {there} for {what}, at different times: an update.",
            UPDATED_CONFIDENCE,
            details,
        )
    sa, sb = scopes(ra.sentence), scopes(rb.sentence)
    if sa != sb:
        details["scope"] = [sorted(sa), sorted(sb)]
        return Finding(
            "numeric_discrepancy",
            a.ref(),
            b.ref(),
            f"{ra.text} here vs {rb.text} in {there} for {what}, but one counts only part of it "
            f"({', '.join(sorted(sa ^ sb))}).",
            SCOPE_CONFIDENCE,
            details,
        )
    confidence = DISCREPANCY_CONFIDENCE - (0.1 if (qa or qb) else 0.0)
    if quantity_tier(ra.quantity_key) == 2:
        confidence -= PARSED_QUANTITY_PENALTY  # the quantity name rests on one parse, not on the tables
    return Finding(
        "numeric_discrepancy",
        a.ref(),
        b.ref(),
        f"{ra.text} here vs {rb.text} in {there} for {what}.",
        round(confidence, 2),
        details,
    )


def measure(quantity_key: str | None, subject: str | None) -> str:
    """ "the share of territory occupied of Ukraine" from a quantity key and subject."""
    quantity = (quantity_key or "").split("|")[0] or "the same quantity"
    return f"the {quantity}" + (f" of {subject}" if subject else "")


def _reported_later(a: Side, b: Side) -> bool:
    """The same quantity at two times: different years said, or the articles days apart."""
    ya, yb = years(a.row.time_ref or ""), years(b.row.time_ref or "")
    if ya and yb:
        return not (ya & yb)
    apart = days_apart(a, b)
    return apart is not None and apart >= UPDATE_MIN_DAYS
