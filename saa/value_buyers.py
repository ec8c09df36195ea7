"""Step 6: value buyers, who own the processes our value touches.

The method: the real value buyer is not procurement. Procurement buys on
price; the people whose processes gain from our value (yield, planning,
maintenance) buy on value. Plain functions; nothing here prints.
"""

from __future__ import annotations

import re

from .plan import Plan

FILE = "06-value-buyers.yaml"
PROCUREMENT = re.compile(r"\b(procurement|purchasing|purchaser|sourcing|buyer)\b", re.I)


def is_procurement(buyer: dict, plan: Plan) -> bool:
    """Is this value buyer procurement? Their contact's function or title (or the function written as the contact)
    names procurement, purchasing or sourcing."""
    who = buyer.get("contact")
    texts = [who]
    for c in plan.contacts:
        if c.name == who:
            texts = [c.function, c.title]
            break
    return any(isinstance(t, str) and PROCUREMENT.search(t) for t in texts)


def only_procurement(plan: Plan) -> bool:
    """Every value buyer (at least one) is procurement."""
    buyers = [b for b in plan.data(FILE).get("value_buyers") or [] if isinstance(b, dict) and b.get("contact")]
    return bool(buyers) and all(is_procurement(b, plan) for b in buyers)


def procurement_only_findings(plan: Plan):
    """``procurement-value-buyer``: the only value buyers are procurement."""
    if FILE in plan.unreadable or not only_procurement(plan):
        return
    yield plan.doc(FILE).loc(("value_buyers",), key=True).warning(
        "procurement-value-buyer",
        "the only value buyer is procurement: the real value buyer is not procurement; find who owns the processes "
        "our value improves (operations, engineering, planning) and add them")
