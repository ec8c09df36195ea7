"""One voice on the command line: one error style, help without Python types, the same names for the same idea."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conftest import TELECOM, run_saa
from saa.cli import app

runner = CliRunner()


# ---- one error style: typer's own usage errors as `saa: error: ...`, exit 2 -----------------

USAGE_ERRORS = [
    (["--nope"], "saa: error: no such option: --nope (see `saa --help`)"),
    (["check", "--nope"], "saa: error: no such option: --nope (see `saa check --help`)"),
    (["bogus"], "saa: error: no such command 'bogus' (see `saa --help`)"),
    (["new"], "saa: error: missing argument 'DIR' (see `saa new --help`)"),
    (["check", str(TELECOM), "--max-age"], "saa: error: option '--max-age' requires an argument (see `saa check --help`)"),
]


@pytest.mark.parametrize("args,line", USAGE_ERRORS)
def test_usage_errors_in_process(args, line):
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    assert r.stderr == line + "\n"
    assert r.stdout == ""


@pytest.mark.parametrize("args,line", USAGE_ERRORS)
def test_usage_errors_as_a_subprocess(args, line):
    r = run_saa(*args)
    assert (r.returncode, r.stdout, r.stderr) == (2, "", line + "\n")


def test_usage_errors_read_like_saas_own_errors():
    own = run_saa("challenge", TELECOM, "--view", "bad")
    theirs = run_saa("challenge", TELECOM, "--bad")
    assert own.returncode == theirs.returncode == 2
    assert own.stderr.startswith("saa: error: ") and theirs.stderr.startswith("saa: error: ")
    assert "Usage:" not in theirs.stderr and "Error:" not in theirs.stderr


def test_a_command_without_its_arguments_still_shows_help():
    r = runner.invoke(app, [])
    assert r.exit_code == 2 and "Commands:" in r.output and "saa: error" not in r.output


# ---- help without Python types ------------------------------------------------------------

def _commands() -> list[str]:
    names = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]
    assert len(names) >= 20 and "check" in names and "import" in names
    return names


@pytest.mark.parametrize("name", _commands())
def test_help_shows_no_python_types(name):
    r = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"Usage: saa {name} [OPTIONS]")
    # the usage line and every argument and option line (the first column of the help)
    lines = [line for line in r.output.splitlines() if line.startswith(("Usage:", "  -", "  ")) and line.strip()]
    for line in lines:
        head = line if line.startswith("Usage:") else line.strip().split("  ")[0]
        for bad in ("<str>", "<int>", "<float>", "<bool>", "list[", "{"):
            assert bad not in head, (name, line)


def test_help_names_values_as_the_docs_do():
    usage = {name: runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"}).output.splitlines()[0]
             for name in ("check", "new", "value", "import", "completion")}
    assert usage == {
        "check": "Usage: saa check [OPTIONS] [PATH]...",
        "new": "Usage: saa new [OPTIONS] DIR",
        "value": "Usage: saa value [OPTIONS] [PLAN]",
        "import": "Usage: saa import [OPTIONS] crm PLAN FILE.csv",
        "completion": "Usage: saa completion [OPTIONS] bash|zsh|fish",
    }
    new = runner.invoke(app, ["new", "--help"], env={"COLUMNS": "200"}).output
    assert "  DIR  The folder of the new plan." in new
    assert "  -a, --account NAME  The customer's name." in new
    check = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).output
    line = next(x for x in check.splitlines() if x.startswith("  PATH "))
    assert line.split()[:4] == ["PATH", "Plan", "folders,", "portfolio"]


# ---- the same option name for the same idea ---------------------------------------------

def test_schema_writes_with_output_like_report_and_keeps_out(tmp_path):
    for i, opt in enumerate(("-o", "--output", "--out")):
        folder = tmp_path / str(i)
        r = runner.invoke(app, ["schema", opt, str(folder)])
        assert r.exit_code == 0, r.output
        assert r.stdout == f"wrote 12 schemas in {folder}\n"
        assert len(list(folder.iterdir())) == 12 and (folder / "account.schema.json").is_file()
    r = runner.invoke(app, ["schema", "--out", str(tmp_path / "a"), "-o", str(tmp_path / "b")])
    assert r.exit_code == 2 and r.stderr == "saa: error: --out is the former name of --output; give one of them\n"
    help_ = runner.invoke(app, ["schema", "--help"], env={"COLUMNS": "200"}).output
    assert "-o, --output DIR" in help_ and "--out " not in help_


def test_challenge_help_offers_view_for_score_and_hides_as():
    help_ = runner.invoke(app, ["challenge", "--help"], env={"COLUMNS": "200"}).output
    assert "score PLAN --opportunity ID --view team|spoiler" in help_
    assert "--as" not in help_


# ---- views of a plan with errors: check's count, exit 0, portfolio marks them ---------------

NOTE = ("saa: note: {p}: {n} in the plan{how} (see `saa check {p}`); a view that could show the plan exits 0\n")


def test_the_note_counts_what_check_reports_even_errors_found_by_rules(tmp_path):
    import json
    import shutil

    plan = tmp_path / "t"
    shutil.copytree(TELECOM, plan)
    opp = plan / "08-opportunities.yaml"
    opp.write_text(opp.read_text("utf-8").replace("  - id: adsl2\n", "  - id: asic-port-driver\n"), "utf-8")
    (plan / "05-competition.yaml").write_text("competitors: [\n", encoding="utf-8")   # a file that cannot be read
    checked = json.loads(run_saa("check", plan, "--format", "json").stdout)
    assert checked["errors"] == 2   # yaml-syntax (loading) + duplicate-id (a rule: loading alone sees 1)
    for view in ("value", "network", "status"):
        r = run_saa(view, plan)
        assert r.returncode == 0, (view, r.stderr)
        assert r.stderr == NOTE.format(p=plan, n="2 errors", how="; what could not be read is left out"), view
    (plan / "05-competition.yaml").write_text("competitors: []\n", encoding="utf-8")
    r = run_saa("value", plan)
    assert (r.returncode, r.stderr) == (0, NOTE.format(p=plan, n="1 error", how="; it is shown as written"))
    r = run_saa("portfolio", tmp_path, env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert r.returncode == 0
    assert r.stderr == NOTE.format(p=plan, n="1 error", how="")
    assert "Example Telecom Co. " in r.stdout and "(1 error)" in r.stdout
    data = json.loads(run_saa("portfolio", tmp_path, "--json").stdout)
    assert data["plans"][0]["errors"] == 1


def test_a_plan_without_errors_gets_no_note():
    r = run_saa("value", TELECOM)
    assert r.returncode == 0 and r.stderr == ""
