"""How `saa fmt` writes many files: saa.atomic.Batch (threads, each file fsynced before its rename,
each folder fsynced once after its last rename, every write done before the results are reported)."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from conftest import write_plan
from saa import atomic, fmt
from saa.atomic import Batch, Changed

posix = pytest.mark.skipif(sys.platform == "win32", reason="fsync of a folder is POSIX")


def record_disk(monkeypatch) -> list:
    """Every fsync and rename from now on, in order: ("fsync", inode, is a folder) and ("rename", inode of the
    file renamed, its new path). The inode of a temporary file is the inode of the file it replaces."""
    log: list = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        st = os.fstat(fd)
        log.append(("fsync", st.st_ino, stat.S_ISDIR(st.st_mode)))
        return real_fsync(fd)

    def replace(src, dst):
        log.append(("rename", os.stat(src).st_ino, os.fspath(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return log


@posix
def test_batch_fsyncs_each_file_before_its_rename_and_each_folder_once_after_its_renames(tmp_path, monkeypatch):
    paths = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        for i in range(5):
            p = tmp_path / folder / f"f{i}.yaml"
            p.write_bytes(b"old\n")
            paths.append(p)
    log = record_disk(monkeypatch)
    with Batch() as batch:
        futures = [batch.submit(p, f"new {p.name}\n".encode(), expect=b"old\n") for p in paths]
    assert [f.result() for f in futures] == [None] * 10
    assert [p.read_bytes() for p in paths] == [f"new {p.name}\n".encode() for p in paths]
    renames = [e for e in log if e[0] == "rename"]
    assert sorted(e[2] for e in renames) == sorted(str(p) for p in paths)
    for _, inode, target in renames:   # the new file's data is on disk before it takes the old one's name
        assert log.index(("fsync", inode, False)) < log.index(("rename", inode, target))
    folder_syncs = [e for e in log if e[0] == "fsync" and e[2]]
    assert sorted(e[1] for e in folder_syncs) == sorted(os.stat(tmp_path / f).st_ino for f in ("a", "b"))
    last_rename = max(i for i, e in enumerate(log) if e[0] == "rename")
    assert all(log.index(e) > last_rename for e in folder_syncs)   # no checkpoint: both at close()
    assert sorted(os.listdir(tmp_path / "a")) == [f"f{i}.yaml" for i in range(5)]   # no temporary file left


@posix
def test_batch_checkpoint_fsyncs_the_folders_written_so_far_and_again_after_a_later_rename(tmp_path, monkeypatch):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "1.yaml").write_bytes(b"old\n")
        (tmp_path / folder / "2.yaml").write_bytes(b"old\n")
    a, b = os.stat(tmp_path / "a").st_ino, os.stat(tmp_path / "b").st_ino
    log = record_disk(monkeypatch)
    with Batch() as batch:
        batch.submit(tmp_path / "a" / "1.yaml", b"new\n", expect=b"old\n").result()
        batch.checkpoint()   # a: fsynced now (in a thread)
        batch.submit(tmp_path / "b" / "1.yaml", b"new\n", expect=b"old\n").result()
        batch.submit(tmp_path / "a" / "2.yaml", b"new\n", expect=b"old\n").result()   # a again
    dirs = [e[1] for e in log if e[0] == "fsync" and e[2]]
    assert sorted(dirs) == sorted([a, a, b])
    renames = [i for i, e in enumerate(log) if e[0] == "rename"]
    assert log.index(("fsync", b, True)) > renames[1]
    assert max(i for i, e in enumerate(log) if e == ("fsync", a, True)) > renames[2]


def test_batch_a_refused_write_leaves_that_file_and_writes_the_others(tmp_path):
    a, b, c = (tmp_path / n for n in ("a.yaml", "b.yaml", "c.yaml"))
    for p in (a, b, c):
        p.write_bytes(b"old\n")
    with Batch() as batch:
        fa = batch.submit(a, b"new\n", expect=b"old\n")
        fb = batch.submit(b, b"new\n", expect=b"what saa read before an editor saved\n")
        fc = batch.submit(c, b"new\n", expect=b"old\n")
    assert fa.result() is None and fc.result() is None
    assert isinstance(fb.exception(), Changed)
    assert (a.read_bytes(), b.read_bytes(), c.read_bytes()) == (b"new\n", b"old\n", b"new\n")
    assert sorted(os.listdir(tmp_path)) == ["a.yaml", "b.yaml", "c.yaml"]


MESSY = "opportunities:\n- id: a\n  name: 'A'\n"
CANONICAL = "opportunities:\n  - id: a\n    name: A\n"


@posix
@pytest.mark.parametrize("jobs", [1, 2])
def test_fmt_reports_a_file_reformatted_only_once_it_and_its_folder_are_on_disk(tmp_path, monkeypatch, jobs):
    plans = [write_plan(tmp_path / f"p{i}", {"08-opportunities.yaml": MESSY, "05-competition.yaml": "competitors: []\n"})
             for i in range(15)]
    files = fmt.collect([str(tmp_path)])
    assert len(files) >= fmt.PARALLEL_MIN   # with jobs=2, worker processes (where they can be forked)
    log = record_disk(monkeypatch)   # workers hand their writes back: every write is made in this process
    results = fmt.run_files(files, jobs=jobs)
    assert sorted(r.status for r in results) == ["reformatted"] * 15 + ["unchanged"] * 30
    assert all(r.pending is None for r in results)
    for plan in plans:
        assert (plan / "08-opportunities.yaml").read_text("utf-8") == CANONICAL
        assert sorted(os.listdir(plan)) == ["05-competition.yaml", "08-opportunities.yaml", "account.yaml"]
    assert sum(1 for e in log if e[0] == "fsync" and not e[2]) == 15    # one for each file written
    assert sorted(e[1] for e in log if e[0] == "fsync" and e[2]) == sorted(os.stat(p).st_ino for p in plans)
    for i, e in enumerate(log):   # each rename is followed by an fsync of its folder
        if e[0] == "rename":
            assert ("fsync", os.stat(os.path.dirname(e[2])).st_ino, True) in log[i + 1:]


@pytest.mark.parametrize("jobs", [1, 2])
def test_fmt_leaves_a_file_changed_while_it_was_formatted_with_or_without_workers(tmp_path, monkeypatch, jobs):
    plans = [write_plan(tmp_path / f"p{i:02}", {"08-opportunities.yaml": MESSY}) for i in range(14)]
    target = plans[7] / "08-opportunities.yaml"
    read = MESSY.replace("'A'", "'B'")
    target.write_text(read, "utf-8")
    edit = read.replace("'B'", "'B, edited in an editor meanwhile'")
    real = fmt.format_text

    def edit_meanwhile(text, name="plan.yaml"):   # (in a worker, with workers) another program saves the file
        out = real(text, name)
        if text == read:
            target.write_text(edit, "utf-8")
        return out

    monkeypatch.setattr(fmt, "format_text", edit_meanwhile)
    files = fmt.collect([str(tmp_path)])
    assert len(files) >= fmt.PARALLEL_MIN
    results = fmt.run_files(files, jobs=jobs)
    skipped = [r for r in results if r.status == "skipped"]
    assert [r.path for r in skipped] == [str(target)]
    assert skipped[0].message.startswith("changed on disk since saa read it")
    assert target.read_text("utf-8") == edit
    assert sum(r.status == "reformatted" for r in results) == 13
    assert (plans[0] / "08-opportunities.yaml").read_text("utf-8") == CANONICAL


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked")
def test_fmt_does_the_rest_here_when_a_worker_dies_and_reports_what_each_file_was(tmp_path, monkeypatch):
    """A worker killed midway (out of memory, say): the files of the chunks it and the others handed
    back stay written and are reported as reformatted; the rest are formatted in this process."""
    for i in range(15):
        write_plan(tmp_path / "a" / f"p{i:02}", {"08-opportunities.yaml": MESSY, "05-competition.yaml": "competitors: []\n"})
    import shutil

    shutil.copytree(tmp_path / "a", tmp_path / "b")
    serial = fmt.run_files(fmt.collect([str(tmp_path / "a")]), jobs=1)
    me = os.getpid()
    real = fmt._format_chunk

    def dies_on_p07(args):
        if os.getpid() != me and any("p07" in p for p, _ in args[0]):
            os._exit(9)
        return real(args)

    monkeypatch.setattr(fmt, "_format_chunk", dies_on_p07)
    seen: list = []
    files = fmt.collect([str(tmp_path / "b")])
    results = fmt.run_files(files, jobs=2, progress=lambda done, total: seen.append(done))
    assert [(os.path.relpath(r.path, tmp_path / "b"), r.status) for r in results] == \
        [(os.path.relpath(r.path, tmp_path / "a"), r.status) for r in serial]
    assert sorted(r.status for r in results) == ["reformatted"] * 15 + ["unchanged"] * 30
    for i in range(15):
        assert (tmp_path / "b" / f"p{i:02}" / "08-opportunities.yaml").read_text("utf-8") == CANONICAL
    assert seen == sorted(seen) and seen[-1] == len(files) and 0 < seen[0] < len(files)


def test_fmt_formats_everything_here_when_no_worker_can_be_forked(tmp_path, monkeypatch):
    for i in range(12):
        write_plan(tmp_path / f"p{i:02}", {"08-opportunities.yaml": MESSY, "05-competition.yaml": "competitors: []\n"})

    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork, raising=False)
    files = fmt.collect([str(tmp_path)])
    assert len(files) >= fmt.PARALLEL_MIN
    assert [r.status for r in fmt.run_files(files, check=True, jobs=2)].count("would-reformat") == 12
    results = fmt.run_files(files, jobs=2)
    assert sorted(r.status for r in results) == ["reformatted"] * 12 + ["unchanged"] * 24
    assert all((tmp_path / f"p{i:02}" / "08-opportunities.yaml").read_text("utf-8") == CANONICAL for i in range(12))


def test_fmt_reports_a_write_that_fails_in_a_batch_and_writes_the_others(tmp_path, monkeypatch):
    plan = write_plan(tmp_path / "p", {"08-opportunities.yaml": MESSY, "05-competition.yaml": "competitors:\n- x\n"})
    real = atomic.write_bytes

    def no_space(path, data, expect=None, _folders=None):
        if str(path).endswith("08-opportunities.yaml"):
            raise OSError(28, "No space left on device")
        return real(path, data, expect, _folders)

    monkeypatch.setattr(atomic, "write_bytes", no_space)
    results = {os.path.basename(r.path): r for r in fmt.run_files(fmt.collect([str(plan)]), jobs=1)}
    assert results["08-opportunities.yaml"].status == "skipped"
    assert results["08-opportunities.yaml"].message == "cannot write: No space left on device"
    assert (plan / "08-opportunities.yaml").read_text("utf-8") == MESSY
    assert results["05-competition.yaml"].status == "reformatted"
    assert (plan / "05-competition.yaml").read_text("utf-8") == "competitors:\n  - x\n"
