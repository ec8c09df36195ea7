"""``saa brief PLAN``: the one page a reviewer reads before a pipeline review. Data only; nothing here prints.

Every figure comes from the concept that owns it: review dates (account),
completeness, alignment, the pipeline by quadrant with expected value
(matrix), the top deals with their challenge standing (review, challenge),
the customer's quantified value per year (value), the most serious findings
of ``saa check`` (check), overdue actions (actions) and what changed since
the last review (diff, from git).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import field
from .records import dataclass

from .plan import Plan
from .value import ValueTotals
from .vocab import ALIGNMENT_NAMES, QUADRANTS

TOP_DEALS = 5
TOP_FLAGS = 6
TOP_ACTIONS = 4
TOP_CHANGES = 6

# how serious a finding is for a reviewer: errors first, then these warnings in this order, then the rest
FLAG_ORDER = ("review-overdue", "decision-date-passed", "unreached-decision-maker", "hostile-decision-maker",
              "all-green-no-spoiler", "no-capture-plan", "no-challenge", "procurement-value-buyer", "no-coach",
              "unlisted-competitor", "claim-mismatch", "quadrant-mismatch")
NOT_FLAGS = ("overdue-action",)   # shown in their own list


@dataclass
class Changes:
    """What changed since the last review: ``available`` False with ``reason`` when it cannot be told."""

    available: bool
    reason: str | None = None
    since: str | None = None          # the commit compared with
    since_date: str | None = None
    count: int = 0
    lines: list = field(default_factory=list)   # short sentences, most telling first
    detail: dict | None = None        # the full diff (saa diff --json)


@dataclass
class Brief:
    plan: Plan
    today: _dt.date
    completeness: float
    review_due: _dt.date | None
    review_overdue: bool
    review_age: int | None
    alignment: dict                   # factor -> not-well | moderately-well | very-well | None
    pipeline: dict                    # quadrant -> matrix.totals() dict
    deals: list                       # review.DealRow, ranked, at most TOP_DEALS
    open_deals: int
    value: ValueTotals
    flags: list                       # Finding, most serious first, at most TOP_FLAGS
    flag_counts: dict                 # errors, warnings (all of them)
    overdue: list                     # ActionItem, oldest first, at most TOP_ACTIONS
    overdue_count: int
    changes: Changes

    def as_dict(self) -> dict:
        p = self.plan
        return {
            "id": p.id, "account": p.account, "owner": p.owner, "path": p.display, "currency": p.currency,
            "as_of": self.today.isoformat(),
            "review": {"last": _iso(p.review_last), "next": _iso(p.review_next), "cadence_days": p.review_cadence_days,
                       "due": _iso(self.review_due), "overdue": self.review_overdue, "age_days": self.review_age},
            "completeness": self.completeness,
            "alignment": dict(self.alignment),
            "pipeline": {q: {"deals": t["count"], "value": t["value"], "expected_value": t["expected_value"],
                             "unknown_value": t["unknown_value"]} for q, t in self.pipeline.items()},
            "open_deals": self.open_deals,
            "top_deals": [d.as_dict() for d in self.deals],
            "customer_value_per_year": {"amount": self.value.per_year, "partial": self.value.partial,
                                        "not_computed": list(self.value.not_computed)},
            "red_flags": [f.as_dict() for f in self.flags], "findings": dict(self.flag_counts),
            "overdue_actions": [_action(i) for i in self.overdue], "overdue_actions_count": self.overdue_count,
            "since_last_review": {"available": self.changes.available, "reason": self.changes.reason,
                                  "since": self.changes.since, "since_date": self.changes.since_date,
                                  "changes": self.changes.count, "summary": list(self.changes.lines)},
        }


def _iso(d):
    return d.isoformat() if d else None


def _action(i) -> dict:
    a = i.action
    return {"do": a.do, "owner": a.owner, "due": _iso(a.due), "source": i.source, "path": i.loc.path, "line": i.loc.line}


def flag_rank(f) -> tuple:
    order = FLAG_ORDER.index(f.rule) if f.rule in FLAG_ORDER else len(FLAG_ORDER)
    return (f.severity != "error", order)


def change_lines(d: dict, fmt) -> list[str]:
    """The diff of :func:`saa.diff.compare` as short sentences; ``fmt`` formats money."""
    out = []
    if d.get("new_plan"):
        return ["the plan did not exist then: everything in it is new"]
    o = d["opportunities"]
    for x in o["added"]:
        out.append(f"+ {x['id']} added in {x['quadrant']} ({fmt(x['value'])})")
    for x in o["removed"]:
        out.append(f"- {x['id']} removed (was {x['quadrant']})")
    for x in o["moved"]:
        out.append(f"{x['id']} moved {x['from']} -> {x['to']} ({x['stage_from'] or '-'} -> {x['stage_to'] or '-'})")
    for x in o["revalued"]:
        out.append(f"{x['id']} re-valued {fmt(x['from'])} -> {fmt(x['to'])}")
    for x in o["reweighted"]:
        out.append(f"{x['id']} probability changed")
    for x in o["redated"]:
        out.append(f"{x['id']} decision {x['from'] or 'not set'} -> {x['to'] or 'not set'}")
    v = d["value_opportunities"]
    n = sum(len(x) for x in v.values())
    if n:
        out.append(f"{n} value opportunit{'ies' if n != 1 else 'y'} added, removed or re-quantified")
    ch = d["challenges"]
    if ch:
        up = sum(1 for x in ch if x["direction"] == "up")
        down = sum(1 for x in ch if x["direction"] == "down")
        new = sum(1 for x in ch if x["direction"] == "new")
        out.append(f"challenge scores: {up} up, {down} down, {new} new")
    c = d["completeness"]
    if c is not None:
        frm = "-" if c["from"] is None else f"{c['from']:.0f}%"
        out.append(f"completeness {frm} -> {c['to']:.0f}%")
    if d["overdue_actions"]:
        k = len(d["overdue_actions"])
        out.append(f"{k} action{'s' if k != 1 else ''} became overdue")
    return out


def changes_since_review(plan: Plan, today: _dt.date) -> Changes:
    from .diff import DiffError, since_review
    from .scalars import format_money

    if plan.review_last is None:
        return Changes(False, "never reviewed (no review.last): nothing to compare with")
    try:
        d = since_review(plan, today)
    except DiffError as e:
        return Changes(False, f"not from git: {e}")
    if d is None:
        return Changes(False, f"no commit at or before the last review ({plan.review_last.isoformat()}) "
                              "in the git history")
    lines = change_lines(d, format_money)
    return Changes(True, None, d["commit"][:10], None, d["changes"], lines, d)


def build(plan: Plan, today: _dt.date, changes: Changes | None = None) -> Brief:
    """The brief of ``plan`` as of ``today``; ``changes`` (from git) is computed unless given."""
    from .account import review_age, review_due, review_overdue
    from .actions import overdue
    from .check import CheckOptions, check_plan
    from .completeness import completeness
    from .matrix import build as matrix, totals
    from .review import deal_rows, rank_key
    from .value import totals as value_totals

    m = matrix(plan)
    rows = sorted(deal_rows(plan, today), key=rank_key)
    found = check_plan(plan, CheckOptions(today=today))
    flags = sorted((f for f in found if f.rule not in NOT_FLAGS), key=flag_rank)
    late = overdue(plan, today)
    al = plan.alignment.as_dict()
    return Brief(
        plan=plan, today=today, completeness=completeness(plan).percent,
        review_due=review_due(plan), review_overdue=review_overdue(plan, today), review_age=review_age(plan, today),
        alignment={k: al.get(k) for k in ALIGNMENT_NAMES},
        pipeline={q: totals(m.quadrants[q]) for q in QUADRANTS},
        deals=rows[:TOP_DEALS], open_deals=len(rows), value=value_totals(plan),
        flags=flags[:TOP_FLAGS],
        flag_counts={"errors": sum(1 for f in found if f.severity == "error"),
                     "warnings": sum(1 for f in found if f.severity == "warning"),
                     "red_flags": len(flags)},
        overdue=late[:TOP_ACTIONS], overdue_count=len(late),
        changes=changes if changes is not None else changes_since_review(plan, today),
    )
