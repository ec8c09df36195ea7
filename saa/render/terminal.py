"""Shared helpers of the rich terminal renderers.

Text from a plan is never parsed as rich markup or emoji codes: it goes into
:class:`rich.text.Text` objects (or through :func:`markup`, which escapes it),
after :func:`safe` has turned control characters (ANSI escapes) into visible
``\\x1b`` text. Money shows with the plan's currency code and thousands
separators; unknown shows as ``unknown``, never 0.
"""

from __future__ import annotations

from .sanitise import terminal_text

DASH = "-"


_OFF = ("0", "false", "no", "off")


def colour_wanted(stream=None) -> bool:
    """Colour on ``stream`` (stdout): ``NO_COLOR`` set turns it off, ``FORCE_COLOR=0`` (or false/no/off)
    too, any other ``FORCE_COLOR`` turns it on; else only on a terminal. The one rule for every command."""
    import os
    import sys

    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR", "").strip()
    if force:
        return force.lower() not in _OFF
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no stdout, or a closed one
        return False


def console(file=None, **options):
    """A Console that follows :func:`colour_wanted` and ``COLUMNS``.

    Highlighting and emoji codes are off, so numbers and ``:smile:`` in a plan
    print as written. Tables it prints are first made to :func:`fit`: no
    name is ever cut to an ellipsis, whatever the width.
    """
    import os

    from rich.console import Console

    colour = colour_wanted(file)
    force = True if colour else (False if os.environ.get("FORCE_COLOR") else None)
    options.setdefault("soft_wrap", True)

    class _Console(Console):
        def print(self, *objects, **kwargs):
            for o in objects:
                fit(o, self)
            return super().print(*objects, **kwargs)

    return _Console(file=file, highlight=False, emoji=False, force_terminal=force, no_color=not colour, **options)


def fit(renderable, console) -> None:
    """Make a rich Table (and tables inside its cells) wrap instead of cutting words to an ellipsis.

    Every column folds a word longer than its width onto the next line; when
    the table cannot fit the screen with its unwrappable columns, those wrap
    too. Anything else is left as it is.
    """
    from rich.table import Table
    from rich.text import Text

    if not isinstance(renderable, Table):
        return
    for col in renderable.columns:
        col.overflow = "fold"
        for cell in col._cells:
            if isinstance(cell, Text) and cell.overflow == "ellipsis":
                cell.overflow = "fold"
            fit(cell, console)
    if not any(col.no_wrap for col in renderable.columns):
        return                         # nothing to turn off
    bound = _narrowest_at_most(renderable, console)
    if bound is not None and bound <= console.width:
        return                         # it fits: measuring (as long as drawing) could only confirm it
    if renderable.__rich_measure__(console, console.options).minimum > console.width or crops(renderable, console):
        for col in renderable.columns:
            col.no_wrap = False


def crops(table, console) -> bool:
    """Would rich cut a line of an unwrappable column of ``table``, or the table at the screen's edge? rich
    lays the columns out narrowing only the wrappable ones; when they cannot give enough room (a minimum
    width counts too), an unwrappable column gets less than its longest line, or the table comes out
    wider than the screen: cells or whole columns are cropped (a number or a column lost)."""
    try:   # rich's own layout (private methods of rich's Table, there since rich 10)
        width = (table.width if table.width is not None else console.width) - table._extra_width
        options = console.options.update_width(max(width, 0))
        widths = table._calculate_column_widths(console, options)
        if sum(widths) > width:
            return True
        unbounded = options.update_width(1 << 20)   # a column's longest line, not cut to the screen
        return any(col.no_wrap and table._measure_column(console, unbounded, col).maximum > w
                   for col, w in zip(table.columns, widths))
    except AttributeError:   # pragma: no cover - a rich without them: as before, only the words decide
        return False


