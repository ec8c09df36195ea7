"""The account header: the review kept current."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class ReviewOverdue(Rule):
    """The account review is overdue: review.next has passed, or review.last plus cadence_days has.

    A plan is only as good as its last review. The review is due at
    `review.next`, or `review.last` plus `review.cadence_days`, whichever comes
    first; from the day after, the plan is overdue for its review. The finding
    points at `review.next` when that is the date that passed, else at
    `review.last`. (`saa check --max-age DAYS` is the stricter gate: an error.)

    Example: `account.yaml:20:9: warning: the account review is overdue:
    review.last 2026-10-15 + 90 days = 2027-01-13 has passed (169 days ago); hold
    the review, then set review.last (and review.next) [review-overdue]`. Hold
    the review with the account team, then write its date as `review.last`.
    """

    ID = "review-overdue"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..account import review_due, review_overdue

        if not review_overdue(plan, ctx.today):
            return
        acc = plan.doc("account.yaml")
        due = review_due(plan)
        if due is None:
            return
        if plan.review_next is not None and plan.review_next == due:
            loc, why = acc.loc(("review", "next")), f"review.next {due.isoformat()}"
        else:
            loc = acc.loc(("review", "last"))
            why = f"review.last {plan.review_last} + {plan.review_cadence_days} days = {due.isoformat()}"
        yield cls.finding(loc, f"the account review is overdue: {why} has passed ({(ctx.today - due).days} days ago); "
                               "hold the review, then set review.last (and review.next)")


RULES = (ReviewOverdue,)
