"""Each rule of the registry on a small plan: exactly which findings, at which (line, column)."""

from __future__ import annotations

import datetime as dt

import pytest

from saa.loader import load_plan
from saa.rules import BY_ID, Context
from conftest import write_plan

TODAY = dt.date(2026, 11, 27)


def hits(tmp_path, rule_id: str, files: dict, **ctx) -> list[tuple]:
    """(file, line, column, severity) of every finding of one rule on a plan of ``files``."""
    plan = load_plan(write_plan(tmp_path / "p", files))
    rule = BY_ID[rule_id]
    out = []
    for f in rule.check(plan, Context(TODAY, **ctx)):
        assert f.rule == rule_id and f.severity == rule.SEVERITY
        out.append((f.path.rsplit("/", 1)[-1], f.line, f.column, f.message))
    return out


def where(found) -> list[tuple]:
    return [(name, line, col) for name, line, col, _msg in found]


def test_duplicate_id(tmp_path):
    found = hits(tmp_path, "duplicate-id", {"08-opportunities.yaml": """\
        opportunities:
          - id: a
            name: A
          - id: a
            name: A again
        """})
    assert where(found) == [("08-opportunities.yaml", 4, 5)]
    assert "first at line 2" in found[0][3]


def test_duplicate_contact(tmp_path):
    found = hits(tmp_path, "duplicate-contact", {"02-network.yaml": """\
        contacts:
          - name: Bo
          - name: Cy
          - name: Bo
        """})
    assert where(found) == [("02-network.yaml", 4, 5)]


def test_dangling_reference(tmp_path):
    found = hits(tmp_path, "dangling-reference", {
        "02-network.yaml": """\
            contacts:
              - name: Bo
                reports_to: Boss
              - reports_to: Bo
            allies:
              - ally: Bo
                target: Cyy
            """,
        "09-capture-plans.yaml": """\
            capture_plans:
              - opportunity: nope
                buying_influences: [Bo, Dan]
            """})
    assert where(found) == [("02-network.yaml", 3, 17), ("02-network.yaml", 7, 13),
                            ("09-capture-plans.yaml", 3, 29), ("09-capture-plans.yaml", 2, 18)]
    assert found[-1][3] == "'nope' is not an opportunity id in 08-opportunities.yaml"


def test_dangling_reference_not_for_placeholders(tmp_path):
    assert hits(tmp_path, "dangling-reference", {"03-needs-kano.yaml": "needs:\n  - contact: TODO\n"}) == []


def test_unknown_member(tmp_path):
    found = hits(tmp_path, "unknown-member", {
        "account.yaml": "account: T\nowner: Zed\nteam:\n  - name: Ann\n",
        "02-network.yaml": "contacts:\n  - name: Bo\n    our_link: Anne\n  - name: Cy\n    our_link: TODO\n",
        "08-opportunities.yaml": "opportunities:\n  - id: a\n    name: A\n    actions:\n      - {do: Call, owner: Max}\n"})
    assert where(found) == [("account.yaml", 2, 8), ("02-network.yaml", 3, 15), ("08-opportunities.yaml", 5, 27)]
    assert "did you mean 'Ann'" in found[1][3]


def test_unreached_decision_maker(tmp_path):
    found = hits(tmp_path, "unreached-decision-maker", {"02-network.yaml": """\
        contacts:
          - {name: Bo, role: decision-maker, our_link: Ann}
          - {name: Cy, role: decision-maker, our_link: Ann, link_level: 2}
          - {name: Di, role: decision-maker, relation: "++"}
          - {name: Ed, role: decision-maker}
          - {name: Fay, role: user}
        allies:
          - {ally: Bo, target: Ed}
        """})
    # Bo is reached by Ann, Ed through the ally Bo; a second-level link or a good relation alone is no path
    assert where(found) == [("02-network.yaml", 3, 5), ("02-network.yaml", 4, 5)]
    assert found[0][3].startswith("decision maker 'Cy' has no path from our team")


