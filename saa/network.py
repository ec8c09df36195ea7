"""Step 2: the customer network: who decides, how well we know them, who gets us to them.

Plain functions over the typed plan; nothing here prints.

- :func:`by_role` groups contacts by their role in the decision, in the order of
  :data:`saa.fileformat.ROLES` (contacts without a role come last, as ``None``).
- :func:`paths` gives, for each decision maker, the ways from our team to them:
  our own link (direct at ``link_level`` 1, through someone at 2), the allies
  whose target they are (with the ally's own link to us), the contacts who
  report to them (and our link to those), and the chain they report up to.
- :func:`reach` answers "is this person reached, and how" for every contact at
  once: a path search from our team. A contact is reached when one of our team
  is their ``our_link`` at the first level (``link_level`` 1, or none written),
  or when an ally who is reached is named as an ally for them (``allies: -
  ally: X, target: Y``). A second-level link ("through someone") or a good
  relation score alone is shown but is no path: nobody could say whom to call.
  Every view and the ``unreached-decision-maker`` rule ask :func:`reach`.
- :func:`gaps` lists decision makers nobody reaches and contacts without an
  ``our_link``.

Everything here is linear in the size of the network: names, allies and
reports are indexed once per call.
"""

from __future__ import annotations

from collections import deque
from dataclasses import field
from .records import dataclass

from .plan import Ally, Contact, Plan
from .scalars import is_missing
from .vocab import COACH, DECISION_MAKER, ROLES

MAX_CHAIN = 50   # levels of reports_to shown: no org chart is deeper


@dataclass(frozen=True)
class Hop:
    """One step of a route: a person, and how they come into it."""

    name: str
    how: str    # "team" (one of us), "our link" (our first-level contact), "ally" (reached through the one before)


MAX_ROUTE = 24   # hops of a long route shown before the contact; the middle of a longer one is left out


@dataclass
class Reach:
    """Who is reached, and by which shortest route from our team.

    Kept as one step back per contact, so it is linear in the network however
    long the chains are; a route is walked back when asked for.
    """

    back: dict[str, tuple[str | None, Hop]]   # contact -> (the contact before it, None at the first level; its hop)
    origin: dict[str, str]                     # contact -> the first-level contact its route starts from
    depth: dict[str, int]                      # contact -> hops from the first-level contact (0 for it)
    team: dict[str, str]                       # first-level contact -> our team member who is their link

    def reached(self, contact: Contact) -> bool:
        return contact.name in self.back

    def route(self, contact: Contact) -> tuple[Hop, ...] | None:
        """The whole route, our team member first; None when nobody reaches them."""
        found = self.short_route(contact, keep=None)
        return None if found is None else found[0]

    def short_route(self, contact: Contact, keep: int | None = MAX_ROUTE) -> tuple[tuple[Hop, ...], int] | None:
        """The route with at most ``keep`` hops before the contact, and how many hops in the middle are left out."""
        name: str | None = contact.name
        if name not in self.back:
            return None
        tail: list[Hop] = []
        while name is not None and (keep is None or len(tail) <= keep):
            before, hop = self.back[name]
            tail.append(hop)
            name = before
        start = self.origin[contact.name]
        left_out = 0
        if name is not None:                    # stopped early: jump to the start of the route
            left_out = self.depth[name]         # the hops from the first-level contact up to ``name``
            tail.append(Hop(start, "our link"))
        tail.append(Hop(self.team[start], "team"))
        return tuple(reversed(tail)), left_out

    @property
    def routes(self) -> dict[str, tuple[Hop, ...]]:
        """Every whole route by contact name (for tests and small plans; views use :meth:`short_route`)."""
        out = {}
        for name in self.back:
            hops: list[Hop] = []
            cur: str | None = name
            while cur is not None:
                before, hop = self.back[cur]
                hops.append(hop)
                cur = before
            hops.append(Hop(self.team[self.origin[name]], "team"))
            out[name] = tuple(reversed(hops))
        return out


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
    allies: list[AllyRoute] = field(default_factory=list)
    direct_reports: list[ReportRoute] = field(default_factory=list)
    reports_to: list = field(default_factory=list)      # names up the chain, nearest first
    route: tuple[Hop, ...] | None = None                # the shortest route from our team; None: nobody reaches them
    route_left_out: int = 0                             # hops of a very long route left out after its first link

    @property
    def reached(self) -> bool:
        return self.route is not None


@dataclass
class Gaps:
    unreached_decision_makers: list[Contact]
    without_our_link: list[Contact]


def by_role(plan: Plan) -> list[tuple[str | None, list[Contact]]]:
    """``[(role or None, [Contact, ...]), ...]`` in the order of ROLES; empty roles left out."""
    groups: dict[str | None, list[Contact]] = {}
    for c in plan.contacts:
        groups.setdefault(c.role if c.role in ROLES else None, []).append(c)
    order: list[str | None] = [r for r in ROLES if r in groups]
    if None in groups:
        order.append(None)
    return [(r, groups[r]) for r in order]


