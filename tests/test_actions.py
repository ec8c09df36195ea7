"""`saa actions`: every action across plans with source, owner, due; --overdue, --owner; sorting; call-outs."""

from __future__ import annotations

import json

from conftest import TELECOM, write_plan
from method_helpers import EDGE, EVIL_SHOWN, golden, invoke, saa_text


def actions_json(*args):
    r = invoke("actions", *args, "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def dos(data):
    return [a["do"] for a in data["actions"]]


def test_edge_sorted_by_due_undated_last(plan_dir):
    data = actions_json(plan_dir(EDGE))
    assert data["today"] == "2026-11-27"
    assert dos(data) == ["Overdue call", "Invite to the user group", "Future no owner", "Undated for Ann",
                         "Just a sentence"]
    first = data["actions"][0]
    assert first == {"plan": "edge", "do": "Overdue call", "owner": "Ann", "due": "2026-11-01", "status": "open",
                     "overdue": True, "step": 9, "source": "capture plan: big",
                     "path": first["path"], "line": 5, "column": 9}
    assert first["path"].endswith("09-capture-plans.yaml")
    assert data["actions"][2]["due"] == "2027-03-31"       # 2027-Q1: the last day of the quarter
    assert data["count"] == 5 and data["overdue"] == 1
    assert data["without_owner"] == 2 and data["without_due"] == 2


def test_filters(plan_dir):
    p = plan_dir(EDGE)
    assert dos(actions_json(p, "--overdue")) == ["Overdue call"]
    # case and spaces in the owner do not matter
    assert dos(actions_json(p, "--owner", "ANN")) == ["Overdue call", "Undated for Ann"]
    assert dos(actions_json(p, "--owner", "Bob")) == ["Invite to the user group"]
    assert dos(actions_json(p, "--owner", "Bob", "--all")) == ["Done thing", "Invite to the user group"]
    assert dos(actions_json(p, "--owner", "Zed")) == []
    everything = actions_json(p, "--all")
    assert dos(everything)[0] == "Done thing"              # done: not overdue although its date has passed
    assert everything["actions"][0]["overdue"] is False
    assert "Dropped thing" in dos(everything)
    assert everything["count"] == 7 and everything["overdue"] == 1


def test_many_plans(tmp_path):
    write_plan(tmp_path / "edge", EDGE)
    import shutil

    shutil.copytree(TELECOM, tmp_path / "telecom")
    data = actions_json(tmp_path)
    assert {a["plan"] for a in data["actions"]} == {"edge", "telecom"}
    dues = [a["due"] for a in data["actions"]]
    dated = [d for d in dues if d]
    assert dated == sorted(dated) and dues[: len(dated)] == dated   # undated last
    assert data["count"] == 5 + 15


def test_worked_example_terminal():
    r = invoke("actions", TELECOM)
    assert r.exit_code == 0
    out = r.stdout
    assert out.index("2027-01-31") < out.index("2027-02-28") < out.index("2027-12-31") < out.index("no date")
    assert "called out: 11 open actions without an owner and 11 open actions without a due date" in out
    assert "15 actions, 0 overdue" in out


def test_terminal_overdue_and_owner(plan_dir):
    p = plan_dir(EDGE)
    out = invoke("actions", p, "--overdue").stdout
    assert "overdue" in out and "Overdue call" in out and "Invite" not in out
    out = invoke("actions", p, "--owner", "Zed").stdout
    assert "no open actions owned by Zed" in out


def test_bad_options_exit_2(tmp_path):
    assert invoke("actions", tmp_path / "nope").exit_code == 2
    assert invoke("actions", TELECOM, "--owner", " ").exit_code == 2


def test_markup_in_actions(plan_dir):
    p = plan_dir({"08-opportunities.yaml": """\
        opportunities:
          - id: o
            name: O
            actions:
              - do: "[red]Evil[/red] :smile: \\e[31mX"
                owner: "[bold]"
        """})
    r = saa_text("actions", p, width=300)
    assert r.returncode == 0, r.stderr
    for s in EVIL_SHOWN:
        assert s in r.stdout
    assert "[bold]" in r.stdout
    assert "\x1b" not in r.stdout


def test_subprocess_golden_telecom():
    r = saa_text("actions", TELECOM)
    assert r.returncode == 0, r.stderr
    golden("actions_telecom.txt", r.stdout)


def test_subprocess_golden_edge_all(tmp_path):
    write_plan(tmp_path / "p", EDGE)
    r = saa_text("actions", "p", "--all", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    golden("actions_edge.txt", r.stdout)
