"""Review discipline and red flags that hold: each a warning with a rule id, in check, status, portfolio, brief, report."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import TELECOM
from saa.cli import app

runner = CliRunner()

ACCOUNT = """\
account: Test Co
id: t
owner: Ann
team:
  - name: Ann
  - name: Bob
"""
DEAL = """\
opportunities:
  - id: d1
    name: Deal one
    value: 100k
    probability: 50%
    stage: proposal
    decision: {decision}
  - id: d2
    name: Deal two (won)
    value: 10k
    stage: won
    decision: 2026-01-31
"""
NETWORK = """\
contacts:
  - name: Dora
    role: decision-maker
    relation: "{relation}"
    our_link: Ann
{strategies}  - name: Carl
    role: {role}
    function: {function}
    our_link: Bob
"""


def findings(folder, today="2026-11-27"):
    r = runner.invoke(app, ["check", str(folder), "--json"], env={"SAA_TODAY": today})
    assert r.exit_code in (0, 1), r.output
    return [(f["rule"], f["path"].rsplit("/", 1)[-1], f["line"], f["message"]) for f in json.loads(r.stdout)["findings"]]


def rules(folder, today="2026-11-27"):
    return sorted({f[0] for f in findings(folder, today)})


@pytest.fixture
def make(plan_dir):
    def build(account=ACCOUNT, review="", decision="2027-03-31", relation="+", strategies="", role="coach",
              function="Engineering", extra=None):
        files = {"account.yaml": account + review, "08-opportunities.yaml": DEAL.format(decision=decision),
                 "02-network.yaml": NETWORK.format(relation=relation, strategies=strategies, role=role,
                                                   function=function)}
        files.update(extra or {})
        return plan_dir(files)
    return build


def test_review_overdue_when_next_has_passed_or_last_plus_cadence(make):
    p = make(review="review:\n  last: 2026-09-01\n  next: 2026-11-20\n")
    assert ("review-overdue", "account.yaml", 9,
            "the account review is overdue: review.next 2026-11-20 has passed (7 days ago); hold the review, then "
            "set review.last (and review.next)") in findings(p)
    p = make(review="review:\n  last: 2026-08-01\n  cadence_days: 90\n")
    assert ("review-overdue", "account.yaml", 8,
            "the account review is overdue: review.last 2026-08-01 + 90 days = 2026-10-30 has passed (28 days ago); "
            "hold the review, then set review.last (and review.next)") in findings(p)
    # on the day it is due, not yet overdue; without dates, nothing to say (the staleness gate is --max-age)
    assert "review-overdue" not in rules(make(review="review:\n  last: 2026-08-29\n  cadence_days: 90\n"))
    assert "review-overdue" not in rules(make())


def test_decision_date_passed_only_for_open_deals(make):
    found = [f for f in findings(make(decision="2026-11-15")) if f[0] == "decision-date-passed"]
    # d2 (won, 2026-01-31) is closed: never flagged
    assert found == [("decision-date-passed", "08-opportunities.yaml", 7,
                      "opportunity 'd1' is still proposal but its decision date 2026-11-15 has passed: update the "
                      "date, the stage, or close the deal (won/lost)")]
    assert "decision-date-passed" not in rules(make(decision="2026-11-27"))   # today is not past


def test_no_coach_with_deals_in_progress(make):
    assert "no-coach" not in rules(make(role="coach"))
    found = [f for f in findings(make(role="user")) if f[0] == "no-coach"]
    assert found == [("no-coach", "02-network.yaml", 1,
                      "1 deal is in progress (d1) and no contact has role coach: find someone inside the account who "
                      "guides us through how they really decide")]
    # no deal in progress (d1 only early-stage): no coach needed yet
    p = make(role="user")
    o = p / "08-opportunities.yaml"
    o.write_text(o.read_text().replace("stage: proposal", "stage: concept"))
    assert "no-coach" not in rules(p)


def test_hostile_decision_maker_without_a_strategy(make):
    found = [f for f in findings(make(relation="--")) if f[0] == "hostile-decision-maker"]
    assert found == [("hostile-decision-maker", "02-network.yaml", 2,
                      "decision maker 'Dora' has relation -- with us and no strategy: write how we turn them round "
                      "(strategies) or who neutralises them")]
    assert "relation - with us" in [f for f in findings(make(relation="-")) if f[0] == "hostile-decision-maker"][0][3]
    with_strategy = "    strategies:\n      - Invite her to the reference visit\n"
    assert "hostile-decision-maker" not in rules(make(relation="--", strategies=with_strategy))
    assert "hostile-decision-maker" not in rules(make(relation="0"))


BUYERS = """\
value_buyers:
  - process: Purchasing of chemicals
    contact: {first}
{more}"""


@pytest.mark.parametrize("first,more,fires", [
    ("Carl", "", True),                                                    # Carl's function is Procurement
    ("Global Purchasing", "", True),                                       # a function written as the contact
    ("Carl", "  - process: Yield\n    contact: Dora\n", False),            # a real value buyer too
    ("Dora", "", False),
])
def test_procurement_as_the_only_value_buyer(make, first, more, fires):
    p = make(function="Procurement", extra={"06-value-buyers.yaml": BUYERS.format(first=first, more=more)})
    found = [f for f in findings(p) if f[0] == "procurement-value-buyer"]
    if fires:
        assert found == [("procurement-value-buyer", "06-value-buyers.yaml", 1,
                          "the only value buyer is procurement: the real value buyer is not procurement; find who owns "
                          "the processes our value improves (operations, engineering, planning) and add them")]
    else:
        assert found == []


def test_competitor_scored_but_not_listed(make):
    comp = ("competitors:\n  - name: Acme Corp\n  - name: Beta Ltd\n"
            "differentiation:\n  - driver: Yield\n    us: 4\n    competitors: {Acme Corp: 3, Acme Corp.: 2, Gamma: 4}\n")
    found = [f for f in findings(make(extra={"05-competition.yaml": comp})) if f[0] == "unlisted-competitor"]
    assert found == [
        ("unlisted-competitor", "05-competition.yaml", 7,
         "competitor 'Acme Corp.' is scored for Yield but is not listed in competitors (did you mean 'Acme Corp'?): "
         "add them (position, strengths, weaknesses) or fix the name"),
        ("unlisted-competitor", "05-competition.yaml", 7,
         "competitor 'Gamma' is scored for Yield but is not listed in competitors: add them (position, strengths, "
         "weaknesses) or fix the name")]


def test_warnings_show_in_status_portfolio_brief_and_report(tmp_path):
    import shutil

    plan = tmp_path / "plans" / "telecom"
    shutil.copytree(TELECOM, plan)
    env = {"SAA_TODAY": "2027-07-01", "COLUMNS": "200"}
    status = runner.invoke(app, ["status", str(plan)], env=env).stdout
    assert "[review-overdue]" in status and status.count("[decision-date-passed]") == 2
    folio = json.loads(runner.invoke(app, ["portfolio", str(tmp_path / "plans"), "--json"], env=env).stdout)
    row = folio["plans"][0]
    assert (row["review_overdue"], row["decisions_passed"]) == (True, 2)
    text = runner.invoke(app, ["portfolio", str(tmp_path / "plans")], env=env).stdout
    assert "2 decisions passed" in text and "259d due" in text
    brief = runner.invoke(app, ["brief", str(plan)], env=env).stdout
    assert "[review-overdue]" in brief and "[decision-date-passed]" in brief
    report = runner.invoke(app, ["report", str(plan)], env=env).stdout
    assert "\\[review-overdue\\]" in report and "\\[decision-date-passed\\]" in report
    assert "\\[no-coach\\]" in report
