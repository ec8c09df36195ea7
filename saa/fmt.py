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

How: the file is read once with libyaml's C parser (the one :mod:`saa.yamlio`
uses; events with exact positions and styles), the same events give saa's
reading of the data and the tree, comments are picked from the text between the
values, and the tree is written out by the small emitter below. ruamel's own
round-trip emitter is not used for writing because it re-wraps (or joins) every
long text, which turns each `saa fmt` into a wall of diff lines in a pull
request, and because
its comment model attaches a comment to the *previous* node, so moving keys
moves comments away from what they describe.

Quoting: a quoted text is written plain only when every common YAML reader
(YAML 1.1 and 1.2: PyYAML, ruamel.yaml, yq, js-yaml; :mod:`saa.yamlcompat`)
reads it back as the same text.

Safety: the output is parsed again and must give exactly the same data,
exactly the same comments and the same types for a YAML 1.1 reader; otherwise
a conservative second rendering is tried, and if that fails too the file is
left alone with a message. Files with
findings from loading (syntax errors, duplicate keys, anchors, tags, not
UTF-8...) are never rewritten, nor is a file that changed while it was being
formatted. A file already canonical is recognised without the guard (see
:func:`_format`); many files are shared among worker processes (see :func:`run`).
"""

from __future__ import annotations

import bisect
import difflib
import gc
import math
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import field
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, TypeGuard

from .fileformat import FILES, Spec
from .records import dataclass
from .yamlcompat import plain_text_everywhere, resolve_yaml11
from .yamlio import _PLAIN_SPECIAL, MAX_BYTES, MAX_DEPTH, MAX_NODES, parse_text, resolve_plain

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

# The tree's nodes are plain classes with slots and one written-out __init__: a file of a few
# thousand values makes as many of them, and a generated dataclass __init__ (default factories
# for the lists) takes a sixth longer; a few milliseconds of start-up are saved as well.
# TreeBuilder.run makes its nodes without __init__ (object.__new__ and the slots set one by one:
# half the time), so a slot added here must be set there too. The comment fields (eol,
# header_eol, before, after) hold NONE, one shared empty tuple, until a comment comes: most
# nodes have none, and a list each (a million over a portfolio) cost a tenth of building.

NONE: tuple = ()

class Comment:
    __slots__ = ("text", "pos", "rel", "gap")

    def __init__(self, text: str, pos: int = -1, rel: int = 0, gap: int = 1) -> None:
        self.text = text    # "# ..." without trailing spaces, or "" for a blank line
        self.pos = pos      # where it was written (index in the text)
        self.rel = rel      # full-line comments: columns right of the block they belong to
        self.gap = gap      # end-of-line comments: spaces before the '#'

    def __repr__(self) -> str:
        return f"Comment({self.text!r}, pos={self.pos}, rel={self.rel}, gap={self.gap})"


class Scalar:
    __slots__ = ("value", "style", "src", "start", "end", "eol", "header_eol", "spec", "owner")

    def __init__(self, value: str, style: str | None = None, src: str | None = None, start: int = -1,
                 end: int = -1, eol: list | None = None, header_eol: list | None = None,
                 spec: Spec | None = None, owner: Entry | None = None) -> None:
        self.value = value      # the scalar's text as YAML reads it (before typing)
        self.style = style      # None plain, "'", '"', "|", ">"
        self.src = src          # plain scalars: the source text (keeps types and line breaks)
        self.start = start
        self.end = end
        # comments at the end of its (last) line; block scalars: the comment after | or >. Both are
        # NONE (an empty tuple, shared) until a comment comes: build gives the node a list of its own then
        self.eol: list | tuple = NONE if eol is None else eol
        self.header_eol: list | tuple = NONE if header_eol is None else header_eol
        self.spec = spec
        self.owner = owner

    def __repr__(self) -> str:
        return f"Scalar({self.value!r}, style={self.style!r}, start={self.start})"

    @property
    def plain(self) -> bool:
        return self.style is None and self.src is not None

    def typed(self):
        """The value as saa reads it (plain scalars by the YAML 1.2 core schema)."""
        if self.plain:
            return resolve_plain(self.value) if self.value != "" else None
        return self.value


class Coll:
    __slots__ = ("kind", "flow", "entries", "start", "end", "col", "eol", "spec", "owner", "pending", "keys")

    def __init__(self, kind: str, flow: bool = False, entries: list | None = None, start: int = -1, end: int = -1,
                 col: int = 0, eol: list | None = None, spec: Spec | None = None, owner: Entry | None = None,
                 pending: Scalar | None = None, keys: set | None = None) -> None:
        self.kind = kind        # "map" or "seq"
        self.flow = flow
        self.entries: list = [] if entries is None else entries
        self.start = start
        self.end = end          # flow collections: after the closing bracket
        self.col = col
        self.eol: list | tuple = NONE if eol is None else eol   # flow collections: comment after ] or }
        self.spec = spec
        self.owner = owner
        self.pending = pending  # while building a map: the key waiting for its value
        self.keys = keys        # while building a map: its keys as saa's loader names them

    def __repr__(self) -> str:
        return f"Coll({self.kind!r}, flow={self.flow}, {len(self.entries)} entries, start={self.start})"


class Entry:
    __slots__ = ("key", "value", "coll", "parent", "start", "col", "before", "after")

    def __init__(self, key: Scalar | None, value: object, coll: Coll, parent: Entry | None = None,
                 start: int = -1, col: int = 0, before: list | None = None, after: list | None = None) -> None:
        self.key = key          # None in a list
        self.value = value
        self.coll = coll
        self.parent = parent    # the entry whose value holds ``coll``
        self.start = start
        self.col = col
        self.before: list | tuple = NONE if before is None else before   # comment lines (and blank lines) above it
        self.after: list | tuple = NONE if after is None else after      # comment lines below it that belong to it

    def __repr__(self) -> str:
        return f"Entry(key={self.key!r}, start={self.start})"


@dataclass(eq=False, slots=True)
class Doc:
    root: object = None
    header: list = field(default_factory=list)
    trailer: list = field(default_factory=list)
    explicit_start: bool = False
    start_pos: int = 0
    version: tuple | None = None
    comments: list = field(default_factory=list)     # every comment text, as found
    # something saa's loader may report (a duplicate key, too deep, too many values, a second
    # document): the file is canonical only if the loader also finds nothing (see _format)
    suspect: bool = False
    entries: list = field(default_factory=list)      # every entry of the tree (see dismantle)


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
    if "\r" not in text:   # the common case: one quick scan (memchr) instead of two searches
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


_BLOCK_HEADER = re.compile(r"([|>])([+-]?)([1-9]?)([+-]?)[ \t]*(#.*)?$")


def _events(text: str):
    """The parser's events: libyaml's (the C parser :mod:`saa.yamlio` uses) where available."""
    from . import yamlio

    if not yamlio._ready:
        yamlio._setup()
    if yamlio._CParser is not None:
        return iter(yamlio._CParser(text).get_event, None)
    from ruamel.yaml import YAML  # pragma: no cover - no C parser

    return YAML(typ="safe", pure=True).parse(text)


# plain keys that saa's loader (resolve_plain) does not read as the text itself: these words, and
# anything that starts like a number; any other key is its own name
_NOT_TEXT = frozenset(("", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"))
_NUMBER_START = frozenset("0123456789-+.")
_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_START = attrgetter("start")
_END = attrgetter("end")

_KIND_OF_NAME = {"ScalarEvent": 1, "MappingEndEvent": 2, "SequenceEndEvent": 2,
                 "MappingStartEvent": 3, "SequenceStartEvent": 3}
_EVENT_KINDS: dict = {}   # event class -> 1 scalar, 2 end of a collection, 3 start of one, 0 anything else
_RUN_KINDS: dict = {}     # the same, for TreeBuilder.run: 3 the start of a map, 4 of a list
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029", "\ufeff")   # line breaks for libyaml (and a BOM) but not for "\n"


class TreeBuilder:
    def __init__(self, text: str, spec: Spec | None = None):
        self.text = text
        self.spec = spec            # of the root; every node gets its own as it is attached
        self.doc = Doc()
        self.stack: list = []
        self.entries: list = []
        self.scalars: list = []     # (start, end) spans that hold no comments
        self.enders: list = []      # the nodes (scalars, flow collections) an end-of-line comment may follow
        self.cursor = 0
        self.nodes = 0
        self.docs = 0
        # True when run has seen that the scalars' spans do not overlap and come in order, and
        # that the enders and the entries come in the order of their positions (as the parser
        # gives them): comments then looks each comment up without sorting (None: not known)
        self.in_order: bool | None = None

    def col(self, i: int) -> int:
        return i - (self.text.rfind("\n", 0, i) + 1)

    def build(self, events=None) -> Doc:
        try:
            self.run(_events(self.text) if events is None else events)
        except FormatError:
            raise
        except Exception as err:  # the parser's errors; loading reports them better
            mark = getattr(err, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            col = mark.column + 1 if mark is not None else 1
            raise FormatError(f"YAML syntax: {getattr(err, 'problem', None) or err}", line, col, "yaml-syntax")
        self.comments()
        d = self.doc
        d.entries = self.entries
        root = d.root
        if isinstance(root, Coll) and root.entries:
            first = root.entries[0]
            d.header, first.before = list(first.before), NONE
        return d

    def run(self, events) -> None:
        """:meth:`event` for every event; the common ones (scalars, collections) handled inline.

        The hot loop of fmt: locals instead of attributes, the event's kind from its class,
        nodes made without their __init__ (see the node classes), keys and values of maps,
        plain items of block lists and collections attached inline (what :meth:`attach` does
        for them); everything else goes through :meth:`attach` and :meth:`event`."""
        kinds = _RUN_KINDS
        text = self.text
        rfind = text.rfind
        scalars, enders, stack, entries = self.scalars, self.enders, self.stack, self.entries
        add_scalar, add_ender, add_entry = scalars.append, enders.append, entries.append
        attach, event = self.attach, self.event
        doc = self.doc
        new = object.__new__
        nodes = 0
        cursor = self.cursor
        in_order = True           # see __init__: each span starts at or after the cursor, ...
        # columns and lines from the parser's marks (the key waiting for its value: kobj at column
        # kcol), not counted back to the line break, when the parser breaks lines where "\n" is
        # and counts positions from the start of the text
        marks_ok = "\r" not in text and (text.isascii() or not any(ch in text for ch in _OTHER_BREAKS))
        kobj = None
        kcol = 0
        last = -1                 # ... each entry at or after the one before
        top: Coll | None = None   # stack[-1]
        in_map = False            # top.kind == "map"
        tspec = towner = None     # top.spec, top.owner
        tadd: Any = None          # top.entries.append
        for ev in events:
            cls = type(ev)
            try:
                k = kinds[cls]
            except KeyError:
                name = cls.__name__
                k = kinds[cls] = 4 if name == "SequenceStartEvent" else _KIND_OF_NAME.get(name, 0)
            if k == 1:   # a scalar
                nodes += 1
                if ev.anchor or ev.ctag is not None:
                    self.cursor = cursor
                    event(ev)   # refused there
                sm = ev.start_mark
                em = ev.end_mark
                start = sm.index
                end = em.index
                style = ev.style or None   # plain: None from ruamel's parser, "" from libyaml's
                sc = new(Scalar)   # Scalar(ev.value, style, src, start, end)
                sc.value = value = ev.value
                sc.start = start
                sc.end = end
                sc.eol = sc.header_eol = NONE
                sc.spec = sc.owner = None
                if style is None:
                    sc.style = None
                    # on one line, a plain scalar's source is its value (no escapes, no folding)
                    sc.src = value if marks_ok and sm.line == em.line else text[start:end]
                    if end > start:
                        add_scalar((start, end))
                        add_ender(sc)
                        if start < cursor:
                            in_order = False
                else:
                    sc.style = style
                    sc.src = None
                    if start < cursor:
                        in_order = False
                    if style == "|" or style == ">":
                        self.block_scalar(sc)
                    elif end > start:
                        add_scalar((start, end))
                        add_ender(sc)
                if in_map:   # attach(sc), inline for keys and values
                    key = top.pending   # type: ignore[union-attr]
                    if key is None:
                        top.pending = sc   # type: ignore[union-attr]
                        if marks_ok:
                            kobj = sc
                            kcol = sm.column
                    else:
                        top.pending = None   # type: ignore[union-attr]
                        kv = key.value
                        if key.style is None and (kv in _NOT_TEXT or kv[0] in _NUMBER_START):
                            self.seen_key(top, key)   # type: ignore[arg-type] # a key saa's loader may name otherwise (1.0, true, ~)
                        else:
                            ks_ = top.keys   # type: ignore[union-attr]
                            if ks_ is None:
                                top.keys = {kv}   # type: ignore[union-attr]
                            elif kv in ks_:
                                doc.suspect = True
                            else:
                                ks_.add(kv)
                        ks = key.start
                        if ks < last:
                            in_order = False
                        last = ks
                        e = new(Entry)   # Entry(key, sc, top, top.owner, ks, column of ks)
                        e.key = key
                        e.value = sc
                        e.coll = top   # type: ignore[assignment]
                        e.parent = towner
                        e.start = ks
                        e.col = kcol if key is kobj else ks - (rfind("\n", 0, ks) + 1)
                        e.before = e.after = NONE
                        if tspec is not None:
                            pk = tspec.kind
                            sc.spec = tspec.fields.get(kv) if pk == "object" else tspec.values if pk == "map" else None
                        key.owner = e
                        sc.owner = e
                        tadd(e)
                        add_entry(e)
                elif top is None:
                    attach(sc)   # the root
                elif end > start:   # an item of a list (not an empty one: attach looks for its dash)
                    if tspec is not None and tspec.kind == "list":
                        sc.spec = tspec.items
                    if start < last:
                        in_order = False
                    last = start
                    e = new(Entry)   # Entry(None, sc, top, top.owner, start, column of the item)
                    e.key = None
                    e.value = sc
                    e.coll = top
                    e.parent = towner
                    e.start = start
                    e.col = start - (rfind("\n", 0, start) + 1) if top.flow else top.col
                    e.before = e.after = NONE
                    sc.owner = e
                    tadd(e)
                    add_entry(e)
                else:
                    self.cursor = cursor
                    attach(sc)   # may move an empty item's position to its dash
                    end = sc.end
                    if entries:
                        last = entries[-1].start
                if end > cursor:
                    cursor = end
            elif k >= 3:  # the start of a collection
                nodes += 1
                if ev.anchor or ev.tag:
                    self.cursor = cursor
                    event(ev)   # refused there
                if len(stack) >= MAX_DEPTH or nodes > MAX_NODES:
                    # saa's loader refuses this file (too deep, too large): so does fmt, without
                    # building (and emitting, which recurses) a tree that size
                    raise FormatError("too deep or too large for a plan file", rule="too-deep")
                sm = ev.start_mark
                start = sm.index
                c = new(Coll)   # Coll(kind, flow, [], start, -1, column of start)
                c.kind = "map" if k == 3 else "seq"
                c.flow = bool(ev.flow_style)
                c.entries = []
                c.start = start
                c.end = -1
                c.col = sm.column if marks_ok else start - (rfind("\n", 0, start) + 1)
                c.eol = NONE
                c.spec = c.owner = c.pending = c.keys = None
                if top is None:
                    self.cursor = cursor
                    attach(c)   # the root
                else:   # attach(c), inline
                    if in_map:
                        key = top.pending
                        if key is None:
                            raise FormatError("a key must be plain text, not a list or a mapping", rule="yaml-syntax")
                        top.pending = None
                        self.seen_key(top, key)   # what the scalars' branch does inline (a collection is rarer)
                        ks = key.start
                        if ks < last:
                            in_order = False
                        last = ks
                        e = new(Entry)   # Entry(key, c, top, top.owner, ks, column of ks)
                        e.key = key
                        e.start = ks
                        e.col = kcol if key is kobj else ks - (rfind("\n", 0, ks) + 1)
                        key.owner = e
                        if tspec is not None:
                            pk = tspec.kind
                            c.spec = tspec.fields.get(key.value) if pk == "object" else \
                                tspec.values if pk == "map" else None
                    else:
                        if tspec is not None and tspec.kind == "list":
                            c.spec = tspec.items
                        if start < last:
                            in_order = False
                        last = start
                        e = new(Entry)   # Entry(None, c, top, top.owner, start, column of the item)
                        e.key = None
                        e.start = start
                        e.col = top.col if not top.flow else c.col
                    e.value = c
                    e.coll = top
                    e.parent = towner
                    e.before = e.after = NONE
                    c.owner = e
                    tadd(e)
                    add_entry(e)
                stack.append(c)
                top = c
                in_map = k == 3
                tspec, towner, tadd = c.spec, c.owner, c.entries.append
                if start > cursor:
                    cursor = start
            elif k == 2:  # the end of a collection
                c = stack.pop()
                if c.flow:
                    c.end = ev.end_mark.index
                    add_ender(c)
                    if c.end < cursor:
                        in_order = False
                    elif c.end > cursor:
                        cursor = c.end
                if stack:
                    top = stack[-1]
                    in_map = top.kind == "map"
                    tspec, towner, tadd = top.spec, top.owner, top.entries.append
                else:
                    top = None
                    in_map = False
            else:
                self.cursor = cursor
                n_entries = len(entries)
                event(ev)
                cursor = self.cursor
                if len(entries) != n_entries:   # pragma: no cover - event() attaches scalars and collections only
                    in_order = False
                top = stack[-1] if stack else None
                if top is not None:
                    in_map = top.kind == "map"
                    tspec, towner, tadd = top.spec, top.owner, top.entries.append
                else:
                    in_map = False
        self.cursor = cursor
        self.in_order = in_order and self.in_order is not False   # attach may have found otherwise
        if nodes > MAX_NODES:
            doc.suspect = True

    def comment_texts(self, events) -> list:
        """Every comment text of the text, as ``build(text).comments`` gives them, from its events
        (a list) without building the tree: where the scalars are, then the "#"s outside them."""
        scalars = self.scalars
        kinds = _EVENT_KINDS
        last = 0            # the end of the last span: the spans in order when none starts before it
        in_order = True
        for ev in events:
            cls = type(ev)
            try:
                k = kinds[cls]
            except KeyError:
                k = kinds[cls] = _KIND_OF_NAME.get(cls.__name__, 0)
            if k == 1:
                start, end = ev.start_mark.index, ev.end_mark.index
                style = ev.style
                if style == "|" or style == ">":
                    if start < last:
                        in_order = False
                    last = end
                    self.block_scalar(Scalar(ev.value, style, None, start, end))
                elif end > start:
                    if start < last:
                        in_order = False
                    last = end
                    scalars.append((start, end))
        self.in_order = in_order   # for scan_gaps (only the spans: no entries or enders here)
        self.scan_gaps(self._hashes_and_blanks(), [])
        return self.doc.comments

    def light(self, events, y11: dict | None = None) -> tuple:
        """(every comment text, the YAML 1.1 typing) of the text, as ``build(text)`` would give them
        (``doc.comments`` and ``typed_yaml11(doc.root)``) for text that loads without findings, but
        without building the tree: what the round-trip guard needs of fmt's output."""
        events = list(events)
        comments = self.comment_texts(events)
        kinds = _EVENT_KINDS
        stack: list = []     # [container, is a map, the pending key]
        root = None
        node: Any
        for ev in events:
            cls = type(ev)
            k = kinds.get(cls)
            if k is None:
                k = kinds[cls] = _KIND_OF_NAME.get(cls.__name__, 0)
            if k == 1:
                style = ev.style or None
                v = ev.value
                if style is not None:
                    tag = "str"
                elif y11 is None:
                    tag = resolve_yaml11(v)
                else:
                    known = y11.get(v)
                    if known is None:
                        known = y11[v] = resolve_yaml11(v)
                    tag = known
                if stack and stack[-1][1] and stack[-1][2] is None:   # a key
                    stack[-1][2] = ("str", v) if tag == "str" else (tag, v) if tag != "null" else (tag,)
                    continue
                node = ("str", v) if tag == "str" else (tag,)
            elif k == 3:
                node = {} if cls.__name__ == "MappingStartEvent" else []
            elif k == 2:
                stack.pop()
                continue
            else:
                continue
            if not stack:
                root = node
            elif stack[-1][1]:
                top = stack[-1]
                top[0][top[2]] = node
                top[2] = None
            else:
                stack[-1][0].append(node)
            if k == 3:
                stack.append([node, isinstance(node, dict), None])
        return comments, root

    def event(self, ev) -> None:
        name = type(ev).__name__
        if name == "DocumentStartEvent":
            self.docs += 1
            if self.docs > 1:
                self.doc.suspect = True
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
            style = ev.style or None   # plain: None from ruamel's parser, "" from libyaml's
            s = Scalar(ev.value, style, None, start, end)
            if style is None:
                s.src = self.text[start:end]
            if style in ("|", ">"):
                self.block_scalar(s)
            elif end > start:
                self.scalars.append((start, end))
                self.enders.append(s)
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
                self.enders.append(c)
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
            s.header_eol = [*s.header_eol, Comment(m.group(5).rstrip(), hash_at, gap=max(1, m.start(5) - len(body)))]
            self.doc.comments.append(m.group(5).rstrip())
        # trailing blank lines of a clipped or stripped block belong to the gap after it
        end = s.end
        keep = m is not None and "+" in (m.group(2) + m.group(4))
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

    def seen_key(self, m: Coll, key: Scalar) -> None:
        """Note ``key`` in ``m``; a key the loader names like an earlier one (a duplicate) makes the doc suspect."""
        v = key.value
        if key.style is None and (not v or v[0] in _PLAIN_SPECIAL):   # as saa's loader names it
            r = resolve_plain(v) if v else None
            if not isinstance(r, str):
                v = "" if r is None else str(r).lower() if isinstance(r, bool) else str(r)
        if m.keys is None:
            m.keys = {v}
        elif v in m.keys:
            self.doc.suspect = True
        else:
            m.keys.add(v)

    def attach(self, node) -> None:
        if not self.stack:
            self.doc.root = node
            node.spec = self.spec
            return
        top: Coll = self.stack[-1]
        if top.kind == "map":
            if top.pending is None:
                if not isinstance(node, Scalar):
                    raise FormatError("a key must be plain text, not a list or a mapping", rule="yaml-syntax")
                top.pending = node
                return
            key, top.pending = top.pending, None
            self.seen_key(top, key)
            e = Entry(key, node, top, top.owner, key.start, self.col(key.start))
            key.owner = e
            ps = top.spec
            if ps is not None:
                node.spec = ps.fields.get(key.value) if ps.kind == "object" else ps.values if ps.kind == "map" else None
        else:
            ps = top.spec
            if ps is not None and ps.kind == "list":
                node.spec = ps.items
            if isinstance(node, Scalar) and node.style is None and node.end == node.start and not top.flow:
                dash = self.find_dash(self.cursor)
                if dash is not None:
                    node.start = node.end = dash + 1
                    self.enders.append(node)
                    if node.end < self.cursor:   # pragma: no cover - the dash is after the cursor
                        self.in_order = False
            e = Entry(None, node, top, top.owner, node.start, top.col if not top.flow else self.col(node.start))
        node.owner = e
        top.entries.append(e)
        if self.entries and self.entries[-1].start > e.start:
            self.in_order = False
        self.entries.append(e)

    # ---- comments --------------------------------------------------------

    def comments(self) -> None:
        text = self.text
        items: list[tuple] = []   # (pos, kind, Comment) kind: "c" comment, "b" blank
        self.scan_gaps(self._hashes_and_blanks(), items)
        if not items:
            return
        items.sort(key=_FIRST)
        bisect_right = bisect.bisect_right
        # the entries by their start, the enders by their end: each comment is looked up by its
        # position (a file has few); run has seen whether they come in that order already
        entries = self.entries
        ends = self.enders
        if not self.in_order:
            entries.sort(key=_START)   # stable: the outermost of equal starts first
            ends = sorted(ends, key=_END)

        groups: dict = {}
        order: list = []
        for p, kind, c in items:
            ls = text.rfind("\n", 0, p) + 1
            if kind == "c":
                k = bisect_right(ends, p, key=_END) - 1
                end_k = ends[k].end if k >= 0 else -1
                if k >= 0 and end_k >= ls and text[end_k:p].strip() == "":
                    node = ends[k]
                    c.gap = max(1, p - end_k)
                    node.eol = [*node.eol, c]
                    continue
                if k >= 0 and end_k >= ls:
                    # after an indicator on the same line (``- # ...``, ``] , # ...``)
                    node = ends[k]
                    c.gap = max(1, p - (ls + len(text[ls:p].rstrip())))
                    node.eol = [*node.eol, c]
                    continue
            if kind == "c" and text[ls:p].strip():
                kind = "i"   # after an indicator only (``- # ...``): it belongs to what follows
            i = bisect_right(entries, p, key=_START)
            key = i
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append((p, kind, c))
        for key in order:
            self.place(key, groups[key])

    _BLANK_FIRST = re.compile(r"[ \t]*\n")

    def _hashes_and_blanks(self) -> list:
        """Where a gap can hold a comment or a blank line, in order: every "#" and the start of every
        blank line (scan_gap finds only comments that start at a "#" in the gap, and blank lines that
        start in it). str.find for the "#"s: four times faster than one regular expression for both."""
        text = self.text
        out = []
        find = text.find
        i = find("#")
        while i >= 0:
            out.append(i)
            i = find("#", i + 1)
        if self._BLANK_FIRST.match(text):
            out.append(0)
        # blank lines after a line break: empty ones at each "\n\n", others (spaces or tabs only)
        # end in " \n" or "\t\n"; str.find again, three times quicker than a regular expression
        i = find("\n\n")
        while i >= 0:
            out.append(i + 1)
            i = find("\n\n", i + 1)
        for tail in (" \n", "\t\n") if "\t" in text else (" \n",):
            i = find(tail)
            while i >= 0:
                ls = text.rfind("\n", 0, i) + 1
                if ls > 0 and text[ls:i].strip(" \t") == "":
                    out.append(ls)
                i = find(tail, i + 1)
        out.sort()
        return out

    def scan_gaps(self, marks: list, items: list) -> None:
        """:meth:`scan_gap` on each gap between the scalars (from the furthest end of the ones before
        to the start of the next) that holds one of ``marks`` (sorted positions of "#"s and blank
        lines), in order. A file has far fewer marks than scalars, so each mark is looked up."""
        if not marks:
            return
        n = len(self.text)
        if self.in_order:   # the spans do not overlap and come in order (see run)
            spans = self.scalars
            count = len(spans)
            last = -1
            for m in marks:
                i = bisect.bisect_right(spans, m, key=_FIRST)   # the first scalar after the mark
                if i == last:
                    continue
                pos = spans[i - 1][1] if i > 0 else 0
                if pos <= m:
                    last = i
                    self.scan_gap(pos, spans[i][0] if i < count else n, items)
            return
        spans = self.scalars + [(n, n)]
        starts = list(map(_FIRST, spans))
        ends = list(map(_SECOND, spans))
        if starts != sorted(starts) or ends != sorted(ends):   # pragma: no cover - the parser gives them in order
            pos = 0
            for a, b in spans:
                if a > pos and any(pos <= m < a for m in marks):
                    self.scan_gap(pos, a, items)
                if b > pos:
                    pos = b
            return
        # in order, so the furthest end of the scalars before the i-th is ends[i - 1]
        last = -1
        for m in marks:
            i = bisect.bisect_right(starts, m)   # the first scalar after the mark: the gap is before it
            if i == last:
                continue
            pos = ends[i - 1] if i > 0 else 0
            if pos <= m:
                last = i
                self.scan_gap(pos, starts[i], items)

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
                x = cands[j]
                if type(x.after) is not list:
                    x.after = list(x.after)
                target, base = x.after, x.col
            elif E is not None:
                if type(E.before) is not list:
                    E.before = list(E.before)
                target, base = E.before, E.col
            else:
                target, base = self.doc.trailer, 0
            c.rel = max(0, cc - base)
            target.extend(blanks)
            target.append(c)
            blanks = []
        if blanks:
            if E is not None:
                E.before = [*E.before, *blanks]
            else:
                self.doc.trailer.extend(blanks)


