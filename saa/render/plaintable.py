"""Tables and lines for a stdout that is not a terminal, without rich: start-up and drawing time.

Importing rich costs about a third of ``import typer``, and rich takes its time
to draw a long table; piped output has no colour or style, so a view's tables
and lines can be written directly. :class:`Text` and :class:`Table` take the
part of rich's API the views use (styles are accepted and ignored, as rich
ignores them when stdout is not a terminal), and :class:`Console` prints them
byte for byte as rich prints them there: the same column widths (rich's
measuring, collapsing and last-resort narrowing of columns, and
:func:`saa.render.terminal.fit`), the same word wrapping and folding of long
words, the same title and ``HEAVY_HEAD`` box; lines soft-wrapped or wrapped at
the width, as the console is set.

Only what is certain is written here: text of characters one cell wide for
rich (printable ASCII and the ranges of :data:`_ONE_CELL_RANGES`), on a
console whose width is known. Anything else (other characters, markup, a
column too narrow for its padding, a line to crop, colour, a terminal) goes to
rich itself, so every other result is rich's (:func:`wanted` decides; tests
compare both).
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
    __slots__ = ("header", "justify", "no_wrap", "cells", "stats")

    def __init__(self, header: str, justify: str, no_wrap: bool) -> None:
        self.header = header
        self.justify = justify
        self.no_wrap = no_wrap
        self.cells: list[str] = []
        self.stats: tuple[int, int] | None = None   # (longest word, longest line): see _stats


class _Markup(str):
    """A cell given as a string with ``[``: rich reads it as markup (only rich draws the table)."""


class Table:
    """rich's ``Table()`` (header shown, edges, ``HEAVY_HEAD``, not expanded) with its columns, rows and a
    title; styles are accepted and ignored."""

    def __init__(self, title: str | Text | None = None, title_justify: str = "center", show_lines: bool = False,
                 expand: bool = False) -> None:
        self.columns: list[_Column] = []
        self.sections: list[bool] = []   # per row: a line under it
        self.title = title.plain if isinstance(title, Text) else title
        self.title_markup = not isinstance(title, Text)   # a string title is markup for rich
        self.title_justify = title_justify
        self.show_lines = show_lines
        self.expand = expand
        self.markup = False

    def add_column(self, header: str = "", justify: str = "left", no_wrap: bool = False, ratio=None,
                   overflow: str = "ellipsis") -> None:
        # ratio: no effect on a table that does not expand; overflow: every column folds (terminal.fit does so)
        self.columns.append(_Column(header, justify, no_wrap))

    def add_row(self, *cells, end_section: bool = False) -> None:
        for col, cell in zip(self.columns, cells):
            if isinstance(cell, Text):
                cell = cell.plain
            elif "[" in cell:
                cell = _Markup(cell)
                self.markup = True
            col.cells.append(cell)
        for col in self.columns[len(cells):]:
            col.cells.append("")
        self.sections.append(end_section)

    def add_section(self) -> None:
        if self.sections:
            self.sections[-1] = True

    def to_rich(self):
        """The same table as a rich Table (for rich to print what this module does not)."""
        from rich.table import Table as RichTable
        from rich.text import Text as RichText

        title = self.title if self.title_markup or not self.title else RichText(self.title, style="table.title")
        t = RichTable(title=title, title_justify=self.title_justify, show_lines=self.show_lines,
                      expand=self.expand)
        for c in self.columns:
            t.add_column(c.header, justify=c.justify, no_wrap=c.no_wrap)
        for i, end in enumerate(self.sections):
            t.add_row(*(c.cells[i] if isinstance(c.cells[i], _Markup) else RichText(c.cells[i])
                        for c in self.columns), end_section=end)
        return t

    def lines(self, width: int, soft_wrap: bool = True) -> list[str] | None:
        """The table as rich prints it on a console ``width`` wide (``soft_wrap`` as the console's: a title
        is then not wrapped), or None when that is not certain here."""
        cols = self.columns
        if not cols or self.markup or self.expand or self.show_lines or (self.title and (
                self.title_justify != "left" or (self.title_markup and "[" in self.title) or "\n" in self.title
                or not _plain(self.title))):
            return None   # markup, options or characters that are rich's business
        for c in cols:
            if "[" in c.header:
                return None
            c.stats = _stats(c)
            if c.stats is None:
                return None   # characters whose width is rich's business
        extra = 2 + len(cols) - 1
        no_wrap = [c.no_wrap for c in cols]
        widths = _column_widths(cols, no_wrap, width - extra)
        total = sum(widths)
        if any(no_wrap) and (sum(_measure(c, total)[0] for c in cols) + extra > width or total + extra > width
                             or any(keep and c.stats[1] > w - 2  # type: ignore[index]
                                    for c, w, keep in zip(cols, widths, no_wrap))):
            # saa.render.terminal.fit: the unwrappable columns cannot fit (rich would crop one), so
            # every column wraps
            no_wrap = [False] * len(cols)
            widths = _column_widths(cols, no_wrap, width - extra)
            total = sum(widths)
        for w in widths:
            if w - 2 < 1:
                return None   # no room inside the padding: rich's business
        out = []
        table_width = total + extra
        if self.title:
            if soft_wrap:    # rich neither wraps nor pads it (overflow "ignore")
                out.append(self.title)
            else:
                out += [piece.ljust(table_width) for piece in _wrap(self.title, table_width)]
        out.append(_TOP[0] + _TOP[2].join(_TOP[1] * w for w in widths) + _TOP[3])
        head = [_cell(c.header, w, keep, c.justify == "right") for w, c, keep in zip(widths, cols, no_wrap)]
        height = max(map(len, head))
        for cell, w in zip(head, widths):
            cell[:0] = [" " * w] * (height - len(cell))
        out += [_HEAD[0] + _HEAD[1].join(cell[n] for cell in head) + _HEAD[2] for n in range(height)]
        out.append(_HEAD_LINE[0] + _HEAD_LINE[2].join(_HEAD_LINE[1] * w for w in widths) + _HEAD_LINE[3])
        section = _SECTION[0] + _SECTION[2].join(_SECTION[1] * w for w in widths) + _SECTION[3]
        left, divider, right = _BODY
        last = len(self.sections) - 1
        blanks = [(" " * w,) for w in widths]
        append = out.append
        drawn = [_column_cells(c, w, keep) for c, w, keep in zip(cols, widths, no_wrap)]
        for index, (end, cells) in enumerate(zip(self.sections, zip(*drawn))):
            height = max(map(len, cells))
            if height == 1:
                append(left + divider.join([cell[0] for cell in cells]) + right)
            else:
                padded = [cell if len(cell) == height else cell + blank * (height - len(cell))
                          for cell, blank in zip(cells, blanks)]
                for parts in zip(*padded):
                    append(left + divider.join(parts) + right)
            if end and index < last:
                append(section)
        out.append(_BOTTOM[0] + _BOTTOM[2].join(_BOTTOM[1] * w for w in widths) + _BOTTOM[3])
        return out


def _column_cells(col: _Column, width: int, no_wrap: bool) -> list[tuple[str, ...]]:
    """The drawn lines of each cell of a column ``width`` wide."""
    inner = width - 2
    right = col.justify == "right"
    drawn: dict = {}   # the drawn lines of a line, by the line: lines repeat
    get = drawn.get
    out: list[tuple[str, ...]] = []
    append = out.append
    for s in col.cells:
        if len(s) <= inner and "\n" not in s:
            append((" " + (s.rstrip().rjust(inner) if right else s.ljust(inner)) + " ",))
            continue
        lines: tuple = ()
        for line in s.split("\n"):
            got = get(line)
            if got is None:
                got = drawn[line] = tuple(_cell(line, width, no_wrap, right))
            lines += got
        append(lines)
    return out


def _stats(col: _Column) -> tuple[int, int] | None:
    """The longest word and the longest line of the column's header and cells (all rich's measure needs),
    or None for characters this module does not draw."""
    texts = [col.header, *col.cells]
    joined = "\n".join(texts)
    if not _plain(joined):
        return None
    lo = max(map(len, joined.split()), default=0)
    hi = max(map(len, joined.split("\n")))
    for s in [s for s in texts if s and s.isspace()]:   # spaces only: rich's minimum is its longest line
        lo = max(lo, max(map(len, s.split("\n"))))
    return lo, hi


# Characters one cell wide for rich: printable ASCII and, of rich's own single-cell ranges and the Unicode
# widths it has used since 13.7, Latin-1 and Latin Extended, Greek and Cyrillic, general punctuation (dashes,
# quotes, bullets), currency signs, box drawing and block elements; only printable ones (no space but " ",
# no format or combining character). Line breaks are allowed (they separate the lines of a cell).
_ONE_CELL_RANGES = ((0x20, 0x7E), (0xA1, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2010, 0x2027),
                    (0x2030, 0x205E), (0x20A0, 0x20C0), (0x2500, 0x25FC))
_ONE_CELL: frozenset[str] | None = None


def _one_cell() -> frozenset[str]:
    global _ONE_CELL
    if _ONE_CELL is None:
        chars = (chr(c) for lo, hi in _ONE_CELL_RANGES for c in range(lo, hi + 1))
        _ONE_CELL = frozenset([c for c in chars if c.isprintable() and (c == " " or not c.isspace())] + ["\n"])
    return _ONE_CELL


def _plain(s: str) -> bool:
    """Text whose every character is printable and one column wide, for rich too (line breaks allowed)."""
    if s.isascii():
        return s.replace("\n", "").isprintable()
    return _one_cell().issuperset(s)


def _measure(col: _Column, max_width: int) -> tuple[int, int]:
    """rich's Table._measure_column: the widest minimum and maximum of the column's cells (each a Text
    padded one space either side), from the column's :func:`_stats`."""
    if max_width < 1:
        return 0, 0
    inner = max_width - 2
    if inner < 1:
        return max_width, max_width   # Padding's measure with no room
    lo, hi = col.stats   # type: ignore[misc]
    if hi < 1:
        return 0, 0
    return min(lo, inner) + 2, min(hi, inner) + 2


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


