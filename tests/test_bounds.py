"""Resource bounds: any single plan file is checked in bounded time and memory.

Each hostile file goes into a copy of the worked example and every command runs on it in a child
process whose address space is capped (a blow-up is a MemoryError there, not a machine brought
down) and which is killed if it runs too long (a hang guard, not a timing: the limits are many
times what the commands need). The hostile inputs of the issue must each give a finding, never a
traceback or a hang: alias bombs (billion laughs), a 50 MB file, 20,000-deep nesting (block and
flow, lists and mappings), 1,000,000-item lists (block and flow), a 10 MB single line. Files
just under the limits (a 4.9 MB line, a 4 MB key, 63 levels, thousands of opportunities, keys or
formulas of maximum length) must be read and finish too, and so must huge plans whose names nearly
match (each "did you mean" is a fuzzy search over all the names).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, TELECOM

MEMORY_MB = 2048      # address-space cap of the child process
HANG_GUARD_S = 300    # the child is killed after this long: a hang, not a slow run

# Runs in the child: every command through the typer app, in-process, so an exception shows.
CHILD = textwrap.dedent(r"""
    import json, os, resource, sys
    mb = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, resource.RLIM_INFINITY))
    os.environ["NO_COLOR"] = "1"
    import typer.main
    from typer.testing import CliRunner
    from saa.cli import app

    plan = sys.argv[1]
    commands = set(typer.main.get_command(app).commands)
    runs = [["check", plan, "--format", "json"], ["status", plan, "--json"], ["value", plan], ["matrix", plan],
            ["challenge", plan], ["network", plan], ["kano", plan], ["actions", plan],
            ["report", plan, "--format", "html", "-o", os.path.join(os.path.dirname(plan), "r.html")],
            ["portfolio", plan], ["fmt", "--check", plan]]
    only = sys.argv[3].split(",") if len(sys.argv) > 3 and sys.argv[3] else None
    out = {}
    for args in runs:
        if args[0] not in commands or (only and args[0] not in only):
            continue
        r = CliRunner().invoke(app, args, catch_exceptions=True)
        exc = r.exception
        crash = None if exc is None or isinstance(exc, SystemExit) else f"{type(exc).__name__}: {str(exc)[:300]}"
        if crash:
            import traceback
            crash += "\n" + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))[-3000:]
        entry = {"exit": r.exit_code, "crash": crash}
        if args[0] == "check":
            try:
                entry["findings"] = json.loads(r.stdout)["findings"]
            except ValueError:
                entry["findings"] = None
                entry["stdout"] = r.stdout[-500:]
        out[args[0]] = entry
    print(json.dumps(out))