def build(text: str, spec: Spec | None = None, events=None) -> Doc:
    """Parse normalised YAML text into a tree with comments. Raises :class:`FormatError`.

    ``events``: the parser's events of ``text`` when the caller has them already.
    """
    d = TreeBuilder(text, spec).build(events)
    return d


def dismantle(doc: Doc | None) -> None:
    """Cut the tree's reference cycles (a node and the entry that owns it, an entry and its
    collection), so that it is freed as soon as it is dropped, without the cyclic garbage
    collector walking it (a tenth of fmt's time). The tree is not usable afterwards."""
    if doc is None:
        return
    for e in doc.entries:
        e.coll = e.parent = None
        e.value.owner = None
        if e.key is not None:
            e.key.owner = None
    doc.entries = []


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
    # text for saa (YAML 1.2 core) and for every other common reader (YAML 1.1 and 1.2)
    return isinstance(resolve_plain(v), str) and plain_text_everywhere(v)


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
    content = parts[1:-1] if src.endswith("\n") else parts[1:]   # not the "" after the last line break
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

_RANKS: dict = {}   # id(spec) -> (spec, key -> rank in the plan format's order, or None: kept as written)


class _Emitter:
    def __init__(self, doc: Doc, safe: bool = False):
        self.doc = doc
        self.safe = safe
        self.lines: list = []
        self._has: dict = {}
        self.block_mark: tuple[int, int, bool] | None = None  # (line index after a block scalar, its indentation, keep?)

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
            mark = self.block_mark
            if c.text == "":
                if self.just_after_block() and mark is not None and mark[2]:
                    continue   # a blank line after a |+ block would join its text
                self.blank()
            else:
                col = indent + c.rel
                if self.just_after_block() and mark is not None:
                    col = min(col, mark[1] - 1)   # deeper, it would be read as text
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
        if type(node) is Scalar:
            return bool(node.eol or node.header_eol)
        if not isinstance(node, Coll):
            return False
        key = id(node)
        found = self._has.get(key)
        if found is not None:
            return found
        found = False
        for e in node.entries:
            k, v = e.key, e.value
            if (e.before and any(c.text for c in e.before)) or (e.after and any(c.text for c in e.after)) \
                    or (k is not None and (k.eol or k.header_eol)):
                found = True
            elif type(v) is Scalar:
                found = bool(v.eol or v.header_eol)
            elif isinstance(v, Coll):
                found = bool(v.eol) or self.has_comments(v)
            if found:
                break
        self._has[key] = found
        return found

    def is_block(self, node) -> TypeGuard[Coll]:
        return isinstance(node, Coll) and bool(node.entries) and (not node.flow or self.has_comments(node))

    def ordered(self, c: Coll) -> list:
        spec = c.spec
        entries = c.entries
        if spec is None or c.kind != "map" or len(entries) < 2:
            return entries
        got = _RANKS.get(id(spec))
        if got is None or got[0] is not spec:
            kind = spec.kind
            names: Iterable[str] | None = spec.fields if kind == "object" else ACTION_ORDER if kind == "action" else None
            got = _RANKS[id(spec)] = (spec, None if names is None else {k: i for i, k in enumerate(names)})
        rank = got[1]
        if rank is None:
            return entries
        get = rank.get
        n = len(rank)
        prev = -1
        try:   # already in order (the common case) is seen without making a list
            for e in entries:
                r = get(e.key.value, n)
                if r < prev:
                    break
                prev = r
            else:
                return entries
        except AttributeError:   # pragma: no cover - an entry without a key, in a map made by hand
            pass
        keys = [get(e.key.value if e.key is not None else "", n) for e in entries]
        if keys == sorted(keys):   # (after an entry without a key: in order after all)
            return entries
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return [entries[i] for i in order]

    # -- scalars --
    def force_quotes(self, s: Scalar) -> bool:
        return s.spec is not None and s.spec.kind == "relation" and isinstance(s.typed(), str)

    def scalar_lines(self, s: Scalar, cont: int, flow: bool = False, key: bool = False):
        """(lines, comments go on the first line?) for a scalar; lines after the first are indented."""
        forced = self.force_quotes(s)
        if s.plain and not forced:
            src = s.src
            assert src is not None  # a plain scalar has its source (Scalar.plain)
            if "\n" not in src:
                if flow and src == "":
                    return ["null"], False
                return [src], False
            if not flow and not key and not self.safe:
                parts = src.split("\n")
                out = [parts[0].rstrip(" \t")]
                pad = " " * cont
                for p in parts[1:]:
                    t = p.strip(" \t")
                    out.append(pad + t if t else "")
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
        if type(node) is Scalar:
            src = node.src
            if node.style is None and src and "\n" not in src and (node.spec is None or node.spec.kind != "relation"):
                return src   # what scalar_lines gives a plain one-line text in a flow collection
        if isinstance(node, Scalar):
            lines, _ = self.scalar_lines(node, 0, flow=True)
            return lines[0] if len(lines) == 1 else dq(node.value)
        # the items inline when they are plain one-line texts (what flow_text and _flow_key give them)
        parts: list[str] = []
        add = parts.append
        is_map = node.kind == "map"
        for e in self.ordered(node) if is_map else node.entries:
            v = e.value
            if type(v) is Scalar and v.style is None and v.src and "\n" not in v.src \
                    and (v.spec is None or v.spec.kind != "relation"):
                text = v.src
            else:
                text = self.flow_text(v)
            if is_map:
                k = e.key
                ks = k.src
                if k.style is None and ks and "\n" not in ks and (k.spec is None or k.spec.kind != "relation"):
                    text = ks + ": " + text
                else:
                    text = self.key_text(k, True) + ": " + text
            add(text)
        return "{" + ", ".join(parts) + "}" if is_map else "[" + ", ".join(parts) + "]"

    def _flow_key(self, k: Scalar) -> str:
        src = k.src
        if k.style is None and src and "\n" not in src and (k.spec is None or k.spec.kind != "relation"):
            return src   # what key_text gives a plain one-line key
        return self.key_text(k, True)

    def inline(self, node, cont: int):
        """(lines, comments, comments on first line?) for a value written after ``key:`` or ``-``."""
        if isinstance(node, Scalar):
            lines, first = self.scalar_lines(node, cont)
            eols = [*node.header_eol, *node.eol]
            return lines, eols, first
        return [self.flow_text(node)], list(node.eol), False

    def put(self, head: str, node, key_eols: list, indent: int) -> None:
        """``head`` (``key:`` or ``-``) followed by an inline value and its comments."""
        lines, eols, first = self.inline(node, indent + INDENT)
        eols = list(key_eols) + eols
        line0 = head if lines[0] == "" else f"{head} {lines[0]}"
        if not eols:   # no comment to place: the lines as they are
            self.lines.append(line0)
            if len(lines) > 1:
                self.lines.extend(lines[1:])
                if first:
                    self.block_mark = (len(self.lines), indent + INDENT, lines[0][1:2] == "+")
            return
        out = [line0] + lines[1:]
        at = 0 if first else len(out) - 1
        with_c = self.with_eol(out[at], eols, indent + INDENT if at else indent)
        out[at:at + 1] = with_c
        self.lines.extend(out)
        if first and len(lines) > 1:
            self.block_mark = (len(self.lines), indent + INDENT, lines[0][1:2] == "+")

    # -- blocks --
    # The common case inline (a plain one-line key or value without comments, what put() and
    # key_text() give for it); anything else goes through them.

    def emit_map(self, m: Coll, indent: int, first_prefix: str | None = None, ordered: list | None = None) -> None:
        lines = self.lines
        add = lines.append
        pad = " " * indent
        first = first_prefix is not None
        prefix = pad
        for e in self.ordered(m) if ordered is None else ordered:
            if first:
                prefix = first_prefix   # type: ignore[assignment]
                first = False
            else:
                if e.before:
                    self.comment_lines(e.before, indent)
                prefix = pad
            k = e.key
            ks = k.src
            v = e.value
            if k.style is None and ks and k.spec is None and "\n" not in ks:
                if type(v) is Scalar:   # the commonest line of all, in one piece
                    vs = v.src
                    if v.style is None and vs is not None and not k.eol and not v.eol and not v.header_eol \
                            and "\n" not in vs and (v.spec is None or v.spec.kind != "relation"):
                        add(f"{prefix}{ks}: {vs}" if vs else f"{prefix}{ks}:")
                        if e.after:
                            self.comment_lines(e.after, indent)
                        continue
                head = f"{prefix}{ks}:"
            else:
                head = prefix + self.key_text(k) + ":"
            if type(v) is Scalar:
                vs = v.src
                if v.style is None and vs is not None and not k.eol and not v.eol and not v.header_eol \
                        and "\n" not in vs and (v.spec is None or v.spec.kind != "relation"):
                    add(head + " " + vs if vs else head)
                else:
                    self.put(head, v, k.eol, indent)
            elif type(v) is Coll and v.entries and (not v.flow or self.has_comments(v)):   # self.is_block(v)
                if k.eol or v.eol:
                    lines.extend(self.with_eol(head, list(k.eol) + list(v.eol), indent + INDENT))
                else:
                    add(head)
                if v.kind == "map":
                    self.emit_map(v, indent + INDENT)
                else:
                    self.emit_seq(v, indent + INDENT)
            elif not k.eol and type(v) is Coll and not v.eol:
                add(head + " " + self.flow_text(v))   # what put() writes for it
            else:
                self.put(head, v, k.eol, indent)
            if e.after:
                self.comment_lines(e.after, indent)

    def emit_seq(self, s: Coll, indent: int, first_prefix: str | None = None) -> None:
        lines = self.lines
        add = lines.append
        pad = " " * indent
        first = first_prefix is not None
        prefix = pad
        for e in s.entries:
            if first:
                prefix = first_prefix   # type: ignore[assignment]
                first = False
            else:
                if e.before:
                    self.comment_lines(e.before, indent)
                prefix = pad
            v = e.value
            if type(v) is Scalar:
                vs = v.src
                if v.style is None and vs is not None and not v.eol and not v.header_eol \
                        and "\n" not in vs and (v.spec is None or v.spec.kind != "relation"):
                    add(f"{prefix}- {vs}" if vs else prefix + "-")
                else:
                    self.put(prefix + "-", v, [], indent)
            elif type(v) is Coll and v.entries and (not v.flow or self.has_comments(v)):   # self.is_block(v)
                order = self.ordered(v)
                before = order[0].before
                if before:
                    self.comment_lines(before, indent)
                if v.eol:
                    self.comment_lines([Comment(c.text) for c in v.eol], indent)
                if v.kind == "map":
                    self.emit_map(v, indent + INDENT, prefix + "- ", order)
                else:
                    self.emit_seq(v, indent + INDENT, prefix + "- ")
            elif type(v) is Coll and not v.eol:
                add(prefix + "- " + self.flow_text(v))   # what put() writes for it
            else:
                self.put(prefix + "-", v, [], indent)
            if e.after:
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
        # blank lines at the end go, except those of a |+ block that ends the file (they are its text)
        keep = self.block_mark[0] if self.block_mark is not None and self.block_mark[2] else 0
        lines = self.lines
        while len(lines) > keep and lines[-1] == "":
            lines.pop()
        if not lines:
            return ""
        lines.append("")   # the final line break, without copying the text once more
        return "\n".join(lines)


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


