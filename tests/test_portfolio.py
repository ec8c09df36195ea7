"""saa portfolio: one row per plan, sortable, with totals; exact JSON."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import TELECOM, run_saa, write_plan
from saa.cli import app

runner = CliRunner()

BETA = {
    "account.yaml": """\
        account: Beta GmbH
        id: beta
        currency: EUR
        owner: Ann
        team:
          - name: Ann
        review:
          last: 2026-11-01
        """,
    "04-value-opportunities.yaml": """\
        value_opportunities:
          - id: faster-close
            opportunity: Close the books faster
            quantification:
              formula: days_saved * cost_per_day
              inputs:
                days_saved: 10
                cost_per_day: 1k
              per: quarter
        """,
    "08-opportunities.yaml": """\
        opportunities:
          - id: a
            name: Deal A
            value: 100k
            probability: 50%
            stage: qualified
            decision: 2027-03
          - id: b
            name: Deal B (won)
            value: 50k
            stage: won
          - id: c
            name: Deal C
            value: unknown
            stage: concept
          - id: d
            name: Deal D
            value: 25k
            stage: delayed
            actions:
              - do: Call the buyer
                owner: Ann
                due: 2026-11-01
        """,
    "10-challenge.yaml": """\
        challenges:
          - opportunity: a
            categories:
              - name: Why us
                questions:
                  - question: Why would they pick us?
                    team: {confidence: 4, implications: 3, actions: 4}
                    spoiler: {confidence: 3, implications: 3, actions: 4}
        """,
}

EXPECTED = {"plans": [
    # step 10 is 2/3 done (a challenge with spoiler scores): 20%
    {"id": "beta", "account": "Beta GmbH", "completeness": pytest.approx(20.0),
     "review_age_days": 26, "pipeline": {"I": 100000.0, "II": None, "III": 25000.0, "IV": 0.0},
     "value_per_year": 40000.0, "challenge_colour": "yellow", "owner": "Ann", "overdue_actions": 1,
     "currency": "EUR", "path": None, "pipeline_unknown": {"I": 0, "II": 1, "III": 0, "IV": 0},
     "value_not_computed": 0,
     # expected: 100k x 50% for deal a; c (unknown value) and d (no probability) unknown, never 0
     "expected_value": 50000.0, "expected_unknown": 2, "unchallenged": [], "review_overdue": False,
     "decisions_passed": 0, "warnings": 3, "errors": 0},     # no-coach, no-capture-plan, overdue-action
    {"id": "telecom", "account": "Example Telecom Co.", "completeness": pytest.approx(185 / 3),
     "review_age_days": 43, "pipeline": {"I": 11500000.0, "II": 20000000.0, "III": 200000.0, "IV": None},
     "value_per_year": pytest.approx(2880000.0),
     # its only challenge has team scores only: unchallenged, never the team's own red
     "challenge_colour": "unchallenged", "owner": "Dana Whitfield",
     "overdue_actions": 0, "currency": "USD", "path": None,
     # the technical alliance (IV) and the IP router (II) have unknown values: IV is unknown, never 0
     "pipeline_unknown": {"I": 0, "II": 1, "III": 0, "IV": 1}, "value_not_computed": 0,
     # 7M x 95% + 4.5M x 95%; four open deals have no probability or no value
     "expected_value": 10925000.0, "expected_unknown": 4, "unchallenged": ["asic-port-driver"],
     "review_overdue": False, "decisions_passed": 0, "warnings": 4, "errors": 0},
]}


@pytest.fixture
def portfolio(tmp_path):
    root = tmp_path / "plans"
    shutil.copytree(TELECOM, root / "telecom")
    write_plan(root / "beta", BETA)
    return root


def expected(root):
    exp = {"plans": [dict(p) for p in EXPECTED["plans"]]}
    exp["plans"][0]["path"] = str(root / "beta")
    exp["plans"][1]["path"] = str(root / "telecom")
    return exp


def test_exact_json_on_a_two_plan_portfolio(portfolio):
    r = runner.invoke(app, ["portfolio", str(portfolio), "--json"])
    assert r.exit_code == 0, r.output + r.stderr
    got = json.loads(r.stdout)
    assert got == expected(portfolio)
    for row in got["plans"]:   # the keys docs/format.md (JSON output) promises come first, in its order
        assert list(row)[:7] == ["id", "account", "completeness", "review_age_days", "pipeline", "value_per_year",
                                 "challenge_colour"]
        assert list(row["pipeline"]) == ["I", "II", "III", "IV"]


def test_sorting(portfolio):
    def order(*args):
        r = runner.invoke(app, ["portfolio", str(portfolio), "--json", *args])
        assert r.exit_code == 0, r.stderr
        return [p["id"] for p in json.loads(r.stdout)["plans"]]

    assert order() == ["beta", "telecom"]
    assert order("--sort", "completeness") == ["beta", "telecom"]          # least complete first
    assert order("--sort", "completeness", "--reverse") == ["telecom", "beta"]
    assert order("--sort", "review-age") == ["telecom", "beta"]            # oldest review first
    assert order("--sort", "value") == ["telecom", "beta"]                 # biggest first
    assert order("--sort", "overdue") == ["beta", "telecom"]
    assert order("--sort", "colour") == ["telecom", "beta"]                # unchallenged before yellow
    assert order("--sort", "expected") == ["telecom", "beta"]
    assert order("--sort", "III") == ["telecom", "beta"]
    assert order("--sort", "account") == ["beta", "telecom"]
    r = runner.invoke(app, ["portfolio", str(portfolio), "--sort", "size"])
    assert r.exit_code == 2 and "--sort must be one of" in r.stderr


def test_table_with_totals_per_currency(portfolio, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    r = runner.invoke(app, ["portfolio", str(portfolio)])
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "Portfolio: 2 plans" in out
    assert "Beta GmbH" in out and "Example Telecom Co." in out
    assert "EUR 100k" in out and "USD 11.5M" in out and "USD 20M+1?" in out
    assert "total (1 plan, EUR)" in out and "total (1 plan, USD)" in out     # never EUR + USD
    beta = next(line for line in out.splitlines() if line.startswith("Beta GmbH"))
    telecom = next(line for line in out.splitlines() if line.startswith("Example Telecom Co."))
    assert beta.split()[-2:] == ["yellow", "1"]                      # spoiler-scored: its worst colour; 1 overdue
    assert telecom.split()[-2:] == ["unchallenged", "0"]             # team scores only: never a colour
    assert "USD 10.9M+4?" in telecom and "EUR 50k+2?" in beta         # expected value column
    assert "customer" in out and "value/yr" in out
    assert r.stderr == ""                  # no progress bar when stderr is not a terminal


def test_progress_bar_goes_to_stderr_only(portfolio, capsys):
    from saa.clock import today
    from saa.loader import find_plans
    from saa.portfolio import load_rows
    from saa.render import progress

    folders = find_plans([str(portfolio)])
    with progress.bar("loading plans", len(folders), force=True) as advance:
        assert advance is not None
        rows = load_rows(folders, today(), advance)
    assert [r.id for r in rows] == ["beta", "telecom"]
    assert capsys.readouterr().out == ""


def test_unknown_path_exits_2(tmp_path):
    r = runner.invoke(app, ["portfolio", str(tmp_path / "nope")])
    assert r.exit_code == 2


def test_real_subprocess_run(portfolio):
    r = run_saa("portfolio", portfolio, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == expected(portfolio)


def test_owner_filter_and_one_total_in_a_reporting_currency(portfolio):
    def run(*args):
        r = runner.invoke(app, ["portfolio", str(portfolio), "--json", *args])
        assert r.exit_code == 0, r.stderr
        return json.loads(r.stdout)

    assert [p["id"] for p in run("--owner", " ann ")["plans"]] == ["beta"]
    # no rate between EUR and USD anywhere: the EUR plan is left out of the USD total, and said so
    rep = run("--currency", "usd")["reporting"]
    assert rep["currency"] == "USD"
    assert rep["pipeline"] == {"currency": "USD", "total": 31700000.0, "complete": False, "missing_rates": ["EUR"],
                               "rates": {"USD": 1.0}}
    assert rep["expected_value"]["total"] == 10925000.0
    # beta (EUR) writes 1 USD = 0.92 EUR: that rate converts telecom's dollars into euros
    acc = portfolio / "beta" / "account.yaml"
    acc.write_text(acc.read_text() + "settings:\n  fx: {USD: 0.92}\n")
    rep = run("--currency", "EUR")["reporting"]
    assert rep["pipeline"]["total"] == pytest.approx(125000 + 31700000 * 0.92)
    assert rep["expected_value"]["total"] == pytest.approx(50000 + 10925000 * 0.92)
    assert rep["value_per_year"]["total"] == pytest.approx(40000 + 2880000 * 0.92)
    assert rep["pipeline"]["missing_rates"] == [] and rep["pipeline"]["rates"] == {"EUR": 1.0, "USD": 0.92}
    r = runner.invoke(app, ["portfolio", str(portfolio), "--currency", "EUR"], env={"COLUMNS": "160"})
    assert "total in EUR: our pipeline EUR 29,289,000, expected EUR 10,101,000; the customers' value " \
           "EUR 2,689,600 a year" in r.stdout
    assert "at 1 USD = 0.92 EUR (settings.fx of the plans)" in r.stdout
    r = runner.invoke(app, ["portfolio", str(portfolio), "--currency", "GBP"], env={"COLUMNS": "160"})
    assert "not in the GBP total: plans in EUR, USD - no exchange rate to GBP is given" in r.stdout
    r = runner.invoke(app, ["portfolio", str(portfolio), "--currency", "euro"])
    assert r.exit_code == 2 and "--currency must be an ISO currency code" in r.stderr
