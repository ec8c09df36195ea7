"""Tables and lines for a stdout that is not a terminal, without importing rich: a start-up optimisation.

Importing rich costs about a third of ``import typer``; piped output has no
colour or style, so a view whose table is simple can be written directly.
:class:`Text` and :class:`Table` take the part of rich's API the views use
(styles are accepted and ignored, as rich ignores them when stdout is not a
terminal), and :class:`Console` prints them byte for byte as rich prints them
there: the same column widths (rich's measuring and collapsing of columns), the
same word wrapping, the same ``HEAVY_HEAD`` box.

Only what is certain is written here: plain ASCII text whose words fit their
columns, on a console whose width is known. Anything else (other characters,
a word to fold, a column too narrow, colour, a terminal) goes to rich itself,
so every other result is rich's (:func:`wanted` decides; tests compare both).
"""

from __future__ import annotations

import os
import re
import sys

_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")

# rich's box.HEAVY_HEAD: top, head row, line under the head, body, section line, bottom
_TOP = ("┏", "━", "┳", "┓")
_HEAD = ("┃", "┃", "┃")
_HEAD_LINE = ("┡", "━", "╇", "┩")
_BODY = ("│", "│", "│")
_SECTION = ("├", "─", "┼", "┤")
_BOTTOM = ("└", "─", "┴", "┘")


class Text:
    """A line of text built from pieces (rich's ``Text``; styles ignored)."""

    __slots__ = ("plain",)

    def __init__(self, text: str = "", style: str = "") -> None:
        self.plain = text

    @classmethod
    def assemble(cls, *parts) -> Text:
        t = cls()
        for p in parts:
            t.append(p[0] if isinstance(p, tuple) else p)
        return t

    def append(self, text, style: str = "") -> Text:
        self.plain += text.plain if isinstance(text, Text) else text
        return self

    def append_text(self, text: Text) -> Text:
        self.plain += text.plain
        return self


class _Column:
    __slots__ = ("header", "justify", "no_wrap", "cells")

    def __init__(self, header: str, justify: str, no_wrap: bool) -> None:
        self.header = header
        self.justify = justify
        self.no_wrap = no_wrap
        self.cells: list[str] = []


class Table:
    """rich's ``Table()`` with its defaults (header shown, edges, ``HEAVY_HEAD``), columns and rows."""

    def __init__(self) -> None:
        self.columns: list[_Column] = []
        self.sections: list[bool] = []   # per row: a line under it

    def add_column(self, header: str = "", justify: str = "left", no_wrap: bool = False, ratio=None) -> None:
        self.columns.append(_Column(header, justify, no_wrap))   # ratio: no effect on a table that does not expand

    def add_row(self, *cells, end_section: bool = False) -> None:
        for col, cell in zip(self.columns, cells):
            col.cells.append(cell.plain if isinstance(cell, Text) else cell)
        self.sections.append(end_section)

    def add_section(self) -> None:
        if self.sections:
            self.sections[-1] = True

    def to_rich(self):
        """The same table as a rich Table (for rich to print what this module does not)."""
        from rich.table import Table as RichTable
        from rich.text import Text as RichText

        t = RichTable()
        for c in self.columns:
            t.add_column(c.header, justify=c.justify, no_wrap=c.no_wrap)
        for i, end in enumerate(self.sections):
            t.add_row(*(RichText(c.cells[i]) for c in self.columns), end_section=end)
        return t

    def lines(self, width: int) -> list[str] | None:
        """The table as rich prints it on a console ``width`` wide, or None when that is not certain here."""
        cols = self.columns
        if not cols:
            return None
        for c in cols:
            if "[" in c.header or not all(_plain(s) for s in (c.header, *c.cells)):
                return None   # a header with markup, or characters whose width is rich's business
        extra = 2 + len(cols) - 1
        widths = _column_widths(cols, width - extra)
        if widths is None:
            return None
        # saa.render.terminal.fit: a table whose unwrappable columns cannot fit would be laid out otherwise
        total = sum(widths)
        if sum(_measure(c, total)[0] for c in cols) + extra > width:
            return None
        for c, w in zip(cols, widths):
            if w - 2 < 1:
                return None
            for s in (c.header, *c.cells):
                if c.no_wrap and any(len(line) > w - 2 for line in s.split("\n")):
                    return None   # rich would crop it
                if not c.no_wrap and any(len(word) > w - 2 for word in s.split()):
                    return None   # rich would fold it
        out = [_TOP[0] + _TOP[2].join(_TOP[1] * w for w in widths) + _TOP[3]]
        rows = [[c.header for c in cols]] + [[c.cells[i] for c in cols] for i in range(len(self.sections))]
        for index, row in enumerate(rows):
            header = index == 0
            cells = [_cell(text, w, c) for text, w, c in zip(row, widths, cols)]
            height = max(len(cell) for cell in cells)
            for cell, w in zip(cells, widths):
                blank = [" " * w] * (height - len(cell))
                cell[:] = blank + cell if header else cell + blank
            left, divider, right = _HEAD if header else _BODY
            for n in range(height):
                out.append(left + divider.join(cell[n] for cell in cells) + right)
            if header:
                out.append(_HEAD_LINE[0] + _HEAD_LINE[2].join(_HEAD_LINE[1] * w for w in widths) + _HEAD_LINE[3])
            elif self.sections[index - 1] and index < len(rows) - 1:
                out.append(_SECTION[0] + _SECTION[2].join(_SECTION[1] * w for w in widths) + _SECTION[3])
        out.append(_BOTTOM[0] + _BOTTOM[2].join(_BOTTOM[1] * w for w in widths) + _BOTTOM[3])
        return out


