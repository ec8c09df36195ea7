"""`saa matrix`: quadrants by stage, priority order, expected values, unknowns, closed deals, JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import TELECOM, write_plan
from method_helpers import EDGE, EVIL_SHOWN, golden, invoke, saa_text


def matrix_json(path):
    r = invoke("matrix", path, "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def ids(items):
    return [i["id"] for i in items]


ITEM_KEYS = ["id", "name", "stage", "value", "probability", "expected_value", "decision"]


def test_worked_example():
    data = matrix_json(TELECOM)
    assert data["currency"] == "USD"
    q = data["quadrants"]
    assert list(q) == ["I", "II", "III", "IV"]
    assert ids(q["I"]) == ["asic-port-driver", "adsl2"]
    assert ids(q["II"]) == ["sdr-platform", "ip-router"]
    assert ids(q["III"]) == ["media-gateway"]
    assert ids(q["IV"]) == ["technical-alliance"]
    assert data["closed"] == []
    asic = q["I"][0]
    assert list(asic)[:7] == ITEM_KEYS
    assert asic["value"] == 7_000_000
    assert asic["probability"] == 0.95
    assert asic["expected_value"] == pytest.approx(6_650_000)
    assert asic["decision"] == "2027-03-31"
    assert q["I"][1]["expected_value"] == pytest.approx(4_275_000)
    # unknown value, unknown probability: null, never 0
    router = q["II"][1]
    assert router["value"] is None and router["expected_value"] is None and router["decision"] is None
    assert q["II"][0]["value"] == 20_000_000 and q["II"][0]["probability"] is None
    assert q["II"][0]["expected_value"] is None
    assert data["totals"]["I"]["expected_value"] == pytest.approx(10_925_000)
    assert data["totals"]["IV"]["value"] is None
    # months to decision from SAA_TODAY 2026-11-27: 124 days
    assert asic["months_to_decision"] == pytest.approx(124 / (365.25 / 12))


def test_worked_example_terminal():
    r = invoke("matrix", TELECOM)
    assert r.exit_code == 0
    out = r.stdout
    for s in ("I. Deals in progress", "II. Early-stage deals", "III. Customer delay or cancelling",
              "IV. Long-term potential", "EV USD 6,650,000", "decision in 4.1 months (2027-03-31)",
              "total: value USD 11,500,000, EV USD 10,925,000", "value unknown, p unknown"):
        assert s in out, s
    assert out.index("ASIC Port Driver") < out.index("ADSL 2")
    assert "USD 0" not in out


def test_edge_priority_unknowns_fx_and_closed(plan_dir):
    data = matrix_json(plan_dir(EDGE))
    q = data["quadrants"]
    # EV high to low; equal EV: earlier decision first; unknown value last
    assert ids(q["I"]) == ["sure", "tie", "big", "mystery"]
    assert [i["expected_value"] for i in q["I"]] == [pytest.approx(540_000), 500_000, 500_000, None]
    # the written quadrant II overrides stage potential (IV), with a warning
    assert ids(q["II"]) == ["euro", "misfiled"]
    assert ids(q["III"]) == ["stalled"]
    assert ids(q["IV"]) == ["someday"]
    # EUR 100k at 1.1
    assert q["II"][0]["value"] == pytest.approx(110_000)
    assert q["II"][0]["expected_value"] == pytest.approx(55_000)
    # closed: off the matrix, unknown stays null
    assert ids(data["closed"]) == ["won-deal", "lost-deal"]
    assert data["closed"][0]["stage"] == "won" and data["closed"][0]["value"] == 2_000_000
    assert data["closed"][1]["value"] is None
    rules = [(w["rule"], w["line"]) for w in data["warnings"]]
    assert rules == [("quadrant-mismatch", 37)]
    assert q["III"][0]["months_to_decision"] < 0
    t = data["totals"]["I"]
    assert t["value"] == 2_600_000 and t["unknown_value"] == 1 and t["expected_value"] == pytest.approx(1_540_000)


def test_edge_terminal(plan_dir):
    r = invoke("matrix", plan_dir(EDGE))
    assert r.exit_code == 0
    out = r.stdout
    assert "Closed (off the matrix)" in out
    assert "Won deal (won-deal)" in out and "Lost deal (lost-deal)" in out
    assert "warning:" in out and "quadrant II disagrees with stage potential" in out
    assert "decision 0.9 months ago (2026-10-31)" in out
    assert "+ 1 unknown" in out


def test_months_to_decision_core():
    from saa.matrix import months_to_decision
    from saa.plan import Opportunity

    o = Opportunity("x", "X", 1.0, True, 0.5, "proposal", dt.date(2027, 11, 27), None, None, None, [], None, None)
    assert months_to_decision(o, dt.date(2026, 11, 27)) == pytest.approx(365 / (365.25 / 12))
    o.decision = None
    assert months_to_decision(o, dt.date(2026, 11, 27)) is None


def test_no_opportunities(plan_dir):
    data = matrix_json(plan_dir({}))
    assert data["quadrants"] == {"I": [], "II": [], "III": [], "IV": []}
    assert data["closed"] == []


def test_bad_path_exits_2(tmp_path):
    assert invoke("matrix", tmp_path / "missing").exit_code == 2


def test_markup_in_names_prints_literally(plan_dir):
    p = plan_dir({"08-opportunities.yaml": """\
        opportunities:
          - id: evil
            name: "[red]Evil[/red] :smile: \\e[31mX"
            value: 1k
            stage: proposal
            probability: 50%
        """})
    r = saa_text("matrix", p, width=300)
    assert r.returncode == 0, r.stderr
    for s in EVIL_SHOWN:
        assert s in r.stdout
    assert "\x1b" not in r.stdout
    # colour forced on: rich's own escapes appear, the plan's never does
    r = saa_text("matrix", p, width=300, env={"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert r.returncode == 0
    assert "\x1b[" in r.stdout                # colour is on
    assert "\x1b[31mX" not in r.stdout
    assert "[red]Evil[/red]" in r.stdout


def test_subprocess_golden_telecom():
    r = saa_text("matrix", TELECOM)
    assert r.returncode == 0, r.stderr
    golden("matrix_telecom.txt", r.stdout)


def test_subprocess_golden_edge(tmp_path):
    write_plan(tmp_path / "p", EDGE)
    r = saa_text("matrix", "p", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    golden("matrix_edge.txt", r.stdout)
