"""A progress bar on stderr for long runs: never on stdout, so ``--json`` and pipes stay clean."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

PROGRESS_FROM = 10   # items; fewer finish too fast for a bar to help


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
