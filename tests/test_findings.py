"""Findings (saa.findings): the data every problem becomes, its order and its forms."""

from __future__ import annotations

import dataclasses

import pytest

from saa.findings import Finding, Loc, sort_findings


def F(path: str, line: int = 1, column: int = 1, severity: str = "error", rule: str = "r", message: str = "m") -> Finding:
    return Finding(path, line, column, severity, rule, message)


def test_as_dict_has_the_stable_json_keys_in_order():
    f = Finding("p/02-network.yaml", 16, 5, "warning", "unreached-decision-maker", "nobody gets us to them")
    assert f.as_dict() == {"path": "p/02-network.yaml", "line": 16, "column": 5, "severity": "warning",
                           "rule": "unreached-decision-maker", "message": "nobody gets us to them"}
    assert list(f.as_dict()) == ["path", "line", "column", "severity", "rule", "message"]


def test_findings_are_immutable_values():
    f = F("a.yaml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.line = 2  # type: ignore[misc]
    assert f == F("a.yaml") and hash(f) == hash(F("a.yaml"))


def test_two_findings_at_one_place_are_different_findings():
    # the same place with another message, rule or severity is another problem: it must survive de-duplication
    a = F("p/account.yaml", 1, 1, "error", "required", "missing required key 'account'")
    b = F("p/account.yaml", 1, 1, "error", "stale", "no review.last date")
    c = F("p/account.yaml", 1, 1, "warning", "required", "missing required key 'account'")
    assert a != b and a != c
    assert list(dict.fromkeys([a, b, a, c])) == [a, b, c]


def test_sort_puts_account_first_then_the_steps_in_the_methods_order():
    names = ["10-challenge.yaml", "02-network.yaml", "account.yaml", "08-opportunities.yaml",
             "01-customer-profile.yaml", "zz-notes.yaml", "04-value-opportunities.yaml"]
    got = [f.path for f in sort_findings(F("plan/" + n) for n in names)]
    assert got == ["plan/account.yaml", "plan/01-customer-profile.yaml", "plan/02-network.yaml",
                   "plan/04-value-opportunities.yaml", "plan/08-opportunities.yaml", "plan/10-challenge.yaml",
                   "plan/zz-notes.yaml"]


def test_sort_within_a_file_by_line_column_rule_message():
    fs = [F("p/02-network.yaml", 10, 5, rule="b"), F("p/02-network.yaml", 3, 9), F("p/02-network.yaml", 10, 5, rule="a"),
          F("p/02-network.yaml", 3, 2), F("p/02-network.yaml", 10, 5, rule="a", message="a"),
          F("p/02-network.yaml", 10, 1)]
    got = [(f.line, f.column, f.rule, f.message) for f in sort_findings(fs)]
    assert got == [(3, 2, "r", "m"), (3, 9, "r", "m"), (10, 1, "r", "m"), (10, 5, "a", "a"), (10, 5, "a", "m"),
                   (10, 5, "b", "m")]


def test_sort_groups_by_plan_folder_first_and_reads_windows_paths():
    fs = [F("b/account.yaml"), F("a/02-network.yaml"), F("a\\account.yaml"), F("b\\01-customer-profile.yaml")]
    assert [f.path for f in sort_findings(fs)] == [
        "a\\account.yaml", "a/02-network.yaml", "b/account.yaml", "b\\01-customer-profile.yaml"]


def test_sort_is_not_by_severity_and_is_stable_input_independent():
    fs = [F("p/account.yaml", 2, 1, "warning"), F("p/account.yaml", 1, 1, "warning"), F("p/account.yaml", 3, 1, "error")]
    assert [f.line for f in sort_findings(fs)] == [1, 2, 3]
    assert sort_findings(list(reversed(fs))) == sort_findings(fs)
    assert sort_findings([]) == []


def test_natural_order_is_path_line_column():
    fs = [F("b", 1, 1), F("a", 2, 1), F("a", 1, 3), F("a", 1, 2)]
    assert [(f.path, f.line, f.column) for f in sorted(fs)] == [("a", 1, 2), ("a", 1, 3), ("a", 2, 1), ("b", 1, 1)]


def test_loc_defaults_and_findings_made_from_it():
    loc = Loc("p/08-opportunities.yaml", 7, 9)
    assert Loc("x.yaml") == Loc("x.yaml", 1, 1)
    assert loc.error("enum", "bad stage") == Finding("p/08-opportunities.yaml", 7, 9, "error", "enum", "bad stage")
    assert loc.warning("overdue", "late") == Finding("p/08-opportunities.yaml", 7, 9, "warning", "overdue", "late")
    assert loc.finding("warning", "x", "y") == Finding("p/08-opportunities.yaml", 7, 9, "warning", "x", "y")


def test_check_keeps_every_problem_at_the_same_place(tmp_path):
    # regression: Finding equality ignored rule and message, so check's "one finding per place and
    # message" de-duplication dropped the completeness and stale errors written at account.yaml:1:1
    import datetime

    from conftest import write_plan

    from saa.check import CheckOptions, check_plans
    from saa.loader import load_plan

    folder = write_plan(tmp_path / "p", {"account.yaml": "owner: Ann\nteam:\n  - name: Ann\n"})
    opts = CheckOptions(min_completeness=50, max_age=30, today=datetime.date(2026, 11, 27))
    result = check_plans([load_plan(folder, "p")], opts)
    assert [(f.path, f.line, f.column, f.rule) for f in result.findings] == [
        ("p/account.yaml", 1, 1, "completeness"), ("p/account.yaml", 1, 1, "required"),
        ("p/account.yaml", 1, 1, "stale")]
