"""`saa status` and completeness (docs/format.md, completeness) on the worked example and on small plans."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from saa.cli import app
from saa.completeness import completeness
from saa.loader import load_plan
from conftest import TELECOM, run_saa

runner = CliRunner()


def status_json(*paths):
    r = runner.invoke(app, ["status", *map(str, paths), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["plans"]


def test_telecom_completeness_by_step():
    (p,) = status_json(TELECOM)
    assert p["id"] == "telecom" and p["path"] == str(TELECOM)
    assert p["steps"] == {"1": 100.0, "2": 100.0, "3": 50.0, "4": 100.0, "5": 0.0, "6": 100.0,
                          "7": 50.0, "8": 50.0, "9": 0.0, "10": pytest.approx(200 / 3)}
    assert p["completeness"] == pytest.approx((100 * 4 + 50 * 3 + 200 / 3) / 10)
    assert p["review_age_days"] == 43  # 2026-10-15 to the pinned 2026-11-27
    assert p["overdue_actions"] == []
    assert {"step": 5, "item": "05-competition.yaml not started"} in p["missing"]
    assert {"step": 3, "item": "needs missing for Jiang L."} in p["missing"]
    assert {"step": 10, "item": "no spoiler scores yet for asic-port-driver"} in p["missing"]


def test_todo_values_count_as_missing(plan_dir):
    folder = plan_dir({"05-competition.yaml": "competitors:\n  - name: TODO\ndifferentiation: []\n",
                       "06-value-buyers.yaml": "value_buyers:\n  - process: Logistics\n    contact: TBD\n    perception: 1\n    strategies: ['...']\n"})
    c = completeness(load_plan(folder))
    assert c.steps[5].percent == 50.0  # a competitor row exists; no differentiation
    assert c.steps[6].percent == 50.0  # the strategy '...' is missing
    assert c.steps[6].missing == ["perception or strategy missing for Logistics"]


def test_time_allocation_and_goals(plan_dir):
    folder = plan_dir({"07-goals-strategy.yaml": """\
        goals:
          - {goal: Win ADSL 2, horizon: short}
          - {goal: Alliance, horizon: long}
        time_allocation: {sales_opportunities: 40%, customer_knowledge: 0.2, build_relationships: 20%,
                          position_value: 10%, internal_alignment: 10%}
        """})
    assert completeness(load_plan(folder)).steps[7].percent == 100.0


def test_overdue_actions_listed(plan_dir):
    folder = plan_dir({"08-opportunities.yaml": """\
        opportunities:
          - id: a
            name: A
            actions:
              - {do: Call the CFO, owner: Ann, due: 2026-11-01}
              - {do: Old and done, owner: Ann, due: 2026-01-01, status: done}
              - {do: Later, owner: Ann, due: 2027-Q2}
        """})
    (p,) = status_json(folder)
    assert [(a["do"], a["due"], a["line"]) for a in p["overdue_actions"]] == [("Call the CFO", "2026-11-01", 5)]
    assert p["review_age_days"] is None


def test_terminal_and_subprocess():
    r = run_saa("status", TELECOM)
    assert r.returncode == 0
    assert "Example Telecom Co." in r.stdout and "62% complete" in r.stdout
    assert "43 days ago" in r.stdout
    bad = run_saa("status", TELECOM / "nope")
    assert bad.returncode == 2 and "no such file or folder" in bad.stderr
