"""The mutation fuzzer (tools/fuzz.py), bounded and seeded: no mutant of the shipped plan may crash saa.

A crash is any exception escaping a core (load, check, status, value, matrix, challenge, network,
kano, actions, report, portfolio, fmt) or a CLI run through the typer app ending in anything but
exit 0, 1 or 2; the oracles also want strict JSON from ``--json``, no control characters in terminal
output, no live markup in the HTML report, and ``saa fmt`` that keeps the data and is idempotent.

Every mutant that ever crashed is kept under tests/regressions/ (a plan folder each, written by
``python tools/fuzz.py --out DIR``) and replayed here through every driver.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("saa_fuzz", ROOT / "tools" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
sys.modules["saa_fuzz"] = fuzz  # dataclasses and the forked workers look the module up by name
_spec.loader.exec_module(fuzz)

SEED = 20261127
WORKERS = max(1, min(2, os.cpu_count() or 1))
REGRESSIONS = Path(__file__).parent / "regressions"


def _failures(rep) -> str:
    return rep.summary() + "\n\n" + "\n\n".join(
        f"{' | '.join(sig)}\n{f.mutant.describe() if f.mutant else ''}\n{f.args or ''}\n{f.tb or f.error}"
        for sig, f in rep.failures.items())


def test_2000_seeded_mutants_and_wrong_types_everywhere_never_crash(tmp_path):
    # 2,000 random mutants (every kind of mutation, all cores on each, the terminal renderers on
    # every 10th, fmt and the HTML report on every 5th, the typer app on every 50th) and, at every
    # path of every file, the value replaced by null, a number, text, a list and a mapping.
    wrong = fuzz.wrong_type_everywhere(fuzz.seeds(), values=(None, 7, "text", [], {"x": 1}))
    rep = fuzz.run(2000, SEED, tmp_path, cli_every=50, terminal_every=10, every={"fmt": 5, "report": 5},
                   extra_mutants=wrong, workers=WORKERS, max_memory_mb=3000)
    print(rep.summary())
    assert not rep.failures, _failures(rep)
    assert rep.mutants == 2000 + len(wrong) and len(wrong) > 1500
    # every kind of mutation was tried, and every core ran
    for kind in fuzz.KINDS:
        assert rep.kinds[kind] >= 10, (kind, rep.kinds)
    assert rep.kinds["fuzzer-error"] == 0
    for driver in ("check", "status", "value", "matrix", "challenge"):
        assert rep.drivers[driver] >= 2000
    assert sum(rep.cli_runs.values()) >= 100


REGRESSION_CASES = sorted(p.name for p in REGRESSIONS.iterdir() if p.is_dir()) if REGRESSIONS.is_dir() else []


@pytest.mark.parametrize("case", REGRESSION_CASES)
def test_regression(tmp_path, case):
    """A mutant that once crashed saa, replayed through every core and every CLI command."""
    fails = fuzz.replay(REGRESSIONS / case, tmp_path)
    assert not fails, "\n\n".join(f"{' | '.join(f.signature)} {f.args or ''}\n{f.tb or f.error}" for f in fails)


def test_the_fuzzer_finds_minimises_and_saves_a_crash(tmp_path, monkeypatch):
    """Zero crashes must mean something: a planted bug is found, minimised, saved and replayed."""
    from saa.render import value as render_value

    real = render_value.as_json

    def planted(plan):
        if any("planted" in (vo.opportunity or "") for vo in plan.value_opportunities):
            raise KeyError("planted bug")
        return real(plan)

    monkeypatch.setattr(render_value, "as_json", planted)
    seeds = fuzz.seeds()
    text = seeds["04-value-opportunities.yaml"].replace("opportunity: Replace", "opportunity: planted Replace")
    m = fuzz.Mutant(-1, "planted", {"04-value-opportunities.yaml": text.encode("utf-8")}, ["planted bug"])
    out = tmp_path / "out"
    rep = fuzz.run(0, SEED, tmp_path / "work", cli_every=0, extra_mutants=[m], drivers=["check", "value"],
                   out=out, minimise_s=20)
    assert list(rep.failures) == [("crash", "value", "KeyError", "test_fuzz.py:planted")]
    (saved,) = rep.saved
    crash = (saved / "crash.txt").read_text()
    assert "KeyError: 'planted bug'" in crash
    minimal = (saved / "plan" / "04-value-opportunities.yaml").read_text()
    assert "planted" in minimal and len(minimal.splitlines()) <= 3, minimal
    # only account.yaml and the file that matters are left
    assert sorted(p.name for p in (saved / "plan").iterdir()) == ["04-value-opportunities.yaml", "account.yaml"]
    assert any(f.signature == ("crash", "value", "KeyError", "test_fuzz.py:planted")
               for f in fuzz.replay(saved, tmp_path / "replay"))


def test_mutations_are_reproducible():
    mut = fuzz.Mutator(fuzz.seeds())
    for i in (0, 1, 17, 999):
        a, b = mut.make(i, SEED), mut.make(i, SEED)
        assert (a.kind, a.files, a.notes) == (b.kind, b.files, b.notes)
    assert mut.make(3, SEED).files != mut.make(3, SEED + 1).files or mut.make(3, SEED).kind != mut.make(3, SEED + 1).kind


def test_the_emitter_writes_what_saa_reads():
    """The fuzzer's own YAML writer: data written and read back by saa is the same data."""
    import datetime

    from saa.yamlio import parse_text

    def norm(x):
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items()}
        if isinstance(x, list):
            return [norm(v) for v in x]
        return x.isoformat() if isinstance(x, datetime.date) else x

    for name, text in fuzz.seeds().items():
        data = fuzz.load_data(text)
        doc = parse_text(fuzz.dump_data(data), name)
        assert not doc.findings and doc.data == norm(data), name
    shared = [1, 2]
    doc = parse_text(fuzz.dump_data({"a": shared, "b": shared, "c": "[red]x", "d": "no", "e": None}), "x")
    assert {f.rule for f in doc.findings} == {"yaml-anchor"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and symlinks are POSIX")
def test_file_system_oddities_never_hang_crash_or_leak(tmp_path):
    """Issue 10: a FIFO, /dev/zero, /dev/stdin, a dangling link or a link to a file outside the plan folder in
    place of a plan file, and escape sequences or bidi controls in a file name, through every core (terminal
    renderers too) and the command line. The outside file's text must appear in no output."""
    mutants = []
    for name in ("account.yaml", "02-network.yaml", "10-challenge.yaml"):
        for special in (fuzz.FIFO, fuzz.DEVZERO, fuzz.STDIN, fuzz.DANGLING, fuzz.OUTSIDE):
            mutants.append(fuzz.Mutant(len(mutants), "fs", {name: special}, [f"{name} is {special}"]))
    for extra in ("evil\x1b]0;owned\x07.yaml", "bidi\u202eexe.yaml"):
        mutants.append(fuzz.Mutant(len(mutants), "fs", {}, [f"unknown file {extra!r}"], {extra: b"a: 1\n"}))
    rep = fuzz.run(0, SEED, tmp_path, cli_every=1, terminal_every=1, extra_mutants=mutants, max_seconds=300)
    assert not rep.failures, _failures(rep)
    assert rep.mutants == len(mutants) == 17
    assert sum(rep.cli_runs.values()) >= 4 * 17
