"""Step 5: competition."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class UnlistedCompetitor(Rule):
    """A competitor scored in the differentiation table but not listed in competitors.

    Every competitor we rate ourselves against needs its position, strengths
    and weaknesses written down, and a name that differs by a letter is a
    different competitor to saa. The finding points at the name in the
    `differentiation` row, with a "did you mean" when a listed name is close.

    Example: `05-competition.yaml:7:20: warning: competitor 'Acme Corp.' is scored
    for Yield but is not listed in competitors (did you mean 'Acme Corp'?): add them
    (position, strengths, weaknesses) or fix the name [unlisted-competitor]`.
    """

    ID = "unlisted-competitor"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..competition import FILE, listed, scored_not_listed
        from .base import hint

        if FILE in plan.unreadable:
            return
        doc = plan.doc(FILE)
        names = listed(plan)
        rows = plan.differentiation
        for i, name in scored_not_listed(plan):
            yield cls.finding(doc.loc(("differentiation", i, "competitors", name), key=True),
                              f"competitor '{name}' is scored for {rows[i].driver} but is not listed in "
                              f"competitors{hint(name, names)}: add them (position, strengths, weaknesses) or fix the name")


RULES = (UnlistedCompetitor,)
