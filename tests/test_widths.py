"""Readable at any width: no command cuts a name to an ellipsis, at 80 and 60 columns and piped.

Every command that shows plans runs on plans/telecom and on a two-plan
portfolio (plans/telecom and plans/fab), as the terminal sees it at
``COLUMNS=80`` and ``COLUMNS=60`` and piped into another program (CliRunner
output is a pipe; a real subprocess checks the same). Where a table cannot
fit, it wraps or stacks: the names of accounts, deals, contacts, steps and
actions are all still there.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TELECOM, run_saa
from saa.cli import app

runner = CliRunner()
FAB = ROOT / "plans" / "fab"
PLANS = ROOT / "plans"

ONE_PLAN = ["check", "status", "value", "matrix", "challenge", "network", "kano", "actions", "brief", "report",
            "review", "portfolio"]
MANY_PLANS = ["check", "status", "challenge", "actions", "review", "portfolio"]   # the commands that take several plans
ONE_AT_A_TIME = ["value", "matrix", "network", "kano", "brief", "report"]            # the others: each plan of the two


def run(args, columns: int) -> str:
    r = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": str(columns)})
    assert r.exit_code in (0, 1), r.output + r.stderr
    return r.stdout


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("command", ONE_PLAN)
def test_no_ellipsis_on_the_worked_example(command, columns):
    out = run([command, TELECOM], columns)
    assert out.strip()
    assert "\u2026" not in out


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("command", MANY_PLANS)
def test_no_ellipsis_on_a_two_plan_portfolio(command, columns):
    out = run([command, TELECOM, FAB], columns)
    assert "Example Telecom Co." in words(out) or command in ("check", "actions")
    assert "\u2026" not in out


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("command", ONE_AT_A_TIME)
def test_no_ellipsis_on_the_finished_example(command, columns):
    assert "\u2026" not in run([command, FAB], columns)


@pytest.mark.parametrize("command", ["portfolio", "review", "brief", "status", "actions", "network"])
def test_no_ellipsis_when_piped(command):
    target = [TELECOM] if command in ("brief", "network") else [PLANS]
    r = run_saa(command, *target, env={"COLUMNS": ""})
    assert r.returncode == 0, r.stderr
    assert "\u2026" not in r.stdout


@pytest.mark.parametrize("columns", [80, 60, None])
def test_portfolio_names_every_account_and_owner_whole(columns):
    if columns is None:
        r = run_saa("portfolio", PLANS, env={"COLUMNS": ""})     # piped, as `saa portfolio plans/ | cat`
        out = r.stdout
    else:
        out = run(["portfolio", PLANS], columns)
    lines = out.splitlines()
    for name in ("Example Telecom Co.", "Example Wafer Fab Co.", "Dana Whitfield", "Lena Fischer"):
        # whole on one line, or wrapped at a space in a table cell: every word of it whole
        assert name in out or all(re.search(rf"(^|\s){re.escape(w)}(\s|$)", out, re.M) for w in name.split()), \
            (name, out)
    assert not any(len(line) > (columns or 80) for line in lines), out


@pytest.mark.parametrize("columns", [80, 60])
def test_review_and_brief_show_every_deal_name_whole(columns):
    from saa.loader import load_plan

    out = words(run(["review", PLANS], columns))
    for plan in (TELECOM, FAB):
        for o in load_plan(plan).opportunities:
            if o.stage not in ("won", "lost"):
                assert o.name in out, o.name
    out = words(run(["brief", TELECOM], columns))
    for name in ("ASIC Port Driver", "ADSL 2", "Software Defined Radio Platform", "Next generation IP router",
                 "Media Gateway"):
        assert name in out


@pytest.mark.parametrize("columns", [80, 60])
def test_whitespace_map_wraps_names(plan_dir, columns):
    from test_whitespace import OPPS

    out = run(["whitespace", plan_dir({"08-opportunities.yaml": OPPS}, name="ws")], columns)
    assert "\u2026" not in out
    assert "Fixed network" in words(out) or ("Fixed" in out and "network" in out)


@pytest.mark.parametrize("columns", [60, 72, 80, 90])
def test_unwrappable_columns_are_never_cut_at_the_screen_edge(columns, monkeypatch):
    """A table whose longest words fit the screen but whose unwrappable columns (numbers) do not: rich
    would give them their longest line and cut the table at the screen's edge, losing a column (saa
    portfolio lost `overdue` at 80 columns on a portfolio in several currencies). terminal.fit makes
    every column wrap then, so every cell is there, and plaintable draws it the same."""
    import io

    from rich.table import Table
    from rich.text import Text

    from saa.render import plaintable
    from saa.render import terminal as T

    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")
    row = ["Apex Networks", "92%", "100d due", "USD 42.5M+4?", "USD 31.3M+4?", "USD 45.1M", "red +2 unch.", "17"]
    heads = ["account", "done", "review", "pipeline", "expected", "value", "challenge", "overdue"]
    buf = io.StringIO()
    table = Table()
    plain = plaintable.Table()
    for n, h in enumerate(heads):
        table.add_column(h, justify="right", no_wrap=n > 0)
        plain.add_column(h, justify="right", no_wrap=n > 0)
    table.add_row(*map(Text, row))
    plain.add_row(*map(plaintable.Text, row))
    console = T.console(buf)
    console.soft_wrap = False
    console.print(table)
    out = buf.getvalue()
    assert max(map(len, out.splitlines())) <= columns
    from collections import Counter

    def ink(text: str) -> Counter:   # every character drawn, but spaces and the box
        return Counter(c for c in text if not c.isspace() and not 0x2500 <= ord(c) <= 0x257F)

    assert ink(out) == ink("".join(heads + row)), out   # wrapped or folded, never cut
    assert plain.lines(columns, False) == out.splitlines()
