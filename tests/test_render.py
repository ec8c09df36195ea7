"""Unit tests of the renderers, one block per module, on small results built by hand (no plan, no command line).

The command-level golden tests show whole views; these pin each renderer's own promises: escaping, colour only
when asked, exact annotation and JSON shapes, the document model drawn the same way in markdown and HTML.
"""

from __future__ import annotations

import datetime as dt
import io
import json

from saa.check import CheckResult
from saa.export import Column, SheetTable
from saa.findings import Finding
from saa.render import ansi, csv as csv_render, findings, html, markdown, progress, terminal
from saa.render.document import Bullets, Cell, Heading, Item, Pairs, Para, Report, Table, slug

F1 = Finding("plans/a/02-network.yaml", 17, 5, "warning", "unreached-decision-maker", "nobody reaches 'Jiang L.'")
F2 = Finding("plans/a/account.yaml", 1, 1, "error", "required", "missing key 'account'")
RESULT = CheckResult([F2, F1], plans=1)


# ---- ansi ---------------------------------------------------------------------------------------------------------

def test_ansi_style_only_with_colour():
    assert ansi.style("x", "red") == "\x1b[31mx\x1b[0m"
    assert ansi.style("x", "heading") == "\x1b[1;36mx\x1b[0m"
    assert ansi.style("x", "red", colour=False) == "x"
    assert ansi.style("x", "plain") == "x"


# ---- findings -----------------------------------------------------------------------------------------------------

def test_findings_text_plain_and_coloured():
    assert findings.text(RESULT) == (
        "plans/a/account.yaml:1:1: error: missing key 'account' [required]\n"
        "plans/a/02-network.yaml:17:5: warning: nobody reaches 'Jiang L.' [unreached-decision-maker]\n"
        "1 error, 1 warning in 1 plan\n")
    coloured = findings.text(RESULT, colour=True)
    assert "\x1b[31merror\x1b[0m" in coloured and "\x1b[33mwarning\x1b[0m" in coloured


def test_findings_summary_without_findings():
    assert findings.summary(CheckResult([], plans=3)) == "no problems in 3 plans"


def test_findings_text_comes_in_parts_of_256_findings():
    """saa check writes its text part by part (never the whole output of a large portfolio at once)."""
    fs = [Finding(f"p{i // 10}/02-network.yaml", i + 1, 3, "warning" if i % 3 else "error", "relation",
                  f"message {i}") for i in range(600)]
    result = CheckResult(fs, 60)
    parts = list(findings.text_parts(result))
    assert [p.count("\n") for p in parts] == [256, 256, 89]   # the last: 88 findings and the summary
    assert parts[0].startswith("p0/02-network.yaml:1:3: error: message 0 [relation]\n"
                               "p0/02-network.yaml:2:3: warning: message 1 [relation]\n")
    assert parts[2].endswith("p59/02-network.yaml:600:3: warning: message 599 [relation]\n"
                             + findings.summary(result) + "\n")
    assert "".join(parts) == findings.text(result)
    assert list(findings.text_parts(CheckResult([], 0))) == [findings.summary(CheckResult([], 0)) + "\n"]


def test_findings_text_shows_escape_sequences_as_text():
    evil = CheckResult([Finding("a.yaml", 1, 1, "error", "type", "bad \x1b[2J value")], plans=1)
    assert "bad \\x1b[2J value" in findings.text(evil) and "\x1b[2J" not in findings.text(evil)


def test_github_annotation_escaping():
    assert findings.escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert findings.escape_property("a:b,c") == "a%3Ab%2Cc"
    lines = findings.github(RESULT).splitlines()
    assert lines[0] == "::error title=required,file=plans/a/account.yaml,line=1,col=1::missing key 'account'"
    assert lines[1].startswith("::warning title=unreached-decision-maker,file=plans/a/02-network.yaml,line=17,col=5::")


def test_findings_json_shape():
    data = json.loads(findings.as_json(RESULT))
    assert (data["errors"], data["warnings"], data["plans"]) == (1, 1, 1)
    assert data["findings"][1] == {"path": "plans/a/02-network.yaml", "line": 17, "column": 5, "severity": "warning",
                                   "rule": "unreached-decision-maker", "message": "nobody reaches 'Jiang L.'"}


# ---- terminal helpers ---------------------------------------------------------------------------------------------

def test_terminal_number_forms():
    assert terminal.money(240000.0, "USD") == "USD 240,000"
    assert terminal.money(None, "USD") == "unknown"
    assert terminal.percent(0.95) == "95%" and terminal.percent(0.125) == "12.5%" and terminal.percent(None) == "unknown"
    assert terminal.score(11 / 3) == "3.7" and terminal.score(8 / 3) == "2.7" and terminal.score(None) == "-"
    assert terminal.signed(1.0) == "+1.0" and terminal.signed(-0.04) == "0.0" and terminal.signed(None) == "-"
    assert terminal.per_year(1.5) == "1.5/yr" and terminal.per_year(None) == "-"
    assert terminal.relation(2) == "++" and terminal.relation(-1) == "-" and terminal.relation(None) == "not scored"


