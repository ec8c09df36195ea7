"""``saa network`` for people (rich) and scripts (JSON).

JSON::

    {"plan": id, "account": name,
     "roles": [{"role": "decision-maker" | ... | null, "contacts": [contact, ...]}],   # ROLES order, non-empty only
     "decision_makers": [{"name", "relation", "reached", "route", "our_link", "link_level", "direct",
                          "allies": [{"ally", "our_link", "link_level", "relation", "leverage",
                                      "influence_and_reward", "meeting_frequency"}],
                          "direct_reports": [{"name", "our_link", "link_level", "relation"}],
                          "reports_to": [name, ...]}],                                   # nearest first
     "gaps": {"unreached_decision_makers": [name, ...], "without_our_link": [name, ...]}}

    contact: {"name", "title", "function", "role", "relation", "relation_symbol",
              "meeting_frequency", "our_link", "link_level", "reports_to"}

``relation`` is an integer -2..2 (``relation_symbol`` "--".."++") or ``null``;
``meeting_frequency`` is meetings per year or ``null``; ``direct`` is true when
our link is at link level 1 (or no level is written); ``reached`` is true when
there is a route from our team (:func:`saa.network.reach`), and ``route`` is the
shortest one, ``[{"name", "how": "team"|"our link"|"ally"}, ...]`` from our team
member to the decision maker, or ``null``; a route of more than 24 allies keeps
its first link and its last 25 hops, and ``route_left_out`` counts the allies in
between (0 otherwise).
"""

from __future__ import annotations

from ..network import by_role, gaps, paths
from . import terminal as T


def _symbol(r):
    return None if r is None else T.relation(r)


def _contact(c, custom: dict | None = None) -> dict:
    return {
        "name": c.name, "title": c.title, "function": c.function, "role": c.role,
        "relation": c.relation, "relation_symbol": _symbol(c.relation),
        "meeting_frequency": c.meeting_frequency, "our_link": c.our_link, "link_level": c.link_level,
        "reports_to": c.reports_to,
        **_custom(c, custom),
    }


def _custom(c, custom: dict | None) -> dict:
    """The company's custom fields of a contact (saa.yaml): {"fields": {...}}, or nothing without any."""
    from ..config import json_value

    if custom is None:
        return {}
    return {"fields": {n: json_value(v) for n, v in (custom.get(c.name) or {}).items()}}


def as_dict(plan) -> dict:
    custom = plan.custom.get("contacts") if plan.custom else None
    g = gaps(plan)
    return {
        "plan": plan.id,
        "account": plan.account,
        "roles": [{"role": role, "contacts": [_contact(c, custom) for c in cs]} for role, cs in by_role(plan)],
        "decision_makers": [{
            "name": p.contact.name, "relation": p.contact.relation, "reached": p.reached,
            "route": [{"name": h.name, "how": h.how} for h in p.route] if p.route else None,
            "route_left_out": p.route_left_out,
            "our_link": p.our_link, "link_level": p.link_level, "direct": p.direct,
            "allies": [{"ally": a.ally, "our_link": a.our_link, "link_level": a.link_level, "relation": a.relation,
                        "leverage": a.leverage, "influence_and_reward": a.influence_and_reward,
                        "meeting_frequency": a.meeting_frequency} for a in p.allies],
            "direct_reports": [{"name": r.name, "our_link": r.our_link, "link_level": r.link_level,
                                "relation": r.relation} for r in p.direct_reports],
            "reports_to": list(p.reports_to),
        } for p in paths(plan)],
        "gaps": {"unreached_decision_makers": [c.name for c in g.unreached_decision_makers],
                 "without_our_link": [c.name for c in g.without_our_link]},
    }


def as_json(plan) -> str:
    return T.dumps(as_dict(plan))


def _link(our_link, level) -> str:
    if not our_link:
        return "nobody on our team"
    how = "direct" if level in (None, 1) else "through someone"
    return f"{T.safe(our_link)} ({how})"


def route_text(route, left_out: int = 0) -> str:
    """``Chen Hao -> Guo J. (our link, 1st level) -> Ye S. (ally)``; a very long route with its middle left out."""
    how = {"team": "", "our link": " (our link, 1st level)", "ally": " (ally)"}
    parts = [T.safe(h.name) + how.get(h.how, "") for h in route]
    if left_out:
        parts.insert(2, f"... {left_out} more allies ...")
    return " -> ".join(parts)


def _meets(n) -> str:
    return "unknown" if n is None else T.per_year(n)


def _rel_style(r) -> str:
    if r is None:
        return "yellow"
    return "green" if r >= 1 else ("red" if r < 0 else "")


