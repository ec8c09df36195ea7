"""The whitespace map of step 8: the customer's business units x our offerings.

Each cell says who holds that pair: ``ours`` (we sell it there), ``competitor``
(a competitor does; its name in ``competitor``), ``open`` (nobody yet: the
whitespace itself), ``pursuing`` (an opportunity of ``08-opportunities.yaml``
goes after it; its id in ``opportunity``) or ``not-a-fit``. A pair with no cell
is not assessed yet. The map is optional: step 8's completeness does not ask
for it.
"""

from __future__ import annotations

from .records import dataclass

from .vocab import WHITESPACE_STATUS
from .plan import Plan, Whitespace

UNASSESSED = "unassessed"
STATUSES = WHITESPACE_STATUS + (UNASSESSED,)
STATUS_NAMES = {
    "ours": "we sell this offering to this unit",
    "competitor": "a competitor holds it",
    "open": "nobody yet: whitespace to win",
    "pursuing": "an opportunity goes after it",
    "not-a-fit": "not a fit for this unit",
    UNASSESSED: "not assessed yet",
}
# one colour per status, the same in the terminal, the report and the workbook
COLOURS = {
    "ours": "#2e7d32",        # green
    "pursuing": "#1565c0",    # blue
    "open": "#f9a825",        # amber: the whitespace
    "competitor": "#c62828",  # red
    "not-a-fit": "#9e9e9e",   # grey
    UNASSESSED: "#ffffff",
}


@dataclass
class Grid:
    units: list          # rows
    offerings: list      # columns
    cells: dict          # (unit, offering) -> WhitespaceCell
    counts: dict         # status -> number of pairs (unassessed included)


def cell_label(cell) -> str:
    """A cell in words: ``ours``, ``competitor: NAME``, ``open``, ``pursuing: ID``, ``not a fit``; ``?`` not assessed."""
    if cell is None:
        return "?"
    if cell.status == "competitor":
        return f"competitor: {cell.competitor}" if cell.competitor else "competitor"
    if cell.status == "pursuing":
        return f"pursuing: {cell.opportunity}" if cell.opportunity else "pursuing"
    if cell.status == "not-a-fit":
        return "not a fit"
    return cell.status


def grid(plan: Plan) -> Grid | None:
    """The map as a grid of the written units and offerings, or None when the plan has none.

    A cell whose unit or offering is not in the lists is left out of the grid (a finding says so);
    a pair written twice shows its first cell.
    """
    ws: Whitespace | None = plan.whitespace
    if ws is None:
        return None
    cells: dict = {}
    units, offerings = set(ws.units), set(ws.offerings)
    for c in ws.cells:
        if c.unit in units and c.offering in offerings:
            cells.setdefault((c.unit, c.offering), c)
    counts = {s: 0 for s in STATUSES}
    for u in dict.fromkeys(ws.units):
        for o in dict.fromkeys(ws.offerings):
            cell = cells.get((u, o))
            counts[cell.status if cell else UNASSESSED] += 1
    return Grid(list(dict.fromkeys(ws.units)), list(dict.fromkeys(ws.offerings)), cells, counts)


def as_dict(plan: Plan) -> dict:
    """``saa whitespace --json``: ``{"units", "offerings", "cells": [...], "counts": {...}}``; no map gives empty lists."""
    g = grid(plan)
    if g is None:
        return {"units": [], "offerings": [], "cells": [], "counts": {s: 0 for s in STATUSES}}
    out = []
    for u in g.units:
        for o in g.offerings:
            c = g.cells.get((u, o))
            out.append({"unit": u, "offering": o, "status": c.status if c else UNASSESSED,
                        "competitor": c.competitor if c else None, "opportunity": c.opportunity if c else None,
                        "notes": c.notes if c else None})
    return {"units": g.units, "offerings": g.offerings, "cells": out, "counts": g.counts}
