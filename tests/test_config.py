"""saa.yaml: finding it, every setting, precedence, bad values at their exact line:col, exit 2 when broken."""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest
from typer.testing import CliRunner

from conftest import TELECOM, run_saa
from saa import config as C
from saa.cli import app
from saa.loader import load_plan

runner = CliRunner()


def invoke(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A plans repository: .git at its root, plans/telecom, the current folder at the root."""
    r = tmp_path / "repo"
    (r / ".git").mkdir(parents=True)
    shutil.copytree(TELECOM, r / "plans" / "telecom")
    monkeypatch.chdir(r)
    C.use(None)
    yield r
    C.use(None)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), "utf-8")
    C.use(None)
    return path


def check_json(*args):
    r = invoke("check", *args, "--format", "json")
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, json.loads(r.stdout)["findings"]


def line_of(path, text):
    """The 1-based line of the first line of ``path`` that starts with ``text`` (after indentation)."""
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.strip().startswith(text))


def telecom_line(name, text):
    return line_of(TELECOM / name, text)


ASIC = telecom_line("08-opportunities.yaml", "- id: asic-port-driver")     # the first opportunity
ADSL = telecom_line("08-opportunities.yaml", "- id: adsl2")
CHALLENGE = telecom_line("10-challenge.yaml", "- opportunity: asic-port-driver")
ACCOUNT = telecom_line("account.yaml", "account:")


def rules_at(found, rule):
    return [(f["path"], f["line"], f["column"], f["severity"]) for f in found if f["rule"] == rule]


# ---- finding saa.yaml --------------------------------------------------------------

def test_found_walking_up_from_the_plan_folder_to_the_repository_root(repo):
    write(repo / "saa.yaml", "gates: {max_age: 7}\n")
    assert C.find(repo / "plans" / "telecom") == repo / "saa.yaml"
    assert C.config_for(repo / "plans" / "telecom").max_age == 7
    # the nearest one wins: a plans folder may have its own
    write(repo / "plans" / "saa.yaml", "gates: {max_age: 9}\n")
    assert C.config_for(repo / "plans" / "telecom").max_age == 9


def test_not_searched_above_the_repository_root(tmp_path, monkeypatch):
    write(tmp_path / "saa.yaml", "gates: {max_age: 7}\n")           # outside the repository
    r = tmp_path / "repo"
    (r / ".git").mkdir(parents=True)
    shutil.copytree(TELECOM, r / "telecom")
    C.use(None)
    assert C.find(r / "telecom") is None
    assert C.config_for(r / "telecom") is C.BUILTIN
    # without a .git the search goes on up: the file above is found
    shutil.rmtree(r / ".git")
    C.use(None)
    assert C.find(r / "telecom") == tmp_path / "saa.yaml"
    C.use(None)


def test_none_found_means_todays_defaults(repo):
    cfg = C.config_for(repo / "plans" / "telecom")
    assert cfg is C.BUILTIN
    assert (cfg.min_completeness, cfg.max_age, cfg.strict, cfg.rules, cfg.report_in) == (None, None, False, {}, None)
    assert cfg.required == tuple(range(1, 11))
    plan = load_plan(repo / "plans" / "telecom")
    assert plan.rag == (3.0, 4.0)


def test_config_option_overrides_the_search(repo, tmp_path):
    write(repo / "saa.yaml", "gates: {max_age: 3000}\n")
    other = write(tmp_path / "ci.yaml", "gates: {max_age: 10}\n")
    code, found = check_json("plans/telecom")
    assert code == 0 and rules_at(found, "stale") == []
    code, found = check_json("plans/telecom", "--config", other)
    assert code == 1
    last = line_of(repo / "plans" / "telecom" / "account.yaml", "last:")
    assert rules_at(found, "stale") == [("plans/telecom/account.yaml", last, 9, "error")]


def test_config_option_on_every_command_that_reads_plans(repo, tmp_path):
    bad = write(tmp_path / "bad.yaml", "gates: {max_age: soon}\n")
    for args in (["check", "plans/telecom"], ["status", "plans/telecom"], ["value", "plans/telecom"],
                 ["matrix", "plans/telecom"], ["challenge", "plans/telecom"], ["network", "plans/telecom"],
                 ["kano", "plans/telecom"], ["actions", "plans/telecom"], ["report", "plans/telecom"],
                 ["portfolio", "plans"], ["schema"], ["new", "plans/x", "--account", "X"],
                 ["config", "plans/telecom"], ["fmt", "plans/telecom", "--check"], ["whitespace", "plans/telecom"],
                 ["export", "plans/telecom", "--what", "opportunities"]):
        r = invoke(*args, "--config", bad)
        assert r.exit_code == 2, (args, r.output)
        assert r.exception is None or isinstance(r.exception, SystemExit), (args, r.exception)
        assert r.stderr.startswith(f"saa: error: {bad} is not a valid configuration (1 error)"), (args, r.stderr)
        assert f"{bad}:1:18: error: 'max_age' should be a whole number, not 'soon' [type]" in r.stderr
    assert not (repo / "plans" / "x").exists()
    r = invoke("check", "plans/telecom", "--config", "nope.yaml")
    assert r.exit_code == 2 and "saa: error: --config nope.yaml: no such file" in r.stderr


def test_a_broken_saa_yaml_stops_every_command_with_exit_2_never_a_traceback(repo):
    write(repo / "saa.yaml", "gates:\n  strict: yes please\nrules: [a]\n")
    for args in (["check", "plans/"], ["status", "plans/telecom"], ["challenge", "plans/telecom"],
                 ["challenge", "--guide"], ["schema"], ["config"], ["report", "plans/telecom"]):
        r = invoke(*args)
        assert r.exit_code == 2, (args, r.output)
        assert r.stdout == "", args
        assert r.stderr.startswith("saa: error: saa.yaml is not a valid configuration (2 errors)"), r.stderr
        assert "saa.yaml:2:11: error: 'strict' should be true or false, not 'yes please' [type]" in r.stderr
        assert "saa.yaml:3:8: error: 'rules' should be a mapping (name: value lines), not a list [type]" in r.stderr
    # and as a real process: one message, no traceback
    p = run_saa("check", "plans", cwd=repo)
    assert p.returncode == 2 and "Traceback" not in p.stderr and p.stderr.startswith("saa: error: saa.yaml")


def test_version_reads_no_configuration(repo):
    write(repo / "saa.yaml", "gates: [broken\n")
    p = run_saa("--version", cwd=repo)
    assert p.returncode == 0 and p.stdout.startswith("saa ")


# ---- bad values, each at its line and column ---------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("gates: {min_completeness: 150}\n",
     "saa.yaml:1:27: error: value 150 is out of range: 'min_completeness' is 0..100 [range]"),
    ("gates:\n  max_age: -1\n", "saa.yaml:2:12: error: value -1 is out of range: 'max_age' is 0..36600 [range]"),
    ("gatez: {}\n", "saa.yaml:1:1: error: unknown key 'gatez' (did you mean 'gates'?) [unknown-key]"),
    ("rules:\n  quadrant-mismach: off\n",
     "saa.yaml:2:3: error: unknown rule id 'quadrant-mismach' (did you mean 'quadrant-mismatch'?) [config]"),
    ("rules:\n  no-capture-plan: loud\n",
     "saa.yaml:2:20: error: 'no-capture-plan' is 'loud'; write one of: off, warning, error [enum]"),
    ("challenge:\n  rag: {red_below: 4, green_from: 3}\n",
     "saa.yaml:2:35: error: red_below (4) is above green_from (3): nothing could be yellow; "
     "red_below must be at most green_from [config]"),
    ("challenge:\n  questions:\n    - category: Customer\n      questions: []\n",
     "saa.yaml:4:7: error: category 'Customer' has no questions [config]"),
    ("challenge:\n  questions:\n    - questions: [Why]\n",
     "saa.yaml:3:7: error: missing required key 'category' [required]"),
    ("currency: {report_in: euro}\n",
     "saa.yaml:1:23: error: not a currency: 'euro'; write an ISO code such as USD, EUR or GBP [currency]"),
    ("currency:\n  fx: {USD: -1}\n",
     "saa.yaml:2:13: error: exchange rate should be a positive number (1 USD in the plan's currency), not -1 [type]"),
    ("currency:\n  fx: {usd: 0.9}\n",
     "saa.yaml:2:8: error: 'usd' is not a currency: write an ISO code such as USD, EUR or GBP [config]"),
    ("fields:\n  opportunities:\n    margin: {type: percentage}\n",
     "saa.yaml:3:20: error: 'type' is 'percentage'; write one of: text, number, money, percent, date, relation, "
     "frequency, one-of (did you mean 'percent'?) [enum]"),
    ("fields:\n  opportunities:\n    stage: {type: text}\n",
     "saa.yaml:3:5: error: 'stage' is a field of the plan format already; name the custom field otherwise [config]"),
    ("fields:\n  opportunities:\n    Region: {type: text}\n",
     "saa.yaml:3:5: error: field name 'Region' should be lowercase letters, digits and _ (like crm_region) [config]"),
    ("fields:\n  opportunities:\n    tier: {type: one-of}\n",
     "saa.yaml:3:18: error: type one-of needs `values`: the list of values allowed [config]"),
    ("fields:\n  opportunity:\n    tier: {type: text}\n",
     "saa.yaml:2:3: error: unknown key 'opportunity' (did you mean 'opportunities'?) [unknown-key]"),
    ("fields:\n  contacts:\n    tier: {type: text, required: maybe}\n",
     "saa.yaml:3:34: error: 'required' should be true or false, not 'maybe' [type]"),
    ("fields:\n  contacts:\n    tier:\n", "saa.yaml:3:5: error: custom field 'tier' needs a type, e.g. {type: text} [config]"),
    ("steps: {required: [1, 11]}\n", "saa.yaml:1:23: error: value 11 is out of range: 'required' is 1..10 [range]"),
    ("steps:\n  required: []\n", "saa.yaml:2:13: error: steps.required names no step; name at least one (1..10) [config]"),
    ("steps:\n  crm_stages: {Closed Won: winning}\n",
     "saa.yaml:2:28: error: 'Closed Won' is 'winning'; write one of: potential, concept, assessment, qualified, "
     "proposal, negotiation, on-hold, delayed, cancelling, won, lost [enum]"),
    ("gates: {max_age: 1\n", "saa.yaml:2:1: error: YAML syntax:"),
])
def test_bad_values_are_findings_at_their_line_and_column(repo, text, expected):
    write(repo / "saa.yaml", text)
    r = invoke("check", "plans/telecom")
    assert r.exit_code == 2, r.output
    assert expected in r.stderr, r.stderr


def test_an_empty_saa_yaml_is_the_defaults(repo):
    write(repo / "saa.yaml", "# nothing decided yet\n")
    cfg = C.config_for(repo)
    assert cfg.path == "saa.yaml" and cfg.max_age is None and cfg.questions == C.QUESTIONS


# ---- gates ----------------------------------------------------------------------------

def test_gates_from_saa_yaml_so_ci_needs_no_flags(repo):
    write(repo / "saa.yaml", "gates: {min_completeness: 90, max_age: 30, strict: true}\n")
    code, found = check_json("plans/")
    assert code == 1
    last = line_of(repo / "plans" / "telecom" / "account.yaml", "last:")
    assert rules_at(found, "stale") == [("plans/telecom/account.yaml", last, 9, "error")]
    [comp] = [f for f in found if f["rule"] == "completeness"]
    assert comp["message"].startswith("plan telecom is 62% complete, below the minimum 90%")


def test_command_line_flags_win_over_saa_yaml(repo):
    write(repo / "saa.yaml", "gates: {min_completeness: 90, max_age: 30, strict: true}\n")
    code, found = check_json("plans/", "--min-completeness", "50", "--max-age", "400", "--no-strict")
    assert code == 0                                  # warnings only, and --no-strict wins over strict: true
    assert {f["rule"] for f in found} == {"no-capture-plan", "unreached-decision-maker", "no-coach"}
    r = invoke("check", "plans/", "--min-completeness", "50", "--max-age", "400")
    assert r.exit_code == 1                           # strict from saa.yaml: the warnings fail


# ---- rules: severities, suppression comments ------------------------------------------------

def test_rule_severities_off_warning_error(repo):
    write(repo / "saa.yaml", """\
        rules:
          no-capture-plan: error
          unreached-decision-maker: "off"
        """)
    code, found = check_json("plans/telecom")
    assert code == 1
    assert rules_at(found, "no-capture-plan") == [("plans/telecom/08-opportunities.yaml", ASIC, 5, "error"),
                                                  ("plans/telecom/08-opportunities.yaml", ADSL, 5, "error")]
    assert rules_at(found, "unreached-decision-maker") == []


def test_ignore_comment_suppresses_one_rule_on_its_line(repo):
    f = repo / "plans" / "telecom" / "08-opportunities.yaml"
    lines = f.read_text("utf-8").split("\n")
    assert lines[ADSL - 1].startswith("  - id: adsl2")
    lines[ADSL - 1] += "   # saa: ignore[no-capture-plan]"
    lines[ASIC - 1] += "  # saa: ignore[quadrant-mismatch, no-capture-plan]"
    f.write_text("\n".join(lines), "utf-8")
    code, found = check_json("plans/telecom")
    assert code == 0
    assert rules_at(found, "no-capture-plan") == []
    # the part that suppresses nothing is reported, where the comment is
    assert [(x["path"], x["line"], x["column"], x["message"]) for x in found if x["rule"] == "unused-ignore"] == [
        ("plans/telecom/08-opportunities.yaml", ASIC, 27,
         "`# saa: ignore[quadrant-mismatch]` suppresses nothing on this line")]


def test_unused_ignore_can_itself_be_configured(repo):
    f = repo / "plans" / "telecom" / "02-network.yaml"
    f.write_text(f.read_text("utf-8").replace("contacts:", "contacts:  # saa: ignore[stale]", 1), "utf-8")
    code, found = check_json("plans/telecom")
    assert [x["rule"] for x in found if x["rule"] == "unused-ignore"] == ["unused-ignore"]
    write(repo / "saa.yaml", "rules: {unused-ignore: error}\n")
    code, found = check_json("plans/telecom")
    assert code == 1 and rules_at(found, "unused-ignore")[0][3] == "error"
    write(repo / "saa.yaml", "rules: {unused-ignore: 'off'}\n")
    code, found = check_json("plans/telecom")
    assert rules_at(found, "unused-ignore") == []


# ---- challenge: RAG, question sets, guide -------------------------------------------------

def _colours(repo):
    r = invoke("challenge", "plans/telecom", "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)["challenges"][0]["categories"][0]["colour"]["team"]


def test_rag_precedence_plan_then_saa_yaml_then_built_in(repo):
    # team means 3.7 / 2.7 / 3.0
    assert _colours(repo) == {"confidence": "yellow", "implications": "red", "actions": "yellow"}
    write(repo / "saa.yaml", "challenge:\n  rag: {red_below: 2.5, green_from: 3.5}\n")
    assert _colours(repo) == {"confidence": "green", "implications": "yellow", "actions": "yellow"}
    acc = repo / "plans" / "telecom" / "account.yaml"
    acc.write_text(acc.read_text("utf-8") + "settings:\n  rag: {green_from: 3.8}\n", "utf-8")
    # green_from from the plan, red_below still from saa.yaml
    assert load_plan(repo / "plans" / "telecom").rag == (2.5, 3.8)
    assert _colours(repo) == {"confidence": "yellow", "implications": "yellow", "actions": "yellow"}


def test_the_method_has_twelve_guiding_questions(repo):
    assert sum(len(v) for v in C.GUIDE.values()) == 12
    r = invoke("challenge", "--guide")
    for q in ("Is the source reliable?", "Are there comparable past situations?",
              "What alternatives should we consider?",
              "How can we use the information to influence the buying process?",
              "What behaviour would confirm or question our assumptions?"):
        assert q in r.stdout
    write(repo / "saa.yaml", "challenge:\n  guide:\n    actions: ['Who does what by Friday?']\n")
    data = json.loads(invoke("challenge", "--guide", "--json").stdout)
    assert data["guide"]["actions"] == ["Who does what by Friday?"]
    assert len(data["guide"]["confidence"]) == 4       # the dimensions not written stay the method's


def test_missing_standard_questions_off_by_default_on_when_the_company_says_so(repo):
    write(repo / "saa.yaml", """\
        challenge:
          questions:
            - category: Customer issues
              questions:
                - What is the customer trying to accomplish?
                - Who pays for it?
        """)
    code, found = check_json("plans/telecom")
    assert rules_at(found, "missing-question") == []
    write(repo / "saa.yaml", (repo / "saa.yaml").read_text() + "rules: {missing-question: warning}\n")
    code, found = check_json("plans/telecom")
    assert [(f["path"], f["line"], f["column"], f["message"]) for f in found
            if f["rule"] == "missing-question"] == [
        ("plans/telecom/10-challenge.yaml", CHALLENGE, 5,
         "challenge of asic-port-driver leaves out 1 question of the standard set: Who pays for it?")]


# ---- currency -------------------------------------------------------------------------------

def test_rate_table_plan_fx_wins_and_rates_cross_through_report_in():
    cfg = C.parse("currency: {report_in: EUR, fx: {USD: 0.9, GBP: 1.2}}\n", "saa.yaml")
    # a plan in EUR: saa.yaml's rates as they are
    assert C.rate_table("EUR", {}, cfg) == {"EUR": 1.0, "USD": 0.9, "GBP": 1.2}
    # a plan in USD: crossed through EUR
    t = C.rate_table("USD", {}, cfg)
    assert t["USD"] == 1.0 and t["EUR"] == pytest.approx(1 / 0.9) and t["GBP"] == pytest.approx(1.2 / 0.9)
    # the plan's own settings.fx wins
    assert C.rate_table("USD", {"EUR": 1.08}, cfg)["EUR"] == 1.08
    # into report_in: what the portfolio review uses
    into = C.rate_table("USD", {}, cfg, into="EUR")
    assert into["USD"] == pytest.approx(0.9) and into["EUR"] == pytest.approx(1.0)
    assert C.rate_table("USD", {}, C.BUILTIN) == {"USD": 1.0}
    assert C.rate_table("JPY", {}, cfg, into="EUR") == {}      # no rate reaches JPY


def test_money_in_another_currency_uses_saa_yaml_rates(repo, plan_dir):
    p = plan_dir({"account.yaml": "account: X\ncurrency: EUR\n",
                  "08-opportunities.yaml": "opportunities:\n  - {id: a, name: A, value: USD 100k, stage: potential}\n"},
                 name="repo/plans/x")
    code, found = check_json("plans/x")
    assert [f["message"] for f in found if f["rule"] == "money"] == [
        "no exchange rate for USD: add settings.fx.USD to account.yaml"]
    write(repo / "saa.yaml", "currency: {report_in: EUR, fx: {USD: 0.92}}\n")
    plan = load_plan(p)
    assert plan.opportunities[0].value == pytest.approx(92000)
    assert C.plan_rates(plan) == {"EUR": 1.0, "USD": 0.92}
    (p / "account.yaml").write_text("account: X\ncurrency: EUR\nsettings:\n  fx: {USD: 0.5}\n")
    assert load_plan(p).opportunities[0].value == pytest.approx(50000)


# ---- steps and CRM stages ---------------------------------------------------------------

def test_required_steps_count_the_others_are_optional(repo):
    r = invoke("status", "plans/telecom", "--json")
    before = json.loads(r.stdout)["plans"][0]
    assert round(before["completeness"]) == 62 and before["optional_steps"] == []
    write(repo / "saa.yaml", "steps: {required: [1, 2, 4]}\n")
    after = json.loads(invoke("status", "plans/telecom", "--json").stdout)["plans"][0]
    assert after["completeness"] == 100.0
    assert after["optional_steps"] == [3, 5, 6, 7, 8, 9, 10]
    assert after["missing"] == []                      # what is missing in optional steps is not asked for
    text = invoke("status", "plans/telecom").stdout
    assert "optional (not counted)" in text
    report = invoke("report", "plans/telecom").stdout
    assert "completeness 100%" in report
    assert "Optional for this company (steps.required in saa.yaml): 50% complete, not counted" in report
    assert "Not started: 05-competition.yaml does not exist yet; optional for this company" in report
    write(repo / "saa.yaml", "steps: {required: [1, 2, 4]}\ngates: {min_completeness: 100}\n")
    code, found = check_json("plans/telecom")
    assert rules_at(found, "completeness") == []


def test_crm_stage_names_map_to_the_methods_deal_stages():
    cfg = C.parse("steps:\n  crm_stages: {Closed Won: won, 'Stage 3 - Proposal': proposal}\n", "saa.yaml")
    assert C.deal_stage("closed  won", cfg) == C.deal_stage("Closed-Won", cfg) == "won"
    assert C.deal_stage("Stage 3 - Proposal", cfg) == "proposal"
    assert C.deal_stage("On Hold", cfg) == "on-hold"          # the method's own names map to themselves
    assert C.deal_stage("Discovery", cfg) is None
    assert C.deal_stage("negotiation") == "negotiation"


# ---- saa config ----------------------------------------------------------------------------

def test_saa_config_shows_every_value_and_where_it_comes_from(repo):
    write(repo / "saa.yaml", "gates: {max_age: 120}\nchallenge:\n  rag: {red_below: 2.5}\n"
                             "currency: {report_in: USD, fx: {EUR: 1.1}}\n")
    acc = repo / "plans" / "telecom" / "account.yaml"
    acc.write_text(acc.read_text("utf-8") + "settings:\n  rag: {green_from: 3.8}\n", "utf-8")
    rag_line = line_of(acc, "rag:")
    r = invoke("config", "plans/telecom", "--json", "--strict")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    by = {s["key"]: (s["value"], s["source"], s["where"]) for s in data["settings"]}
    assert data["config"] == "saa.yaml"
    assert by["gates.max_age"] == (120, "saa.yaml", "saa.yaml:1")
    assert by["gates.min_completeness"] == (None, "built-in", None)
    assert by["gates.strict"] == (True, "command line", "--strict")
    assert by["challenge.rag.red_below"] == (2.5, "saa.yaml", "saa.yaml:3")
    assert by["challenge.rag.green_from"] == (3.8, "plan", f"plans/telecom/account.yaml:{rag_line}")
    assert by["currency.fx.EUR"] == (1.1, "saa.yaml", "saa.yaml:4")
    assert by["rules.no-capture-plan"] == ("warning", "built-in", None)
    assert by["rules.missing-question"] == ("off", "built-in", None)
    text = invoke("config", "plans/telecom").stdout
    assert text.startswith("configuration for plans/telecom: saa.yaml\n")
    assert "gates.max_age" in text and "saa.yaml (saa.yaml:1)" in text


def test_saa_config_without_a_plan_or_a_file(repo):
    r = invoke("config")
    assert r.exit_code == 0
    assert r.stdout.startswith("configuration: built-in defaults (no saa.yaml found)\n")


# ---- the documented examples are valid configurations ----------------------------------------

def _yaml_blocks(path):
    import re

    from conftest import ROOT

    text = (ROOT / path).read_text("utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_the_readme_and_docs_examples_are_valid():
    readme = [b for b in _yaml_blocks("README.md") if b.startswith("gates:")]
    assert len(readme) == 1 and len(readme[0].strip().splitlines()) == 10
    cfg = C.parse(readme[0], "README.md")
    assert cfg.strict is True and cfg.fields["opportunities"]["crm_region"].required
    blocks = [b for b in _yaml_blocks("docs/configuration.md")
              if b.split("\n", 1)[0].split(":")[0].lstrip("# ") in ("saa.yaml, at the root of the plans repository",
                                                                      "gates", "rules", "challenge", "currency",
                                                                      "fields", "steps")]
    assert len(blocks) == 7
    for b in blocks:
        C.parse(b, "docs/configuration.md")     # raises ConfigError when an example is wrong


def test_portfolio_totals_in_report_in(repo, plan_dir):
    from saa.clock import today
    from saa.portfolio import load_rows, totals

    plan_dir({"account.yaml": "account: E\ncurrency: EUR\n",
              "08-opportunities.yaml": "opportunities:\n  - {id: a, name: A, value: 1M, stage: proposal}\n"},
             name="repo/plans/e")
    us = [repo / "plans" / "telecom", repo / "plans" / "e"]
    rows = load_rows(us, today())
    assert [(t.currency, t.plans, t.pipeline["I"]) for t in totals(rows)] == [("USD", 1, 11_500_000.0),
                                                                                ("EUR", 1, 1_000_000.0)]
    write(repo / "saa.yaml", "currency: {report_in: EUR, fx: {USD: 0.9}}\n")
    rows = load_rows(us, today())
    [t] = totals(rows)
    assert (t.currency, t.plans) == ("EUR", 2)
    assert t.pipeline["I"] == pytest.approx(11_500_000 * 0.9 + 1_000_000)
    r = runner.invoke(app, ["portfolio", "plans"], env={"COLUMNS": "200"})
    assert "total (2 plans, EUR)" in r.stdout


def test_an_ignore_cannot_hide_a_format_error_and_typos_get_a_hint(repo):
    f = repo / "plans" / "telecom" / "08-opportunities.yaml"
    lines = f.read_text("utf-8").split("\n")
    lines[ASIC - 1] += "  # saa: ignore[no-captureplan]"
    f.write_text("\n".join(lines), "utf-8")
    acc = repo / "plans" / "telecom" / "account.yaml"
    acc.write_text(acc.read_text("utf-8").replace("account:", "acount:  # saa: ignore[unknown-key]", 1), "utf-8")
    code, found = check_json("plans/telecom")
    assert code == 1
    assert rules_at(found, "unknown-key") == [("plans/telecom/account.yaml", ACCOUNT, 1, "error")]
    assert sorted((x["path"], x["line"], x["message"]) for x in found if x["rule"] == "unused-ignore") == [
        ("plans/telecom/08-opportunities.yaml", ASIC,
         "`# saa: ignore[no-captureplan]`: 'no-captureplan' is not a rule id (did you mean 'no-capture-plan'?); "
         "`saa rules` lists them"),
        ("plans/telecom/account.yaml", ACCOUNT,
         "`# saa: ignore[unknown-key]`: 'unknown-key' is an error of the file format; it cannot be ignored, "
         "fix it")]


def test_worker_processes_check_with_the_same_configuration(repo):
    from saa.check import CheckOptions, check_folders

    for i in range(3):
        shutil.copytree(TELECOM, repo / "plans" / f"t{i}")
    write(repo / "saa.yaml", "rules: {no-capture-plan: error, unreached-decision-maker: 'off', no-coach: 'off'}\n")
    folders = sorted((repo / "plans").iterdir())
    for f in folders:
        C.config_for(f)                      # what `saa check` does before it starts the workers
    serial = check_folders(folders, CheckOptions(), jobs=1)
    parallel = check_folders(folders, CheckOptions(), jobs=2, parallel_min=2)
    assert serial.as_dict() == parallel.as_dict()
    assert {(f.rule, f.severity) for f in parallel.findings} == {("no-capture-plan", "error")}
    assert parallel.errors == 8


def test_ignore_comments_are_read_from_comments_only():
    text = ('a: 1  # saa: ignore[x, y]\nb: "# saa: ignore[z]"\n# saa: ignore[]\n'
            'c: d#saa: ignore[w]\n  #saa:ignore[v]\n')
    assert C.ignores(text) == [(1, 7, ["x", "y"]), (3, 1, []), (5, 3, ["v"])]


def test_import_crm_reads_stage_names_through_saa_yaml(repo, tmp_path):
    from saa.loader import load_plan as load

    csv = tmp_path / "deals.csv"
    csv.write_text("Opportunity Name,Stage,Amount\nMedia Gateway,Waiting For PO,250000\nADSL 2,Discovery,1000\n",
                   encoding="utf-8")
    r = invoke("import", "crm", "plans/telecom", csv, "--dry-run")
    assert r.exit_code == 1 and "unknown stage 'Waiting For PO'" in r.stdout
    write(repo / "saa.yaml", "steps:\n  crm_stages: {waiting-for-po: delayed, Discovery: concept}\n")
    r = invoke("import", "crm", "plans/telecom", csv)
    assert r.exit_code == 0, r.output
    stages = {o.id: o.stage for o in load(repo / "plans" / "telecom").opportunities}
    assert (stages["media-gateway"], stages["adsl2"]) == ("delayed", "concept")
    # --stage still wins over saa.yaml
    r = invoke("import", "crm", "plans/telecom", csv, "--stage", "Discovery=assessment")
    assert r.exit_code == 0, r.output
    assert {o.id: o.stage for o in load(repo / "plans" / "telecom").opportunities}["adsl2"] == "assessment"


def test_custom_fields_of_contacts_value_opportunities_and_the_account(repo):
    write(repo / "saa.yaml", """\
        fields:
          account: {erp_id: {type: text, required: true}}
          contacts: {last_qbr: {type: date}, sponsor: {type: one-of, values: [yes-sponsor, no-sponsor]}}
          value_opportunities: {confidence: {type: percent}}
        """)
    code, found = check_json("plans/telecom")
    assert [(f["path"], f["line"], f["column"], f["message"]) for f in found if f["rule"] == "required"] == [
        ("plans/telecom/account.yaml", ACCOUNT, 1, "missing required key 'erp_id'")]
    net = repo / "plans" / "telecom" / "02-network.yaml"
    lines = net.read_text("utf-8").split("\n")
    i = next(n for n, line in enumerate(lines) if line.strip().startswith("- name:"))
    indent = " " * (len(lines[i]) - len(lines[i].lstrip()) + 2)
    lines[i + 1:i + 1] = [f"{indent}last_qbr: 2026-10", f"{indent}sponsor: maybe"]
    net.write_text("\n".join(lines), "utf-8")
    code, found = check_json("plans/telecom")
    assert [(f["line"], f["column"], f["rule"]) for f in found if f["path"].endswith("02-network.yaml")
            and f["severity"] == "error"] == [(i + 3, len(indent) + 10, "enum")]
    lines[i + 2] = f"{indent}sponsor: yes-sponsor"
    net.write_text("\n".join(lines), "utf-8")
    data = json.loads(invoke("network", "plans/telecom", "--json").stdout)
    contacts = [c for r in data["roles"] for c in r["contacts"]]
    first = lines[i].split("name:")[1].strip()
    assert [c["fields"] for c in contacts if c["name"] == first] == [{"last_qbr": "2026-10-31", "sponsor": "yes-sponsor"}]
    assert all(set(c["fields"]) == {"last_qbr", "sponsor"} for c in contacts)
    vos = json.loads(invoke("value", "plans/telecom", "--json").stdout)["value_opportunities"]
    assert vos and all(v["fields"] == {"confidence": None} for v in vos)
    report = invoke("report", "plans/telecom").stdout
    assert "| Contact | last qbr | sponsor |" in report and "| Account | erp id |" in report


def test_saa_init_writes_a_commented_saa_yaml_that_is_valid_once_opened(tmp_path):
    from saa.repo_init import init_repo

    init_repo(str(tmp_path / "acme"), "Acme")
    text = (tmp_path / "acme" / "saa.yaml").read_text("utf-8")
    assert C.parse(text, "saa.yaml").where == {}                 # all commented out: the defaults
    body = text[text.index("# gates:"):]
    opened = "\n".join(line[2:] if line.startswith("# ") else line for line in body.splitlines()) + "\n"
    cfg = C.parse(opened, "saa.yaml")                            # every line opened: a valid configuration
    assert (cfg.min_completeness, cfg.max_age, cfg.report_in, cfg.required) == (60, 120, "EUR", (1, 2, 4, 8, 9, 10))
    assert C.deal_stage("discovery", cfg) == "concept"
