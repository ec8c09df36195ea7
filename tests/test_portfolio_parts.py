"""saa portfolio's table is drawn a few rows at a time, byte for byte as rich draws it whole.

rich holds every line of a table it prints until the whole table is drawn, so a long portfolio's table
was held whole (the peak memory grew with the plans). saa.render.portfolio prints it in parts of
``BATCH`` rows at the column widths all the rows give. Each case below draws the same rows whole
(``BATCH`` larger than the portfolio: one rich table, as before) and in parts of 1, 7 and 32 rows, and
compares the bytes: piped (no colour), in colour on a forced terminal, and on a plain rich console (one
that does not fit tables), at widths from 60 to 200 columns.
"""

from __future__ import annotations

import io
import pickle
import random
import sys

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from saa.portfolio import QUADS, PortfolioRow, load_rows, totals
from saa.render import portfolio as P
from saa.render import terminal as T

sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

WIDTHS = [60, 80, 100, 120, 160, 200]
WHOLE = 10**9   # a part larger than any portfolio: the table drawn whole, in one rich table

NAMES = ["Apex Networks", "Example Telecom Co.", "Beta GmbH", "Ünïcödé Grand Holdings Nord",
         "Großhandelsgesellschaft-Telekom",   # one word longer than the account column's 16: folded
         "株式会社テレコム", "[bold]not markup[/bold]", "Zeta", "A very long account name that wraps onto lines"]


def _rows(n: int, seed: int, currencies=("USD", "EUR", "GBP")) -> list:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        pick = rnd.choice
        rows.append(PortfolioRow(
            id=f"plan-{i}", account=pick(NAMES), owner=pick(["Ann", None, "Dana Whitfield", "Émile Zola-Dupont"]),
            path=f"plans/plan-{i}", currency=pick(currencies), completeness=pick([0.0, 12.5, 55.0, 80.0, 100.0]),
            review_age_days=pick([None, 0, 3, 140, 1200]),
            pipeline={q: pick([0.0, 950.0, 240e3, 11.5e6, 2.1e9]) for q in QUADS},
            unknown_values={q: pick([0, 0, 1, 3]) for q in QUADS},
            value_per_year=pick([None, 0.0, 2.88e6, 125.5]), challenge_colour=pick([None, "red", "yellow", "green",
                                                                                     "unchallenged"]),
            overdue_actions=pick([0, 1, 12]), errors=pick([0, 0, 0, 1, 13]), value_not_computed=pick([0, 0, 2]),
            expected_value=pick([None, 0.0, 10925000.0]), expected_unknown=pick([0, 4]),
            unchallenged=pick([[], ["a"], ["a", "b"]]), review_overdue=pick([False, True]),
            decisions_passed=pick([0, 0, 1, 2])))
    return rows


@pytest.fixture(scope="module")
def generated() -> list:
    """The rows of a generated portfolio of 36 plans (more than one part) and of plans/ (two plans)."""
    import tempfile

    from saa.clock import today
    from saa.loader import find_plans

    with tempfile.TemporaryDirectory() as tmp:
        generate.generate(tmp + "/plans", 36, seed=7)
        big = load_rows(find_plans([tmp + "/plans"]), today(), jobs=1)
    return [big, load_rows(find_plans([str(ROOT / "plans")]), today(), jobs=1)]


def _draw(rows, width: int, mode: str, batch: int, monkeypatch, sort=None) -> str:
    monkeypatch.setattr(P, "BATCH", batch)
    monkeypatch.setenv("COLUMNS", str(width))
    buf = io.StringIO()
    if mode == "rich":     # a plain rich console: tables are not fit
        from rich.console import Console

        console = Console(file=buf, width=width, force_terminal=True, color_system="truecolor", highlight=False)
    else:
        if mode == "colour":
            monkeypatch.delenv("NO_COLOR", raising=False)
            monkeypatch.setenv("FORCE_COLOR", "1")
        else:
            monkeypatch.setenv("NO_COLOR", "1")
            monkeypatch.delenv("FORCE_COLOR", raising=False)
        console = T.console(buf)
    P.terminal(rows, console=console, sort=sort)
    return buf.getvalue()


