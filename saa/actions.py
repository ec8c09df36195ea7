"""Every action of the plan(s): "communicate all key activities", the second alignment factor.

Actions are written all over a plan (implications, relationship strategies,
needs, value buyers, opportunities, capture plans); :attr:`Plan.actions`
collects them with where they come from. Here they are filtered and sorted:
by due date, undated last, then by plan and place in the file. Open actions
without an owner or a due date are called out: nobody will do them, or
nobody knows by when. Plain functions; nothing here prints.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import field
from .records import dataclass

from .parallel import PlanRef
from .plan import ActionItem, Plan
from .scalars import Action


@dataclass
class ActionRow:
    plan: Plan | PlanRef        # a PlanRef when made in a worker process
    item: ActionItem
    overdue: bool

    @property
    def action(self):
        return self.item.action


@dataclass
class ActionList:
    rows: list = field(default_factory=list)            # ActionRow, sorted
    without_owner: list = field(default_factory=list)   # open rows with no owner
    without_due: list = field(default_factory=list)     # open rows with no due date
    today: _dt.date | None = None

    @property
    def overdue(self) -> list:
        return [r for r in self.rows if r.overdue]

    @property
    def open(self) -> list:
        return [r for r in self.rows if r.action.status == "open"]


def is_overdue(action: Action, today: _dt.date) -> bool:
    """Is this action overdue? Open, with a due date before today. The one answer every view uses."""
    return action.status == "open" and action.due is not None and action.due < today


def overdue(plan: Plan, today: _dt.date) -> list[ActionItem]:
    """The plan's overdue actions, oldest first, then in the order they are written."""
    items = [i for i in plan.actions if is_overdue(i.action, today)]
    return sorted(items, key=lambda i: (i.action.due, i.loc.path, i.loc.line))


def of_deal(plan: Plan, opportunity: str) -> list[ActionItem]:
    """The actions of one deal: written under the opportunity (step 8) or under its capture plan (step 9)."""
    sources = (f"opportunity: {opportunity}", f"capture plan: {opportunity}")
    return [i for i in plan.actions if i.step in (8, 9) and i.source in sources]


def same_person(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and bool(a) and bool(b) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


_NEVER = _dt.date.max.toordinal()


def sort_key(row: ActionRow) -> tuple:
    """The order of actions: by due date (undated last), then plan, file and place. Plain values (the due
    date as its day number), so the rows the views make of them in worker processes sort by it too."""
    due, loc = row.action.due, row.item.loc
    return (due is None, _NEVER if due is None else due.toordinal(), row.plan.display, loc.path, loc.line,
            loc.column)


def collect(plans, today: _dt.date, *, owner: str | None = None, overdue_only: bool = False,
            include_closed: bool = False) -> ActionList:
    """The actions of ``plans`` (open ones unless ``include_closed``), filtered and sorted.

    ``owner`` keeps the actions of that person (case and spacing ignored);
    ``overdue_only`` keeps open actions whose due date is before ``today``.
    """
    return gather([r for plan in plans for r in plan_rows(plan, today, owner=owner, overdue_only=overdue_only,
                                                           include_closed=include_closed)], today)


def plan_rows(plan, today: _dt.date, *, owner: str | None = None, overdue_only: bool = False,
              include_closed: bool = False) -> list[ActionRow]:
    """The rows of one plan that :func:`collect` keeps, in the order written (``plan`` may be a
    :class:`saa.parallel.PlanRef`: rows made in a worker process name their plan, never carry it)."""
    rows = []
    for item in plan.actions:
        a = item.action
        if a.status != "open" and not include_closed:
            continue
        late = is_overdue(item.action, today)
        if overdue_only and not late:
            continue
        if owner is not None and not same_person(a.owner, owner):
            continue
        rows.append(ActionRow(plan, item, late))
    return rows


def called_out(is_open: bool, owned: bool, dated: bool) -> tuple[bool, bool]:
    """(without an owner?, without a due date?) of an action: only open actions are called out (nobody will
    do them, or nobody knows by when). The one answer :func:`gather` and the views' counts use."""
    return is_open and not owned, is_open and not dated


def gather(rows: list, today: _dt.date) -> ActionList:
    """The :func:`plan_rows` of every plan, plan by plan, sorted and called out."""
    rows = sorted(rows, key=sort_key)
    marks = [called_out(r.action.status == "open", bool(r.action.owner), r.action.due is not None) for r in rows]
    return ActionList(rows, [r for r, (no_owner, _) in zip(rows, marks) if no_owner],
                      [r for r, (_, no_due) in zip(rows, marks) if no_due], today)
