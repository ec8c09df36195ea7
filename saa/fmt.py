"""``saa fmt``: plan files in one canonical form, keeping every comment and every value.

The canonical form:

* 2-space indentation; a list sits under its key with ``- `` at offset 2
  (``contacts:`` / ``  - name: ...`` / ``    title: ...``), like the shipped plans;
* keys in the order of the plan format (:mod:`saa.fileformat`); unknown keys follow
  the known ones in the order they were written; ``{do, owner, due, status}`` for actions;
* quoting normalised: a quoted text that reads the same unquoted is written
  plain, anything else in double quotes (single quotes never); relation scores
  are always quoted (``"+"``, ``"0"``, ``"-"``); block scalars (``|``, ``>``) stay
  block scalars;
* text is never re-wrapped: a text written over several lines keeps its line
  breaks (only the indentation of its continuation lines changes); flow lists
  and maps (``[a, b]``, ``{confidence: 4, ...}``) stay on one line;
* at most one blank line in a row; the file ends with one newline; no BOM, LF.

Comments stay with what they describe: a comment line above a key moves with
the key when keys are reordered; a comment at the end of a line stays at the end
of that line (with the spacing it had, so aligned comments stay aligned); a
comment indented deeper than the next key (a commented-out item, say) stays
with the block above it; the comment block at the top of a file stays at the
top. A flow list or map that holds comments is written as a block so its
comments can stay.

How: the file is read with ruamel.yaml's parser (events with exact positions
and styles), comments are picked from the text between the values, and the
tree is written out by the small emitter below. ruamel's own round-trip emitter
is not used for writing because it re-wraps (or joins) every long text, which
turns each `saa fmt` into a wall of diff lines in a pull request, and because
its comment model attaches a comment to the *previous* node, so moving keys
moves comments away from what they describe.

Safety: the output is parsed again and must give exactly the same data and
exactly the same comments; otherwise a conservative second rendering is tried,
and if that fails too the file is left alone with a message. Files with
findings from loading (syntax errors, duplicate keys, anchors, tags, not
UTF-8...) are never rewritten.
"""

from __future__ import annotations

import bisect
import difflib
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .fileformat import FILES, Spec
from .yamlio import MAX_BYTES, parse_text, resolve_plain

ACTION_ORDER = ("do", "owner", "due", "status")
INDENT = 2


