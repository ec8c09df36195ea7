"""--json where a command produces data: `fmt` (every file and its status), `schema -o` (what was written)
and `report` (what the report holds; the report itself goes to -o FILE)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import TELECOM, run_saa
from saa.cli import app

runner = CliRunner()

UNCANONICAL = "account:   Test Co\nowner: Ann\nteam:\n- name: Ann\n"


def _portfolio(tmp_path, telecom):
    """telecom (canonical), one plan whose account.yaml needs reformatting, one whose account.yaml cannot load."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "account.yaml").write_text(UNCANONICAL)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "account.yaml").write_text("account: [unclosed\n")
    return tmp_path


def test_fmt_check_json_lists_every_file_with_its_status(tmp_path, telecom):
    root = _portfolio(tmp_path, telecom)
    r = runner.invoke(app, ["fmt", str(root), "--check", "--json"])
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    by_path = {f["path"]: f for f in doc["files"]}
    assert by_path[str(root / "b" / "account.yaml")] == {"path": str(root / "b" / "account.yaml"),
                                                          "status": "would-reformat"}
    bad = by_path[str(root / "c" / "account.yaml")]
    assert bad["status"] == "left-alone" and bad["line"] == 2 and bad["column"] == 1 and bad["message"]
    assert by_path[str(root / "telecom" / "02-network.yaml")]["status"] == "canonical"
    assert doc["check"] is True
    assert doc["files_checked"] == len(doc["files"]) == 11     # telecom has 9 files
    assert (doc["canonical"], doc["would_reformat"], doc["left_alone"]) == (9, 1, 1)
    assert (root / "b" / "account.yaml").read_text() == UNCANONICAL      # --check writes nothing


def test_fmt_json_with_diff_carries_the_diff_and_writing_reports_reformatted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "account.yaml").write_text(UNCANONICAL)
    r = run_saa("fmt", tmp_path, "--check", "--diff", "--json")
    assert r.returncode == 1 and r.stderr == ""
    [f] = json.loads(r.stdout)["files"]
    assert f["status"] == "would-reformat" and "-account:   Test Co" in f["diff"] and "+account: Test Co" in f["diff"]
    r = run_saa("fmt", tmp_path, "--json")
    assert r.returncode == 0
    doc = json.loads(r.stdout)
    assert doc["files"] == [{"path": str(tmp_path / "b" / "account.yaml"), "status": "reformatted"}]
    assert (doc["check"], doc["reformatted"], doc["canonical"], doc["left_alone"]) == (False, 1, 0, 0)
    assert json.loads(run_saa("fmt", tmp_path, "--check", "--json").stdout)["canonical"] == 1


def test_schema_json_says_what_was_written(tmp_path):
    r = runner.invoke(app, ["schema", "-o", str(tmp_path / "s"), "--json"])
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert doc["output"] == str(tmp_path / "s")
    assert len(doc["files"]) == 12 and "saa.schema.json" in doc["files"]    # 11 plan files and saa.yaml
    assert sorted(doc["files"]) == sorted(p.name for p in (tmp_path / "s").iterdir())
    printed = json.loads(runner.invoke(app, ["schema", "--json"]).stdout)   # without -o: the schemas, as always
    assert set(printed) == set(doc["files"])


def test_report_json_is_the_metadata_and_the_report_goes_to_the_file(tmp_path):
    target = tmp_path / "telecom.html"
    r = run_saa("report", TELECOM, "-o", target, "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["output"] == {"path": str(target), "format": "html", "bytes": target.stat().st_size}
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert doc["id"] == "telecom" and doc["account"] == "Example Telecom Co."
    assert doc["title"] == "Example Telecom Co.: Strategic Account Alignment plan"
    assert doc["as_of"] == "2026-11-27"
    assert sorted(doc["steps"], key=int) == [str(n) for n in range(1, 11)]
    assert doc["steps"]["2"] == {"title": "Customer network", "file": "02-network.yaml", "exists": True,
                                 "required": True, "completeness": 100}
    status = json.loads(run_saa("status", TELECOM, "--json").stdout)["plans"][0]
    assert doc["completeness"] == round(status["completeness"])        # one answer: status and report agree
    assert {c["kind"] for c in doc["charts"]} >= {"matrix", "heatmap", "network"}
    assert {"level": 3, "title": "Step 8. Opportunity matrix",
            "id": "step-8-opportunity-matrix"} in doc["sections"]


def test_report_json_alone_prints_only_the_metadata():
    r = runner.invoke(app, ["report", str(TELECOM), "--json"])
    assert r.exit_code == 0
    doc = json.loads(r.stdout)         # nothing but the JSON on stdout
    assert doc["output"] is None and doc["plan"] == str(TELECOM)
