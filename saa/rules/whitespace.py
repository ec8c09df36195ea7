"""Step 8: the whitespace map (business units x our offerings)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from ..validate import did_you_mean
from .base import Context, Rule


class WhitespaceReference(Rule):
    """A cell of the whitespace map that names a unit, offering or opportunity the plan does not have.

    The whitespace map shows, per business unit of the customer and offering of
    ours, who holds it. Each cell's `unit` and `offering` must be in the map's
    `units` and `offerings`, its `opportunity` must be an id in
    08-opportunities.yaml, and each pair is written once (errors). A `pursuing`
    cell should name the opportunity that pursues it (a warning).

    Example: `08-opportunities.yaml:40:15: error: 'Mobile' is not one of the
    whitespace units; did you mean 'Mobiles'? add it to whitespace.units
    [whitespace-reference]`. Fix the name or add it to the list.
    """

    ID = "whitespace-reference"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        ws = plan.whitespace
        if ws is None:
            return
        ids = {o.id for o in plan.opportunities}
        broken = "08-opportunities.yaml" in plan.unreadable
        units, offerings = set(ws.units), set(ws.offerings)
        first: dict = {}
        for c in ws.cells:
            if c.unit not in units:
                yield cls.finding(c.unit_loc, f"'{c.unit}' is not one of the whitespace units"
                                              f"{did_you_mean(c.unit, units)}; add it to whitespace.units")
            if c.offering not in offerings:
                yield cls.finding(c.offering_loc, f"'{c.offering}' is not one of the whitespace offerings"
                                                  f"{did_you_mean(c.offering, offerings)}; add it to whitespace.offerings")
            if c.opportunity:
                if c.opportunity not in ids and not broken:
                    yield cls.finding(c.opportunity_loc, f"'{c.opportunity}' is not an opportunity in 08-opportunities.yaml"
                                                         f"{did_you_mean(c.opportunity, ids)}")
            elif c.status == "pursuing":
                yield cls.finding(c.loc, f"{c.unit} x {c.offering} is pursuing but names no opportunity; "
                                         "write the id of the opportunity that pursues it in `opportunity`", "warning")
            key = (c.unit, c.offering)
            if key in first:
                yield cls.finding(c.loc, f"{c.unit} x {c.offering} is written twice (first at line {first[key].line}); "
                                         "one cell per unit and offering")
            else:
                first[key] = c.loc


RULES = (WhitespaceReference,)