def typed_yaml11(node, y11: dict | None = None) -> Any:
    """The tree as a YAML 1.1 reader types it: each scalar as ("str", its text) or (its type,),
    maps as dicts keyed by (type, text). What the guard compares besides saa's own reading."""
    def scalar(s: Scalar, key: bool = False):
        if s.plain:
            v = s.value
            tag = y11.get(v) if y11 is not None else None
            if tag is None:
                tag = resolve_yaml11(v)
                if y11 is not None:
                    y11[v] = tag
            if tag != "str":
                return (tag, s.value) if key and tag != "null" else (tag,)
        return ("str", s.value)

    def conv(n):
        if isinstance(n, Scalar):
            return scalar(n)
        if n is None:
            return None
        out_ = {} if n.kind == "map" else []
        stack.append((n, out_))
        return out_

    stack: list = []
    top = conv(node)
    while stack:
        n, o = stack.pop()
        if n.kind == "map":
            for e in n.entries:
                o[scalar(e.key, True) if e.key is not None else None] = conv(e.value)
        else:
            o.extend(conv(e.value) for e in n.entries)
    return top


def render_checked(doc: Doc, expected_data, comments: list, name: str, rebuild=None, first: str | None = None) -> str:
    """Emit ``doc``; the result must read back as ``expected_data`` with the same comments.

    ``rebuild`` gives a fresh tree for the conservative second attempt (the
    emitter never changes the tree, so the same one is reused when omitted);
    ``first``: ``emit(doc)`` when the caller has it already.
    """
    want = Counter(comments)
    y11: dict = {}   # plain text -> its YAML 1.1 type: the output's plain values are mostly the source's
    for safe in (False, True):
        d = doc if (not safe or rebuild is None) else rebuild()
        out = first if (not safe and first is not None) else emit(d, safe=safe)
        try:
            back, events = _load(out, name)
        except FormatError:
            continue
        if not same(back, expected_data):
            continue
        if events is not None:   # the output's comments and YAML 1.1 types, without its tree
            got, typed = TreeBuilder(out).light(events, y11)
        else:
            try:
                again = build(out)
            except FormatError:
                continue
            got, typed = again.comments, typed_yaml11(again.root)
        if Counter(got) != want:
            continue
        if not same(typed, typed_yaml11(d.root, y11)):
            continue   # a YAML 1.1 reader (PyYAML) would read a type the source did not have
        return out
    raise FormatError("cannot be written in canonical form without changing a value or a comment "
                      "(a bug in saa fmt: please report it); the file is left as it is", rule="fmt-internal")