def _by_name(plan: Plan) -> dict[str, Contact]:
    by_name: dict[str, Contact] = {}
    for c in plan.contacts:
        by_name.setdefault(c.name, c)
    return by_name


def has_first_level_link(contact: Contact) -> bool:
    """One of our team is their ``our_link`` at the first level (no level written counts as the first)."""
    return isinstance(contact.our_link, str) and not is_missing(contact.our_link) and contact.link_level in (None, 1)


def reach(plan: Plan) -> Reach:
    """The shortest route from our team to every contact who can be reached (a breadth-first search)."""
    by_name = _by_name(plan)
    allies_of: dict[str, list[str]] = {}          # ally -> targets, in the order written
    for a in plan.allies:
        allies_of.setdefault(a.ally, []).append(a.target)
    back: dict[str, tuple[str | None, Hop]] = {}
    origin: dict[str, str] = {}
    depth: dict[str, int] = {}
    team: dict[str, str] = {}
    queue: deque[str] = deque()
    for c in by_name.values():
        if has_first_level_link(c):
            back[c.name] = (None, Hop(c.name, "our link"))
            origin[c.name], depth[c.name], team[c.name] = c.name, 0, str(c.our_link)
            queue.append(c.name)
    while queue:
        name = queue.popleft()
        for target in allies_of.get(name, ()):
            if target not in back and target in by_name:
                back[target] = (name, Hop(target, "ally"))
                origin[target], depth[target] = origin[name], depth[name] + 1
                queue.append(target)
    return Reach(back, origin, depth, team)


def unreached_decision_makers(plan: Plan, found: Reach | None = None) -> list[Contact]:
    """Decision makers with no route from our team, in the order they are written."""
    found = found or reach(plan)
    return [c for c in plan.contacts if c.role == DECISION_MAKER and not found.reached(c)]


def reports_to_chain(plan: Plan, contact: Contact, by_name: dict[str, Contact] | None = None) -> list[str]:
    """The names ``contact`` reports up to, nearest first; stops at a cycle or an unknown name."""
    by_name = by_name if by_name is not None else _by_name(plan)
    chain: list[str] = []
    seen = {contact.name}
    cur: Contact | None = contact
    # at most 50 levels: no org chart is deeper, and every decision maker's chain is printed (a plan
    # with thousands of decision makers in one long chain made `saa network --json` print gigabytes)
    while cur is not None and cur.reports_to and cur.reports_to not in seen and len(chain) < MAX_CHAIN:
        chain.append(cur.reports_to)
        seen.add(cur.reports_to)
        cur = by_name.get(cur.reports_to)
    return chain


def _ally_route(a: Ally, by_name: dict[str, Contact]) -> AllyRoute:
    c = by_name.get(a.ally)
    return AllyRoute(a.ally, c.our_link if c else None, c.link_level if c else None, c.relation if c else None,
                     a.leverage, a.influence_and_reward, a.meeting_frequency)


def paths(plan: Plan) -> list[DecisionPath]:
    """The ways from our team to every decision maker, in the order they are written."""
    by_name = _by_name(plan)
    found = reach(plan)
    allies_for: dict[str, list[Ally]] = {}
    for a in plan.allies:
        allies_for.setdefault(a.target, []).append(a)
    reports: dict[str, list[Contact]] = {}
    for c in plan.contacts:
        if c.reports_to:
            reports.setdefault(c.reports_to, []).append(c)
    out = []
    for contact in plan.contacts:
        if contact.role != DECISION_MAKER:
            continue
        allies = [_ally_route(a, by_name) for a in allies_for.get(contact.name, ())]
        direct_reports = [ReportRoute(c.name, c.our_link, c.link_level, c.relation)
                          for c in reports.get(contact.name, ()) if c is not contact]
        short = found.short_route(contact)
        out.append(DecisionPath(contact, contact.our_link, contact.link_level, has_first_level_link(contact),
                                allies, direct_reports, reports_to_chain(plan, contact, by_name),
                                short[0] if short else None, short[1] if short else 0))
    return out


def gaps(plan: Plan) -> Gaps:
    unreached = unreached_decision_makers(plan)
    unlinked = [c for c in plan.contacts if not c.our_link]
    return Gaps(unreached, unlinked)


# ---- red flags ----------------------------------------------------------------------

HOSTILE = (-1, -2)   # relation "-" and "--"


def has_coach(plan: Plan) -> bool:
    """Is one of the contacts a coach, who guides us inside the account?"""
    return any(c.role == COACH for c in plan.contacts)


def hostile_without_strategy(plan: Plan) -> list[Contact]:
    """Decision makers whose relation with us is ``-`` or ``--`` and who have no relationship strategy."""
    return [c for c in plan.contacts
            if c.role == DECISION_MAKER and c.relation in HOSTILE and not c.strategies]
