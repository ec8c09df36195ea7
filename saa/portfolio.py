"""``saa portfolio PATH``: one row per plan, for the people who look after many accounts.

Each row: account, owner, completeness, review age, pipeline by quadrant (the
sum of the *known* opportunity values in each quadrant, closed deals left out;
unknown values are counted separately, never as 0), quantified value per year
(step 4), the worst challenge colour over every category score, and the number
of overdue actions. Totals add up the plans that share a currency (one totals
row per currency: amounts in different currencies are never added).

Sorting (``--sort``) puts what needs attention first: least complete, oldest
review, biggest pipeline or value, worst colour, most overdue actions; names
sort alphabetically. ``--reverse`` turns it around. Missing values sort last.
"""

from __future__ import annotations

from dataclasses import field
from .records import dataclass
from typing import Callable

from .currency import ReportingTotal
from .vocab import COLOUR_RANK, QUADRANTS as QUADS, UNCHALLENGED

# red first, then unchallenged (no spoiler scored: nobody knows), then yellow and green
COLOUR_SORT = {"red": 0, UNCHALLENGED: 0.5, "yellow": COLOUR_RANK["yellow"], "green": COLOUR_RANK["green"]}

# column -> (how to read it from a row, descending?)
SORTS = {
    "account": (lambda r: r.account.lower(), False),
    "id": (lambda r: r.id.lower(), False),
    "owner": (lambda r: (r.owner or "").lower() or None, False),
    "completeness": (lambda r: r.completeness, False),
    "review-age": (lambda r: r.review_age_days, True),
    "pipeline": (lambda r: r.pipeline_total, True),
    "I": (lambda r: r.pipeline["I"], True),
    "II": (lambda r: r.pipeline["II"], True),
    "III": (lambda r: r.pipeline["III"], True),
    "IV": (lambda r: r.pipeline["IV"], True),
    "value": (lambda r: r.value_per_year, True),
    "expected": (lambda r: r.expected_value, True),
    "colour": (lambda r: COLOUR_SORT.get(r.challenge_colour) if r.challenge_colour else None, False),
    "overdue": (lambda r: r.overdue_actions, True),
}
ALIASES = {"review": "review-age", "review_age": "review-age", "review_age_days": "review-age",
           "value_per_year": "value", "challenge": "colour", "color": "colour", "challenge_colour": "colour",
           "overdue_actions": "overdue", "ev": "expected", "expected_value": "expected", "q1": "I", "q2": "II", "q3": "III", "q4": "IV"}


@dataclass(slots=True)   # no __dict__ each: a portfolio's rows are all kept (totals, sorting)
class PortfolioRow:
    id: str
    account: str
    owner: str | None
    path: str
    currency: str
    completeness: float
    review_age_days: int | None
    pipeline: dict
    unknown_values: dict            # quadrant -> number of opportunities of unknown value
    value_per_year: float | None     # None: unknown (no value opportunity could be computed), never 0
    challenge_colour: str | None
    overdue_actions: int
    errors: int = 0
    value_not_computed: int = 0      # value opportunities left out of value_per_year
    expected_value: float | None = None   # sum of the known expected values of the open deals (None: none known)
    expected_unknown: int = 0        # open deals whose expected value is unknown (no value or no probability)
    unchallenged: list = field(default_factory=list)   # deals whose challenge no spoiler scored
    review_overdue: bool = False     # the review-overdue warning
    decisions_passed: int = 0        # open deals whose decision date has passed (decision-date-passed)
    warnings: int = 0                # every warning of saa check
    fx: dict = field(default_factory=dict)   # the plan's settings.fx, for totals in a reporting currency
    report_in: str | None = None     # saa.yaml's currency.report_in, when one is set and a rate reaches it
    to_report: float | None = None   # 1 unit of ``currency`` in ``report_in``

    @property
    def pipeline_total(self) -> float:
        return sum(self.pipeline.values())

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "account": self.account,
            "completeness": self.completeness,
            "review_age_days": self.review_age_days,
            # a quadrant holding only opportunities of unknown value is unknown (null), never 0
            "pipeline": {q: (None if self.unknown_values[q] and not v else v) for q, v in self.pipeline.items()},
            "value_per_year": self.value_per_year,
            "challenge_colour": self.challenge_colour,
            "owner": self.owner,
            "overdue_actions": self.overdue_actions,
            "currency": self.currency,
            "path": self.path,
            "pipeline_unknown": dict(self.unknown_values),
            "value_not_computed": self.value_not_computed,
            "expected_value": self.expected_value,
            "expected_unknown": self.expected_unknown,
            "unchallenged": list(self.unchallenged),
            "review_overdue": self.review_overdue,
            "decisions_passed": self.decisions_passed,
            "warnings": self.warnings,
            "errors": self.errors,   # the errors `saa check` reports for the plan
        }


@dataclass
class Totals:
    currency: str
    plans: int
    pipeline: dict = field(default_factory=dict)
    value_per_year: float = 0.0
    overdue_actions: int = 0
    expected_value: float = 0.0


