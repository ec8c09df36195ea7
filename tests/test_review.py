"""saa review: every open deal of every plan, ranked by expected value; filters; one reporting currency."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TELECOM, write_plan
from saa.cli import app

runner = CliRunner()
FAB = ROOT / "plans" / "fab"

EURO = {
    "account.yaml": """\
        account: Euro AG
        id: euro
        currency: EUR
        owner: Ann Berg
        team:
          - name: Ann Berg
        settings:
          fx: {USD: 0.92}
        review:
          last: 2026-11-01
        """,
    "08-opportunities.yaml": """\
        opportunities:
          - id: big
            name: Big framework deal
            value: 5M
            probability: 100%
            stage: negotiation
            decision: 2026-12-15
            actions:
              - do: Send the contract
                owner: Ann Berg
                due: 2026-11-20
          - id: late
            name: Late deal
            value: 100k
            probability: 50%
            stage: proposal
            decision: 2026-11-01
          - id: gone
            name: Lost deal
            value: 9M
            probability: 90%
            stage: lost
        """,
    "10-challenge.yaml": """\
        challenges:
          - opportunity: big
            categories:
              - name: Why us
                questions:
                  - question: Why would they pick us?
                    team: {confidence: 5, implications: 5, actions: 5}
                    spoiler: {confidence: 3, implications: 4, actions: 4}
          - opportunity: late
            categories:
              - name: Why us
                questions:
                  - question: Why would they pick us?
                    team: {confidence: 5, implications: 5, actions: 5}
        """,
}


@pytest.fixture
def portfolio(tmp_path):
    root = tmp_path / "plans"
    shutil.copytree(TELECOM, root / "telecom")
    write_plan(root / "euro", EURO)
    return root


def review(*args, columns=100):
    r = runner.invoke(app, ["review", *map(str, args)], env={"COLUMNS": str(columns)})
    assert r.exit_code == 0, r.output + r.stderr
    return r.stdout


def deals(*args):
    return [(d["plan"], d["deal"]) for d in json.loads(review(*args, "--json"))["deals"]]


def test_ranked_by_expected_value_with_every_column(portfolio):
    data = json.loads(review(portfolio, "--json"))
    assert [(d["deal"], d["expected_value"]) for d in data["deals"]][:4] == [
        ("asic-port-driver", 6650000.0), ("big", 5000000.0), ("adsl2", 4275000.0), ("late", 50000.0)]
    # unknown expected values after the known ones, then by decision date; won and lost are off the list
    assert [d["deal"] for d in data["deals"]][4:] == ["sdr-platform", "ip-router", "media-gateway",
                                                      "technical-alliance"]
    big = data["deals"][1]
    assert big == {
        "account": "Euro AG", "plan": "euro", "owner": "Ann Berg", "path": str(portfolio / "euro"), "deal": "big",
        "name": "Big framework deal", "quadrant": "I", "stage": "negotiation", "decision": "2026-12-15",
        "decision_passed": False, "currency": "EUR", "value": 5000000.0, "probability": 1.0,
        "expected_value": 5000000.0,
        # the spoiler scored: the worst of team (green) and spoiler (yellow); gap = the largest team - spoiler
        "challenge": {"colour": "yellow", "team": "green", "spoiler": "yellow", "gap": 2.0},
        "overdue_actions": [{"do": "Send the contract", "owner": "Ann Berg", "due": "2026-11-20",
                             "path": str(portfolio / "euro" / "08-opportunities.yaml"), "line": 9}],
    }
    late = data["deals"][3]
    assert late["decision_passed"] is True                       # 2026-11-01 < today 2026-11-27
    # all green from the team alone: unchallenged, never green
    assert late["challenge"] == {"colour": "unchallenged", "team": "green", "spoiler": None, "gap": None}
    assert data["totals"]["by_currency"] == [
        {"currency": "EUR", "deals": 2, "value": 5100000.0, "expected_value": 5050000.0, "unknown_value": 0,
         "unknown_expected_value": 0},
        {"currency": "USD", "deals": 6, "value": 31700000.0, "expected_value": 10925000.0, "unknown_value": 2,
         "unknown_expected_value": 4}]
    assert data["totals"]["reporting"] is None


def test_terminal_names_every_deal_and_never_shows_a_colour_for_an_unchallenged_deal(portfolio):
    out = review(portfolio, columns=80)
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[:2] == ["Pipeline review: 8 open deals in 2 plans, ranked by expected value", "as of 2026-11-27"]
    i = lines.index(" 4. Late deal (late)")
    assert lines[i + 1] == "    Euro AG (Ann Berg), I proposal, decision 2026-11-01 (passed)"
    assert lines[i + 2] == "    EUR 100,000 x 50% = EUR 50,000 expected"
    assert lines[i + 3] == "    challenge unchallenged"
    i = lines.index(" 2. Big framework deal (big)")
    assert lines[i + 2] == "    EUR 5,000,000 x 100% = EUR 5,000,000 expected"
    assert lines[i + 3] == "    challenge team green, spoiler yellow, gap +2.0"
    assert lines[i + 4] == "    overdue since 2026-11-20: Ann Berg: Send the contract"
    text = " ".join(out.split())
    assert "amounts in different currencies are never added: give --currency CODE for one total" in text


def test_filters(portfolio):
    assert deals(portfolio, "--owner", "ann  berg") == [("euro", "big"), ("euro", "late")]
    assert deals(portfolio, "--quadrant", "iv") == [("telecom", "technical-alliance")]
    assert deals(portfolio, "-q", "III", "-q", "iv") == [("telecom", "media-gateway"), ("telecom", "technical-alliance")]
    # decided within 30 days of 2026-11-27 (a passed date included); deals without a date are left out
    assert deals(portfolio, "--decision-within", "30") == [("euro", "big"), ("euro", "late")]
    assert deals(portfolio, "--decision-within", "200") == [("telecom", "asic-port-driver"), ("euro", "big"),
                                                            ("euro", "late")]
    r = runner.invoke(app, ["review", str(portfolio), "--quadrant", "V"])
    assert r.exit_code == 2 and "--quadrant must be I, II, III or IV" in r.stderr
    out = review(portfolio, "--owner", "nobody")
    assert "no open deals match the filters" in out


def test_totals_in_one_reporting_currency(portfolio):
    rep = json.loads(review(portfolio, "--currency", "eur", "--json"))["totals"]["reporting"]
    # euro's settings.fx: 1 USD = 0.92 EUR
    assert rep["value"] == {"currency": "EUR", "total": pytest.approx(5100000 + 31700000 * 0.92), "complete": True,
                            "missing_rates": [], "rates": {"EUR": 1.0, "USD": 0.92}}
    assert rep["expected_value"]["total"] == pytest.approx(5050000 + 10925000 * 0.92)
    out = " ".join(review(portfolio, "--currency", "EUR").split())
    assert "total in EUR: value EUR 34,264,000, expected EUR 15,101,000 (at 1 USD = 0.92 EUR)" in out
    # the other way round: the same rate, inverted
    rep = json.loads(review(portfolio, "--currency", "USD", "--json"))["totals"]["reporting"]
    assert rep["value"]["total"] == pytest.approx(31700000 + 5100000 / 0.92)


def test_missing_and_conflicting_rates_are_said_never_guessed(portfolio):
    rep = json.loads(review(portfolio, "--currency", "GBP", "--json"))["totals"]["reporting"]
    assert rep["value"]["total"] is None and rep["value"]["missing_rates"] == ["EUR", "USD"]
    out = " ".join(review(portfolio, "--currency", "GBP").split())
    assert "total in GBP: value unknown, expected unknown" in out
    assert ("not in the GBP total: deals in EUR, USD - no exchange rate to GBP is given (settings.fx in "
            "account.yaml); rates are never guessed") in out
    # telecom says 1 EUR = 1.10 USD, euro says 1 USD = 0.92 EUR: EUR->USD is known once, USD->EUR once; both used
    acc = portfolio / "telecom" / "account.yaml"
    acc.write_text(acc.read_text() + "settings:\n  fx: {EUR: 1.10}\n")
    rep = json.loads(review(portfolio, "--currency", "USD", "--json"))["totals"]["reporting"]
    assert rep["value"]["total"] == pytest.approx(31700000 + 5100000 * 1.10)
    # a third plan in EUR that disagrees with euro on USD->EUR: that pair is not used, and said
    write_plan(portfolio / "euro2", {"account.yaml": EURO["account.yaml"].replace("0.92", "0.95").replace(
        "id: euro", "id: euro2")})
    data = json.loads(review(portfolio, "--currency", "EUR", "--json"))["totals"]["reporting"]
    assert data["conflicting_rates"] == [["USD", "EUR"]]
    assert data["value"]["total"] == pytest.approx(5100000 + 31700000 / 1.10)   # telecom's own rate, inverted
    out = " ".join(review(portfolio, "--currency", "EUR").split())
    assert "the plans give different rates for USD to EUR (settings.fx): that rate is not used" in out


def test_markdown_and_html(portfolio, tmp_path):
    md = review(portfolio, "--format", "md")
    assert md.startswith("# Pipeline review: 8 open deals in 2 plans, ranked by expected value\n")
    assert ("| 2 | Euro AG | **Big framework deal** | I | negotiation | 2026-12-15 | EUR 5,000,000 | 100% | "
            "**EUR 5,000,000** | team green, spoiler yellow | +2.0 | 2026-11-20 Ann Berg: Send the contract |") in md
    assert "| 4 | Euro AG | **Late deal** | I | proposal | 2026-11-01 (passed) |" in md
    out = tmp_path / "r.html"
    r = runner.invoke(app, ["review", str(portfolio), "-o", str(out)])
    assert r.exit_code == 0
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<td><strong>Big framework deal</strong></td>" in html
    assert '<td class="yellow">unchallenged</td>' not in html and '<td class="muted">unchallenged</td>' in html


def test_two_real_examples(tmp_path):
    data = json.loads(review(TELECOM, FAB, "--json"))
    assert len(data["deals"]) == 15
    assert [d["deal"] for d in data["deals"][:3]] == ["asic-port-driver", "adsl2", "cu-slurry-45"]
    assert data["totals"]["by_currency"][0]["expected_value"] == pytest.approx(15236500.0)


@pytest.mark.parametrize("command", ["review", "brief", "portfolio"])
def test_escape_sequences_in_a_plan_never_reach_the_terminal(plan_dir, command):
    p = plan_dir({"account.yaml": 'account: "Evil \\e[31mCo"\nid: evil\nowner: "A\\e[2J"\nteam:\n  - name: "A\\e[2J"\n',
                  "08-opportunities.yaml": 'opportunities:\n  - id: d\n    name: "Deal \\e]0;x\\a name"\n'
                                           "    value: 1M\n    probability: 50%\n    stage: proposal\n"})
    r = runner.invoke(app, [command, str(p)], env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "Evil \\x1b[31mCo" in r.stdout
