"""Step 3: needs of decision makers and influencers, and the KANO table.

KANO sorts what the customer cares about into three levels: must-have
(expected; its absence causes dissatisfaction), more-is-better (satisfaction
grows with it) and delight (unexpected; it sets us apart). Plain functions over
the typed plan; nothing here prints.
"""

from __future__ import annotations

from .records import dataclass

from .findings import Loc
from .plan import Contact, KanoRow, Need, Plan
from .vocab import NEEDS_ROLES, ROLES, STEP_FILES
from .scalars import Action

FILE = STEP_FILES[3]
LEVELS = ("must_have", "more_is_better", "delight")
LEVEL_NAMES = {"must_have": "Must-have", "more_is_better": "More-is-better", "delight": "Delight"}


@dataclass
class ContactNeeds:
    """The needs written for one contact, with the contact in 02-network.yaml when there is one."""

    contact: str
    who: Contact | None
    business_results: list[str]
    personal: list[str]
    actions: list[Action]
    messages: list[str]
    loc: Loc


def _texts(v: list[str]) -> list[str]:
    return [x for x in v if x.strip()]


def rows(plan: Plan) -> list[KanoRow]:
    """The KANO table, one row per area of care, as written."""
    return [KanoRow(r.care_about, _texts(r.must_have), _texts(r.more_is_better), _texts(r.delight), r.loc)
            for r in plan.kano if r.care_about]


def needs(plan: Plan) -> list[ContactNeeds]:
    """The needs written in step 3, decision makers first, then by role (ROLES order), then as written."""
    by_name: dict = {}
    for c in plan.contacts:
        by_name.setdefault(c.name, c)
    out = [ContactNeeds(n.contact, by_name.get(n.contact), _texts(n.business_results), _texts(n.personal),
                        n.actions, _texts(n.messages), n.loc)
           for n in plan.needs if n.contact]

    def key(item):
        role = item[1].who.role if item[1].who else None
        return (ROLES.index(role) if role in ROLES else len(ROLES), item[0])

    return [n for _, n in sorted(enumerate(out), key=key)]


def has_needs(need: Need) -> bool:
    """Does a needs entry write needs? It names a contact and says something for them (results, personal
    needs, actions or messages): an entry with only the name writes nothing yet."""
    return bool(need.contact) and bool(need.business_results or need.personal or need.actions or need.messages)


def missing_needs(plan: Plan) -> list[Contact]:
    """Decision makers and key influencers whose needs are not written (the step 3 checklist).

    The one answer: ``saa kano``, completeness and the report ask this.
    """
    have = {n.contact for n in plan.needs if has_needs(n)}
    return [c for c in plan.contacts if c.role in NEEDS_ROLES and c.name not in have]