def test_no_capture_plan_and_no_challenge(tmp_path):
    files = {
        "08-opportunities.yaml": """\
            opportunities:
              - {id: a, name: A, stage: proposal}
              - {id: b, name: B, stage: concept}
              - {id: c, name: C, stage: negotiation}
            """,
        "09-capture-plans.yaml": "capture_plans:\n  - opportunity: c\n",
    }
    assert where(hits(tmp_path, "no-capture-plan", files)) == [("08-opportunities.yaml", 2, 5)]
    assert where(hits(tmp_path, "no-challenge", files)) == [("09-capture-plans.yaml", 2, 5)]


def test_overdue_action(tmp_path):
    found = hits(tmp_path, "overdue-action", {"08-opportunities.yaml": """\
        opportunities:
          - id: a
            name: A
            actions:
              - {do: Late, due: 2026-11-01}
              - {do: Done, due: 2026-11-01, status: done}
              - {do: Later, due: 2026-12-01}
        """})
    assert where(found) == [("08-opportunities.yaml", 5, 25)]
    assert found[0][3] == "action overdue since 2026-11-01: Late"


def test_time_allocation(tmp_path):
    found = hits(tmp_path, "time-allocation", {"07-goals-strategy.yaml": """\
        goals: []
        time_allocation:
          sales_opportunities: 50%
          customer_knowledge: 40%
        """})
    assert where(found) == [("07-goals-strategy.yaml", 2, 1)]
    assert "adds up to 90%" in found[0][3]


VALUE = """\
    value_opportunities:
      - id: v
        opportunity: V
        quantification:
          formula: tons * price
          inputs: {tons: 10, price: 5}
          claimed: {claimed}
      - id: w
        opportunity: W
        quantification:
          formula: tons * (price
          inputs: {tons: 10, price: 5}
    """


def test_formula(tmp_path):
    found = hits(tmp_path, "formula", {"04-value-opportunities.yaml": VALUE.replace("{claimed}", "50")})
    assert where(found) == [("04-value-opportunities.yaml", 11, 16)]


def test_claim_mismatch(tmp_path):
    assert hits(tmp_path, "claim-mismatch", {"04-value-opportunities.yaml": VALUE.replace("{claimed}", "50")}) == []
    found = hits(tmp_path, "claim-mismatch", {"04-value-opportunities.yaml": VALUE.replace("{claimed}", "60")})
    assert where(found) == [("04-value-opportunities.yaml", 7, 16)]


def test_quadrant_mismatch(tmp_path):
    found = hits(tmp_path, "quadrant-mismatch", {"08-opportunities.yaml": """\
        opportunities:
          - {id: a, name: A, stage: proposal, quadrant: II}
          - {id: b, name: B, stage: won, quadrant: I}
          - {id: c, name: C, stage: concept, quadrant: II}
        """})
    assert where(found) == [("08-opportunities.yaml", 2, 49), ("08-opportunities.yaml", 3, 44)]


def test_all_green_no_spoiler(tmp_path):
    green = "{confidence: 5, implications: 4, actions: 5}"
    found = hits(tmp_path, "all-green-no-spoiler", {"10-challenge.yaml": f"""\
        challenges:
          - opportunity: a
            categories:
              - name: Fit
                questions:
                  - {{question: Q1, team: {green}}}
          - opportunity: b
            categories:
              - name: Fit
                questions:
                  - {{question: Q1, team: {green}, spoiler: {green}}}
        """})
    assert where(found) == [("10-challenge.yaml", 2, 5)]


def test_stale_only_with_max_age(tmp_path):
    files = {"account.yaml": "account: T\nreview:\n  last: 2026-06-01\n"}
    assert hits(tmp_path, "stale", files) == []
    found = hits(tmp_path, "stale", files, max_age=90)
    assert where(found) == [("account.yaml", 3, 9)]
    assert "179 days ago" in found[0][3]
    assert where(hits(tmp_path, "stale", {"account.yaml": "account: T\n"}, max_age=90)) == [("account.yaml", 1, 1)]


def test_completeness_gate_only_with_min_completeness(tmp_path):
    assert hits(tmp_path, "completeness", {}) == []
    found = hits(tmp_path, "completeness", {}, min_completeness=50)
    assert where(found) == [("account.yaml", 1, 1)]
    assert "0% complete, below the minimum 50%" in found[0][3]


@pytest.mark.parametrize("rule_id", ["type", "unknown-key", "yaml-syntax", "missing-file"])
def test_ids_found_while_loading_have_no_check(rule_id):
    assert not BY_ID[rule_id].checks()
