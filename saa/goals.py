"""Step 7: goals, strategies, and how the account manager spends time.

One home for "does the time allocation add up to 100%": the rule, the
completeness item and the reports ask :func:`time_allocation_adds_up`.
"""

from __future__ import annotations

from .plan import Plan

TOLERANCE = 1e-6


def time_allocation(plan: Plan) -> dict[str, float]:
    """The shares written, activity -> fraction (0.4 for 40%), in the order written; unreadable ones left out."""
    return {k: v for k, v in plan.time_allocation.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def time_allocation_total(plan: Plan) -> float | None:
    """The sum of the shares written (1.0 is 100%); None when no share is written."""
    shares = time_allocation(plan)
    return sum(shares.values()) if shares else None


def time_allocation_adds_up(plan: Plan) -> bool | None:
    """True when the shares add up to 100%, False when they don't, None when none is written."""
    total = time_allocation_total(plan)
    return None if total is None else abs(total - 1.0) <= TOLERANCE
