"""Opening plan files safely: regular files only, never blocking, never outside the plan's repository.

A plan folder can hold anything a git checkout can: a FIFO or a device node
(reading either would wait forever), a symlink to ``/dev/stdin``, to
``/etc/shadow`` or to a runner's secrets (reading it would echo the file into
findings and CI logs). :func:`read_plan_file` reads only regular files, checked
without blocking (``O_NONBLOCK`` on open, then ``fstat``), and follows a symlink
only when its target lies inside :func:`root_of` the plan: the git work tree
that holds it, else the plan folder itself. Anything else is a
:class:`NotReadable` with the finding's rule id and message; its text is never
read, so it can never be quoted.
"""

from __future__ import annotations

import os
import stat

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class NotReadable(Exception):
    """A plan file saa will not (or cannot) read: ``rule`` and ``message`` make the finding."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message


def short(s, limit: int = 60) -> str:
    """A short, cleaned excerpt of text that is not a plan's (a path, a link target)."""
    s = str(s)
    s = "".join(c if c.isprintable() else "?" for c in s)
    return s if len(s) <= limit else s[: limit - 3] + "..."


_roots: dict = {}


def root_of(folder) -> str:
    """The folder a plan's symlinks must stay inside: the git work tree holding ``folder``, else ``folder``."""
    real = os.path.realpath(folder)
    if real in _roots:
        return _roots[real]
    root = real
    p = real
    while True:
        if os.path.lexists(os.path.join(p, ".git")):
            root = p
            break
        parent = os.path.dirname(p)
        if parent == p:
            break
        p = parent
    _roots[real] = root
    return root


def inside(path: str, root: str) -> bool:
    root = root.rstrip(os.sep) or os.sep
    return path == root or path.startswith(root + os.sep) or root == os.sep


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def read_plan_file(path, root, limit: int) -> bytes | None:
    """The bytes of a plan file (at most ``limit`` + 1), or None when it does not exist.

    Raises :class:`NotReadable` for anything that is not a regular file inside ``root``
    (None: symlinks are followed anywhere), and :class:`OSError` when reading fails.
    ``root`` may be a function giving it: it is then asked only for a symlink (finding the
    repository costs a few system calls a folder level; most plan files are no symlinks).
    """
    path = os.fspath(path)
    try:
        lst = os.lstat(path)
    except FileNotFoundError:
        return None
    target = path
    if stat.S_ISLNK(lst.st_mode):
        target = os.path.realpath(path)
        if callable(root):
            root = root()
        if root is not None and not inside(target, root):
            raise NotReadable("symlink-outside", f"a symlink to a file outside the plan's repository "
                                                 f"({short(target)}); not read: keep plan files in the repository")
        if not os.path.lexists(target):
            raise NotReadable("not-a-file", f"a symlink to nothing ({short(os.readlink(path))}); fix or remove the link")
    try:
        fd = os.open(target, _FLAGS | _NOFOLLOW)
    except OSError as e:
        import errno

        if e.errno == errno.ELOOP:  # the target became a link after it was checked
            raise NotReadable("not-a-file", "a symlink that changed while saa read it; not read") from None
        if e.errno == errno.ENXIO:  # a socket or a device with nobody behind it
            raise NotReadable("not-a-file", "a socket or device, not a plan file; not read") from None
        raise
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(target)
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable("not-a-file", f"{_kind(st.st_mode)}, not a plan file; not read "
                                            "(a plan file is a regular YAML file)")
        return read_fd(fd, limit + 1, st.st_size)
    finally:
        os.close(fd)


def read_fd(fd: int, most: int, size: int | None = None) -> bytes:
    """At most ``most`` bytes from an open file, read in chunks: the one bounded read of plans, entries, files.

    ``size``: the file's size when it is a regular file (``fstat``): it is then read in one
    call of that size (plus one byte, to see a file that grew), and a short read is its end.
    Without it, chunks of 1 MiB; each read makes a buffer of the size asked for, so asking a
    plan file of a few KB for a megabyte costs more than reading it."""
    chunks = []
    left = most
    step = (size + 1 if size < (1 << 20) else 1 << 20) if size is not None and size >= 0 else 1 << 20
    while left > 0:
        want = min(left, step)
        b = os.read(fd, want)
        if not b:
            break
        chunks.append(b)
        left -= len(b)
        if size is not None and len(b) < want:
            break   # a regular file: a short read is its end
        step = 1 << 20
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)
