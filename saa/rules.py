"""Cross-file rules (docs/rules.md), each a small function yielding findings.

``RULES`` lists them in the order ``saa check`` runs them; the method's concept
modules (value, matrix, challenge) contribute their own ``findings``.
"""

from __future__ import annotations

import datetime as _dt

from .plan import Plan
from .scalars import is_missing
from .validate import did_you_mean


class _Names(set):
    """Known names, and how many more "did you mean" hints may still be searched among them.

    Each hint is a fuzzy search over every name, so on a huge plan (thousands of dangling
    names) only the first few get one: ``saa check`` stays bounded in time.
    """
    hints_left = 50


def _hint(name, known) -> str:
    if isinstance(known, _Names):
        if known.hints_left <= 0 or len(known) > 2000:
            return ""
        known.hints_left -= 1
    return did_you_mean(name, known)


def unique_ids(plan: Plan):
    for what, items, attr in (("opportunity", plan.opportunities, "id"),
                              ("value opportunity", plan.value_opportunities, "id"),
                              ("contact", plan.contacts, "name")):
        first: dict = {}
        for it in items:
            key = getattr(it, attr)
            if key in first:
                rule = "duplicate-contact" if what == "contact" else "duplicate-id"
                yield it.loc.error(rule, f"{what} '{key}' is written twice (first at line {first[key].line}); "
                                         f"{'names' if what == 'contact' else 'ids'} must be unique")
            else:
                first[key] = it.loc


def _ref(plan: Plan, doc_name: str, path: tuple, name, known: set, what: str, where: str):
    if not isinstance(name, str) or is_missing(name) or name in known:
        return None
    if where in plan.unreadable:
        return None  # the file it refers to has its own finding; no cascade of follow-on errors
    loc = plan.doc(doc_name).loc(path)
    return loc.error("dangling-reference", f"'{name}' is not {what} in {where}{_hint(name, known)}")


def references(plan: Plan):
    contacts = _Names(plan.contact_names)
    net = plan.data("02-network.yaml")
    W = "02-network.yaml"
    for i, c in enumerate(net.get("contacts") or []):
        if c and c.get("reports_to"):
            f = _ref(plan, W, ("contacts", i, "reports_to"), c["reports_to"], contacts, "a contact", W)
            if f:
                yield f
    for i, a in enumerate(net.get("allies") or []):
        for k in ("ally", "target"):
            if a and a.get(k):
                f = _ref(plan, W, ("allies", i, k), a[k], contacts, "a contact", W)
                if f:
                    yield f
    for i, n in enumerate(plan.data("03-needs-kano.yaml").get("needs") or []):
        if n and n.get("contact"):
            f = _ref(plan, "03-needs-kano.yaml", ("needs", i, "contact"), n["contact"], contacts, "a contact", W)
            if f:
                yield f
    for i, cp in enumerate(plan.data("09-capture-plans.yaml").get("capture_plans") or []):
        for j, b in enumerate((cp or {}).get("buying_influences") or []):
            f = _ref(plan, "09-capture-plans.yaml", ("capture_plans", i, "buying_influences", j), b, contacts, "a contact", W)
            if f:
                yield f
    ids = _Names(o.id for o in plan.opportunities)
    O = "08-opportunities.yaml"
    for name, key in (("09-capture-plans.yaml", "capture_plans"), ("10-challenge.yaml", "challenges")):
        for i, it in enumerate(plan.data(name).get(key) or []):
            if it and it.get("opportunity"):
                f = _ref(plan, name, (key, i, "opportunity"), it["opportunity"], ids, "an opportunity id", O)
                if f:
                    yield f


def team_members(plan: Plan):
    """owner, our_link and action owners name team members (warnings: the roster gap is the alignment gap)."""
    team = _Names(plan.team_names)
    hint = "add them to team in account.yaml"

    def warn(loc, role, name):
        if is_missing(name):
            return None  # a placeholder (TODO, ?, ...) is missing, not a name
        return loc.warning("unknown-member",
                           f"{role} '{name}' is not in the team in account.yaml{_hint(name, team)}; {hint}")

    acc = plan.doc("account.yaml")
    found = []
    if plan.owner and plan.owner not in team:
        found.append(warn(acc.loc(("owner",)), "owner", plan.owner))
    d2 = plan.doc("02-network.yaml")
    for i, c in enumerate(plan.data("02-network.yaml").get("contacts") or []):
        link = (c or {}).get("our_link")
        if link and link not in team:
            found.append(warn(d2.loc(("contacts", i, "our_link")), "our_link", link))
    for item in plan.actions:
        owner = item.action.owner
        if owner and owner not in team:
            found.append(warn(item.owner_loc or item.loc, "action owner", owner))
    if "account.yaml" in plan.unreadable:
        return  # no roster to compare with
    yield from (f for f in found if f is not None)


def decision_makers_reached(plan: Plan):
    from .network import unreached_decision_makers

    for c in unreached_decision_makers(plan):
        yield c.loc.warning("unreached-decision-maker",
                            f"decision maker '{c.name}' has no path from our team: nobody of ours is their first-level "
                            "our_link and no ally we reach is named for them (allies: ally, target)")


def capture_coverage(plan: Plan):
    from .capture import capture_plans_without_challenge, deals_without_capture_plan

    if "09-capture-plans.yaml" not in plan.unreadable:
        for o in deals_without_capture_plan(plan):
            yield o.loc.warning("no-capture-plan",
                                f"opportunity '{o.id}' is a deal in progress (quadrant I) without a capture plan in 09-capture-plans.yaml")
    if "10-challenge.yaml" not in plan.unreadable:
        for cp in capture_plans_without_challenge(plan):
            yield cp.loc.warning("no-challenge",
                                 f"capture plan of '{cp.opportunity}' has no challenge scoring in 10-challenge.yaml")


def overdue_actions(plan: Plan, today: _dt.date):
    from .actions import is_overdue

    for item in plan.actions:
        a = item.action
        if is_overdue(a, today):
            yield (item.due_loc or item.loc).warning("overdue-action", f"action overdue since {a.due.isoformat()}: {a.do}")


def time_allocation(plan: Plan):
    from .goals import time_allocation_adds_up, time_allocation_total

    if time_allocation_adds_up(plan) is False:
        loc = plan.doc("07-goals-strategy.yaml").loc(("time_allocation",), key=True)
        yield loc.error("time-allocation",
                        f"time allocation adds up to {time_allocation_total(plan) * 100:g}%; it must add up to 100%")


def stale(plan: Plan, today: _dt.date, max_age: int):
    from .account import review_age

    acc = plan.doc("account.yaml")
    age = review_age(plan, today)
    if age is None:
        yield acc.loc(("review",), key=True).error("stale", f"no review.last date; plans must be reviewed within {max_age} days")
    elif age > max_age:
        yield acc.loc(("review", "last")).error("stale", f"last reviewed {age} days ago, more than the {max_age} allowed (--max-age)")


def all_findings(plan: Plan, today: _dt.date):
    from . import challenge, matrix, value, whitespace

    yield from unique_ids(plan)
    yield from references(plan)
    yield from team_members(plan)
    yield from decision_makers_reached(plan)
    yield from capture_coverage(plan)
    yield from overdue_actions(plan, today)
    yield from time_allocation(plan)
    yield from value.findings(plan)
    yield from matrix.findings(plan)
    yield from challenge.findings(plan)
    yield from whitespace.findings(plan)
