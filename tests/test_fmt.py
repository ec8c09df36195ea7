"""saa fmt: canonical form keeping every comment and value; idempotent; --check; atomic writes."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TELECOM, run_saa, write_plan
from saa.cli import app
from saa.fmt import FormatError, build, format_file, format_text, normalise
from saa.fileformat import FILES
from saa.yamlio import parse_text

runner = CliRunner()

MESSY = textwrap.dedent("""\
    # header line 1

    # header 2 (after a blank line)
    opportunities:   # the list
        # about the first one
        -   name: "ASIC: port driver"     # eol on name
            id: 'asic'
            value: "7M"
            stage: negotiation
            actions:
            - do: 'it''s a thing'
              status: open
              owner: Chen Hao
              due: 2027-01-31
            # commented-out action
            - plain text action that goes
              over two lines
            notes: |
                Line one
                  indented more
                last

        # second one
        - {name: Two, id: two, value: ~}
        -   id: three
            # about name
            name: Three
            competition: >-
                folded text
                continues here
        - # dash comment
          id: four
          name: Four
          unknown_key: 1
          decision: "2027-Q1"
    #trailer
      # indented trailer
    """)

MESSY_CANONICAL = textwrap.dedent("""\
    # header line 1

    # header 2 (after a blank line)
    opportunities:   # the list
      # about the first one
      - id: asic
        name: "ASIC: port driver"     # eol on name
        value: 7M
        stage: negotiation
        notes: |
          Line one
            indented more
          last
        actions:
          - do: it's a thing
            owner: Chen Hao
            due: 2027-01-31
            status: open
          # commented-out action
          - plain text action that goes
            over two lines

      # second one
      - {id: two, name: Two, value: ~}
      - id: three
        # about name
        name: Three
        competition: >-
          folded text
          continues here
      # dash comment
      - id: four
        name: Four
        decision: 2027-Q1
        unknown_key: 1
    #trailer
      # indented trailer
    """)


def comments(text: str) -> Counter:
    return Counter(build(normalise(text)).comments)


def data(text: str, name: str = "x.yaml"):
    d = parse_text(text, name)
    assert not d.findings, d.findings
    return d.data


def test_messy_file_gets_the_exact_canonical_form():
    out = format_text(MESSY, "08-opportunities.yaml")
    assert out == MESSY_CANONICAL


def test_every_comment_and_every_value_is_kept():
    out = format_text(MESSY, "08-opportunities.yaml")
    for line in MESSY.splitlines():
        if "#" in line and "'" not in line:
            text = line[line.index("#"):]
            assert text in out, text
    assert comments(out) == comments(MESSY)
    assert data(out) == data(MESSY)
    assert len(comments(MESSY)) == 11


def test_idempotent_on_messy_and_shipped_files():
    once = format_text(MESSY, "08-opportunities.yaml")
    assert format_text(once, "08-opportunities.yaml") == once
    for f in sorted(TELECOM.glob("*.yaml")):
        once = format_text(f.read_text("utf-8"), f.name)
        assert format_text(once, f.name) == once, f.name


def test_shipped_plans_change_at_most_by_key_order():
    """The worked example is canonical (as shipped, one ally's keys are out of the spec's order)."""
    for f in sorted(TELECOM.glob("*.yaml")):
        src = f.read_text("utf-8")
        out = format_text(src, f.name)
        assert data(out) == data(src)
        assert comments(out) == comments(src)
        if f.name != "02-network.yaml":
            assert out == src, f.name
    src = (TELECOM / "02-network.yaml").read_text("utf-8")
    out = format_text(src, "02-network.yaml")
    assert out.endswith(
        "    target: Ye S.\n"
        "    leverage: More evidence to show our reliable performance\n"
        "    influence_and_reward: Probe their department strategy; help push the qualification procedure\n"
        "    meeting_frequency: 15/year\n")


def test_saa_new_skeleton_is_already_canonical(tmp_path):
    from saa.skeleton import write_skeleton

    write_skeleton(str(tmp_path / "p"), "Acme <Corp>")
    for name in FILES:
        src = (tmp_path / "p" / name).read_text("utf-8")
        assert format_text(src, name) == src, name


def test_quoting_is_normalised_and_relation_scores_always_quoted():
    src = textwrap.dedent("""\
        contacts:
        - name: 'Ann'
          relation: +
        - name: "Bob: the boss"
          relation: '0'
        - name: Cy
          relation: 1
        - name: Di
          relation: "--"
          messages: ['yes', "plain words", 'a # b', "x,y"]
          description: 'It''s "quoted"'
        """)
    out = format_text(src, "02-network.yaml")
    assert out == textwrap.dedent("""\
        contacts:
          - name: Ann
            relation: "+"
          - name: "Bob: the boss"
            relation: "0"
          - name: Cy
            relation: 1
          - name: Di
            relation: "--"
            description: It's "quoted"
            messages: ["yes", plain words, "a # b", "x,y"]
        """)
    assert data(out) == data(src)


def test_a_comment_above_a_key_moves_with_the_key():
    src = textwrap.dedent("""\
        allies:
          - ally: Guo J.
            # how often: from the 2026 calendar
            meeting_frequency: 15/year
            target: Ye S.
            leverage: evidence   # the lab report
        """)
    out = format_text(src, "02-network.yaml")
    assert out == textwrap.dedent("""\
        allies:
          - ally: Guo J.
            target: Ye S.
            leverage: evidence   # the lab report
            # how often: from the 2026 calendar
            meeting_frequency: 15/year
        """)


def test_text_is_never_rewrapped_and_indentation_becomes_two_spaces():
    src = ("swot:\n    strengths:\n    -   A strength written over\n        two lines by hand\n"
           "    threats: [a, b]\n")
    out = format_text(src, "01-customer-profile.yaml")
    assert out == ("swot:\n  strengths:\n    - A strength written over\n      two lines by hand\n"
                   "  threats: [a, b]\n")


def test_crlf_bom_and_missing_final_newline_are_normalised():
    src = "\ufeffaccount: Acme\r\nid: acme\r\nowner: Ann"
    assert format_text(src, "account.yaml") == "account: Acme\nid: acme\nowner: Ann\n"


def test_files_with_loading_findings_are_refused():
    with pytest.raises(FormatError) as e:
        format_text("contacts:\n  - name: A\n    relation: -\n", "02-network.yaml")
    assert e.value.line == 3
    with pytest.raises(FormatError):
        format_text("a: 1\na: 2\n", "account.yaml")
    with pytest.raises(FormatError):
        format_text("a: &x 1\nb: *x\n", "account.yaml")


def test_cli_check_reports_and_exits_1_without_writing(tmp_path):
    plan = write_plan(tmp_path / "p", {"08-opportunities.yaml": MESSY})
    target = plan / "08-opportunities.yaml"
    before = target.read_bytes()
    r = runner.invoke(app, ["fmt", str(plan), "--check"])
    assert r.exit_code == 1, r.output
    assert f"would reformat {target}" in r.output
    assert "1 file would be reformatted" in r.output
    assert target.read_bytes() == before
    r = runner.invoke(app, ["fmt", str(plan), "--check", "--diff"])
    assert "+  - id: asic" in r.output and "-    -   name: \"ASIC: port driver\"" in r.output
    r = runner.invoke(app, ["fmt", str(plan)])
    assert r.exit_code == 0, r.output
    assert f"reformatted {target}" in r.output
    assert target.read_text("utf-8") == MESSY_CANONICAL
    r = runner.invoke(app, ["fmt", str(plan), "--check"])
    assert r.exit_code == 0
    assert "0 files would be reformatted, 2 already canonical" in r.output


def test_cli_leaves_broken_files_alone_with_a_message(tmp_path):
    broken = "contacts:\n  - name: A\n    relation: -\n"
    plan = write_plan(tmp_path / "p", {"02-network.yaml": broken})
    r = runner.invoke(app, ["fmt", str(plan)])
    assert r.exit_code == 1
    assert (plan / "02-network.yaml").read_text("utf-8") == broken
    assert "02-network.yaml:3:" in r.stderr and "not formatted" in r.stderr
    assert "1 left alone" in r.stdout


def test_cli_bad_path_exits_2_and_other_files_are_left_alone(tmp_path):
    r = runner.invoke(app, ["fmt", str(tmp_path / "nope")])
    assert r.exit_code == 2
    assert "no such file or folder" in r.stderr
    notes = tmp_path / "README.md"
    notes.write_text("# Notes\n\nkey: value\n", "utf-8")
    r = runner.invoke(app, ["fmt", str(notes)])
    assert r.exit_code == 1 and "not a YAML file" in r.stderr
    assert notes.read_text("utf-8") == "# Notes\n\nkey: value\n"


def test_atomic_write_failure_keeps_the_old_file(tmp_path, monkeypatch):
    plan = write_plan(tmp_path / "p", {"08-opportunities.yaml": MESSY})
    target = plan / "08-opportunities.yaml"
    before = target.read_bytes()

    def boom(src, dst):
        assert Path(src).read_text("utf-8") == MESSY_CANONICAL   # the new text was written in full ...
        raise OSError(28, "No space left on device")              # ... but the rename fails

    monkeypatch.setattr("saa.atomic.os.replace", boom)
    res = format_file(target, str(target))
    assert res.status == "skipped" and "No space left on device" in res.message
    assert target.read_bytes() == before
    assert sorted(p.name for p in plan.iterdir()) == ["08-opportunities.yaml", "account.yaml"]

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr("saa.atomic.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        format_file(target, str(target))
    assert target.read_bytes() == before
    assert sorted(p.name for p in plan.iterdir()) == ["08-opportunities.yaml", "account.yaml"]


KILLED_WRITER = """
import os, sys, time
sys.path.insert(0, {root!r})
import saa.atomic
from saa.fmt import format_text

