"""Step 2: the customer network: who decides, how well we know them, who gets us to them.

Plain functions over the typed plan; nothing here prints.

- :func:`by_role` groups contacts by their role in the decision, in the order of
  :data:`saa.fileformat.ROLES` (contacts without a role come last, as ``None``).
- :func:`paths` gives, for each decision maker, the ways from our team to them:
  our own link (direct at ``link_level`` 1, through someone at 2), the allies
  whose target they are (with the ally's own link to us), the contacts who
  report to them (and our link to those), and the chain they report up to.
- :func:`gaps` lists decision makers nobody reaches and contacts without an
  ``our_link``. "Reached" follows docs/rules.md: relation ``+`` or better, or
  an ally whose target they are; the same test as ``saa check``'s
  ``unreached-decision-maker`` rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .fileformat import ROLES
from .plan import Ally, Contact, Plan

DECISION_MAKER = "decision-maker"


@dataclass
class AllyRoute:
    """An ally who can get us to a decision maker, and how we reach the ally."""

    ally: str
    our_link: str | None        # our team member who holds the relationship with the ally
    link_level: int | None
    relation: int | None        # our relation with the ally
    leverage: str | None
    influence_and_reward: str | None
    meeting_frequency: float | None   # how often we meet the ally, per year


@dataclass
class ReportRoute:
    """A contact who reports to the decision maker."""

    name: str
    our_link: str | None
    link_level: int | None
    relation: int | None


@dataclass
class DecisionPath:
    contact: Contact
    our_link: str | None
    link_level: int | None
    direct: bool                # our_link with link_level 1 (or no level written)
    allies: list = field(default_factory=list)          # AllyRoute
    direct_reports: list = field(default_factory=list)  # ReportRoute
    reports_to: list = field(default_factory=list)      # names up the chain, nearest first
    reached: bool = False


@dataclass
class Gaps:
    unreached_decision_makers: list   # Contact
    without_our_link: list            # Contact


def _key(contact: Contact) -> int:
    return ROLES.index(contact.role) if contact.role in ROLES else len(ROLES)


def by_role(plan: Plan) -> list:
    """``[(role or None, [Contact, ...]), ...]`` in the order of ROLES; empty roles left out."""
    groups: dict = {}
    for c in plan.contacts:
        groups.setdefault(c.role if c.role in ROLES else None, []).append(c)
    order = [r for r in ROLES if r in groups]
    if None in groups:
        order.append(None)
    return [(r, groups[r]) for r in order]


def reports_to_chain(plan: Plan, contact: Contact) -> list:
    """The names ``contact`` reports up to, nearest first; stops at a cycle or an unknown name."""
    by_name = {c.name: c for c in plan.contacts}
    chain: list = []
    seen = {contact.name}
    cur = contact
    # at most 50 levels: no org chart is deeper, and every decision maker's chain is printed (a plan
    # with thousands of decision makers in one long chain made `saa network --json` print gigabytes)
    while cur is not None and cur.reports_to and cur.reports_to not in seen and len(chain) < 50:
        chain.append(cur.reports_to)
        seen.add(cur.reports_to)
        cur = by_name.get(cur.reports_to)
    return chain


def is_reached(contact: Contact, allies: list) -> bool:
    """Relation ``+`` or better, or an ally whose target they are (docs/rules.md)."""
    if contact.relation is not None and contact.relation >= 1:
        return True
    return any(a.target == contact.name for a in allies)


def _ally_route(a: Ally, by_name: dict) -> AllyRoute:
    c = by_name.get(a.ally)
    return AllyRoute(a.ally, c.our_link if c else None, c.link_level if c else None, c.relation if c else None,
                     a.leverage, a.influence_and_reward, a.meeting_frequency)


def path_to(plan: Plan, contact: Contact) -> DecisionPath:
    by_name: dict = {}
    for c in plan.contacts:
        by_name.setdefault(c.name, c)
    allies = [_ally_route(a, by_name) for a in plan.allies if a.target == contact.name]
    reports = [ReportRoute(c.name, c.our_link, c.link_level, c.relation)
               for c in plan.contacts if c.reports_to == contact.name and c is not contact]
    direct = bool(contact.our_link) and contact.link_level in (None, 1)
    return DecisionPath(contact, contact.our_link, contact.link_level, direct, allies, reports,
                        reports_to_chain(plan, contact), is_reached(contact, plan.allies))


def paths(plan: Plan) -> list:
    """The path from our team to every decision maker, in the order they are written."""
    return [path_to(plan, c) for c in plan.contacts if c.role == DECISION_MAKER]


def gaps(plan: Plan) -> Gaps:
    unreached = [c for c in plan.contacts if c.role == DECISION_MAKER and not is_reached(c, plan.allies)]
    unlinked = [c for c in plan.contacts if not c.our_link]
    return Gaps(unreached, unlinked)
