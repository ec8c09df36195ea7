"""`saa check`: every finding at the right file, line and column; exit codes 0/1/2; no tracebacks."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from saa.cli import app
from conftest import TELECOM, run_saa

runner = CliRunner()


def check(*args):
    return runner.invoke(app, ["check", *map(str, args)])


def findings_of(path, *extra):
    r = check(path, "--format", "json", *extra)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    data = json.loads(r.stdout)
    return r.exit_code, data["findings"]


def at(findings, rule):
    return [(f["path"].split("/")[-1], f["line"], f["column"]) for f in findings if f["rule"] == rule]


# ---- the worked example ---------------------------------------------------------

def test_telecom_has_no_errors():
    code, found = findings_of(TELECOM)
    assert code == 0
    assert [f for f in found if f["severity"] == "error"] == []
    rules = sorted({f["rule"] for f in found})
    # the example is a work in progress: warnings the method itself would raise
    assert rules == ["no-capture-plan", "unreached-decision-maker"]
    assert at(found, "unreached-decision-maker") == [("02-network.yaml", 17, 5)]
    assert at(found, "no-capture-plan") == [("08-opportunities.yaml", 3, 5), ("08-opportunities.yaml", 12, 5)]


def test_text_format_and_summary():
    r = check(TELECOM)
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith(str(TELECOM / "02-network.yaml") + ":17:5: warning: decision maker 'Jiang L.'")
    assert lines[0].endswith("[unreached-decision-maker]")
    assert lines[-1] == "0 errors, 3 warnings in 1 plan"


def test_strict_makes_warnings_fail():
    assert check(TELECOM, "--strict").exit_code == 1


def test_github_format_and_auto_detection(monkeypatch):
    r = check(TELECOM, "--format", "github")
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"::warning title=unreached-decision-maker,file={TELECOM}/02-network.yaml,line=17,col=5::"
                            "decision maker 'Jiang L.'")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert check(TELECOM).stdout.splitlines()[0] == first


def test_json_shape():
    r = check(TELECOM, "--format", "json")
    data = json.loads(r.stdout)
    assert set(data) == {"findings", "plans", "errors", "warnings"}
    assert (data["plans"], data["errors"], data["warnings"]) == (1, 0, 3)
    assert set(data["findings"][0]) == {"path", "line", "column", "severity", "rule", "message"}


def test_gates(telecom):
    # review.last is 2026-10-15; today is pinned to 2026-11-27: 43 days
    assert findings_of(telecom, "--max-age", "60")[0] == 0
    code, found = findings_of(telecom, "--max-age", "30")
    assert code == 1
    assert at(found, "stale") == [("account.yaml", 21, 9)]
    assert "43 days ago" in [f for f in found if f["rule"] == "stale"][0]["message"]
    code, found = findings_of(telecom, "--min-completeness", "90")
    assert code == 1 and at(found, "completeness") == [("account.yaml", 4, 1)]
    assert findings_of(telecom, "--min-completeness", "10")[0] == 0


def test_portfolio_folder(tmp_path, telecom):
    code, found = findings_of(telecom.parent)
    assert code == 0
    r = check(telecom.parent, "--format", "json")
    assert json.loads(r.stdout)["plans"] == 1


# ---- bad input: each gets a finding at the right place, exit 1, no traceback ---------

NET = "02-network.yaml"


@pytest.mark.parametrize("name,text,rule,line,col,message", [
    ("syntax", {NET: "contacts:\n  - name: A\n    title: [unclosed\n"}, "yaml-syntax", 4, 1, "YAML syntax"),
    ("tab", {NET: "contacts:\n\t- name: A\n"}, "yaml-syntax", 2, 1, "a tab cannot indent YAML: indent with spaces"),
    ("unknown key", {NET: "contacts:\n  - name: A\n    rol: user\n"}, "unknown-key", 3, 5, "unknown key 'rol' (did you mean 'role'?)"),
    ("wrong type", {NET: "contacts:\n  name: A\n"}, "type", 2, 3, "'contacts' should be a list"),
    ("unquoted dash", {NET: "contacts:\n  - name: A\n    relation: -\n"}, "yaml-syntax", 3, 15, 'quote the relation score: "-"'),
    ("dash list", {NET: "contacts:\n  - name: A\n    relation:\n      -\n"}, "relation", 4, 7, 'quote the relation score: "-"'),
    ("percent 95", {"08-opportunities.yaml": "opportunities:\n  - id: a\n    name: A\n    probability: 95\n"}, "percent", 4, 18, "write 95% or 0.95"),
    ("score 6", {"10-challenge.yaml": "challenges:\n  - opportunity: a\n    categories:\n      - name: C\n        questions:\n          - question: Q\n            team: {confidence: 6, implications: 1, actions: 1}\n"}, "range", 7, 32, "score 6 is out of range"),
    ("bad date", {"08-opportunities.yaml": "opportunities:\n  - id: a\n    name: A\n    decision: 2026-13-45\n"}, "date", 4, 15, "not a date"),
    ("money lots", {"08-opportunities.yaml": "opportunities:\n  - id: a\n    name: A\n    value: lots\n"}, "money", 4, 12, "not an amount of money"),
    ("dangling", {"03-needs-kano.yaml": "needs:\n  - contact: Nobody\n"}, "dangling-reference", 2, 14, "'Nobody' is not a contact in 02-network.yaml"),
    ("duplicate id", {"08-opportunities.yaml": "opportunities:\n  - id: a\n    name: A\n  - id: a\n    name: B\n"}, "duplicate-id", 4, 5, "opportunity 'a' is written twice (first at line 2)"),
    ("duplicate key", {NET: "contacts: []\nallies: []\ncontacts: []\n"}, "duplicate-key", 3, 1, "duplicate key 'contacts' (first written at line 1)"),
    ("alias bomb", {NET: "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"}, "yaml-anchor", 1, 4, "anchors and aliases"),
    ("deep nesting", {NET: "contacts: " + "[" * 20000 + "]" * 20000 + "\n"}, "too-deep", 1, 74, "nested more than 64 levels"),
    ("binary", {NET: bytes(range(256)) * 4}, "encoding", 1, 1, "binary file"),
    ("latin-1", {NET: "contacts:\n  - name: Jos\xe9\n".encode("latin-1")}, "encoding", 2, 14, "not UTF-8 text (byte 0xe9)"),
    ("top-level list", {NET: "- name: A\n"}, "type", 1, 1, "the top level must be a mapping of keys (contacts:, allies:)"),
    ("empty file", {NET: ""}, "empty-file", 1, 1, "the file is empty"),
    ("missing required", {NET: "contacts:\n  - title: VP\n"}, "required", 2, 5, "missing required key 'name'"),
])
def test_bad_input(plan_dir, name, text, rule, line, col, message):
    folder = plan_dir(text)
    code, found = findings_of(folder)
    assert code == 1, found
    hits = [f for f in found if f["rule"] == rule]
    assert hits, found
    f = hits[0]
    assert (f["line"], f["column"]) == (line, col), f
    assert message in f["message"]
    assert f["severity"] == "error"


def test_huge_file(plan_dir):
    folder = plan_dir({NET: b"# " + b"x" * (20 * 1024 * 1024) + b"\n"})
    code, found = findings_of(folder)
    assert code == 1
    assert at(found, "too-large") == [(NET, 1, 1)]


def test_missing_path_exit_2(tmp_path):
    r = check(tmp_path / "nope")
    assert r.exit_code == 2
    assert "no such file or folder" in r.stderr


def test_folder_without_plan_exit_2(tmp_path):
    r = check(tmp_path)
    assert r.exit_code == 2
    assert "no plan found" in r.stderr


def test_bad_option_exit_2():
    assert check(TELECOM, "--format", "xml").exit_code == 2
    assert check(TELECOM, "--max-age", "soon").exit_code == 2


def test_plan_file_argument_checks_its_plan():
    code, found = findings_of(TELECOM / "02-network.yaml")
    assert code == 0 and len(found) == 3


def test_subprocess_exit_codes_and_no_traceback(plan_dir, tmp_path):
    ok = run_saa("check", TELECOM)
    assert ok.returncode == 0 and ok.stdout.endswith("0 errors, 3 warnings in 1 plan\n")
    bad = run_saa("check", plan_dir({NET: "contacts:\n  - name: A\n    relation: -\n"}))
    assert bad.returncode == 1
    assert 'quote the relation score: "-"' in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr
    missing = run_saa("check", tmp_path / "missing")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_comment_only_file_is_empty(plan_dir):
    code, found = findings_of(plan_dir({NET: "# contacts will come\n"}))
    assert code == 1 and at(found, "empty-file") == [(NET, 1, 1)]


def test_unreadable_file_causes_no_cascade(plan_dir):
    folder = plan_dir({NET: "contacts:\n  - name: A\n    relation: -   # sceptical\n",
                       "03-needs-kano.yaml": "needs:\n  - contact: A\n"})
    code, found = findings_of(folder)
    assert code == 1
    assert [(f["rule"], f["line"], f["column"], f["message"]) for f in found] == [
        ("yaml-syntax", 3, 15, 'quote the relation score: "-"')]


def test_misspelt_top_level_key_causes_no_cascade(plan_dir):
    folder = plan_dir({NET: "contact:\n  - name: A\n", "03-needs-kano.yaml": "needs:\n  - contact: A\n"})
    code, found = findings_of(folder)
    assert [(f["rule"], f["message"]) for f in found] == [("unknown-key", "unknown key 'contact' (did you mean 'contacts'?)")]


def test_action_findings_point_at_owner_and_due(plan_dir):
    folder = plan_dir({"08-opportunities.yaml": """\
        opportunities:
          - id: a
            name: A
            actions:
              - do: Call
                owner: Bob
                due: 2026-01-31
              - do: Placeholder owner
                owner: TODO
        """})
    code, found = findings_of(folder)
    assert at(found, "unknown-member") == [("08-opportunities.yaml", 6, 16)]
    assert at(found, "overdue-action") == [("08-opportunities.yaml", 7, 14)]


def test_account_findings_come_first(plan_dir):
    folder = plan_dir({"account.yaml": "account: X\ncurrency: usd\n", "01-customer-profile.yaml": "swot: {strenghts: []}\n"})
    code, found = findings_of(folder)
    assert [f["path"].rsplit("/", 1)[1] for f in found] == ["account.yaml", "01-customer-profile.yaml"]


def test_one_text_where_a_list_goes(plan_dir):
    folder = plan_dir({"03-needs-kano.yaml": "needs: []\nkano:\n  - care_about: Speed\n    must_have: Fast answers\n"})
    assert findings_of(folder) == (0, [])


def test_case_hint_for_enums(plan_dir):
    folder = plan_dir({"08-opportunities.yaml": "opportunities:\n  - id: a\n    name: A\n    stage: concept\n    quadrant: ii\n"})
    code, found = findings_of(folder)
    assert "(did you mean 'II'?)" in [f for f in found if f["rule"] == "enum"][0]["message"]
