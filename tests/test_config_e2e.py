"""The issue's end-to-end case: a plans repository whose saa.yaml adds two custom fields and a question set.

new, check, challenge score (driven as tests/test_scoring.py does), report, --json, and the written
schemas validating plan files the way an editor does (the ``jsonschema`` library).
"""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from saa import config as C
from saa.cli import app
from saa.yamlio import parse_text

runner = CliRunner()

SAA_YAML = """\
# saa.yaml: Acme Industries' way of running account plans
challenge:
  questions:
    - category: Customer issues and objectives that are driving their process now
      questions:
        - What is the customer trying to accomplish?
        - Why did the customer begin the process now?
    - category: Procurement
      questions:
        - Who signs the purchase order?
fields:
  opportunities:
    crm_region: {type: text, required: true, description: Sales region as the CRM names it}
    margin: {type: percent, description: Expected gross margin}
"""

OPPORTUNITIES = """\
opportunities:
  - id: big-deal
    name: The big deal
    value: 2M
    probability: 60%
    stage: proposal
    decision: 2027-Q1
    actions: [Send the proposal]
    crm_region: EMEA North
    margin: 35%
  - id: small-deal
    name: A small deal
    value: 100k
    stage: concept
    crm_region: APAC
"""

CAPTURE = """\
capture_plans:
  - opportunity: big-deal
    objective: Win the framework contract
"""


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    r = tmp_path / "plans-repo"
    (r / ".git").mkdir(parents=True)
    (r / "saa.yaml").write_text(SAA_YAML, "utf-8")
    monkeypatch.chdir(r)
    monkeypatch.setattr("saa.cli.score.stdin_is_tty", lambda: True)
    C.use(None)
    yield r
    C.use(None)


