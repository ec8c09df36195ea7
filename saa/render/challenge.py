"""``saa challenge`` for people (rich) and scripts (JSON).

JSON (docs/format.md, JSON output; ``plan``, ``reviewed``, ``gap``, ``evidence``,
``warnings``, ``fail_under`` and ``guide`` are additions)::

    {"challenges": [{"plan", "opportunity", "reviewed",
                     "categories": [{"name",
                                     "team": {"confidence", "implications", "actions"},
                                     "spoiler": {...} or null,
                                     "colour": {"team": {...}, "spoiler": {...} or null},
                                     "gap": {...} or null,           # team minus spoiler
                                     "questions": [{"question", "team": {...} or null,
                                                    "spoiler": {...} or null, "evidence"}]}],
                     "overall": {"team": {...}, "spoiler": {...} or null}}],
     "warnings": [{"path", "line", "column", "severity", "rule", "message"}],
     "fail_under": null or {"threshold", "view", "below": [{"plan", "opportunity", "category",
                                                             "who", "dimension", "score"}]}}

Scores are unrounded means (11/3 is 3.6666...); a dimension without scores is
``null``; colours are "red", "yellow", "green" or ``null``. With ``--guide``
a ``"guide"`` key maps each dimension to its questions.
"""

from __future__ import annotations

from ..capture import capture_plans_without_challenge
from ..challenge import all_green_without_spoiler, colours, gap
from ..vocab import DIMENSIONS
from . import plaintable, terminal as T

ABBR = {"confidence": "conf", "implications": "impl", "actions": "act"}
W = 4


def _scores(s) -> dict | None:
    if not s:
        return None
    return {d: s.get(d) for d in DIMENSIONS}


def _cat_dict(cat, rag) -> dict:
    return {
        "name": cat.category.name,
        "team": cat.team,
        "spoiler": cat.spoiler,
        "colour": {"team": colours(cat.team, rag), "spoiler": colours(cat.spoiler, rag)},
        "gap": gap(cat.team, cat.spoiler),
        "questions": [{"question": q.question, "team": _scores(q.team), "spoiler": _scores(q.spoiler),
                       "evidence": q.evidence} for q in cat.category.questions],
    }


def as_dict(scored, view: str = "both", guide=None, fail_under=None, failing=()) -> dict:
    plan_of = {id(cs): plan for plan, scores in scored for cs in scores}
    rows = [(plan_of[id(f[0])].id if id(f[0]) in plan_of else None, *failing_row(f)) for f in failing]
    return assemble([plan_part(plan, scores) for plan, scores in scored], view, guide, fail_under, rows)


def plan_part(plan, scores) -> dict:
    """One plan's share of the JSON (its challenges and warnings), small data to send between processes."""
    items = [{
        "plan": plan.id,
        "opportunity": cs.challenge.opportunity,
        "reviewed": T.iso(cs.challenge.reviewed),
        "categories": [_cat_dict(c, plan.rag) for c in cs.categories],
        "overall": {"team": cs.overall_team, "spoiler": cs.overall_spoiler},
    } for cs in scores]
    return {"challenges": items, "warnings": [f.as_dict() for f in _warnings(plan, scores)]}


def failing_row(f) -> tuple:
    """A score of :func:`saa.challenge.below` as ``(opportunity, category, who, dimension, score)``."""
    cs, cat, who, d, v = f
    return cs.challenge.opportunity, cat.category.name, who, d, v


def json_of(parts: list, view: str = "both", guide=None, fail_under=None, failing=()) -> str:
    return T.dumps(assemble(parts, view, guide, fail_under, failing))


def assemble(parts: list, view: str = "both", guide=None, fail_under=None, failing=()) -> dict:
    """The JSON of every plan's :func:`plan_part`; ``failing``: ``(plan id, *failing_row)`` tuples."""
    data: dict[str, object] = {"challenges": [i for p in parts for i in p["challenges"]],
                               "warnings": [w for p in parts for w in p["warnings"]], "fail_under": None}
    if fail_under is not None:
        data["fail_under"] = {
            "threshold": fail_under,
            "view": view,
            "below": [{"plan": plan, "opportunity": opp, "category": cat, "who": who, "dimension": d, "score": v}
                      for plan, opp, cat, who, d, v in failing],
        }
    if guide is not None:
        data["guide"] = {d: list(qs) for d, qs in guide.items()}
    return data


