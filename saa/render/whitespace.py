"""``saa whitespace``: the whitespace map as a coloured grid in the terminal, or JSON.

Rows are the customer's business units, columns our offerings. Every cell says
its status in words too (``ours``, ``competitor: NAME``, ``open``,
``pursuing: ID``, ``not a fit``, ``?`` when not assessed), so the grid reads the
same without colour (``NO_COLOR``, a pipe). A legend with counts follows.
"""

from __future__ import annotations

from ..rules import findings as _rule_findings
from ..whitespace import COLOURS, STATUS_NAMES, STATUSES, UNASSESSED, as_dict, cell_label as label, grid
from . import terminal as T

# rich styles: white text on the status colour; unassessed stays plain
STYLES = {s: (f"bold white on {COLOURS[s]}" if s not in (UNASSESSED, "open") else "") for s in STATUSES}
STYLES["open"] = f"bold black on {COLOURS['open']}"


def as_json(plan) -> str:
    return T.dumps(as_dict(plan))


def terminal(plan, console=None) -> None:
    from rich.table import Table
    from rich.text import Text

    console = console or T.console()
    g = grid(plan)
    console.print(Text.assemble("Whitespace map: ", T.text(plan.account), " (business units x our offerings)"))
    if g is None or not g.units or not g.offerings:
        console.print("No whitespace map yet: write `whitespace:` with units, offerings and cells in "
                      f"{T.safe(plan.path_of('08-opportunities.yaml'))} (see `saa new` for an example).")
        return
    table = Table(show_lines=True)
    table.add_column("unit \\ offering")
    for o in g.offerings:
        table.add_column(T.text(o))
    for u in g.units:
        row = [T.text(u)]
        for o in g.offerings:
            c = g.cells.get((u, o))
            status = c.status if c else UNASSESSED
            row.append(Text(T.safe(label(c)), style=STYLES[status]))
        table.add_row(*row)
    console.print(table)
    legend = Text("Legend: ")
    for i, s in enumerate(STATUSES):
        if i:
            legend.append("  ")
        legend.append(f" {s if s != UNASSESSED else '?'} ", style=STYLES[s] or "")
        legend.append(f" {STATUS_NAMES[s]} ({g.counts[s]})")
    console.print(legend)
    for f in _rule_findings(plan, "whitespace-reference"):
        style = "red" if f.severity == "error" else "yellow"
        console.print(Text.assemble((f"{f.severity}: ", style), f"{T.safe(f.path)}:{f.line}:{f.column}: ",
                                    T.text(f.message)))
