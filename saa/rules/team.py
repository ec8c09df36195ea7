"""Our side of the plan: the team roster in account.yaml."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Loc
from ..plan import Plan
from ..scalars import is_missing
from .base import Context, Names, Rule, hint


class UnknownMember(Rule):
    """The owner, a contact's our_link or an action's owner is not in the team of account.yaml.

    Global alignment starts with connecting everyone on our side who interacts
    with the customer: a person who holds a relationship or owns an action but
    is not on the roster is exactly the alignment gap the method looks for.
    Placeholders (TODO, ?) are missing values, not names.

    Example: `02-network.yaml:12:15: warning: our_link 'Ana' is not in the team
    in account.yaml; did you mean 'Ana P.'? add them to team in account.yaml
    [unknown-member]`. Add the person to `team:` or fix the name.
    """

    ID = "unknown-member"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        team = Names(plan.team_names)

        def warn(loc: Loc, role: str, name: str) -> Finding | None:
            if is_missing(name):
                return None
            return cls.finding(loc, f"{role} '{name}' is not in the team in account.yaml{hint(name, team)}; "
                                    "add them to team in account.yaml")

        found = []
        if plan.owner and plan.owner not in team and plan.owner_loc is not None:
            found.append(warn(plan.owner_loc, "owner", plan.owner))
        for c in plan.all_contacts:
            if c.our_link and c.our_link not in team and c.our_link_loc is not None:
                found.append(warn(c.our_link_loc, "our_link", c.our_link))
        for item in plan.actions:
            owner = item.action.owner
            if owner and owner not in team:
                found.append(warn(item.owner_loc or item.loc, "action owner", owner))
        if "account.yaml" in plan.unreadable:
            return  # no roster to compare with
        yield from (f for f in found if f is not None)


RULES = (UnknownMember,)