def as_json(scored, **kw) -> str:
    return T.dumps(as_dict(scored, **kw))


def guide_json(guide) -> str:
    return T.dumps({"guide": {d: list(qs) for d, qs in guide.items()}})


def _warnings(plan, scores) -> list:
    """The challenge findings (all green without spoiler) of the challenges shown."""
    if not any(all_green_without_spoiler(cs, plan.rag) for cs in scores):
        return []   # what the rule would find among these (and the rule registry need not be imported)
    from ..rules import findings as rule_findings

    shown = {(cs.challenge.loc.path, cs.challenge.loc.line, cs.challenge.loc.column) for cs in scores}
    return [f for f in rule_findings(plan, "all-green-no-spoiler") if (f.path, f.line, f.column) in shown]


def guide(guide, console=None) -> None:
    console = console or T.console()
    console.print("[bold]Challenge questions[/bold]: score each question 1 (weak) to 5 (strong) on three dimensions")
    for d, qs in guide.items():
        console.print(f"[bold]{d.capitalize()}[/bold]")
        for q in qs:
            console.print(f"  - {q}")
    console.print()


def _triple(Text, s, rag=None, style: str = ""):
    """Three scores in one cell, each right-aligned in 4 characters, coloured by rag."""
    t = Text()
    cols = colours(s, rag) if (s is not None and rag is not None) else None
    for i, d in enumerate(DIMENSIONS):
        v = s.get(d) if s else None
        if i:
            t.append(" ")
        t.append(f"{T.score(v):>{W}}", style=(cols or {}).get(d) or style)
    return t


def _raw_triple(Text, s, style: str = "dim"):
    t = Text()
    for i, d in enumerate(DIMENSIONS):
        v = s.get(d) if s else None
        if i:
            t.append(" ")
        t.append(f"{T.DASH if v is None else T.number(float(v)):>{W}}", style=style)
    return t


def _gap_triple(Text, g):
    t = Text()
    for i, d in enumerate(DIMENSIONS):
        v = g.get(d) if g else None
        if i:
            t.append(" ")
        t.append(f"{T.signed(v):>{W}}", style="yellow" if v is not None and abs(v) >= 1 - 1e-9 else "")
    return t


def _header(who: str) -> str:
    return who + "\n" + " ".join(f"{ABBR[d]:>{W}}" for d in DIMENSIONS)


def _table(kit, plan, cs, view: str, opp_names: dict):
    Text, Table = kit

    def text(s, style: str = ""):
        return Text(T.safe(s), style=style)

    ch = cs.challenge
    title = Text.assemble("Challenge: ", text(ch.opportunity, "bold"))
    if ch.opportunity in opp_names:
        title.append_text(Text.assemble(" - ", text(opp_names[ch.opportunity])))
    meta = []
    if ch.reviewed:
        meta.append(f"reviewed {ch.reviewed.isoformat()}")
    meta.append(f"spoiler: {T.safe(ch.spoiler)}" if ch.spoiler else "spoiler: none")
    title.append(f" ({'; '.join(meta)})")
    show_team = view in ("team", "both")
    show_sp = view in ("spoiler", "both")
    table = Table()
    table.add_column("category / question", ratio=1)
    if show_team:
        table.add_column(_header("team"), justify="right", no_wrap=True)
    if show_sp:
        table.add_column(_header("spoiler"), justify="right", no_wrap=True)
    if view == "both":
        table.add_column(_header("gap"), justify="right", no_wrap=True)
    rag = plan.rag
    for i, cat in enumerate(cs.categories):
        row = [text(cat.category.name, "bold")]
        if show_team:
            row.append(_triple(Text, cat.team, rag))
        if show_sp:
            row.append(_triple(Text, cat.spoiler, rag))
        if view == "both":
            row.append(_gap_triple(Text, gap(cat.team, cat.spoiler)))
        table.add_row(*row)
        for q in cat.category.questions:
            qrow = [Text.assemble("  - ", text(q.question))]
            if show_team:
                qrow.append(_raw_triple(Text, q.team))
            if show_sp:
                qrow.append(_raw_triple(Text, q.spoiler))
            if view == "both":
                qrow.append(Text(""))
            table.add_row(*qrow, end_section=(q is cat.category.questions[-1] and i < len(cs.categories) - 1))
        if not cat.category.questions:
            table.add_row(*([Text("  (no questions)", style="dim")] + [Text("")] * (len(row) - 1)),
                          end_section=i < len(cs.categories) - 1)
    table.add_section()
    orow = [Text("overall (mean of all questions)", style="bold")]
    if show_team:
        orow.append(_triple(Text, cs.overall_team, rag))
    if show_sp:
        orow.append(_triple(Text, cs.overall_spoiler, rag))
    if view == "both":
        orow.append(_gap_triple(Text, gap(cs.overall_team, cs.overall_spoiler)))
    table.add_row(*orow)
    return title, table