def _column_widths(cols: list[_Column], no_wrap: list[bool], max_width: int) -> list[int]:
    """rich's Table._calculate_column_widths for a table that does not expand."""
    widths = [_measure(c, max_width)[1] or 1 for c in cols]
    if sum(widths) > max_width:
        widths = _collapse(widths, [not keep for keep in no_wrap], max_width)
        if sum(widths) > max_width:   # rich's last resort: every column narrower alike
            widths = _ratio_reduce(sum(widths) - max_width, [1] * len(widths), widths, widths)
        widths = [_measure(c, w)[1] or 0 for c, w in zip(cols, widths)]
    return widths


def _divide(line: str, width: int) -> list[str]:
    """rich's word wrapping (divide_line, folding a word longer than ``width``) of a line of one-cell characters."""
    breaks = []
    offset = start = 0
    for word in _WORD.findall(line):
        size = len(word)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += size
        elif length > width:   # folded (rich's chop_cells: pieces ``width`` long)
            pieces = size // width + (size % width > 0)
            at = start
            for n in range(pieces):
                if at:
                    breaks.append(at)
                if n == pieces - 1:
                    offset = size - width * n
                else:
                    at += width
        elif offset and start:
            breaks.append(start)
            offset = size
        start += size
    if not breaks:
        return [line]
    bounds = [0, *breaks, len(line)]
    return [line[a:b] for a, b in zip(bounds, bounds[1:])]


