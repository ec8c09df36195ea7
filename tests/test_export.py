"""``saa export``: CSV tables, the whole-plan workbook, formula-injection escapes, LibreOffice opens it."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from conftest import TELECOM, run_saa
from method_helpers import invoke
from saa.export import escape

openpyxl = pytest.importorskip("openpyxl")

SHEETS = ["Account", "1 Customer profile", "2 Customer network", "3 Needs and KANO", "4 Value opportunities", "5 Competition",
          "6 Value buyers", "7 Goals and strategy", "8 Opportunity matrix", "8 Opportunities", "9 Capture plans",
          "10 Challenge scoring", "Actions"]

EVIL = {
    "08-opportunities.yaml": """\
        opportunities:
          - id: evil
            name: "=HYPERLINK(\\"http://x.example\\",\\"click\\")"
            value: -5000
            probability: 50%
            stage: proposal
            decision: 2027-03-31
            notes: "+1 555 0100"
            competition: "@SUM(A1)"
            actions:
              - "-2+3"
          - id: tabbed
            name: "\\tcmd"
            value: 100
            stage: concept
        """,
}


def test_opportunities_csv_on_stdout():
    r = invoke("export", TELECOM, "--what", "opportunities")
    assert r.exit_code == 0, r.output
    lines = r.stdout_bytes.decode().split("\r\n")
    assert lines[0] == ("saa id,CRM ID,Name,Stage,Quadrant,Value,Probability (%),Expected value,Decision date,"
                        "Competition,Notes,Next action")
    assert lines[1] == ("asic-port-driver,,ASIC Port Driver,negotiation,I,7000000,95,6650000,2027-03-31,"
                        "Strong competition,,\"Promote our unique, local design support capabilities vs. competitors\"")
    assert lines[4] == "ip-router,,Next generation IP router,assessment,II,,,,,,,Promote our roadmaps and industry technology assessments"
    assert len(lines) == 8 and lines[-1] == ""
    assert not r.stdout_bytes.startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("what, header, first", [
    ("contacts", "Name,Title,Function,Role,Relation,Our link,Link level,Meetings per year,Reports to", None),
    ("values", "ID,Value opportunity,Owner,Formula,Per,Per period,Per year,Claimed,Claim mismatch",
     "slurry-yield,Replace current POR slurry by demonstrating superior corrosion reduction,Fab Director,"
     "wafers_per_month * wafer_value * yield_improvement,month,240000,2880000,240000,"),
    ("challenge", "Opportunity,Category,Team confidence,Team implications,Team actions,Spoiler confidence,"
                  "Spoiler implications,Spoiler actions",
     "asic-port-driver,Customer issues and objectives that are driving their process now,3.7,2.7,3.0,,,"),
    ("actions", "Step,From,Action,Owner,Due,Status,Overdue,Where", None),
    ("whitespace", "Unit,Offering,Status,Competitor,Opportunity,Notes", None),
])
def test_each_table_as_csv(what, header, first):
    r = invoke("export", TELECOM, "--what", what, "--format", "csv")
    assert r.exit_code == 0, r.output
    lines = r.stdout_bytes.decode().split("\r\n")
    assert lines[0] == header
    if first:
        assert lines[1].startswith(first)


def test_value_csv_has_the_computed_value():
    r = invoke("export", TELECOM, "--what", "values")
    row = r.stdout_bytes.decode().split("\r\n")[1].split(",")
    assert row[4:7] == ["month", "240000", "2880000"]


def test_csv_to_a_file_has_a_bom_for_excel(tmp_path):
    out = tmp_path / "c.csv"
    r = invoke("export", TELECOM, "--what", "challenge", "-o", out)
    assert r.exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfOpportunity,Category,")


def test_escape():
    for s in ("=1+1", "+1", "-1", "@x", "\tx", "\rx"):
        assert escape(s) == "'" + s
    assert escape("plain") == "plain" and escape("") == "" and escape("a=b") == "a=b"


def test_formula_injection_escaped_in_csv_numbers_stay_numbers(plan_dir):
    p = plan_dir(EVIL)
    r = invoke("export", p, "--what", "opportunities")
    assert r.exit_code == 0, r.output
    row = r.stdout_bytes.decode().split("\r\n")[1]
    assert row == ("evil,,\"'=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\",proposal,I,-5000,50,-2500,2027-03-31,"
                   "'@SUM(A1),'+1 555 0100,'-2+3")
    assert r.stdout_bytes.decode().split("\r\n")[2].startswith("tabbed,,'\tcmd,concept,II,100,")


def test_escaped_cells_read_back_as_written(plan_dir, tmp_path):
    p = plan_dir(EVIL)
    csv = tmp_path / "o.csv"
    assert invoke("export", p, "--what", "opportunities", "-o", csv).exit_code == 0
    r = invoke("import", "crm", p, csv, "--account", "Test Co")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("Nothing to change")        # '=HYPERLINK... matched the name =HYPERLINK...


def test_formula_injection_in_xlsx_is_text_with_quote_prefix(plan_dir, tmp_path):
    p = plan_dir(EVIL)
    out = tmp_path / "o.xlsx"
    r = invoke("export", p, "--what", "opportunities", "--format", "xlsx", "-o", out)
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out)["Opportunities"]
    assert ws["A3"].value == "saa id"
    name, value, notes = ws["C4"], ws["F4"], ws["K4"]
    assert name.value == '=HYPERLINK("http://x.example","click")' and name.data_type == "s" and name.quotePrefix
    assert notes.value == "+1 555 0100" and notes.data_type == "s" and notes.quotePrefix
    assert value.value == -5000 and value.data_type == "n" and not value.quotePrefix
    assert ws["C5"].value == "\tcmd" and ws["C5"].quotePrefix
    assert ws["A4"].value == "evil" and not ws["A4"].quotePrefix


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    out = tmp_path_factory.mktemp("wb") / "telecom.xlsx"
    r = run_saa("export", TELECOM, "--format", "xlsx", "-o", out)
    assert r.returncode == 0, r.stderr
    assert r.stderr == f"wrote {out} (13 sheets)\n"
    return out


def test_workbook_has_one_sheet_per_step(workbook):
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == SHEETS
    assert wb["Account"]["A1"].value == "Example Telecom Co.: account and alignment"


def test_workbook_values_are_numbers_and_dates_with_formats(workbook):
    ws = openpyxl.load_workbook(workbook)["8 Opportunities"]
    assert ws.freeze_panes == "A4"                       # title and header rows stay in view
    assert [c.value for c in ws[3]][:6] == ["saa id", "CRM ID", "Name", "Stage", "Quadrant", "Value"]
    row = {ws.cell(3, j).value: ws.cell(4, j) for j in range(1, 13)}
    assert row["Value"].value == 7_000_000 and row["Value"].number_format == "#,##0"
    assert row["Decision date"].value == dt.datetime(2027, 3, 31) and row["Decision date"].is_date
    assert row["Decision date"].number_format == "yyyy-mm-dd"
    assert ws.column_dimensions["C"].width == len("Technical alliance (joint labs, custom solutions)") + 2
    v = openpyxl.load_workbook(workbook)["4 Value opportunities"]
    assert v["A3"].value == "Value opportunities (USD)" and v["A4"].value == "ID"
    assert [v.cell(5, j).value for j in (1, 5, 6, 7)] == ["slurry-yield", "month", 240_000, 2_880_000]
    assert [v.cell(6, j).value for j in (1, 7)] == ["Total", 2_880_000]


def test_workbook_matrix_is_four_quadrant_blocks_ranked(workbook):
    ws = openpyxl.load_workbook(workbook)["8 Opportunity matrix"]
    assert ws["A3"].value == "I. Deals in progress" and ws["H3"].value == "II. Early-stage deals"
    assert [ws.cell(r, 1).value for r in (5, 6)] == ["ASIC Port Driver", "ADSL 2"]      # 6.65M then 4.275M expected
    assert [ws.cell(r, 8).value for r in (5, 6)] == ["Software Defined Radio Platform", "Next generation IP router"]
    assert ws["E5"].value == pytest.approx(6_650_000) and ws["D5"].number_format == "0%"
    titles = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert "III. Customer delay or cancelling" in titles and "Closed (off the matrix)" in titles
    assert any(ws.cell(r, 8).value == "IV. Long-term potential" for r in range(1, ws.max_row + 1))


def test_workbook_challenge_has_red_yellow_green_fills(workbook):
    ws = openpyxl.load_workbook(workbook)["10 Challenge scoring"]
    assert ws.freeze_panes == "A4"
    scores = [(ws.cell(4, j).value, ws.cell(4, j).fill.fgColor.rgb) for j in (3, 4, 5)]
    assert scores == [(3.7, "00FFEB9C"), (2.7, "00FFC7CE"), (3.0, "00FFEB9C")]   # yellow, red, yellow
    assert ws.cell(4, 3).number_format == "0.0"
    assert ws.cell(5, 2).value == "Overall (all questions)"


def test_export_option_errors_exit_2(tmp_path):
    assert invoke("export", TELECOM, "--format", "xlsx").exit_code == 2            # xlsx needs -o
    assert invoke("export", TELECOM).exit_code == 2                                # csv needs --what
    assert invoke("export", TELECOM, "--what", "deals").exit_code == 2
    assert invoke("export", TELECOM, "--what", "contacts", "--format", "ods").exit_code == 2
    assert invoke("export", tmp_path / "nope", "--what", "contacts").exit_code == 2
    r = invoke("export", TELECOM, "--format", "xlsx", "-o", tmp_path / "no" / "dir" / "x.xlsx")
    assert r.exit_code == 2 and "cannot write" in r.output


def test_format_from_the_extension(tmp_path):
    out = tmp_path / "t.xlsx"
    assert invoke("export", TELECOM, "-o", out).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


# ---- a real spreadsheet program -------------------------------------------------------

def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed: "
                                              "apt-get install libreoffice-calc to run this check")
def test_libreoffice_opens_the_workbook_and_converts_it_to_pdf(workbook, tmp_path):
    profile = tmp_path / "profile"
    r = subprocess.run([_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(workbook)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "telecom.pdf"
    assert r.returncode == 0, r.stderr
    assert pdf.is_file(), r.stdout + r.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdfinfo"):       # poppler-utils: one page per sheet (each fits one page wide)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
        pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages >= len(SHEETS)