def terminal(plan, console=None) -> None:
    from rich.text import Text

    console = console or T.console()
    console.print(Text.assemble("Customer network: ", T.text(plan.account)))
    groups = by_role(plan)
    if not groups:
        console.print("no contacts in 02-network.yaml")
        return
    if sum(len(cs) for _, cs in groups) > TABLE_MAX:
        _contact_lines(groups, console)
    else:
        _contact_table(groups, console)
    _paths_and_gaps(plan, console)


TABLE_MAX = 400   # contacts; a larger network is listed one line per contact (a table that size takes rich seconds)


def _contact_lines(groups, console) -> None:
    from rich.text import Text

    lines = []
    for role, contacts in groups:
        lines.append(T.text(f"{role or 'no role'} ({len(contacts)})", "bold"))
        for c in contacts:
            line = Text.assemble("  ", T.text(c.name, "bold"))
            if c.title:
                line.append_text(Text.assemble(", ", T.text(c.title)))
            line.append(f"; relation {T.relation(c.relation)}; meets {_meets(c.meeting_frequency)}; "
                        f"our link {_link(c.our_link, c.link_level)}")
            if c.reports_to:
                line.append_text(Text.assemble("; reports to ", T.text(c.reports_to)))
            lines.append(line)
    console.print(Text("\n").join(lines))


def _contact_table(groups, console) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table()
    table.add_column("role", no_wrap=True)
    table.add_column("contact")
    table.add_column("relation", justify="center", no_wrap=True)
    table.add_column("meets", justify="right", no_wrap=True)
    table.add_column("our link")
    table.add_column("reports to")
    for gi, (role, contacts) in enumerate(groups):
        for ci, c in enumerate(contacts):
            who = T.text(c.name, "bold")
            if c.title:
                who.append_text(Text.assemble("\n", T.text(c.title)))
            link = Text(_link(c.our_link, c.link_level), style="" if c.our_link else "yellow")
            table.add_row(T.text(role or "no role") if ci == 0 else Text(""), who,
                          Text(T.relation(c.relation), style=_rel_style(c.relation)),
                          _meets(c.meeting_frequency), link, T.text(c.reports_to or ""),
                          end_section=ci == len(contacts) - 1 and gi < len(groups) - 1)
    console.print(table)


def _paths_and_gaps(plan, console) -> None:
    from rich.text import Text

    console.print()
    console.print("[bold]Paths from our team to each decision maker[/bold]")
    ps = paths(plan)
    lines: list = []   # printed at once: one print per line costs rich milliseconds each
    if not ps:
        lines.append(Text("  no decision maker in 02-network.yaml: who decides?", style="yellow"))
    for p in ps:
        c = p.contact
        head = Text.assemble("- ", T.text(c.name, "bold"))
        if c.title:
            head.append_text(Text.assemble(" (", T.text(c.title), ")"))
        head.append(f", relation {T.relation(c.relation)}: ")
        head.append("reached" if p.reached else "NOBODY REACHES THEM", style="green" if p.reached else "red")
        lines.append(head)
        if p.route:
            lines.append(Text(f"    path: {route_text(p.route, p.route_left_out)}"))
        else:
            lines.append(Text("    path: none (no first-level link of ours, no reached ally named for them)",
                               style="red"))
        lines.append(Text(f"    our link: {_link(p.our_link, p.link_level)}"))
        for a in p.allies:
            line = Text.assemble("    ally: ", T.text(a.ally), f" (relation {T.relation(a.relation)}, our link ",
                                 _link(a.our_link, a.link_level), f", meets {_meets(a.meeting_frequency)})")
            if a.leverage:
                line.append_text(Text.assemble("; leverage: ", T.text(a.leverage)))
            lines.append(line)
        if not p.allies:
            lines.append(Text("    ally: none whose target they are"))
        for r in p.direct_reports:
            lines.append(Text.assemble("    reports to them: ", T.text(r.name),
                                        f" (relation {T.relation(r.relation)}, our link ",
                                        _link(r.our_link, r.link_level), ")"))
        if p.reports_to:
            lines.append(Text.assemble("    they report to: ", T.text(" > ".join(p.reports_to))))
    if lines:
        console.print(Text("\n").join(lines))

    g = gaps(plan)
    console.print()
    console.print("[bold]Gaps[/bold]")
    if g.unreached_decision_makers:
        names = ", ".join(T.safe(c.name) for c in g.unreached_decision_makers)
        console.print(Text(f"  decision makers nobody reaches (no path from our team): {names}", style="red"))
    else:
        console.print("  decision makers nobody reaches: none")
    if g.without_our_link:
        names = ", ".join(T.safe(c.name) for c in g.without_our_link)
        console.print(Text(f"  contacts nobody on our team owns (no our_link): {names}", style="yellow"))
    else:
        console.print("  contacts nobody on our team owns: none")
