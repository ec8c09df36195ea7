"""Reading YAML plan files: every value keeps its line and column.

Files are parsed into events (libyaml's C parser when available, ruamel's pure
Python parser otherwise) and built into plain JSON-like data with an explicit
stack, so depth, size and node counts are bounded and nothing recurses.
Anchors, aliases and tags are refused: plans don't need them and they are how
YAML bombs work. Scalars are resolved with the YAML 1.2 core schema, except
that timestamps stay strings (saa parses dates itself).

Nothing here raises on bad input: every problem becomes a :class:`Finding`.

Speed (see the README's performance section): the parser is imported on the
first parse, without the rest of ruamel.yaml; the C parser builds small event
objects of ours; the event loop dispatches on classes, with no per-event
closures; interactive commands keep parsed files in a cache (:func:`enable_cache`).
"""

from __future__ import annotations

import re
from dataclasses import field
from .records import dataclass
from pathlib import Path
from typing import Any

from .findings import Finding, Loc

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 250_000


def _import_c_parser():
    """libyaml's parser (ruamel.yaml[libyaml]), without running ``ruamel/yaml/__init__.py``.

    The C module imports a few ``ruamel.yaml.*`` submodules (errors, events), and
    importing any of them first runs the package's ``__init__``, which loads all
    of ruamel.yaml (loaders, dumpers, the round-trip machinery): about a tenth of
    the start-up time of a command such as ``saa challenge``. So ``ruamel.yaml`` is
    entered in ``sys.modules`` as the real package module with its ``__init__``
    not yet run; it runs, in that same module object, the first time anything
    reads an attribute the package defines (``from ruamel.yaml import YAML``
    works as usual). If ruamel.yaml is already imported this changes nothing.
    """
    import importlib.util
    import sys

    if "ruamel.yaml" not in sys.modules:
        try:
            spec = importlib.util.find_spec("ruamel.yaml")
        except Exception:  # pragma: no cover - no ruamel.yaml
            spec = None
        if spec is not None and spec.loader is not None and spec.submodule_search_locations is not None:
            pkg = importlib.util.module_from_spec(spec)
            pending = [True]

            def __getattr__(name: str):
                if pending:
                    pending.clear()
                    spec.loader.exec_module(pkg)
                    return getattr(pkg, name)
                raise AttributeError(f"module 'ruamel.yaml' has no attribute {name!r}")

            pkg.__getattr__ = __getattr__
            sys.modules["ruamel.yaml"] = pkg
            parent = sys.modules.get("ruamel")
            if parent is not None:
                parent.yaml = pkg
    from _ruamel_yaml_clibz import CParser

    return CParser


_CParser: Any = None   # libyaml's parser, imported on the first parse (a cached file needs none)
_ready = False


def _setup() -> None:
    """Import the parser (once, on the first parse)."""
    global _CParser, _CMOD, _RUAMEL_CLASSES, _ready
    try:  # the C path: ruamel.yaml[libyaml]
        _CParser = _import_c_parser()
    except Exception:  # pragma: no cover - depends on the installation
        try:
            from _ruamel_yaml import CParser as _CParser
        except Exception:
            _CParser = None
    if _CParser is not None:
        try:
            import sys

            _CMOD = sys.modules[_CParser.__module__]
            _flat_events(_CMOD)
            _RUAMEL_CLASSES = tuple(getattr(_CMOD, n) for n in _EVENT_NAMES)
        except Exception:  # pragma: no cover - another build of the C parser
            _CParser = None
    _ready = True