def _text_both_ways(v: str) -> bool:
    """Does the plain scalar ``v`` read as the text ``v`` for saa (YAML 1.2 core) and for a YAML 1.1
    reader, as it would quoted?"""
    return bool(v) and (v[0] not in _PLAIN_SPECIAL or isinstance(resolve_plain(v), str)) \
        and resolve_yaml11(v) == "str"


def reads_as_before(before: list, out: str, comments: list) -> bool:
    """True when fmt's output ``out`` surely passes :func:`render_checked`'s guard for a tree built
    (not suspect) from the text whose events are ``before``: proved from the two event streams,
    without reading either into data. False means "not proved here" (keys put in order, a value
    written otherwise, ...): then the guard itself decides.

    ``out`` is parsed again, on its own. Every event must be of the same kind as the source's, in
    the same order, without anchors or tags; every scalar must have the same value, and be plain in
    both or quoted in both, or be text either way (a quoted ``abc`` written plain); and the comments
    must be the source's. Then saa's loader reads ``out`` as the source's data, with no finding the
    source had not (its findings are all seen in the events: anchors, tags, duplicate keys, depth,
    size, a second document), a YAML 1.1 reader types every value as before, and no comment is lost.
    """
    after = _event_list(out)
    if after is None or len(after) != len(before):
        return False
    kinds = _EVENT_KINDS
    for a, b in zip(before, after):
        cls = type(a)
        if type(b) is not cls:
            return False
        k = kinds.get(cls)
        if k is None:
            k = kinds[cls] = _KIND_OF_NAME.get(cls.__name__, 0)
        if k == 1:
            if b.anchor is not None or b.ctag is not None:
                return False
            if a.value != b.value:
                return False
            if (not a.style) != (not b.style) and not _text_both_ways(a.value):
                return False
        elif k == 3:
            if b.anchor is not None or b.tag is not None:
                return False
        elif k == 0 and cls.__name__ == "AliasEvent":   # pragma: no cover - build refuses aliases
            return False
    return Counter(TreeBuilder(out).comment_texts(after)) == Counter(comments)


