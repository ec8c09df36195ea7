"""File-system oddities (issue 10): FIFOs, devices, symlinks in and out of the repository, unreadable and
symlinked plan folders, and the one writer (saa.atomic) with devices, links, owners and concurrent edits.

Every command that could block runs as a subprocess with a timeout, so a regression fails instead of
hanging the suite.
"""

from __future__ import annotations

import os
import select
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT, TELECOM

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")
COMMANDS = [("check",), ("status",), ("network",), ("report",), ("portfolio",), ("actions",), ("challenge",),
            ("value",), ("matrix",), ("kano",)]


def saa(*args, timeout=60, env=None, cwd=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "saa", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=e, cwd=cwd, stdin=subprocess.DEVNULL)


@pytest.fixture
def t(tmp_path) -> Path:
    dst = tmp_path / "t"
    shutil.copytree(TELECOM, dst)
    return dst


# ---- reading: regular files only, never blocking, never outside the repository ----------------------

@posix
@pytest.mark.parametrize("cmd", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_fifo_plan_file_is_a_finding_not_a_hang(t, cmd):
    (t / "02-network.yaml").unlink()
    os.mkfifo(t / "02-network.yaml")
    r = saa(*cmd, t, timeout=30)           # before the fix: waited forever for a writer
    assert r.returncode in (0, 1), r.stderr
    assert "Traceback" not in r.stderr
    if cmd == ("check",):
        assert r.returncode == 1
        assert (f"{t}/02-network.yaml:1:1: error: a FIFO (named pipe), not a plan file; not read "
                "(a plan file is a regular YAML file) [not-a-file]") in r.stdout
    elif cmd != ("portfolio",):
        assert "saa: note: " in r.stderr and "1 error in the plan" in r.stderr


@posix
def test_a_symlink_to_dev_stdin_is_never_read(t):
    (t / "02-network.yaml").unlink()
    (t / "02-network.yaml").symlink_to("/dev/stdin")
    proc = subprocess.Popen([sys.executable, "-m", "saa", "check", str(t)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=30)   # stdin stays open: reading it would block
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1
    assert f"{t}/02-network.yaml:1:1: error: a symlink to a file outside the plan's repository" in out
    assert "[symlink-outside]" in out


@posix
def test_a_symlink_to_etc_passwd_is_a_finding_and_never_echoed(t):
    (t / "02-network.yaml").unlink()
    (t / "02-network.yaml").symlink_to("/etc/passwd")
    for fmt in ("text", "github", "json"):
        r = saa("check", t, "--format", fmt)
        assert r.returncode == 1
        assert "root:" not in r.stdout and "/bin/" not in r.stdout     # nothing of the file reaches the output
        assert "a symlink to a file outside the plan's repository (/etc/passwd)" in r.stdout
    r = saa("check", t)
    assert (f"{t}/02-network.yaml:1:1: error: a symlink to a file outside the plan's repository (/etc/passwd); "
            "not read: keep plan files in the repository [symlink-outside]") in r.stdout
    r = saa("network", t)
    assert r.returncode == 0 and "root" not in r.stdout


@posix
def test_a_symlink_inside_the_repository_is_followed(t):
    shared = t.parent / "shared-network.yaml"
    shutil.copy(t / "02-network.yaml", shared)
    # tmp_path is not in git: the repository root is the plan folder, so a link out of it is refused...
    (t / "02-network.yaml").unlink()
    (t / "02-network.yaml").symlink_to(shared)
    assert "symlink-outside" in saa("check", t).stdout
    # ...and once the folder above is a git work tree, the same link stays inside it and is read
    (t.parent / ".git").mkdir()
    r = saa("check", t)
    assert "symlink-outside" not in r.stdout and r.returncode == 0, r.stdout
    from saa.safefile import _roots

    _roots.clear()


@posix
def test_a_device_plan_file_is_a_finding(t):
    (t / "05-competition.yaml").unlink(missing_ok=True)
    (t / "05-competition.yaml").symlink_to("/dev/zero")       # outside, never read (would be endless)
    r = saa("check", t, timeout=30)
    assert "05-competition.yaml:1:1: error: a symlink to a file outside" in r.stdout


@posix
def test_a_socket_plan_file_is_a_finding(t, tmp_path):
    import socket

    (t / "05-competition.yaml").unlink(missing_ok=True)
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(t / "05-competition.yaml"))
    except OSError as e:  # pragma: no cover - path too long for a socket
        pytest.skip(f"cannot bind a UNIX socket here: {e}")
    try:
        r = saa("check", t, timeout=30)
    finally:
        s.close()
    assert r.returncode == 1
    assert "05-competition.yaml:1:1: error:" in r.stdout and "[not-a-file]" in r.stdout


# ---- plan folders: unreadable and symlinked ones are findings ----------------------------------------

@pytest.fixture
def portfolio(tmp_path):
    p = tmp_path / "portfolio"
    p.mkdir()
    shutil.copytree(TELECOM, p / "a")
    shutil.copytree(TELECOM, p / "b")
    return p


def test_an_unreadable_plan_folder_is_a_finding(portfolio, monkeypatch):
    """chmod 000 does not stop root (the tests run as root in CI containers): os.access is simulated."""
    from saa.loader import find_plans

    real = os.access
    blocked = str(portfolio / "b")
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p) == blocked else real(p, mode, **kw))
    problems: list = []
    assert find_plans([str(portfolio)], problems) == [portfolio / "a"]
    assert [(f.path, f.severity, f.rule, f.message) for f in problems] == [
        (blocked, "error", "unreadable-folder",
         "cannot read this folder (Permission denied); the plans in it are not checked")]
    from saa.cli import app
    from typer.testing import CliRunner

    r = CliRunner().invoke(app, ["check", str(portfolio)])
    assert r.exit_code == 1                                 # before: "0 errors in 1 plan", exit 0
    assert (f"{blocked}:1:1: error: cannot read this folder (Permission denied); the plans in it are not checked "
            "[unreadable-folder]") in r.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="runs as root: chmod 000 does not block root (the os.access test above simulates it)")
