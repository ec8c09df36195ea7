"""Step 7: goals, strategies and time allocation."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class TimeAllocation(Rule):
    """The account manager's time allocation does not add up to 100%.

    Step 7 asks how the account manager really spends time; shares that do not
    add up describe no week at all.

    Example: `07-goals-strategy.yaml:9:1: error: time allocation adds up to 90%;
    it must add up to 100% [time-allocation]`. Adjust the shares.
    """

    ID = "time-allocation"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..goals import time_allocation_adds_up, time_allocation_total

        total = time_allocation_total(plan)
        if time_allocation_adds_up(plan) is False and total is not None and plan.time_allocation_loc is not None:
            yield cls.finding(plan.time_allocation_loc,
                              f"time allocation adds up to {total * 100:g}%; it must add up to 100%")


RULES = (TimeAllocation,)
