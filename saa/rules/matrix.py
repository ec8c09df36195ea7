"""Step 8: the Opportunity Prioritization Matrix."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class QuadrantMismatch(Rule):
    """A quadrant written on an opportunity that disagrees with its stage, or on a closed one.

    The quadrant follows from the stage (I deals in progress: qualified,
    proposal, negotiation; II early-stage: concept, assessment; III customer
    delay or cancelling; IV long-term potential); won and lost are off the
    matrix. A written quadrant overrides the stage, so a stale one misplaces the
    opportunity.

    Example: `08-opportunities.yaml:9:15: warning: quadrant II disagrees with
    stage proposal (quadrant I: deals in progress) [quadrant-mismatch]`. Remove
    `quadrant:` or update the stage.
    """

    ID = "quadrant-mismatch"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..matrix import is_open, stage_quadrant
        from ..vocab import QUADRANT_NAMES

        for opp in plan.opportunities:
            if not opp.quadrant:
                continue
            if not is_open(opp):
                yield cls.finding(opp.quadrant_loc,
                                  f"quadrant {opp.quadrant} is written but stage {opp.stage} is closed, off the matrix")
                continue
            by_stage = stage_quadrant(opp.stage)
            if by_stage and by_stage != opp.quadrant:
                yield cls.finding(opp.quadrant_loc,
                                  f"quadrant {opp.quadrant} disagrees with stage {opp.stage} "
                                  f"(quadrant {by_stage}: {QUADRANT_NAMES[by_stage].lower()})")


RULES = (QuadrantMismatch,)
