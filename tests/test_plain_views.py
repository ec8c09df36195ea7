"""The piped text of the portfolio views, drawn by saa.render.plaintable, is byte for byte what rich draws.

Each view runs twice in this process on the same plans: as it runs when stdout is a file (plaintable,
rich only for what it cannot be certain of) and with plaintable turned off (rich draws everything).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TELECOM

sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

from saa.cli import app  # noqa: E402
from saa.render import plaintable  # noqa: E402

VIEWS = [
    ["actions"], ["actions", "--all"], ["actions", "--overdue"], ["actions", "--owner", "nobody at all"],
    ["status"],
    ["review"], ["review", "--currency", "EUR"],
    ["challenge"], ["challenge", "--view", "team", "--fail-under", "3.5"],
    ["portfolio"],
]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("plain") / "plans"
    generate.generate(out, 5, seed=11)
    return out


def _both(args: list, monkeypatch, columns: int):
    """(what plaintable's path prints, what rich prints, how often plaintable handed to rich, tables drawn)."""
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("SAA_JOBS", "1")
    for var in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(var, raising=False)
    handed: Counter = Counter()
    real_fallback, real_lines = plaintable.Console._fallback, plaintable.Table.lines

    def fallback(self):
        handed["rich"] += 1
        return real_fallback(self)

    def lines(self, *a):
        got = real_lines(self, *a)
        handed["drawn" if got is not None else "rich"] += 1
        return got

    with monkeypatch.context() as m:
        m.setattr(plaintable.Console, "_fallback", fallback)
        m.setattr(plaintable.Table, "lines", lines)
        plain = CliRunner().invoke(app, args)
    with monkeypatch.context() as m:
        m.setattr(plaintable, "wanted", lambda file=None: False)
        rich = CliRunner().invoke(app, args)
    assert plain.exit_code == rich.exit_code, (plain.output, rich.output)
    return plain.stdout, rich.stdout, handed


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
@pytest.mark.parametrize("where", ["portfolio", "telecom"])
def test_piped_views_as_rich_draws_them(args, where, portfolio, monkeypatch):
    path = str(portfolio if where == "portfolio" else TELECOM)
    plain, rich, handed = _both([*args, path], monkeypatch, 80)
    assert plain == rich and rich.strip()
    assert handed["rich"] == 0          # all of it drawn without rich (non-ASCII names and amounts included)
    assert handed["drawn"] == rich.count("┏")   # every table (portfolio's SIMPLE_HEAD box: rich's)


@pytest.mark.parametrize("columns", [20, 37, 61, 132])
@pytest.mark.parametrize("args", [["actions", "--all"], ["status"], ["review"], ["challenge"]], ids=" ".join)
def test_piped_views_at_other_widths(args, columns, portfolio, monkeypatch):
    """Narrow screens: words folded, every column wrapping (terminal.fit), or rich's own layout."""
    plain, rich, _ = _both([*args, str(portfolio)], monkeypatch, columns)
    assert plain == rich and rich.strip()


def test_the_generated_portfolio_has_text_beyond_ascii(portfolio):
    """The case the one-cell characters are for: euro and pound amounts, dashes in the plans' text."""
    text = "".join(p.read_text(encoding="utf-8") for p in portfolio.rglob("*.yaml"))
    assert {"€", "£", "–"} <= set(text)


def test_status_colours_the_text_not_its_padding(monkeypatch):
    """On a terminal (colour forced here) rich draws status as before: the colour ends with the word."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = CliRunner().invoke(app, ["status", str(TELECOM)]).stdout
    assert "\x1b[32mcomplete\x1b[0m " in out and "\x1b[33m50%\x1b[0m" in out
