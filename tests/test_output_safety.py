"""Output safety: text from a plan is shown as written, never interpreted.

* in the terminal, rich markup (``[red]``, ``[link=...]``), emoji codes and escape sequences
  (``\\x1b[31m``, OSC 8 hyperlinks, clear-screen) written in a plan show as text: with colour off
  there is no escape character at all in the output, with colour on only saa's own colour codes;
* ``--format github`` cannot start a second workflow command with a newline in a message;
* the HTML report escapes everything (``<script>`` in a name is text, quotes cannot leave an
  attribute), the markdown report cannot make a link or raw HTML out of plan text;
* no CSV or spreadsheet export exists; should one appear (a ``--format csv``), a cell from the plan
  must not start with ``=``, ``+``, ``-`` or ``@`` (formula injection).
"""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest
import typer.main
from typer.testing import CliRunner

from conftest import TELECOM
from saa.cli import app

COMMANDS = set(typer.main.get_command(app).commands)

# Each field gets its own markers: M<n> inside rich markup, E<n> behind an escape sequence.
FIELDS = {
    "account": 1, "contact": 2, "opportunity": 3, "action": 4, "category": 5, "question": 6, "value": 7,
    "kano": 8, "member": 9, "unknown_key": 10, "positioning": 11, "competitor": 12,
}


def hostile(n: int) -> str:
    """YAML double-quoted text: markup, an SGR colour, an OSC 8 hyperlink, a clear screen, HTML, a formula."""
    return (f"[red]M{n}[/red] [link=https://evil.example/]L{n}[/link] :smile: "
            f"\\e[31mE{n}\\e[0m \\e]8;;https://evil.example/\\e\\\\H{n}\\e]8;;\\e\\\\ \\e[2J\\e[H "
            f"<script>alert({n})</script> <img src=x onerror=alert({n})> =cmd|' /C calc'!A{n}")


def q(n: int) -> str:
    return '"' + hostile(n) + '"'


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    d = tmp_path_factory.mktemp("safety") / "hostile"
    shutil.copytree(TELECOM, d)

    def edit(name, old, new, count=1):
        p = d / name
        text = p.read_text(encoding="utf-8")
        assert old in text, (name, old)
        p.write_text(text.replace(old, new, count), encoding="utf-8")

    edit("account.yaml", "account: Example Telecom Co.", f"account: {q(1)}\n{q(10)}: 1")
    edit("account.yaml", "team:\n", f"team:\n  - name: {q(9)}\n    function: {q(9)}\n")
    edit("02-network.yaml", "contacts:\n", f"contacts:\n  - name: {q(2)}\n    title: {q(2)}\n    role: decision-maker\n"
         f"    relation: \"-\"\n    our_link: {q(9)}\n    link_level: 2\n    strategies:\n      - do: {q(4)}\n        owner: {q(9)}\n"
         f"        due: 2026-01-01\n")
    edit("08-opportunities.yaml", "opportunities:\n", f"opportunities:\n  - id: hostile\n    name: {q(3)}\n"
         f"    value: 1M\n    probability: 50%\n    stage: negotiation\n    decision: 2027-Q1\n    competition: {q(12)}\n"
         f"    notes: {q(3)}\n    actions:\n      - do: {q(4)}\n        owner: {q(9)}\n        due: 2026-01-01\n")
    edit("10-challenge.yaml", "challenges:\n", "challenges:\n  - opportunity: hostile\n    spoiler: " + q(9) + "\n"
         "    categories:\n      - name: " + q(5) + "\n        questions:\n          - question: " + q(6) + "\n"
         "            team: {confidence: 5, implications: 5, actions: 5}\n"
         "            spoiler: {confidence: 1, implications: 2, actions: 3}\n            evidence: [" + q(6) + "]\n")
    edit("04-value-opportunities.yaml", "  - id: slurry-yield\n    opportunity: Replace",
         f"  - id: hostile-value\n    opportunity: {q(7)}\n    owner: {q(7)}\n    drivers: [{q(7)}]\n"
         f"    quantification:\n      formula: a * b\n      inputs: {{a: 2, b: $4k}}\n    positioning: {q(11)}\n"
         f"  - id: slurry-yield\n    opportunity: Replace")
    edit("03-needs-kano.yaml", "kano:\n", f"kano:\n  - care_about: {q(8)}\n    must_have: [{q(8)}]\n"
         f"    more_is_better: [{q(8)}]\n    delight: [{q(8)}]\n")
    (d / "05-competition.yaml").write_text(f"competitors:\n  - name: {q(12)}\n    strengths: [{q(12)}]\n",
                                           encoding="utf-8")
    return d