def test_a_chmod_000_plan_folder_is_a_finding(portfolio):  # pragma: no cover - CI runs as root
    os.chmod(portfolio / "b", 0)
    try:
        r = saa("check", portfolio)
    finally:
        os.chmod(portfolio / "b", 0o755)
    assert r.returncode == 1 and "[unreadable-folder]" in r.stdout


def test_unreadable_folder_during_the_walk_is_reported(portfolio, monkeypatch):
    """The walk's own error (scandir fails) becomes the same finding."""
    from saa.loader import find_plans

    real = os.scandir
    blocked = str(portfolio / "b")

    def scandir(p="."):
        if str(p) == blocked:
            raise PermissionError(13, "Permission denied", blocked)
        return real(p)

    monkeypatch.setattr(os, "scandir", scandir)
    problems: list = []
    monkeypatch.setattr(os, "access", lambda *a, **k: True)
    assert find_plans([str(portfolio)], problems) == [portfolio / "a"]
    assert [(f.path, f.rule) for f in problems] == [(blocked, "unreadable-folder")]


@posix
def test_a_symlinked_plan_folder_is_a_finding(portfolio, tmp_path):
    shutil.copytree(TELECOM, tmp_path / "elsewhere")
    (portfolio / "c").symlink_to("../elsewhere")
    (portfolio / "docs").symlink_to(tmp_path)          # a link to a folder that is not a plan: a warning
    r = saa("check", portfolio)
    assert r.returncode == 1
    assert (f"{portfolio}/c:1:1: error: a symlink to a folder (../elsewhere), not followed; the plan it "
            "leads to is not checked: name the folder itself (saa check TARGET) [symlinked-folder]") in r.stdout
    assert f"{portfolio}/docs:1:1: warning: a symlink to a folder" in r.stdout
    # each telecom copy: no-coach, unreached-decision-maker, two no-capture-plan; the docs link
    assert r.stdout.splitlines()[-1] == "1 error, 9 warnings in 2 plans"
    r = saa("portfolio", portfolio)                     # table commands: one line each on stderr
    assert r.returncode == 0
    assert f"saa: error: {portfolio}/c: a symlink to a folder" in r.stderr
    r = saa("check", portfolio / "c")                  # named on the command line: followed, checked
    assert r.returncode == 0