def spec_for(path) -> Spec | None:
    if isinstance(path, str) and "/" not in path and os.sep not in path and path not in ("", ".", ".."):
        entry = FILES.get(path)   # a file's name already (format_text's callers): what pathlib would give
    else:
        entry = FILES.get(Path(path).name)
    return entry[1] if entry else None


_KEEP_EVENTS_MAX = 256 * 1024   # larger files are parsed twice rather than held as events in memory


def _event_list(text: str):
    """Every event of ``text`` from one run of the parser, or None when it stops on an error."""
    from . import yamlio

    if not yamlio._ready:
        yamlio._setup()
    if yamlio._CParser is None or len(text) > _KEEP_EVENTS_MAX:  # pragma: no cover - no C parser
        return None
    try:
        return list(iter(yamlio._CParser(text).get_event, None))
    except Exception:  # a syntax error: parse_text reports it
        return None


def _load(norm: str, name: str, events=None):
    """(the data as saa reads it, the events) of normalised text, parsed once; raises :class:`FormatError`
    for a file with findings. The events are None when they could not be kept (then build parses again).
    ``events``: the parser's events of ``norm`` when the caller has them already."""
    from . import yamlio

    if events is None:
        events = _event_list(norm)
    if events is None:
        orig = parse_text(norm, name)
    else:
        orig = yamlio._parse(norm, name, lambda: events, yamlio._RUAMEL_CLASSES)
    if orig.findings:
        f = orig.findings[0]
        raise FormatError(f.message, f.line, f.column, f.rule)
    return orig.data, events


