"""Step 2: the customer network."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class UnreachedDecisionMaker(Rule):
    """A decision maker with no path from our team: no first-level our_link of ours, no ally we reach for them.

    The network assessment exists to find the people who decide and a way to
    them. A decision maker is reached when one of our team is their `our_link`
    at the first level (`link_level: 1`, or none written), or when an ally we
    reach is named for them (`allies: - ally: X, target: them`). A second-level
    link ("through someone") or a good relation score alone is no path: nobody
    could say whom to call. `saa network` shows the routes.

    Example: `02-network.yaml:20:5: warning: decision maker 'Omar K.' has no path
    from our team: nobody of ours is their first-level our_link and no ally we
    reach is named for them (allies: ally, target) [unreached-decision-maker]`.
    Name a team member as their `our_link` at level 1, or add an ally we reach
    with `target: Omar K.`.
    """

    ID = "unreached-decision-maker"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..network import unreached_decision_makers

        for c in unreached_decision_makers(plan):
            yield cls.finding(c.loc, f"decision maker '{c.name}' has no path from our team: nobody of ours is their "
                                     "first-level our_link and no ally we reach is named for them (allies: ally, target)")


RULES = (UnreachedDecisionMaker,)
