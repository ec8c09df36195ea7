"""Where two commands used to answer one question differently, they now ask one function and agree.

A plan with a formula that cannot be computed, an opportunity of unknown value, money in a foreign
currency with a rate and one without: ``saa value``, ``saa status``, ``saa portfolio`` and ``saa report``
show the same value per year and name the same value opportunities as not computed.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner
from conftest import write_plan

from saa.cli import app

PLAN = {
    "account.yaml": """\
        account: Mixed Co.
        currency: USD
        settings:
          fx: {EUR: 1.1}
        """,
    "04-value-opportunities.yaml": """\
        value_opportunities:
          - id: in-euros
            opportunity: Saves scrap, priced in euros
            quantification:
              formula: units * price
              inputs: {units: 100, price: EUR 1k}
              per: year
          - id: in-dollars
            opportunity: Saves energy
            quantification:
              formula: kwh * rate
              inputs: {kwh: 200000, rate: $0.25}
              per: month
          - id: divides-by-zero
            opportunity: Faster changeover
            quantification:
              formula: hours / zero
              inputs: {hours: 10, zero: 0}
          - id: no-rate
            opportunity: Priced in pounds, no rate given
            quantification:
              formula: n * gbp
              inputs: {n: 3, gbp: GBP 5k}
        """,
    "08-opportunities.yaml": """\
        opportunities:
          - {id: known, name: Known deal, value: 1M, probability: 50%, stage: proposal, decision: 2027-06}
          - {id: unknown, name: Unknown deal, value: unknown, probability: 20%, stage: proposal, decision: 2027-06}
        """,
}

PER_YEAR = 100 * 1000 * 1.1 + 200000 * 0.25 * 12      # 110,000 + 600,000
NOT_COMPUTED = ["divides-by-zero", "no-rate"]


def run(*args):
    r = CliRunner().invoke(app, [str(a) for a in args], env={"SAA_TODAY": "2026-12-01", "COLUMNS": "200"})
    assert r.exit_code in (0, 1), r.output
    return r.stdout


def test_value_status_portfolio_and_report_agree(tmp_path):
    plan = tmp_path / "mixed"
    write_plan(plan, PLAN)
    value = json.loads(run("value", plan, "--json"))
    assert value["total_per_year"] == PER_YEAR and value["not_computed"] == NOT_COMPUTED
    status = json.loads(run("status", plan, "--json"))["plans"][0]
    assert status["value_per_year"] == PER_YEAR and status["value_not_computed"] == NOT_COMPUTED
    row = json.loads(run("portfolio", plan, "--json"))["plans"][0]
    assert row["value_per_year"] == PER_YEAR and row["value_not_computed"] == len(NOT_COMPUTED)
    assert row["pipeline"]["I"] == 1_000_000 and row["pipeline_unknown"]["I"] == 1   # unknown, never 0
    out = tmp_path / "r.md"
    run("report", plan, "--format", "md", "-o", out)
    report = out.read_text(encoding="utf-8")
    assert ("Quantified value per year, the value opportunities that could be computed: USD 710,000 "
            "(2 not computed: divides-by-zero, no-rate).") in report
    assert "USD 0" not in report


def test_nothing_computable_is_unknown_everywhere(tmp_path):
    plan = tmp_path / "none"
    write_plan(plan, {"account.yaml": "account: None Co.\n", "04-value-opportunities.yaml": """\
        value_opportunities:
          - id: only
            opportunity: Cannot be computed
            quantification: {formula: a / b, inputs: {a: 1, b: 0}}
        """})
    assert json.loads(run("value", plan, "--json"))["total_per_year"] is None
    assert json.loads(run("status", plan, "--json"))["plans"][0]["value_per_year"] is None
    assert json.loads(run("portfolio", plan, "--json"))["plans"][0]["value_per_year"] is None
    out = tmp_path / "r.md"
    run("report", plan, "--format", "md", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "Quantified value per year: unknown (no value opportunity could be computed)." in text
    assert "USD 0" not in text
    assert "unknown" in run("portfolio", plan)
