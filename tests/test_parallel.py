"""saa.parallel: the one home of the worker processes; the views over a portfolio print the same
whether one process or several made them, and show progress only on a terminal's stderr."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

from saa import parallel  # noqa: E402
from saa.cli import app  # noqa: E402

runner = CliRunner()


def _forks() -> bool:
    return parallel.can_fork()


def _no_children_left() -> bool:
    import os

    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


# ---- map_items ------------------------------------------------------------------------------------

def test_map_items_gives_the_results_in_order_whichever_path(monkeypatch):
    monkeypatch.setattr(parallel, "_cpus", lambda: 2)
    offset = 1000    # a closure: the forked workers find the function as it was set, nothing is pickled
    seen: list = []
    serial = parallel.map_items(list(range(50)), lambda x: x * x + offset, jobs=1)
    both = parallel.map_items(list(range(50)), lambda x: x * x + offset, jobs=2, parallel_min=2,
                              progress=lambda done, total: seen.append((done, total)))
    assert serial == both == [x * x + 1000 for x in range(50)]
    assert seen[-1] == (50, 50) and all(t == 50 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    if _forks():
        assert len(seen) == 8         # 2 workers x 4 chunks: progress as each chunk comes back
    assert _no_children_left()        # nothing left behind


def test_map_items_works_in_this_process_where_processes_cannot_be_used(monkeypatch):
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    seen: list = []
    assert parallel.map_items([3, 1, 2], str, jobs=4, parallel_min=0,
                              progress=lambda d, t: seen.append(d)) == ["3", "1", "2"]
    assert seen == [1, 2, 3]


def test_a_worker_that_dies_means_the_work_is_done_here(monkeypatch):
    import os

    if not _forks():
        pytest.skip("no fork here: the workers are never used")
    monkeypatch.setattr(parallel, "_cpus", lambda: 2)
    me = os.getpid()

    def fn(x):
        if os.getpid() != me:
            os._exit(3)               # a worker killed: BrokenProcessPool
        return x + 1

    assert parallel.map_items([1, 2, 3, 4], fn, jobs=2, parallel_min=0) == [2, 3, 4, 5]


# ---- forked: chunks of one list over forked processes (saa fmt) -----------------------------------

def test_forked_gives_each_result_in_order_from_what_the_workers_inherit():
    import os

    if not parallel.can_fork():
        pytest.skip("no fork here")
    me = os.getpid()
    data = [str(i) * 3 for i in range(40)]      # never sent: the workers are forks
    where = []

    def run(i):
        where.append(i)                          # in the worker's copy: this list stays empty here
        return data[i], os.getpid() != me

    got = list(parallel.forked(40, run, jobs=2))
    assert got == [(str(i) * 3, True) for i in range(40)]
    assert where == [] and _no_children_left()


def test_forked_raises_a_workers_exception_here_and_leaves_no_process():
    if not parallel.can_fork():
        pytest.skip("no fork here")

    def run(i):
        if i == 5:
            raise ValueError(f"chunk {i} is bad")
        return i

    got = []
    with pytest.raises(ValueError, match="chunk 5 is bad"):
        for r in parallel.forked(12, run, jobs=2):
            got.append(r)
    assert got == list(range(len(got))) and len(got) <= 5
    assert _no_children_left()


def test_forked_says_when_a_worker_dies_after_the_results_before_it():
    import os

    if not parallel.can_fork():
        pytest.skip("no fork here")

    def run(i):
        if i == 3:
            os._exit(9)   # killed, say: no word to the parent
        return i

    got = []
    with pytest.raises(parallel.NoWorkers):
        for r in parallel.forked(8, run, jobs=2):
            got.append(r)
    assert got == list(range(len(got))) and len(got) <= 3   # (2 may be a chunk the other worker had)
    assert _no_children_left()


def test_forked_stops_its_workers_when_the_caller_stops_early():
    import time

    if not parallel.can_fork():
        pytest.skip("no fork here")

    def run(i):
        if i:
            time.sleep(30)   # a long chunk: stopped, not waited for
        return i

    t = time.monotonic()
    each = parallel.forked(4, run, jobs=2)
    assert next(each) == 0
    each.close()
    assert time.monotonic() - t < 10 and _no_children_left()


def test_forked_when_no_process_can_be_forked(monkeypatch):
    import os

    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with pytest.raises(parallel.NoWorkers):
        list(parallel.forked(3, lambda i: i, jobs=2))

    def no_pipe():
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(os, "pipe", no_pipe)
    with pytest.raises(parallel.NoWorkers):
        list(parallel.forked(3, lambda i: i, jobs=2))
    with pytest.raises(ValueError):
        list(parallel.forked(parallel.MAX_CHUNKS + 1, lambda i: i, jobs=2))


# ---- the views: one process or several, the same bytes -------------------------------------------

def _break(plan: Path) -> None:
    """Errors of several kinds, so the notes on stderr have counts to agree on."""
    cp = plan / "09-capture-plans.yaml"
    cp.write_text(cp.read_text(encoding="utf-8").replace("  - opportunity: ", "  - opportunity: x", 1),
                  encoding="utf-8")
    (plan / "07-goals-strategy.yaml").write_text("goals: [\n", encoding="utf-8")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("views") / "plans"
    folders = generate.generate(out, 6, seed=3)
    _break(folders[1])
    _break(folders[4])
    return out


VIEWS = [
    ["portfolio"], ["portfolio", "--json"], ["portfolio", "--sort", "value", "--currency", "EUR"],
    ["actions"], ["actions", "--json", "--all"], ["actions", "--overdue"],
    ["challenge"], ["challenge", "--json", "--fail-under", "3.5"], ["challenge", "--fail-under", "3.5", "--view", "team"],
    ["status"], ["status", "--json"],
    ["review"], ["review", "--json", "--currency", "EUR"], ["review", "--format", "md"],
    ["check"], ["check", "--format", "json"],
]


def _run(args: list, plans: Path, monkeypatch, jobs: str):
    made: list = []   # the workers asked for, each time workers are forked
    real = parallel.forked

    def forked(count, run, jobs):
        made.append(jobs)
        return real(count, run, jobs)

    with monkeypatch.context() as m:
        m.setattr(parallel, "forked", forked)
        m.setattr(parallel, "PARALLEL_MIN", 2)      # 6 plans are "many"
        m.setattr(parallel, "_cpus", lambda: 2)
        m.setenv("SAA_JOBS", jobs)
        r = CliRunner().invoke(app, [*args, str(plans)])
    return r, made


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_one_process_or_two_print_the_same(args, mixed, monkeypatch):
    one, made_one = _run(args, mixed, monkeypatch, "1")
    two, made_two = _run(args, mixed, monkeypatch, "2")
    assert made_one == []                            # SAA_JOBS=1: this process only
    if _forks():
        assert made_two == [2]                       # the parallel path ran
    assert one.exit_code == two.exit_code
    assert one.stdout == two.stdout and one.stdout
    assert one.stderr == two.stderr
    if args[0] != "check":   # check's count and the notes of the views agree: 2 plans with errors
        assert one.stderr.count("saa: note: ") == 2
        assert one.exit_code == (1 if "--fail-under" in args else 0)


def test_notes_count_the_errors_check_reports(mixed, monkeypatch):
    r, _ = _run(["status", "--json"], mixed, monkeypatch, "2")
    c, _ = _run(["check", "--format", "json"], mixed, monkeypatch, "2")
    errors: dict = {}
    for f in json.loads(c.stdout)["findings"]:
        if f["severity"] == "error":
            plan = str(Path(f["path"]).parent)
            errors[plan] = errors.get(plan, 0) + 1
    notes = {line.split(": ")[2]: int(line.split(": ")[3].split()[0])
             for line in r.stderr.splitlines() if line.startswith("saa: note: ")}
    assert notes == errors and len(notes) == 2


# ---- progress: a terminal's stderr, long runs, never stdout ------------------------------------

class _Tty(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("args", [["portfolio"], ["status", "--json"], ["actions"], ["challenge"],
                                  ["review", "--json"], ["check"]], ids=" ".join)
def test_progress_on_a_terminal_goes_to_stderr_only(args, mixed, monkeypatch, capsys):
    from saa.render import progress

    monkeypatch.setattr(progress, "AFTER", 0.0)    # as if the run were long
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 2)
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    from saa.cli import main

    monkeypatch.setattr(sys, "argv", ["saa", *args, str(mixed)])
    with pytest.raises(SystemExit):
        main()
    out = capsys.readouterr().out
    label = "checking plans" if args[0] == "check" else "loading plans"
    assert f"\r{label}: 6/6" in tty.getvalue()
    assert tty.getvalue().count("\r\x1b[K") == 1        # wiped before the output
    assert label not in out and "\r" not in out
    if "--json" in args:
        json.loads(out)


def test_no_progress_when_stderr_is_not_a_terminal(mixed, monkeypatch):
    from saa.render import progress

    monkeypatch.setattr(progress, "AFTER", 0.0)
    r = runner.invoke(app, ["portfolio", str(mixed)])
    assert "loading plans" not in r.stderr and "\r" not in r.stderr
    assert r.stderr.count("saa: note: ") == 2


def test_progress_waits_two_seconds():
    from saa.render.progress import AFTER, Progress

    now = [0.0]
    s = _Tty()
    p = Progress("loading plans", stream=s, clock=lambda: now[0])
    p(3, 120)
    now[0] = AFTER - 0.1
    p(60, 120)
    assert s.getvalue() == ""
    now[0] = AFTER + 0.1
    p(90, 120)
    assert s.getvalue() == "\rloading plans: 90/120" and AFTER == 2.0


# ---- fit: a table that surely fits is not measured first ----------------------------------------

def _table(*rows, no_wrap=True, header=("name", "[bold]score[/bold]")):
    from rich.table import Table

    t = Table()
    t.add_column(header[0], ratio=1)
    t.add_column(header[1], no_wrap=no_wrap, justify="right")
    for r in rows:
        t.add_row(*r)
    return t


@pytest.mark.parametrize("rows", [
    [("a short name", "[green]3.0[/green]")],
    [("a-very-long-word-that-is-wider-than-anything-else-in-the-table", "1")],
    [("漢字漢字漢字漢字 wide", "x")],
    [("\\[not markup]", "[red]" + "9" * 30 + "[/red]")],
    [("", "")],
])
def test_the_quick_bound_is_never_below_riches_measure(rows):
    from rich.text import Text

    from saa.render import terminal as T

    c = T.console(width=80)
    for t in (_table(*rows), _table(*[(Text(a), Text(b)) for a, b in rows])):
        bound = T._narrowest_at_most(t, c)
        assert bound is not None and bound >= t.__rich_measure__(c, c.options).minimum
        t.columns[0].min_width = 40        # as saa portfolio's name column (rich's measure: at least that)
        bound = T._narrowest_at_most(t, c)
        assert bound is not None and bound >= t.__rich_measure__(c, c.options).minimum >= 40


def test_fit_still_wraps_a_table_too_wide_for_the_screen():
    from saa.render import terminal as T

    c = T.console(width=20)
    t = _table(("x", "1234567890 1234567890 1234567890"))
    assert T._narrowest_at_most(t, c) > 20
    T.fit(t, c)
    assert [col.no_wrap for col in t.columns] == [False, False]   # as before: measured, then wrapped
    fits = _table(("x", "1"))
    T.fit(fits, c)
    assert fits.columns[1].no_wrap is True


def test_a_cell_that_is_not_text_is_left_to_rich():
    from rich.table import Table

    from saa.render import terminal as T

    assert T._narrowest_at_most(_table((Table(), "1")), T.console()) is None
