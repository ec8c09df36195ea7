"""The whitespace map: format, the reference rule at exact line:col, the grid, JSON, report and workbook."""

from __future__ import annotations

import json

import pytest

from method_helpers import golden, invoke, saa_text
from saa.check import check_plans
from saa.loader import load_plan
from saa.rules import findings as rule_findings
from saa.whitespace import as_dict, grid

OPPS = """\
    opportunities:
      - id: sdr-platform
        name: Software Defined Radio Platform
        value: 20M
        stage: concept
        decision: 2028-11
        actions: [Present alternatives]
      - id: adsl2
        name: ADSL 2
        value: 4.5M
        probability: 95%
        stage: proposal
        decision: 2027-Q2
        actions: [TCO analysis]

    # who holds what at the customer
    whitespace:
      units: [Wireless, Fixed network, Enterprise]
      offerings: [ASICs, Design services, Test equipment]
      cells:
        - {unit: Wireless, offering: ASICs, status: pursuing, opportunity: sdr-platform}
        - {unit: Fixed network, offering: ASICs, status: competitor, competitor: Broadcom}
        - {unit: Fixed network, offering: Design services, status: ours}
        - {unit: Wireless, offering: Design services, status: open, notes: New 5G lab}
        - {unit: Enterprise, offering: Test equipment, status: not-a-fit}
    """

BROKEN = OPPS.rstrip(" ") + """\
        - {unit: Enterprise, offering: ASICs, status: pursuing, opportunity: sdr-platfrom}
        - {unit: Wireless, offering: Test gear, status: open}
        - {unit: Enterprise, offering: Design services, status: pursuing}
        - {unit: Wireless, offering: ASICs, status: ours}
    """


@pytest.fixture
def ws_plan(plan_dir):
    return plan_dir({"08-opportunities.yaml": OPPS}, name="ws")


def test_grid(ws_plan):
    g = grid(load_plan(ws_plan))
    assert g.units == ["Wireless", "Fixed network", "Enterprise"]
    assert g.offerings == ["ASICs", "Design services", "Test equipment"]
    assert g.cells[("Fixed network", "ASICs")].competitor == "Broadcom"
    assert g.counts == {"ours": 1, "competitor": 1, "open": 1, "pursuing": 1, "not-a-fit": 1, "unassessed": 4}


def test_a_clean_map_has_no_findings(ws_plan):
    r = check_plans([load_plan(ws_plan)])
    assert [f for f in r.findings if f.rule.startswith("whitespace")] == []
    assert not [f for f in r.findings if f.severity == "error"]


def test_reference_rule_at_exact_line_and_column(plan_dir):
    p = plan_dir({"08-opportunities.yaml": BROKEN}, name="broken")
    got = [(f.line, f.column, f.severity, f.rule, f.message) for f in rule_findings(load_plan(p), "whitespace-reference")]
    assert got == [
        (26, 74, "error", "whitespace-reference",
         "'sdr-platfrom' is not an opportunity in 08-opportunities.yaml (did you mean 'sdr-platform'?)"),
        (27, 34, "error", "whitespace-reference",
         "'Test gear' is not one of the whitespace offerings; add it to whitespace.offerings"),
        (28, 7, "warning", "whitespace-reference",
         "Enterprise x Design services is pursuing but names no opportunity; "
         "write the id of the opportunity that pursues it in `opportunity`"),
        (29, 7, "error", "whitespace-reference",
         "Wireless x ASICs is written twice (first at line 21); one cell per unit and offering"),
    ]
    # and saa check reports them in its format
    r = saa_text("check", p)
    assert r.returncode == 1
    assert f"{p}/08-opportunities.yaml:26:74: error: 'sdr-platfrom' is not an opportunity in 08-opportunities.yaml " \
           "(did you mean 'sdr-platform'?) [whitespace-reference]" in r.stdout.splitlines()


