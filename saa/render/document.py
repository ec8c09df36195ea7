"""The document model that reports are built as: headings, paragraphs, lists, tables, charts.

Builders (:mod:`saa.render.report`) make a :class:`Report` from core results;
:mod:`saa.render.markdown` and :mod:`saa.render.html` turn it into text. Every
text in the model is plain text as written in the plan; those renderers escape it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from ..records import dataclass


@dataclass
class Cell:
    text: str = ""
    items: list[str] | None = None     # several lines (a list in one cell)
    cls: str | None = None        # red, yellow, green, muted, bad, good, num
    strong: bool = False


@dataclass
class Heading:
    level: int
    text: str
    id: str
    note: str | None = None       # a small note shown with the heading (the file name)


@dataclass
class Para:
    text: str
    cls: str | None = None        # note, missing, warn, muted, big


@dataclass
class Item:
    text: str
    children: list[Item] = field(default_factory=list)
    cls: str | None = None


@dataclass
class Bullets:
    items: list[Item]


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Cell]]
    align: list[str] | None = None     # "l" or "r" per column
    caption: str | None = None
    cls: str | None = None


@dataclass
class Pairs:
    """A definition list: (label, Cell or text)."""
    rows: Sequence[tuple[str, Cell | str]]


@dataclass
class Chart:
    kind: str                     # matrix, heatmap, network, allocation
    data: dict[str, object]
    title: str


Block = Heading | Para | Bullets | Table | Pairs | Chart


@dataclass
class Report:
    title: str
    subtitle: str
    blocks: list[Block]
    toc: list[tuple[int, str, str]]     # (level, text, id)


def slug(text: str) -> str:
    """GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens."""
    out = []
    for ch in text.lower():
        if ch.isalnum() or ch in "-_":
            out.append(ch)
        elif ch == " ":
            out.append("-")
    return "".join(out)
