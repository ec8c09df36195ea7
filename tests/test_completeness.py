"""Completeness items (saa/completeness.ITEMS): each one done and not done, and what it says is missing."""

from __future__ import annotations

import pytest

from saa.completeness import ITEMS, completeness, done_when, items
from saa.loader import load_plan
from conftest import write_plan

NET = "02-network.yaml"
OPP = "08-opportunities.yaml"
CAP = "09-capture-plans.yaml"
CH = "10-challenge.yaml"
Q_TEAM = "{question: Q, team: {confidence: 4, implications: 4, actions: 4}}"

# (step, item index, files where it is done, files where it is not, what is missing then)
CASES = [
    (1, 0, {"01-customer-profile.yaml": "strategic_analysis:\n  challenges_and_opportunities: [5G rollout]\n"},
     {"01-customer-profile.yaml": "strategic_analysis:\n  challenges_and_opportunities: [TODO]\n"},
     "no challenge or opportunity of the customer yet"),
    (1, 1, {"01-customer-profile.yaml": "strategic_analysis:\n  customer_actions:\n    - {action: Buys, executive: CEO}\n"},
     {"01-customer-profile.yaml": "strategic_analysis:\n  customer_actions:\n    - {action: Buys}\n"},
     "no customer action with its executive yet"),
    (1, 2, {"01-customer-profile.yaml": "swot: {strengths: [a], weaknesses: [b], opportunities: [c], threats: [d]}\n"},
     {"01-customer-profile.yaml": "swot: {strengths: [a], weaknesses: [b]}\n"},
     "SWOT lists still empty: opportunities, threats"),
    (1, 3, {"01-customer-profile.yaml": "implications:\n  - {implication: So what, actions: [Call]}\n"},
     {"01-customer-profile.yaml": "implications:\n  - {implication: So what}\n"},
     "no implication with an action yet"),
    (2, 0, {NET: "contacts:\n  - {name: Bo, role: decision-maker}\n"}, {NET: "contacts:\n  - {name: Bo, role: user}\n"},
     "no decision maker yet"),
    (2, 1, {NET: "contacts:\n  - {name: Bo, role: user, relation: '+', our_link: Ann}\n"},
     {NET: "contacts:\n  - {name: Bo, role: user, relation: '+', our_link: Ann}\n  - {name: Cy, role: user}\n  - {role: user}\n"},
     "role, relation or our_link missing for Cy, #3"),
    (2, 2, {NET: "allies:\n  - {ally: A, target: B}\n"}, {NET: "allies: []\n"}, "no ally yet"),
    (3, 0, {NET: "contacts:\n  - {name: Bo, role: decision-maker}\n", "03-needs-kano.yaml": "needs:\n  - {contact: Bo, personal: [Calm]}\n"},
     {NET: "contacts:\n  - {name: Bo, role: decision-maker}\n  - {name: Cy, role: key-influencer}\n",
      "03-needs-kano.yaml": "needs:\n  - {contact: Bo, personal: [Calm]}\n"},
     "needs missing for Cy"),
    (3, 1, {"03-needs-kano.yaml": "kano:\n  - {care_about: Uptime, must_have: [a], more_is_better: [b], delight: [c]}\n"},
     {"03-needs-kano.yaml": "kano:\n  - {care_about: Uptime, must_have: [a], more_is_better: [b]}\n"},
     "no KANO row with all three levels yet"),
    (4, 0, {"04-value-opportunities.yaml": "value_opportunities:\n  - {id: v, opportunity: V}\n"},
     {"04-value-opportunities.yaml": "value_opportunities: []\n"}, "no value opportunity yet"),
    (4, 1, {"04-value-opportunities.yaml": "value_opportunities:\n  - {id: v, opportunity: V, owner: CFO, drivers: [cost],"
                                           " quantification: {formula: 2 * 3}}\n"},
     {"04-value-opportunities.yaml": "value_opportunities:\n  - {id: v, opportunity: V, owner: CFO, drivers: [cost],"
                                     " quantification: {formula: 2 * x}}\n"},
     "owner, drivers or a formula that evaluates missing for v"),
    (5, 0, {"05-competition.yaml": "competitors:\n  - name: TODO\n"}, {"05-competition.yaml": "competitors: []\n"},
     "no competitor yet"),
    (5, 1, {"05-competition.yaml": "differentiation:\n  - {driver: Speed, us: 4}\n"},
     {"05-competition.yaml": "differentiation: []\n"}, "no differentiation row yet"),
    (6, 0, {"06-value-buyers.yaml": "value_buyers:\n  - {process: P, contact: C}\n"},
     {"06-value-buyers.yaml": "value_buyers: []\n"}, "no value buyer yet"),
    (6, 1, {"06-value-buyers.yaml": "value_buyers:\n  - {process: P, contact: C, perception: 1, strategies: [Visit]}\n"},
     {"06-value-buyers.yaml": "value_buyers:\n  - {process: P, contact: C, perception: 1, strategies: ['...']}\n"},
     "perception or strategy missing for P"),
    (7, 0, {"07-goals-strategy.yaml": "goals:\n  - {goal: A, horizon: short}\n  - {goal: B, horizon: long}\n"},
     {"07-goals-strategy.yaml": "goals:\n  - {goal: A, horizon: short}\n"}, "no long goal yet"),
    (7, 1, {"07-goals-strategy.yaml": "time_allocation: {sales_opportunities: 60%, customer_knowledge: 40%}\n"},
     {"07-goals-strategy.yaml": "time_allocation: {sales_opportunities: 60%, customer_knowledge: 30%}\n"},
     "time allocation adds up to 90%, not 100%"),
    (8, 0, {OPP: "opportunities:\n  - {id: a, name: A}\n"}, {OPP: "opportunities: []\n"}, "no opportunity yet"),
    (8, 1, {OPP: "opportunities:\n  - {id: a, name: A, value: unknown, stage: concept, decision: 2027-01, actions: [Call]}\n"},
     {OPP: "opportunities:\n  - {id: a, name: A, stage: concept, decision: 2027-01, actions: [Call]}\n"},
     "value, stage, decision date or action missing for a"),
    (9, 0, {OPP: "opportunities:\n  - {id: a, name: A, stage: proposal}\n", CAP: "capture_plans:\n  - opportunity: a\n"},
     {OPP: "opportunities:\n  - {id: a, name: A, stage: proposal}\n  - {id: b, name: B, stage: negotiation}\n",
      CAP: "capture_plans:\n  - opportunity: a\n"},
     "no capture plan yet for the quadrant-I b"),
    (9, 1, {CAP: "capture_plans:\n  - {opportunity: a, objective: Win, actions: [{do: Call, owner: Ann, due: 2027-01-01}]}\n"},
     {CAP: "capture_plans:\n  - {opportunity: a, objective: Win, actions: [{do: Call, owner: Ann}]}\n"},
     "objective or an action with owner and due date missing for a"),
    (10, 0, {CAP: "capture_plans:\n  - opportunity: a\n", CH: "challenges:\n  - opportunity: a\n"},
     {CAP: "capture_plans:\n  - opportunity: a\n  - opportunity: b\n", CH: "challenges:\n  - opportunity: a\n"},
     "no challenge yet for the capture plan of b"),
    (10, 1, {CH: f"challenges:\n  - opportunity: a\n    categories:\n      - name: Fit\n        questions:\n          - {Q_TEAM}\n"},
     {CH: f"challenges:\n  - opportunity: a\n    categories:\n      - name: Fit\n        questions:\n          - {Q_TEAM}\n"
          "          - {question: Q2, team: {confidence: 4}}\n"},
     "team scores missing on 1 of 2 questions"),
    (10, 2, {CH: "challenges:\n  - opportunity: a\n    categories:\n      - name: Fit\n        questions:\n"
                 "          - {question: Q, spoiler: {confidence: 2, implications: 3, actions: 3}}\n"},
     {CH: f"challenges:\n  - opportunity: a\n    categories:\n      - name: Fit\n        questions:\n          - {Q_TEAM}\n"},
     "no spoiler scores yet for a"),
]