def test_a_company_configuration_end_to_end(repo):
    # ---- saa new: the skeleton and its schemas know the custom fields
    r = invoke("new", "plans/acme", "--account", "Acme Industries")
    assert r.exit_code == 0, r.output
    plan = repo / "plans" / "acme"
    skeleton = (plan / "08-opportunities.yaml").read_text("utf-8")
    assert "#   crm_region      required · Sales region as the CRM names it\n" in skeleton
    assert "#   margin          Expected gross margin (a percent: 40% or 0.4)\n" in skeleton
    assert "  #   crm_region: Text\n  #   margin: 50%\n" in skeleton
    local = json.loads((plan / ".schemas" / "08-opportunities.schema.json").read_text("utf-8"))
    item = local["properties"]["opportunities"]["anyOf"][0]["items"] if "anyOf" in local["properties"]["opportunities"] \
        else local["properties"]["opportunities"]["items"]
    assert item["required"] == ["id", "name", "crm_region"]
    assert item["properties"]["margin"]["description"] == "Expected gross margin"
    challenge = (plan / "10-challenge.yaml").read_text("utf-8")
    assert ("# The standard question set of this company (saa.yaml, challenge.questions);\n"
            "# `saa challenge score plans/acme --opportunity ID --view team` starts a challenge from it:\n"
            "#   Customer issues and objectives that are driving their process now\n") in challenge
    assert "#   Procurement\n#     - Who signs the purchase order?\n" in challenge

    # ---- fill the plan in; check reads the custom fields like built-in keys
    (plan / "08-opportunities.yaml").write_text(OPPORTUNITIES, "utf-8")
    (plan / "09-capture-plans.yaml").write_text(CAPTURE, "utf-8")
    r = invoke("check", "plans/acme", "--format", "json")
    found = json.loads(r.stdout)["findings"]
    assert [f for f in found if f["path"].endswith("08-opportunities.yaml") and f["severity"] == "error"] == []
    assert {f["rule"] for f in found} >= {"no-challenge"}

    bad = OPPORTUNITIES.replace("    margin: 35%\n", "    margin: a lot\n").replace("    crm_region: APAC\n", "")
    (plan / "08-opportunities.yaml").write_text(bad, "utf-8")
    r = invoke("check", "plans/acme")
    assert r.exit_code == 1
    assert "plans/acme/08-opportunities.yaml:10:13: error: not a percent: 'a lot'" in r.stdout
    assert "plans/acme/08-opportunities.yaml:11:5: error: missing required key 'crm_region' [required]" in r.stdout
    (plan / "08-opportunities.yaml").write_text(OPPORTUNITIES, "utf-8")

    # ---- challenge score: no challenge yet, so one is started from the company's question set
    before = (plan / "10-challenge.yaml").read_text("utf-8")
    assert "challenges: []" in before
    answers = ["4", "3", "2", "5", "5", "4", "3", "3", "3", ""]
    r = invoke("challenge", "score", "plans/acme", "--opportunity", "big-deal", "--as", "team",
               input="".join(a + "\n" for a in answers))
    assert r.exit_code == 0, r.output + r.stderr
    assert "starting one from the standard question set (saa.yaml)" in r.stdout
    assert "Question 3/3: Who signs the purchase order?" in r.stdout
    assert "Is the source reliable?" in r.stdout                # the 12 guiding questions
    assert "Wrote 9 scores" in r.stdout
    text = (plan / "10-challenge.yaml").read_text("utf-8")
    # the skeleton's guidance comments are kept
    kept = [line for line in before.splitlines() if line.startswith("#")]
    assert kept and all(line in text for line in kept)
    data = parse_text(text, "10-challenge.yaml").data
    [ch] = data["challenges"]
    assert ch["opportunity"] == "big-deal" and ch["reviewed"] == "2026-11-27"
    assert [(c["name"], [q["question"] for q in c["questions"]]) for c in ch["categories"]] == [
        ("Customer issues and objectives that are driving their process now",
         ["What is the customer trying to accomplish?", "Why did the customer begin the process now?"]),
        ("Procurement", ["Who signs the purchase order?"])]
    assert [q["team"] for c in ch["categories"] for q in c["questions"]] == [
        {"confidence": 4, "implications": 3, "actions": 2}, {"confidence": 5, "implications": 5, "actions": 4},
        {"confidence": 3, "implications": 3, "actions": 3}]
    r = invoke("challenge", "plans/acme", "--json")
    cat = json.loads(r.stdout)["challenges"][0]["categories"][0]
    assert cat["team"] == {"confidence": 4.5, "implications": 4.0, "actions": 3.0}

    # ---- report and --json show the custom fields
    r = invoke("report", "plans/acme")
    assert r.exit_code == 0, r.output
    assert "| Opportunity | crm region | margin |" in r.stdout
    assert "Fields of this company (saa.yaml)" in r.stdout
    assert "| **big-deal** | EMEA North | 35% |" in r.stdout
    assert "| **small-deal** | APAC | \\- |" in r.stdout
    m = json.loads(invoke("matrix", "plans/acme", "--json").stdout)
    assert m["quadrants"]["I"][0]["fields"] == {"crm_region": "EMEA North", "margin": 0.35}
    assert m["quadrants"]["II"][0]["fields"] == {"crm_region": "APAC", "margin": None}

    r = invoke("export", "plans/acme", "--what", "opportunities")
    lines = r.stdout.splitlines()
    assert lines[0].endswith(",Next action,crm_region,margin")
    assert lines[1].endswith(",Send the proposal,EMEA North,0.35") and lines[2].endswith(",APAC,")

    # ---- saa schema --out: what an editor reads validates the plan files the same way
    r = invoke("schema", "--out", ".schemas")
    assert r.exit_code == 0 and "wrote 12 schemas in .schemas" in r.stdout
    schema = json.loads((repo / ".schemas" / "08-opportunities.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    assert list(validator.iter_errors(parse_text(OPPORTUNITIES, "x").data)) == []
    errors = sorted(e.message for e in validator.iter_errors(parse_text(bad, "x").data))
    assert len(errors) == 2
    assert any("'crm_region' is a required property" in e for e in errors)
    assert any("'a lot'" in e for e in errors)
    # the configuration validates against its own schema
    cschema = json.loads((repo / ".schemas" / "saa.schema.json").read_text("utf-8"))
    assert list(Draft202012Validator(cschema).iter_errors(parse_text(SAA_YAML, "saa.yaml").data)) == []
    wrong = parse_text("rules: {quadrant-mismach: off}\nfields: {opportunities: {x: {type: percentage}}}\n", "s").data
    assert len(list(Draft202012Validator(cschema).iter_errors(wrong))) == 2


def test_challenge_score_starts_a_challenge_when_the_file_does_not_exist(repo):
    plan = repo / "p"
    plan.mkdir()
    (plan / "account.yaml").write_text("account: P\n", "utf-8")
    (plan / "08-opportunities.yaml").write_text(OPPORTUNITIES, "utf-8")
    (plan / "09-capture-plans.yaml").write_text(CAPTURE, "utf-8")
    r = invoke("challenge", "score", "p", "--opportunity", "big-deal", "--as", "team", input="\n" * 9)
    assert r.exit_code == 0, r.output + r.stderr
    assert "Wrote the challenge of big-deal (3 questions, not scored yet) to p/10-challenge.yaml." in r.stdout
    data = parse_text((plan / "10-challenge.yaml").read_text("utf-8"), "x").data
    assert data == {"challenges": [{"opportunity": "big-deal", "categories": [
        {"name": "Customer issues and objectives that are driving their process now",
         "questions": [{"question": "What is the customer trying to accomplish?"},
                       {"question": "Why did the customer begin the process now?"}]},
        {"name": "Procurement", "questions": [{"question": "Who signs the purchase order?"}]}]}]}
    # Ctrl-D in the middle: nothing written
    (plan / "10-challenge.yaml").unlink()
    r = invoke("challenge", "score", "p", "--opportunity", "big-deal", "--as", "team", input="4\n")
    assert r.exit_code == 1 and not (plan / "10-challenge.yaml").exists()


def test_challenge_score_without_a_capture_plan_says_so(repo):
    plan = repo / "p"
    plan.mkdir()
    (plan / "account.yaml").write_text("account: P\n", "utf-8")
    (plan / "08-opportunities.yaml").write_text(OPPORTUNITIES, "utf-8")
    r = invoke("challenge", "score", "p", "--opportunity", "small-deal", "--as", "team", input="")
    assert r.exit_code == 2
    assert r.stderr == ("saa: error: no challenge for opportunity 'small-deal' in p/10-challenge.yaml (it has no "
                        "challenges yet), and no capture plan for it in 09-capture-plans.yaml to start one from the "
                        "standard question set\n")


def test_the_built_in_question_set_when_saa_yaml_has_none(repo):
    (repo / "saa.yaml").write_text("# no question set\n", "utf-8")
    C.use(None)
    plan = repo / "p"
    plan.mkdir()
    (plan / "account.yaml").write_text("account: P\n", "utf-8")
    (plan / "08-opportunities.yaml").write_text(OPPORTUNITIES, "utf-8")
    (plan / "09-capture-plans.yaml").write_text(CAPTURE, "utf-8")
    n = sum(len(qs) for _c, qs in C.QUESTIONS)
    r = invoke("challenge", "score", "p", "--opportunity", "big-deal", "--as", "team", input="\n" * (3 * n))
    assert r.exit_code == 0, r.output
    data = parse_text((plan / "10-challenge.yaml").read_text("utf-8"), "x").data
    assert [c["name"] for c in data["challenges"][0]["categories"]] == [c for c, _ in C.QUESTIONS]
