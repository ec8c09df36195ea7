"""The one writer of every file saa writes (``new``, ``schema --out``, ``fmt``, ``challenge score``, ``-o``).

:func:`write_text` decides how a path is written:

- ``-``, ``/dev/stdout``, ``/dev/fd/1`` and ``/proc/self/fd/1`` go to standard output;
- a symlink is resolved and its target is written (the link stays a link, and
  every other link to the same file sees the new text);
- a device node or a FIFO (``/dev/null``, a named pipe) is written directly,
  never replaced;
- a regular file is replaced atomically: a temporary file in the same folder
  (created with ``O_EXCL``), flushed to disk, given the file's mode (and, when
  running as root, its owner and group), then renamed over it. ``os.replace`` is
  atomic on POSIX and Windows when both paths are on the same file system. A
  run interrupted at any point leaves either the old file or the new one, never
  a mix; at worst a hidden ``.NAME.*.tmp`` file stays behind, which plan loading
  ignores (it starts with a dot);
- a file with other hard links, or one owned by another user (when not root),
  is refused with a reason: replacing it would break the links or change the
  owner;
- with ``expect`` (what was read, as a :class:`Snapshot` or the bytes), the file
  is checked unchanged just before it is replaced (same size and same content;
  see docs/decisions.md); if it changed, :class:`Changed` is raised and nothing
  is written.

Many files (``saa fmt``) go through a :class:`Batch`: each is written exactly as above
(its data fsynced before its rename), by a few threads so the waits for the disk overlap,
and a folder is fsynced after the renames in it (at a checkpoint or at the end) rather
than after each one.

Failures raise :class:`OSError` (its ``strerror`` is the reason to show);
:class:`WriteRefused` and :class:`Changed` are the refusals of this module.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import threading
from pathlib import Path

from .records import dataclass

STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")
_UMASK_LOCK = threading.Lock()


class WriteRefused(OSError):
    """saa will not write this path as asked; ``strerror`` says why."""

    strerror: str  # always set (OSError's own may be None)

    def __init__(self, reason: str):
        super().__init__(reason)
        self.strerror = reason

    def __str__(self) -> str:
        return self.strerror


class Changed(WriteRefused):
    """The file changed on disk since saa read it: writing would lose that edit."""


def _digest(raw: bytes) -> bytes:
    import hashlib

    return hashlib.blake2b(raw, digest_size=32).digest()


@dataclass(frozen=True)
class Snapshot:
    """What a file was when saa read it: size, modification time and a content digest."""

    size: int
    mtime_ns: int
    digest: bytes

    @classmethod
    def of_bytes(cls, raw: bytes, mtime_ns: int = -1) -> "Snapshot":
        return cls(len(raw), mtime_ns, _digest(raw))


def read_bytes(path, limit: int) -> tuple[bytes, Snapshot]:
    """Read a regular file (at most ``limit`` + 1 bytes) and what it was, from one open file.

    Raises :class:`OSError`; :class:`WriteRefused` when the path is not a regular file
    (checked without blocking: a FIFO is never waited on).
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise WriteRefused(f"{path} is not a regular file")
        from .safefile import read_fd

        raw = read_fd(fd, limit + 1, st.st_size)
    finally:
        os.close(fd)
    return raw, Snapshot(len(raw), st.st_mtime_ns, _digest(raw))


def _same(target: str, expect) -> None:
    """Raise :class:`Changed` when ``target`` is no longer what was read."""
    if isinstance(expect, (bytes, bytearray)):
        expect = Snapshot.of_bytes(bytes(expect))
    try:
        now, snap = read_bytes(target, max(expect.size, 0) + 1)
    except FileNotFoundError:
        raise Changed(f"{target} was deleted or moved since saa read it; nothing written") from None
    if snap.size != expect.size or snap.digest != expect.digest:
        raise Changed(f"{target} changed on disk since saa read it (another editor, a git pull?); "
                      "nothing written, so that edit is not lost")


