"""`saa challenge`: category and overall means, spoiler handling, colours, views, --fail-under, --guide, JSON."""

from __future__ import annotations

import json
import sys
import textwrap
import types

import pytest

from conftest import TELECOM, write_plan
from method_helpers import EDGE, EVIL_SHOWN, golden, invoke, saa_text

DIMS = ("confidence", "implications", "actions")


def challenge_json(*args):
    r = invoke("challenge", *args, "--json")
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def test_worked_example_means():
    data = challenge_json(TELECOM)
    [ch] = data["challenges"]
    assert ch["opportunity"] == "asic-port-driver"
    [cat] = ch["categories"]
    assert cat["team"] == {"confidence": 11 / 3, "implications": 8 / 3, "actions": 3.0}
    assert cat["spoiler"] is None
    assert cat["colour"] == {"team": {"confidence": "yellow", "implications": "red", "actions": "yellow"},
                             "spoiler": None}
    assert [q["team"] for q in cat["questions"]] == [
        {"confidence": 5, "implications": 4, "actions": 2},
        {"confidence": 4, "implications": 2, "actions": 3},
        {"confidence": 2, "implications": 2, "actions": 4}]
    assert all(q["spoiler"] is None for q in cat["questions"])
    assert ch["overall"] == {"team": {"confidence": 11 / 3, "implications": 8 / 3, "actions": 3.0}, "spoiler": None}
    assert {"opportunity", "categories", "overall"} <= set(ch)
    assert set(cat) >= {"name", "team", "spoiler", "colour", "questions"}


def test_worked_example_terminal_shows_one_decimal():
    r = invoke("challenge", TELECOM)
    assert r.exit_code == 0
    row = next(line for line in r.stdout.splitlines() if "Customer issues" in line)
    assert "3.7  2.7  3.0" in row
    assert "overall" in r.stdout


def test_edge_spoiler_partial_and_overall_over_questions(plan_dir):
    data = challenge_json(plan_dir(EDGE))
    big, sure = data["challenges"]
    fit, politics = big["categories"]
    assert fit["team"] == {"confidence": 4.5, "implications": 4.5, "actions": 4.0}
    # the second question has no spoiler scores: left out of the spoiler means
    assert fit["spoiler"] == {"confidence": 3.0, "implications": 2.0, "actions": 4.0}
    assert fit["gap"] == {"confidence": 1.5, "implications": 2.5, "actions": 0.0}
    assert fit["colour"]["spoiler"] == {"confidence": "yellow", "implications": "red", "actions": "green"}
    assert politics["spoiler"] is None and politics["colour"]["spoiler"] is None and politics["gap"] is None
    # overall: mean over all scored questions (11/3), not the mean of category means (3.25)
    assert big["overall"]["team"] == {"confidence": 11 / 3, "implications": 4.0, "actions": 11 / 3}
    assert big["overall"]["spoiler"] == {"confidence": 3.0, "implications": 2.0, "actions": 4.0}
    assert sure["overall"]["spoiler"] is None
    assert [w["rule"] for w in data["warnings"]] == ["all-green-no-spoiler"]
    assert data["fail_under"] is None


def test_all_green_without_spoiler_warning_in_terminal(plan_dir):
    r = invoke("challenge", plan_dir(EDGE))
    assert r.exit_code == 0
    assert "challenge of sure: every team score is green and there is no spoiler" in r.stdout
    assert "the capture plan of tie has no challenge scoring yet" in r.stdout
    # and not when a spoiler has scored it
    r = invoke("challenge", plan_dir(EDGE, "e2"), "--opportunity", "big")
    assert "every team score is green" not in r.stdout


def test_rag_thresholds_from_plan(plan_dir):
    files = dict(EDGE)
    files["account.yaml"] = textwrap.dedent(EDGE["account.yaml"]) + "  rag:\n    red_below: 2.5\n    green_from: 3.5\n"
    data = challenge_json(plan_dir(files), "--opportunity", "big")
    fit, politics = data["challenges"][0]["categories"]
    assert politics["colour"]["team"] == {"confidence": "red", "implications": "yellow", "actions": "yellow"}
    assert fit["colour"]["spoiler"] == {"confidence": "yellow", "implications": "red", "actions": "green"}
    assert fit["colour"]["team"] == {"confidence": "green", "implications": "green", "actions": "green"}