def format_text(text: str, name: str = "plan.yaml") -> str:
    """The canonical form of one plan file's text. Raises :class:`FormatError` (file left alone).

    The file is parsed once: the same events give saa's reading of the data and fmt's
    tree. When the canonical form is the text itself (a file already canonical: the
    common case of ``saa fmt --check``), the round-trip guard is not run, because it
    could only confirm it: the output *is* the input, so it reads back as the same data
    with the same comments (:func:`render_checked` would return this very text).
    """
    gc_on = gc.isenabled()
    gc.disable()   # see below
    try:
        return _format(normalise(text), name)
    finally:
        if gc_on:
            gc.enable()


# The trees are full of reference cycles (a node and the entry that owns it), so the
# cyclic garbage collector runs again and again while one is built, each time walking
# every object made so far: a quarter of fmt's time. It is off while one file is
# formatted; when the file is done, _format cuts the cycles of its tree (dismantle), so
# reference counting frees it at once and the collector, back on, has nothing to walk.


def _format(norm: str, name: str) -> str:
    doc = None
    try:
        spec = spec_for(name)
        directives = ("\n%" in norm or norm.startswith("%")) and \
            any(ln.startswith("%") and not ln.startswith("%YAML") for ln in norm.split("\n"))
        events = _event_list(norm)
        doc = out = None
        if events is not None and not directives:
            # The shortcut for a file already canonical. The long way below would (1) read the
            # data with saa's loader and refuse the file for any finding, (2) build the tree and
            # emit it, and return the text when that is the text itself. Here (2) comes first, on
            # the same events; the loader's findings are anchors, aliases and tags (build refuses
            # them: the long way then gives the loader's message), duplicate keys, more than
            # MAX_DEPTH levels, more than MAX_NODES values and a second document (build marks
            # the tree suspect for each, as the loader counts them), and syntax errors (no events).
            # So when the tree is not suspect and emits the text itself, the long way returns it too.
            try:
                doc = build(norm, spec, events)
            except FormatError:
                doc = None
            if doc is not None:
                out = emit(doc)
                if not doc.suspect:
                    if out == norm:
                        return out
                    if reads_as_before(events, out, doc.comments):
                        return out   # what the long way's guard would conclude (see reads_as_before)
        data, events = _load(norm, name, events)
        if directives:
            raise FormatError("YAML directives are not used in plans; fmt leaves this file alone", rule="yaml-syntax")
        if doc is None:
            doc = build(norm, spec, events)
            out = emit(doc)
        if out == norm:
            return out
        return render_checked(doc, data, doc.comments, name, rebuild=lambda: build(norm, spec, events), first=out)
    finally:
        dismantle(doc)   # freed now, not by the cyclic collector (see format_text)


