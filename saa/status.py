"""``saa status``: completeness by step, what is missing, review age, overdue actions. Never prints."""

from __future__ import annotations

import datetime as _dt
from .records import dataclass

from .completeness import Completeness, completeness
from .plan import ActionItem, Plan
from .clock import today as _today
from .account import review_age
from .actions import overdue as overdue_actions
from .value import ValueTotals, totals


@dataclass
class Status:
    plan: Plan
    completeness: Completeness
    review_age_days: int | None
    overdue: list[ActionItem]  # oldest first
    value: ValueTotals
    warnings: list | None = None  # review discipline: review-overdue and decision-date-passed findings

    def as_dict(self) -> dict:
        c = self.completeness
        return {
            "id": self.plan.id,
            "account": self.plan.account,
            "path": self.plan.display,
            "completeness": c.percent,
            "steps": {str(s): st.percent for s, st in c.steps.items()},
            "missing": [{"step": s, "item": item} for s, item in c.missing],
            "optional_steps": c.optional,
            "review_age_days": self.review_age_days,
            "overdue_actions": [_action_dict(a) for a in self.overdue],
            "value_per_year": self.value.per_year,
            "value_not_computed": self.value.not_computed,
            "warnings": [f.as_dict() for f in self.warnings or []],
        }


def _action_dict(item: ActionItem) -> dict:
    a = item.action
    return {"do": a.do, "owner": a.owner, "due": a.due.isoformat() if a.due else None, "status": a.status,
            "step": item.step, "source": item.source, "path": item.loc.path, "line": item.loc.line}


def status_of(plan: Plan, today: _dt.date | None = None) -> Status:
    today = today or _today()
    from .rules import Context, findings

    return Status(plan, completeness(plan), review_age(plan, today), overdue_actions(plan, today), totals(plan),
                  findings(plan, *DISCIPLINE, ctx=Context(today)))


DISCIPLINE = ("review-overdue", "decision-date-passed")   # the warnings saa status shows beside completeness