@pytest.mark.parametrize("args, code", [
    (["--fail-under", "3"], 1),            # implications 2.7
    (["--fail-under", "2.7"], 0),          # compared as shown: 2.7 is not below 2.7
    (["--fail-under", "2.5"], 0),
    (["--fail-under", "5", "--view", "spoiler"], 0),   # no spoiler scores: nothing in view
    (["--fail-under", "3", "--view", "team"], 1),
])
def test_fail_under_telecom(args, code):
    r = invoke("challenge", TELECOM, *args)
    assert r.exit_code == code, r.output


@pytest.mark.parametrize("args, code, below", [
    (["--view", "spoiler", "--fail-under", "3"], 1, [("big", "Fit", "spoiler", "implications")]),
    (["--view", "spoiler", "--fail-under", "2"], 0, []),
    (["--view", "team", "--fail-under", "3"], 1, [("big", "Politics", "team", "confidence")]),
    (["--view", "team", "--fail-under", "2"], 0, []),
    (["--fail-under", "3"], 1, [("big", "Fit", "spoiler", "implications"), ("big", "Politics", "team", "confidence")]),
])
def test_fail_under_edge(plan_dir, args, code, below):
    p = plan_dir(EDGE)
    r = invoke("challenge", p, *args, "--json")
    assert r.exit_code == code
    data = json.loads(r.stdout)
    got = sorted((b["opportunity"], b["category"], b["who"], b["dimension"]) for b in data["fail_under"]["below"])
    assert got == sorted(below)
    r = invoke("challenge", p, *args)
    assert r.exit_code == code
    tail = r.stdout[r.stdout.index("fail-under"):]
    if code:
        assert f"{len(below)} category score" in tail and "below" in tail
    else:
        assert "or more" in tail


def test_views_show_columns(plan_dir):
    p = plan_dir(EDGE)
    def header(view):
        out = invoke("challenge", p, "--opportunity", "big", "--view", view).stdout
        return next(line for line in out.splitlines() if "┃" in line and ("team" in line or "spoiler" in line)), out

    h, out = header("team")
    assert "team" in h and "spoiler" not in h and "gap" not in h
    assert "4.5  4.5  4.0" in out and "3.0  2.0  4.0" not in out
    h, out = header("spoiler")
    assert "spoiler" in h and "team" not in h and "gap" not in h
    assert "3.0  2.0  4.0" in out and "4.5  4.5  4.0" not in out
    h, out = header("both")
    assert "team" in h and "spoiler" in h and "gap" in h
    assert "4.5  4.5  4.0" in out and "3.0  2.0  4.0" in out and "+1.5 +2.5  0.0" in out


@pytest.mark.parametrize("args", [["--view", "nobody"], ["--opportunity", "nope"], ["--as", "team"]])
def test_bad_options_exit_2(args):
    r = invoke("challenge", TELECOM, *args)
    assert r.exit_code == 2
    assert "Traceback" not in r.output


def test_opportunity_filter(plan_dir):
    data = challenge_json(plan_dir(EDGE), "--opportunity", "sure")
    assert [c["opportunity"] for c in data["challenges"]] == ["sure"]
    # an existing opportunity without a challenge: nothing to show, exit 0
    r = invoke("challenge", plan_dir(EDGE, "e2"), "--opportunity", "tie")
    assert r.exit_code == 0
    assert "no challenge scored for tie" in r.stdout