def _kit(console):
    """rich's Text and Table, or saa.render.plaintable's when stdout is a file rich would print to unstyled."""
    if console is None:
        return (plaintable.Text, plaintable.Table) if plaintable.wanted() else plaintable.kit(None)
    return plaintable.kit(console)


def _t(x: float) -> str:
    return f"{x:.1f}" if round(x, 1) == x else f"{x:g}"


def terminal(scored, view: str = "both", opportunity=None, fail_under=None, failing=(), console=None) -> None:
    kit = _kit(console)
    console = console or _console(kit)
    multi = len(scored) > 1
    for plan, scores in scored:
        terminal_plan(plan, scores, view, opportunity, multi, console, kit)
    terminal_fail_under(fail_under, [failing_row(f) for f in failing], view, console, kit)


def _console(kit, file=None):
    """The console the kit's objects print on: saa.render.plaintable's, or rich's (the terminal's)."""
    return plaintable.Console(file) if kit[0] is plaintable.Text else T.console(file)


def plan_text(plan, scores, view: str = "both", opportunity=None, multi: bool = False) -> str | None:
    """One plan's tables as text drawn without rich (worker processes send it back), or None when
    rich must draw them (a terminal, colour, not certain here): then draw with :func:`terminal_plan`."""
    if not plaintable.wanted():
        return None
    import io

    kit = (plaintable.Text, plaintable.Table)
    buf = io.StringIO()
    terminal_plan(plan, scores, view, opportunity, multi, _console(kit, buf), kit)
    return buf.getvalue()


def terminal_plan(plan, scores, view: str = "both", opportunity=None, multi: bool = False, console=None,
                  kit=None) -> None:
    """One plan's tables (``multi``: headed with the plan's name, as one of several)."""
    kit = kit or _kit(console)
    Text = kit[0]
    console = console or _console(kit)

    def text(s, style: str = ""):
        return Text(T.safe(s), style=style)

    if multi:
        console.print(Text.assemble(("Plan: ", "bold"), text(plan.account), " (", text(plan.display), ")"))
    opp_names = {o.id: o.name for o in plan.opportunities}
    if not scores:
        if opportunity is not None:
            console.print(Text.assemble("no challenge scored for ", text(opportunity), " in 10-challenge.yaml"))
        else:
            console.print("no challenges scored in 10-challenge.yaml")
    for cs in scores:
        for part in _table(kit, plan, cs, view, opp_names):
            console.print(part)
    if scores:
        red, green = plan.rag
        console.print(f"Means to one decimal: red below {_t(red)}, yellow from {_t(red)}, green from {_t(green)}"
                      + ("; gap = team - spoiler" if view == "both" else ""))
    for cp in capture_plans_without_challenge(plan):
        if opportunity in (None, cp.opportunity):
            console.print(Text.assemble(("note: ", "yellow"), "the capture plan of ", text(cp.opportunity),
                                        " has no challenge scoring yet"))
    for f in _warnings(plan, scores):
        console.print(Text.assemble(("warning: ", "yellow"), f"{T.safe(f.path)}:{f.line}: ", text(f.message)))
    if multi:
        console.print()


def terminal_fail_under(fail_under, failing: list, view: str = "both", console=None, kit=None) -> None:
    """The --fail-under verdict; ``failing``: :func:`failing_row` tuples."""
    if fail_under is None:
        return
    kit = kit or _kit(console)
    Text = kit[0]
    console = console or _console(kit)
    if failing:
        n = len(failing)
        console.print(Text(f"fail-under {fail_under:g}: {n} category score{'s' if n != 1 else ''} "
                           f"below {fail_under:g} in view {view}:", style="red"))
        for opp, cat, who, d, v in failing:
            console.print(Text.assemble("  ", Text(T.safe(opp)), " / ", Text(T.safe(cat)),
                                        f": {who} {d} {T.score(v)}"))
    else:
        console.print(f"fail-under {fail_under:g}: every category score in view {view} is {fail_under:g} or more")