def stall(src, dst):
    sys.stdout.write("written " + src + "\\n")
    sys.stdout.flush()
    time.sleep(60)        # killed here: the new text is on disk, the rename has not happened

saa.atomic.os.replace = stall
path = {path!r}
new = format_text(open(path, encoding="utf-8").read(), os.path.basename(path))
saa.atomic.write_text_atomic(path, new)
"""


def test_sigkill_mid_write_loses_nothing(tmp_path):
    plan = write_plan(tmp_path / "p", {"08-opportunities.yaml": MESSY})
    target = plan / "08-opportunities.yaml"
    before = target.read_bytes()
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER.format(root=str(ROOT), path=str(target))],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("written "), line
        tmp = Path(line.split(" ", 1)[1].strip())
        assert tmp.read_text("utf-8") == MESSY_CANONICAL
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert target.read_bytes() == before          # the old file is intact
    assert tmp.name.startswith(".08-opportunities.yaml.") and tmp.name.endswith(".tmp")
    # the leftover is hidden: loading the plan does not see it, and the next fmt run is clean
    from saa.loader import load_plan

    assert not [f for f in load_plan(plan).findings if f.rule == "unknown-file"]
    r = run_saa("fmt", plan)
    assert r.returncode == 0, r.stderr
    assert target.read_text("utf-8") == MESSY_CANONICAL


def test_real_subprocess_run_on_a_copy_of_the_shipped_plan(telecom):
    acc = telecom / "account.yaml"
    acc.write_text(acc.read_text("utf-8").replace("\n  ", "\n    "), "utf-8")     # 4-space indentation
    r = run_saa("fmt", telecom, "--check")
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == f"would reformat {acc}"
    r = run_saa("fmt", telecom)
    assert r.returncode == 0, r.stderr
    r = run_saa("fmt", telecom, "--check")
    assert r.returncode == 0
    assert r.stdout.strip() == "0 files would be reformatted, 9 already canonical"
    r = run_saa("check", telecom, "--format", "json")
    assert '"errors": 0' in r.stdout


def test_random_documents_round_trip(tmp_path):
    """Generated documents: every style of scalar and collection, comments everywhere."""
    import random

    words = ["alpha", "x: y", "it's", 'say "hi"', "#hash", "a #b", "C#", "-5", "yes", "1", "0.5", "",
             "2027-01-31", "$4k", "95%", "über", "tab\there", "[x]", "a,b", "trailing ", "--", "+", "0"]
    keys = ["id", "name", "value", "stage", "notes", "relation", "zeta", "odd key", "do", "owner"]
    rng = random.Random(7)
    checked = 0
    for _ in range(300):
        lines = []

        def scalar():
            w = rng.choice(words)
            return '"' + w.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"' \
                if rng.random() < 0.5 else "'" + w.replace("'", "''") + "'"

        def block(indent, depth):
            for k in rng.sample(keys, rng.randint(1, 4)):
                t = rng.random()
                pad = " " * indent
                if rng.random() < 0.2:
                    lines.append(" " * rng.randint(0, 8) + f"# c{rng.randint(0, 99)}")
                if depth < 3 and t < 0.25:
                    lines.append(f"{pad}{k}:")
                    block(indent + rng.choice([2, 4]), depth + 1)
                elif depth < 3 and t < 0.45:
                    lines.append(f"{pad}{k}:" + (f"  # e{rng.randint(0, 9)}" if rng.random() < 0.3 else ""))
                    off = rng.choice([0, 2])
                    for _i in range(rng.randint(1, 3)):
                        if rng.random() < 0.5:
                            lines.append(f"{pad}{' ' * off}- {scalar()}")
                        else:
                            lines.append(f"{pad}{' ' * off}- {k}: {scalar()}")
                            lines.append(f"{pad}{' ' * off}  other: {scalar()}")
                elif t < 0.55:
                    lines.append(f"{pad}{k}: [{', '.join(scalar() for _i in range(rng.randint(0, 3)))}]")
                elif t < 0.6:
                    lines.append(f"{pad}{k}: |")
                    lines.append(f"{pad}  text one")
                    lines.append(f"{pad}    more")
                else:
                    lines.append(f"{pad}{k}: {scalar()}" + (f"   # e{rng.randint(0, 9)}" if rng.random() < 0.3 else ""))

        block(0, 0)
        text = "\n".join(lines) + "\n"
        name = rng.choice(["08-opportunities.yaml", "02-network.yaml", "other.yaml"])
        if parse_text(text, name).findings:
            continue
        out = format_text(text, name)
        assert data(out) == data(text)
        assert comments(out) == comments(text)
        assert format_text(out, name) == out
        checked += 1
    assert checked > 200
