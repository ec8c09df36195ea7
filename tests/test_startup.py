"""Start-up (issue 15): a run of one command imports what that command needs and no more."""

from __future__ import annotations

import subprocess
import sys

from conftest import TELECOM


def test_challenge_view_piped_needs_no_rich_and_no_other_command():
    code = ("import sys, saa.cli; sys.argv = ['saa', 'challenge', 'plans/telecom']\n"
            "try:\n    saa.cli.main()\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(' '.join(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'\n"
            "                                 or m.startswith('saa.cli.'))))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=TELECOM.parent.parent,
                       env={"NO_COLOR": "1", "SAA_TODAY": "2026-11-27", "SAA_CACHE_DIR": "off", "COLUMNS": "100",
                            "PATH": "/usr/bin:/bin"})
    assert r.stdout.startswith("Challenge: asic-port-driver - ASIC Port Driver")
    # no rich module, and of the command modules only the challenge's (method)
    assert r.stderr.split() == ["saa.cli.common", "saa.cli.fastparams", "saa.cli.method", "saa.cli.streams",
                                "saa.cli.usage"]


def test_the_command_table_names_every_command_as_typer_does():
    from saa import cli

    names = [c.name or c.callback.__name__.replace("_", "-") for c in cli.app.registered_commands]
    assert names == [n for n, _module, _function in cli.COMMANDS]
    assert len(set(names)) == len(names) == 23
