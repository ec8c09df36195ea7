"""``saa review PATH``: every open deal of every plan, ranked by expected value, for a pipeline review.

One row per open deal (won and lost are off the matrix): account, deal,
quadrant, stage, decision date, value, probability, expected value, how the
deal stands after challenge scoring (a deal no spoiler scored is
``unchallenged``, never a colour) and its overdue actions. Every answer comes
from the concept's own module (matrix, challenge, actions, currency); this
module only gathers, filters, ranks and adds up. Nothing here prints.

Ranking: expected value high to low (in the reporting currency when one is
given and the rate is known), deals of unknown expected value after, then the
earlier decision first. Totals add up deals per currency, and in the
reporting currency only where a rate is given (missing rates are named).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import field
from .records import dataclass

from .actions import is_overdue, of_deal, same_person
from .challenge import DealChallenge, deal_challenge, score_plan
from .currency import Rates, ReportingTotal, convert, total_in
from .matrix import decision_passed, decision_within, expected_value, quadrant
from .parallel import PlanRef
from .plan import ActionItem, Opportunity, Plan
from .vocab import QUADRANTS


@dataclass
class Filters:
    owner: str | None = None            # the account owner (case and spacing ignored)
    quadrants: tuple = ()               # keep deals in these quadrants
    decision_within: int | None = None  # keep deals decided within this many days (a passed date included)

    def as_dict(self) -> dict:
        return {"owner": self.owner, "quadrants": list(self.quadrants), "decision_within_days": self.decision_within}


@dataclass
class DealRow:
    plan: Plan | PlanRef                # a PlanRef when made in a worker process
    opp: Opportunity
    quadrant: str
    expected_value: float | None
    challenge: DealChallenge
    overdue: list                       # ActionItem, oldest first
    decision_passed: bool
    reporting_ev: float | None = None   # the expected value in the reporting currency, when converted

    def as_dict(self) -> dict:
        o = self.opp
        return {
            "account": self.plan.account, "plan": self.plan.id, "owner": self.plan.owner, "path": self.plan.display,
            "deal": o.id, "name": o.name, "quadrant": self.quadrant, "stage": o.stage,
            "decision": o.decision.isoformat() if o.decision else None, "decision_passed": self.decision_passed,
            "currency": self.plan.currency, "value": o.value, "probability": o.probability,
            "expected_value": self.expected_value, "challenge": self.challenge.as_dict(),
            "overdue_actions": [_action(i) for i in self.overdue],
        }


def _action(i: ActionItem) -> dict:
    a = i.action
    return {"do": a.do, "owner": a.owner, "due": a.due.isoformat() if a.due else None,
            "path": i.loc.path, "line": i.loc.line}


@dataclass
class CurrencyTotal:
    currency: str
    deals: int = 0
    value: float = 0.0
    expected_value: float = 0.0
    unknown_value: int = 0              # deals whose value is unknown (not counted as 0)
    unknown_expected_value: int = 0     # deals with no value or no probability

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Review:
    today: _dt.date
    filters: Filters
    rows: list = field(default_factory=list)                # DealRow, ranked
    by_currency: list = field(default_factory=list)         # CurrencyTotal
    currency: str | None = None                             # the reporting currency asked for
    value: ReportingTotal | None = None                     # total value in the reporting currency
    expected: ReportingTotal | None = None                  # total expected value in the reporting currency
    plans: int = 0
    conflicting: list = field(default_factory=list)          # (from, to) pairs written with different rates

    @property
    def mixed_currencies(self) -> bool:
        return len(self.by_currency) > 1

    def as_dict(self) -> dict:
        return {
            "as_of": self.today.isoformat(), "plans": self.plans, "filters": self.filters.as_dict(),
            "deals": [r.as_dict() for r in self.rows],
            "totals": {"by_currency": [t.as_dict() for t in self.by_currency],
                       "reporting": None if self.currency is None or self.value is None or self.expected is None else {
                           "currency": self.currency, "value": self.value.as_dict(),
                           "expected_value": self.expected.as_dict(),
                           "conflicting_rates": [list(p) for p in self.conflicting]}},
        }


def deal_rows(plan: Plan, today: _dt.date) -> list[DealRow]:
    """One row per open deal of ``plan``, in the order written."""
    scores = score_plan(plan)
    rows = []
    for o in plan.opportunities:
        q = quadrant(o)
        if q is None:
            continue
        late = sorted((i for i in of_deal(plan, o.id) if is_overdue(i.action, today)),
                      key=lambda i: (i.action.due, i.loc.path, i.loc.line))
        rows.append(DealRow(plan, o, q, expected_value(o), deal_challenge(plan, o.id, scores), late,
                            decision_passed(o, today)))
    return rows


def keep(row: DealRow, f: Filters, today: _dt.date) -> bool:
    if f.owner is not None and not same_person(row.plan.owner, f.owner):
        return False
    if f.quadrants and row.quadrant not in f.quadrants:
        return False
    if f.decision_within is not None and not decision_within(row.opp, today, f.decision_within):
        return False
    return True


def rank_key(row: DealRow):
    ev = row.reporting_ev if row.reporting_ev is not None else row.expected_value
    return (ev is None, -(ev or 0.0), row.opp.decision or _dt.date.max, row.plan.account.lower(), row.opp.id)


def review(plans: list[Plan], today: _dt.date, filters: Filters | None = None,
           currency: str | None = None, rates: Rates | None = None, conflicting=()) -> Review:
    """The open deals of ``plans`` that pass ``filters``, ranked, with totals (in ``currency`` at ``rates``)."""
    filters = filters or Filters()
    return rank([r for p in plans for r in deal_rows(p, today) if keep(r, filters, today)], len(plans), today,
                filters, currency, rates, conflicting)


def rank(rows: list, plans: int, today: _dt.date, filters: Filters | None = None, currency: str | None = None,
         rates: Rates | None = None, conflicting=()) -> Review:
    """The :class:`Review` of the kept deal rows of ``plans`` plans, plan by plan (their ``plan`` may be a
    :class:`saa.parallel.PlanRef`: rows made in a worker process name their plan, never carry it)."""
    filters = filters or Filters()
    rates = rates or {}
    if currency:
        for r in rows:
            r.reporting_ev = convert(r.expected_value, r.plan.currency, currency, rates)
    rows.sort(key=rank_key)
    by: dict = {}
    for r in rows:
        t = by.setdefault(r.plan.currency, CurrencyTotal(r.plan.currency))
        t.deals += 1
        if r.opp.value is None:
            t.unknown_value += 1
        else:
            t.value += r.opp.value
        if r.expected_value is None:
            t.unknown_expected_value += 1
        else:
            t.expected_value += r.expected_value
    result = Review(today, filters, rows, sorted(by.values(), key=lambda t: t.currency), plans=plans,
                    conflicting=sorted(conflicting))
    if currency:
        result.currency = currency.upper()
        result.value = total_in(((r.opp.value, r.plan.currency) for r in rows), currency, rates)
        result.expected = total_in(((r.expected_value, r.plan.currency) for r in rows), currency, rates)
    return result


def parse_quadrants(values) -> tuple | None:
    """``["i", "II,iv"]`` -> ``("I", "II", "IV")``; None when one is not a quadrant."""
    out = []
    for v in values or ():
        for part in str(v).split(","):
            q = part.strip().upper()
            if not q:
                continue
            if q not in QUADRANTS:
                return None
            if q not in out:
                out.append(q)
    return tuple(out)
