"""The second shipped example, `plans/fab`: a finished plan that teaches.

A 300 mm wafer fab as a strategic account of a supplier of CMP slurries and process chemicals
(the account the method's slurry value opportunity and "Fab Planner" value buyer belong to). It
must stay 100% complete and clean under `saa check --strict`, use every key of the format, and
its numbers are checked here against values worked out by hand from the YAML.
"""

from __future__ import annotations

import datetime
import json

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from saa.cli import app
from saa.completeness import completeness
from saa.loader import load_plan
from saa.scalars import parse_date
from conftest import ROOT, run_saa

FAB = ROOT / "plans" / "fab"
SCHEMAS = ROOT / "schemas"
FILES = ["account.yaml", "01-customer-profile.yaml", "02-network.yaml", "03-needs-kano.yaml",
         "04-value-opportunities.yaml", "05-competition.yaml", "06-value-buyers.yaml",
         "07-goals-strategy.yaml", "08-opportunities.yaml", "09-capture-plans.yaml", "10-challenge.yaml"]

runner = CliRunner()


def invoke(*args, env=None):
    r = runner.invoke(app, [*map(str, args)], env=env)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


def load(name: str):
    return YAML(typ="safe").load((FAB / name).read_text(encoding="utf-8"))


# ---- clean and complete -------------------------------------------------------------

def test_every_plan_file_is_there_and_points_at_its_schema():
    assert sorted(p.name for p in FAB.iterdir()) == sorted(FILES)
    for name in FILES:
        first = (FAB / name).read_text(encoding="utf-8").splitlines()[0]
        schema = name.replace(".yaml", ".schema.json")
        assert first == f"# yaml-language-server: $schema=../../schemas/{schema}"
        assert (FAB / "../../schemas" / schema).resolve().is_file()


def test_check_strict_is_clean_through_the_cli():
    r = invoke("check", "--strict", FAB)
    assert r.exit_code == 0
    assert r.stdout == "no problems in 1 plan\n"
    r = invoke("check", "--strict", FAB, "--format", "json")
    assert r.exit_code == 0
    assert json.loads(r.stdout) == {"findings": [], "plans": 1, "errors": 0, "warnings": 0}


def test_check_strict_is_clean_as_a_subprocess():
    r = run_saa("check", "--strict", FAB)
    assert (r.returncode, r.stdout, r.stderr) == (0, "no problems in 1 plan\n", "")
    r = run_saa("check", "--strict", "--format", "json", FAB)
    assert r.returncode == 0
    assert json.loads(r.stdout)["findings"] == []


@pytest.mark.parametrize("today", ["2026-12-01", "2027-06-30", "2027-11-16"])
def test_stays_clean_until_its_next_review(today):
    # review.next is 2027-11-16 and no open action is due or deal decided before it: an example
    # that turns red a few months after it was written teaches the wrong lesson
    r = run_saa("check", "--strict", "--format", "json", FAB, env={"SAA_TODAY": today})
    assert r.returncode == 0, r.stdout
    assert json.loads(r.stdout)["findings"] == []


def test_its_dates_are_real_dates_that_run_out_after_the_next_review():
    # the counterpart of the test above: the dates are real dates that do run out
    r = run_saa("check", "--format", "json", FAB, env={"SAA_TODAY": "2027-12-01"})
    found = json.loads(r.stdout)["findings"]
    overdue = [f for f in found if f["rule"] == "overdue-action"]
    assert len(overdue) == 5
    assert all(f["severity"] == "warning" for f in overdue)


def test_completeness_is_100_through_the_core_function():
    c = completeness(load_plan(FAB))
    assert c.percent == 100.0
    assert {s: st.percent for s, st in c.steps.items()} == {s: 100.0 for s in range(1, 11)}
    assert c.missing == []


def test_status_json_says_100_for_every_step():
    r = invoke("status", FAB, "--json")
    assert r.exit_code == 0
    p = json.loads(r.stdout)["plans"][0]
    assert (p["id"], p["completeness"], p["missing"], p["overdue_actions"]) == ("fab", 100, [], [])
    assert p["steps"] == {str(s): 100 for s in range(1, 11)}
    assert p["review_age_days"] == 11          # 2026-11-16 to the pinned 2026-11-27


