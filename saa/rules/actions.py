"""Actions, in every step."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class OverdueAction(Rule):
    """An open action whose due date has passed.

    A plan is only as good as the actions it drives; an overdue action is the
    first thing a review looks at.

    Example: `09-capture-plans.yaml:14:16: warning: action overdue since
    2026-11-01: Book the CTO workshop [overdue-action]`. Do it and set
    `status: done`, move `due` with a reason, or set `status: dropped`.
    """

    ID = "overdue-action"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..actions import is_overdue

        for item in plan.actions:
            a = item.action
            if is_overdue(a, ctx.today) and a.due is not None:
                yield cls.finding(item.due_loc or item.loc, f"action overdue since {a.due.isoformat()}: {a.do}")


RULES = (OverdueAction,)
