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


class NoCoach(Rule):
    """Deals are in progress and no contact is a coach.

    A coach is someone inside the account who guides us through how the
    customer really decides. Without one, a team pursuing deals in progress
    (quadrant I) works from guesses about the buying process. The finding points
    at `contacts` in `02-network.yaml`.

    Example: `02-network.yaml:1:1: warning: 2 deals are in progress
    (asic-port-driver, adsl2) and no contact has role coach: find someone inside
    the account who guides us through how they really decide [no-coach]`. Find
    such a person and write them with `role: coach`.
    """

    ID = "no-coach"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..matrix import quadrant
        from ..network import has_coach
        from ..vocab import IN_PROGRESS

        if "02-network.yaml" in plan.unreadable or has_coach(plan):
            return
        in_progress = [o.id for o in plan.opportunities if quadrant(o) == IN_PROGRESS]
        if not in_progress:
            return
        n = len(in_progress)
        yield cls.finding(plan.doc("02-network.yaml").loc(("contacts",), key=True),
                          f"{n} deal{'s are' if n != 1 else ' is'} in progress ({', '.join(in_progress)}) and no "
                          "contact has role coach: find someone inside the account who guides us through how they "
                          "really decide")


class HostileDecisionMaker(Rule):
    """A decision maker whose relation with us is - or -- and who has no relationship strategy.

    A decision maker against us decides against us unless we act: the plan
    needs a strategy to turn them round, or to win them over through allies
    and peers. The finding points at the contact.

    Example: `02-network.yaml:12:5: warning: decision maker 'Dora' has relation --
    with us and no strategy: write how we turn them round (strategies) or who
    neutralises them [hostile-decision-maker]`. Write `strategies` for them.
    """

    ID = "hostile-decision-maker"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..network import hostile_without_strategy

        for c in hostile_without_strategy(plan):
            yield cls.finding(c.loc, f"decision maker '{c.name}' has relation {'-' * -(c.relation or 0)} with us and no "
                                     "strategy: write how we turn them round (strategies) or who neutralises them")


RULES = (UnreachedDecisionMaker, NoCoach, HostileDecisionMaker)
