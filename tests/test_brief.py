"""saa brief: the one page a reviewer reads. One 80x50 screen, one A4 landscape page, markdown, JSON."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TELECOM
from saa.cli import app

runner = CliRunner()
FAB = ROOT / "plans" / "fab"
TOOLS = ROOT / "tools"


def brief(*args, columns=80, env=None):
    r = runner.invoke(app, ["brief", *map(str, args)], env={"COLUMNS": str(columns), **(env or {})})
    assert r.exit_code == 0, r.output + r.stderr
    return r.stdout


def screen_lines(text: str, width: int = 80) -> int:
    """How many rows of a ``width``-column terminal the text takes (long lines wrap)."""
    return sum(max(1, math.ceil(len(line) / width)) for line in text.splitlines())


def test_terminal_fits_one_80x50_screen_for_the_worked_example(tmp_path):
    out = brief(TELECOM)
    assert screen_lines(out) <= 50, out
    assert max(len(line) for line in out.splitlines()) <= 80
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "Example Telecom Co. (telecom), brief as of 2026-11-27"
    assert lines[1] == "owner Dana Whitfield, 62% complete"
    assert lines[2] == "Last review 2026-10-15 (43 days ago), next due 2027-01-13 (in 47 days)"
    assert lines[3] == "Alignment: connect everyone moderately-well, communicate activities not-well,"
    assert lines[4] == "shared understanding moderately-well"
    text = " ".join(out.split())
    # the pipeline by quadrant: value and expected value (7M x 95% + 4.5M x 95%)
    assert "I deals in progress 2 11,500,000 10,925,000" in text
    assert "II early-stage deals 2 20,000,000 +1? unknown" in text
    assert "open deals 6 31,700,000 +2? 10,925,000 +4?" in text
    # the customer's value, labelled apart from our pipeline
    assert "The customer's quantified value (step 4, not our pipeline): USD 2,880,000 a year" in text
    # top deals: ranked by expected value; the ASIC deal's team-only challenge is unchallenged, never red
    assert ("1. ASIC Port Driver - I negotiation, decision 2027-03-31 95% of USD 7,000,000 = USD 6,650,000 "
            "expected; challenge unchallenged") in text
    assert "2. ADSL 2 - I proposal, decision 2027-06-30 95% of USD 4,500,000 = USD 4,275,000 expected; " \
           "challenge not scored" in text
    assert "Red flags: 0 errors, 4 warnings" in text
    assert " decision maker 'Jiang L.' has no path from our team [unreached-decision-maker]\n" in out
    assert "Overdue actions: none" in text


def test_outside_git_the_changes_are_said_and_left_out(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plan = tmp_path / "telecom"
    shutil.copytree(TELECOM, plan)
    out = " ".join(brief(plan).split())
    assert "Since the last review: not shown - not from git:" in out and "is not in a git repository" in out
    data = json.loads(brief(plan, "--json"))
    assert data["since_last_review"]["available"] is False
    assert data["since_last_review"]["summary"] == []


def _git(repo, *args, date):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid", GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=repo,
                   env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changes_since_the_last_commit_at_or_before_the_last_review(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plan = tmp_path / "repo" / "telecom"
    shutil.copytree(TELECOM, plan)
    root = plan.parent
    _git(root, "init", "-q", date="2026-10-01T12:00:00+00:00")
    _git(root, "add", ".", date="2026-10-01T12:00:00+00:00")
    _git(root, "commit", "-q", "-m", "before the review", date="2026-10-01T12:00:00+00:00")
    o = plan / "08-opportunities.yaml"
    o.write_text(o.read_text().replace("    value: 4.5M\n", "    value: 5M\n"))
    _git(root, "commit", "-qam", "on the review day", date="2026-10-15T09:00:00+00:00")   # at review.last: the base
    o.write_text(o.read_text().replace("    value: 7M\n", "    value: 8M\n"))
    _git(root, "commit", "-qam", "after the review", date="2026-11-02T09:00:00+00:00")
    o.write_text(o.read_text().replace("    stage: proposal\n", "    stage: on-hold\n"))    # uncommitted, counts
    data = json.loads(brief(plan, "--json"))
    since = data["since_last_review"]
    assert since["available"] is True and since["changes"] == 2
    assert since["summary"] == ["adsl2 moved I -> III (proposal -> on-hold)",
                                "asic-port-driver re-valued 7,000,000 -> 8,000,000"]
    out = " ".join(brief(plan).split())
    assert f"Since the last review (commit {since['since']}): 2 changes" in out
    assert "asic-port-driver re-valued 7,000,000 -> 8,000,000" in out
    # history that starts after the review: said, left out
    plan.joinpath("account.yaml").write_text(plan.joinpath("account.yaml").read_text().replace(
        "last: 2026-10-15", "last: 2026-09-01"))
    data = json.loads(brief(plan, "--json"))
    assert data["since_last_review"]["available"] is False
    assert data["since_last_review"]["reason"] == ("no commit at or before the last review (2026-09-01) in the "
                                                   "git history")


def test_json_has_every_part_with_exact_numbers():
    data = json.loads(brief(TELECOM, "--json"))
    assert data["account"] == "Example Telecom Co." and data["owner"] == "Dana Whitfield"
    assert data["review"] == {"last": "2026-10-15", "next": "2027-01-15", "cadence_days": 90, "due": "2027-01-13",
                              "overdue": False, "age_days": 43}
    assert data["completeness"] == pytest.approx(185 / 3)
    assert data["alignment"] == {"connect_everyone": "moderately-well", "communicate_activities": "not-well",
                                 "shared_understanding": "moderately-well"}
    assert data["pipeline"]["I"] == {"deals": 2, "value": 11500000.0, "expected_value": 10925000.0,
                                     "unknown_value": 0}
    assert data["pipeline"]["IV"] == {"deals": 1, "value": None, "expected_value": None, "unknown_value": 1}
    assert data["customer_value_per_year"] == {"amount": pytest.approx(2880000.0), "partial": False,
                                               "not_computed": []}
    assert [d["deal"] for d in data["top_deals"]] == ["asic-port-driver", "adsl2", "sdr-platform", "ip-router",
                                                      "media-gateway"]
    assert data["top_deals"][0]["challenge"] == {"colour": "unchallenged", "team": "red", "spoiler": None,
                                                 "gap": None}
    assert data["open_deals"] == 6
    assert [f["rule"] for f in data["red_flags"]] == ["unreached-decision-maker", "no-capture-plan",
                                                      "no-capture-plan", "no-coach"]


def test_review_discipline_and_overdue_actions_show_in_the_brief():
    out = " ".join(brief(TELECOM, env={"SAA_TODAY": "2027-07-01"}).split())
    assert "next due 2027-01-13 (169 days ago) - OVERDUE" in out
    assert "the account review is overdue [review-overdue]" in out
    assert ("opportunity 'asic-port-driver' is still negotiation but its decision date 2027-03-31 has passed "
            "[decision-date-passed]") in out
    assert "1. ASIC Port Driver - I negotiation, decision 2027-03-31 PASSED" in out
    assert "Overdue actions: 3" in out
    assert "2027-01-31 Chen Hao: Do a TCO analysis quantifying the impact our local design support will have on " \
           "time to market" in out
    assert "1 overdue" in out                      # the TCO action belongs to adsl2: shown with the deal too
    assert screen_lines(brief(TELECOM, env={"SAA_TODAY": "2027-07-01"})) <= 50


def test_markdown_for_a_pull_request_comment():
    md = brief(TELECOM, "--format", "md")
    assert md.startswith("# Example Telecom Co.: brief\n\n*telecom - as of 2026-11-27*\n")
    assert "| **ASIC Port Driver** | I negotiation | 2027-03-31 | 95% | USD 6,650,000 | unchallenged | \\- |" in md
    assert "## Red flags: 0 errors, 4 warnings" in md
    assert "Contents" not in md


def test_html_is_one_self_contained_page_with_a4_landscape_print_css(tmp_path):
    out = tmp_path / "b.html"
    runner.invoke(app, ["brief", str(TELECOM), "-o", str(out)])
    html = out.read_text()
    assert "@page { size: A4 landscape" in html and "column-count: 2" in html
    assert "http://" not in html and "https://" not in html
    assert "<nav" not in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get update && apt-get install -y "
                                             "chromium): cannot print the brief to PDF and count its pages")
@pytest.mark.parametrize("plan", [TELECOM, FAB, "crowded"])
def test_html_prints_on_exactly_one_a4_landscape_page(plan, tmp_path):
    if plan == "crowded":
        plan = crowded_plan(tmp_path / "crowded")
    r = subprocess.run([sys.executable, str(TOOLS / "brief_pages.py"), str(plan), str(tmp_path)],
                       capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    data = (tmp_path / "brief.pdf").read_bytes()
    sys.path.insert(0, str(TOOLS))
    try:
        import brief_pages
    finally:
        sys.path.remove(str(TOOLS))
    assert brief_pages.pdf_pages(data) == 1
    w, h = brief_pages.pdf_page_size(data)
    assert (round(w), round(h)) == (842, 595)          # A4 landscape, in points
    assert r.stdout.strip().endswith(": 1 page, 842 x 595 pt")


def crowded_plan(folder: Path) -> Path:
    """A plan that fills every part of the brief to its limit, with long names: still one page."""
    folder.mkdir(parents=True)
    (folder / "account.yaml").write_text(
        "account: Stress Test Incorporated With A Very Long Legal Name Holding GmbH & Co. KG\nid: crowded\n"
        "owner: Ann\nteam:\n  - name: Ann\nreview:\n  last: 2026-01-01\n  next: 2026-03-01\n")
    opps = "opportunities:\n"
    for i in range(8):
        opps += (f"  - id: deal-{i}\n    name: A very long opportunity name number {i} for the replacement of the "
                 f"entire installed base of legacy equipment\n    value: {i + 1}M\n    probability: 50%\n"
                 f"    stage: proposal\n    decision: 2026-0{i + 1}-15\n    actions:\n      - do: Follow up with the "
                 f"buying center about the technical evaluation and the commercial terms number {i}\n"
                 f"        owner: Ann\n        due: 2026-02-0{i + 1}\n")
    (folder / "08-opportunities.yaml").write_text(opps)
    (folder / "02-network.yaml").write_text("contacts:\n" + "".join(
        f"  - name: Decision Maker Number {i} With A Long Name\n    role: decision-maker\n    relation: \"--\"\n"
        for i in range(8)))
    return folder


def test_the_page_counter_counts_pages_not_the_page_tree():
    sys.path.insert(0, str(TOOLS))
    try:
        import brief_pages
    finally:
        sys.path.remove(str(TOOLS))
    two = b"<< /Type /Pages /Count 2 >> << /Type /Page /MediaBox [0 0 841.89 595.28] >> << /Type/Page >>"
    assert brief_pages.pdf_pages(two) == 2
    assert brief_pages.pdf_page_size(two) == pytest.approx((841.89, 595.28))


def test_a_wrong_format_or_path_exits_2(tmp_path):
    r = runner.invoke(app, ["brief", str(TELECOM), "--format", "pdf"])
    assert r.exit_code == 2 and "--format must be text, md, html or json" in r.stderr
    r = runner.invoke(app, ["brief", str(tmp_path / "nope")])
    assert r.exit_code == 2
