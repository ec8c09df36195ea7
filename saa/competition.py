"""Step 5: competition. Who we compete with, and how the customer would rate us and them per value driver.

Plain functions over the typed plan; nothing here prints.
"""

from __future__ import annotations

from .plan import Plan

FILE = "05-competition.yaml"


def listed(plan: Plan) -> set[str]:
    """The names in ``competitors``."""
    return {c.name for c in plan.competitors if c.name}


def scored_not_listed(plan: Plan) -> list[tuple[int, str]]:
    """``[(differentiation row index, competitor name)]`` for every competitor scored but not in ``competitors``."""
    names = listed(plan)
    return [(i, name) for i, row in enumerate(plan.differentiation) for name in row.competitors if name not in names]
