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
