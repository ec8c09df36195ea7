"""Step 6: value buyers, who own the processes our value touches.

The method: the real value buyer is not procurement. Procurement buys on
price; the people whose processes gain from our value (yield, planning,
maintenance) buy on value. Plain functions; nothing here prints.
"""

from __future__ import annotations

import re

from .plan import Plan, ValueBuyer

FILE = "06-value-buyers.yaml"
PROCUREMENT = re.compile(r"\b(procurement|purchasing|purchaser|sourcing|buyer)\b", re.I)


def is_procurement(buyer: ValueBuyer, plan: Plan) -> bool:
    """Is this value buyer procurement? Their contact's function or title (or the function written as the contact)
    names procurement, purchasing, purchaser, sourcing or buyer."""
    who = buyer.contact
    texts: list = [who]
    for c in plan.contacts:
        if c.name == who:
            texts = [c.function, c.title]
            break
    return any(isinstance(t, str) and PROCUREMENT.search(t) for t in texts)


def only_procurement(plan: Plan) -> bool:
    """Every value buyer (at least one) is procurement."""
    buyers = [b for b in plan.value_buyers if b.contact]
    return bool(buyers) and all(is_procurement(b, plan) for b in buyers)
