"""Shared helpers of the rich terminal renderers.

Text from a plan is never parsed as rich markup or emoji codes: it goes into
:class:`rich.text.Text` objects (or through :func:`markup`, which escapes it),
after :func:`safe` has turned control characters (ANSI escapes) into visible
``\\x1b`` text. Money shows with the plan's currency code and thousands
separators; unknown shows as ``unknown``, never 0.
"""

from __future__ import annotations

import json

from .findings import clean

DASH = "-"


def console(file=None):
    """A Console that follows the terminal, ``NO_COLOR``/``FORCE_COLOR`` and ``COLUMNS``.

    Highlighting and emoji codes are off, so numbers and ``:smile:`` in a plan
    print as written.
    """
    from rich.console import Console

    return Console(file=file, highlight=False, emoji=False, soft_wrap=True)


def safe(s) -> str:
    """Plan text for a terminal: whitespace runs (newlines, tabs) become a space, control characters visible."""
    if s is None:
        return ""
    s = str(s)
    for ch in "\r\n\t":
        s = s.replace(ch, " ")
    return clean(s)


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
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
