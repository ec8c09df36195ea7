"""Writes are atomic and keep what people wrote: ``saa new``, ``saa fmt``, ``saa challenge score``.

Each writer runs as a real process through the command line; the file write is patched to stop
halfway through the new text (or after it, just before the rename), and the process is killed with
SIGKILL right there. The file that was being replaced must be exactly the old one, the leftover
temporary file hidden (plan loading does not see it), and a run that is not interrupted must keep
every comment.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT, TELECOM

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL") or sys.platform == "win32",
                                reason="needs POSIX signals")

# The child: the real command line, with the atomic write patched to stop where we kill it.
CHILD = textwrap.dedent(r"""
    import os, sys, time
    sys.path.insert(0, {root!r})
    os.environ["NO_COLOR"] = "1"
    import saa.atomic
    import saa.cli.score

    saa.cli.score.stdin_is_tty = lambda: True    # the interview wants a terminal: stdin is a pipe here
    WHERE, KILL_AT = {where!r}, {kill_at!r}     # "half": halfway through the text; "rename": just before it
    calls = [0]
    real_fdopen, real_replace = os.fdopen, os.replace

    class HalfWriter:
        def __init__(self, fh, fd):
            self.fh, self.fd = fh, fd

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.fh.__exit__(*exc)

        def write(self, text):
            path = os.readlink(f"/proc/self/fd/{{self.fd}}") if os.path.exists("/proc/self/fd") else "?"
            self.fh.write(text[: len(text) // 2])
            self.fh.flush()
            os.fsync(self.fh.fileno())
            sys.stderr.write(f"STOPPED {{path}}\n")
            sys.stderr.flush()
            time.sleep(120)

        def __getattr__(self, name):
            return getattr(self.fh, name)

    def fdopen(fd, *args, **kw):
        fh = real_fdopen(fd, *args, **kw)
        if WHERE == "half" and "w" in (args[0] if args else kw.get("mode", "r")):
            calls[0] += 1
            if calls[0] == KILL_AT:
                return HalfWriter(fh, fd)
        return fh

    def replace(src, dst, *args, **kw):
        if WHERE == "rename":
            calls[0] += 1
            if calls[0] == KILL_AT:
                sys.stderr.write(f"STOPPED {{src}}\n")
                sys.stderr.flush()
                time.sleep(120)
        return real_replace(src, dst, *args, **kw)

    saa.atomic.os.fdopen = fdopen
    saa.atomic.os.replace = replace
    from saa.cli import app
    app({args!r}, prog_name="saa")
""")


def kill_mid_write(args, where: str = "half", kill_at: int = 1, stdin: str = "") -> Path:
    """Run ``saa ARGS`` until its ``kill_at``-th atomic write stops, SIGKILL it; the temporary file."""
    env = dict(os.environ, SAA_TODAY="2026-11-27", NO_COLOR="1", SAA_CACHE_DIR="off")
    code = CHILD.format(root=str(ROOT), where=where, kill_at=kill_at, args=[str(a) for a in args])
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        proc.stdin.write(stdin)
        proc.stdin.close()
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stderr], [], [], 1)
            if ready:
                line = proc.stderr.readline()
                if line.startswith("STOPPED ") or not line:
                    break
            elif proc.poll() is not None:
                break
        assert line.startswith("STOPPED "), (f"saa {' '.join(map(str, args))} never reached its write: {line!r}\n"
                                             f"{proc.stdout.read() if proc.poll() is not None else ''}")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return Path(line.split(" ", 1)[1].strip())


def run(args, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, SAA_TODAY="2026-11-27", NO_COLOR="1", SAA_CACHE_DIR="off")
    code = CHILD.format(root=str(ROOT), where="none", kill_at=0, args=[str(a) for a in args])
    return subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True, text=True, env=env,
                          timeout=120)


def comments(text: str) -> list:
    """Every comment, without the spacing in front of it."""
    out = []
    for line in text.splitlines():
        i = line.find("#")
        while i >= 0:
            before = line[:i]
            if before.count('"') % 2 == 0 and before.count("'") % 2 == 0 and (i == 0 or line[i - 1] in " \t"):
                out.append(line[i:].strip())
                break
            i = line.find("#", i + 1)
    return out


def snapshot(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def assert_leftover_is_hidden(plan: Path, tmp: Path) -> None:
    if tmp.exists():
        assert tmp.parent.resolve() == plan.resolve() and tmp.name.startswith("."), tmp
    from saa.loader import load_plan

    assert not [f for f in load_plan(plan).findings if f.rule == "unknown-file"]


MESSY = """\
# Opportunities: the matrix, reviewed every Monday.
opportunities:
    # the big one
    - name: ASIC Port Driver      # the name the customer uses
      id: asic-port-driver
      stage: negotiation
      value: "7M"
      probability: 95%   # they said so
      decision: 2027-Q1
    - {id: adsl2, name: 'ADSL 2', stage: proposal, value: 4.5M}
# the end
"""


@pytest.mark.parametrize("where", ["half", "rename"])
def test_fmt_killed_mid_write_leaves_the_old_file(tmp_path, where):
    plan = tmp_path / "plan"
    shutil.copytree(TELECOM, plan)
    target = plan / "08-opportunities.yaml"
    target.write_text(MESSY, "utf-8")
    before = snapshot(plan)
    tmp = kill_mid_write(["fmt", target], where)
    assert snapshot(plan) == before          # every plan file, the one being replaced included, as it was
    assert_leftover_is_hidden(plan, tmp)
    # an uninterrupted run rewrites it, keeping every comment and every value
    r = run(["fmt", plan])
    assert r.returncode == 0, r.stderr
    after = target.read_text("utf-8")
    assert after != MESSY
    assert sorted(comments(after)) == sorted(comments(MESSY))
    from saa.yamlio import parse_text

    old, new = parse_text(MESSY, "x").data, parse_text(after, "x").data
    assert [sorted(o.items()) for o in old["opportunities"]] == [sorted(o.items()) for o in new["opportunities"]]


CHALLENGE = """\
# Challenge of the ASIC deal, scored in the account review.
challenges:
  - opportunity: asic-port-driver   # the biggest deal
    reviewed: 2026-11-20
    categories:
      - name: Customer issues
        questions:
          # asked first
          - question: What is the customer trying to accomplish?
            team: {confidence: 5, implications: 4, actions: 2}   # optimistic?
          - question: How urgently?
            team:
              confidence: 4
              implications: 2
              actions: 3
            evidence: Their CTO said so in the QBR
"""
SPOILER = "".join(a + "\n" for a in ["Alex Moreau", "4", "3", "2", "5", "5", "4", ""])


@pytest.mark.parametrize("where", ["half", "rename"])
def test_challenge_score_killed_mid_write_leaves_the_old_file(tmp_path, where):
    plan = tmp_path / "plan"
    shutil.copytree(TELECOM, plan)
    target = plan / "10-challenge.yaml"
    target.write_text(CHALLENGE, "utf-8")
    before = snapshot(plan)
    args = ["challenge", "score", plan, "--opportunity", "asic-port-driver", "--as", "spoiler"]
    tmp = kill_mid_write(args, where, stdin=SPOILER)
    assert snapshot(plan) == before
    assert_leftover_is_hidden(plan, tmp)
    r = run(args, stdin=SPOILER)
    assert r.returncode == 0, r.stdout + r.stderr
    after = target.read_text("utf-8")
    assert "Alex Moreau" in after and "spoiler:" in after
    assert sorted(comments(after)) == sorted(comments(CHALLENGE))


def _schema_writes(tmp_path) -> int:
    """How many files ``saa new`` writes before the plan files (the JSON Schemas in .schemas/)."""
    fresh = tmp_path / "count"
    assert run(["new", fresh, "--account", "X"]).returncode == 0
    return sum(1 for p in fresh.rglob("*") if p.is_file() and p.parent != fresh)


def test_new_killed_mid_write_is_not_a_plan_yet(tmp_path):
    """``saa new`` writes account.yaml (what makes a folder a plan) last: killed halfway, there is no plan."""
    folder = tmp_path / "acme"
    tmp = kill_mid_write(["new", folder, "--account", "Acme Corp"], "half", kill_at=_schema_writes(tmp_path) + 3)
    assert not (folder / "account.yaml").exists()
    from saa.loader import PathError, find_plan

    with pytest.raises(PathError):
        find_plan(str(folder))
    # every file that is there is complete (written atomically), the half-written one is hidden
    from saa.yamlio import load_file

    for p in folder.glob("*.yaml"):
        doc = load_file(p)
        assert not doc.findings, (p.name, doc.findings)
    assert tmp.name.startswith(".")
    # the interrupted skeleton is not taken for a plan; running again says to use --force, which finishes it
    r = run(["new", folder, "--account", "Acme Corp"])
    assert r.returncode == 2 and "--force" in r.stderr
    r = run(["new", folder, "--account", "Acme Corp", "--force"])
    assert r.returncode == 0, r.stderr
    assert (folder / "account.yaml").is_file()


@pytest.mark.parametrize("nth", [1, 6, 11])
def test_new_force_killed_mid_write_keeps_each_file_whole(tmp_path, nth):
    """Over an existing plan (``--force``), every file is the old one or the new one, never a mix."""
    plan = tmp_path / "plan"
    shutil.copytree(TELECOM, plan)
    before = snapshot(plan)
    args = ["new", plan, "--account", "Example Telecom Co.", "--force"]
    tmp = kill_mid_write(args, "half", kill_at=_schema_writes(tmp_path) + nth)
    killed = snapshot(plan)
    assert_leftover_is_hidden(plan, tmp)
    assert run(args).returncode == 0
    skeleton = snapshot(plan)
    assert killed.keys() == before.keys() | (killed.keys() & skeleton.keys())
    changed = 0
    for name, now in killed.items():
        assert now in (before.get(name), skeleton[name]), f"{name} is neither the old file nor the new one"
        changed += now != before.get(name)
    assert changed == nth - 1  # the files written before the kill are new, all the others untouched
