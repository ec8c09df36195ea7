"""Step 5: competition. Who we compete with, and how the customer would rate us and them per value driver.

Plain functions over the plan; nothing here prints.
"""

from __future__ import annotations

from .plan import Plan
from .validate import did_you_mean

FILE = "05-competition.yaml"


def listed(plan: Plan) -> set[str]:
    """The names in ``competitors``."""
    return {str(c["name"]) for c in plan.data(FILE).get("competitors") or [] if isinstance(c, dict) and c.get("name")}


def scored_not_listed(plan: Plan) -> list[tuple[int, str]]:
    """``[(differentiation row index, competitor name)]`` for every competitor scored but not in ``competitors``."""
    names = listed(plan)
    out = []
    for i, row in enumerate(plan.data(FILE).get("differentiation") or []):
        for name in ((row or {}).get("competitors") or {}) if isinstance(row, dict) else ():
            if name not in names:
                out.append((i, name))
    return out


def unlisted_competitor_findings(plan: Plan):
    """``unlisted-competitor``: a competitor scored in the differentiation table but not listed."""
    if FILE in plan.unreadable:
        return
    doc = plan.doc(FILE)
    for i, name in scored_not_listed(plan):
        yield doc.loc(("differentiation", i, "competitors", name), key=True).warning(
            "unlisted-competitor",
            f"competitor '{name}' is scored for {plan.data(FILE)['differentiation'][i].get('driver')} but is not "
            f"listed in competitors{did_you_mean(name, listed(plan))}: add them (position, strengths, weaknesses) or fix the name")
