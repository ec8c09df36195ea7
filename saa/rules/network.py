"""Step 2: the customer network."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from ..scalars import relation_symbol
from .base import Context, Rule


class UnreachedDecisionMaker(Rule):
    """A decision maker nobody gets us to: relation below + and no ally whose target they are.

    The network assessment exists to find the people who decide and a way to
    them. A decision maker with a neutral or poor relation and no ally is the
    gap a capture plan fails on.

    Example: `02-network.yaml:20:5: warning: decision maker 'Omar K.' has
    relation "0" and no ally whose target they are: nobody gets us to them
    [unreached-decision-maker]`. Improve the relation (a strategy for the
    contact), or add an ally in `allies:` with `target: Omar K.`.
    """

    ID = "unreached-decision-maker"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        targets = {a.target for a in plan.allies}
        for c in plan.contacts:
            if c.role == "decision-maker" and (c.relation is None or c.relation < 1) and c.name not in targets:
                rel = "no relation score" if c.relation is None else f'relation "{relation_symbol(c.relation)}"'
                yield cls.finding(c.loc, f"decision maker '{c.name}' has {rel} and no ally whose target they are: "
                                         "nobody gets us to them")


RULES = (UnreachedDecisionMaker,)
