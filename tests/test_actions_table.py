"""`saa actions` draws its table from rows made in the worker processes (saa.render.actions.table_rows):
what it prints is what ``render.terminal`` prints for ``saa.actions.collect`` of the same plans, loaded here,
on plaintable's console (piped) and on rich's, with one process or two, whatever the text of the plans."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TODAY, write_plan
from method_helpers import EDGE

sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

from saa import parallel  # noqa: E402
from saa.actions import collect  # noqa: E402
from saa.cli import app  # noqa: E402
from saa.loader import find_plans, load_plan  # noqa: E402
from saa.render import actions as render, plaintable  # noqa: E402

NASTY = {   # plan text a table must show safely: escapes, tabs and line breaks, markup, wide and odd characters
    "account.yaml": """\
        account: Nasty Ltd
        id: nasty
        owner: Ann
        team:
          - name: Ann
        """,
    "08-opportunities.yaml": """\
        opportunities:
          - id: o-1
            name: O
            actions:
              - do: "Call\\tthem\\nback \\e[31mnow [red]please[/red]"
                owner: "[bold]Ann\\u202e"
                due: 2026-01-05
              - do: "Écrire à l’équipe — vite, très vite, avant la fin du trimestre prochain s’il vous plaît"
                owner: "李雷"
                due: 2027-01-05
              - do: "   "
                owner: "Bob"
                status: done
              - "A sentence-without-any-spaces-that-is-far-too-long-for-any-column-of-the-table-at-all"
        """,
}

ARGS = [[], ["--all"], ["--overdue"], ["--owner", "ann"], ["--owner", "nobody"]]


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("actions-table") / "plans"
    generate.generate(out, 4, seed=5)
    write_plan(out / "edge", EDGE)
    write_plan(out / "nasty", NASTY)
    return out


def _cli(args: list, monkeypatch, jobs: str, rich: bool) -> str:
    with monkeypatch.context() as m:
        m.setattr(parallel, "PARALLEL_MIN", 2)      # 6 plans are "many"
        m.setattr(parallel, "_cpus", lambda: 2)
        m.setenv("SAA_JOBS", jobs)
        if rich:
            m.setattr(plaintable, "wanted", lambda file=None: False)
        r = CliRunner().invoke(app, ["actions", *args])
    assert r.exit_code == 0, r.output
    return r.stdout


def _collected(args: list, paths: list, rich: bool) -> str:
    """What render.terminal prints for saa.actions.collect of the plans, loaded in this process."""
    import datetime

    owner = args[args.index("--owner") + 1] if "--owner" in args else None
    plans = [load_plan(f) for f in find_plans([str(p) for p in paths], [])]
    result = collect(plans, datetime.date.fromisoformat(TODAY), owner=owner, overdue_only="--overdue" in args,
                     include_closed="--all" in args)
    if rich:
        from saa.render.terminal import console

        c = console(io.StringIO())
    else:
        c = plaintable.Console(io.StringIO())
    render.terminal(result, owner=owner, overdue="--overdue" in args, include_closed="--all" in args, console=c)
    return c.file.getvalue()


@pytest.mark.parametrize("rich", [False, True], ids=["piped", "rich"])
@pytest.mark.parametrize("args", ARGS, ids=" ".join)
def test_table_from_the_workers_is_the_table_of_collect(args, rich, plans, monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    expected = _collected(args, [plans], rich)
    assert ("no open actions owned by nobody" if "nobody" in args else "┏") in expected
    for jobs in ("1", "2"):
        assert _cli([*args, str(plans)], monkeypatch, jobs, rich) == expected


def test_one_plan_names_no_plan_in_its_rows(plans, monkeypatch):
    monkeypatch.setenv("COLUMNS", "90")
    out = _cli(["--all", str(plans / "nasty")], monkeypatch, "1", False)
    assert out == _collected(["--all"], [plans / "nasty"], False)
    assert "nasty:" not in out and "opportunity: o-1" in out


def test_nasty_text_is_shown_safely(plans, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    out = _cli(["--all", str(plans / "nasty"), str(plans / "edge")], monkeypatch, "1", False)
    assert "\x1b" not in out and "\u202e" not in out and "\t" not in out
    assert "Call them back \\x1b[31mnow [red]please[/red]" in out     # tab and line break: spaces
    assert "[bold]Ann\\u202e" in out and "李雷" in out
    assert "nasty: step 8 Opportunity matrix" in out and "edge: step 9 Capture plans" in out
    lines = out.splitlines()
    # sorted by due date, undated last; the rows of both plans mixed
    firsts = [line.split("│")[1].strip() for line in lines if line.startswith("│") and line.split("│")[1].strip()]
    assert firsts[:4] == ["2026-01-05", "overdue", "2026-10-01", "2026-11-01"]
    assert lines[-2] == "10 actions, 8 open, 2 overdue"


def test_sort_key_of_the_rows_is_the_sort_key_of_collect(plans):
    """The tuples sort as saa.actions.sort_key sorts the rows: by due date (undated last), plan, file, place."""
    import datetime

    from saa.actions import plan_rows

    when = datetime.date.fromisoformat(TODAY)
    loaded = [load_plan(f) for f in find_plans([str(plans)], [])]
    rows = [r for p in loaded for r in render.table_rows(p, plan_rows(p, when, include_closed=True))]
    rows.sort(key=render.KEY)
    expected = collect(loaded, when, include_closed=True).rows
    assert len(rows) == len(expected) > 50
    assert [(r[2], r[3], r[4], r[5]) for r in rows] == \
        [(e.plan.display, e.item.loc.path, e.item.loc.line, e.item.loc.column) for e in expected]


def _collected_json(args: list, paths: list) -> str:
    import datetime

    owner = args[args.index("--owner") + 1] if "--owner" in args else None
    plans = [load_plan(f) for f in find_plans([str(p) for p in paths], [])]
    return render.as_json(collect(plans, datetime.date.fromisoformat(TODAY), owner=owner,
                                  overdue_only="--overdue" in args, include_closed="--all" in args))


@pytest.mark.parametrize("args", ARGS, ids=" ".join)
def test_json_from_the_workers_is_the_json_of_collect(args, plans, monkeypatch):
    """--json: the objects are written in the workers, as json writes them (escapes, non-ASCII, null)."""
    import json

    expected = _collected_json(args, [plans])
    data = json.loads(expected)
    assert data["count"] == len(data["actions"]) and (data["count"] == 0) == ("nobody" in args)
    for jobs in ("1", "2"):
        assert _cli(["--json", *args, str(plans)], monkeypatch, jobs, False) == expected
    if "--all" in args:
        nasty = [a for a in data["actions"] if a["plan"] == "nasty"]
        assert nasty[0]["do"] == "Call\tthem\nback \x1b[31mnow [red]please[/red]"    # JSON: the text as written
        assert '"owner": "[bold]Ann\u202e"' in expected and '"do": "Call\\tthem\\nback \\u001b[31mnow' in expected


def test_json_of_other_values_is_json_itself():
    """Values no plan gives today (a float, a list, a dict) are written by json itself, at their place."""
    import datetime

    from saa.actions import ActionList

    class Row:   # what as_json reads of a row
        def __init__(self, plan_id, do):
            self.plan = type("P", (), {"id": plan_id, "display": plan_id})()
            self.item = type("I", (), {"step": 8, "source": "opportunity: o",
                                       "loc": type("L", (), {"path": "p/08.yaml", "line": 3, "column": 7})()})()
            self.action = type("A", (), {"do": do, "owner": None, "due": None, "status": "open"})()
            self.overdue = False

    today = datetime.date.fromisoformat(TODAY)
    for do in ["plain", 1.5, ["a", {"b": [1, None]}], {}, [], "é\u2028\x00\""]:
        rows = [Row("x", do), Row("y", "second")]
        result = ActionList(rows, rows, rows, today)   # both open, without an owner or a due date
        made = [r for row in rows for r in render.json_rows(row.plan, [row])]
        assert render.json_text(made, today) == render.as_json(result)
    assert render.json_text([], today) == render.as_json(ActionList([], [], [], today))
    assert render.json_text([], None) == render.as_json(ActionList([], [], [], None))
