"""ANSI colour for plain-text output (findings, diff, the scoring interview), in one place.

Rich tables colour themselves; text that saa writes line by line asks :func:`style`.
"""

from __future__ import annotations

CODES = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2", "heading": "1;36", "plain": "0"}


def style(text: str, name: str, colour: bool = True) -> str:
    """``text`` in the style ``name`` (a key of :data:`CODES`), or as it is when ``colour`` is off."""
    if not colour or name == "plain":
        return text
    return f"\x1b[{CODES[name]}m{text}\x1b[0m"