""")


def run_all(plan: Path, only: str = "") -> dict:
    """Every registered command on ``plan`` in a capped child process; ``{command: {exit, crash, ...}}``."""
    env = dict(os.environ, SAA_TODAY="2026-11-27", NO_COLOR="1", PYTHONPATH=str(ROOT))
    try:
        r = subprocess.run([sys.executable, "-c", CHILD, str(plan), str(MEMORY_MB), only], capture_output=True,
                           text=True, timeout=HANG_GUARD_S, env=env, cwd=str(plan.parent))
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after {HANG_GUARD_S}s: a hang")
    assert r.returncode == 0, f"the child process failed (exit {r.returncode}):\n{r.stderr[-3000:]}"
    return json.loads(r.stdout.strip().splitlines()[-1])


def plan_with(tmp_path: Path, name: str, content) -> Path:
    plan = tmp_path / "plan"
    shutil.copytree(TELECOM, plan)
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    (plan / name).write_bytes(data)
    return plan


def assert_finished_without_crash(res: dict) -> None:
    assert "check" in res
    for cmd, entry in res.items():
        assert entry["crash"] is None, f"saa {cmd} crashed:\n{entry['crash']}"
        assert entry["exit"] in (0, 1, 2), f"saa {cmd} exit code {entry['exit']}"


def rules_in(res: dict, name: str) -> set:
    findings = res["check"]["findings"]
    assert findings is not None, res["check"]
    return {f["rule"] for f in findings if f["path"].endswith(name)}


def _bomb(levels: int = 10, width: int = 10) -> str:
    lines = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _bomb_in_value() -> str:
    """A bomb hidden in a field that saa reads (``team``), with a merge key on top."""
    return ("account: Bomb Co\n"
            "base: &b {name: x}\n"
            "team:\n"
            "  - &t0 {<<: *b, name: Ann}\n"
            + "".join(f"  - &t{i} [" + ", ".join([f"*t{i - 1}"] * 10) + "]\n" for i in range(1, 12)))


HOSTILE = {
    # name: (file, content or a function making it, rules of which one must be found)
    "billion-laughs": ("02-network.yaml", _bomb, {"yaml-anchor"}),
    "billion-laughs-account": ("account.yaml", _bomb_in_value, {"yaml-anchor"}),
    "alias-of-alias-flow": ("08-opportunities.yaml",
                            lambda: "opportunities: &o [" + ", ".join(["*o"] * 1000) + "]\n", {"yaml-anchor"}),
    "50MB-file": ("02-network.yaml", lambda: TELECOM.joinpath("02-network.yaml").read_text() + "# "
                  + "x" * (50 * 1024 * 1024) + "\n", {"too-large"}),
    "50MB-of-values": ("08-opportunities.yaml",
                       lambda: "opportunities:\n" + "  - {id: a, name: b}\n" * (50 * 1024 * 1024 // 22), {"too-large"}),
    "20000-deep-flow-lists": ("02-network.yaml", lambda: "contacts: " + "[" * 20000 + "]" * 20000 + "\n", {"too-deep"}),
    "20000-deep-flow-maps": ("02-network.yaml", lambda: "contacts: " + "{a: " * 20000 + "1" + "}" * 20000 + "\n",
                             {"too-deep"}),
    "20000-deep-block-lists": ("02-network.yaml", lambda: "contacts:\n" + "- " * 20000 + "x\n", {"too-deep"}),
    "20000-deep-block-maps": ("account.yaml",
                              lambda: "account: X\n" + "".join(" " * i + "a:\n" for i in range(20000)), {"too-large"}),
    "3000-deep-block-maps": ("account.yaml",  # under the size limit: the depth limit must stop it
                             lambda: "account: X\nteam:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(3000)),
                             {"too-deep"}),
    "20000-deep-mixed": ("10-challenge.yaml", lambda: "challenges:\n- a:\n  - " + "[{a: " * 10000 + "1"
                         + "}]" * 10000 + "\n", {"too-deep"}),
    "1000000-item-block-list": ("02-network.yaml", lambda: "contacts:\n" + "- x\n" * 1_000_000, {"too-large"}),
    "1000000-item-flow-list": ("08-opportunities.yaml", lambda: "opportunities: [" + "1," * 1_000_000 + "1]\n",
                               {"too-large"}),
    "1000000-key-mapping": ("account.yaml", lambda: "account: X\nteam: {" + ", ".join(f"k{i}: 1" for i in range(1_000_000))
                            + "}\n", {"too-large"}),
    "10MB-single-line": ("02-network.yaml", lambda: "contacts: " + "a" * (10 * 1024 * 1024) + "\n", {"too-large"}),
    "10MB-single-line-no-newline": ("account.yaml", lambda: "account: \"" + "\\u0041" * (2 * 1024 * 1024), {"too-large"}),
    "10MB-binary": ("04-value-opportunities.yaml", lambda: os.urandom(10 * 1024 * 1024), {"too-large"}),
    "NUL-bytes": ("03-needs-kano.yaml", lambda: b"kano: []\n\x00\x00", {"encoding"}),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_is_a_finding_not_a_hang(tmp_path, case):
    name, make, rules = HOSTILE[case]
    plan = plan_with(tmp_path, name, make())
    res = run_all(plan, only="check,status,value,challenge,network,report,fmt")
    assert_finished_without_crash(res)
    found = rules_in(res, name)
    assert found & rules, f"expected one of {rules} on {name}, found {sorted(found)}"
    assert res["check"]["exit"] == 1


# Files just under the limits: read in full, so every command has to cope with their size.
UNDER = {
    "4.9MB-single-line": ("02-network.yaml",
                          lambda: "contacts:\n  - name: " + "a" * (4_900_000) + "\n    role: decision-maker\n"),
    "4.9MB-quoted-escapes": ("02-network.yaml", lambda: "contacts:\n  - name: \"" + "\\x1b[31m" * 600_000 + "\"\n"),
    "4MB-key": ("account.yaml", lambda: "account: X\n" + "k" * 4_000_000 + ": 1\n"),
    # 3,000 opportunities in one quadrant: placing the matrix labels of the HTML report was quadratic
    "3000-opportunities": ("08-opportunities.yaml", lambda: "opportunities:\n" + "".join(
        f"  - {{id: o{i}, name: n, stage: proposal, value: {i}k, probability: 50%, decision: 2027-Q1}}\n"
        for i in range(3_000))),
    "5000-unknown-keys": ("account.yaml", lambda: "account: X\n" + "".join(f"acount{i}: 1\n" for i in range(5_000))),
    "20000-duplicate-keys": ("account.yaml", lambda: "account: X\n" * 20_000),
    "63-deep": ("02-network.yaml", lambda: "contacts:\n  - name: x\n    relation: " + "[" * 61 + "]" * 61 + "\n"),
    "1000000-comment-lines": ("02-network.yaml", lambda: "# c\n" * 1_000_000 + "contacts: []\n"),
    "formulas-of-maximum-length": ("04-value-opportunities.yaml", lambda: "value_opportunities:\n" + "".join(
        f"  - id: v{i}\n    opportunity: o\n    quantification:\n      formula: {'(a+' * 99 + 'a' + ')' * 99}{'*a' * 700}\n"
        f"      inputs: {{a: 1.0001}}\n      per: month\n      claimed: 1\n" for i in range(40))),
}


@pytest.mark.parametrize("case", sorted(UNDER))
def test_file_just_under_the_limits_finishes(tmp_path, case):
    name, make = UNDER[case]
    plan = plan_with(tmp_path, name, make())
    res = run_all(plan, only="check,status,value,matrix,challenge,network,kano,actions,report,portfolio")
    assert_finished_without_crash(res)
    assert not rules_in(res, name) & {"too-large", "too-deep"}


# Huge plans whose names nearly match: every dangling name would get a fuzzy "did you mean" search
# over every known name (quadratic); saa check must stay bounded.
def _near_names(n: int = 5_000) -> dict:
    return {
        "02-network.yaml": "contacts:\n" + "".join(
            f"  - {{name: 'Customer contact {i:06d}', reports_to: 'Customer contact {i:06d}x', "
            f"our_link: 'Member {i:06d}x'}}\n" for i in range(n)),
        "account.yaml": "account: X\nowner: Member 000001x\nteam:\n" + "".join(
            f"  - name: Member {i:06d}\n" for i in range(1000)),
        "08-opportunities.yaml": "opportunities:\n  - id: o\n    name: o\n    actions:\n" + "".join(
            f"      - {{do: x, owner: 'Member {i % 1000:06d}x'}}\n" for i in range(n)),
    }


def test_many_near_miss_names_are_checked_in_bounded_time(tmp_path):
    plan = tmp_path / "plan"
    shutil.copytree(TELECOM, plan)
    for name, text in _near_names().items():
        (plan / name).write_text(text, encoding="utf-8")
    res = run_all(plan, only="check,status")
    assert_finished_without_crash(res)
    findings = res["check"]["findings"]
    dangling = [f for f in findings if f["rule"] == "dangling-reference"]
    unknown = [f for f in findings if f["rule"] == "unknown-member"]
    assert len(dangling) >= 5_000 and len(unknown) >= 10_000
    # the first few still get their hint
    assert any("did you mean" in f["message"] for f in unknown)


def test_a_long_reporting_line_does_not_blow_up_the_network(tmp_path):
    """2,000 decision makers, each reporting to the next: every one's reporting line is shown, so a
    line as long as the plan made the output (and memory) grow with the square of the plan: 4,000
    of them made `saa network --json` print 138 MB from a 300 KB file. The line is capped."""
    from saa.network import paths
    from saa.loader import load_plan

    n = 2000
    plan = plan_with(tmp_path, "02-network.yaml", "contacts:\n" + "".join(
        f"  - {{name: c{i}, role: decision-maker, relation: '-', reports_to: c{i + 1}, our_link: Dana Whitfield}}\n"
        for i in range(n)))
    found = paths(load_plan(plan))
    assert len(found) == n
    assert max(len(p.reports_to) for p in found) <= 50
    res = run_all(plan, only="check,network,report")
    assert_finished_without_crash(res)
