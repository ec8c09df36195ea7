"""``saa kano`` for people (rich) and scripts (JSON).

JSON::

    {"plan": id, "account": name,
     "kano": [{"care_about", "must_have": [text], "more_is_better": [text], "delight": [text]}],
     "needs": [{"contact", "role", "title", "business_results": [text], "personal": [text],
                "messages": [text], "actions": [{"do", "owner", "due", "status"}]}],
     "missing_needs": [name, ...]}

``kano`` is in the order written; ``needs`` has decision makers first, then the
other roles in the order of the method; ``role`` and ``title`` come from
02-network.yaml (``null`` when the contact is not there); ``missing_needs``
names the decision makers and key influencers without needs.
"""

from __future__ import annotations

from ..kano import LEVEL_NAMES, LEVELS, missing_needs, needs, rows
from . import terminal as T


def _action(a) -> dict:
    return {"do": a.do, "owner": a.owner, "due": T.iso(a.due), "status": a.status}


def as_dict(plan) -> dict:
    return {
        "plan": plan.id,
        "account": plan.account,
        "kano": [{"care_about": r.care_about, "must_have": r.must_have, "more_is_better": r.more_is_better,
                  "delight": r.delight} for r in rows(plan)],
        "needs": [{"contact": n.contact, "role": n.who.role if n.who else None,
                   "title": n.who.title if n.who else None, "business_results": n.business_results,
                   "personal": n.personal, "messages": n.messages, "actions": [_action(a) for a in n.actions]}
                  for n in needs(plan)],
        "missing_needs": [c.name for c in missing_needs(plan)],
    }


def as_json(plan) -> str:
    return T.dumps(as_dict(plan))


def _bullets(items, empty: str = "(none)"):
    from rich.text import Text

    if not items:
        return Text(empty, style="dim")
    t = Text()
    for i, x in enumerate(items):
        if i:
            t.append("\n")
        t.append("- ")
        t.append(T.safe(x))
    return t


def _action_text(a) -> str:
    extra = [x for x in (T.safe(a.owner) if a.owner else None, a.due.isoformat() if a.due else None,
                         a.status if a.status != "open" else None) if x]
    return T.safe(a.do) + (f" ({', '.join(extra)})" if extra else "")


def terminal(plan, console=None) -> None:
    from rich.table import Table
    from rich.text import Text

    console = console or T.console()
    console.print(Text.assemble("KANO: ", T.text(plan.account)))
    rs = rows(plan)
    if rs:
        table = Table(show_lines=True)
        table.add_column("care about", ratio=1)
        for level in LEVELS:
            table.add_column(LEVEL_NAMES[level], ratio=2)
        for r in rs:
            table.add_row(T.text(r.care_about, "bold"), *[_bullets(getattr(r, lv)) for lv in LEVELS])
        console.print(table)
        console.print("Must-have: expected, its absence dissatisfies; more-is-better: satisfaction grows with it; "
                      "delight: unexpected, sets us apart.")
    else:
        console.print("no KANO rows in 03-needs-kano.yaml")

    console.print()
    console.print("[bold]Needs of decision makers and influencers[/bold]")
    ns = needs(plan)
    if ns:
        table = Table(show_lines=True)
        table.add_column("contact", ratio=2, overflow="fold")
        table.add_column("business results", ratio=3)
        table.add_column("personal", ratio=2)
        table.add_column("messages", ratio=3)
        table.add_column("actions", ratio=3)
        for n in ns:
            who = T.text(n.contact, "bold")
            if n.who is not None:
                role = n.who.role or "no role"
                who.append_text(Text.assemble("\n", T.text(role)))
                if n.who.title:
                    who.append_text(Text.assemble("\n", T.text(n.who.title)))
            else:
                who.append("\nnot in 02-network.yaml", style="yellow")
            table.add_row(who, _bullets(n.business_results), _bullets(n.personal), _bullets(n.messages),
                          _bullets([_action_text(a) for a in n.actions]))
        console.print(table)
    else:
        console.print("no needs in 03-needs-kano.yaml")
    missing = missing_needs(plan)
    if missing:
        names = ", ".join(f"{T.safe(c.name)} ({c.role})" for c in missing)
        console.print(Text(f"needs not written for: {names}", style="yellow"))
