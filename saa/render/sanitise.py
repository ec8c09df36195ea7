"""The one sanitiser of text that reaches a terminal (or a CI log): :func:`terminal_text`.

Every piece of text saa did not write itself (plan values, file and folder
names, paths from the command line, messages quoting them) goes through it
before it is printed to stdout or stderr, in every output format meant for a
terminal or a log (text, tables, GitHub annotations, the ``saa: note`` and
``saa: error`` lines). Control characters (ESC, BEL, C1 controls: the start of
terminal escape sequences such as OSC 52, which writes the clipboard),
bidirectional overrides and isolates (U+202E...), zero-width and other format
characters, line and paragraph separators, surrogates, private-use and
unassigned code points are shown as visible ``\\xNN`` / ``\\uNNNN`` /
``\\UNNNNNNNN`` text, never sent raw. Plain text passes unchanged (a fast path).
"""

from __future__ import annotations

_SPACES = str.maketrans({"\r": " ", "\n": " ", "\t": " "})


def _visible(c: str) -> str:
    o = ord(c)
    if o < 0x100:
        return "\\x%02x" % o
    if o < 0x10000:
        return "\\u%04x" % o
    return "\\U%08x" % o


def terminal_text(s, oneline: bool = False) -> str:
    """``s`` safe to print: every character that is not printable shown as an escape.

    With ``oneline``, line breaks and tabs become spaces first (table cells, one-line messages).
    ``None`` is the empty string.
    """
    if s is None:
        return ""
    s = s if isinstance(s, str) else str(s)
    if oneline:
        s = s.translate(_SPACES)
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() else _visible(c) for c in s)