def _rstrip_end(s: str, size: int) -> str:
    if len(s) > size:
        m = _TRAILING_SPACE.search(s)
        if m is not None:
            s = s[: len(s) - min(len(m.group(0)), len(s) - size)]
    return s


def _cell(text: str, width: int, no_wrap: bool, right: bool) -> list[str]:
    """The lines of one cell ``width`` wide: one space of padding either side, wrapped and justified."""
    inner = width - 2
    out = []
    for line in text.split("\n"):
        for piece in ([line] if no_wrap or len(line) <= inner else _wrap(line, inner)):
            if right:
                piece = piece.rstrip()[:inner]
                piece = " " * (inner - len(piece)) + piece
            else:
                piece = piece[:inner].ljust(inner)
            out.append(" " + piece + " ")
    return out


def kit(console) -> tuple:
    """The Text and Table classes that print on ``console``: this module's on its :class:`Console`, else rich's."""
    if isinstance(console, Console):
        return Text, Table
    from rich.table import Table as RichTable
    from rich.text import Text as RichText

    return RichText, RichTable


def console(file=None, **options):
    """This module's :class:`Console` when :func:`wanted` (stdout a plain file), else the terminal's rich one
    (:func:`saa.render.terminal.console`); ``options``: ``soft_wrap``."""
    if wanted():
        return Console(file, soft_wrap=options.get("soft_wrap", True))
    from .terminal import console as rich_console

    return rich_console(file, **options)


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
    """Prints a :class:`Text`, a :class:`Table` or a string as rich's console (no emoji codes, no highlighting)
    prints it to a file: with ``soft_wrap`` (the default) a line as it is, else wrapped at the width; a string
    with markup (``[``), a table or a line not certain here go to rich."""

    def __init__(self, file=None, soft_wrap: bool = True) -> None:
        self._file = file
        self.soft_wrap = soft_wrap
        self.width = width() or 80
        self.encoding = "utf-8"   # wanted(): rich's console would be UTF-8 too
        self._rich = None

    @property
    def file(self):
        return self._file or sys.stdout

    @file.setter
    def file(self, file) -> None:
        self._file = file

    def _write(self, text: str) -> None:
        f = self.file
        f.write(text)
        f.flush()

    def print(self, obj=None) -> None:
        if obj is None:
            self._write("\n")
        elif isinstance(obj, Table):
            lines = obj.lines(self.width, self.soft_wrap)
            if lines is None:
                self._fallback().print(obj.to_rich())
            else:
                self._write("".join(line + "\n" for line in lines))
        else:
            markup = not isinstance(obj, Text)
            text = obj if markup else obj.plain
            if markup and "[" in text:
                self._fallback().print(text)      # markup: rich's business
                return
            lines = [text] if self.soft_wrap else wrapped(text, self.width)
            if lines is None:
                from rich.text import Text as RichText

                self._fallback().print(RichText(text))
            else:
                self._write("".join(line + "\n" for line in lines))

    def _fallback(self):
        if self._rich is None:
            from .terminal import console

            self._rich = console(self._file, soft_wrap=self.soft_wrap)
        self._rich.file = self.file
        self._rich.soft_wrap = self.soft_wrap
        return self._rich


def wrapped(text: str, width: int) -> list[str] | None:
    """The lines rich prints for ``text`` on a console ``width`` wide without soft wrap (words wrapped, none
    folded), or None when that is not certain here."""
    if not _plain(text):
        return None
    out = []
    for line in text.split("\n"):
        out += [line] if len(line) <= width else _wrap(line, width)
    return out


def _wrap(line: str, width: int) -> list[str]:
    """rich's wrapping of a line ``width`` wide: the pieces, spaces beyond the width cut."""
    return [piece if len(piece) <= width else _rstrip_end(piece, width) for piece in _divide(line, width)]
