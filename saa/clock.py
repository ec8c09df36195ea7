"""What day it is, for every question of the method that depends on it (overdue, review age)."""

from __future__ import annotations

import datetime as _dt
import os


def pinned_problem() -> str | None:
    """Why ``SAA_TODAY`` is ignored, or None when it is unset or a date (the command line warns with it)."""
    pinned = os.environ.get("SAA_TODAY")
    if not pinned:
        return None
    try:
        _dt.date.fromisoformat(pinned.strip())
    except ValueError:
        return f"SAA_TODAY={pinned!r} is not a date (YYYY-MM-DD); using today, {_dt.date.today().isoformat()}"
    return None


def today() -> _dt.date:
    """Today's date; ``SAA_TODAY=YYYY-MM-DD`` pins it (tests, reproducible reports)."""
    pinned = os.environ.get("SAA_TODAY")
    if pinned:
        try:
            return _dt.date.fromisoformat(pinned.strip())
        except ValueError:
            pass
    return _dt.date.today()

