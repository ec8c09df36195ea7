"""References between the files of a plan."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Loc
from ..plan import Plan
from ..scalars import is_missing
from .base import Context, Names, Rule, hint

NETWORK = "02-network.yaml"
OPPORTUNITIES = "08-opportunities.yaml"


class DanglingReference(Rule):
    """A name or id that refers to nothing: a contact not in 02-network.yaml, an opportunity not in 08-opportunities.yaml.

    Checked: reports_to, allies (ally and target), needs (contact) and buying
    influences name contacts; capture plans and challenges name opportunity ids.
    A reference that points nowhere is usually a typo, and the step it belongs to
    silently loses what it says (an ally who gets us to nobody, a challenge of
    no opportunity). Placeholders (TODO, ?) are missing values, not references.

    Example: `02-network.yaml:41:13: error: 'Jiang Li' is not a contact in
    02-network.yaml; did you mean 'Jiang L.'? [dangling-reference]`. Write the
    name exactly as in the file it refers to, or add the missing entry there.
    """

    ID = "dangling-reference"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        contacts = Names(plan.contact_names)

        def ref(loc: Loc | None, name: str | None, known: set, what: str, where: str) -> Finding | None:
            if not isinstance(name, str) or is_missing(name) or name in known or loc is None:
                return None
            if where in plan.unreadable:
                return None  # the file it refers to has its own finding; no cascade of follow-on errors
            return cls.finding(loc, f"'{name}' is not {what} in {where}{hint(name, known)}")

        found: list[Finding | None] = []
        for c in plan.all_contacts:
            if c.reports_to:
                found.append(ref(c.reports_to_loc, c.reports_to, contacts, "a contact", NETWORK))
        for a in plan.all_allies:
            if a.ally:
                found.append(ref(a.ally_loc, a.ally, contacts, "a contact", NETWORK))
            if a.target:
                found.append(ref(a.target_loc, a.target, contacts, "a contact", NETWORK))
        for n in plan.needs:
            if n.contact:
                found.append(ref(n.contact_loc, n.contact, contacts, "a contact", NETWORK))
        for cp in plan.all_capture_plans:
            for b, loc in zip(cp.buying_influences, cp.buying_influence_locs):
                found.append(ref(loc, b, contacts, "a contact", NETWORK))
        ids = Names(o.id for o in plan.opportunities)
        for cp in plan.all_capture_plans:
            if cp.opportunity:
                found.append(ref(cp.opportunity_loc, cp.opportunity, ids, "an opportunity id", OPPORTUNITIES))
        for ch in plan.all_challenges:
            if ch.opportunity:
                found.append(ref(ch.opportunity_loc, ch.opportunity, ids, "an opportunity id", OPPORTUNITIES))
        yield from (f for f in found if f is not None)


RULES = (DanglingReference,)
