"""Step 3: needs of decision makers and influencers, and the KANO table.

KANO sorts what the customer cares about into three levels: must-have
(expected; its absence causes dissatisfaction), more-is-better (satisfaction
grows with it) and delight (unexpected; it sets us apart). Plain functions over
the typed plan; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from .findings import Loc
from .vocab import NEEDS_ROLES, ROLES, STEP_FILES
from .plan import Contact, Plan
from .scalars import Action

FILE = STEP_FILES[3]
LEVELS = ("must_have", "more_is_better", "delight")
LEVEL_NAMES = {"must_have": "Must-have", "more_is_better": "More-is-better", "delight": "Delight"}


@dataclass
class KanoRow:
    care_about: str
    must_have: list
    more_is_better: list
    delight: list
    loc: Loc


@dataclass
class Need:
    contact: str
    who: Contact | None        # the contact in 02-network.yaml, when there is one
    business_results: list
    personal: list
    actions: list              # Action
    messages: list
    loc: Loc


def _texts(v) -> list:
    return [x for x in v or [] if isinstance(x, str) and x.strip()]


def rows(plan: Plan) -> list:
    """The KANO table, one row per area of care, as written."""
    doc = plan.doc(FILE)
    out = []
    for i, r in enumerate(plan.data(FILE).get("kano") or []):
        if r and isinstance(r.get("care_about"), str):
            out.append(KanoRow(r["care_about"], _texts(r.get("must_have")), _texts(r.get("more_is_better")),
                               _texts(r.get("delight")), doc.loc(("kano", i))))
    return out


def needs(plan: Plan) -> list:
    """The needs written in step 3, decision makers first, then by role (ROLES order), then as written."""
    doc = plan.doc(FILE)
    by_name: dict = {}
    for c in plan.contacts:
        by_name.setdefault(c.name, c)
    out = []
    for i, n in enumerate(plan.data(FILE).get("needs") or []):
        if not n or not isinstance(n.get("contact"), str):
            continue
        out.append(Need(n["contact"], by_name.get(n["contact"]), _texts(n.get("business_results")),
                        _texts(n.get("personal")), [a for a in n.get("actions") or [] if isinstance(a, Action)],
                        _texts(n.get("messages")), doc.loc(("needs", i))))

    def key(item):
        role = item[1].who.role if item[1].who else None
        return (ROLES.index(role) if role in ROLES else len(ROLES), item[0])

    return [n for _, n in sorted(enumerate(out), key=key)]


def missing_needs(plan: Plan) -> list:
    """Decision makers and key influencers whose needs are not written (the step 3 checklist)."""
    have = {n.contact for n in needs(plan)}
    return [c for c in plan.contacts if c.role in NEEDS_ROLES and c.name not in have]