class FormatError(Exception):
    """A file that fmt leaves alone; ``line``/``column`` point at the problem when known."""

    def __init__(self, message: str, line: int = 1, column: int = 1, rule: str = "fmt"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.rule = rule


# ---- the tree ---------------------------------------------------------------

@dataclass(eq=False)
class Comment:
    text: str           # "# ..." without trailing spaces, or "" for a blank line
    pos: int = -1       # where it was written (index in the text)
    rel: int = 0        # full-line comments: columns right of the block they belong to
    gap: int = 1        # end-of-line comments: spaces before the '#'


@dataclass(eq=False)
class Scalar:
    value: str                      # the scalar's text as YAML reads it (before typing)
    style: str | None = None        # None plain, "'", '"', "|", ">"
    src: str | None = None          # plain scalars: the source text (keeps types and line breaks)
    start: int = -1
    end: int = -1
    eol: list = field(default_factory=list)         # comments at the end of its (last) line
    header_eol: list = field(default_factory=list)  # block scalars: comment after | or >
    spec: Spec | None = None
    owner: "Entry | None" = None

    @property
    def plain(self) -> bool:
        return self.style is None and self.src is not None

    def typed(self):
        """The value as saa reads it (plain scalars by the YAML 1.2 core schema)."""
        if self.plain:
            return resolve_plain(self.value) if self.value != "" else None
        return self.value


@dataclass(eq=False)
class Coll:
    kind: str                       # "map" or "seq"
    flow: bool = False
    entries: list = field(default_factory=list)
    start: int = -1
    end: int = -1                   # flow collections: after the closing bracket
    col: int = 0
    eol: list = field(default_factory=list)          # flow collections: comment after ] or }
    spec: Spec | None = None
    owner: "Entry | None" = None
    pending: Scalar | None = None   # while building a map: the key waiting for its value


@dataclass(eq=False)
class Entry:
    key: Scalar | None              # None in a list
    value: object
    coll: Coll
    parent: "Entry | None" = None   # the entry whose value holds ``coll``
    start: int = -1
    col: int = 0
    before: list = field(default_factory=list)   # comment lines (and blank lines) above it
    after: list = field(default_factory=list)    # comment lines below it that belong to it


@dataclass(eq=False)
class Doc:
    root: object = None
    header: list = field(default_factory=list)
    trailer: list = field(default_factory=list)
    explicit_start: bool = False
    start_pos: int = 0
    version: tuple | None = None
    comments: list = field(default_factory=list)     # every comment text, as found


def new_scalar(value) -> Scalar:
    """A scalar built by saa (scoring): numbers as written, texts plain when safe."""
    if isinstance(value, bool):
        return Scalar("true" if value else "false", None, "true" if value else "false")
    if isinstance(value, int):
        return Scalar(str(value), None, str(value))
    if isinstance(value, float):
        return Scalar(repr(value), None, repr(value))
    if value is None:
        return Scalar("", None, "")
    return Scalar(str(value), '"')


def new_map(pairs, flow: bool = True) -> Coll:
    c = Coll("map", flow=flow)
    for k, v in pairs:
        node = v if isinstance(v, (Scalar, Coll)) else new_scalar(v)
        e = Entry(new_scalar(str(k)), node, c)
        node.owner = e
        c.entries.append(e)
    return c


def map_entry(coll, key: str) -> Entry | None:
    if not isinstance(coll, Coll) or coll.kind != "map":
        return None
    for e in coll.entries:
        if e.key is not None and e.key.value == key:
            return e
    return None


def map_set(coll: Coll, key: str, node) -> None:
    """Set ``key`` in a map to ``node``, keeping the comments of the old value."""
    e = map_entry(coll, key)
    if e is None:
        e = Entry(new_scalar(key), node, coll)
        coll.entries.append(e)
    else:
        old = e.value
        if isinstance(node, (Scalar, Coll)) and isinstance(old, (Scalar, Coll)):
            node.eol = list(old.eol) + list(node.eol)
            if isinstance(old, Scalar) and isinstance(node, Scalar):
                node.eol = list(old.header_eol) + node.eol
        e.value = node
    node.owner = e


# ---- reading ----------------------------------------------------------------

def normalise(text: str) -> str:
    """LF line ends, no BOM: what both the reader and the emitter work on."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


_BLOCK_HEADER = re.compile(r"([|>])([+-]?)([1-9]?)([+-]?)[ \t]*(#.*)?$")


def _events(text: str):
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).parse(text)


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.doc = Doc()
        self.stack: list = []
        self.entries: list = []
        self.scalars: list = []     # (start, end) spans that hold no comments
        self.enders: list = []      # (end, node) for end-of-line comments
        self.cursor = 0

    def col(self, i: int) -> int:
        return i - (self.text.rfind("\n", 0, i) + 1)

    def build(self) -> Doc:
        try:
            for ev in _events(self.text):
                self.event(ev)
        except FormatError:
            raise
        except Exception as err:  # the parser's errors; loading reports them better
            mark = getattr(err, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            col = mark.column + 1 if mark is not None else 1
            raise FormatError(f"YAML syntax: {getattr(err, 'problem', None) or err}", line, col, "yaml-syntax")
        self.comments()
        d = self.doc
        root = d.root
        if isinstance(root, Coll) and root.entries:
            first = root.entries[0]
            d.header, first.before = first.before, []
        return d

    def event(self, ev) -> None:
        name = type(ev).__name__
        if name == "DocumentStartEvent":
            if getattr(ev, "tags", None):
                raise FormatError("%TAG directives are not used in plans; fmt leaves this file alone",
                                  ev.start_mark.line + 1, 1, "yaml-tag")
            self.doc.explicit_start = bool(ev.explicit)
            self.doc.version = getattr(ev, "version", None)
            self.doc.start_pos = ev.start_mark.index
            return
        if name in ("ScalarEvent", "MappingStartEvent", "SequenceStartEvent", "AliasEvent"):
            if name == "AliasEvent" or getattr(ev, "anchor", None) or getattr(ev, "tag", None):
                m = ev.start_mark
                raise FormatError("anchors, aliases and tags are not used in plans; fmt leaves this file alone",
                                  m.line + 1, m.column + 1, "yaml-anchor")
        if name == "ScalarEvent":
            start, end = ev.start_mark.index, ev.end_mark.index
            s = Scalar(ev.value, ev.style, None, start, end)
            if ev.style is None:
                s.src = self.text[start:end]
            if ev.style in ("|", ">"):
                self.block_scalar(s)
            elif end > start:
                self.scalars.append((start, end))
                self.enders.append((end, s))
            self.attach(s)
            self.cursor = max(self.cursor, s.end)
        elif name in ("MappingStartEvent", "SequenceStartEvent"):
            start = ev.start_mark.index
            c = Coll("map" if name == "MappingStartEvent" else "seq", flow=bool(ev.flow_style),
                     start=start, col=self.col(start))
            self.attach(c)
            self.stack.append(c)
            self.cursor = max(self.cursor, start)
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            c = self.stack.pop()
            if c.flow:
                c.end = ev.end_mark.index
                self.enders.append((c.end, c))
                self.cursor = max(self.cursor, c.end)

    def block_scalar(self, s: Scalar) -> None:
        text = self.text
        nl = text.find("\n", s.start)
        header_end = len(text) if nl < 0 or nl > s.end else nl
        header = text[s.start:header_end]
        m = _BLOCK_HEADER.match(header)
        s.src = text[s.start:s.end]
        if m and m.group(5):
            hash_at = s.start + m.start(5)
            body = header[: m.start(5)].rstrip()
            s.header_eol.append(Comment(m.group(5).rstrip(), hash_at, gap=max(1, m.start(5) - len(body))))
            self.doc.comments.append(m.group(5).rstrip())
        # trailing blank lines of a clipped or stripped block belong to the gap after it
        end = s.end
        keep = bool(m) and "+" in (m.group(2) + m.group(4))
        if not keep:
            body = text[s.start:s.end].rstrip(" \t\n")
            end = s.start + len(body)
            nl2 = text.find("\n", end)
            end = s.end if nl2 < 0 else min(s.end, nl2 + 1)
        self.scalars.append((s.start, end))

    def find_dash(self, i: int) -> int | None:
        text, n = self.text, len(self.text)
        while i < n:
            c = text[i]
            if c == "#":
                j = text.find("\n", i)
                if j < 0:
                    return None
                i = j
            elif c in " \t\n":
                i += 1
            elif c == "-":
                return i
            else:
                return None
        return None

    def attach(self, node) -> None:
        if not self.stack:
            self.doc.root = node
            return
        top: Coll = self.stack[-1]
        if top.kind == "map":
            if top.pending is None:
                if not isinstance(node, Scalar):
                    raise FormatError("a key must be plain text, not a list or a mapping", rule="yaml-syntax")
                top.pending = node
                return
            key, top.pending = top.pending, None
            e = Entry(key, node, top, top.owner, key.start, self.col(key.start))
            key.owner = e
        else:
            if isinstance(node, Scalar) and node.style is None and node.end == node.start and not top.flow:
                dash = self.find_dash(self.cursor)
                if dash is not None:
                    node.start = node.end = dash + 1
                    self.enders.append((node.end, node))
            e = Entry(None, node, top, top.owner, node.start, top.col if not top.flow else self.col(node.start))
        node.owner = e
        top.entries.append(e)
        self.entries.append(e)

    # ---- comments --------------------------------------------------------

    def comments(self) -> None:
        text = self.text
        items = []   # (pos, kind, Comment) kind: "c" comment, "b" blank
        pos = 0
        for s, e in self.scalars + [(len(text), len(text))]:
            if s > pos:
                self.scan_gap(pos, s, items)
            pos = max(pos, e)
        items.sort(key=lambda t: t[0])
        self.entries.sort(key=lambda e: e.start)   # stable: the outermost of equal starts first
        starts = [e.start for e in self.entries]
        ends = sorted(self.enders, key=lambda t: t[0])
        end_pos = [t[0] for t in ends]

        groups: dict = {}
        order: list = []
        for p, kind, c in items:
            ls = text.rfind("\n", 0, p) + 1
            if kind == "c":
                k = bisect.bisect_right(end_pos, p) - 1
                if k >= 0 and end_pos[k] >= ls and text[end_pos[k]:p].strip() == "":
                    node = ends[k][1]
                    c.gap = max(1, p - end_pos[k])
                    node.eol.append(c)
                    continue
                if k >= 0 and end_pos[k] >= ls:
                    # after an indicator on the same line (``- # ...``, ``] , # ...``)
                    node = ends[k][1]
                    c.gap = max(1, p - (ls + len(text[ls:p].rstrip())))
                    node.eol.append(c)
                    continue
            if kind == "c" and text[ls:p].strip():
                kind = "i"   # after an indicator only (``- # ...``): it belongs to what follows
            i = bisect.bisect_right(starts, p)
            key = i
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append((p, kind, c))
        for key in order:
            self.place(key, groups[key])

    def scan_gap(self, a: int, b: int, items: list) -> None:
        text = self.text
        i = a
        while True:
            j = text.find("#", i, b)
            if j < 0:
                break
            eol = text.find("\n", j)
            if eol < 0:
                eol = len(text)
            body = text[j:eol].rstrip()
            self.doc.comments.append(body)
            items.append((j, "c", Comment(body, j)))
            i = eol
        # blank lines wholly inside the gap
        if a == 0 or text[a - 1] == "\n":
            ls = a
        else:
            nl = text.find("\n", a, b)
            if nl < 0:
                return
            ls = nl + 1
        while ls < b:
            nl = text.find("\n", ls)
            if nl < 0 or nl >= b:
                break
            if text[ls:nl].strip(" \t") == "":
                items.append((ls, "b", Comment("", ls)))
            ls = nl + 1

    def place(self, i: int, group: list) -> None:
        """Give a run of comment lines between two entries to the entries they belong to."""
        E = self.entries[i] if i < len(self.entries) else None
        prev = self.entries[i - 1] if i > 0 else None
        e_anc = set()
        x = E
        while x is not None:
            e_anc.add(id(x))
            x = x.parent
        cands = []
        x = prev
        while x is not None and id(x) not in e_anc:
            cands.append(x)
            x = x.parent
        level = 0
        blanks: list = []
        for p, kind, c in group:
            if kind == "b":
                blanks.append(c)
                continue
            cc = self.col(p)
            j = level
            if kind == "i":
                j = len(cands)
                cc = E.col if E is not None else 0
            while j < len(cands) and not cands[j].col < cc:
                j += 1
            level = j
            if j < len(cands):
                target, base = cands[j].after, cands[j].col
            elif E is not None:
                target, base = E.before, E.col
            else:
                target, base = self.doc.trailer, 0
            c.rel = max(0, cc - base)
            target.extend(blanks)
            target.append(c)
            blanks = []
        if blanks:
            (E.before if E is not None else self.doc.trailer).extend(blanks)


def build(text: str, spec: Spec | None = None) -> Doc:
    """Parse normalised YAML text into a tree with comments. Raises :class:`FormatError`."""
    d = _Builder(text).build()
    if spec is not None:
        assign_specs(d.root, spec)
    return d


def assign_specs(node, spec: Spec | None) -> None:
    stack = [(node, spec)]
    while stack:
        n, s = stack.pop()
        if n is None:
            continue
        n.spec = s
        if isinstance(n, Coll):
            for e in n.entries:
                if n.kind == "map":
                    if e.key is not None:
                        e.key.spec = None
                    child = None
                    if s is not None:
                        if s.kind == "object":
                            child = s.fields.get(e.key.value if e.key else "")
                        elif s.kind == "map":
                            child = s.values
                    stack.append((e.value, child))
                else:
                    stack.append((e.value, s.items if s is not None and s.kind == "list" else None))


# ---- writing scalars --------------------------------------------------------

_YAML11_SPECIAL = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}
_NUMBERISH = re.compile(r"[-+]?(0[box]|[0-9._:])[0-9a-fA-F._:]*([eE][-+]?[0-9]+)?\Z")


def _printable(ch: str) -> bool:
    o = ord(ch)
    if o < 0x20 or 0x7F <= o <= 0x9F:
        return False
    if 0xD800 <= o <= 0xDFFF or o in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF):
        return False
    return True


def plain_ok(v: str, flow: bool = False) -> bool:
    """Can ``v`` be written without quotes and read back as the same text?"""
    if not v or v != v.strip(" ") or v[0] in "-?:,[]{}#&*!|>'\"%@`" or v[-1] == ":":
        return False
    if not all(_printable(ch) for ch in v):
        return False
    if ": " in v or " #" in v or "\t" in v or v in ("---", "..."):
        return False
    if flow and any(ch in v for ch in ",[]{}:"):
        return False
    if v.lower() in _YAML11_SPECIAL or _NUMBERISH.match(v):
        return False
    return isinstance(resolve_plain(v), str)


def dq(v: str) -> str:
    """A double-quoted YAML scalar for ``v`` on one line."""
    out = ['"']
    for ch in v:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\x00":
            out.append("\\0")
        elif not _printable(ch):
            o = ord(ch)
            out.append("\\x%02x" % o if o <= 0xFF else ("\\u%04x" % o if o <= 0xFFFF else "\\U%08x" % o))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _from_value(v: str, flow: bool) -> str:
    return v if plain_ok(v, flow) else dq(v)


def _literal(value: str, cont: int) -> list | None:
    if value == "" or value.strip("\n") == "":
        return None
    if any(not _printable(ch) and ch not in "\n\t" for ch in value):
        return None
    t = len(value) - len(value.rstrip("\n"))
    chomp = "-" if t == 0 else ("" if t == 1 else "+")
    body = value if t == 0 else value[:-1]
    lines = body.split("\n")
    first = next(ln for ln in lines if ln != "")
    if first[:1] in (" ", "\t"):
        return None
    if any(ln != "" and ln.strip(" \t") == "" for ln in lines):
        return None
    return ["|" + chomp] + [(" " * cont + ln) if ln else "" for ln in lines]


def _folded(s: Scalar, cont: int) -> list | None:
    src = s.src or ""
    parts = src.split("\n")
    m = _BLOCK_HEADER.match(parts[0])
    if not m or m.group(3):
        return None
    chomp = m.group(2) or m.group(4)
    content = parts[1:]
    non_empty = [ln for ln in content if ln.strip(" \t")]
    if not non_empty:
        return None
    base = len(non_empty[0]) - len(non_empty[0].lstrip(" "))
    out = [">" + chomp]
    for ln in content:
        if ln.strip(" \t") == "":
            if len(ln) > base:
                return None
            out.append("")
        else:
            if len(ln) - len(ln.lstrip(" ")) < base:
                return None
            out.append(" " * cont + ln[base:])
    if chomp != "+":
        while out and out[-1] == "":
            out.pop()
    return out


# ---- the emitter ------------------------------------------------------------

class _Emitter:
    def __init__(self, doc: Doc, safe: bool = False):
        self.doc = doc
        self.safe = safe
        self.lines: list = []
        self._has: dict = {}
        self.block_mark = None      # (line index after a block scalar, its indentation, keep?)

    # -- helpers --
    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def just_after_block(self) -> bool:
        """Nothing but blank lines written since the last block scalar (``|``, ``>``) ended?"""
        mark = self.block_mark
        return mark is not None and all(ln == "" for ln in self.lines[mark[0]:])

    def comment_lines(self, items, indent: int) -> None:
        for c in items:
            if c.text == "":
                if self.just_after_block() and self.block_mark[2]:
                    continue   # a blank line after a |+ block would join its text
                self.blank()
            else:
                col = indent + c.rel
                if self.just_after_block():
                    col = min(col, self.block_mark[1] - 1)   # deeper, it would be read as text
                self.lines.append(" " * col + c.text)

    def with_eol(self, line: str, eols: list, indent: int) -> list:
        if not eols:
            return [line]
        first = eols[0]
        out = [line + " " * max(1, first.gap) + first.text]
        for c in eols[1:]:   # two comments cannot share one line: the others follow it
            out.append(" " * indent + c.text)
        return out

    def has_comments(self, node) -> bool:
        key = id(node)
        if key in self._has:
            return self._has[key]
        found = False
        if isinstance(node, Scalar):
            found = bool(node.eol or node.header_eol)
        elif isinstance(node, Coll):
            for e in node.entries:
                if any(c.text for c in e.before) or any(c.text for c in e.after) \
                        or (e.key is not None and self.has_comments(e.key)) or self.has_comments(e.value) \
                        or (isinstance(e.value, Coll) and e.value.eol):
                    found = True
                    break
        self._has[key] = found
        return found

    def is_block(self, node) -> bool:
        return isinstance(node, Coll) and bool(node.entries) and (not node.flow or self.has_comments(node))

    def ordered(self, c: Coll) -> list:
        spec = c.spec
        if c.kind != "map" or spec is None:
            return c.entries
        if spec.kind == "object":
            names = list(spec.fields)
        elif spec.kind == "action":
            names = list(ACTION_ORDER)
        else:
            return c.entries
        rank = {k: i for i, k in enumerate(names)}
        return sorted(c.entries, key=lambda e: rank.get(e.key.value if e.key else "", len(names)))

    # -- scalars --
    def force_quotes(self, s: Scalar) -> bool:
        return s.spec is not None and s.spec.kind == "relation" and isinstance(s.typed(), str)

    def scalar_lines(self, s: Scalar, cont: int, flow: bool = False, key: bool = False):
        """(lines, comments go on the first line?) for a scalar; lines after the first are indented."""
        forced = self.force_quotes(s)
        if s.plain and not forced:
            src = s.src
            if "\n" not in src:
                if flow and src == "":
                    return ["null"], False
                return [src], False
            if not flow and not key and not self.safe:
                parts = src.split("\n")
                out = [parts[0].rstrip(" \t")]
                for p in parts[1:]:
                    t = p.strip(" \t")
                    out.append(" " * cont + t if t else "")
                return out, False
            return [_from_value(s.value, flow)], False
        if s.style in ("|", ">") and not flow and not key:
            lines = None
            if s.style == ">" and not self.safe:
                lines = _folded(s, cont)
            if lines is None and not forced:
                lines = _literal(s.value, cont)
            if lines is not None:
                return lines, True
        if forced:
            return [dq(s.value)], False
        return [_from_value(s.value, flow)], False

    def key_text(self, k: Scalar, flow: bool = False) -> str:
        lines, _ = self.scalar_lines(k, 0, flow=flow, key=True)
        text = lines[0]
        if text == "":
            return '""'
        return text

    def flow_text(self, node) -> str:
        if isinstance(node, Scalar):
            lines, _ = self.scalar_lines(node, 0, flow=True)
            return lines[0] if len(lines) == 1 else dq(node.value)
        if node.kind == "map":
            parts = [f"{self.key_text(e.key, True)}: {self.flow_text(e.value)}" for e in self.ordered(node)]
            return "{" + ", ".join(parts) + "}"
        return "[" + ", ".join(self.flow_text(e.value) for e in node.entries) + "]"

    def inline(self, node, cont: int):
        """(lines, comments, comments on first line?) for a value written after ``key:`` or ``-``."""
        if isinstance(node, Scalar):
            lines, first = self.scalar_lines(node, cont)
            eols = (node.header_eol + node.eol) if first else (node.header_eol + node.eol)
            return lines, eols, first
        return [self.flow_text(node)], list(node.eol), False

    def put(self, head: str, node, key_eols: list, indent: int) -> None:
        """``head`` (``key:`` or ``-``) followed by an inline value and its comments."""
        lines, eols, first = self.inline(node, indent + INDENT)
        eols = list(key_eols) + eols
        line0 = head if lines[0] == "" else f"{head} {lines[0]}"
        out = [line0] + lines[1:]
        at = 0 if first else len(out) - 1
        with_c = self.with_eol(out[at], eols, indent + INDENT if at else indent)
        out[at:at + 1] = with_c
        self.lines.extend(out)
        if first and len(lines) > 1:
            self.block_mark = (len(self.lines), indent + INDENT, lines[0][1:2] == "+")

    # -- blocks --
    def emit_map(self, m: Coll, indent: int, first_prefix: str | None = None) -> None:
        for i, e in enumerate(self.ordered(m)):
            if i == 0 and first_prefix is not None:
                prefix = first_prefix
            else:
                self.comment_lines(e.before, indent)
                prefix = " " * indent
            head = prefix + self.key_text(e.key) + ":"
            v = e.value
            if self.is_block(v):
                self.lines.extend(self.with_eol(head, list(e.key.eol) + list(v.eol), indent + INDENT))
                self.emit_block(v, indent + INDENT)
            else:
                self.put(head, v, e.key.eol, indent)
            self.comment_lines(e.after, indent)

    def emit_seq(self, s: Coll, indent: int, first_prefix: str | None = None) -> None:
        for i, e in enumerate(s.entries):
            if i == 0 and first_prefix is not None:
                prefix = first_prefix
            else:
                self.comment_lines(e.before, indent)
                prefix = " " * indent
            v = e.value
            if self.is_block(v):
                first = self.ordered(v)[0]
                self.comment_lines(first.before, indent)
                if v.eol:
                    self.comment_lines([Comment(c.text) for c in v.eol], indent)
                if v.kind == "map":
                    self.emit_map(v, indent + INDENT, first_prefix=prefix + "- ")
                else:
                    self.emit_seq(v, indent + INDENT, first_prefix=prefix + "- ")
            else:
                self.put(prefix + "-", v, [], indent)
            self.comment_lines(e.after, indent)

    def emit_block(self, node: Coll, indent: int) -> None:
        if node.kind == "map":
            self.emit_map(node, indent)
        else:
            self.emit_seq(node, indent)

    def emit(self) -> str:
        d = self.doc
        head_before = [c for c in d.header if d.explicit_start and 0 <= c.pos < d.start_pos]
        head_after = [c for c in d.header if c not in head_before]
        self.comment_lines(head_before, 0)
        if d.explicit_start:
            if d.version:
                self.lines.append("%YAML {}.{}".format(*d.version))
            self.lines.append("---")
        self.comment_lines(head_after, 0)
        root = d.root
        if root is not None:
            if self.is_block(root):
                if root.eol:
                    self.comment_lines([Comment(c.text) for c in root.eol], 0)
                self.emit_block(root, 0)
            else:
                lines, eols, first = self.inline(root, INDENT)
                at = 0 if first else len(lines) - 1
                lines[at:at + 1] = self.with_eol(lines[at], eols, 0)
                self.lines.extend(lines)
        self.comment_lines(d.trailer, 0)
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n" if self.lines else ""


def emit(doc: Doc, safe: bool = False) -> str:
    return _Emitter(doc, safe).emit()


# ---- the guard ----------------------------------------------------------------

def same(a, b) -> bool:
    """Deep equality that also compares types (1, 1.0 and True differ) and treats NaN as equal."""
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if type(x) is not type(y):
            return False
        if isinstance(x, dict):
            if x.keys() != y.keys():
                return False
            stack.extend((x[k], y[k]) for k in x)
        elif isinstance(x, list):
            if len(x) != len(y):
                return False
            stack.extend(zip(x, y))
        elif isinstance(x, float):
            if not (x == y or (math.isnan(x) and math.isnan(y))):
                return False
        elif x != y:
            return False
    return True


def render_checked(doc: Doc, expected_data, comments: list, name: str, rebuild=None) -> str:
    """Emit ``doc``; the result must read back as ``expected_data`` with the same comments.

    ``rebuild`` gives a fresh tree for the conservative second attempt (the
    emitter never changes the tree, so the same one is reused when omitted).
    """
    want = Counter(comments)
    for safe in (False, True):
        d = doc if (not safe or rebuild is None) else rebuild()
        out = emit(d, safe=safe)
        back = parse_text(out, name)
        if back.findings or not same(back.data, expected_data):
            continue
        try:
            again = build(out)
        except FormatError:
            continue
        if Counter(again.comments) != want:
            continue
        return out
    raise FormatError("cannot be written in canonical form without changing a value or a comment "
                      "(a bug in saa fmt: please report it); the file is left as it is", rule="fmt-internal")


def spec_for(path) -> Spec | None:
    entry = FILES.get(Path(path).name)
    return entry[1] if entry else None


def format_text(text: str, name: str = "plan.yaml") -> str:
    """The canonical form of one plan file's text. Raises :class:`FormatError` (file left alone)."""
    norm = normalise(text)
    orig = parse_text(norm, name)
    if orig.findings:
        f = orig.findings[0]
        raise FormatError(f.message, f.line, f.column, f.rule)
    spec = spec_for(name)
    if any(ln.startswith("%") and not ln.startswith("%YAML") for ln in norm.split("\n")):
        raise FormatError("YAML directives are not used in plans; fmt leaves this file alone", rule="yaml-syntax")
    doc = build(norm, spec)
    return render_checked(doc, orig.data, doc.comments, name, rebuild=lambda: build(norm, spec))


# ---- files --------------------------------------------------------------------

@dataclass
class FileResult:
    path: str          # as shown
    status: str        # "unchanged", "reformatted", "would-reformat", "skipped"
    message: str = ""
    line: int = 1
    column: int = 1
    diff: str = ""


def collect(paths) -> list:
    """(file path, shown path) for every plan file under ``paths``. Raises ``PathError``."""
    from .loader import PathError, find_plans

    out: list = []
    seen: set = set()

    def add(p: Path) -> None:
        key = os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            out.append((p, str(p)))

    for raw in (list(paths) if paths else ["."]):
        p = Path(raw)
        if not p.exists():
            raise PathError(f"no such file or folder: {raw}")
        if p.is_file():
            add(p)
            continue
        for plan_dir in find_plans([raw]):
            for name in FILES:
                f = plan_dir / name
                if f.is_file():
                    add(f)
    return out


def format_file(path: Path, shown: str, check: bool = False, want_diff: bool = False) -> FileResult:
    if path.suffix.lower() not in (".yaml", ".yml"):
        return FileResult(shown, "skipped", "not a YAML file (.yaml); fmt only formats plan files")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as e:
        return FileResult(shown, "skipped", f"cannot read: {e.strerror or e}")
    if len(raw) > MAX_BYTES:
        return FileResult(shown, "skipped", "file too large for a plan file")
    if b"\x00" in raw:
        return FileResult(shown, "skipped", "binary file, not YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return FileResult(shown, "skipped", "not UTF-8 text; save the file as UTF-8")
    try:
        new = format_text(text, path.name)
    except FormatError as e:
        return FileResult(shown, "skipped", e.message, e.line, e.column)
    if new == text:
        return FileResult(shown, "unchanged")
    diff = ""
    if want_diff:
        diff = "".join(difflib.unified_diff(normalise(text).splitlines(True), new.splitlines(True),
                                            f"{shown} (as written)", f"{shown} (canonical)"))
    if check:
        return FileResult(shown, "would-reformat", diff=diff)
    from .atomic import write_text_atomic

    try:
        write_text_atomic(path, new, expect=raw)  # the one writer: stops if the file changed since read
    except OSError as e:
        return FileResult(shown, "skipped", f"cannot write: {e.strerror or e}")
    return FileResult(shown, "reformatted", diff=diff)


def run(paths, check: bool = False, want_diff: bool = False) -> list:
    """Format every plan file under ``paths``. Raises ``PathError`` for a bad path."""
    return [format_file(p, shown, check, want_diff) for p, shown in collect(paths)]
