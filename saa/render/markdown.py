"""The report as GitHub-flavoured markdown, for a pull request or a wiki.

Every plan text is escaped: markdown punctuation gets a backslash, ``<``, ``>``
and ``&`` become entities (so a ``<script>`` in a plan is shown, never run),
``|`` cannot break a table and a line break in a cell becomes ``<br>``.
Challenge colours show as the colour's word next to the score (``3.7 *yellow*``),
never as an emoji: a pull-request comment read in a terminal, a mail client or
by a screen reader shows words, and no font is needed. The charts of the HTML
report have no markdown form: their data is in the tables.
"""

from __future__ import annotations

import re

from .document import Bullets, Cell, Chart, Heading, Item, Pairs, Para, Report, Table
from .findings import clean

_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~])")
_LIST_START = re.compile(r"^(\s*)([-+]|\d+[.)])(\s|$)")
COLOUR_WORDS = ("red", "yellow", "green")


def colour_of(cls: str | None) -> str | None:
    """The colour word a cell's classes give it (``num red`` -> ``red``), or None."""
    names = (cls or "").split()
    return next((w for w in COLOUR_WORDS if w in names), None)


def says_colour(text: str, word: str) -> bool:
    """Whether ``text`` already names ``word`` (``team green, spoiler yellow`` names yellow): no second mark then."""
    return re.search(rf"\b{word}\b", text) is not None


def md(text) -> str:
    """Plan text as inline markdown that shows exactly what was written."""
    s = "" if text is None else str(text)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _SPECIAL.sub(r"\\\1", s)
    s = " ".join(s.split())          # newlines and tabs: one space
    s = clean(s)                     # control characters (escape sequences) shown, never sent to a terminal
    m = _LIST_START.match(s)
    if m:
        s = m.group(1) + "\\" + s[len(m.group(1)):]
    return s


def _cell(c) -> str:
    if not isinstance(c, Cell):
        return md(c)
    if c.items is not None:
        text = "<br>".join("- " + md(x) if len(c.items) > 1 else md(x) for x in c.items) or " "
    else:
        text = md(c.text)
    if c.strong and text.strip():
        text = f"**{text}**"
    word = colour_of(c.cls)
    if word and not says_colour(" ".join(c.items) if c.items is not None else c.text, word):
        text = f"{text} *{word}*"
    return text or " "


def _table(t: Table) -> list:
    out = []
    if t.caption:
        out.append(f"*{md(t.caption)}*")
        out.append("")
    n = len(t.headers)
    align = t.align or ["l"] * n
    out.append("| " + " | ".join(md(h) or " " for h in t.headers) + " |")
    out.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    for row in t.rows:
        cells = [_cell(c) for c in row] + [" "] * (n - len(row))
        out.append("| " + " | ".join(cells) + " |")
    return out


def _bullets(items, depth: int = 0) -> list:
    out = []
    for it in items:
        text = md(it.text)
        if it.cls == "bad":
            text = f"**{text}**"
        elif it.cls == "muted":
            text = f"~~{text}~~" if "(done" in it.text or "dropped" in it.text else f"*{text}*"
        out.append("  " * depth + f"- {text}")
        if it.children:
            out.extend(_bullets(it.children, depth + 1))
    return out


def _para(p: Para) -> str:
    text = md(p.text)
    if p.cls in ("missing", "warn", "bad"):
        return f"> **{'Warning' if p.cls in ('warn', 'bad') else 'To do'}:** {text}"
    if p.cls in ("note", "muted"):
        return f"*{text}*"
    if p.cls == "big" or p.cls == "good":
        return f"**{text}**"
    return text


def render(doc: Report) -> str:
    lines = [f"# {md(doc.title)}", "", f"*{md(doc.subtitle)}*", ""]
    if doc.toc:
        lines.append("**Contents:** " + " · ".join(f"[{md(text)}](#{hid})" for level, text, hid in doc.toc if level == 2))
        lines.append("")
    for b in doc.blocks:
        if isinstance(b, Heading):
            note = f" <sub>`{b.note}`</sub>" if b.note and all(ch.isalnum() or ch in "-._" for ch in b.note) else ""
            lines.append("#" * b.level + " " + md(b.text) + note)
        elif isinstance(b, Para):
            lines.append(_para(b))
        elif isinstance(b, Bullets):
            lines.extend(_bullets(b.items))
        elif isinstance(b, Table):
            lines.extend(_table(b))
        elif isinstance(b, Pairs):
            lines.extend(_table(Table(["", ""], [[Cell(k, strong=True), v if isinstance(v, Cell) else Cell(str(v))]
                                                 for k, v in b.rows])))
        elif isinstance(b, Chart):
            continue
        lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


__all__ = ["render", "md", "Item"]
