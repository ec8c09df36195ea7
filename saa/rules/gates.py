"""Gates of `saa check`: they run only when their option is given."""

from __future__ import annotations

from collections.abc import Iterator

from ..account import review_age
from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class Stale(Rule):
    """With `--max-age DAYS`: the plan was not reviewed within DAYS days (or has no review.last).

    A plan is a living document; one nobody reviewed for months no longer
    describes the account. CI can enforce a review cadence with this gate.

    Example: `account.yaml:10:11: error: last reviewed 143 days ago, more than
    the 120 allowed (--max-age) [stale]`. Review the plan with the team and set
    `review.last` to the date of the review.
    """

    ID = "stale"
    KIND = "gate"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        if ctx.max_age is None:
            return
        acc = plan.doc("account.yaml")
        age = review_age(plan, ctx.today)
        if age is None:
            yield cls.finding(acc.loc(("review",), key=True),
                              f"no review.last date; plans must be reviewed within {ctx.max_age} days")
        elif age > ctx.max_age:
            yield cls.finding(acc.loc(("review", "last")),
                              f"last reviewed {age} days ago, more than the {ctx.max_age} allowed (--max-age)")


class CompletenessGate(Rule):
    """With `--min-completeness PCT`: the plan is less than PCT percent complete.

    Completeness is the mean over the ten steps of each step's checked items
    (`saa status` lists what is missing). CI can hold plans to a minimum.

    Example: `account.yaml:1:1: error: plan telecom is 63% complete, below the
    minimum 80% (see `saa status plans/telecom`) [completeness]`. Work through
    the missing items `saa status` lists.
    """

    ID = "completeness"
    KIND = "gate"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        if ctx.min_completeness is None:
            return
        from ..completeness import completeness

        pct = completeness(plan).percent
        if pct + 1e-9 < ctx.min_completeness:
            yield cls.finding(plan.doc("account.yaml").loc(()),
                              f"plan {plan.id} is {pct:.0f}% complete, below the minimum "
                              f"{ctx.min_completeness:g}% (see `saa status {plan.display}`)")


RULES = (Stale, CompletenessGate)