def row_of(plan, today) -> PortfolioRow:
    from .account import review_overdue
    from .challenge import plan_challenge_colour
    from .check import CheckOptions, check_plan
    from .matrix import decision_passed, expected_value
    from .completeness import completeness
    from .matrix import quadrant
    from .account import review_age
    from .actions import overdue as overdue_actions
    from .value import totals as value_totals

    pipeline = {q: 0.0 for q in QUADS}
    unknown = {q: 0 for q in QUADS}
    for o in plan.opportunities:
        q = quadrant(o)
        if q is None:
            continue
        if o.value is None:
            unknown[q] += 1
        else:
            pipeline[q] += o.value
    value = value_totals(plan)
    colour, unchallenged = plan_challenge_colour(plan)
    open_deals = [o for o in plan.opportunities if quadrant(o) is not None]
    evs = [expected_value(o) for o in open_deals]
    known = [e for e in evs if e is not None]
    found = check_plan(plan, CheckOptions(today=today))
    from .config import plan_rates

    report_in = getattr(plan.config, "report_in", None)
    to_report = plan_rates(plan).get(plan.currency) if report_in else None
    return PortfolioRow(
        id=plan.id, account=plan.account, owner=plan.owner, path=plan.display, currency=plan.currency,
        completeness=completeness(plan).percent, review_age_days=review_age(plan, today),
        pipeline=pipeline, unknown_values=unknown, value_per_year=value.per_year,
        value_not_computed=len(value.not_computed),
        challenge_colour=colour, overdue_actions=len(overdue_actions(plan, today)),
        errors=sum(1 for f in found if f.severity == "error"),
        expected_value=sum(known) if known else None, expected_unknown=len(evs) - len(known),
        unchallenged=unchallenged, review_overdue=review_overdue(plan, today),
        decisions_passed=sum(1 for o in open_deals if decision_passed(o, today)),
        warnings=sum(1 for f in found if f.severity == "warning"), fx=dict(plan.fx or {}),
        report_in=report_in if to_report else None, to_report=to_report,
    )


def sort_rows(rows: list, column: str | None, reverse: bool = False) -> list:
    """Rows in the order asked (ties by account name); missing values last whatever the direction."""
    if not column:
        return list(reversed(rows)) if reverse else list(rows)
    get, desc = SORTS[column]
    if reverse:
        desc = not desc
    have = [r for r in rows if get(r) is not None]
    missing = [r for r in rows if get(r) is None]
    have.sort(key=lambda r: r.account.lower())
    have.sort(key=get, reverse=desc)     # stable, also in reverse: ties stay A to Z
    return have + missing


def sort_key_name(column: str) -> str | None:
    """The column name ``--sort`` understands, or None."""
    if column in SORTS:
        return column
    low = column.lower()
    for k in SORTS:
        if k.lower() == low:
            return k
    return ALIASES.get(low)


def totals(rows: list) -> list:
    """One total per currency: saa.yaml's report_in for the plans a rate converts, else the plan's own."""
    by: dict = {}
    for r in rows:
        cur, k = (r.report_in, r.to_report) if r.report_in and r.to_report else (r.currency, 1.0)
        t = by.setdefault(cur, Totals(cur, 0, {q: 0.0 for q in QUADS}))
        t.plans += 1
        for q in QUADS:
            t.pipeline[q] += r.pipeline[q] * k
        t.value_per_year += (r.value_per_year or 0.0) * k
        t.overdue_actions += r.overdue_actions
        t.expected_value += (r.expected_value or 0.0) * k
    return list(by.values())


@dataclass
class ReportingTotals:
    """The portfolio in one reporting currency: our pipeline, its expected value, the customers' value per year."""

    currency: str
    pipeline: ReportingTotal
    expected_value: ReportingTotal
    value_per_year: ReportingTotal
    conflicting: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"currency": self.currency, "pipeline": self.pipeline.as_dict(),
                "expected_value": self.expected_value.as_dict(), "value_per_year": self.value_per_year.as_dict(),
                "conflicting_rates": [list(p) for p in self.conflicting]}


def reporting_totals(rows: list, currency: str, rates: dict | None = None) -> ReportingTotals:
    """Totals of ``rows`` in ``currency`` at the rates of the plans' ``settings.fx`` (plus ``rates``)."""
    from .currency import rates_of, total_in

    known, conflicting = rates_of(rows, rates)
    return ReportingTotals(
        currency.upper(),
        total_in(((r.pipeline_total, r.currency) for r in rows), currency, known),
        total_in(((r.expected_value, r.currency) for r in rows), currency, known),
        total_in(((r.value_per_year, r.currency) for r in rows), currency, known),
        sorted(conflicting))


def load_rows(folders: list, today, advance: Callable[[], None] | None = None, progress=None,
              jobs: int | None = None) -> list[PortfolioRow]:
    """One row per plan folder, in folder order; the plans are loaded and their rows made in worker
    processes for large portfolios (:mod:`saa.parallel`). ``advance()`` is called once per row and
    ``progress(done, total)`` as rows come in (a progress bar or count)."""
    from .parallel import map_plans

    seen = [0]

    def tell(done: int, total: int) -> None:
        if advance is not None:
            for _ in range(done - seen[0]):
                advance()
            seen[0] = done
        if progress is not None:
            progress(done, total)

    rows = [r.value for r in map_plans(folders, _RowTask(today), jobs=jobs, progress=tell)]
    _share_equal_values(rows)
    return rows


def _share_equal_values(rows: list) -> None:
    """One copy of the values that many rows hold equal (a plan's ``settings.fx``, its currency code) where
    each row from a worker process brought its own: every row of a portfolio is kept (sorting, totals), so
    rows are kept small. Nothing changes such a value after it is made."""
    seen: dict = {}
    for r in rows:
        r.currency = seen.setdefault(r.currency, r.currency)
        try:
            key = tuple((k, type(k), v, type(v)) for k, v in r.fx.items())   # True is not shared as 1
            r.fx = seen.setdefault(key, r.fx)
        except TypeError:   # a rate that does not hash (settings.fx holds what the plan wrote)
            pass


class _RowTask:
    def __init__(self, today):
        self.today = today

    def __call__(self, plan) -> PortfolioRow:
        return row_of(plan, self.today)