def _flat_events(mod) -> None:
    """Give the C parser event classes that are quicker to make (a third of the time of ruamel's).

    libyaml's parser makes each event by calling the event class its module names
    (``ScalarEvent(anchor, tag, implicit, value, start_mark, end_mark, style)``), and
    ruamel's classes set their fields through three ``__init__`` calls up the class
    tree. These subclasses set the same fields in one, and read ``tag`` straight from
    the slot ruamel keeps it in (the C parser gives it as text already). They are
    subclasses, so anything else reading the parser's events (``isinstance`` checks,
    every field, ``repr``) sees ruamel's events as before. Done once per process;
    a parser module without these names or slots is left as it is.
    """
    if getattr(mod, "_saa_flat", False):
        return
    try:
        base = {n: getattr(mod, n) for n in ("ScalarEvent", "MappingStartEvent", "SequenceStartEvent",
                                              "MappingEndEvent", "SequenceEndEvent", "AliasEvent",
                                              "DocumentStartEvent", "DocumentEndEvent", "StreamStartEvent",
                                              "StreamEndEvent")}

        class ScalarEvent(base["ScalarEvent"]):  # type: ignore[misc,valid-type]
            __slots__ = ()
            tag = base["ScalarEvent"].ctag

            def __init__(self, anchor, tag, implicit, value, start_mark=None, end_mark=None, style=None,
                         comment=None):
                self.anchor = anchor
                self.ctag = tag
                self.implicit = implicit
                self.value = value
                self.start_mark = start_mark
                self.end_mark = end_mark
                self.style = style
                self.comment = comment

        def start(cls):
            class Start(cls):
                __slots__ = ()
                tag = cls.ctag

                def __init__(self, anchor, tag, implicit, start_mark=None, end_mark=None, flow_style=None,
                             comment=None, nr_items=None):
                    self.anchor = anchor
                    self.ctag = tag
                    self.implicit = implicit
                    self.start_mark = start_mark
                    self.end_mark = end_mark
                    self.flow_style = flow_style
                    self.comment = comment
                    self.nr_items = nr_items
            Start.__name__ = Start.__qualname__ = cls.__name__
            return Start

        def end(cls):
            class End(cls):
                __slots__ = ()

                def __init__(self, start_mark=None, end_mark=None, comment=None):
                    self.start_mark = start_mark
                    self.end_mark = end_mark
                    self.comment = comment
            End.__name__ = End.__qualname__ = cls.__name__
            return End

        flat = {"ScalarEvent": ScalarEvent,
                "MappingStartEvent": start(base["MappingStartEvent"]),
                "SequenceStartEvent": start(base["SequenceStartEvent"]),
                "MappingEndEvent": end(base["MappingEndEvent"]),
                "SequenceEndEvent": end(base["SequenceEndEvent"])}
    except (AttributeError, TypeError):  # pragma: no cover - another build of the C parser
        return
    for name, cls in flat.items():
        setattr(mod, name, cls)
    mod._saa_flat = True


_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_INF = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
        "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
        "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
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


class _Abort(Exception):
    pass


def _mark(ev) -> tuple[int, int]:
    m = ev.start_mark
    return m.line + 1, m.column + 1


_DUP = object()      # a key seen before: its value is read and dropped
_BADKEY = object()   # a key that is not a scalar


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
        m = re.match(r"\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:\s*-\s*(?:#.*)?$", src)
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


_EVENT_NAMES = ("ScalarEvent", "MappingStartEvent", "SequenceStartEvent", "MappingEndEvent", "SequenceEndEvent",
                "AliasEvent", "DocumentStartEvent")
_CMOD: Any = None
_RUAMEL_CLASSES: tuple[Any, ...] | None = None


_PLAIN_SPECIAL = frozenset("0123456789-+.~nNtTfF")  # first characters of plain scalars that may not be text


def _odd_scalar(ev, mark, path, findings):
    """The value of a scalar with an anchor or a tag (rare; reported)."""
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
        return v
    if kind in (None, "int", "float", "bool", "null"):
        return resolve_plain(v)
    return v