# ---- files --------------------------------------------------------------------

@dataclass
class FileResult:
    path: str          # as shown
    status: str        # "unchanged", "reformatted", "would-reformat", "skipped"
    message: str = ""
    line: int = 1
    column: int = 1
    diff: str = ""
    pending: Any = field(default=None, repr=False, compare=False)   # a Batch's future (see _settle)


def collect(paths, problems: list | None = None) -> list:
    """(file path, shown path), both text, for every plan file under ``paths``. Raises ``PathError``.

    Folders that cannot be read or are symlinks become findings in ``problems`` (never skipped in silence).
    """
    from .loader import PathError, find_plans

    out: list = []
    seen: set = set()

    def add(p: Path, key: str | None = None) -> None:
        key = key or os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            shown = str(p)
            out.append((shown, shown))   # text, not Path objects: a few hundred bytes less a file

    for raw in (list(paths) if paths else ["."]):
        p = Path(raw)
        if not p.exists():
            raise PathError(f"no such file or folder: {raw}")
        if p.is_file():
            add(p)
            continue
        base = str(p)
        real_base = os.path.realpath(base)
        for plan_dir in find_plans([raw], problems):
            folder = str(plan_dir)
            # found walking ``raw``, which never enters a symlinked folder: one realpath per path given
            if folder == base:
                real_dir = real_base
            elif base == "." and not os.path.isabs(folder):
                real_dir = os.path.join(real_base, folder)
            elif folder.startswith(base.rstrip(os.sep) + os.sep):
                real_dir = real_base.rstrip(os.sep) + folder[len(base.rstrip(os.sep)):]
            else:
                real_dir = os.path.realpath(folder)
            for name, link in _plan_files(folder):
                # a FIFO or a link out of the repository is reported, not skipped; a file that is not a
                # link is real_dir/name (one realpath per folder, not one per file)
                f = name if folder == "." else os.path.join(folder, name)   # as str(Path(folder) / name)
                key = os.path.realpath(f) if link else os.path.join(real_dir, name)
                if key not in seen:
                    seen.add(key)
                    out.append((f, f))
    return out


_FILES_LOWER = frozenset(name.lower() for name in FILES)


def _plan_files(folder: str) -> list:
    """(name, is a symlink) of each plan file in ``folder``, in the order of the plan format: one
    listing of the folder rather than one ``lstat`` a name (a file's type comes with the listing)."""
    try:
        with os.scandir(folder) as entries:
            there = {e.name: e for e in entries}
        found = []
        for name in FILES:
            e = there.get(name)
            if e is not None:
                found.append((name, e.is_symlink()))
        if not any(n not in FILES and n.lower() in _FILES_LOWER for n in there):
            return found
        # a name in another case (00-Account.yaml) on a file system that may ignore case: ask for each name
    except OSError:   # a folder that can be entered but not listed: ask for each name
        pass
    found = []
    for name in FILES:
        try:
            st = os.lstat(os.path.join(folder, name))
        except OSError:
            continue   # not there
        found.append((name, stat.S_ISLNK(st.st_mode)))
    return found


