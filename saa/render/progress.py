"""A progress count for long runs, on stderr only (never stdout, so output and JSON stay clean).

Shown only when stderr is a terminal and only once the run has taken longer than
``after`` seconds (a quick run prints nothing); the line is rewritten in place
(``\\r``) and wiped at the end.
"""

from __future__ import annotations

import sys
import time


class Progress:
    """``progress(done, total)`` callback for the core (e.g. :func:`saa.fmt.run`)."""

    def __init__(self, label: str, stream=None, after: float = 2.0, clock=time.monotonic):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.after = after
        self.clock = clock
        self.start = clock()
        self.shown = False
        try:
            self.tty = bool(self.stream.isatty())
        except (AttributeError, ValueError, OSError):
            self.tty = False

    def __call__(self, done: int, total: int) -> None:
        if not self.tty or (not self.shown and self.clock() - self.start < self.after):
            return
        self.shown = True
        self._write(f"\r{self.label}: {done}/{total}")

    def close(self) -> None:
        """Wipe the line, if one was shown."""
        if self.shown:
            self._write("\r\x1b[K")
            self.shown = False

    def _write(self, s: str) -> None:
        try:
            self.stream.write(s)
            self.stream.flush()
        except (OSError, ValueError):   # a closed or broken stderr: no progress, no failure
            self.tty = False
