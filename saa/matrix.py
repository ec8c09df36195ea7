"""Step 8: the Opportunity Prioritization Matrix.

Quadrant by stage (unless written): I deals in progress, II early-stage deals,
III customer delay or cancelling, IV long-term potential; won and lost are
closed, off the matrix. Within a quadrant: expected value (value x
probability) high to low, unknown values after known ones, then earlier
decision first.
"""

from __future__ import annotations

import datetime as _dt
from .records import dataclass

from .plan import Opportunity, Plan
from .vocab import CLOSED_DEAL_STAGES, QUADRANT_OF_STAGE, QUADRANTS

def is_open(opp: Opportunity) -> bool:
    """Won and lost deals are closed, off the matrix; every other stage is open."""
    return opp.stage not in CLOSED_DEAL_STAGES


def decision_passed(opp: Opportunity, today: _dt.date) -> bool:
    """An open deal whose expected decision date is before today: the date (or the deal) needs updating."""
    return is_open(opp) and opp.decision is not None and opp.decision < today


def decision_within(opp: Opportunity, today: _dt.date, days: int) -> bool:
    """Is the expected decision at most ``days`` days from today (a passed date included)? False without a date."""
    return opp.decision is not None and (opp.decision - today).days <= days


def stage_quadrant(stage: str | None) -> str | None:
    return QUADRANT_OF_STAGE.get(stage or "")


def quadrant(opp: Opportunity) -> str | None:
    """The opportunity's quadrant, or None when it is closed (won/lost).

    A written quadrant overrides the stage; with neither, an opportunity is
    long-term potential (IV).
    """
    if not is_open(opp):
        return None
    if opp.quadrant:
        return opp.quadrant
    return stage_quadrant(opp.stage) or "IV"


def expected_value(opp: Opportunity) -> float | None:
    if opp.value is None or opp.probability is None:
        return None
    return opp.value * opp.probability


def priority_key(opp: Opportunity):
    ev = expected_value(opp)
    # known expected values first, high to low; then known values with no probability; then unknown
    if ev is not None:
        group, amount = 0, -ev
    elif opp.value is not None:
        group, amount = 1, -opp.value
    else:
        group, amount = 2, 0.0
    decision = opp.decision or _dt.date.max
    return (group, amount, decision, opp.id)


DAYS_PER_MONTH = 365.25 / 12


def months_to_decision(opp: Opportunity, today: _dt.date) -> float | None:
    """Months from ``today`` to the expected decision (negative when it is past); None without a date."""
    if opp.decision is None:
        return None
    return (opp.decision - today).days / DAYS_PER_MONTH


def totals(opps) -> dict:
    """Sum of the known values and expected values of ``opps``, and how many are unknown.

    A sum is None (unknown) when there are opportunities but none with a known amount.
    """
    values = [o.value for o in opps if o.value is not None]
    evs = [e for e in (expected_value(o) for o in opps)]
    known_evs = [e for e in evs if e is not None]
    return {
        "count": len(opps),
        "value": sum(values) if values or not opps else None,
        "expected_value": sum(known_evs) if known_evs or not opps else None,
        "unknown_value": len(opps) - len(values),
        "unknown_expected_value": sum(1 for e in evs if e is None),
    }


@dataclass
class Matrix:
    currency: str
    quadrants: dict   # "I".."IV" -> list[Opportunity] in priority order
    closed: list      # won and lost


def build(plan: Plan) -> Matrix:
    quads: dict[str, list[Opportunity]] = {q: [] for q in QUADRANTS}
    closed: list[Opportunity] = []
    for opp in plan.opportunities:
        q = quadrant(opp)
        (closed if q is None else quads[q]).append(opp)
    for q in quads:
        quads[q].sort(key=priority_key)
    closed.sort(key=priority_key)
    return Matrix(plan.currency, quads, closed)
