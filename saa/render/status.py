"""``saa status`` for people (rich) and scripts (JSON)."""

from __future__ import annotations

import json

from ..vocab import STEP_NAMES


def as_json(statuses) -> str:
    return json_of([s.as_dict() for s in statuses])


def json_of(plans: list) -> str:
    """The JSON of the ``as_dict()`` of every plan's status."""
    return json.dumps({"plans": plans}, indent=2, ensure_ascii=False) + "\n"


def _bar(pct: float, width: int = 10, ascii_only: bool = False) -> str:
    full = int(round(pct / 100 * width))
    return ("#" if ascii_only else "█") * full + ("." if ascii_only else "·") * (width - full)


def terminal(statuses, console=None) -> None:
    """Each plan's table and lines; drawn with saa.render.plaintable's classes on its console (piped output),
    else with rich's."""
    from . import plaintable
    from .findings import clean
    from .terminal import money

    console = console or plaintable.console(soft_wrap=False)  # ":smile:" in a plan prints as written
    Text, Table = plaintable.kit(console)
    ascii_only = not (console.encoding or "").lower().startswith("utf")   # cp1252, ascii: a bar of # and .
    for st in statuses:
        plan = st.plan
        c = st.completeness
        title = Text(f"{clean(plan.account)} ({clean(plan.display)}): {c.percent:.0f}% complete",
                     style="table.title")
        table = Table(title=title, title_justify="left", show_lines=False, expand=False)
        table.add_column("step")
        table.add_column("done", justify="right")
        table.add_column("", no_wrap=True)
        table.add_column("missing")
        for step, sc in c.steps.items():
            colour = "green" if sc.percent >= 100 else ("yellow" if sc.percent >= 50 else "red")
            missing = "\n".join(clean(m) for m in sc.missing)
            if step in c.optional:   # not required by saa.yaml: shown, not counted
                colour = "dim"
                missing = "optional (not counted)" + (": " + missing.replace("\n", "; ") if missing else "")
            # coloured spans, not styled cells: the colour stops at the text (the padding is not coloured)
            table.add_row(f"{step:>2} {STEP_NAMES[step]}", Text.assemble((f"{sc.percent:.0f}%", colour)),
                          Text.assemble((_bar(sc.percent, ascii_only=ascii_only), colour)),
                          Text(missing) if missing else Text.assemble(("complete", "green")))
        console.print(table)
        age = st.review_age_days
        if age is None:
            console.print(Text.assemble("review: ", ("never reviewed", "yellow"), " (no review.last in account.yaml)"))
        else:
            from ..account import review_due

            due = review_due(plan)      # review.next, or last + cadence_days, whichever is earlier
            nxt = due.isoformat() if due else "not set"
            console.print(f"review: last {plan.review_last.isoformat()} ({age} days ago), next {nxt}")
        v = st.value
        if v.per_year is None:
            console.print(Text.assemble("quantified value: ", ("unknown", "yellow"),
                                        f" ({len(v.not_computed)} value opportunities not computed)"
                                        if v.not_computed else " (no value opportunity yet)"))
        else:
            line = Text(f"quantified value: {money(v.per_year, v.currency)} per year")
            if v.not_computed:
                line.append(" (")
                line.append(f"{len(v.not_computed)} not computed", style="yellow")
                line.append(f": {clean(', '.join(v.not_computed))})")
            console.print(line)
        if st.overdue:
            console.print(Text.assemble((f"{len(st.overdue)} overdue action{'s' if len(st.overdue) != 1 else ''}",
                                         "red"), ":"))
            for item in st.overdue:
                a = item.action
                line = Text(f"  {a.due.isoformat()}  ")
                line.append(clean(a.owner) if a.owner else "no owner", style="" if a.owner else "yellow")
                line.append(f": {clean(a.do)}  ")
                line.append(f"({clean(item.loc.path)}:{item.loc.line})", style="dim")
                console.print(line)
        else:
            console.print("overdue actions: none")
        for f in st.warnings or []:
            line = Text()
            line.append("warning", style="yellow")
            line.append(f": {clean(f.message)} ")
            line.append(f"[{f.rule}] ({clean(f.path)}:{f.line})", style="dim")
            console.print(line)
        console.print()
