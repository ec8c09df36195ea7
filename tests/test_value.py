"""`saa value`: formulas with inputs, per period and per year, claimed vs computed, fx, errors, JSON."""

from __future__ import annotations

import json

import pytest
from conftest import TELECOM
from method_helpers import EDGE, EVIL_SHOWN, golden, invoke, saa_text


def value_json(path):
    r = invoke("value", path, "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def by_id(data):
    return {v["id"]: v for v in data["value_opportunities"]}


def test_worked_example_numbers():
    data = value_json(TELECOM)
    assert data["currency"] == "USD"
    vo = by_id(data)["slurry-yield"]
    assert vo["per"] == "month"
    assert vo["per_period"] == 240000
    assert vo["per_year"] == 2880000
    assert vo["claimed"] == 240000
    assert vo["claim_mismatch"] is False
    assert data["total_per_year"] == 2880000
    # spec keys, in this order, then additions
    assert list(vo)[:6] == ["id", "per", "per_period", "per_year", "claimed", "claim_mismatch"]
    assert vo["substituted"] == "2000 * $4k * 3%"
    assert vo["inputs"] == {"wafers_per_month": 2000, "wafer_value": 4000, "yield_improvement": 0.03}
    assert vo["error"] is None


def test_worked_example_terminal_shows_month_and_year():
    r = invoke("value", TELECOM)
    assert r.exit_code == 0
    assert "USD 240,000" in r.stdout
    assert "USD 2,880,000" in r.stdout
    assert "per month" in r.stdout
    assert "= 2000 * $4k * 3%" in r.stdout
    assert "matches" in r.stdout
    assert "Total per year: USD 2,880,000" in r.stdout


def test_edge_plan_numbers(plan_dir):
    data = value_json(plan_dir(EDGE))
    v = by_id(data)
    # EUR 1,000 at 1.1 into USD: 100 * 1,100 per year; the claim in $ matches
    assert v["eur-savings"]["inputs"]["price"] == pytest.approx(1100)
    assert v["eur-savings"]["per_period"] == pytest.approx(110000)
    assert v["eur-savings"]["per_year"] == pytest.approx(110000)
    assert v["eur-savings"]["claim_mismatch"] is False
    # once counts in full per year; 40k claimed vs 30k computed is a mismatch
    assert v["one-off"]["per"] == "once"
    assert v["one-off"]["per_period"] == 30000
    assert v["one-off"]["per_year"] == 30000
    assert v["one-off"]["claimed"] == 40000
    assert v["one-off"]["claim_mismatch"] is True
    # a quarter counts 4 times; no claim is null
    assert v["quarterly"]["per_year"] == 10000
    assert v["quarterly"]["claimed"] is None
    assert v["quarterly"]["claim_mismatch"] is False
    # errors: unknown (null), the reason given, never 0
    assert v["broken"]["per_period"] is None and v["broken"]["per_year"] is None
    assert "division by zero" in v["broken"]["error"]
    assert v["typo"]["per_period"] is None
    assert "unknown input 'unitz'" in v["typo"]["error"]
    assert data["total_per_year"] == pytest.approx(110000 + 30000 + 10000)
    assert data["not_computed"] == ["broken", "typo"]


def test_claim_tolerance_is_half_a_percent(plan_dir):
    base = """\
        value_opportunities:
          - id: a
            opportunity: A
            quantification:
              formula: x
              inputs: {{x: 100000}}
              claimed: {claimed}
        """
    assert by_id(value_json(plan_dir({"04-value-opportunities.yaml": base.format(claimed=100500)}, "ok")))["a"]["claim_mismatch"] is False
    assert by_id(value_json(plan_dir({"04-value-opportunities.yaml": base.format(claimed=100501)}, "bad")))["a"]["claim_mismatch"] is True


def test_edge_terminal_marks_and_reasons(plan_dir):
    p = plan_dir(EDGE)
    r = invoke("value", p)
    assert r.exit_code == 0
    out = r.stdout
    assert "MISMATCH" in out
    assert "price: EUR 1,000 = USD 1,100" in out
    assert "division by zero" in out
    assert "unknown" in out
    assert "Traceback" not in out


def test_no_value_file(plan_dir):
    p = plan_dir({})
    # nothing quantified is unknown, not 0 (saa.value.totals: the one answer every view shows)
    assert value_json(p) == {"currency": "USD", "value_opportunities": [], "total_per_year": None, "not_computed": []}
    r = invoke("value", p)
    assert r.exit_code == 0
    assert "no value opportunities" in r.stdout


def test_bad_path_exits_2(tmp_path):
    r = invoke("value", tmp_path / "nope")
    assert r.exit_code == 2
    r = invoke("value", tmp_path)
    assert r.exit_code == 2


def test_markup_and_escapes_print_literally(plan_dir):
    p = plan_dir({"04-value-opportunities.yaml": """\
        value_opportunities:
          - id: evil
            opportunity: "[red]Evil[/red] :smile: \\e[31mX"
            owner: "[bold]boss"
            quantification:
              formula: x
              inputs: {x: 5}
        """})
    r = saa_text("value", p, width=300)
    assert r.returncode == 0, r.stderr
    for s in EVIL_SHOWN:
        assert s in r.stdout
    assert "\x1b" not in r.stdout
    assert "[bold]boss" in r.stdout


def test_subprocess_golden_telecom():
    r = saa_text("value", TELECOM)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    golden("value_telecom.txt", r.stdout.replace(str(TELECOM), "plans/telecom"))


def test_subprocess_golden_edge(tmp_path):
    from conftest import write_plan

    write_plan(tmp_path / "p", EDGE)
    r = saa_text("value", "p", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    golden("value_edge.txt", r.stdout)


def test_subprocess_json_only_json():
    r = saa_text("value", TELECOM, "--json")
    assert r.returncode == 0
    data = json.loads(r.stdout)
    assert data["total_per_year"] == 2880000


def test_unreadable_inputs_give_their_reason_and_an_unknown_total(plan_dir):
    p = plan_dir({"04-value-opportunities.yaml": """\
        value_opportunities:
          - id: gbp
            opportunity: Pounds without a rate
            quantification:
              formula: a * 2
              inputs:
                a: £5k
          - id: words
            opportunity: Words for a number
            quantification:
              formula: a
              inputs:
                a: lots
          - id: nothing
            opportunity: No formula yet
        """})
    data = value_json(p)
    v = by_id(data)
    assert "no exchange rate for GBP" in v["gbp"]["error"]
    assert v["gbp"]["inputs"] == {"a": None}
    assert "not an amount of money" in v["words"]["error"]
    assert v["nothing"]["error"] == "no formula" and v["nothing"]["per_year"] is None
    # nothing computed: the total is unknown, not 0
    assert data["total_per_year"] is None
    out = invoke("value", p).stdout
    assert "Total per year: unknown (3 value opportunities not computed" in out
    assert "USD 0" not in out