def test_fmt_finds_it_canonical():
    r = run_saa("fmt", "--check", FAB)
    assert r.returncode == 0, r.stdout
    assert "0 files would be reformatted, 11 already canonical" in r.stdout


# ---- the example teaches: every key, every scalar form -------------------------------

def _walk(node: dict, values: list, schema: dict, path: str, declared: set, used: set) -> None:
    """Record every key the JSON Schema declares at this place, and those the plan's values use.

    A shared definition (an action, ...) is one place wherever it appears: its keys count as
    used when any value anywhere in the plan uses them.
    """
    while "$ref" in node:
        path = node["$ref"]
        node = schema["$defs"][path.rsplit("/", 1)[1]]
    for branch in node.get("anyOf", []):
        _walk(branch, values, schema, path, declared, used)
    maps = [v for v in values if isinstance(v, dict)]
    for key, sub in node.get("properties", {}).items():
        declared.add(f"{path}.{key}")
        here = [m[key] for m in maps if key in m]
        if here:
            used.add(f"{path}.{key}")
            _walk(sub, here, schema, f"{path}.{key}", declared, used)
    if "items" in node:
        declared.add(f"{path}[]")
        items = [i for v in values if isinstance(v, list) for i in v]
        if items:
            used.add(f"{path}[]")
        _walk(node["items"], items, schema, f"{path}[]", declared, used)


def test_every_key_of_the_format_is_used():
    declared: set = set()
    used: set = set()
    for name in FILES:
        schema = json.loads((SCHEMAS / name.replace(".yaml", ".schema.json")).read_text(encoding="utf-8"))
        _walk(schema, [load(name)], schema, name, declared, used)
    assert "#/$defs/action.status" in declared and "account.yaml.settings.fx" in declared   # the walk sees them
    assert sorted(declared - used) == []


def test_every_scalar_form_is_shown():
    text = {name: (FAB / name).read_text(encoding="utf-8") for name in FILES}
    allt = "\n".join(text.values())
    net = load("02-network.yaml")
    assert {c["relation"] for c in net["contacts"]} == {"--", "-", "0", "+", "++"}
    for rel in ('"--"', '"-"', '"0"', '"+"', '"++"'):
        assert f"relation: {rel}" in text["02-network.yaml"]           # quoted, as they must be
    freqs = {c["meeting_frequency"] for c in net["contacts"]} | {a["meeting_frequency"] for a in net["allies"]}
    assert {"15/year", "1-2/year", "2/month", "1/week", "3/quarter",
            "weekly", "monthly", "quarterly", "yearly"} <= freqs
    for form in ("$4k", "USD 4k", "EUR 1.2M", "€300k", "$2.4M", "850k", "3.5M", "$240,000",
                 "value: unknown", "probability: 0.5", "probability: 60%", "pad_life_gain: 0.15",
                 "decision: 2027-Q4", "decision: 2028-03", "decision: 2028-06-30", "by: 2027-Q4",
                 "status: open", "status: done", "status: dropped"):
        assert form in allt, form
    acts = [a for o in load("08-opportunities.yaml")["opportunities"] for a in o["actions"]]
    acts += [a for cp in load("09-capture-plans.yaml")["capture_plans"] for a in cp["actions"]]
    acts += [a for i in load("01-customer-profile.yaml")["implications"] for a in i["actions"]]
    assert any(isinstance(a, str) for a in acts)
    assert any(isinstance(a, dict) and {"do", "owner", "due"} <= set(a) for a in acts)
    assert any(isinstance(a, dict) and set(a) == {"do", "owner"} for a in acts)


# ---- the example follows the method's rules -----------------------------------------

