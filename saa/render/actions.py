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
from operator import itemgetter

from ..actions import called_out, sort_key
from ..vocab import STEP_NAMES
from . import terminal as T

SOURCE_WIDTH = 70


# A row of the table, made where the plan is (a worker process for a large portfolio): a flat tuple of
# plain values, quick to send back and to sort, every piece of plan text already made safe (T.safe).
# The fields: no due date?, the due day (a number), the plan's display name, path, line, column (the sort key,
# :data:`KEY`: saa.actions.sort_key, the one order of actions); status, overdue?, due date (ISO) or None, owner or None, what to do,
# the plan's id, where the action comes from (step and item), its file and line.
KEY = itemgetter(0, 1, 2, 3, 4, 5)


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


def json_rows(plan, found) -> list[tuple]:
    """The objects of :func:`as_json` for :func:`saa.actions.plan_rows`'s ``found`` of one plan, made where the
    plan is (a worker process for a large portfolio) as their JSON text: (the sort key, :data:`KEY`; open?,
    overdue?, without an owner?, the text), in the order given. :func:`json_text` puts them together."""
    from json.encoder import encode_basestring as string   # as json writes a string with ensure_ascii=False

    out: list[tuple] = []
    for r in found:
        a = r.action
        out.append((*sort_key(r), a.status == "open", bool(r.overdue), not a.owner, _object(_row(r), string)))
    return out


def json_text(rows: list, today) -> str:
    """:func:`as_json` of the :func:`json_rows` of the plans (sorted with ``key=KEY``), byte for byte."""
    from json.encoder import encode_basestring as string

    n_overdue = no_owner = no_due = 0
    for undated, _, _, _, _, _, is_open, late, ownerless, _ in rows:
        n_overdue += late
        unowned, undue = called_out(is_open, not ownerless, not undated)
        no_owner += unowned
        no_due += undue
    actions = "[\n    " + ",\n    ".join([r[-1] for r in rows]) + "\n  ]" if rows else "[]"
    return "".join(["{\n  \"today\": ", _scalar(T.iso(today), string) or 'null', ",\n  \"actions\": ", actions,
                    f",\n  \"count\": {len(rows)},\n  \"overdue\": {n_overdue},\n  \"without_owner\": {no_owner},"
                    f"\n  \"without_due\": {no_due}\n}}\n"])


def _object(d: dict, string) -> str:
    """``d`` as ``json.dumps(..., indent=2, ensure_ascii=False)`` writes it at the place of an action in
    :func:`as_json`'s document (two levels in); ``string``: json's writer of a string."""
    parts = []
    for k, v in d.items():
        text = _scalar(v, string)
        if text is None:   # not a plain scalar: json itself, indented to the place
            import json

            return json.dumps(d, indent=2, ensure_ascii=False).replace("\n", "\n    ")
        parts.append(f"{string(k)}: {text}")
    return "{\n      " + ",\n      ".join(parts) + "\n    }" if parts else "{}"


