"""Steps 9 and 10 together: which deals need a capture plan, and which capture plans still need a challenge.

One home for both questions: the rules, completeness, ``saa challenge`` and the
reports ask these functions.
"""

from __future__ import annotations

from .matrix import quadrant
from .plan import CapturePlan, Opportunity, Plan
from .vocab import IN_PROGRESS


def needs_capture_plan(opp: Opportunity) -> bool:
    """A deal in progress (quadrant I) is pursued, so it needs a capture plan."""
    return quadrant(opp) == IN_PROGRESS


def deals_without_capture_plan(plan: Plan) -> list[Opportunity]:
    planned = {cp.opportunity for cp in plan.capture_plans}
    return [o for o in plan.opportunities if needs_capture_plan(o) and o.id not in planned]


def capture_plans_without_challenge(plan: Plan) -> list[CapturePlan]:
    challenged = {ch.opportunity for ch in plan.challenges}
    return [cp for cp in plan.capture_plans if cp.opportunity not in challenged]