def test_a_path_of_allies_reaches_every_decision_maker():
    net = load("02-network.yaml")
    team = {m["name"] for m in load("account.yaml")["team"]}
    reached = {c["name"] for c in net["contacts"] if c.get("link_level") == 1 and c.get("our_link") in team}
    grew = True
    while grew:
        new = {a["target"] for a in net["allies"] if a["ally"] in reached} - reached
        reached |= new
        grew = bool(new)
    dms = [c["name"] for c in net["contacts"] if c["role"] == "decision-maker"]
    assert dms == ["Katrin Vogel", "Henrik Larsen", "Petra Klein"]
    assert set(dms) <= reached
    # Katrin Vogel and Henrik Larsen only through allies (their own link is 2nd level): a chain of two
    by = {c["name"]: c for c in net["contacts"]}
    assert by["Katrin Vogel"]["link_level"] == by["Henrik Larsen"]["link_level"] == 2
    assert {(a["ally"], a["target"]) for a in net["allies"]} >= {("Jonas Berg", "Katrin Vogel"),
                                                                  ("Katrin Vogel", "Henrik Larsen")}
    # a coach among the contacts; every decision maker below "0" has a strategy
    assert [c["name"] for c in net["contacts"] if c["role"] == "coach"] == ["Felix Braun"]
    assert all(c.get("strategies") for c in net["contacts"]
               if c["role"] == "decision-maker" and c["relation"] in ("-", "--"))


def test_value_buyers_are_not_only_procurement_and_competitors_are_listed():
    vbs = load("06-value-buyers.yaml")["value_buyers"]
    assert [v["contact"] for v in vbs] == ["Katrin Vogel", "Sven Andersen", "Petra Klein", "Equipment maintenance"]
    assert sorted(v["perception"] for v in vbs) == [-1, 0, 1, 2]
    comp = load("05-competition.yaml")
    listed = {c["name"] for c in comp["competitors"]}
    assert {n for row in comp["differentiation"] for n in row["competitors"]} == listed


def test_time_allocation_adds_up_and_each_quadrant_has_deals():
    alloc = load("07-goals-strategy.yaml")["time_allocation"]
    assert sum(int(v.rstrip("%")) for v in alloc.values()) == 100
    r = invoke("matrix", FAB, "--json")
    q = json.loads(r.stdout)["quadrants"]
    assert all(q[k] for k in ("I", "II", "III", "IV"))


# ---- exact numbers, worked out by hand from the YAML ---------------------------------

def test_value_per_period_and_per_year():
    r = invoke("value", FAB, "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    got = {v["id"]: (v["per"], v["per_period"], v["per_year"], v["claimed"], v["claim_mismatch"])
           for v in data["value_opportunities"]}
    approx = pytest.approx
    assert got == {
        # 2000 * 4,000 * 3% = 240,000 a month, x 12
        "slurry-yield": ("month", approx(240_000), approx(2_880_000), approx(240_000), False),
        # 9 * 2000 / 720 * 4,000 = 100,000 a quarter, x 4
        "line-down": ("quarter", approx(100_000), approx(400_000), approx(100_000), False),
        # 8 * 25 * (450 * 1.08) + 40 * (1,200 * 1.08) = 97,200 + 51,840, once, counted in full;
        # claimed EUR 138k = 149,040 USD
        "no-requalification": ("once", approx(149_040), approx(149_040), approx(149_040), False),
        # 1200 * 650 * 0.15 = 117,000 a year
        "pad-life": ("year", approx(117_000), approx(117_000), approx(117_000), False),
    }
    assert data["currency"] == "USD"
    assert data["total_per_year"] == approx(3_546_040)


def _challenge(opportunity: str) -> dict:
    r = invoke("challenge", FAB, "--json")
    assert r.exit_code == 0
    return next(c for c in json.loads(r.stdout)["challenges"] if c["opportunity"] == opportunity)


def _dims(c, i, a):
    return {"confidence": pytest.approx(c), "implications": pytest.approx(i), "actions": pytest.approx(a)}


