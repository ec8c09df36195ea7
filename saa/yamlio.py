"""Reading YAML plan files: every value keeps its line and column.

Files are parsed into events (libyaml's C parser when available, ruamel's pure
Python parser otherwise) and built into plain JSON-like data with an explicit
stack, so depth, size and node counts are bounded and nothing recurses.
Anchors, aliases and tags are refused: plans don't need them and they are how
YAML bombs work. Scalars are resolved with the YAML 1.2 core schema, except
that timestamps stay strings (saa parses dates itself).

Nothing here raises on bad input: every problem becomes a :class:`Finding`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import Finding, Loc

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 250_000

try:  # the C path: ruamel.yaml[libyaml]
    from _ruamel_yaml_clibz import CParser as _CParser  # type: ignore
except Exception:  # pragma: no cover - depends on the installation
    try:
        from _ruamel_yaml import CParser as _CParser  # type: ignore
    except Exception:
        _CParser = None

_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_INF = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
        "+.inf": float("inf"), "-.inf": float("-inf"), "-.Inf": float("-inf"),
        ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}
_STD_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:map": "map",
    "tag:yaml.org,2002:seq": "seq",
    "!": "str",
}

Path_ = tuple  # a path into the data: keys and list indexes


def resolve_plain(value: str) -> Any:
    """Resolve an unquoted scalar by the YAML 1.2 core schema (dates stay text)."""
    if value in _NULLS:
        return None
    c = value[0]
    if c in "0123456789-+.":
        if _INT.match(value):
            if len(value) > 18:
                return float(value)
            return int(value)
        if _FLOAT.match(value):
            return float(value)
        if value in _INF:
            return _INF[value]
        if _OCT.match(value):
            return int(value[2:], 8)
        if _HEX.match(value):
            return int(value[2:], 16)
        return value
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return value


@dataclass
class Document:
    """One plan file as data, with the position of every key and value."""

    path: str
    data: Any = None
    pos: dict = field(default_factory=dict)   # path tuple -> (line, col) of the value
    kpos: dict = field(default_factory=dict)  # path tuple -> (line, col) of the key
    findings: list = field(default_factory=list)
    exists: bool = True
    text: str | None = None

    @property
    def ok(self) -> bool:
        return self.data is not None

    def loc(self, path: tuple = (), key: bool = False) -> Loc:
        """Where the value (or with ``key``, the key) at ``path`` was written.

        Falls back to the nearest enclosing value that has a position.
        """
        if key and path in self.kpos:
            line, col = self.kpos[path]
            return Loc(self.path, line, col)
        p = tuple(path)
        while p:
            if p in self.pos:
                line, col = self.pos[p]
                return Loc(self.path, line, col)
            p = p[:-1]
        line, col = self.pos.get((), (1, 1))
        return Loc(self.path, line, col)

    def key_loc(self, path: tuple) -> Loc:
        return self.loc(path, key=True)


class _Abort(Exception):
    pass


def _mark(ev) -> tuple[int, int]:
    m = ev.start_mark
    return m.line + 1, m.column + 1


_DUP = object()      # a key seen before: its value is read and dropped
_BADKEY = object()   # a key that is not a scalar


def _events(text: str):
    if _CParser is not None:
        parser = _CParser(text)
        get = parser.get_event
        while True:
            ev = get()
            if ev is None:
                return
            yield ev
            if type(ev).__name__ == "StreamEndEvent":
                return
    else:  # pragma: no cover - pure Python fallback
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)


def _syntax_message(err, text: str) -> tuple[int, int, str]:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line = (mark.line + 1) if mark is not None else 1
    col = (mark.column + 1) if mark is not None else 1
    problem = (getattr(err, "problem", None) or str(err)).strip()
    context = (getattr(err, "context", None) or "").strip()
    lines = text.splitlines()
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    at = src[col - 1] if 0 < col <= len(src) else ""
    if at == "\t" or ("\t" in src[:col] and not src[: col - 1].strip()) or "'\\t'" in problem:
        return line, col, "a tab cannot indent YAML: indent with spaces"
    if "block sequence entries are not allowed" in problem:
        m = re.match(r"\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:\s*-\s*$", src)
        if m and m.group(1) == "relation":
            return line, col, 'quote the relation score: "-"'
        if m:
            return line, col, f'an unquoted - after {m.group(1)}: starts a list; quote it: "-"'
    msg = f"YAML syntax: {problem}"
    if context and context not in problem:
        msg += f" ({context})"
    if "cannot start any token" in problem:
        msg += "; quote the value"
    return line, col, msg


def parse_text(text: str, path: str) -> Document:
    """Build a :class:`Document` from YAML text. Never raises on bad input."""
    doc = Document(path=path, text=text)
    findings = doc.findings
    pos = doc.pos
    kpos = doc.kpos
    stack: list[list] = []  # [container, path, is_map, pending_key]
    root: list = [None]
    have_root = False
    nodes = 0
    docs = 0

    def place(value, vpath, mark):
        nonlocal have_root
        if not stack:
            root[0] = value
            have_root = True
            pos[()] = mark
            return
        top = stack[-1]
        if top[2]:
            key = top[3]
            top[3] = None
            if key is _DUP or key is _BADKEY:
                return
            top[0][key] = value
        else:
            top[0].append(value)
        pos[vpath] = mark

    def child_path():
        top = stack[-1]
        if top[2]:
            return top[1] + (top[3],)
        return top[1] + (len(top[0]),)

    try:
        for ev in _events(text):
            name = type(ev).__name__
            if name == "ScalarEvent":
                nodes += 1
                mark = _mark(ev)
                anchor = ev.anchor
                if anchor is not None:
                    findings.append(Loc(path, *mark).error(
                        "yaml-anchor", f"anchors and aliases (&{anchor}, *{anchor}) are not allowed in plans; write the value out"))
                tag = ev.tag
                style = ev.style
                if tag is not None and tag not in _STD_TAGS:
                    findings.append(Loc(path, *mark).error(
                        "yaml-tag", f"YAML tags such as {tag} are not allowed in plans; remove it"))
                    tag = None
                v = ev.value
                kind = _STD_TAGS.get(tag) if tag else None
                if kind == "str" or (kind is None and style not in (None, "")):
                    value = v
                elif kind in (None, "int", "float", "bool", "null"):
                    value = resolve_plain(v)
                else:
                    value = v
                if stack and stack[-1][2] and stack[-1][3] is None:
                    top = stack[-1]
                    key = value if isinstance(value, str) else ("" if value is None else str(value).lower() if isinstance(value, bool) else str(value))
                    kp = top[1] + (key,)
                    if key in top[0]:
                        first = kpos.get(kp, mark)
                        findings.append(Loc(path, *mark).error(
                            "duplicate-key", f"duplicate key '{key}' (first written at line {first[0]}); keep one"))
                        top[3] = _DUP
                    else:
                        top[3] = key
                        kpos[kp] = mark
                    continue
                vpath = child_path() if stack else ()
                place(value, vpath, mark)
            elif name in ("MappingStartEvent", "SequenceStartEvent"):
                nodes += 1
                mark = _mark(ev)
                if ev.anchor is not None:
                    findings.append(Loc(path, *mark).error(
                        "yaml-anchor", f"anchors and aliases (&{ev.anchor}, *{ev.anchor}) are not allowed in plans; write the value out"))
                if ev.tag is not None and ev.tag not in _STD_TAGS:
                    findings.append(Loc(path, *mark).error(
                        "yaml-tag", f"YAML tags such as {ev.tag} are not allowed in plans; remove it"))
                if len(stack) >= MAX_DEPTH:
                    findings.append(Loc(path, *mark).error(
                        "too-deep", f"nested more than {MAX_DEPTH} levels deep; plans are shallow: check the indentation"))
                    raise _Abort
                is_map = name == "MappingStartEvent"
                container: Any = {} if is_map else []
                if stack and stack[-1][2] and stack[-1][3] is None:
                    findings.append(Loc(path, *mark).error(
                        "yaml-syntax", "a key must be plain text, not a list or a mapping"))
                    stack[-1][3] = _BADKEY
                    cpath = stack[-1][1] + ("?",)
                    stack.append([container, cpath, is_map, None])
                    continue
                vpath = child_path() if stack else ()
                place(container, vpath, mark)
                stack.append([container, vpath, is_map, None])
            elif name in ("MappingEndEvent", "SequenceEndEvent"):
                stack.pop()
            elif name == "AliasEvent":
                mark = _mark(ev)
                findings.append(Loc(path, *mark).error(
                    "yaml-anchor", f"anchors and aliases (&{ev.anchor}, *{ev.anchor}) are not allowed in plans; write the value out"))
                if stack and stack[-1][2] and stack[-1][3] is None:
                    stack[-1][3] = _BADKEY
                else:
                    place(None, child_path() if stack else (), mark)
            elif name == "DocumentStartEvent":
                docs += 1
                if docs > 1:
                    findings.append(Loc(path, *_mark(ev)).error(
                        "yaml-syntax", "more than one YAML document (---) in a plan file; keep one"))
                    raise _Abort
            if nodes > MAX_NODES:
                findings.append(Loc(path, *_mark(ev)).error(
                    "too-large", f"more than {MAX_NODES:,} values in one file; a plan file is much smaller"))
                raise _Abort
    except _Abort:
        doc.data = None
        return doc
    except RecursionError:  # pragma: no cover - defensive
        findings.append(Loc(path).error("too-deep", "nested too deeply"))
        doc.data = None
        return doc
    except Exception as err:  # YAML errors from either parser
        line, col, msg = _syntax_message(err, text)
        findings.append(Finding(path, line, col, "error", "yaml-syntax", msg))
        doc.data = None
        return doc
    if any(f.rule in ("yaml-anchor", "yaml-tag") for f in findings):
        # the value behind an alias is unknown; keep the data for other checks
        pass
    doc.data = root[0] if have_root else None
    if not have_root:
        doc.data = {}
        doc.pos[()] = (1, 1)
    return doc


def _decode(raw: bytes, path: str) -> tuple[str | None, Finding | None]:
    if b"\x00" in raw:
        return None, Finding(path, 1, 1, "error", "encoding", "binary file, not YAML text; plan files are UTF-8 text")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, Finding(
            path, line, col, "error", "encoding",
            f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save the file as UTF-8")


def load_file(fs_path: Path, display: str | None = None) -> Document:
    """Read one YAML file. Missing files give ``exists=False`` and no findings."""
    display = display if display is not None else str(fs_path)
    try:
        with open(fs_path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Document(path=display, data=None, exists=False)
    except IsADirectoryError:
        return Document(path=display, findings=[Finding(display, 1, 1, "error", "read", "a folder where a file is expected")])
    except OSError as err:
        return Document(path=display, findings=[Finding(display, 1, 1, "error", "read", f"cannot read: {err.strerror or err}")])
    if len(raw) > MAX_BYTES:
        return Document(path=display, findings=[Finding(
            display, 1, 1, "error", "too-large",
            f"file larger than {MAX_BYTES // (1024 * 1024)} MiB; a plan file is a few KB")])
    text, problem = _decode(raw, display)
    if problem is not None:
        return Document(path=display, findings=[problem])
    return parse_text(text, display)
