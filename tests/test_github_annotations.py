"""GitHub annotations, byte for byte as GitHub's toolkit (@actions/core) writes them.

The expected lines are written by hand from the toolkit's documented rules
(packages/core/src/command.ts): ``::KIND title=T,file=F,line=L,col=C::MESSAGE``, properties
in the order title, file, line, col; the message escaped with ``escapeData``
(% -> %25, CR -> %0D, LF -> %0A) and property values with ``escapeProperty``
(the same, then : -> %3A and , -> %2C).
"""

from __future__ import annotations

from conftest import TELECOM
from saa.check import CheckResult
from saa.findings import Finding
from saa.render.findings import escape_data, escape_property, github


def result(*findings: Finding, plans: int = 1) -> CheckResult:
    return CheckResult(findings=list(findings), plans=plans)


def test_escaping_follows_the_toolkit():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_data("a: b, c") == "a: b, c"  # data keeps : and ,
    assert escape_property("plans/a:b,c%\n") == "plans/a%3Ab%2Cc%25%0A"
    # % first, so an escape already in the text is not read as one
    assert escape_data("%0A") == "%250A"


def test_one_annotation_with_title_and_escapes():
    f = Finding("plans/acme, inc/02-network.yaml", 16, 5, "error", "bad-role",
                "role is 'boss'\nwrite one of: decision-maker, user (100% sure)")
    assert github(result(f)) == (
        "::error title=bad-role,file=plans/acme%2C inc/02-network.yaml,line=16,col=5::"
        "role is 'boss'%0Awrite one of: decision-maker, user (100%25 sure)\n"
        "1 error, 0 warnings in 1 plan\n"
    )


def test_carriage_return_and_other_control_characters():
    f = Finding("p/account.yaml", 1, 1, "warning", "r", "a\rb\x1b[31mc")
    # CR is escaped as the toolkit does; an escape character is shown as text (never sent to a terminal)
    assert github(result(f)).splitlines()[0] == "::warning title=r,file=p/account.yaml,line=1,col=1::a%0Db\\x1b[31mc"


def many(kind: str, n: int) -> list[Finding]:
    return [Finding(f"plans/p/0{i % 10}.yaml", i + 1, 1, kind, "rule", f"m{i}") for i in range(n)]


def test_no_notice_up_to_the_limit():
    out = github(result(*many("error", 10), *many("warning", 10)))
    assert "::notice" not in out
    assert len(out.splitlines()) == 21


def test_notice_counts_what_github_does_not_show():
    out = github(result(*many("error", 12), *many("warning", 11)), again="saa check --format text plans/")
    lines = out.splitlines()
    assert len(lines) == 12 + 11 + 2
    assert lines[-2] == (
        "::notice title=more findings than GitHub shows::"
        "2 errors and 1 warning not shown as annotations: GitHub shows 10 errors and 10 warnings per step. "
        "All 23 findings are in this step's log; to see them all, run: saa check --format text plans/"
    )
    assert lines[-1] == "12 errors, 11 warnings in 1 plan"


def test_notice_for_warnings_only():
    lines = github(result(*many("warning", 25)), again="saa check --format text").splitlines()
    assert lines[-2].startswith("::notice title=more findings than GitHub shows::15 warnings not shown as annotations")


def test_check_command_writes_titles(monkeypatch):
    from typer.testing import CliRunner

    from saa.cli import app

    monkeypatch.chdir(TELECOM.parent.parent)
    r = CliRunner().invoke(app, ["check", "plans/telecom", "--format", "github"])
    assert r.stdout.splitlines()[0] == (
        "::warning title=unreached-decision-maker,file=plans/telecom/02-network.yaml,line=17,col=5::"
        "decision maker 'Jiang L.' has no path from our team: nobody of ours is their first-level our_link and no ally "
        "we reach is named for them (allies: ally, target)")
