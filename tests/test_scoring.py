"""saa challenge score: walk the questions, take 1-5 answers, write them back keeping every comment."""

from __future__ import annotations

import os
import select
import shutil
import sys
import time

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TELECOM
from saa.cli import app
from saa.yamlio import parse_text

runner = CliRunner()

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
      - name: Competition
        questions:
          - question: Who else is in?
"""
ARGS = ["challenge", "score", None, "--opportunity", "asic-port-driver", "--as"]


@pytest.fixture
def plan(tmp_path):
    p = tmp_path / "telecom"
    shutil.copytree(TELECOM, p)
    (p / "10-challenge.yaml").write_text(CHALLENGE, "utf-8")
    return p


@pytest.fixture
def tty(monkeypatch):
    monkeypatch.setattr("saa.cli.score.stdin_is_tty", lambda: True)


def score(plan, who, answers: list):
    args = [str(plan) if a is None else a for a in ARGS] + [who]
    return runner.invoke(app, args, input="".join(a + "\n" for a in answers))


def challenge_data(plan):
    d = parse_text((plan / "10-challenge.yaml").read_text("utf-8"), "10-challenge.yaml")
    assert not d.findings
    return d.data["challenges"][0]


def questions(plan):
    return [q for cat in challenge_data(plan)["categories"] for q in cat["questions"]]


def test_spoiler_scores_every_question_and_comments_stay(plan, tty):
    # name, then (confidence, implications, actions) for each of the three questions, then confirm
    r = score(plan, "spoiler", ["Alex Moreau", "4", "3", "2", "5", "5", "4", "1", "2", "3", ""])
    assert r.exit_code == 0, r.output + r.stderr
    assert "The team's scores are hidden" in r.stdout
    assert "[5]" not in r.stdout                     # a spoiler does not see the team's scores
    assert "Why are we confident?" in r.stdout and "How will the customer and competitors respond?" in r.stdout
    assert "Wrote 9 scores" in r.stdout
    q = questions(plan)
    assert [x.get("spoiler") for x in q] == [{"confidence": 4, "implications": 3, "actions": 2},
                                             {"confidence": 5, "implications": 5, "actions": 4},
                                             {"confidence": 1, "implications": 2, "actions": 3}]
    assert q[0]["team"] == {"confidence": 5, "implications": 4, "actions": 2}      # untouched
    ch = challenge_data(plan)
    assert ch["spoiler"] == "Alex Moreau" and ch["reviewed"] == "2026-11-27"
    text = (plan / "10-challenge.yaml").read_text("utf-8")
    for comment in ("# Challenge of the ASIC deal, scored in the account review.", "# the biggest deal",
                    "# asked first", "# optimistic?"):
        assert comment in text
    assert "            team: {confidence: 5, implications: 4, actions: 2}   # optimistic?\n" \
           "            spoiler: {confidence: 4, implications: 3, actions: 2}\n" in text
    assert "evidence: Their CTO said so in the QBR" in text


def test_enter_keeps_scores_and_only_changes_are_written(plan, tty):
    r = score(plan, "team", ["", "", "1", "", "5", "", "", "", "", "y"])
    assert r.exit_code == 0, r.output + r.stderr
    assert "Customer issues: confidence 4.5 -> 4.5, implications 3.0 -> 4.5 *, actions 2.5 -> 2.0 *" in r.stdout
    q = questions(plan)
    assert q[0]["team"] == {"confidence": 5, "implications": 4, "actions": 1}
    assert q[1]["team"] == {"confidence": 4, "implications": 5, "actions": 3}
    assert "team" not in q[2]                                        # Enter on an unscored question: still unscored
    text = (plan / "10-challenge.yaml").read_text("utf-8")
    assert "              implications: 5\n" in text                  # a block map stays a block map


def test_bad_answers_are_asked_again(plan, tty):
    r = score(plan, "team", ["7", "x", "?", "3", "", "", "", "", "", "", "", "", "y"])
    assert r.exit_code == 0, r.output
    assert r.stdout.count("answer 1, 2, 3, 4 or 5") == 2
    assert questions(plan)[0]["team"]["confidence"] == 3


def test_nothing_changed_nothing_written(plan, tty):
    before = (plan / "10-challenge.yaml").read_bytes()
    r = score(plan, "team", [""] * 9)
    assert r.exit_code == 0
    assert "No score changed: nothing written." in r.stdout
    assert (plan / "10-challenge.yaml").read_bytes() == before


@pytest.mark.parametrize("answers, code, message", [
    (["4", "3", "2", "n"][:-1] + [""] * 6 + ["n"], 0, "not confirmed"),     # declined: the user's choice, exit 0
    (["4", "3"], 1, "the input ended"),
])
def test_declined_or_ended_input_leaves_the_file_untouched(plan, tty, answers, code, message):
    before = (plan / "10-challenge.yaml").read_bytes()
    r = score(plan, "team", answers)
    assert r.exit_code == code, r.output
    assert message in r.stderr and "untouched" in r.stderr
    assert (plan / "10-challenge.yaml").read_bytes() == before


def test_ctrl_c_leaves_the_file_untouched(plan, tty, monkeypatch):
    before = (plan / "10-challenge.yaml").read_bytes()
    calls = iter(["4", "3", KeyboardInterrupt])

    def fake_input(prompt=""):
        v = next(calls)
        if v is KeyboardInterrupt:
            raise KeyboardInterrupt
        return v

    monkeypatch.setattr("builtins.input", fake_input)
    r = score(plan, "team", [])
    assert r.exit_code == 130
    assert "interrupted: nothing written" in r.stderr
    assert (plan / "10-challenge.yaml").read_bytes() == before


def test_failed_write_leaves_the_file_untouched(plan, tty, monkeypatch):
    before = (plan / "10-challenge.yaml").read_bytes()

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("saa.atomic.os.replace", boom)
    r = score(plan, "team", ["1"] + [""] * 8 + ["y"])
    assert r.exit_code == 2
    assert "No space left on device" in r.stderr
    assert (plan / "10-challenge.yaml").read_bytes() == before
    assert not [p for p in plan.iterdir() if p.name.startswith(".")]


def test_without_a_terminal_it_is_a_clear_error(plan):
    r = score(plan, "team", ["4"])
    assert r.exit_code == 2
    assert "needs a terminal" in r.stderr


def test_unknown_opportunity_and_bad_options(plan, tty):
    r = runner.invoke(app, ["challenge", "score", str(plan), "--opportunity", "asic-port-drivr", "--as", "team"])
    assert r.exit_code == 2 and "did you mean 'asic-port-driver'" in r.stderr
    r = runner.invoke(app, ["challenge", "score", str(plan), "--opportunity", "asic-port-driver", "--as", "boss"])
    assert r.exit_code == 2
    (plan / "10-challenge.yaml").write_text("challenges:\n  - opportunity: x\n    team: -\n", "utf-8")
    r = runner.invoke(app, ["challenge", "score", str(plan), "--opportunity", "x", "--as", "team"])
    assert r.exit_code == 2 and "fix it first" in r.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_through_a_real_pseudo_terminal(plan):
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: saa in a terminal
        os.chdir(ROOT)
        os.environ.update({"SAA_TODAY": "2026-11-27", "NO_COLOR": "1"})
        os.execv(sys.executable, [sys.executable, "-m", "saa", "challenge", "score", str(plan),
                                  "--opportunity", "asic-port-driver", "--as", "team"])
    seen = b""

    def read_until(marker: bytes, timeout: float = 30.0) -> None:
        nonlocal seen
        end = time.time() + timeout
        while marker not in seen:
            assert time.time() < end, seen.decode(errors="replace")[-800:]
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk

    try:
        for answer in ["2", "", "", "", "", "", "", "", ""]:
            read_until(b" 1-5 [")
            read_until(b"]: ")
            seen = b""
            os.write(fd, answer.encode() + b"\n")
        read_until(b"[Y/n] ")
        os.write(fd, b"y\n")
        read_until(b"Wrote 1 score")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert questions(plan)[0]["team"] == {"confidence": 2, "implications": 4, "actions": 2}
    assert "# optimistic?" in (plan / "10-challenge.yaml").read_text("utf-8")


def test_view_names_the_side_as_as_does(plan, tty):
    answers = ["4", "3", "2"] + [""] * 6 + ["y"]
    args = [a for a in ARGS[:-1]]
    args = [str(plan) if a is None else a for a in args]
    r = runner.invoke(app, args + ["--view", "team"], input="".join(a + "\n" for a in answers))
    assert r.exit_code == 0, r.output
    assert questions(plan)[0]["team"] == {"confidence": 4, "implications": 3, "actions": 2}
    for extra, message in ((["--view", "both"], "needs --view team or --view spoiler, not 'both'"),
                           (["--view", "team", "--as", "spoiler"], "--as spoiler and --view team disagree"),
                           ([], "needs --view team or --view spoiler")):
        r = runner.invoke(app, args + extra, input="")
        assert r.exit_code == 2 and message in r.stderr, (extra, r.stderr)
    r = runner.invoke(app, args + ["--view", "team", "--as", "team"], input="".join(a + "\n" for a in [""] * 9))
    assert r.exit_code == 0 and "No score changed" in r.stdout