def test_guide_lists_the_three_dimensions(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not a plan: --guide alone needs none
    r = invoke("challenge", "--guide")
    assert r.exit_code == 0, r.output
    for s in ("Confidence", "Implications", "Actions", "What hard evidence", "buying process",
              "How will the customer and competitors respond?"):
        assert s in r.stdout
    data = json.loads(invoke("challenge", "--guide", "--json").stdout)
    assert set(data["guide"]) == set(DIMS)


def test_portfolio_of_plans(tmp_path):
    write_plan(tmp_path / "a", EDGE)
    write_plan(tmp_path / "b", {"08-opportunities.yaml": "opportunities: []\n"})
    data = challenge_json(tmp_path)
    assert {c["plan"] for c in data["challenges"]} == {"edge"}


def test_score_dispatch(monkeypatch, tmp_path):
    calls = []
    fake = types.ModuleType("saa.cli.score")

    def run_score(plan_path, opportunity, as_):
        calls.append((plan_path, opportunity, as_))
        return 0

    fake.run_score = run_score
    monkeypatch.setitem(sys.modules, "saa.cli.score", fake)
    r = invoke("challenge", "score", TELECOM, "--opportunity", "asic-port-driver", "--as", "spoiler")
    assert r.exit_code == 0, r.output
    assert calls == [(str(TELECOM), "asic-port-driver", "spoiler")]
    assert invoke("challenge", "score", TELECOM, "--opportunity", "asic-port-driver").exit_code == 2
    assert invoke("challenge", "score", TELECOM, "--as", "team").exit_code == 2
    assert invoke("challenge", "score", TELECOM, "--opportunity", "x", "--as", "boss").exit_code == 2
    fake.run_score = lambda *a: 1
    assert invoke("challenge", "score", TELECOM, "--opportunity", "x", "--as", "team").exit_code == 1


def test_markup_in_category_and_question(plan_dir):
    p = plan_dir({
        "08-opportunities.yaml": "opportunities:\n  - id: o\n    name: O\n    stage: proposal\n",
        "10-challenge.yaml": """\
            challenges:
              - opportunity: o
                spoiler: "[blink]Sam"
                categories:
                  - name: "[red]Evil[/red] :smile: \\e[31mX"
                    questions:
                      - question: "[/]"
                        team: {confidence: 1, implications: 1, actions: 1}
            """})
    r = saa_text("challenge", p, width=300)
    assert r.returncode == 0, r.stderr
    for s in EVIL_SHOWN:
        assert s in r.stdout
    assert "[/]" in r.stdout and "[blink]Sam" in r.stdout
    assert "\x1b" not in r.stdout


def test_subprocess_golden_telecom():
    r = saa_text("challenge", TELECOM)
    assert r.returncode == 0, r.stderr
    golden("challenge_telecom.txt", r.stdout)


def test_subprocess_golden_edge_and_fail_under(tmp_path):
    write_plan(tmp_path / "p", EDGE)
    r = saa_text("challenge", "p", "--fail-under", "3", cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    golden("challenge_edge.txt", r.stdout)
    r = saa_text("challenge", "p", "--fail-under", "2", "--json", cwd=tmp_path)
    assert r.returncode == 0
    json.loads(r.stdout)


def test_colours_follow_thresholds_when_colour_is_on():
    r = saa_text("challenge", TELECOM, env={"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert r.returncode == 0
    row = next(line for line in r.stdout.splitlines() if "Customer issues" in line)
    assert "\x1b[33m 3.7\x1b[0m" in row   # yellow
    assert "\x1b[31m 2.7\x1b[0m" in row   # red
    assert "\x1b[33m 3.0\x1b[0m" in row   # yellow: 3.0 is not below red_below 3.0
    plain = saa_text("challenge", TELECOM)
    assert "\x1b" not in plain.stdout     # NO_COLOR


@pytest.mark.parametrize("command", ["value", "matrix", "challenge", "network", "kano", "actions"])
def test_every_method_command_has_help_with_example(command):
    r = invoke(command, "--help")
    assert r.exit_code == 0
    assert "Example: saa " + command in r.stdout
    assert "--json" in r.stdout


def test_version_does_not_import_rich_or_the_core():
    import subprocess

    code = ("import sys; from saa.cli import app; "
            "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith(('saa.plan', 'saa.render', 'saa.challenge'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