def invoke(args, colour: bool):
    env = {"COLUMNS": "400", "SAA_TODAY": "2026-11-27", "GITHUB_ACTIONS": None, "TERM": "xterm-256color"}
    env.update({"FORCE_COLOR": "1", "NO_COLOR": None} if colour else {"NO_COLOR": "1", "FORCE_COLOR": None})
    r = CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=True)
    exc = r.exception
    assert exc is None or isinstance(exc, SystemExit), f"saa {' '.join(map(str, args))} crashed: {exc!r}"
    assert r.exit_code in (0, 1), (args, r.exit_code, r.stdout[-2000:], r.stderr[-2000:])
    return r


SGR = re.compile(r"\x1b\[[0-9;]*m")  # select graphic rendition: colours and bold, nothing else


def shown_markers(out: str) -> set:
    return {int(n) for n in re.findall(r"\b[MEHL](\d+)\b", out)}


def assert_safe_terminal_text(out: str, colour: bool, where: str) -> None:
    if colour:
        rest = SGR.sub("", out)
        assert "\x1b" not in rest, f"{where}: an escape sequence other than a colour: {rest[rest.index(chr(27)):][:40]!r}"
    else:
        assert "\x1b" not in out, f"{where}: escape character in output without colour: {out[out.index(chr(27)) - 40:][:80]!r}"
    plain = SGR.sub("", out)
    for ch in plain:
        assert ch in "\n\t" or ord(ch) >= 0x20 and not 0x7f <= ord(ch) < 0xa0, f"{where}: control character {ch!r}"
    # markup and escape sequences from the plan show as written, wherever a field is shown
    for n in shown_markers(plain):
        if f"M{n}" in plain:
            assert f"[red]M{n}[/red]" in plain, f"{where}: rich markup of field {n} was interpreted"
        if f"L{n}" in plain:
            assert f"[link=https://evil.example/]L{n}[/link]" in plain, f"{where}: a [link] of field {n} was interpreted"
        if f"E{n}" in plain:
            assert f"\\x1b[31mE{n}" in plain, f"{where}: the colour escape of field {n} is not shown as text"
    assert ":smile:" in plain or not shown_markers(plain), f"{where}: an emoji code was replaced"
    assert "\U0001f604" not in plain


TERMINAL = [
    ("check", ["check", "{p}"], {2, 10}),
    ("check-github", ["check", "{p}", "--format", "github"], {2, 10}),
    ("status", ["status", "{p}"], set()),
    ("value", ["value", "{p}"], {7}),
    ("matrix", ["matrix", "{p}"], {3}),
    ("challenge", ["challenge", "{p}"], {5, 6}),
    ("challenge-one", ["challenge", "{p}", "--opportunity", "hostile", "--view", "both"], {5}),
    ("network", ["network", "{p}"], {2}),
    ("kano", ["kano", "{p}"], {8}),
    ("actions", ["actions", "{p}", "--all"], {4}),
    ("portfolio", ["portfolio", "{p}"], set()),
]


