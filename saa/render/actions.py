"""``saa actions`` for people (rich) and scripts (JSON).

JSON::

    {"today": "2026-11-27",
     "actions": [{"plan", "do", "owner", "due", "status", "overdue", "step", "source",
                  "path", "line", "column"}],
     "count": N, "overdue": N, "without_owner": N, "without_due": N}

``actions`` is sorted by due date (undated last), then plan and place in the
file; ``owner`` and ``due`` (ISO date) are ``null`` when not written;
``overdue`` is true for an open action due before today; ``step`` is the step
number (1-10) and ``source`` the item the action belongs to (e.g.
``"opportunity: adsl2"``); ``without_owner`` and ``without_due`` count the open
actions listed that have no owner / no due date.
"""

from __future__ import annotations

import os

from ..vocab import STEP_NAMES
from . import terminal as T

SOURCE_WIDTH = 70


def _row(r) -> dict:
    a, item = r.action, r.item
    return {
        "plan": r.plan.id, "do": a.do, "owner": a.owner, "due": T.iso(a.due), "status": a.status,
        "overdue": r.overdue, "step": item.step, "source": item.source,
        "path": item.loc.path, "line": item.loc.line, "column": item.loc.column,
    }


def as_dict(result) -> dict:
    return {
        "today": T.iso(result.today),
        "actions": [_row(r) for r in result.rows],
        "count": len(result.rows),
        "overdue": len(result.overdue),
        "without_owner": len(result.without_owner),
        "without_due": len(result.without_due),
    }


def as_json(result) -> str:
    return T.dumps(as_dict(result))


def _short(s: str, n: int = SOURCE_WIDTH) -> str:
    s = T.safe(s)
    return s if len(s) <= n else s[: n - 3].rstrip() + "..."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def terminal(result, owner=None, overdue=False, include_closed=False, console=None) -> None:
    """The table of actions; drawn with saa.render.plaintable's classes on its console (piped output), else
    with rich's."""
    from . import plaintable

    console = console or plaintable.console()
    Text, Table = plaintable.kit(console)

    def text(s, style: str = ""):
        return Text(T.safe(s), style=style)

    multi = len({id(r.plan) for r in result.rows}) > 1
    what = "actions" if include_closed else "open actions"
    if overdue:
        what = "overdue actions"
    head = Text(f"{what.capitalize()}")
    if owner is not None:
        head.append_text(Text.assemble(" of ", text(owner)))
    head.append(f" (today {T.iso(result.today)})")
    console.print(head)
    if not result.rows:
        console.print(f"no {what}" + (f" owned by {T.markup(owner)}" if owner is not None else ""))
        return
    table = Table()
    table.add_column("due", no_wrap=True)
    table.add_column("owner", ratio=1)
    table.add_column("action", ratio=3)
    table.add_column("from", ratio=2, overflow="fold")
    if include_closed:
        table.add_column("status", no_wrap=True)
    for r in result.rows:
        a, item = r.action, r.item
        if a.due is None:
            due = Text("no date", style="yellow" if a.status == "open" else "dim")
        elif r.overdue:
            due = Text(f"{a.due.isoformat()}\noverdue", style="red")
        else:
            due = Text(a.due.isoformat())
        who = text(a.owner) if a.owner else Text("no owner", style="yellow" if a.status == "open" else "dim")
        src = Text()
        if multi:
            src.append_text(Text.assemble(text(r.plan.id, "bold"), ": "))
        src.append(f"step {item.step} {STEP_NAMES.get(item.step, '')}\n")
        src.append(_short(item.source))
        src.append(f"\n{T.safe(os.path.basename(item.loc.path))}:{item.loc.line}", style="dim")
        row = [due, who, text(a.do), src]
        if include_closed:
            row.append(Text(a.status, style="" if a.status == "open" else "dim"))
        table.add_row(*row)
    console.print(table)
    n_open = len(result.open)
    summary = f"{_plural(len(result.rows), 'action')}"
    if include_closed:
        summary += f", {n_open} open"
    summary += f", {len(result.overdue)} overdue"
    console.print(summary)
    no_owner, no_due = len(result.without_owner), len(result.without_due)
    if no_owner or no_due:
        parts = []
        if no_owner:
            parts.append(f"{_plural(no_owner, 'open action')} without an owner")
        if no_due:
            parts.append(f"{_plural(no_due, 'open action')} without a due date")
        console.print(Text(f"called out: {' and '.join(parts)}; give each an owner and a date "
                           "so the whole team knows who does what by when", style="yellow"))
