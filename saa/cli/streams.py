"""Standard output and error for every command: nothing written there ever ends in a traceback.

- A stream that cannot encode a character (``PYTHONIOENCODING=ascii``, a Windows
  console in cp1252) shows it as a ``\\uXXXX`` escape (two for characters beyond
  U+FFFF) instead of failing: text stays readable, and JSON stays valid JSON,
  the same as ``ensure_ascii`` would write it.
- A closed stdout (``saa check >&-``), a full one (``>/dev/full``) or a reader that
  went away (``saa status | head -1``, a broken pipe) ends the command with one
  line on stderr, ``saa: error: cannot write the output: ...``, and exit 2
  (:data:`OUTPUT_FAILED`), the same for every command.
"""

from __future__ import annotations

import codecs
import errno
import os
import sys

OUTPUT_FAILED = 2
_OUTPUT_ERRNOS = {errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG,
                  getattr(errno, "ECONNRESET", errno.EPIPE)}


class OutputFailed(Exception):
    """Standard output cannot be written (closed, full, broken pipe)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _escape(err):
    if not isinstance(err, UnicodeEncodeError):
        raise err
    parts = []
    for c in err.object[err.start:err.end]:
        o = ord(c)
        if o > 0xFFFF:
            o -= 0x10000
            parts.append("\\u%04x\\u%04x" % (0xD800 + (o >> 10), 0xDC00 + (o & 0x3FF)))
        else:
            parts.append("\\u%04x" % o)
    return "".join(parts), err.end


codecs.register_error("saa-escape", _escape)


def reason_of(e: BaseException) -> str:
    if isinstance(e, BrokenPipeError) or getattr(e, "errno", None) == errno.EPIPE:
        return "the reader closed it (broken pipe)"
    if isinstance(e, ValueError):
        return "stdout is closed"
    if getattr(e, "errno", None) == errno.EBADF:
        return "stdout is closed"
    return getattr(e, "strerror", None) or str(e) or type(e).__name__


def is_output_error(e: BaseException) -> bool:
    """An OSError that comes from writing stdout (raised past the guard, e.g. by click's help)."""
    return isinstance(e, OSError) and e.errno in _OUTPUT_ERRNOS


class _Guarded:
    """stdout as it is, except that failing to write it raises :class:`OutputFailed`."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, s):
        try:
            return self._stream.write(s)
        except (OSError, ValueError) as e:
            raise OutputFailed(reason_of(e)) from None

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        try:
            return self._stream.flush()
        except (OSError, ValueError) as e:
            raise OutputFailed(reason_of(e)) from None

    def isatty(self):
        try:
            return self._stream.isatty()
        except (OSError, ValueError):
            return False

    def __getattr__(self, name):
        return getattr(self._stream, name)


class _Closed:
    """stdout when the process was started without one (``>&-``)."""

    encoding = "utf-8"
    errors = "strict"
    closed = False

    def write(self, s):
        if s:
            raise OutputFailed("stdout is closed")
        return 0

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        raise OSError(errno.EBADF, "stdout is closed")

    def readable(self):
        return False

    def writable(self):
        return True


def _fd_open(fd: int) -> bool:
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def setup() -> None:
    """Install the guards on stdout and the escaping on stdout and stderr (once, at start)."""
    for fd in (0, 1, 2):
        if not _fd_open(fd):  # keep a closed standard descriptor from being reused by a file saa opens
            try:
                got = os.open(os.devnull, os.O_RDONLY)
                if got != fd:
                    os.dup2(got, fd)
                    os.close(got)
            except OSError:
                pass
    if sys.stderr is None:  # started with 2>&-: messages go nowhere, the exit code still tells
        try:
            sys.stderr = open(os.devnull, "w")
        except OSError:  # pragma: no cover
            pass
    for name in ("stdout", "stderr"):
        s = getattr(sys, name)
        if s is not None and hasattr(s, "reconfigure"):
            try:
                s.reconfigure(errors="saa-escape")
            except Exception:  # pragma: no cover - a replaced stream
                pass
    if isinstance(sys.stdout, (_Guarded, _Closed)):
        return
    if sys.stdout is None:
        sys.stdout = _Closed()
    else:
        sys.stdout = _Guarded(sys.stdout)


def output_failed(e: BaseException) -> int:
    """Say once on stderr that stdout failed; silence stdout for the rest of the run; return the exit code."""
    reason = e.reason if isinstance(e, OutputFailed) else reason_of(e)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)   # what is still buffered for stdout goes nowhere, quietly, at exit
        os.close(devnull)
    except OSError:
        pass
    try:
        sys.stdout = open(os.devnull, "w")
    except OSError:  # pragma: no cover
        pass
    try:
        if sys.stderr is not None:
            sys.stderr.write(f"saa: error: cannot write the output: {reason}\n")
            sys.stderr.flush()
    except Exception:  # stderr closed too: the exit code says it
        pass
    return OUTPUT_FAILED


def finish(code):
    """Flush stdout at the end of a command; a failure there is reported like any other."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OutputFailed as e:
        return output_failed(e)
    except (OSError, ValueError) as e:
        return output_failed(e)
    return code