def test_format_errors_in_the_map(plan_dir):
    p = plan_dir({"08-opportunities.yaml": OPPS.replace("status: ours", "status: mine")
                  .replace("units: [Wireless", "unit: [Wireless")}, name="bad")
    msgs = [(f.line, f.rule) for f in load_plan(p).findings]
    assert (18, "unknown-key") in msgs and (23, "enum") in msgs


def test_map_is_optional_for_completeness(ws_plan, plan_dir):
    from saa.completeness import completeness

    without = plan_dir({"08-opportunities.yaml": OPPS.split("\n\n    # who")[0] + "\n"}, name="without")
    a, b = load_plan(ws_plan), load_plan(without)
    assert b.whitespace is None
    sa, sb = completeness(a).steps[8], completeness(b).steps[8]
    assert (sa.checked, sa.total, sa.missing) == (sb.checked, sb.total, sb.missing)


def test_terminal_golden(ws_plan):
    r = saa_text("whitespace", ws_plan, width=100)
    assert r.returncode == 0, r.stderr
    golden("whitespace_grid.txt", r.stdout.replace(str(ws_plan), "PLAN"))


def test_terminal_colours_when_forced(ws_plan):
    r = saa_text("whitespace", ws_plan, env={"FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "xterm-256color"})
    assert "\x1b[" in r.stdout and "pursuing: sdr-platform" in r.stdout


def test_no_map_says_how_to_start(plan_dir):
    p = plan_dir({"08-opportunities.yaml": OPPS.split("\n\n    # who")[0] + "\n"}, name="none")
    r = invoke("whitespace", p)
    assert r.exit_code == 0
    assert "No whitespace map yet" in r.output
    assert json.loads(invoke("whitespace", p, "--json").output)["cells"] == []


def test_json(ws_plan):
    r = invoke("whitespace", ws_plan, "--json")
    assert r.exit_code == 0
    d = json.loads(r.output)
    assert d == as_dict(load_plan(ws_plan))
    assert d["counts"]["unassessed"] == 4
    assert d["cells"][1] == {"unit": "Wireless", "offering": "Design services", "status": "open", "competitor": None,
                             "opportunity": None, "notes": "New 5G lab"}
    assert d["cells"][2]["status"] == "unassessed"


def test_report_heat_map_and_table(ws_plan):
    html = invoke("report", ws_plan, "--format", "html").output
    assert '<figure class="chart-whitespace">' in html
    assert "<title>Fixed network x ASICs: competitor (Broadcom)</title>" in html
    md = invoke("report", ws_plan).output
    assert "| **Fixed network** | competitor: Broadcom | ours | ? |" in md


def test_workbook_sheet(ws_plan, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "w.xlsx"
    assert invoke("export", ws_plan, "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert "8 Whitespace" in wb.sheetnames
    ws = wb["8 Whitespace"]
    assert [ws.cell(4, j).value for j in range(1, 5)] == ["Unit \\ offering", "ASICs", "Design services", "Test equipment"]
    assert [ws.cell(5, j).value for j in range(1, 5)] == ["Wireless", "pursuing: sdr-platform", "open", "?"]
    assert ws.cell(6, 2).fill.fgColor.rgb == "00C62828"    # competitor red
    r = invoke("export", ws_plan, "--what", "whitespace")
    assert r.stdout_bytes.decode().split("\r\n")[1] == "Wireless,ASICs,pursuing,,sdr-platform,"


def test_new_skeleton_example_checks_clean(tmp_path):
    from saa.skeleton import render

    d = tmp_path / "filled"
    d.mkdir()
    for name in ("account.yaml", "08-opportunities.yaml"):
        (d / name).write_text(render(name, "Example Telecom Co.", "filled", str(d), filled=True), encoding="utf-8")
    p = load_plan(d)
    assert p.whitespace is not None and p.whitespace.units == ["Wireless", "Fixed network"]
    assert rule_findings(p, "whitespace-reference") == []
