"""Step 6: value buyers."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class ProcurementValueBuyer(Rule):
    """The only value buyer is procurement.

    The method: the real value buyer is not procurement. Procurement buys on
    price; the people whose processes gain from our value (yield, planning,
    maintenance, operations) buy on value. A value buyer counts as procurement
    when their contact's function or title (or the function written as the
    contact) names procurement, purchasing, purchaser, sourcing or buyer.

    Example: `06-value-buyers.yaml:1:1: warning: the only value buyer is
    procurement: the real value buyer is not procurement; find who owns the
    processes our value improves (operations, engineering, planning) and add them
    [procurement-value-buyer]`.
    """

    ID = "procurement-value-buyer"
    SEVERITY = "warning"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        from ..value_buyers import FILE, only_procurement

        if FILE in plan.unreadable or not only_procurement(plan):
            return
        yield cls.finding(plan.doc(FILE).loc(("value_buyers",), key=True),
                          "the only value buyer is procurement: the real value buyer is not procurement; find who owns "
                          "the processes our value improves (operations, engineering, planning) and add them")


RULES = (ProcurementValueBuyer,)