def _narrowest_at_most(table, console) -> int | None:
    """At least the narrowest width rich can draw ``table`` in without cropping (its measured minimum,
    with each unwrappable column as wide as its longest line), computed as rich measures text (the
    longest word of each cell, plus padding and borders) but without laying the table out; None when a
    cell is not text or a width is set (then only rich's measure tells)."""
    from rich.cells import cell_len
    from rich.markup import render
    from rich.text import Text

    markup = getattr(console, "_markup", True) is not False
    if table.width is not None or table.min_width is not None:
        return None
    _, right, _, left = table.padding
    total = (2 if table.box and table.show_edge else 0) + (len(table.columns) - 1 if table.box else 0)
    for col in table.columns:
        if col.width is not None:
            return None
        cells = list(col._cells) + ([col.header] if table.show_header else []) + ([col.footer] if table.show_footer else [])
        widest = max(1, col.min_width or 0)   # rich's measure is at least a column's min_width
        for cell in cells:
            if isinstance(cell, Text):
                plain = cell.plain
            elif isinstance(cell, str):
                plain = render(cell).plain if markup and "[" in cell else cell   # as rich reads a str cell
            else:
                return None
            words = plain.split()
            if col.no_wrap:   # never wrapped: rich gives it its longest line or crops it (see crops)
                widest = max(widest, max(map(cell_len, plain.splitlines()), default=0))
            else:
                widest = max(widest, max(map(cell_len, words)) if words else
                             max(map(cell_len, plain.splitlines()), default=0))
        total += widest + left + right
    return total


def safe(s) -> str:
    """Plan text for a terminal: whitespace runs (newlines, tabs) become a space, control characters visible."""
    return terminal_text(s, oneline=True)


def text(s, style: str | None = None):
    """Plan text as a rich Text: shown literally, never as markup."""
    from rich.text import Text

    return Text(safe(s), style=style or "")


def markup(s) -> str:
    """Plan text to embed in a markup string."""
    from rich.markup import escape

    return escape(safe(s))


def amount(x) -> str:
    """``240,000``; ``unknown`` for None."""
    from ..scalars import format_money

    return format_money(x)


def money(x, currency: str) -> str:
    """``USD 240,000``; ``unknown`` for None."""
    if x is None:
        return "unknown"
    return f"{safe(currency)} {amount(x)}"


def number(x) -> str:
    """A plain number as people write it: 2000, 0.03, 1.5."""
    from ..scalars import format_number

    return format_number(x)


def percent(p) -> str:
    """``95%``, ``12.5%``; ``unknown`` for None."""
    if p is None:
        return "unknown"
    v = round(p * 100, 1)
    return f"{int(v)}%" if v == int(v) else f"{v}%"


def score(x) -> str:
    """A challenge score to one decimal, ``-`` without a score."""
    if x is None:
        return DASH
    return f"{round(x + 1e-9, 1):.1f}"


def signed(x) -> str:
    """A gap to one decimal with its sign: ``+1.0``, ``-0.3``, ``0.0``; ``-`` without one."""
    if x is None:
        return DASH
    v = round(x + (1e-9 if x >= 0 else -1e-9), 1)
    if v == 0:
        return "0.0"
    return f"{v:+.1f}"


def per_year(n) -> str:
    """Meetings per year: ``15/yr``, ``1.5/yr``; ``-`` when not written."""
    if n is None:
        return DASH
    return f"{number(float(n))}/yr"


def relation(r) -> str:
    """A relation score as its symbol (``--`` .. ``++``); ``not scored`` when missing."""
    from ..scalars import ScalarError, relation_symbol

    if r is None:
        return "not scored"
    try:
        return relation_symbol(r)
    except ScalarError:
        return safe(r)


def iso(d) -> str | None:
    return d.isoformat() if d is not None else None


def dumps(data) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)`` and a newline, byte for byte, made with a flat peak:
    the standard library keeps every piece of an indented document in one list before joining them (about
    8x the text), so the pieces are joined a few thousand at a time as they come."""
    import json   # on first use: the views' text output does not need it

    parts: list[str] = []
    pieces: list[str] = []
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        pieces.append(piece)
        if len(pieces) >= 4096:
            parts.append("".join(pieces))
            pieces.clear()
    parts.append("".join(pieces))
    parts.append("\n")
    return "".join(parts)
