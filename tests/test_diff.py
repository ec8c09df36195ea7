"""saa diff --since REF: changes in the method's terms between a git revision and the working tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from conftest import TELECOM, run_saa
from saa.cli import app

runner = CliRunner()
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo, *args, date="2026-11-01T12:00:00+00:00"):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.invalid", GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=repo,
                   env=env, check=True, capture_output=True)


def replace(path, old, new):
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with the worked example in plans/telecom: commit 1 as shipped (plus two dated
    actions), commit 2 with one change of every kind."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "repo"
    plan = root / "plans" / "telecom"
    shutil.copytree(TELECOM, plan)
    replace(plan / "01-customer-profile.yaml",
            "      - Support their public image",
            "      - do: Send the supply-chain proposal\n"
            "        owner: Marta Ruiz\n"
            "        due: 2026-11-10\n"                 # not overdue on 2026-11-01 (commit 1), overdue now
            "      - do: Book the plant visit\n"
            "        owner: Chen Hao\n"
            "        due: 2026-10-01\n"                 # overdue already at commit 1: not new
            "      - Support their public image")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "plan as shipped")

    o = plan / "08-opportunities.yaml"
    replace(o, "    value: 7M\n", "    value: 8M\n")                                   # re-valued
    replace(o, "    decision: 2027-Q1\n", "    decision: 2027-Q2\n")                    # re-dated
    replace(o, "    stage: proposal\n", "    stage: on-hold\n")                         # adsl2: I -> III
    replace(o, "        due: 2027-01-31\n",
            "        due: 2027-01-31\n      - do: Chase the TCO review\n        owner: Chen Hao\n"
            "        due: 2026-11-15\n")                                                # new, overdue
    replace(o, "    value: 20M\n", "    value: 20M\n    probability: 30%\n")            # re-weighted
    text = o.read_text("utf-8")
    start = text.index("  - id: media-gateway")
    end = text.index("  - id: technical-alliance")
    o.write_text(text[:start] + text[end:] +
                 "  - id: edge-router\n    name: Edge router\n    value: 1.2M\n    probability: 50%\n"
                 "    stage: qualified\n    decision: 2027-09\n    actions:\n      - Demo at their lab\n", "utf-8")
    replace(plan / "04-value-opportunities.yaml", "yield_improvement: 3%", "yield_improvement: 4%")
    replace(plan / "04-value-opportunities.yaml", "claimed: $240,000", "claimed: $320,000")
    c = plan / "10-challenge.yaml"
    replace(c, "team: {confidence: 5, implications: 4, actions: 2}",
            "team: {confidence: 2, implications: 4, actions: 2}\n"
            "            spoiler: {confidence: 3, implications: 3, actions: 3}")
    git(root, "commit", "-q", "-am", "review", date="2026-11-20T12:00:00+00:00")
    return plan


def diff_json(plan, *more):
    r = runner.invoke(app, ["diff", str(plan), "--json", *more])
    assert r.exit_code == 0, r.output + r.stderr
    return json.loads(r.stdout)


def test_every_kind_of_change_is_found_with_exact_values(repo):
    d = diff_json(repo, "--since", "HEAD~1")
    assert d["plan"] == "telecom" and d["since"] == "HEAD~1" and not d["new_plan"]
    o = d["opportunities"]
    assert [x["id"] for x in o["added"]] == ["edge-router"]
    assert o["added"][0] == {"id": "edge-router", "name": "Edge router", "quadrant": "I", "stage": "qualified",
                             "value": 1200000.0, "probability": 0.5, "expected_value": 600000.0,
                             "decision": "2027-09-30"}
    assert [(x["id"], x["quadrant"], x["value"]) for x in o["removed"]] == [("media-gateway", "III", 200000.0)]
    assert o["moved"] == [{"id": "adsl2", "name": "ADSL 2", "from": "I", "to": "III",
                           "stage_from": "proposal", "stage_to": "on-hold"}]
    assert o["revalued"] == [{"id": "asic-port-driver", "name": "ASIC Port Driver", "from": 7000000.0,
                              "to": 8000000.0}]
    assert o["reweighted"] == [{"id": "sdr-platform", "name": "Software Defined Radio Platform", "from": None,
                                "to": 0.3}]
    assert o["redated"] == [{"id": "asic-port-driver", "name": "ASIC Port Driver", "from": "2027-03-31",
                             "to": "2027-06-30"}]
    v = d["value_opportunities"]
    assert v["added"] == [] and v["removed"] == []
    (rq,) = v["requantified"]
    assert rq["id"] == "slurry-yield"
    assert rq["from"] == {"per_period": pytest.approx(240000.0), "per": "month", "per_year": pytest.approx(2880000.0)}
    assert rq["to"] == {"per_period": pytest.approx(320000.0), "per": "month", "per_year": pytest.approx(3840000.0)}
    cat = "Customer issues and objectives that are driving their process now"
    ch = {(x["view"], x["dimension"]): (x["from"], x["to"], x["direction"]) for x in d["challenges"]}
    assert all(x["opportunity"] == "asic-port-driver" and x["category"] == cat for x in d["challenges"])
    assert ch[("team", "confidence")] == (pytest.approx(11 / 3), pytest.approx(8 / 3), "down")
    assert ch[("spoiler", "confidence")] == (None, 3.0, "new")
    assert ch[("spoiler", "implications")] == (None, 3.0, "new")
    assert ch[("spoiler", "actions")] == (None, 3.0, "new")
    assert len(ch) == 4          # team implications and actions did not change: not listed
    comp = d["completeness"]
    assert comp["direction"] == "up"
    assert comp["from"] == pytest.approx(185 / 3) and comp["to"] == pytest.approx(65.0)
    assert comp["steps"] == [{"step": 10, "from": pytest.approx(200 / 3), "to": 100.0}]
    assert [(a["do"], a["due"]) for a in d["overdue_actions"]] == [
        ("Send the supply-chain proposal", "2026-11-10"), ("Chase the TCO review", "2026-11-15")]
    assert d["changes"] == 1 + 1 + 1 + 1 + 1 + 1 + 1 + 4 + 1 + 2


def test_text_output_lists_the_changes_and_nothing_unchanged(repo):
    r = runner.invoke(app, ["diff", str(repo), "--since", "HEAD~1"])
    assert r.exit_code == 0
    out = r.stdout
    assert "+ added      edge-router: Edge router in I, USD 1,200,000, decision 2027-09-30" in out
    assert "- removed    media-gateway: Media Gateway (was III, USD 200,000)" in out
    assert "> moved      adsl2: I -> III (stage proposal -> on-hold)" in out
    assert "$ re-valued  asic-port-driver: USD 7,000,000 -> USD 8,000,000" in out
    assert "@ re-dated   asic-port-driver: decision 2027-03-31 -> 2027-06-30" in out
    assert "slurry-yield: USD 240,000 per month (USD 2,880,000 a year) -> USD 320,000 per month" in out
    assert "team confidence 3.7 -> 2.7 down" in out
    assert "Completeness: 62% -> 65% up" in out
    assert "2026-11-15  Chen Hao: Chase the TCO review" in out
    assert "Book the plant visit" not in out          # overdue already at the old revision
    assert "ip-router" not in out and "technical-alliance" not in out   # unchanged: not listed
    assert "team implications" not in out


def test_no_changes_since_head_and_working_tree_edits_since_head(repo):
    r = runner.invoke(app, ["diff", str(repo)])
    assert r.exit_code == 0
    assert "no changes in the method's terms" in r.stdout
    assert diff_json(repo)["changes"] == 0
    replace(repo / "08-opportunities.yaml", "    value: 4.5M\n", "    value: 5M\n")
    d = diff_json(repo)
    assert d["changes"] == 1
    assert d["opportunities"]["revalued"] == [{"id": "adsl2", "name": "ADSL 2", "from": 4500000.0, "to": 5000000.0}]


def test_a_plan_new_since_the_revision(repo):
    new = repo.parent / "fresh"
    shutil.copytree(TELECOM, new)
    d = diff_json(new)
    assert d["new_plan"] is True
    assert len(d["opportunities"]["added"]) == 6
    assert d["completeness"]["from"] is None


def test_unknown_revision_and_not_under_git_exit_2(repo, tmp_path):
    r = runner.invoke(app, ["diff", str(repo), "--since", "no-such-tag"])
    assert r.exit_code == 2
    assert "unknown git revision 'no-such-tag'" in r.stderr
    r = runner.invoke(app, ["diff", str(repo), "--since", "--output=/tmp/x"])
    assert r.exit_code == 2
    outside = tmp_path / "outside" / "telecom"
    shutil.copytree(TELECOM, outside)
    r = runner.invoke(app, ["diff", str(outside)])
    assert r.exit_code == 2
    assert "is not in a git repository" in r.stderr
    r = runner.invoke(app, ["diff", str(tmp_path / "nope")])
    assert r.exit_code == 2


def test_real_subprocess_run(repo):
    r = run_saa("diff", repo, "--since", "HEAD~1", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["opportunities"]["moved"][0]["id"] == "adsl2"
    r = run_saa("diff", repo, "--since", "does-not-exist")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr


def test_a_blob_over_the_size_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    """Issue 10: a 400 MB blob in history made `diff --since` peak at 843 MB before the limit applied;
    now git is asked for each blob's size first (ls-tree -l, what `git cat-file -s` answers)."""
    from saa import diff as d
    from saa.yamlio import MAX_BYTES

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "repo"
    plan = root / "p"
    shutil.copytree(TELECOM, plan)
    big = plan / "05-competition.yaml"
    with open(big, "wb") as fh:
        fh.write(b"competitors:\n" + b"  - name: x\n" * (MAX_BYTES // 12 + 10))
    size = big.stat().st_size
    os.symlink("/etc/passwd", plan / "06-value-buyers.yaml.tmp")
    (plan / "06-value-buyers.yaml").unlink()
    os.rename(plan / "06-value-buyers.yaml.tmp", plan / "06-value-buyers.yaml")   # a symlink, committed
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "big")
    calls = []
    real = d._git
    monkeypatch.setattr(d, "_git", lambda args, cwd: calls.append(args) or real(args, cwd))
    rev = d.resolve(plan, "HEAD")
    old = d.plan_at(plan, rev, tmp_path / "old")
    read = [a for a in calls if a[:2] == ["cat-file", "blob"]]
    assert len(read) == len(list(plan.glob("*.yaml"))) - 2 == 8   # every plan file but the big one and the link
    assert not (tmp_path / "old" / "p" / "05-competition.yaml").exists()
    found = {(f.path, f.rule, f.message) for f in old.findings if f.rule in ("too-large", "not-a-file")}
    assert found == {
        (f"HEAD:{plan}/05-competition.yaml", "too-large",
         f"{size} bytes at HEAD: larger than 5 MiB, a plan file is a few KB; not read"),
        (f"HEAD:{plan}/06-value-buyers.yaml", "not-a-file", "a symlink at HEAD, not a plan file; not read"),
    }