def test_terminal_safe_is_one_line_and_shows_controls():
    assert terminal.safe("two\nlines\x1b[31m") == "two lines\\x1b[31m"


def test_terminal_console_folds_instead_of_cutting():
    from rich.table import Table as RichTable

    buf = io.StringIO()
    console = terminal.console(file=buf, width=20)
    t = RichTable()
    t.add_column("account")
    t.add_row("Supercalifragilistic Industries Incorporated")
    console.print(t)
    out = buf.getvalue()
    assert "…" not in out
    assert "".join(line.strip("│ ") for line in out.splitlines() if "│" in line).replace(" ", "") \
        == "SupercalifragilisticIndustriesIncorporated"


# ---- the document model in markdown and HTML ------------------------------------------------------------------------

DOC = Report("Acme: plan", "acme - as of 2026-12-01", [
    Heading(2, "Stage A. Know the customer", slug("Stage A. Know the customer")),
    Para("Everything *matters* <b>here</b>", "note"),
    Table(["name", "value"], [[Cell("Ye S."), Cell("USD 1", cls="num")]], align=["l", "r"]),
    Bullets([Item("first", [Item("nested")])]),
    Pairs([("Owner", Cell("Dana"))]),
], toc=[(2, "Stage A. Know the customer", "stage-a-know-the-customer")])


def test_slug_is_githubs():
    assert slug("Stage A. Know the customer") == "stage-a-know-the-customer"
    assert slug("Step 10. Challenge scoring") == "step-10-challenge-scoring"


def test_markdown_escapes_plan_text():
    assert markdown.md("*bold* <b> | pipe") == "\\*bold\\* &lt;b&gt; \\| pipe"
    assert markdown.md("- not a list") == "\\- not a list"
    text = markdown.render(DOC)
    assert "## Stage A. Know the customer" in text
    assert "Everything \\*matters\\* &lt;b&gt;here&lt;/b&gt;" in text
    assert "| Ye S. | USD 1 |" in text


def test_html_escapes_and_is_one_page():
    page = html.render(DOC)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "&lt;b&gt;here&lt;/b&gt;" in page and "<b>here</b>" not in page
    assert 'id="stage-a-know-the-customer"' in page
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert html.esc("a\x1b[31m<") == "a\\x1b[31m&lt;"


# ---- csv ---------------------------------------------------------------------------------------------------------

def test_csv_cells_and_formula_escape():
    t = SheetTable(None, [Column("Name"), Column("Value", "money"), Column("Due", "date"), Column("Score", "score")],
                   [["=HYPERLINK(\"x\")", 240000.0, dt.date(2027, 3, 31), 11 / 3],
                    ["-1 day", 0.5, None, None]])
    lines = csv_render.render(t).split("\r\n")
    assert lines[0] == "Name,Value,Due,Score"
    assert lines[1] == "\"'=HYPERLINK(\"\"x\"\")\",240000,2027-03-31,3.7"
    assert lines[2] == "'-1 day,0.5,,"


# ---- progress ------------------------------------------------------------------------------------------------------

class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_waits_then_counts_then_wipes():
    now = [0.0]
    out = _Tty()
    p = progress.Progress("checking files", stream=out, after=2.0, clock=lambda: now[0])
    p(1, 10)
    assert out.getvalue() == ""              # a quick run prints nothing
    now[0] = 3.0
    p(5, 10)
    assert out.getvalue() == "\rchecking files: 5/10"
    p.close()
    assert out.getvalue().endswith("\r\x1b[K")


def test_progress_never_on_a_pipe():
    p = progress.Progress("x", stream=io.StringIO(), after=0.0)
    p(1, 1)
    p.close()
    assert p.shown is False


def test_progress_bar_only_when_wanted():
    assert progress.wanted(100, force=False) is False
    assert progress.wanted(1, force=True) is True
    with progress.bar("plans", 3, force=False) as advance:
        assert advance is None


# ---- rules ---------------------------------------------------------------------------------------------------------

def test_rules_listing_wraps_only_for_a_terminal():
    from saa.render import rules
    from saa.rules import REGISTRY

    piped = rules.text(REGISTRY).splitlines()
    assert len(piped) == len(REGISTRY) + 1                      # one line per rule: grep finds a rule with its summary
    narrow = rules.text(REGISTRY, width=80).splitlines()
    assert max(map(len, narrow)) <= 80 and len(narrow) > len(piped)
    assert [ln.split()[0] for ln in narrow[1:] if not ln.startswith(" ")] == [r.ID for r in REGISTRY]