def _stdout_write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def write_text(path, text: str, expect=None, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` as described in the module docstring. Raises :class:`OSError`."""
    if os.fspath(path) in STDOUT_NAMES:
        _stdout_write(text)
        return
    write_bytes(path, text.encode(encoding), expect=expect)


def write_bytes(path, data: bytes, expect=None, _folders: set | None = None) -> None:
    """The one writer, for bytes (a workbook); ``-`` and ``/dev/stdout`` write to stdout as they are.

    ``_folders`` (for :class:`Batch`): the folder of a replaced file is added to it, to be
    fsynced once after all the renames in it, instead of after each one."""
    name = os.fspath(path)
    if name in STDOUT_NAMES:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = os.path.realpath(name)   # a symlink: write its target, keep the link
    if expect is not None and target != os.path.abspath(name):
        from .safefile import inside, root_of, short

        root = root_of(os.path.dirname(os.path.abspath(name)) or ".")
        if not inside(target, root):   # a plan file rewritten in place (fmt, challenge score) stays in its repository
            raise WriteRefused(f"{name} is a symlink to a file outside the plan's repository ({short(target)}); not written")
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise WriteRefused(f"{name} is a folder")
    if st is not None and stat.S_ISSOCK(st.st_mode):
        raise WriteRefused(f"{name} is a socket, not a file")
    if st is not None and not stat.S_ISREG(st.st_mode):
        if expect is not None:
            raise WriteRefused(f"{name} is not a regular file")
        _write_through(target, data)   # a device or a FIFO: written, never replaced
        return
    if st is None and expect is not None:
        raise Changed(f"{name} was deleted or moved since saa read it; nothing written")
    if st is not None and st.st_nlink > 1:
        raise WriteRefused(f"{name} has {st.st_nlink - 1} other hard link{'s' if st.st_nlink > 2 else ''}; "
                           "saa replaces files atomically, which would break them (make it a plain copy, or a symlink)")
    euid = os.geteuid() if hasattr(os, "geteuid") else None
    if st is not None and euid not in (None, 0) and st.st_uid != euid:
        raise WriteRefused(f"{name} belongs to another user (uid {st.st_uid}); replacing it would make it yours")
    _replace(target, data, st, expect, euid, _folders)


def write_text_atomic(path, text: str, encoding: str = "utf-8", expect=None) -> None:
    """The name this writer had before it decided more than atomicity: same as :func:`write_text`."""
    write_text(path, text, expect=expect, encoding=encoding)


def _write_through(target: str, data: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    finally:
        os.close(fd)


def _umask() -> int:
    with _UMASK_LOCK:   # os.umask can only be read by setting it: one thread at a time
        umask = os.umask(0)
        os.umask(umask)
    return umask


def _replace(target: str, data: bytes, st, expect, euid, folders: set | None = None) -> None:
    folder = os.path.dirname(target) or "."
    base = os.path.basename(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=".tmp", dir=folder)  # O_EXCL, mode 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if st is not None:
                mode = stat.S_IMODE(st.st_mode)
                if euid == 0:
                    os.fchown(fh.fileno(), st.st_uid, st.st_gid)   # root keeps the file's owner and group
                elif hasattr(os, "getegid") and st.st_gid != os.getegid():
                    try:
                        os.fchown(fh.fileno(), -1, st.st_gid)
                    except OSError:
                        pass  # not a member of the file's group: the folder's rules decide
            else:
                mode = 0o666 & ~_umask()
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)
            else:  # pragma: no cover - Windows
                os.chmod(tmp, mode)
            os.fsync(fh.fileno())
        if expect is not None:
            _same(target, expect)  # as late as possible: just before the rename
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if folders is None:
        _fsync_dir(Path(folder))
    else:
        folders.add(folder)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Batch:
    """Many files written as :func:`write_bytes` writes one, with the waits for the disk overlapped.

    Each file still goes to a temporary file that is fsynced, checked against ``expect``
    and renamed over the old one: atomic and durable one by one. What changes: a few
    threads do it (fsync releases the GIL, so the caller goes on working meanwhile, and
    the file system can commit several fsyncs in one journal write), and each folder is
    fsynced after the renames in it (at a :meth:`checkpoint` or at :meth:`close`), not
    after each rename: once, for a caller that checkpoints when it moves to other folders.
    :meth:`close` returns when every write is done and every folder fsynced; a write
    only counts as done then (:meth:`submit` gives a future for its outcome).
    Use as a context manager, from one thread.
    """

    THREADS = 4

    def __init__(self, threads: int | None = None):
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=threads or self.THREADS, thread_name_prefix="saa-write")
        self._lock = threading.Lock()
        self._folders: set = set()

    def _write(self, path, data: bytes, expect) -> None:
        folders: set = set()
        write_bytes(path, data, expect=expect, _folders=folders)
        with self._lock:
            self._folders |= folders

    def submit(self, path, data: bytes, expect=None):
        """Write ``data`` to ``path`` (see :func:`write_bytes`); a future whose ``result()`` raises
        what :func:`write_bytes` would. Only final once :meth:`close` has returned."""
        return self._pool.submit(self._write, path, data, expect)

    def _take_folders(self) -> list:
        with self._lock:
            folders, self._folders = sorted(self._folders), set()
        return folders

    def checkpoint(self) -> None:
        """Fsync (in the threads) each folder with a rename done since the last checkpoint: for a
        caller that has moved on to other folders, so that :meth:`close` has little left to do.
        A rename that completes later puts its folder back, to be fsynced again."""
        for folder in self._take_folders():
            self._pool.submit(_fsync_dir, Path(folder))

    def close(self) -> None:
        """Wait for every write, then fsync each folder written in since the last checkpoint."""
        self._pool.shutdown(wait=True)
        folders = self._take_folders()
        if len(folders) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=min(self.THREADS, len(folders))) as pool:
                list(pool.map(_fsync_dir, map(Path, folders)))
        elif folders:
            _fsync_dir(Path(folders[0]))

    def __enter__(self) -> "Batch":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
