"""Standard output and error (issue 10): one sanitiser for terminal text, streams that cannot encode, closed,
full and broken stdout, colour switches, environment variables, Ctrl-C, and bidi controls in HTML.

Each case runs saa as a real process, the way a shell would start it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, TELECOM

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shells and devices")
EVERY = ["check", "status", "value", "matrix", "challenge", "network", "kano", "actions", "report", "portfolio"]


def saa(*args, env=None, timeout=60, **kw):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "saa", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=e, **kw)


def sh(command: str, env=None, timeout=60):
    """Run a shell command line (redirections such as >&- and >/dev/full); saa is `python -m saa`."""
    e = dict(os.environ)
    e.update(env or {})
    e["SAA"] = f"{sys.executable} -m saa"
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=timeout, env=e)


@pytest.fixture
def t(tmp_path) -> Path:
    dst = tmp_path / "t"
    shutil.copytree(TELECOM, dst)
    return dst


# ---- the one sanitiser --------------------------------------------------------------------------------

def test_terminal_text_makes_every_control_visible():
    from saa.render.sanitise import terminal_text

    assert terminal_text("plain text, ünïcode, 中文") == "plain text, ünïcode, 中文"
    assert terminal_text("\x1b]0;pwned\x07") == "\\x1b]0;pwned\\x07"
    assert terminal_text("\x1b]52;c;ZXZpbA==\x07") == "\\x1b]52;c;ZXZpbA==\\x07"     # OSC 52: the clipboard
    assert terminal_text("\x9b31m") == "\\x9b31m"                                    # a C1 CSI
    assert terminal_text("abc\u202edef\u2066") == "abc\\u202edef\\u2066"            # bidi override, isolate
    assert terminal_text("a\u200bb") == "a\\u200bb"                                  # zero width
    assert terminal_text("\U000e0041") == "\\U000e0041"                              # a tag character
    assert terminal_text("two\nlines\tand\r") == "two\\x0alines\\x09and\\x0d"
    assert terminal_text("two\nlines\tand\r", oneline=True) == "two lines and "
    assert terminal_text(None) == ""


def test_every_terminal_helper_is_the_one_sanitiser():
    from saa.cli import score as scoring
    from saa.render import findings, terminal
    from saa.render.sanitise import terminal_text

    s = "x\x1b[2Jy\u202ez\n"
    assert findings.clean(s) == terminal_text(s)
    assert terminal.safe(s) == terminal_text(s, oneline=True)
    assert scoring._clean(s) == terminal_text(s)


ESC_NAME = "evil\x1b]0;owned\x07\x1b]52;c;ZXZpbA==\x07"


@posix
@pytest.mark.parametrize("cmd", ["status", "actions", "challenge", "network", "value"])
def test_an_escape_in_a_folder_name_never_reaches_the_terminal(tmp_path, cmd):
    plan = tmp_path / ESC_NAME
    shutil.copytree(TELECOM, plan)
    (plan / "05-competition.yaml").write_text("competitors: [\n", encoding="utf-8")   # an error: the note line
    r = saa(cmd, plan)
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
    shown = str(tmp_path) + "/evil\\x1b]0;owned\\x07\\x1b]52;c;ZXZpbA==\\x07"
    assert (f"saa: note: {shown}: 1 error in the plan; what could not be read is left out "
            f"(see `saa check {shown}`)") in r.stderr


@posix
def test_an_escape_in_a_path_argument_of_an_error(tmp_path):
    r = saa("status", tmp_path / "no\x1b]0;x\x07where")
    assert r.returncode == 2
    assert r.stderr == f"saa: error: no such file or folder: {tmp_path}/no\\x1b]0;x\\x07where\n"


def test_html_report_shows_bidi_controls(t, tmp_path):
    text = (t / "account.yaml").read_text(encoding="utf-8")
    (t / "account.yaml").write_text(text.replace("account: Example Telecom Co.", 'account: "abc\u202etxt.exe"'),
                                    encoding="utf-8")
    out = tmp_path / "r.html"
    assert saa("report", t, "-o", out).returncode == 0
    html = out.read_text(encoding="utf-8")
    assert "\u202e" not in html
    assert "abc\\u202etxt.exe" in html
    md = saa("report", t).stdout
    assert "\u202e" not in md and "abc\\u202etxt.exe" in md


# ---- streams that cannot encode --------------------------------------------------------------------

@pytest.mark.parametrize("cmd", EVERY)
def test_an_ascii_stdout_degrades_to_escapes(t, cmd):
    r = saa(cmd, t, env={"PYTHONIOENCODING": "ascii"})
    assert r.returncode in (0, 1), r.stderr
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    r.stdout.encode("ascii")


@pytest.mark.parametrize("cmd", ["status", "value", "matrix", "challenge", "network", "kano", "actions",
                                 "portfolio", "check"])
def test_json_on_an_ascii_stdout_is_valid_ascii_json(t, cmd):
    args = ("--format", "json") if cmd == "check" else ("--json",)
    (t / "account.yaml").write_text((t / "account.yaml").read_text(encoding="utf-8")
                                    .replace("account: Example Telecom Co.", "account: Télécom 中文 \U0001F600"),
                                    encoding="utf-8")
    r = saa(cmd, t, *args, env={"PYTHONIOENCODING": "ascii"})
    assert r.returncode in (0, 1), r.stderr
    r.stdout.encode("ascii")
    utf = saa(cmd, t, *args)
    assert json.loads(r.stdout) == json.loads(utf.stdout)          # the same data as ensure_ascii would give
    if cmd in ("status", "portfolio"):
        assert "T\\u00e9l\\u00e9com \\u4e2d\\u6587 \\ud83d\\ude00" in r.stdout


def test_a_cp1252_stdout_keeps_what_it_can(t):
    r = saa("status", t, env={"PYTHONIOENCODING": "cp1252"}, encoding="cp1252")
    assert r.returncode == 0, r.stderr
    assert "Example Telecom Co." in r.stdout and "| ##########" in r.stdout   # bars and boxes in ASCII


# ---- closed, full and broken stdout: one line on stderr, exit 2, for every command -------------------

@posix
@pytest.mark.parametrize("cmd", EVERY)
def test_closed_stdout(t, cmd):
    r = sh(f'$SAA {cmd} "{t}" >&-')
    assert r.returncode == 2, r.stderr
    assert r.stderr.splitlines()[-1] == "saa: error: cannot write the output: stdout is closed"
    assert "Traceback" not in r.stderr and "isatty" not in r.stderr


@posix
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("cmd", EVERY + ["--version", "--help"])
def test_full_stdout(t, cmd):
    target = "" if cmd.startswith("-") else f'"{t}"'
    r = sh(f"$SAA {cmd} {target} >/dev/full")
    assert r.returncode == 2, r.stderr
    assert r.stderr.splitlines()[-1] == "saa: error: cannot write the output: No space left on device"


@posix
@pytest.mark.parametrize("cmd", EVERY)
def test_broken_pipe_is_the_same_for_every_command(t, cmd):
    """A reader that went away: before, table commands exited 1 and `check` 0."""
    big = t.parent / "big"
    for i in range(3):
        shutil.copytree(t, big / f"p{i}")
    target = big if cmd in ("check", "portfolio") else t
    proc = subprocess.Popen([sys.executable, "-m", "saa", cmd, str(target)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, SAA_JOBS="1"))
    proc.stdout.close()                      # the reader is gone before saa writes
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert proc.returncode == 2, err
    assert err.splitlines()[-1] == "saa: error: cannot write the output: the reader closed it (broken pipe)"
    assert "Exception ignored" not in err and "Traceback" not in err


# ---- colour and environment variables ----------------------------------------------------------------

def test_force_color_zero_means_no_colour(t):
    r = saa("status", t, env={"FORCE_COLOR": "0", "NO_COLOR": ""})
    assert "\x1b[" not in r.stdout
    r = saa("check", t, env={"FORCE_COLOR": "0", "NO_COLOR": ""})
    assert "\x1b[" not in r.stdout
    r = saa("status", t, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in r.stdout
    r = saa("check", t, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[33mwarning\x1b[0m" in r.stdout


def test_a_garbage_saa_today_is_a_warning(t):
    r = saa("status", t, env={"SAA_TODAY": "garbage"})
    assert r.returncode == 0
    import datetime as dt

    assert r.stderr.splitlines()[0] == (f"saa: warning: SAA_TODAY='garbage' is not a date (YYYY-MM-DD); "
                                        f"using today, {dt.date.today().isoformat()}")
    assert saa("status", t, env={"SAA_TODAY": "2026-11-27"}).stderr == ""


def test_saa_jobs_is_capped_and_checked(monkeypatch):
    from saa import check

    cpus = check._cpus()
    monkeypatch.setenv("SAA_JOBS", "10000")
    assert check.default_jobs() == cpus
    assert check.jobs_problem() is None
    monkeypatch.setenv("SAA_JOBS", "many")
    assert check.default_jobs() == cpus
    assert check.jobs_problem() == f"SAA_JOBS='many' is not a number of processes; using {cpus} (the CPUs)"
    monkeypatch.setenv("SAA_JOBS", "0")
    assert check.default_jobs() == 1
    assert check.jobs_problem() == "SAA_JOBS='0' is below 1; using 1 (one process)"


def test_saa_jobs_10000_forks_no_more_than_the_cpus(tmp_path, monkeypatch):
    """200 plans and SAA_JOBS=10000 forked 201 processes; now at most one per CPU (and per plan)."""
    from saa import check, parallel

    made = []   # the workers asked for, each time workers are forked
    real = parallel.forked

    def forked(count, run, jobs):
        made.append(jobs)
        return real(count, run, jobs)

    monkeypatch.setattr(parallel, "forked", forked)
    monkeypatch.setenv("SAA_JOBS", "10000")

    monkeypatch.setattr(parallel, "_cpus", lambda: 3)   # the one home of the worker processes
    folders = [TELECOM] * 30
    result = check.check_folders(folders, check.CheckOptions(), parallel_min=2)
    assert made in ([3], [])               # [] where processes cannot be used: checked serially
    assert result.plans == 30
    assert check.check_folders([TELECOM] * 2, check.CheckOptions(), jobs=10000, parallel_min=2).plans == 2
    assert made[-1:] in ([2], [3])


def test_saa_jobs_garbage_is_a_warning_on_stderr(t):
    r = saa("check", t, env={"SAA_JOBS": "lots"})
    assert r.returncode == 0
    assert r.stderr.startswith("saa: warning: SAA_JOBS='lots' is not a number of processes; using ")


# ---- Ctrl-C ------------------------------------------------------------------------------------------

SLOW = textwrap.dedent(r"""
    import sys, time
    sys.path.insert(0, {root!r})
    import saa.loader
    real = saa.loader.load_plan
    def slow(*a, **k):
        sys.stderr.write("LOADING\n"); sys.stderr.flush(); time.sleep(60); return real(*a, **k)
    saa.loader.load_plan = slow
    from saa.cli import main
    sys.argv = ["saa", {cmd!r}, {plan!r}]
    main()
""")


@posix
@pytest.mark.parametrize("cmd", ["check", "status", "report"])
def test_ctrl_c_exits_130(cmd):
    proc = subprocess.Popen([sys.executable, "-c", SLOW.format(root=str(ROOT), cmd=cmd, plan=str(TELECOM))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stderr.readline() == "LOADING\n"
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert "Traceback" not in err
