"""Atomic file writes: a temporary file in the same folder, flushed to disk, then renamed.

``os.replace`` is atomic on POSIX and Windows when both paths are on the same
file system, which a temporary file in the same folder guarantees. A run that
is interrupted at any point (Ctrl-C, SIGKILL, a full disk, a power cut after
the rename is journaled) leaves either the old file or the new one, never a
mix; at worst a hidden ``.NAME.*.tmp`` file stays behind, which plan loading
ignores (it starts with a dot).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_text_atomic(path, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` atomically, keeping the file's permission bits."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


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


class ChangedSinceRead(Exception):
    """The file no longer holds what was read from it: another program wrote it meanwhile."""


def write_text_if_unchanged(path, text: str, original: bytes, encoding: str = "utf-8") -> None:
    """:func:`write_text_atomic`, but only while ``path`` still holds ``original``, the bytes
    the caller read and worked from; otherwise raise :class:`ChangedSinceRead` and write nothing.

    This closes the gap between reading a file and replacing it (an editor's save, a
    ``git pull`` meanwhile) down to the moment of the write itself.
    """
    try:
        with open(path, "rb") as fh:
            now = fh.read(len(original) + 1)
    except FileNotFoundError:
        raise ChangedSinceRead(f"{path} was removed since it was read") from None
    if now != original:
        raise ChangedSinceRead(f"{path} changed since it was read")
    write_text_atomic(path, text, encoding)
