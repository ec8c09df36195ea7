"""``saa diff`` as text: what changed in a plan since a git revision, in the method's terms."""

from __future__ import annotations

from .ansi import style
from .terminal import money as _money, percent as _pct, safe, score as _score


def as_text(result: dict, colour: bool = False) -> str:
    def c(text, name):
        return style(text, name, colour)

    green, red, bold, dim = "green", "red", "bold", "dim"
    cur = result["currency"]
    short = result["commit"][:10]
    lines = [c(f"{safe(result['plan'])} ({safe(result['path'])}): changes since {safe(result['since'])} ({short})", bold)]
    if result["new_plan"]:
        lines.append(f"  the plan did not exist at {safe(result['since'])}: everything in it is new")
    if result["changes"] == 0:
        lines.append("  no changes in the method's terms (opportunities, value, challenge scores, completeness, "
                     "overdue actions)")
        return "\n".join(lines) + "\n"
    o = result["opportunities"]
    if any(o.values()):
        lines.append(c("Opportunities (step 8)", bold))
        for x in o["added"]:
            extra = f", decision {x['decision']}" if x["decision"] else ""
            lines.append(c(f"  + added      {safe(x['id'])}: {safe(x['name'])} in {x['quadrant']}, "
                           f"{_money(x['value'], cur)}{extra}", green))
        for x in o["removed"]:
            lines.append(c(f"  - removed    {safe(x['id'])}: {safe(x['name'])} (was {x['quadrant']}, "
                           f"{_money(x['value'], cur)})", red))
        for x in o["moved"]:
            lines.append(f"  > moved      {safe(x['id'])}: {x['from']} -> {x['to']} "
                         f"(stage {safe(x['stage_from'] or '-')} -> {safe(x['stage_to'] or '-')})")
        for x in o["revalued"]:
            up = x["from"] is not None and x["to"] is not None and x["to"] > x["from"]
            lines.append(c(f"  $ re-valued  {safe(x['id'])}: {_money(x['from'], cur)} -> {_money(x['to'], cur)}",
                           green if up else (red if x["from"] is not None and x["to"] is not None else "plain")))
        for x in o["reweighted"]:
            lines.append(f"  % probability {safe(x['id'])}: {_pct(x['from'])} -> {_pct(x['to'])}")
        for x in o["redated"]:
            lines.append(f"  @ re-dated   {safe(x['id'])}: decision {x['from'] or 'not set'} -> {x['to'] or 'not set'}")
    v = result["value_opportunities"]
    if any(v.values()):
        lines.append(c("Value opportunities (step 4)", bold))
        for x in v["added"]:
            lines.append(c(f"  + added      {safe(x['id'])}: {_money(x['per_year'], cur)} a year", green))
        for x in v["removed"]:
            lines.append(c(f"  - removed    {safe(x['id'])}: was {_money(x['per_year'], cur)} a year", red))
        for x in v["requantified"]:
            a, b = x["from"], x["to"]
            lines.append(f"  = re-quantified {safe(x['id'])}: {_money(a['per_period'], cur)} per {a['per']} "
                         f"({_money(a['per_year'], cur)} a year) -> {_money(b['per_period'], cur)} per {b['per']} "
                         f"({_money(b['per_year'], cur)} a year)")
    if result["challenges"]:
        lines.append(c("Challenge scores (step 10)", bold))
        for x in result["challenges"]:
            arrow = {"up": "up", "down": "down", "new": "scored", "removed": "no longer scored"}[x["direction"]]
            code = green if x["direction"] == "up" else (red if x["direction"] == "down" else "plain")
            lines.append(c(f"  {safe(x['opportunity'])} / {safe(x['category'])}: {x['view']} {x['dimension']} "
                           f"{_score(x['from'])} -> {_score(x['to'])} {arrow}", code))
    comp = result["completeness"]
    if comp is not None:
        frm = "-" if comp["from"] is None else f"{comp['from']:.0f}%"
        code = green if comp["direction"] == "up" else (red if comp["direction"] == "down" else "plain")
        lines.append(c(f"Completeness: {frm} -> {comp['to']:.0f}% {comp['direction']}", code))
        for s in comp["steps"]:
            sf = "-" if s["from"] is None else f"{s['from']:.0f}%"
            lines.append(c(f"  step {s['step']}: {sf} -> {s['to']:.0f}%", dim))
    if result["overdue_actions"]:
        lines.append(c("New overdue actions", bold))
        for a in result["overdue_actions"]:
            who = safe(a["owner"]) if a["owner"] else "no owner"
            lines.append(c(f"  {a['due']}  {who}: {safe(a['do'])}  ({safe(a['path'])}:{a['line']})", red))
    n = result["changes"]
    lines.append(f"{n} change{'s' if n != 1 else ''}")
    return "\n".join(lines) + "\n"