def _scalar(v, string) -> str | None:
    """A string, None, a bool or an int as json writes it (``string``: json's writer of a string); None for
    anything else."""
    if isinstance(v, str):
        return string(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return int.__repr__(v)
    return None


def _short(s: str, n: int = SOURCE_WIDTH) -> str:
    s = T.safe(s)
    return s if len(s) <= n else s[: n - 3].rstrip() + "..."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def table_rows(plan, found) -> list[tuple]:
    """The table's rows of :func:`saa.actions.plan_rows`'s ``found`` of one plan (``plan``: the plan or its
    :class:`saa.parallel.PlanRef`), in the order given: sort them with ``key=KEY`` (stable)."""
    name = T.safe(plan.id)
    sources: dict = {}   # the "from" text of each item, the name of each file: a plan repeats them
    files: dict = {}
    out: list[tuple] = []
    append = out.append
    for r in found:
        a, item = r.action, r.item
        loc, due, owner, do = item.loc, a.due, a.owner, a.do
        source = sources.get((item.step, item.source))
        if source is None:
            source = sources[item.step, item.source] = \
                f"step {item.step} {STEP_NAMES.get(item.step, '')}\n" + _short(item.source)
        file = files.get(loc.path)
        if file is None:
            file = files[loc.path] = "\n" + T.safe(os.path.basename(loc.path)) + ":"
        append((*sort_key(r), a.status, r.overdue, None if due is None else due.isoformat(),
                (owner if type(owner) is str and owner.isprintable() else T.safe(owner)) if owner else None,
                do if type(do) is str and do.isprintable() else T.safe(do), name, source, f"{file}{loc.line}"))
    return out


def terminal(result, owner=None, overdue=False, include_closed=False, console=None) -> None:
    """The table of actions; drawn with saa.render.plaintable's classes on its console (piped output), else
    with rich's."""
    rows = []
    for r in result.rows:   # sorted already; a plan's rows one after the other
        rows += table_rows(r.plan, [r])
    draw(rows, result.today, multi=len({id(r.plan) for r in result.rows}) > 1, owner=owner, overdue=overdue,
         include_closed=include_closed, console=console)


def draw(rows: list, today, multi: bool, owner=None, overdue=False, include_closed=False, console=None) -> None:
    """The table of :func:`table_rows` (sorted; ``multi``: of more than one plan, each row then names its
    plan), as :func:`terminal` draws it."""
    from . import plaintable

    console = console or plaintable.console()
    Text, Table = plaintable.kit(console)
    plain = Text is plaintable.Text

    what = "actions" if include_closed else "open actions"
    if overdue:
        what = "overdue actions"
    head = Text(f"{what.capitalize()}")
    if owner is not None:
        head.append_text(Text.assemble(" of ", Text(T.safe(owner))))
    head.append(f" (today {T.iso(today)})")
    console.print(head)
    if not rows:
        console.print(f"no {what}" + (f" owned by {T.markup(owner)}" if owner is not None else ""))
        return
    table = Table()
    table.add_column("due", no_wrap=True)
    table.add_column("owner", ratio=1)
    table.add_column("action", ratio=3)
    table.add_column("from", ratio=2, overflow="fold")
    if include_closed:
        table.add_column("status", no_wrap=True)
    add = table.add_row
    n_open = n_overdue = no_owner = no_due = 0
    for undated, _, _, _, _, _, status, late, due, who, do, plan, source, file in rows:
        is_open = status == "open"
        n_open += is_open
        unowned, undue = called_out(is_open, who is not None, not undated)
        no_owner += unowned
        no_due += undue
        n_overdue += late
        if plain:   # styles have no effect here: the cells' text only
            cells = [Text("no date" if undated else f"{due}\noverdue" if late else due),
                     Text("no owner" if who is None else who), Text(do),
                     Text(f"{plan}: {source}{file}" if multi else source + file)]
            if include_closed:
                cells.append(Text(status))
            add(*cells)
            continue
        if undated:
            due_cell = Text("no date", style="yellow" if is_open else "dim")
        elif late:
            due_cell = Text(f"{due}\noverdue", style="red")
        else:
            due_cell = Text(due)
        src = Text()
        if multi:
            src.append_text(Text.assemble(Text(plan, style="bold"), ": "))
        src.append(source)
        src.append(file, style="dim")
        row = [due_cell, Text("no owner", style="yellow" if is_open else "dim") if who is None else Text(who),
               Text(do), src]
        if include_closed:
            row.append(Text(status, style="" if is_open else "dim"))
        add(*row)
    console.print(table)
    summary = f"{_plural(len(rows), 'action')}"
    if include_closed:
        summary += f", {n_open} open"
    summary += f", {n_overdue} overdue"
    console.print(summary)
    if no_owner or no_due:
        parts = []
        if no_owner:
            parts.append(f"{_plural(no_owner, 'open action')} without an owner")
        if no_due:
            parts.append(f"{_plural(no_due, 'open action')} without a due date")
        console.print(Text(f"called out: {' and '.join(parts)}; give each an owner and a date "
                           "so the whole team knows who does what by when", style="yellow"))
