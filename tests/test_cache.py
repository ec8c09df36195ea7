"""The parse cache is trusted only as far as it is the user's own (issue 10, docs/decisions.md).

Forged entries (a FIFO, a link to /dev/zero, a 2 GB file, bad positions, code objects), a planted
temporary-file link, and a cache folder that others can write must never hang saa, take memory, change
a result or raise: the file is parsed as if there were no cache.
"""

from __future__ import annotations

import marshal
import os
import stat
import subprocess
import sys
import threading

import pytest

from conftest import TELECOM

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types and owners")
GOOD = "a: 1\nb: [x, y]\n"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    from saa import yamlio

    monkeypatch.setenv("SAA_CACHE_DIR", str(tmp_path / "cache"))
    assert yamlio.enable_cache()
    yield tmp_path / "cache" / "parsed-v2"
    yamlio.enable_cache(False)


@pytest.fixture
def plan_file(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_text(GOOD, encoding="utf-8")
    return p


def entry_of(p) -> str:
    from saa import yamlio

    return yamlio._cache_entry(p)


def load(p):
    from saa import yamlio

    return yamlio.load_file(p)


def test_the_cache_folder_is_private(cache):
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o700


def test_a_good_entry_is_used(cache, plan_file, monkeypatch):
    from saa import yamlio

    assert load(plan_file).data == {"a": 1, "b": ["x", "y"]}
    assert os.path.isfile(entry_of(plan_file))
    monkeypatch.setattr(yamlio, "parse_text", lambda *a: pytest.fail("parsed although cached"))
    doc = load(plan_file)
    assert doc.data == {"a": 1, "b": ["x", "y"]} and doc.pos[("b", 1)] == (2, 8)


def forge(plan_file, payload) -> None:
    from saa import yamlio

    blob = marshal.dumps(payload(yamlio._CACHE_FORMAT, yamlio._digest(plan_file.read_bytes())))
    with open(entry_of(plan_file), "wb") as fh:
        fh.write(blob)


@pytest.mark.parametrize("name, payload", [
    ("bad positions", lambda f, d: (f, d, {"a": 9}, {(): (0, -1)}, {})),
    ("position not a pair", lambda f, d: (f, d, {"a": 9}, {(): "x"}, {})),
    ("a code object", lambda f, d: (f, d, {"a": compile("1", "x", "eval")}, {}, {})),
    ("a set", lambda f, d: (f, d, {"a": {1, 2}}, {}, {})),
    ("a tuple key", lambda f, d: (f, d, {(1,): 2}, {}, {})),
    ("short tuple", lambda f, d: (f, d)),
    ("not a tuple", lambda f, d: [f, d, {}, {}, {}]),
])
def test_a_forged_entry_is_ignored(cache, plan_file, name, payload):
    load(plan_file)
    forge(plan_file, payload)
    doc = load(plan_file)
    assert doc.data == {"a": 1, "b": ["x", "y"]} and doc.findings == []   # parsed as usual: no internal error


@posix
def test_a_fifo_entry_does_not_hang(cache, plan_file):
    entry = entry_of(plan_file)
    os.mkfifo(entry)
    result = []
    th = threading.Thread(target=lambda: result.append(load(plan_file)), daemon=True)
    th.start()
    th.join(20)
    assert not th.is_alive(), "reading a FIFO cache entry blocked"
    assert result[0].data == {"a": 1, "b": ["x", "y"]}


@posix
def test_a_link_to_dev_zero_is_not_read(cache, plan_file, monkeypatch):
    os.symlink("/dev/zero", entry_of(plan_file))
    reads = []
    real = os.read
    def read(fd, n):
        b = real(fd, n)
        reads.append(len(b))
        return b

    monkeypatch.setattr(os, "read", read)
    assert load(plan_file).data == {"a": 1, "b": ["x", "y"]}
    assert sum(reads) < 1 << 20


def test_a_huge_entry_is_not_read(cache, plan_file):
    from saa import yamlio

    with open(entry_of(plan_file), "wb") as fh:
        fh.truncate(2 * 1024 ** 3)                          # 2 GB, sparse
    assert os.path.getsize(entry_of(plan_file)) > yamlio.CACHE_MAX_ENTRY
    assert load(plan_file).data == {"a": 1, "b": ["x", "y"]}


@posix
def test_a_planted_temporary_link_is_never_followed(cache, plan_file, tmp_path, monkeypatch):
    """Temporary names are not predictable, and created with O_EXCL|O_NOFOLLOW: a planted link stays as it is."""

    victim = tmp_path / "victim"
    victim.write_text("keep me\n", encoding="utf-8")
    entry = entry_of(plan_file)
    monkeypatch.setattr(os, "urandom", lambda n: b"\0" * n)   # make the name predictable, for the test
    planted = f"{entry}.{os.getpid()}.{'00' * 6}.tmp"
    os.symlink(victim, planted)
    assert load(plan_file).data == {"a": 1, "b": ["x", "y"]}
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not os.path.exists(entry)                                  # nothing cached this time, no harm


@posix
def test_a_group_writable_cache_folder_is_refused(tmp_path, monkeypatch):
    from saa import yamlio

    folder = tmp_path / "shared" / "parsed-v2"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o777)
    monkeypatch.setenv("SAA_CACHE_DIR", str(tmp_path / "shared"))
    try:
        assert not yamlio.enable_cache()
        os.chmod(folder, 0o700)
        assert yamlio.enable_cache()
        monkeypatch.setattr(os, "geteuid", lambda: os.stat(folder).st_uid + 1)   # someone else's folder
        assert not yamlio.enable_cache()
    finally:
        yamlio.enable_cache(False)


@posix
def test_a_symlinked_cache_folder_is_refused(tmp_path, monkeypatch):
    from saa import yamlio

    (tmp_path / "real").mkdir(mode=0o700)
    (tmp_path / "c").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "c" / "parsed-v2")
    monkeypatch.setenv("SAA_CACHE_DIR", str(tmp_path / "c"))
    try:
        assert not yamlio.enable_cache()
    finally:
        yamlio.enable_cache(False)


@posix
def test_an_entry_of_another_user_is_ignored(cache, plan_file, monkeypatch):
    from saa import yamlio

    load(plan_file)
    uid = os.stat(entry_of(plan_file)).st_uid
    monkeypatch.setattr(os, "geteuid", lambda: uid + 1)
    monkeypatch.setattr(yamlio, "parse_text", lambda text, path: yamlio.Document(path=path, data="parsed"))
    assert load(plan_file).data == "parsed"


def test_the_cli_gives_the_same_answer_with_forged_entries(tmp_path):
    env = dict(os.environ, SAA_CACHE_DIR=str(tmp_path / "c"))
    run = lambda: subprocess.run([sys.executable, "-m", "saa", "status", str(TELECOM), "--json"], env=env,  # noqa: E731
                                 capture_output=True, text=True, timeout=60)
    first = run()
    entries = list((tmp_path / "c" / "parsed-v2").glob("*.marshal"))
    assert entries
    for e in entries:
        e.write_bytes(marshal.dumps((2, b"x" * 32, {"forged": True}, {(): (1, 1)}, {})))
    again = run()
    assert again.returncode == first.returncode == 0 and again.stdout == first.stdout