def _plain(s: str) -> bool:
    """Printable ASCII (and line breaks in headers): one character, one column, for rich too."""
    return s.isascii() and s.replace("\n", "").isprintable()


def _normalize(lo: int, hi: int) -> tuple[int, int]:
    lo = min(max(0, lo), hi)
    return max(0, lo), max(0, max(lo, hi))


def _measure_text(s: str, max_width: int) -> tuple[int, int]:
    """rich's Measurement.get of a cell (a Text padded one space either side), ``max_width`` wide."""
    if max_width < 1:
        return 0, 0
    inner = max_width - 2
    if inner < 1:
        return max_width, max_width   # Padding's measure with no room (normalised below)
    lines = s.splitlines()
    hi = max((len(line) for line in lines), default=0)
    words = s.split()
    lo = max((len(w) for w in words), default=hi)
    lo, hi = _normalize(lo, hi)
    lo, hi = min(lo, inner), min(hi, inner)
    if hi < 1:
        lo, hi = 0, 0
    else:
        lo, hi = _normalize(lo, hi)
    lo, hi = min(lo + 2, max_width), min(hi + 2, max_width)
    lo, hi = _normalize(lo, hi)
    return (0, 0) if hi < 1 else _normalize(lo, hi)


def _measure(col: _Column, max_width: int) -> tuple[int, int]:
    """rich's Table._measure_column: the widest minimum and maximum of the column's cells."""
    if max_width < 1:
        return 0, 0
    sizes = [_measure_text(s, max_width) for s in (col.header, *col.cells)]
    lo = max(m[0] for m in sizes)
    hi = max(m[1] for m in sizes)
    return min(lo, max_width), min(hi, max_width)


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    ratios = [r if m else 0 for r, m in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for r, m, v in zip(ratios, maximums, values):
        if r and total_ratio > 0:
            d = min(m, round(r * remaining / total_ratio))
            result.append(v - d)
            remaining -= d
            total_ratio -= r
        else:
            result.append(v)
    return result


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            top = max(w for w, ok in zip(widths, wrapable) if ok)
            second = max(w if ok and w != top else 0 for w, ok in zip(widths, wrapable))
            diff = top - second
            ratios = [1 if (w == top and ok) else 0 for w, ok in zip(widths, wrapable)]
            if not any(ratios) or not diff:
                break
            widths = _ratio_reduce(excess, ratios, [min(excess, diff)] * len(widths), widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def _column_widths(cols: list[_Column], max_width: int) -> list[int] | None:
    """rich's Table._calculate_column_widths for a table that does not expand; None for its last resort."""
    widths = [_measure(c, max_width)[1] or 1 for c in cols]
    if sum(widths) > max_width:
        widths = _collapse(widths, [not c.no_wrap for c in cols], max_width)
        if sum(widths) > max_width:
            return None   # rich would shrink every column evenly
        widths = [_measure(c, w)[1] or 0 for c, w in zip(cols, widths)]
    return widths


def _divide(line: str, width: int) -> list[str]:
    """rich's word wrapping (divide_line) of a line whose every word fits ``width``."""
    breaks = []
    offset = 0
    for m in _WORD.finditer(line):
        start, word = m.start(), m.group(0)
        if width - offset >= len(word.rstrip()):
            offset += len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    bounds = [0, *breaks, len(line)]
    return [line[a:b] for a, b in zip(bounds, bounds[1:])]


def _rstrip_end(s: str, size: int) -> str:
    if len(s) > size:
        m = _TRAILING_SPACE.search(s)
        if m is not None:
            s = s[: len(s) - min(len(m.group(0)), len(s) - size)]
    return s


def _cell(text: str, width: int, col: _Column) -> list[str]:
    """The lines of one cell ``width`` wide: one space of padding either side, wrapped and justified."""
    inner = width - 2
    out = []
    for line in text.split("\n"):
        for piece in ([line] if col.no_wrap else [_rstrip_end(p, inner) for p in _divide(line, inner)]):
            if col.justify == "right":
                piece = piece.rstrip()[:inner]
                piece = " " * (inner - len(piece)) + piece
            else:
                piece = piece[:inner].ljust(inner)
            out.append(" " + piece + " ")
    return out


def wanted(file=None) -> bool:
    """True when rich would print to ``file`` (stdout) as to a file: no colour, no terminal, UTF-8, on POSIX."""
    from .terminal import colour_wanted

    file = sys.stdout if file is None else file
    env = os.environ
    if os.name != "posix" or colour_wanted(file) or "FORCE_COLOR" in env or env.get("TTY_COMPATIBLE") == "1":
        return False
    try:
        if file.isatty():
            return False
    except (AttributeError, ValueError, OSError):
        return False
    return (getattr(file, "encoding", None) or "utf-8").lower().startswith("utf") and width() is not None


def width() -> int | None:
    """The width rich gives its console here: ``COLUMNS``, else the terminal of stdin, stdout or stderr, else 80;
    None when it is not a plain number of columns from 20 to 1000."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        if not columns.isascii():
            return None
        w = int(columns)
    else:
        w = 0
        for fd in (0, 1, 2):
            try:
                w = os.get_terminal_size(fd).columns
            except (AttributeError, ValueError, OSError):
                continue
            break
        w = w or 80
    return w if 20 <= w <= 1000 else None


class Console:
    """Prints a :class:`Text`, a :class:`Table` or a string as rich's console (soft wrap, no emoji codes, no
    highlighting) prints it to a file; a string with markup (``[``) and a table not certain here go to rich."""

    def __init__(self, file=None) -> None:
        self.file = file
        self.width = width() or 80
        self._rich = None

    def _write(self, text: str) -> None:
        f = self.file or sys.stdout
        f.write(text)
        f.flush()

    def print(self, obj=None) -> None:
        if obj is None:
            self._write("\n")
        elif isinstance(obj, Table):
            lines = obj.lines(self.width)
            if lines is None:
                self._fallback().print(obj.to_rich())
            else:
                self._write("".join(line + "\n" for line in lines))
        elif isinstance(obj, Text):
            self._write(obj.plain + "\n")    # soft wrap: a line as it is
        elif "[" in obj:
            self._fallback().print(obj)      # markup: rich's business
        else:
            self._write(obj + "\n")

    def _fallback(self):
        if self._rich is None:
            from .terminal import console

            self._rich = console(self.file)
        return self._rich