@pytest.mark.parametrize("mode", ["piped", "colour", "rich"])
@pytest.mark.parametrize("width", WIDTHS)
def test_parts_print_what_the_whole_table_prints(width, mode, monkeypatch):
    cases = [_rows(60, seed=1), _rows(40, seed=2, currencies=("USD",)), _rows(2, seed=3)]
    drawn = []
    for rows in cases:
        drawn.append(_draw(rows, width, mode, WHOLE, monkeypatch))
        assert drawn[-1].count("\n") > len(rows)
        for batch in (1, 7, 32):
            assert _draw(rows, width, mode, batch, monkeypatch) == drawn[-1], (len(rows), batch)
    whole = drawn[0]
    assert [("account / owner" in d) for d in drawn] == {   # a table, or too narrow for it the stack of lines
        60: [False, False, False], 80: [False, False, False]}.get(width, [True, True, True])
    if mode == "piped":   # nothing cut at the screen's edge: a table that would be is drawn as lines
        from rich.cells import cell_len

        assert max(cell_len(line) for d in drawn for line in d.splitlines()) <= width
    if mode != "piped":
        assert "\x1b[" in whole     # colour drawn
    elif width == 200:              # every kind of row drawn: errors, passed decisions, no owner, folded names
        assert "(13 errors)" in whole and "decisions passed" in whole and "no owner" in whole
        assert "Zeta" in whole and "株式会社テレコム" in whole and "[bold]not markup[/bold]" in whole


@pytest.mark.parametrize("mode", ["piped", "colour"])
@pytest.mark.parametrize("width", WIDTHS)
def test_parts_on_generated_plans_and_the_shipped_plans(generated, width, mode, monkeypatch):
    big, shipped = generated
    assert len(big) == 36 and len(shipped) == 2
    for rows in (big, shipped):
        for sort in (None, "pipeline"):
            whole = _draw(rows, width, mode, WHOLE, monkeypatch, sort)
            assert _draw(rows, width, mode, 32, monkeypatch, sort) == whole
            assert _draw(rows, width, mode, 5, monkeypatch, sort) == whole
            assert _draw(rows, width, mode, 1, monkeypatch, sort) == whole


def test_the_command_prints_in_parts_as_whole(monkeypatch, tmp_path):
    """The command line's piped output (the benchmark's case) with the default parts and drawn whole."""
    from saa.cli import app

    generate.generate(tmp_path / "plans", 34, seed=5)
    monkeypatch.setenv("SAA_JOBS", "1")
    monkeypatch.setenv("COLUMNS", "80")

    def run():
        r = CliRunner().invoke(app, ["portfolio", str(tmp_path / "plans"), "--sort", "completeness"])
        assert r.exit_code == 0, r.output
        return r.stdout

    parts = run()
    monkeypatch.setattr(P, "BATCH", WHOLE)
    assert run() == parts and "Portfolio: 34 plans, sorted by completeness" in parts


def test_no_print_holds_more_than_a_part(monkeypatch):
    """rich is never handed the whole table: every table printed has at most BATCH plans' rows (the last
    part also the totals), and together they hold every plan once."""
    from rich.table import Table

    rows = _rows(100, seed=4)
    monkeypatch.setenv("COLUMNS", "120")
    console = T.console(io.StringIO())
    printed: list = []
    real = console.print

    def print_(*objects, **kw):
        printed.extend(len(o.rows) for o in objects if isinstance(o, Table))
        return real(*objects, **kw)

    console.print = print_   # type: ignore[method-assign]
    P.terminal(rows, console=console)
    tots = len(totals(rows))
    assert printed == [32, 32, 32, 4 + tots]
    assert P.BATCH == 32


def test_equal_values_of_rows_are_shared_not_changed():
    from saa.portfolio import _share_equal_values

    rows = _rows(4, seed=9)
    rows[0].fx, rows[1].fx = {"EUR": 1.08, "GBP": 1.27}, {"EUR": 1.08, "GBP": 1.27}
    rows[2].fx, rows[3].fx = {"EUR": True}, {"EUR": 1}          # a bool is not the rate 1
    rows = pickle.loads(pickle.dumps(rows))                     # as rows come from worker processes
    before = [r.as_dict() for r in rows]
    _share_equal_values(rows)
    assert rows[0].fx is rows[1].fx and rows[0].fx == {"EUR": 1.08, "GBP": 1.27}
    assert rows[2].fx is not rows[3].fx and rows[2].fx == {"EUR": True} and rows[3].fx["EUR"] is not True
    assert [r.as_dict() for r in rows] == before
    rows[0].fx = {"EUR": [1.08]}                                # settings.fx as written: unhashable, kept
    _share_equal_values(rows)
    assert rows[0].fx == {"EUR": [1.08]}
    assert not hasattr(rows[0], "__dict__")                     # slotted rows: no dict each