# ---- writing: the one writer ------------------------------------------------------------------------

def test_report_to_dev_null_keeps_the_device(t):
    r = saa("report", t, "-o", "/dev/null")
    assert r.returncode == 0, r.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@posix
def test_report_to_a_device_node_writes_through_it(t, tmp_path):
    """As root, `-o ./null` where null is a character device left a regular file in its place."""
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError as e:  # pragma: no cover - a container without CAP_MKNOD
        pytest.skip(f"cannot create a device node here: {e}")
    r = saa("report", t, "-o", dev)
    assert r.returncode == 0, r.stderr
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


@posix
def test_report_to_a_fifo_writes_into_it(t, tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "saa", "report", str(t), "-o", str(fifo)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with open(fifo, encoding="utf-8") as fh:
            got = fh.read()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert got.startswith("# ") and "Example Telecom Co." in got
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_report_to_stdout(t, target):
    r = saa("report", t, "-o", target)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# ") and "Example Telecom Co." in r.stdout
    assert r.stderr == ""


@posix
def test_report_to_a_symlink_updates_its_target(t, tmp_path):
    shared = tmp_path / "shared.md"
    shared.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(shared)
    r = saa("report", t, "-o", link)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == str(shared)      # still a link
    assert shared.read_text(encoding="utf-8").startswith("# ")          # its target has the report


MESSY = "opportunities:\n- id: x\n  name:    X\n"


@posix
def test_fmt_on_a_symlinked_plan_file_writes_the_target(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    plan = repo / "p"
    plan.mkdir()
    (plan / "account.yaml").write_text("account: A\n", encoding="utf-8")
    shared = repo / "shared-08.yaml"
    shared.write_text(MESSY, encoding="utf-8")
    (plan / "08-opportunities.yaml").symlink_to(shared)
    r = saa("fmt", plan)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (plan / "08-opportunities.yaml").is_symlink()
    assert shared.read_text(encoding="utf-8") == "opportunities:\n  - id: x\n    name: X\n"


@posix
def test_fmt_refuses_to_rewrite_a_file_outside_the_repository(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(MESSY, encoding="utf-8")
    plan = tmp_path / "repo" / "p"
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    plan.mkdir()
    (plan / "account.yaml").write_text("account: A\n", encoding="utf-8")
    (plan / "08-opportunities.yaml").symlink_to(outside)
    r = saa("fmt", plan)
    assert r.returncode == 1
    assert "a symlink to a file outside the plan's repository" in r.stderr   # refused when read, never written
    assert outside.read_text(encoding="utf-8") == MESSY


def test_the_writer_keeps_mode_and_refuses_hard_links(tmp_path):
    from saa.atomic import WriteRefused, write_text

    f = tmp_path / "a.yaml"
    f.write_text("a: 1\n", encoding="utf-8")
    os.chmod(f, 0o640)
    write_text(f, "a: 2\n")
    assert stat.S_IMODE(os.stat(f).st_mode) == 0o640 and f.read_text(encoding="utf-8") == "a: 2\n"
    os.link(f, tmp_path / "b.yaml")
    with pytest.raises(WriteRefused) as e:
        write_text(f, "a: 3\n")
    assert str(e.value) == (f"{f} has 1 other hard link; saa replaces files atomically, which would break them "
                            "(make it a plain copy, or a symlink)")
    assert (tmp_path / "b.yaml").read_text(encoding="utf-8") == "a: 2\n" == f.read_text(encoding="utf-8")


@posix
def test_the_writer_keeps_the_owner_as_root(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    from saa.atomic import write_text

    f = tmp_path / "a.yaml"
    f.write_text("a: 1\n", encoding="utf-8")
    os.chown(f, 1234, 5678)
    write_text(f, "a: 2\n")
    st = os.stat(f)
    assert (st.st_uid, st.st_gid) == (1234, 5678)


def test_the_writer_refuses_another_users_file_when_not_root(tmp_path, monkeypatch):
    from saa import atomic

    f = tmp_path / "a.yaml"
    f.write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setattr(atomic.os, "geteuid", lambda: os.stat(f).st_uid + 1)
    with pytest.raises(atomic.WriteRefused, match="belongs to another user"):
        atomic.write_text(f, "a: 2\n")
    assert f.read_text(encoding="utf-8") == "a: 1\n"


def test_the_writer_stops_when_the_file_changed_since_read(tmp_path):
    from saa.atomic import Changed, Snapshot, read_bytes, write_text

    f = tmp_path / "a.yaml"
    f.write_text("a: 1\n", encoding="utf-8")
    raw, snap = read_bytes(f, 1000)
    assert snap == Snapshot(5, os.stat(f).st_mtime_ns, snap.digest)
    f.write_text("a: 9\n", encoding="utf-8")            # same size, other content
    with pytest.raises(Changed):
        write_text(f, "a: 2\n", expect=snap)
    assert f.read_text(encoding="utf-8") == "a: 9\n"
    write_text(f, "a: 2\n", expect=b"a: 9\n")           # the bytes read are enough too
    assert f.read_text(encoding="utf-8") == "a: 2\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# ---- concurrent edits: fmt and challenge score ----------------------------------------------------------

def test_fmt_stops_when_the_file_changes_between_read_and_write(tmp_path, monkeypatch):
    from saa import atomic, fmt

    plan = tmp_path / "p"
    plan.mkdir()
    (plan / "account.yaml").write_text("account: A\n", encoding="utf-8")
    f = plan / "08-opportunities.yaml"
    f.write_text(MESSY, encoding="utf-8")
    real = atomic._replace

    def edit_meanwhile(target, *a, **k):
        with open(target, "a", encoding="utf-8") as fh:   # an editor saves while fmt works
            fh.write("# added meanwhile\n")
        return real(target, *a, **k)

    monkeypatch.setattr(atomic, "_replace", edit_meanwhile)
    [res] = [r for r in fmt.run([str(plan)]) if r.path.endswith("08-opportunities.yaml")]
    assert res.status == "skipped"
    assert "changed on disk since saa read it" in res.message
    assert f.read_text(encoding="utf-8") == MESSY + "# added meanwhile\n"   # the edit is kept


CHALLENGE = textwrap.dedent("""\
    challenges:
      - opportunity: asic-port-driver
        categories:
          - name: Customer issues
            questions:
              - question: What is the customer trying to accomplish?
                team: {confidence: 2, implications: 2, actions: 2}
""")


def test_challenge_score_keeps_a_concurrent_edit_and_the_answers(t, monkeypatch):
    from typer.testing import CliRunner

    from saa.cli import score as scoring
    from saa.cli import app

    (t / "10-challenge.yaml").write_text(CHALLENGE, encoding="utf-8")
    monkeypatch.setattr(scoring, "stdin_is_tty", lambda: True)
    real_ask = scoring._Term.ask

    def ask(self, prompt):
        if prompt.startswith("Write "):                     # the interview is over: someone edits the file
            with open(t / "10-challenge.yaml", "a", encoding="utf-8") as fh:
                fh.write("# a comment from another editor\n")
        return real_ask(self, prompt)

    monkeypatch.setattr(scoring._Term, "ask", ask)
    r = CliRunner().invoke(app, ["challenge", "score", str(t), "--opportunity", "asic-port-driver", "--as", "team"],
                           input="5\n4\n\ny\n")
    assert r.exit_code == 2
    assert (t / "10-challenge.yaml").read_text(encoding="utf-8") == CHALLENGE + "# a comment from another editor\n"
    [side] = list(t.glob("10-challenge.team-answers-*.yaml"))
    text = side.read_text(encoding="utf-8")
    assert "changed on disk since saa read it" in text
    assert text.splitlines()[3:] == [
        'opportunity: "asic-port-driver"', "as: team", 'reviewed: "2026-11-27"', "answers:",
        '  - category: "Customer issues"', '    question: "What is the customer trying to accomplish?"',
        "    team: {confidence: 5, implications: 4}"]
    from saa.yamlio import parse_text

    assert parse_text(text, "x").findings == []


CHILD = textwrap.dedent(r"""
    import sys
    sys.path.insert(0, {root!r})
    import saa.cli.score
    saa.cli.score.stdin_is_tty = lambda: True
    from saa.cli import main
    sys.argv = ["saa", "challenge", "score", {plan!r}, "--opportunity", "asic-port-driver", "--as", "team"]
    main()
""")


@posix
def test_challenge_score_concurrent_edit_in_a_real_process(t):
    """Two processes: the interview waits for its confirmation while the file is edited for real."""
    (t / "10-challenge.yaml").write_text(CHALLENGE, encoding="utf-8")
    env = dict(os.environ, SAA_CACHE_DIR="off")
    proc = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT), plan=str(t))],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    seen = b""
    try:
        proc.stdin.write(b"5\n4\n\n")
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while b"[Y/n]" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 1)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    break
                seen += chunk
        assert b"[Y/n]" in seen, seen
        (t / "10-challenge.yaml").write_text(CHALLENGE.replace("2, actions", "3, actions"), encoding="utf-8")
        out, err = proc.communicate(b"y\n", timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 2
    assert "changed on disk since saa read it" in err.decode()
    assert "saa: your answers are saved in" in err.decode()
    assert (t / "10-challenge.yaml").read_text(encoding="utf-8") == CHALLENGE.replace("2, actions", "3, actions")
    assert len(list(t.glob("10-challenge.team-answers-*.yaml"))) == 1


def test_answers_are_printed_when_no_side_file_can_be_written(t, monkeypatch, capsys):
    from saa import atomic
    from saa.cli import score as scoring

    def refuse(path, text, expect=None, encoding="utf-8"):
        raise atomic.WriteRefused("read-only file system")

    monkeypatch.setattr(atomic, "write_text", refuse)
    questions = [(0, 0, "Customer issues", {"question": "Why?"})]
    scoring._save_answers(t, "t/10-challenge.yaml", "o", "spoiler", "2026-11-27", "Bob", {(0, 0): {"actions": 1}},
                          questions, "read-only file system")
    out, err = capsys.readouterr()
    assert err == "saa: your answers are below, as YAML to paste into 10-challenge.yaml:\n"
    assert out.splitlines()[-4:] == ["answers:", '  - category: "Customer issues"', '    question: "Why?"',
                                     "    spoiler: {actions: 1}"]


# ---- saa new --------------------------------------------------------------------------------------------

def test_new_refuses_an_empty_folder_name(tmp_path):
    r = saa("new", "", "--account", "X", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("saa: error: the folder name is empty")
    assert list(tmp_path.iterdir()) == []


def test_new_does_not_overwrite_schemas_without_force(tmp_path):
    (tmp_path / "p" / ".schemas").mkdir(parents=True)
    (tmp_path / "p" / ".schemas" / "mine.json").write_text("{}", encoding="utf-8")
    r = saa("new", tmp_path / "p", "--account", "X")
    assert r.returncode == 2
    assert "already has plan files (.schemas/); use --force" in r.stderr
    assert [p.name for p in (tmp_path / "p" / ".schemas").iterdir()] == ["mine.json"]
    assert saa("new", tmp_path / "p", "--account", "X", "--force").returncode == 0


def test_a_path_inside_an_unreadable_folder_is_exit_2(tmp_path, monkeypatch):
    """As a user, `saa check locked/plan` where `locked` is chmod 000: a message, not an internal error."""
    from typer.testing import CliRunner

    from saa.cli import app

    real = Path.exists
    locked = str(tmp_path / "locked" / "plan")

    def exists(self, *a, **k):
        if str(self) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real(self, *a, **k)

    monkeypatch.setattr(Path, "exists", exists)
    r = CliRunner().invoke(app, ["check", locked])
    assert r.exit_code == 2
    assert r.stderr == f"saa: error: cannot read {locked}: Permission denied\n"


def test_fmt_leaves_a_hard_linked_file_alone_with_the_reason(tmp_path):
    plan = tmp_path / "p"
    plan.mkdir()
    (plan / "account.yaml").write_text("account: A\n", encoding="utf-8")
    f = plan / "08-opportunities.yaml"
    f.write_text(MESSY, encoding="utf-8")
    os.link(f, tmp_path / "copy.yaml")
    r = saa("fmt", plan)
    assert r.returncode == 1
    assert (f"{f}:1:1: error: cannot write: {f} has 1 other hard link; saa replaces files atomically, which would "
            "break them (make it a plain copy, or a symlink) (not formatted)") in r.stderr
    assert f.read_text(encoding="utf-8") == MESSY and os.stat(f).st_nlink == 2


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_report_to_a_full_device_is_exit_2(t):
    r = saa("report", t, "-o", "/dev/full")
    assert r.returncode == 2
    assert r.stderr == "saa: error: cannot write /dev/full: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_fmt_reads_plan_files_as_check_does(tmp_path):
    """fmt reads through the same guard as loading: a FIFO or a link out of the repository is reported, never read."""
    plan = tmp_path / "p"
    plan.mkdir()
    (plan / "account.yaml").write_text("account: A\n", encoding="utf-8")
    (plan / "02-network.yaml").symlink_to("/etc/passwd")
    os.mkfifo(plan / "03-needs-kano.yaml")
    r = subprocess.run([sys.executable, "-m", "saa", "fmt", str(plan)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert "02-network.yaml:1:1: error: a symlink to a file outside the plan's repository" in r.stderr
    assert "03-needs-kano.yaml:1:1: error: " in r.stderr and "not a plan file" in r.stderr
    assert "root:" not in r.stdout + r.stderr


@pytest.mark.parametrize("length", [0, 1, 4095, 4096, (1 << 20) - 1, 1 << 20, (1 << 20) + 7, 3 * (1 << 20)])
def test_read_fd_reads_a_regular_file_whole_and_bounded(tmp_path, length):
    """read_fd with the file's size reads it in one call of that size; the content and the bound are the same
    as without it (chunks of 1 MiB)."""
    from saa.safefile import read_fd

    data = bytes(i % 251 for i in range(length))
    p = tmp_path / "f.bin"
    p.write_bytes(data)
    for most in (length + 1, length, max(0, length - 1), 10):
        for size in (None, length):
            fd = os.open(p, os.O_RDONLY)
            try:
                assert read_fd(fd, most, size) == data[:most], (most, size)
            finally:
                os.close(fd)


def test_read_fd_reads_a_file_that_grew_after_its_size_was_taken(tmp_path):
    from saa.safefile import read_fd

    p = tmp_path / "f.yaml"
    p.write_bytes(b"a: 1\n")
    fd = os.open(p, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        with open(p, "ab") as f:
            f.write(b"b: " + b"x" * (2 << 20) + b"\n")
        got = read_fd(fd, 5 << 20, size)
    finally:
        os.close(fd)
    assert got == p.read_bytes() and len(got) > 2 << 20
    fd = os.open(p, os.O_RDONLY)
    try:   # bounded: the limit (plus one, as callers ask) is read, not the whole file
        assert read_fd(fd, 100, 5) == p.read_bytes()[:100]
    finally:
        os.close(fd)


def test_read_fd_reads_a_pipe_to_its_end():
    from saa.safefile import read_fd

    r, w = os.pipe()
    try:
        os.write(w, b"abc")
        os.close(w)
        w = -1
        assert read_fd(r, 100) == b"abc"
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)
