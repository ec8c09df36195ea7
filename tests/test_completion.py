"""``saa completion bash|zsh|fish``: the scripts, and saa answering the shell as they ask it to."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import run_saa


def complete(env: dict) -> list[str]:
    r = run_saa(env={"_SAA_COMPLETE": "", **env})
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def test_bash_script():
    r = run_saa("completion", "bash")
    assert r.returncode == 0
    assert "_SAA_COMPLETE=complete_bash $1" in r.stdout
    assert r.stdout.rstrip().endswith("complete -o default -F _saa_completion saa")


@pytest.mark.parametrize("shell, marker", [("zsh", "#compdef saa"), ("fish", "complete --command saa")])
def test_zsh_and_fish_scripts(shell, marker):
    r = run_saa("completion", shell)
    assert r.returncode == 0 and marker in r.stdout and f"_SAA_COMPLETE=complete_{shell}" in r.stdout


def test_unknown_shell_is_a_usage_error():
    r = run_saa("completion", "tcsh")
    assert (r.returncode, r.stderr) == (2, "saa: error: no completion for 'tcsh'; the shells are bash, zsh, fish\n")


def test_bash_completes_commands_and_options():
    assert complete({"_SAA_COMPLETE": "complete_bash", "COMP_WORDS": "saa ch", "COMP_CWORD": "1"}) == ["check", "challenge"]
    assert complete({"_SAA_COMPLETE": "complete_bash", "COMP_WORDS": "saa check --f", "COMP_CWORD": "2"}) == ["--format"]
    assert complete({"_SAA_COMPLETE": "complete_bash", "COMP_WORDS": "saa completion ", "COMP_CWORD": "2"}) == [
        "bash", "zsh", "fish"]


def test_the_bash_script_registers_in_a_real_bash(tmp_path):
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    script = tmp_path / "saa.bash"
    script.write_text(run_saa("completion", "bash").stdout)
    r = subprocess.run(["bash", "--norc", "-c", f". {script} && complete -p saa"], capture_output=True, text=True)
    assert r.stdout.strip() == "complete -o default -F _saa_completion saa"
