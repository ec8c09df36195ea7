"""Editors: yaml-language-server, driven over LSP as an editor does (tools/yaml_lsp.py), and check-jsonschema.

Skipped when Node's yaml-language-server (``npm install -g yaml-language-server``) or
check-jsonschema (``pip install check-jsonschema``) is not installed.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TELECOM

sys.path.insert(0, str(ROOT / "tools"))


def modeline(name: str) -> str:
    return f"# yaml-language-server: $schema=../../schemas/{name[:-len('.yaml')]}.schema.json\n"


@pytest.fixture
def workspace(tmp_path) -> Path:
    """The worked example with the schema line saa new writes, next to the repository's schemas/."""
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    plan = tmp_path / "plans" / "telecom"
    shutil.copytree(TELECOM, plan)
    for f in plan.glob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        if not text.startswith("# yaml-language-server:"):
            f.write_text(modeline(f.name) + text, encoding="utf-8")
    return plan


@pytest.fixture
def server(workspace):
    if shutil.which("yaml-language-server") is None or shutil.which("node") is None:
        pytest.skip("yaml-language-server is not installed (npm install -g yaml-language-server)")
    from yaml_lsp import Server

    s = Server(workspace.parent.parent)
    yield s
    s.close()


def test_the_worked_example_has_no_diagnostics(server, workspace):
    for f in sorted(workspace.glob("*.yaml")):
        assert server.diagnostics(server.open(f)) == [], f.name


def test_completion_of_a_contacts_keys(server, workspace):
    f = workspace / "02-network.yaml"
    lines = f.read_text(encoding="utf-8").splitlines()
    at = lines.index("contacts:") + 1
    text = "\n".join(lines[:at] + ["  - name: New Contact", "    "] + lines[at:]) + "\n"   # typing a new contact
    uri = server.open(f, text)
    labels = {i["label"] for i in server.complete(uri, at + 1, 4)}
    assert labels == {"title", "function", "role", "relation", "description", "meeting_frequency", "our_link",
                      "link_level", "reports_to", "business_results", "messages", "strategies"}  # name is there


def test_a_bad_role_and_a_wrongly_written_value(server, workspace):
    net = workspace / "02-network.yaml"
    text = net.read_text(encoding="utf-8").replace("role: decision-maker", "role: boss", 1)
    [d] = server.diagnostics(server.open(net, text))
    assert d["range"]["start"] == {"line": 5, "character": 10}
    assert d["message"].startswith('Value is not accepted. Valid values: "decision-maker", "key-influencer"')
    opp = workspace / "08-opportunities.yaml"
    text = opp.read_text(encoding="utf-8").replace("value: 7M", "value: 7 million", 1)
    [d] = server.diagnostics(server.open(opp, text))
    assert d["range"]["start"] == {"line": 4, "character": 11}
    # the words of saa check, not "Incorrect type"
    assert d["message"] == ('Not an amount of money: write 200k, 4.5M, "$240,000" or USD 4k, or unknown '
                            "(saa check says the same)")


def test_an_impossible_date(server, workspace):
    acc = workspace / "account.yaml"
    text = acc.read_text(encoding="utf-8")
    assert "last: 2026-10-15" in text
    [d] = server.diagnostics(server.open(acc, text.replace("last: 2026-10-15", "last: 2027-02-30")))
    assert d["message"] == ("Not a date (or not a day of the calendar): write 2027-03-31, 2027-03 or 2027-Q1 "
                            "(saa check says the same)")


def test_check_jsonschema_accepts_the_shipped_plans(workspace):
    exe = shutil.which("check-jsonschema") or shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if exe is None and importlib.util.find_spec("check_jsonschema") is None:
        pytest.skip("check-jsonschema is not installed (pip install check-jsonschema)")
    cmd = [exe] if exe else [sys.executable, "-m", "check_jsonschema"]
    r = subprocess.run([*cmd, "--check-metaschema", *map(str, sorted((ROOT / "schemas").glob("*.json")))],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    for f in sorted(TELECOM.glob("*.yaml")):
        schema = ROOT / "schemas" / f"{f.stem}.schema.json"
        r = subprocess.run([*cmd, "--schemafile", str(schema), str(f)], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, f.name + r.stdout + r.stderr
    bad = workspace / "account.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("last: 2026-10-15", "last: 2027-04-31"), encoding="utf-8")
    r = subprocess.run([*cmd, "--schemafile", str(ROOT / "schemas" / "account.schema.json"), str(bad)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "2027-04-31" in r.stdout


@pytest.mark.parametrize("path", sorted((ROOT / "plans").glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_plan_file_points_at_its_schema(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == modeline(path.name).rstrip("\n")
    assert (path.parent / first.split("$schema=")[1]).resolve() == ROOT / "schemas" / f"{path.stem}.schema.json"


def test_fmt_keeps_the_schema_line(tmp_path):
    from conftest import run_saa

    plan = tmp_path / "telecom"
    shutil.copytree(TELECOM, plan)
    net = plan / "02-network.yaml"
    # out of canonical form (single quotes), so fmt rewrites the file
    net.write_text(net.read_text(encoding="utf-8").replace('relation: "+"', "relation: '+'"), encoding="utf-8")
    r = run_saa("fmt", plan)
    assert r.returncode == 0 and "reformatted" in r.stdout, r.stdout + r.stderr
    assert net.read_text(encoding="utf-8") == (TELECOM / "02-network.yaml").read_text(encoding="utf-8")