def parse_text(text: str, path: str) -> Document:
    """Build a :class:`Document` from YAML text. Never raises on bad input."""
    if not _ready:
        _setup()
    if _CParser is None:  # pragma: no cover - pure Python fallback
        from ruamel.yaml import YAML, events as E

        classes = (E.ScalarEvent, E.MappingStartEvent, E.SequenceStartEvent, E.MappingEndEvent, E.SequenceEndEvent,
                   E.AliasEvent, E.DocumentStartEvent)
        return _parse(text, path, lambda: YAML(typ="safe", pure=True).parse(text), classes)
    return _parse(text, path, lambda: iter(_CParser(text).get_event, None), _RUAMEL_CLASSES)


def _parse(text: str, path: str, events, classes) -> Document:
    doc = Document(path=path, text=text)
    findings = doc.findings
    pos = doc.pos
    kpos = doc.kpos
    S, MS, SS, ME, SE, AL, DS = classes[:7]
    special = _PLAIN_SPECIAL
    resolve = resolve_plain
    DUP, BADKEY = _DUP, _BADKEY
    # a frame: [container, its path, is a mapping, pending key, path of the pending key's value]
    stack: list[list] = []
    top = None
    root = None
    have_root = False
    nodes = 0
    docs = 0
    try:
        for ev in events():
            cls = type(ev)
            if cls is S:
                nodes += 1
                m = ev.start_mark
                mark = (m.line + 1, m.column + 1)
                if ev.anchor is None and ev.tag is None:
                    v = ev.value
                    if ev.style or (v and v[0] not in special):  # quoted, block, or plain text
                        value = v
                    else:
                        value = resolve(v)
                else:
                    value = _odd_scalar(ev, mark, path, findings)
                if top is None:
                    root = value
                    have_root = True
                    pos[()] = mark
                elif top[2]:
                    key = top[3]
                    if key is None:  # this scalar is a key
                        if not isinstance(value, str):
                            value = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
                        kp = top[1] + (value,)
                        if value in top[0]:
                            first = kpos.get(kp, mark)
                            findings.append(Loc(path, *mark).error(
                                "duplicate-key", f"duplicate key '{value}' (first written at line {first[0]}); keep one"))
                            top[3] = DUP
                            top[4] = top[1] + (DUP,)
                        else:
                            top[3] = value
                            top[4] = kp
                            kpos[kp] = mark
                        continue
                    top[3] = None
                    if key is not DUP and key is not BADKEY:
                        top[0][key] = value
                        pos[top[4]] = mark
                else:
                    c = top[0]
                    pos[top[1] + (len(c),)] = mark
                    c.append(value)
            elif cls is ME or cls is SE:
                stack.pop()
                top = stack[-1] if stack else None
            elif cls is MS or cls is SS:
                nodes += 1
                m = ev.start_mark
                mark = (m.line + 1, m.column + 1)
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
                is_map = cls is MS
                container: Any = {} if is_map else []
                if top is None:
                    root = container
                    have_root = True
                    pos[()] = mark
                    vpath = ()
                elif top[2]:
                    key = top[3]
                    if key is None:
                        findings.append(Loc(path, *mark).error(
                            "yaml-syntax", "a key must be plain text, not a list or a mapping"))
                        top[3] = BADKEY
                        top[4] = top[1] + (BADKEY,)
                        top = [container, top[1] + ("?",), is_map, None, None]
                        stack.append(top)
                        continue
                    top[3] = None
                    vpath = top[4]
                    if key is not DUP and key is not BADKEY:
                        top[0][key] = container
                        pos[vpath] = mark
                else:
                    c = top[0]
                    vpath = top[1] + (len(c),)
                    pos[vpath] = mark
                    c.append(container)
                top = [container, vpath, is_map, None, None]
                stack.append(top)
            elif cls is AL:
                m = ev.start_mark
                mark = (m.line + 1, m.column + 1)
                findings.append(Loc(path, *mark).error(
                    "yaml-anchor", f"anchors and aliases (&{ev.anchor}, *{ev.anchor}) are not allowed in plans; write the value out"))
                if top is None:
                    root = None
                    have_root = True
                    pos[()] = mark
                elif top[2]:
                    key = top[3]
                    if key is None:
                        top[3] = BADKEY
                        top[4] = top[1] + (BADKEY,)
                    else:
                        top[3] = None
                        if key is not DUP and key is not BADKEY:
                            top[0][key] = None
                            pos[top[4]] = mark
                else:
                    c = top[0]
                    pos[top[1] + (len(c),)] = mark
                    c.append(None)
            elif cls is DS:
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
    doc.data = root if have_root else None
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
        # the column in characters, as editors and the YAML parser count (the bytes before are valid UTF-8)
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8")) + 1
        return None, Finding(
            path, line, col, "error", "encoding",
            f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save the file as UTF-8")


def load_file(fs_path: Path, display: str | None = None, root: str | None = None) -> Document:
    """Read one YAML file. Missing files give ``exists=False`` and no findings.

    Only a regular file is read (see :mod:`saa.safefile`): a FIFO, a device, a socket, or a
    symlink whose target lies outside ``root`` is a finding, and its content is never read.
    """
    from .safefile import NotReadable, read_plan_file

    display = display if display is not None else str(fs_path)
    try:
        raw = read_plan_file(fs_path, root, MAX_BYTES)
    except NotReadable as e:
        return Document(path=display, findings=[Finding(display, 1, 1, "error", e.rule, e.message)])
    except IsADirectoryError:
        return Document(path=display, findings=[Finding(display, 1, 1, "error", "read", "a folder where a file is expected")])
    except OSError as err:
        return Document(path=display, findings=[Finding(display, 1, 1, "error", "read", f"cannot read: {err.strerror or err}")])
    if raw is None:
        return Document(path=display, data=None, exists=False)
    if len(raw) > MAX_BYTES:
        return Document(path=display, findings=[Finding(
            display, 1, 1, "error", "too-large",
            f"file larger than {MAX_BYTES // (1024 * 1024)} MiB; a plan file is a few KB")])
    text, problem = _decode(raw, display)
    if problem is not None:
        return Document(path=display, findings=[problem])
    assert text is not None  # _decode gives either the text or a finding
    if _cache_dir is None:
        return parse_text(text, display)
    entry = _cache_entry(fs_path)
    doc = _cache_get(entry, raw, text, display)
    if doc is None:
        doc = parse_text(text, display)
        _cache_put(entry, raw, doc)
    return doc


# ---- a cache of parsed files for interactive commands ---------------------------
#
# Commands that show one plan (`saa challenge`, `saa status`...) are run again and
# again while a team works on it, mostly on files that have not changed. With the
# cache on (see :func:`enable_cache`), a parsed file is kept as a marshal dump of
# its data and positions, one entry per file path and saa installation, under the
# user's cache folder (``SAA_CACHE_DIR``, else ``$XDG_CACHE_HOME/saa``, else
# ``~/.cache/saa``; ``SAA_CACHE_DIR=off`` turns it off). An entry is used only for
# the very same bytes (a BLAKE2 digest) read by the same saa code (its version,
# this file, the parser's library, the Python version), and only files that
# parsed without findings are kept; anything unexpected (no cache folder, a
# damaged entry) just means parsing as usual. A run whose files are all cached
# does not even import the YAML parser. `saa check` (CI) does not use it.
#
# The cache is trusted only as far as it is the user's own (docs/decisions.md,
# "the parse cache"): its folder is created 0700 and refused (no cache) when it is
# a symlink, not owned by the user, or writable by the group or others; entries are
# opened with O_NOFOLLOW and O_NONBLOCK, must be regular files owned by the user and
# at most CACHE_MAX_ENTRY bytes, and are validated (plain data, positions as line and
# column numbers) before use; new entries are written to O_EXCL temporary files.

_CACHE_FORMAT = 2
CACHE_MAX_ENTRY = 32 * 1024 * 1024
_cache_dir: str | None = None
_cache_salt: bytes = b""  # a digest of what makes an entry valid (see enable_cache)


def _own_private_dir(path: str) -> bool:
    """``path`` is a real folder (no symlink) of this user that nobody else can write."""
    import os
    import stat

    try:
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return False
    return not (st.st_mode & 0o022)


def enable_cache(on: bool = True) -> bool:
    """Use (or with ``on=False`` stop using) the cache of parsed files; False when there is none."""
    global _cache_dir, _cache_salt
    import os
    import sys

    if not on:
        _cache_dir = None
        return False
    where = os.environ.get("SAA_CACHE_DIR", "").strip()
    if where.lower() in ("off", "0", "no", "false", "none"):
        _cache_dir = None
        return False
    if not where:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        where = os.path.join(base, "saa")
    try:
        import importlib.util

        from . import __version__

        parts = [__version__, str(_CACHE_FORMAT), sys.version]
        spec = importlib.util.find_spec("_ruamel_yaml_clibz")
        for f in (__file__, spec.origin if spec is not None else None):
            if f:
                st = os.stat(f)
                parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        _cache_salt = _blake2b()("|".join(parts).encode("utf-8", "surrogateescape"), digest_size=32).digest()
        os.makedirs(where, mode=0o700, exist_ok=True)
        where = os.path.join(where, "parsed-v2")
        try:
            os.mkdir(where, 0o700)
        except FileExistsError:
            pass
        if not _own_private_dir(where):
            raise PermissionError(where)
    except Exception:
        _cache_dir = None
        return False
    _cache_dir = where
    return True


def _blake2b():
    try:
        from _blake2 import blake2b  # what hashlib uses, without loading OpenSSL
    except ImportError:  # pragma: no cover - a Python without it
        from hashlib import blake2b
    return blake2b


def _cache_entry(fs_path) -> str | None:
    import os

    where = _cache_dir
    if where is None:  # the cache is off (callers check first)
        return None
    try:
        real = os.path.realpath(fs_path)
    except (OSError, ValueError):  # pragma: no cover - defensive
        return None
    # one entry per file and saa installation (two installations do not overwrite each other's)
    name = _blake2b()(real.encode("utf-8", "surrogateescape"), digest_size=16, key=_cache_salt).hexdigest()
    return os.path.join(where, name + ".marshal")


def _digest(raw: bytes) -> bytes:
    return _blake2b()(raw, digest_size=32, key=_cache_salt).digest()


def _read_entry(entry: str) -> bytes | None:
    """The bytes of a cache entry, if it is a regular file of this user within the size cap."""
    import os
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(entry, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > CACHE_MAX_ENTRY:
            return None
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            return None
        from .safefile import read_fd

        blob = read_fd(fd, CACHE_MAX_ENTRY + 1, st.st_size)
    except OSError:
        return None
    finally:
        os.close(fd)
    return blob if len(blob) <= CACHE_MAX_ENTRY else None


_SCALARS = (str, int, float, bool, type(None))


def _valid_data(data) -> bool:
    """Plain data as the parser builds it: dicts with text keys, lists and scalars, bounded."""
    stack = [(data, 0)]
    nodes = 0
    while stack:
        v, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES + 1 or depth > MAX_DEPTH + 1:
            return False
        t = type(v)
        if t is dict:
            for k, x in v.items():
                if type(k) is not str:
                    return False
                if type(x) in _SCALARS:
                    nodes += 1
                else:
                    stack.append((x, depth + 1))
        elif t is list:
            for x in v:
                if type(x) in _SCALARS:
                    nodes += 1
                else:
                    stack.append((x, depth + 1))
        elif t not in _SCALARS:
            return False
    return True


def _valid_positions(pos) -> bool:
    if type(pos) is not dict:
        return False
    for k, v in pos.items():
        if type(k) is not tuple or type(v) is not tuple or len(v) != 2:
            return False
        line, col = v
        if type(line) is not int or type(col) is not int or line < 1 or col < 1:
            return False
        for part in k:
            if type(part) is not str and type(part) is not int:
                return False
    return True


def _entry_tuple(entry: str | None, size: int) -> tuple | None:
    """The tuple of ``size`` items kept in the cache ``entry``, or None (no entry, unreadable or damaged)."""
    blob = _read_entry(entry) if entry is not None else None
    if blob is None:
        return None
    import marshal

    try:
        value = marshal.loads(blob)
    except Exception:  # a damaged entry
        return None
    return value if type(value) is tuple and len(value) == size else None


def _cache_get(entry: str | None, raw: bytes, text: str, display: str) -> Document | None:
    value = _entry_tuple(entry, 5)
    if value is None:
        return None
    fmt, digest, data, pos, kpos = value
    if fmt != _CACHE_FORMAT or type(digest) is not bytes or digest != _digest(raw):
        return None
    if type(data) not in (dict, list) and type(data) not in _SCALARS:
        return None
    if not (_valid_data(data) and _valid_positions(pos) and _valid_positions(kpos)):
        return None
    return Document(path=display, data=data, pos=pos, kpos=kpos, text=text)


def _cache_put(entry: str | None, raw: bytes, doc: Document) -> None:
    if entry is None or doc.findings or doc.data is None:
        return
    import marshal

    try:
        blob = marshal.dumps((_CACHE_FORMAT, _digest(raw), doc.data, doc.pos, doc.kpos))
    except Exception:  # pragma: no cover - plain data always dumps
        return
    _write_entry(entry, blob)


def _write_entry(entry: str, blob: bytes) -> None:
    """Write a cache entry through an O_EXCL temporary file; any failure just means no entry."""
    import os

    if len(blob) > CACHE_MAX_ENTRY:
        return
    tmp = f"{entry}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    fd = None
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(tmp, flags, 0o600)
        view = memoryview(blob)
        while view:
            view = view[os.write(fd, view):]
        os.close(fd)
        fd = None
        os.replace(tmp, entry)
    except Exception:  # a read-only or full disk, a planted file: no cache, no harm
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.unlink(tmp)
        except OSError:
            pass


# ---- other results kept beside the parsed files ------------------------------------
#
# A result computed from a plan (``saa check``'s error count behind the ``saa: note``
# of the views, see saa.check.error_count) can be kept under the same rules: one
# entry per ``name`` (hashed with this installation's salt), used only when the
# digest of everything the result was computed from is the same, and only a whole
# number is kept.

def cache_on() -> bool:
    """Whether the cache is in use in this run (see :func:`enable_cache`)."""
    return _cache_dir is not None


def cached_count(name: str, inputs: bytes) -> int | None:
    """The number kept for ``name`` when it was computed from the same ``inputs`` (a digest), else None."""
    value = _entry_tuple(_named_entry(name), 3)
    if value is None:
        return None
    fmt, digest, count = value
    if fmt != _CACHE_FORMAT or type(digest) is not bytes or digest != inputs or type(count) is not int or count < 0:
        return None
    return count


def keep_count(name: str, inputs: bytes, count: int) -> None:
    """Keep ``count`` for ``name``, computed from ``inputs`` (see :func:`cached_count`)."""
    entry = _named_entry(name)
    if entry is not None:
        import marshal

        _write_entry(entry, marshal.dumps((_CACHE_FORMAT, inputs, count)))


def _named_entry(name: str) -> str | None:
    import os

    where = _cache_dir
    if where is None:
        return None
    digest = _blake2b()(name.encode("utf-8", "surrogateescape"), digest_size=16, key=_cache_salt).hexdigest()
    return os.path.join(where, "n-" + digest + ".marshal")
