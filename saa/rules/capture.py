"""Steps 9 and 10: deals in progress need a capture plan, capture plans need a challenge."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class NoCapturePlan(Rule):
    """A deal in progress (quadrant I of the matrix) without a capture plan in 09-capture-plans.yaml.

    Quadrant I holds the opportunities being pursued now; the method gives each
    of them a capture plan: objective, decision process, buying influences, win
    themes, risks and actions with owner and due date.

    Example: `08-opportunities.yaml:3:5: warning: opportunity 'adsl-2' is a deal
    in progress (quadrant I) without a capture plan in 09-capture-plans.yaml
    [no-capture-plan]`. Add `- opportunity: adsl-2` to capture_plans.
    """

    ID = "no-capture-plan"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..capture import deals_without_capture_plan

        if "09-capture-plans.yaml" in plan.unreadable:
            return
        for o in deals_without_capture_plan(plan):
            yield cls.finding(o.loc, f"opportunity '{o.id}' is a deal in progress (quadrant I) without a capture "
                                         "plan in 09-capture-plans.yaml")


class NoChallenge(Rule):
    """A capture plan without challenge scoring in 10-challenge.yaml.

    A capture plan nobody challenged is the team's hope; challenge questions
    scored by the team and by an independent spoiler show where it is weak.

    Example: `09-capture-plans.yaml:3:5: warning: capture plan of 'adsl-2' has
    no challenge scoring in 10-challenge.yaml [no-challenge]`. Score it:
    `saa challenge --guide` lists the questions.
    """

    ID = "no-challenge"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..capture import capture_plans_without_challenge

        if "10-challenge.yaml" in plan.unreadable:
            return
        for cp in capture_plans_without_challenge(plan):
            yield cls.finding(cp.loc, f"capture plan of '{cp.opportunity}' has no challenge scoring in 10-challenge.yaml")


RULES = (NoCapturePlan, NoChallenge)
