"""What day it is, for every question of the method that depends on it (overdue, review age)."""

from __future__ import annotations

import datetime as _dt
import os


def today() -> _dt.date:
    """Today's date; ``SAA_TODAY=YYYY-MM-DD`` pins it (tests, reproducible reports)."""
    pinned = os.environ.get("SAA_TODAY")
    if pinned:
        try:
            return _dt.date.fromisoformat(pinned)
        except ValueError:
            pass
    return _dt.date.today()

