"""Step 4: quantified value."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


def _results(plan: Plan, ctx: Context) -> list:
    from ..value import evaluate_plan

    return ctx.memo(plan, "value", lambda: evaluate_plan(plan))


class Formula(Rule):
    """A value formula that cannot be evaluated: a syntax slip, an unknown input name, a division by zero.

    The value for the customer is the heart of step 4; a formula that does not
    evaluate quantifies nothing. Formulas are arithmetic only (numbers, input
    names, + - * /, parentheses) and are never run as code. When an input the
    formula uses has its own error, only that error is reported.

    Example: `04-value-opportunities.yaml:9:16: error: formula of slurry-yield:
    unknown name 'tonnes' (inputs are: tons, price) [formula]`. Fix the formula
    or add the input under `inputs:`.
    """

    ID = "formula"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        for r in _results(plan, ctx):
            if r.error:
                yield cls.finding(r.vo.formula_loc, f"formula of {r.vo.id}: {r.error}")


class ClaimMismatch(Rule):
    """The claimed value differs from what the formula gives by more than 0.5%.

    The claim is what we tell the customer; the formula is how we prove it. When
    they disagree one of them is stale. `claimed` is per period, like the
    formula (`per: month` means both are monthly).

    Example: `04-value-opportunities.yaml:14:16: warning: claimed 250,000 per
    month but the formula gives 240,000 (more than 0.5% apart; claimed is per
    period, like the formula) [claim-mismatch]`. Update the claim or the inputs.
    """

    ID = "claim-mismatch"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..scalars import format_money
        from ..value import CLAIM_TOLERANCE

        for r in _results(plan, ctx):
            vo = r.vo
            if not r.error and r.claim_mismatch:
                yield cls.finding(vo.claimed_loc,
                                  f"claimed {format_money(vo.claimed)} per {vo.per} but the formula gives "
                                  f"{format_money(r.per_period)} (more than {CLAIM_TOLERANCE:.1%} apart; "
                                  "claimed is per period, like the formula)")


RULES = (Formula, ClaimMismatch)
