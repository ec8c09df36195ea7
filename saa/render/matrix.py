"""``saa matrix`` for people (rich) and scripts (JSON).

JSON (docs/format.md, JSON output; ``months_to_decision``, ``quadrant_written``,
``totals`` and ``warnings`` are additions)::

    {"currency": "USD",
     "quadrants": {"I": [item, ...], "II": [...], "III": [...], "IV": [...]},
     "closed": [item, ...],
     "totals": {"I": {"count", "value", "expected_value", "unknown_value", "unknown_expected_value"}, ...},
     "warnings": [{"path", "line", "column", "severity", "rule", "message"}]}

    item: {"id", "name", "stage", "value", "probability", "expected_value", "decision",
           "months_to_decision", "quadrant_written"}

Each list is in priority order; unknown money and probabilities are ``null``;
``decision`` is an ISO date or ``null``; ``months_to_decision`` counts from
today (negative when the date has passed).
"""

from __future__ import annotations

from ..vocab import QUADRANT_NAMES, QUADRANTS
from ..matrix import build, expected_value, months_to_decision, totals
from ..rules import findings as _rule_findings
from . import terminal as T




def _item(o, today) -> dict:
    return {
        "id": o.id,
        "name": o.name,
        "stage": o.stage,
        "value": o.value,
        "probability": o.probability,
        "expected_value": expected_value(o),
        "decision": T.iso(o.decision),
        "months_to_decision": months_to_decision(o, today),
        "quadrant_written": o.quadrant,
    }


def as_dict(plan, today) -> dict:
    from ..config import custom_fields_by_id, json_value

    m = build(plan)
    custom = custom_fields_by_id(plan, "opportunities", "id")   # the company's fields (saa.yaml), if any

    def item(o):
        d = _item(o, today)
        if custom:
            d["fields"] = {k: json_value(v) for k, v in custom.get(o.id, {}).items()}
        return d
    return {
        "currency": m.currency,
        "quadrants": {q: [item(o) for o in m.quadrants[q]] for q in QUADRANTS},
        "closed": [item(o) for o in m.closed],
        "totals": {q: totals(m.quadrants[q]) for q in QUADRANTS},
        "warnings": [f.as_dict() for f in _rule_findings(plan, "quadrant-mismatch")],
    }


def as_json(plan, today) -> str:
    return T.dumps(as_dict(plan, today))


def months(o, today) -> str:
    m = months_to_decision(o, today)
    if m is None:
        return "no decision date"
    shown = round(m + 1e-9, 1)
    if shown < 0:
        return f"decision {-shown:.1f} months ago ({o.decision.isoformat()})"
    return f"decision in {shown:.1f} months ({o.decision.isoformat()})"


def _sum(total, unknown: int, cur: str) -> str:
    if total is None:
        return "unknown"
    return T.money(total, cur) + (f" + {unknown} unknown" if unknown else "")


def _cell(q: str, opps: list, cur: str, today):
    from rich.console import Group
    from rich.text import Text

    parts = [Text(f"{q}. {QUADRANT_NAMES[q]}", style="bold")]
    if not opps:
        parts.append(Text("(none)", style="dim"))
    for rank, o in enumerate(opps, 1):
        name = Text.assemble(f"{rank}. ", T.text(o.name, "bold"))
        if o.stage:
            name.append_text(Text.assemble(" (", T.text(o.stage), ")"))
        ev = expected_value(o)
        line1 = Text(f"   value {T.money(o.value, cur)}, p {T.percent(o.probability)}")
        line2 = Text(f"   EV {T.money(ev, cur)}")
        line3 = Text(f"   {months(o, today)}")
        if o.value is None:
            line1.stylize("yellow")
        parts += [name, line1, line2, line3]
    t = totals(opps)
    if opps:
        parts.append(Text(f"total: value {_sum(t['value'], t['unknown_value'], cur)}, "
                          f"EV {_sum(t['expected_value'], t['unknown_expected_value'], cur)}", style="bold"))
    return Group(*parts)


def terminal(plan, today, console=None) -> None:
    from rich.table import Table
    from rich.text import Text

    console = console or T.console()
    m = build(plan)
    cur = m.currency
    title = Text.assemble("Opportunity Prioritization Matrix: ", T.text(plan.account),
                          f" ({T.safe(cur)}, today {today.isoformat()})")
    console.print(title)
    grid = Table(show_header=False, show_lines=True, expand=True)
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    grid.add_row(_cell("I", m.quadrants["I"], cur, today), _cell("II", m.quadrants["II"], cur, today))
    grid.add_row(_cell("III", m.quadrants["III"], cur, today), _cell("IV", m.quadrants["IV"], cur, today))
    console.print(grid)
    console.print("Ranked by expected value (value x probability); unknown values after known ones; "
                  "then earlier decision first.")
    if m.closed:
        console.print("Closed (off the matrix)")
        closed = Table()
        closed.add_column("opportunity")
        closed.add_column("stage")
        closed.add_column("value", justify="right")
        closed.add_column("decision")
        for o in m.closed:
            style = "green" if o.stage == "won" else "red"
            closed.add_row(Text.assemble(T.text(o.name), " (", T.text(o.id), ")"), Text(o.stage or "", style=style),
                           T.money(o.value, cur), T.iso(o.decision) or T.DASH)
        console.print(closed)
    else:
        console.print("Closed: none won or lost yet.")
    for f in _rule_findings(plan, "quadrant-mismatch"):
        console.print(Text.assemble(("warning: ", "yellow"), f"{T.safe(f.path)}:{f.line}: ", T.text(f.message)))