def format_file(path, shown: str, check: bool = False, want_diff: bool = False, batch=None) -> FileResult:
    path = os.fspath(path)   # text (os.path, not pathlib: a few per cent of a run over many files)
    name = os.path.basename(path)
    if name in ("", ".", ".."):   # "x.yaml/", "x/.": the name pathlib gives
        name = Path(path).name
    dot = name.rfind(".")
    if not 0 < dot < len(name) - 1 or name[dot:].lower() not in (".yaml", ".yml"):   # pathlib's suffix
        return FileResult(shown, "skipped", "not a YAML file (.yaml); fmt only formats plan files")
    from .safefile import NotReadable, read_plan_file, root_of

    try:   # regular files only, and no symlink out of the repository (saa.safefile)
        found = read_plan_file(path, lambda: root_of(os.path.dirname(path) or "."), MAX_BYTES)
    except NotReadable as e:
        return FileResult(shown, "skipped", e.message)
    except OSError as e:
        return FileResult(shown, "skipped", f"cannot read: {e.strerror or e}")
    if found is None:
        return FileResult(shown, "skipped", "no such file")
    raw = found
    if len(raw) > MAX_BYTES:
        return FileResult(shown, "skipped", "file too large for a plan file")
    if b"\x00" in raw:
        return FileResult(shown, "skipped", "binary file, not YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return FileResult(shown, "skipped", "not UTF-8 text; save the file as UTF-8")
    try:
        new = format_text(text, name)
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
    if batch is not None:   # written by the batch's threads; settled (see _settle) once the batch is closed
        return FileResult(shown, "reformatted", diff=diff, pending=batch.submit(path, new.encode("utf-8"), raw))
    from .atomic import write_text_atomic

    try:
        write_text_atomic(path, new, expect=raw)  # the one writer: stops if the file changed since read
    except OSError as e:
        return _not_written(shown, e)
    return FileResult(shown, "reformatted", diff=diff)


def _not_written(shown: str, e: OSError) -> FileResult:
    from .atomic import Changed

    if isinstance(e, Changed):
        return FileResult(shown, "skipped", "changed on disk since saa read it (another editor, a git pull?); "
                                            "nothing written, so that edit is not lost: run saa fmt again")
    return FileResult(shown, "skipped", f"cannot write: {e.strerror or e}")


def _settle(r: FileResult) -> FileResult:
    """The result of a file written through a :class:`saa.atomic.Batch`, once the batch is closed."""
    if r.pending is None:
        return r
    e = r.pending.exception()
    if e is None:
        r.pending = None
        return r
    if isinstance(e, OSError):
        return _not_written(r.path, e)
    raise e


def format_files(files: list, check: bool = False, want_diff: bool = False, progress=None, total: int = 0,
                 done: int = 0) -> list:
    """:func:`format_file` for each ``(path, shown)`` pair, in this process (``done``: files done before,
    for ``progress``). When writing, the
    writes go through one :class:`saa.atomic.Batch`: formatting the next files goes on while
    the disk takes the last ones, and each folder is fsynced once; every file is written (and
    its folder fsynced) before this returns."""
    if check:
        results = []
        for p, shown in files:
            results.append(format_file(p, shown, check, want_diff))
            if progress is not None:
                progress(done + len(results), total)
        return results
    from .atomic import Batch

    results = []
    folder = None
    with Batch() as batch:
        for p, shown in files:
            parent = os.path.dirname(p)
            if parent != folder:   # the folders before are done: fsynced as the next files are formatted
                folder = parent
                batch.checkpoint()
            results.append(format_file(p, shown, check, want_diff, batch))
            if progress is not None:
                progress(done + len(results), total)
    return [_settle(r) for r in results]


# ---- many files: worker processes ------------------------------------------------
#
# Files are independent, so from PARALLEL_MIN files on (where processes can be
# forked) they are shared among worker processes: one per CPU (``SAA_JOBS=N`` asks
# for fewer; never more than the CPUs or the files), in chunks, results in the order
# of the files. The workers are plain forks (saa.parallel.forked, as for `saa check`
# and the views; no multiprocessing pool: they start about 25 ms sooner, which counts
# in a run of about a second). Each file is formatted
# (and written) exactly as one process would do it, so the result is the same; when
# the workers fail (a worker killed), the files not done yet are done in this process.
# Writing: in one process, through one saa.atomic.Batch (format_files), whose threads
# write, fsync and rename while the process formats the next files. With workers, a
# worker never waits for the disk: it hands each new text back with its result (_Write),
# and this process, idle otherwise, writes them through its Batch as the results come
# in, fsyncing the folders written so far after each chunk (a folder split between two
# chunks twice); the results are returned when all is on disk.

PARALLEL_MIN = 24      # files; fewer are formatted in this process: starting workers costs more
CHUNKS_PER_JOB = 16    # chunks per worker: an even load, and progress to show
TAIL_SHARE = 4         # the last chunks: what is left / (workers x this), down to
TAIL_MIN = 2           # files (a chunk costs a little: a wake-up here, results pickled)


def jobs_for(n_files: int, jobs: int | None = None) -> int:
    """Worker processes for ``n_files`` files: ``jobs`` or ``SAA_JOBS`` or the CPUs, capped at both."""
    from .parallel import default_jobs

    cpus = default_jobs() if jobs is None else max(1, jobs)
    try:
        limit = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        limit = os.cpu_count() or 1
    return max(1, min(cpus, limit, n_files))


@dataclass
class _Write:
    """A write handed from a worker process to the main one (see _parallel)."""

    path: str
    data: bytes
    expect: Any    # a saa.atomic.Snapshot of what was read


class _HandBack:
    """What a worker gives :func:`format_file` for a batch: the write is handed back, not done."""

    def submit(self, path, data: bytes, expect) -> _Write:
        from .atomic import Snapshot

        return _Write(path, data, Snapshot.of_bytes(bytes(expect)) if isinstance(expect, (bytes, bytearray)) else expect)


def _format_chunk(args) -> list:
    files, check, want_diff = args
    if check:
        return format_files(files, check, want_diff)
    hand_back = _HandBack()
    return [format_file(p, shown, check, want_diff, hand_back) for p, shown in files]


def run(paths, check: bool = False, want_diff: bool = False, jobs: int | None = None, progress=None) -> list:
    """Format every plan file under ``paths``, in the order found. Raises ``PathError`` for a bad path.

    ``progress(done, total)``, when given, is called as files are done (from this
    process; the caller decides whether and where to show it).
    """
    return list(stream(paths, check, want_diff, jobs, progress))


def stream(paths, check: bool = False, want_diff: bool = False, jobs: int | None = None, progress=None):
    """:func:`run`'s results one by one, in the same order; raises ``PathError`` at once (not on the
    first result). With ``check``, each result comes as soon as it and those before it are done,
    so a caller that keeps only what it shows holds a few results at a time, whatever the number of
    files (``saa fmt --check`` over a large portfolio: flat memory). Writing, the results come once
    every file is on disk (a file is reported reformatted only then)."""
    problems: list = []
    files = collect(paths, problems)
    skipped = [FileResult(f.path, "skipped", f.message, f.line, f.column) for f in problems if f.severity == "error"]
    return _stream(skipped, files, check, want_diff, jobs, progress)


def _stream(first: list, files: list, check: bool, want_diff: bool, jobs, progress):
    yield from first
    yield from stream_files(files, check, want_diff, jobs, progress)


def run_files(files: list, check: bool = False, want_diff: bool = False, jobs: int | None = None,
              progress=None) -> list:
    """Format the ``(path, shown)`` pairs of :func:`collect`, over worker processes when there are many."""
    return list(stream_files(files, check, want_diff, jobs, progress))


def stream_files(files: list, check: bool = False, want_diff: bool = False, jobs: int | None = None,
                 progress=None):
    """:func:`run_files`'s results one by one, in order (see :func:`stream`)."""
    total = len(files)
    jobs = jobs_for(total, jobs)
    done = 0
    if jobs > 1 and total >= PARALLEL_MIN:
        from .parallel import can_fork

        forks = can_fork()
        if forks and not check:
            results = _parallel(files, check, want_diff, jobs, progress)
            done = len(results)   # all, or those of the chunks done before the workers failed
            if done < total:   # the rest in this process (nothing is written twice)
                results.extend(format_files(files[done:], check, want_diff, progress, total, done))
            yield from results
            return
        elif forks:
            try:
                for part in _pool_parts(files, check, want_diff, jobs):
                    yield from part
                    done += len(part)
                    if progress is not None:
                        progress(done, total)
                return
            except _NoPool:
                pass   # the rest in this process (checking has no side effects: nothing is done twice)
    if check:
        for p, shown in files[done:]:
            yield format_file(p, shown, check, want_diff)
            done += 1
            if progress is not None:
                progress(done, total)
        return
    yield from format_files(files, check, want_diff, progress, total)


class _NoPool(Exception):
    """Worker processes cannot be used here (see :func:`_pool_parts`)."""


def _pool_parts(files: list, check: bool, want_diff: bool, jobs: int):
    """The results of ``files`` from ``jobs`` worker processes, a chunk (a list) at a time, in order.
    Raises :class:`_NoPool` when processes cannot be used here (then the caller goes on in this process).

    The workers are forked as soon as the files are known (:func:`saa.parallel.forked`: no
    multiprocessing pool to import and start, nothing of the file list sent), with the YAML parser
    ready (readied here once: when each worker readied its own, one often started 20-40 ms late).
    """
    from .parallel import NoWorkers, forked

    _ready_parser()
    bounds = _chunks(len(files), jobs)

    def run(i: int) -> list:
        return _format_chunk((files[bounds[i]:bounds[i + 1]], check, want_diff))

    try:
        yield from forked(len(bounds) - 1, run, jobs)
    except NoWorkers as err:
        raise _NoPool from err


def _chunks(n: int, jobs: int) -> list:
    """Where each chunk of ``n`` files starts, and ``n``: chunks of n / (jobs x CHUNKS_PER_JOB) files,
    then smaller and smaller ones for the last files (what is left / (jobs x TAIL_SHARE), down to
    TAIL_MIN), so that the workers finish at about the same time. At most MAX_CHUNKS chunks."""
    from .parallel import MAX_CHUNKS

    size = max(1, -(-n // (jobs * CHUNKS_PER_JOB)))
    bounds = [0]
    while bounds[-1] < n:
        left = n - bounds[-1]
        bounds.append(min(n, bounds[-1] + min(size, max(TAIL_MIN, -(-left // (jobs * TAIL_SHARE))))))
    if len(bounds) > MAX_CHUNKS + 1:   # very many workers: equal chunks, as many as can be numbered
        size = -(-n // MAX_CHUNKS)
        bounds = [*range(0, n, size), n]
    return bounds


def _ready_parser() -> None:
    from . import yamlio

    if not yamlio._ready:
        yamlio._setup()


def _parallel(files: list, check: bool, want_diff: bool, jobs: int, progress) -> list:
    """The results of ``files`` from ``jobs`` worker processes, in order, every write done; fewer (the
    first files, maybe none) when processes cannot be used here or stop: the caller does the rest."""
    results: list = []
    batch = None
    try:
        for part in _pool_parts(files, check, want_diff, jobs):
            for r in part:
                if isinstance(r.pending, _Write):   # written here, while the workers go on
                    if batch is None:
                        from .atomic import Batch

                        batch = Batch()
                    w = r.pending
                    r.pending = batch.submit(w.path, w.data, w.expect)
            if batch is not None:
                batch.checkpoint()   # the folders written so far, fsynced while the workers go on
            results.extend(part)
            if progress is not None:
                progress(len(results), len(files))
    except _NoPool:
        pass
    finally:
        if batch is not None:
            batch.close()   # every write done and its folder fsynced, whatever happens
    return [_settle(r) for r in results] if batch is not None else results