@pytest.mark.parametrize("colour", [False, True], ids=["no-colour", "colour"])
@pytest.mark.parametrize("name, args, fields", TERMINAL, ids=[t[0] for t in TERMINAL])
def test_terminal_output_shows_plan_text_as_written(plan, name, args, fields, colour):
    if args[0] not in COMMANDS:
        pytest.skip(f"saa {args[0]} is not registered yet")
    r = invoke([a.replace("{p}", str(plan)) for a in args], colour)
    out = r.stdout
    assert_safe_terminal_text(out, colour, name)
    assert_safe_terminal_text(r.stderr, colour, name + " (stderr)")
    missing = fields - shown_markers(SGR.sub("", out))
    assert not missing, f"saa {name} did not show fields {missing}: the test would prove nothing\n{out[:3000]}"


def test_github_annotations_cannot_start_another_workflow_command(plan):
    r = invoke(["check", plan, "--format", "github"], colour=False)
    for line in r.stdout.splitlines()[:-1]:
        assert re.match(r"::(error|warning|notice) title=[^:,\n]*(,file=[^:,\n]*,line=\d+,col=\d+)?::", line), line
        assert "::" not in line.split("::", 2)[2], f"a second workflow command in {line!r}"


def test_json_output_escapes_control_characters(plan):
    for args in (["check", plan, "--format", "json"], ["status", plan, "--json"], ["matrix", plan, "--json"],
                 ["challenge", plan, "--json"], ["network", plan, "--json"]):
        if args[0] not in COMMANDS:
            continue
        out = invoke(args, colour=True).stdout
        assert "\x1b" not in out and "\\u001b[31mE" in out, args[0]


def report(plan, fmt: str, tmp_path=None) -> str:
    if "report" not in COMMANDS:
        pytest.skip("saa report is not registered yet")
    if tmp_path is None:
        return invoke(["report", plan, "--format", fmt], colour=False).stdout
    out = tmp_path / f"r.{fmt}"
    invoke(["report", plan, "--format", fmt, "-o", out], colour=False)
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
def test_html_report_escapes_everything(plan, tmp_path, to_file):
    page = report(plan, "html", tmp_path if to_file else None)
    assert "<script>alert" not in page and "<img src=x" not in page
    for n in (1, 2, 3, 5, 6, 7, 8):
        assert f"&lt;script&gt;alert({n})&lt;/script&gt;" in page, n
    # nothing from the plan ends up as a live attribute, link or handler
    assert not re.search(r"<[^>]*\son\w+\s*=", page, re.I), "an event handler attribute"
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", page, re.I)
    assert "https://evil.example" not in re.sub(r"\[link=https://evil\.example/\]", "", page).replace(
        "\\x1b]8;;https://evil.example/", "")
    assert "\x1b" not in page
    # the page fetches nothing and runs no script from anywhere
    assert not re.search(r"<script\b", page, re.I) or "alert(" not in page.split("<script", 1)[1][:2000]


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "file"])
def test_markdown_report_escapes_everything(plan, tmp_path, to_file):
    doc = report(plan, "md", tmp_path if to_file else None)
    assert "<script>" not in doc and "<img" not in doc
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in doc
    # no markdown link or image made from plan text: every [ from the plan is escaped
    assert "[link=" not in doc.replace("\\[link=", "")
    assert "\x1b" not in doc


# --------------------------------------------------------------------------- spreadsheets

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def assert_no_formula_cells(text: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            assert not cell.startswith(FORMULA_START), f"a cell a spreadsheet would run: {cell!r}"


def test_no_csv_export_or_a_safe_one(plan, tmp_path):
    """No command exports CSV today; any that learns ``--format csv`` must neutralise formulas."""
    for name in sorted(COMMANDS):
        help_text = invoke([name, "--help"], colour=False).stdout.lower()
        if "csv" not in help_text and "xlsx" not in help_text and "spreadsheet" not in help_text:
            continue
        r = CliRunner().invoke(app, [name, str(plan), "--format", "csv"], env={"NO_COLOR": "1"})
        if r.exit_code in (0, 1):
            assert_no_formula_cells(r.stdout)
    assert_no_formula_cells('"\'=cmd|\' /C calc\'!A0",text\n')  # the check itself works on a neutralised cell
    with pytest.raises(AssertionError):
        assert_no_formula_cells("=cmd|' /C calc'!A0,text\n")
