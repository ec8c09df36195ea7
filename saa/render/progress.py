"""Progress on stderr for long runs, never on stdout (output and JSON stay clean).

:func:`bar` is a rich progress bar for loops over plans; :class:`Progress` a
plain count rewritten in place, shown only on a terminal once a run has taken
longer than ``after`` seconds (``saa fmt``, ``saa check`` and the views over a
portfolio).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator

PROGRESS_FROM = 10   # items; fewer finish too fast for a bar to help
AFTER = 2.0          # seconds: a run that takes longer shows its progress (on a terminal's stderr)


def wanted(count: int, force: bool | None = None) -> bool:
    """A bar when stderr is a terminal and there are at least :data:`PROGRESS_FROM` items (or when forced)."""
    if force is not None:
        return force
    try:
        return sys.stderr.isatty() and count >= PROGRESS_FROM
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def bar(label: str, total: int, force: bool | None = None) -> Iterator[Callable[[], None] | None]:
    """Yields a function to call after each item, or None when no bar is wanted."""
    if not wanted(total, force):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


class Progress:
    """``progress(done, total)`` callback for the core (e.g. :func:`saa.fmt.run`)."""

    def __init__(self, label: str, stream=None, after: float | None = None, clock=time.monotonic):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.after = AFTER if after is None else after
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