@pytest.mark.parametrize("step,index,done,not_done,missing", CASES,
                         ids=[f"{c[0]}.{c[1]}" for c in CASES])
def test_item(tmp_path, step, index, done, not_done, missing):
    item = items(step)[index]
    assert item.check(load_plan(write_plan(tmp_path / "done", done))) == (True, "")
    assert item.check(load_plan(write_plan(tmp_path / "not", not_done))) == (False, missing)


def test_every_item_has_a_case():
    assert sorted((c[0], c[1]) for c in CASES) == [(it.step, i) for s in range(1, 11) for i, it in enumerate(items(s))]


def test_every_item_says_what_is_missing_not_the_rule():
    for it in ITEMS:
        assert it.done_when and (it.missing or it.missing_for)
        assert it.missing != it.done_when and it.missing_for != it.done_when


def test_a_step_not_started_is_zero_with_all_its_items(tmp_path):
    c = completeness(load_plan(write_plan(tmp_path / "p", {})))
    assert c.steps[10].checked == 0 and c.steps[10].total == 3
    assert c.steps[10].missing == ["10-challenge.yaml not started"]
    assert c.percent == 0.0


def test_skeleton_done_when_comes_from_the_items(tmp_path):
    from saa.skeleton import render

    text = render("10-challenge.yaml", "Acme", "acme")
    for item in done_when(10):
        assert f"#   [ ] {item}" in text
    assert text.count("#   [ ] ") == 3