def test_challenge_means_of_the_copper_slurry_deal():
    ch = _challenge("cu-slurry-45")
    cats = {c["name"]: c for c in ch["categories"]}
    issues = cats["Customer issues and objectives that are driving their process now"]
    # team (5,4,4) (4,4,3) (4,3,4); spoiler (4,3,3) (3,3,3) (3,2,3)
    assert issues["team"] == _dims(13 / 3, 11 / 3, 11 / 3)
    assert issues["spoiler"] == _dims(10 / 3, 8 / 3, 3.0)
    assert issues["colour"] == {"team": {"confidence": "green", "implications": "yellow", "actions": "yellow"},
                                "spoiler": {"confidence": "yellow", "implications": "red", "actions": "yellow"}}
    decision = cats["The decision process and the buying influences"]
    assert decision["team"] == _dims(3.5, 3.5, 3.5)
    assert decision["spoiler"] == _dims(2.5, 3.0, 2.5)
    value = cats["Our value against the competition"]
    # the second question has no spoiler scores: the spoiler mean is the first question's alone
    assert value["team"] == _dims(3.5, 4.0, 3.5)
    assert value["spoiler"] == _dims(4.0, 4.0, 3.0)
    # overall: the mean over all questions (7 team, 6 spoiler), not the mean of the category means
    assert ch["overall"]["team"] == _dims(27 / 7, 26 / 7, 25 / 7)
    assert ch["overall"]["spoiler"] == _dims(19 / 6, 18 / 6, 17 / 6)


def test_challenge_means_of_the_other_deals_in_progress():
    clean = _challenge("post-cmp-clean")
    assert clean["overall"]["team"] == _dims(4.25, 4.0, 4.25)
    assert clean["overall"]["spoiler"] == _dims(3.75, 3.25, 3.5)
    price = clean["categories"][1]
    assert price["name"] == "Competition and price"
    assert price["colour"]["team"] == {"confidence": "green", "implications": "yellow", "actions": "green"}
    assert price["colour"]["spoiler"] == {"confidence": "yellow", "implications": "red", "actions": "yellow"}
    jit = _challenge("jit-consignment")
    assert jit["overall"]["team"] == _dims(3.0, 8 / 3, 3.0)
    assert jit["overall"]["spoiler"] == _dims(7 / 3, 5 / 3, 7 / 3)


def test_every_deal_in_progress_has_a_capture_plan_and_team_and_spoiler_scores():
    r = invoke("matrix", FAB, "--json")
    in_progress = [o["id"] for o in json.loads(r.stdout)["quadrants"]["I"]]
    planned = [cp["opportunity"] for cp in load("09-capture-plans.yaml")["capture_plans"]]
    assert sorted(planned) == sorted(in_progress)
    for opp in in_progress:
        ch = _challenge(opp)
        assert all(v is not None for v in ch["overall"]["team"].values())
        assert ch["overall"]["spoiler"] is not None and all(v is not None for v in ch["overall"]["spoiler"].values())


def test_matrix_ranking():
    r = invoke("matrix", FAB, "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    rows = {q: [(o["id"], o["value"], o["probability"], o["expected_value"], o["decision"]) for o in opps]
            for q, opps in data["quadrants"].items()}
    approx = pytest.approx
    assert rows == {
        "I": [("cu-slurry-45", approx(2_400_000), 0.6, approx(1_440_000), "2028-03-31"),
              # EUR 1.2M at 1.08 = 1,296,000; x 80%
              ("post-cmp-clean", approx(1_296_000), 0.8, approx(1_036_800), "2027-12-31"),
              ("jit-consignment", approx(850_000), 0.5, approx(425_000), "2028-06-30")],
        "II": [("barrier-slurry-28", approx(3_500_000), 0.2, approx(700_000), "2028-09-30"),
               ("sti-ceria", None, None, None, "2028-06-30")],          # unknown after known
        "III": [("plating-additives", approx(450_000), 0.25, approx(112_500), "2028-01-31"),
                # EUR 300k at 1.08 = 324,000; x 30%
                ("pou-filtration", approx(324_000), 0.3, approx(97_200), "2027-12-31")],
        "IV": [("slurry-jdp-28", approx(5_000_000), 0.1, approx(500_000), "2028-12-31"),
               ("fab2-supply", None, None, None, "2028-12-31")],
    }
    assert [(o["id"], o["stage"]) for o in data["closed"]] == [("w-slurry", "won"), ("oxide-slurry", "lost")]


def test_open_deals_decide_after_the_next_review_and_closed_ones_before_today():
    next_review = parse_date(load("account.yaml")["review"]["next"])
    for o in load("08-opportunities.yaml")["opportunities"]:
        decision = parse_date(o["decision"])
        if o["stage"] in ("won", "lost"):
            assert decision < datetime.date(2026, 11, 27), o["id"]
        else:
            assert decision > next_review, o["id"]
