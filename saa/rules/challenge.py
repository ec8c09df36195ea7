"""Step 10: challenge question scoring."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class AllGreenNoSpoiler(Rule):
    """Every team score of a challenge is green and there is no spoiler score.

    All green on the first pass usually means the team is fooling itself; the
    method asks an independent spoiler to score the same questions.

    Example: `10-challenge.yaml:3:5: warning: challenge of adsl-2: every team
    score is green and there is no spoiler; ... get an independent spoiler
    [all-green-no-spoiler]`. Add `spoiler:` scores to the questions.
    """

    ID = "all-green-no-spoiler"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..challenge import all_green_without_spoiler, score_plan

        for cs in score_plan(plan):
            if all_green_without_spoiler(cs, plan.rag):
                yield cls.finding(cs.challenge.loc,
                                  f"challenge of {cs.challenge.opportunity}: every team score is green and there is no "
                                  "spoiler; all green on the first pass usually means the team is fooling itself: "
                                  "get an independent spoiler")


RULES = (AllGreenNoSpoiler,)
