#!/usr/bin/env python3
"""A mutation fuzzer for saa plans: hostile, broken and absurd plan files must never crash saa.

Each mutant starts from the shipped worked example (``plans/telecom/``, plus a
competition and a capture-plan file so that every step file is present) and
applies one or more mutations of one *kind*:

* data mutations (the YAML is read, a value somewhere is changed, the data is
  written back by a small block-style emitter here, with an anchor and alias
  for an object met twice): ``delete``, ``duplicate``, ``retype``,
  ``truncate-value``, ``splice``, ``rename-key``, ``deep-nesting``,
  ``huge-string``, ``hostile-text``, ``boundary-number``, ``scalar-form``,
  ``shared-alias``, ``wrong-root``;
* text mutations: ``random-bytes``, ``truncate``, ``line-delete``,
  ``line-duplicate``, ``line-swap``, ``line-splice``, ``indent``,
  ``yaml-syntax``, ``alias-bomb``, ``encoding``, ``empty``;
* file-system mutations: ``fs`` (a file missing, a folder or a symlink loop
  where a file should be, an unknown file next to the plan files, one with an
  escape sequence in its name; a FIFO, a symlink to ``/dev/zero``, to
  ``/dev/stdin``, to nothing, or to a "secret" file outside the plan folder where
  a plan file should be);
* ``multi``: two to four mutations of the kinds above, on one or more files;
* with ``--wrong-types``, deterministically: the value at every path of every
  file replaced by null, a number, text, a list, a mapping and a boolean.

Every mutant is run in-process through the cores (load, check, status, value,
matrix, challenge, network, kano, actions, report, portfolio, fmt), whichever
exist, and a share of them through the typer app (``typer.testing.CliRunner``).
A *crash* is any exception escaping a core, or a CLI run ending in anything
but exit code 0, 1 or 2. Oracles beyond "no exception": ``--json`` output is
strict JSON; terminal output without colour holds no control characters (so a
plan cannot inject escape sequences); no output ever holds a word of the
"secret" file outside the plan folder (nothing outside is read); ``saa fmt`` keeps the data and is
idempotent; an HTML report never holds a ``<script>`` written in a plan.

Each distinct crash (by exception type and the innermost saa frame) is
minimised (other files reset or removed, lines of the mutated file removed
while it still crashes the same way) and saved as a plan folder with a
``crash.txt`` into ``--out``. A saved folder can be copied to
``tests/regressions/`` where the test suite replays it.

    python tools/fuzz.py --mutants 100000 --seed 7 --workers 4 --out fuzz-crashes
    python tools/fuzz.py --seed 7 --only 1234          # replay one mutant
    python tools/fuzz.py --replay tests/regressions/x  # run every driver on one plan folder

Each process is capped in memory (``--max-memory-mb``): a blow-up is a
MemoryError with a traceback, a worker that dies anyway is reported with the
mutant it was on. The module is also imported by ``tests/test_fuzz.py``
(:func:`run`). It needs only saa and ruamel.yaml (for reading the seeds).
"""

from __future__ import annotations

import argparse
import collections
import copy
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("SAA_TODAY", "2026-11-27")
os.environ.setdefault("SAA_CACHE_DIR", "off")  # no cache of parsed files in the user's home for every mutant

SEED_PLAN = ROOT / "plans" / "telecom"
PLAN_FILES = (
    "account.yaml", "01-customer-profile.yaml", "02-network.yaml", "03-needs-kano.yaml",
    "04-value-opportunities.yaml", "05-competition.yaml", "06-value-buyers.yaml", "07-goals-strategy.yaml",
    "08-opportunities.yaml", "09-capture-plans.yaml", "10-challenge.yaml",
)

# The worked example has no competition or capture-plan file; these complete it so every step is fuzzed.
EXTRA_SEEDS = {
    "05-competition.yaml": """\
# Step 5: competitors and our differentiated value per value driver.
competitors:
  - name: Competitor A
    position: incumbent
    strengths: [Installed base, Low price]
    weaknesses: [No local design support]
  - name: Competitor B
    position: challenger
differentiation:
  - driver: Time to market
    us: 4
    competitors: {Competitor A: 2, Competitor B: 3}
    evidence: [Local design support cut a similar customer's design cycle by 30%]
""",
    "09-capture-plans.yaml": """\
# Step 9: a capture plan for each opportunity being pursued.
capture_plans:
  - opportunity: asic-port-driver
    objective: Be selected as the sole supplier for the ASIC port driver
    decision_process: Guo's team qualifies; Ye S. decides on their proposal
    decision_date: 2027-Q1
    buying_influences: [Ye S., Guo J.]
    competition: Competitor A is the incumbent and cheaper
    win_themes: [Local design support, Faster time to market]
    risks: [Price pressure from the incumbent]
    actions:
      - do: Run the TCO workshop with Guo's team
        owner: Chen Hao
        due: 2027-01-15
      - Ask Ye S. for the decision criteria   # an open action, no owner
  - opportunity: adsl2
    objective: Hold the socket against the price challenge
    actions:
      - do: TCO analysis
        owner: Dana Whitfield
        due: 2026-10-01
        status: done
""",
}
# A second challenge with spoiler scores and evidence, so the spoiler paths are fuzzed too.
CHALLENGE_EXTRA = """\
  - opportunity: adsl2
    reviewed: 2026-11-01
    spoiler: Marta Ruiz
    categories:
      - name: Competition
        questions:
          - question: Who else is the customer talking to?
            team: {confidence: 5, implications: 5, actions: 4}
            spoiler: {confidence: 2, implications: 3, actions: 3}
            evidence: [Customer's purchasing told us, "Trade show: competitor demo"]
          - question: What would make them switch?
            team: {confidence: 4, implications: 4, actions: 4}
      - name: Empty category
        questions: []
"""

HOSTILE_TEXT = [
    "[red]RED[/red]", "[link=https://evil.example/]click[/link]", "[bold]", "[/]", "[/red]", "[", "]",
    "\x1b[31mANSI\x1b[0m", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "\x1b[2J\x1b[H", "\x07bell",
    "over\rwrite", "\x9b31m", "\x08\x08\x08", "\x00nul",
    "<script>saa_fuzz()</script>", "<img src=x onerror=saa_fuzz()>", "\"><b>x</b>", "&amp;&lt;&#0;",
    "=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0", "\t=1",
    "{{7*7}}", "${HOME}", "$(echo pwned)", "`id`", "__import__('os').system('true')", "%s%n%x", "{0.__class__}",
    ":smile:", "\u202etxt.exe", "\u200b", "\ufeff", "\U0001d573\U0001d58a", "\u540d\u524d", "\U0001f600",
    "\ud800", "\udfff", "\u0301", "line1\nline2", "  padded  ", "", " ", "TODO", "TBD", "?", "...", "\u2026",
    "unknown", "null", "~", "true", "no", "0x1F", "1e400", "-.inf", ".nan", "0o777", "#not a comment",
    "key: value", "- item", "'quoted'", '"dq"', "\\", "\t", "a" * 300, "\u00a0", "\u2028", "\u0085",
]
BOUNDARY_NUMBERS = [
    0, -0.0, 1, -1, 2, -2, 3, 5, 6, -3, 1.5, 2.95, 3.0, 3.04999, 4.0, 0.5, 100, 101, 1e15, -1e15, 1e16,
    1e308, -1e308, 5e-324, float("inf"), float("-inf"), float("nan"), 2 ** 53 + 1, 2 ** 63, -(2 ** 63),
    10 ** 18, 10 ** 19, 10 ** 30, 999999999999999999,
]
SCALAR_FORMS = [
    # money
    "7M", "$4.5M", "200k", "$240,000", "USD 4k", "EUR 4k", "\u20ac4k", "\u00a31M", "-4k", "1e3", "4 million", "$",
    "1,23", "9" * 30, "999,999bn", "unknown", "?", "0", "$0", "JPY 1", "4k EUR", "$4k EUR",
    # percent
    "95%", "150%", "-5%", "0.95", "1e3%", "%", "100%", "0%", "0.0001%",
    # dates
    "2027-03-31", "2027-02-29", "2028-02-29", "2027-Q5", "0001-01", "9999-12-31", "9999-Q4", "0000-01-01",
    "2027-13", "2027-03-31T10:00:00", "2027-3-1", "1970-01-01", "2026-11-27", "2026-11-26", "2026-11-28",
    # relation
    "--", "-", "+", "++", "\u2013", "\u2013\u2013", "+++", "0",
    # frequency
    "15/year", "1-2/year", "0/week", "1e9/week", "999999999999/week", "weekly", "2-1/year", "0-0/year", "3/day",
    # enums
    "won", "lost", "negotiation", "Negotiation", "potential", "on-hold", "decision-maker", "Decision-Maker",
    "key-influencer", "coach", "I", "II", "III", "IV", "V", "i", "once", "month", "quarter", "year", "week",
    "short", "long", "incumbent", "swot", "strategic-analysis", "not-well", "very-well", "open", "done",
    "dropped", "team", "spoiler",
    # formulas
    "a * b", "wafers_per_month * wafer_value * yield_improvement", "1/0", "(" * 150 + "1" + ")" * 150, "9**9",
    "__import__('os').system('true')", "1e308*1e308", "wafer_value / (yield_improvement - yield_improvement)",
    "x" * 3000, "-" * 500 + "1", "1" + "+1" * 999,
    # ids and names that exist in the plan (so references resolve) and ones that do not
    "asic-port-driver", "adsl2", "sdr-platform", "Bad Id", "ASIC", "slurry-yield", "Ye S.", "Guo J.", "Jiang L.",
    "Chen Hao", "Dana Whitfield", "Marta Ruiz", "Nobody", "Competitor A", "Fab Director",
]
STRUCTURED_FORMS = [
    {"do": "x", "owner": "Nobody", "due": "2020-01-01", "status": "open"}, {"do": None}, {"do": "x", "status": "done"},
    {"do": "x", "owner": ["a"]}, {"do": "x", "extra": 1}, {"do": "x", "due": "2027-02-30"}, {"do": ""},
    {"confidence": 5, "implications": 5, "actions": 5}, {"confidence": 1}, {"confidence": 6, "implications": 0},
    {"confidence": "5", "implications": None, "actions": 2.5}, {},
    [None], [[None]], [None, None], [], [[]], [{}], ["x", None, 3],
    {"red_below": 4.5, "green_from": 2.0}, {"red_below": "x"}, {"EUR": 1.1, "GBP": 0}, {"EUR": -1}, {"eur": 1.1},
    {"formula": "a*b", "inputs": {"a": "$4k", "b": "3%"}, "per": "month", "claimed": "$120"},
    {"formula": "a/b", "inputs": {"a": 1, "b": 0}}, {"formula": "a", "inputs": {"a": "unknown"}},
    {"formula": "a", "inputs": {"a": [1]}}, {"formula": None}, {"inputs": {}},
    {"last": "2020-01-01", "next": "2019-01-01", "cadence_days": -5}, {"last": "2099-01-01"}, {"cadence_days": 1e308},
]
TEXT_INJECTIONS = [
    "&a ", "*a", "*undefined_alias", "!!python/object/apply:os.system ['true'] ", "!!binary aGVsbG8= ",
    "!custom ", "!!str ", "!!int ", "!!float ", "!!map ", "!!seq ", "!!timestamp ", "!<tag:yaml.org,2002:str> ",
    "---\n", "...\n", "--- |\n", "%YAML 1.1\n---\n", "%TAG ! tag:evil.example,2000:\n---\n", "? ", "? [a, b]\n: c\n",
    "<<: *a\n", "{", "}", "[", "]", "{a: 1, a: 2}", "|\n", ">-\n", "|+\n", "'", '"', "#", ": ", " - ",
    "- - - -\n", "\t", "key: value: value\n", "@", "`", "%", "\\", "\"\\x00\\ud800\\U0010ffff\"",
    "&a [*a, *a]", "!!merge ", "=", "0x", "0o9", ".inf", "~",
]
KEY_TYPOS = ["", " ", "Name", "name ", "nmae", "contacs", "opportunites", "id", "ID", "__proto__", "constructor",
             "\u540d\u524d", "[red]key[/red]", "\x1bkey", "<b>key</b>", "1", "true", "null", "a" * 200, "key.with.dots"]

KINDS_DATA = ("delete", "duplicate", "retype", "truncate-value", "splice", "rename-key", "deep-nesting",
              "huge-string", "hostile-text", "boundary-number", "scalar-form", "shared-alias", "wrong-root")
KINDS_TEXT = ("random-bytes", "truncate", "line-delete", "line-duplicate", "line-swap", "line-splice", "indent",
              "yaml-syntax", "alias-bomb", "encoding", "empty")
KINDS = KINDS_DATA + KINDS_TEXT + ("fs", "multi")
# how often each kind is drawn (a mutant of kind "multi" draws its parts from the others)
WEIGHTS = {k: 3 for k in KINDS}
WEIGHTS.update({"retype": 6, "scalar-form": 8, "hostile-text": 5, "splice": 4, "delete": 5, "multi": 8,
                "random-bytes": 4, "fs": 1, "wrong-root": 1, "empty": 1, "alias-bomb": 1, "encoding": 2})

DIR = "<dir>"          # a folder where the file should be
LOOP = "<symlink-loop>"  # a symlink pointing at itself
MISSING = None          # the file is absent
FIFO = "<fifo>"         # a named pipe: reading it would wait forever
DEVZERO = "<symlink-dev-zero>"    # endless zeros
STDIN = "<symlink-stdin>"         # the process's own stdin
DANGLING = "<symlink-dangling>"   # a symlink to nothing
OUTSIDE = "<symlink-outside>"     # a symlink to SECRET_FILE, outside the plan folder: must never be read
SPECIALS = (DIR, LOOP, FIFO, DEVZERO, STDIN, DANGLING, OUTSIDE)
SECRET = "SAA_FUZZ_SECRET_9d41c"  # the content of the file outside; never in any output


# ----------------------------------------------------------------------------- YAML data in and out

def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="safe")  # libyaml when installed: mutating must be cheap
    y.default_flow_style = False
    y.allow_unicode = True
    y.width = 4096
    return y


_Y = None


def load_data(text: str):
    global _Y
    if _Y is None:
        _Y = _yaml()
    return _Y.load(text)


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._/()-]*\Z")
_PLAIN_SPECIAL = re.compile(r"(?i)(null|true|false|yes|no|on|off|y|n|~)\Z")


def _scalar(v) -> str:
    import datetime

    if v is None:
        return "null"
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v:
            return ".nan"
        if v in (float("inf"), float("-inf")):
            return ".inf" if v > 0 else "-.inf"
        return repr(v)
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    v = str(v)
    if _PLAIN.match(v) and not _PLAIN_SPECIAL.match(v) and not v.endswith(" ") and ": " not in v and " #" not in v:
        return v
    try:
        v.encode("utf-8")
        return json.dumps(v, ensure_ascii=False)
    except UnicodeEncodeError:  # a lone surrogate: as an escape
        return json.dumps(v)


def dump_data(data) -> str:
    """Block-style YAML for JSON-like data; an object met twice is written as an anchor and an alias.

    Our own small emitter (ruamel's pure Python one is a hundred times slower): double-quoted
    scalars are JSON strings, which YAML reads the same.
    """
    out: list = []
    seen: dict = {}
    counts: dict = {}

    def count(v):
        stack = [v]
        while stack:
            x = stack.pop()
            if isinstance(x, (dict, list)):
                counts[id(x)] = counts.get(id(x), 0) + 1
                if counts[id(x)] == 1:
                    stack.extend(x.values() if isinstance(x, dict) else x)

    count(data)

    def anchor(v) -> str | None:
        """"&aN " the first time a shared object is written, "*aN" after; None when not shared."""
        if counts.get(id(v), 0) < 2:
            return None
        if id(v) in seen:
            return seen[id(v)]
        name = f"a{len(seen)}"
        seen[id(v)] = "*" + name
        return "&" + name

    def emit(v, indent: int, lead: str) -> None:
        # ``lead`` is what precedes the value on its line ("key:" or "-" with indentation)
        a = anchor(v) if isinstance(v, (dict, list)) else None
        if a is not None and a.startswith("*"):
            out.append(f"{lead} {a}")
            return
        tag = f" {a}" if a else ""
        if isinstance(v, dict) and v:
            out.append(f"{lead}{tag}")
            pad = " " * indent
            for k, x in v.items():
                emit(x, indent + 2, f"{pad}{_scalar(k)}:")
        elif isinstance(v, list) and v:
            out.append(f"{lead}{tag}")
            pad = " " * indent
            for x in v:
                emit(x, indent + 2, f"{pad}-")
        elif isinstance(v, dict):
            out.append(f"{lead}{tag} {{}}")
        elif isinstance(v, list):
            out.append(f"{lead}{tag} []")
        else:
            out.append(f"{lead} {_scalar(v)}")

    if isinstance(data, dict) and data and anchor(data) is None:
        for k, x in data.items():
            emit(x, 2, f"{_scalar(k)}:")
    elif isinstance(data, list) and data and anchor(data) is None:
        for x in data:
            emit(x, 2, "-")
    else:
        emit(data, 2, "---")
    return "\n".join(line.lstrip(" ") if line.startswith("--- ") else line for line in out) + "\n"


def seeds() -> dict:
    """The seed plan: file name -> text."""
    out = {}
    for name in PLAN_FILES:
        p = SEED_PLAN / name
        if p.is_file():
            out[name] = p.read_text(encoding="utf-8")
        elif name in EXTRA_SEEDS:
            out[name] = EXTRA_SEEDS[name]
    out["10-challenge.yaml"] = out["10-challenge.yaml"].rstrip("\n") + "\n" + CHALLENGE_EXTRA
    return out


def all_paths(data, prefix=()):
    """Every path (tuple of keys and indexes) into ``data``, the root included."""
    out = [prefix]
    stack = [(data, prefix)]
    seen = set()  # an alias can make the data recursive: each container is walked once
    while stack:
        d, p = stack.pop()
        if isinstance(d, (dict, list)):
            if id(d) in seen:
                continue
            seen.add(id(d))
        if isinstance(d, dict):
            items = list(d.items())
        elif isinstance(d, list):
            items = list(enumerate(d))
        else:
            continue
        for k, v in items:
            out.append(p + (k,))
            stack.append((v, p + (k,)))
    return out


def get_at(data, path):
    for k in path:
        data = data[k]
    return data


def all_keys(seed_data: dict) -> list:
    keys = set()
    for data in seed_data.values():
        for p in all_paths(data):
            if p and isinstance(p[-1], str):
                keys.add(p[-1])
    return sorted(keys)


# ----------------------------------------------------------------------------- mutations

@dataclass
class Mutant:
    index: int
    kind: str
    files: dict                     # name -> bytes | None (missing) | DIR | LOOP; only the changed files
    notes: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)   # other files to add next to the plan files

    def describe(self) -> str:
        return f"#{self.index} {self.kind}: " + "; ".join(self.notes)


class Mutator:
    def __init__(self, seed_texts: dict):
        self.seed_texts = seed_texts
        self.seed_data = {n: load_data(t) for n, t in seed_texts.items()}
        self.seed_bytes = {n: t.encode("utf-8") for n, t in seed_texts.items()}
        self.keys = all_keys(self.seed_data)
        self.subtrees = [(n, p) for n, d in self.seed_data.items() for p in all_paths(d) if p]
        self.names = list(seed_texts)
        kinds = [k for k in KINDS]
        self.kind_list = kinds
        self.kind_weights = [WEIGHTS[k] for k in kinds]

    # ---- helpers
    def pick_kind(self, rng: random.Random) -> str:
        return rng.choices(self.kind_list, self.kind_weights)[0]

    def random_value(self, rng: random.Random, depth: int = 0):
        r = rng.random()
        if r < 0.2:
            return rng.choice(BOUNDARY_NUMBERS)
        if r < 0.45:
            return rng.choice(SCALAR_FORMS)
        if r < 0.6:
            return rng.choice(HOSTILE_TEXT)
        if r < 0.75:
            return copy.deepcopy(rng.choice(STRUCTURED_FORMS))
        if r < 0.85:
            return rng.choice([None, True, False, "", 0, [], {}])
        if r < 0.92 and depth < 3:
            return [self.random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
        if depth < 3:
            return {rng.choice(self.keys + KEY_TYPOS): self.random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
        return "x"

    def subtree(self, rng: random.Random):
        n, p = rng.choice(self.subtrees)
        return copy.deepcopy(get_at(self.seed_data[n], p)), f"{n}:{'/'.join(map(str, p))}"

    # ---- data mutations: change ``data`` in place (or return a new root)
    def mutate_data(self, kind: str, data, rng: random.Random, notes: list):
        paths = all_paths(data)
        inner = [p for p in paths if p]
        if kind == "wrong-root" or not inner:
            new = rng.choice([None, [], "text", 42, [data], {"wrapper": data}, [1, 2, 3], True, "- a\n- b"])
            notes.append(f"root -> {type(new).__name__}")
            return new
        p = rng.choice(inner)
        parent, key = get_at(data, p[:-1]), p[-1]
        where = "/".join(map(str, p))
        if kind == "delete":
            del parent[key]
            notes.append(f"delete {where}")
        elif kind == "duplicate":
            if isinstance(parent, list):
                parent.insert(key, copy.deepcopy(parent[key]))
                notes.append(f"duplicate item {where}")
            else:
                k2 = rng.choice(self.keys)
                parent[k2] = copy.deepcopy(parent[key])
                notes.append(f"copy {where} to key {k2}")
        elif kind == "retype":
            old = parent[key]
            choices = [None, True, False, 0, -1, 1.5, 10 ** 30, float("nan"), "", "text", "TODO", [], [old], {},
                       {"value": old}, "2027-01-01", str(old)[:50], ["a", "b"], {"a": 1}]
            new = rng.choice([c for c in choices if type(c) is not type(old)] or choices)
            parent[key] = new
            notes.append(f"retype {where}: {type(old).__name__} -> {type(new).__name__}")
        elif kind == "truncate-value":
            v = parent[key]
            if isinstance(v, str):
                parent[key] = v[: rng.randint(0, len(v))]
            elif isinstance(v, list):
                del v[rng.randint(0, len(v)):]
            elif isinstance(v, dict) and v:
                for k in rng.sample(list(v), rng.randint(1, len(v))):
                    del v[k]
            else:
                parent[key] = None
            notes.append(f"truncate {where}")
        elif kind == "splice":
            sub, src = self.subtree(rng)
            if isinstance(parent, list) and rng.random() < 0.5:
                parent.insert(key, sub)
            else:
                parent[key] = sub
            notes.append(f"splice {src} into {where}")
        elif kind == "rename-key":
            dicts = [q for q in inner if isinstance(q[-1], str)]
            if dicts:
                p = rng.choice(dicts)
                parent, key = get_at(data, p[:-1]), p[-1]
                new = rng.choice(self.keys + KEY_TYPOS + [key.upper(), key + "s", key[:-1], key.replace("_", "-")])
                items = list(parent.items())
                parent.clear()
                for k, v in items:
                    parent[new if k == key else k] = v
                notes.append(f"rename {'/'.join(map(str, p))} -> {new!r}")
        elif kind == "deep-nesting":
            depth = rng.choice([3, 10, 30, 62, 63, 64, 65, 100, 500])
            leaf = self.random_value(rng)
            v = leaf
            for _ in range(depth):
                v = [v] if rng.random() < 0.5 else {rng.choice(self.keys): v}
            parent[key] = v
            notes.append(f"nest {where} {depth} deep")
        elif kind == "huge-string":
            size = rng.choice([1_000, 10_000, 100_000])  # bigger files: tests/test_bounds.py
            unit = rng.choice(["a", "word ", "\u540d", "[red]", "\x1b[31m", "1", "- ", "$4k", "\n"])
            parent[key] = (unit * (size // len(unit) + 1))[:size]
            notes.append(f"huge string ({size}) at {where}")
        elif kind == "hostile-text":
            strs = [q for q in inner if isinstance(get_at(data, q), str)] or inner
            p = rng.choice(strs)
            parent, key = get_at(data, p[:-1]), p[-1]
            h = rng.choice(HOSTILE_TEXT)
            old = parent[key]
            parent[key] = rng.choice([h, f"{old}{h}", f"{h}{old}"]) if isinstance(old, str) else h
            notes.append(f"hostile {h!r} at {'/'.join(map(str, p))}")
        elif kind == "boundary-number":
            nums = [q for q in inner if isinstance(get_at(data, q), (int, float))] or inner
            p = rng.choice(nums)
            parent, key = get_at(data, p[:-1]), p[-1]
            parent[key] = rng.choice(BOUNDARY_NUMBERS)
            notes.append(f"number {parent[key]!r} at {'/'.join(map(str, p))}")
        elif kind == "scalar-form":
            leaves = [q for q in inner if not isinstance(get_at(data, q), (dict, list))] or inner
            p = rng.choice(leaves)
            parent, key = get_at(data, p[:-1]), p[-1]
            new = rng.choice(SCALAR_FORMS) if rng.random() < 0.7 else copy.deepcopy(rng.choice(STRUCTURED_FORMS))
            parent[key] = new
            notes.append(f"form {str(new)[:40]!r} at {'/'.join(map(str, p))}")
        elif kind == "shared-alias":
            # the same object twice in the tree: the dumper writes an anchor and an alias
            other = rng.choice(inner)
            shared = get_at(data, other)
            if not isinstance(shared, (dict, list)):
                shared = [shared, "x"]
            parent[key] = shared
            notes.append(f"alias of {'/'.join(map(str, other))} at {where}")
        else:  # pragma: no cover
            raise ValueError(kind)
        return data

    # ---- text mutations
    def mutate_text(self, kind: str, raw: bytes, rng: random.Random, notes: list) -> bytes:
        text = raw.decode("utf-8", errors="surrogateescape")
        lines = text.split("\n")
        if kind == "random-bytes":
            b = bytearray(raw)
            for _ in range(rng.randint(1, 8)):
                op = rng.random()
                at = rng.randint(0, len(b))
                chunk = bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 4)))
                if op < 0.4:
                    b[at:at] = chunk
                elif op < 0.7:
                    b[at:at + len(chunk)] = chunk
                else:
                    del b[at:at + rng.randint(1, 4)]
            notes.append("random bytes")
            return bytes(b)
        if kind == "truncate":
            at = rng.randint(0, len(raw))
            notes.append(f"truncate at byte {at}")
            return raw[:at]
        if kind == "line-delete" and lines:
            i = rng.randrange(len(lines))
            notes.append(f"delete line {i + 1}")
            del lines[i]
        elif kind == "line-duplicate" and lines:
            i = rng.randrange(len(lines))
            n = rng.randint(1, 4)
            lines[i:i] = lines[i:i + n]
            notes.append(f"duplicate lines {i + 1}..{i + n}")
        elif kind == "line-swap" and len(lines) > 1:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            notes.append(f"swap lines {i + 1} and {j + 1}")
        elif kind == "line-splice":
            src_name = rng.choice(self.names)
            src = self.seed_texts[src_name].split("\n")
            a = rng.randrange(len(src))
            b = min(len(src), a + rng.randint(1, 6))
            at = rng.randint(0, len(lines))
            lines[at:at] = src[a:b]
            notes.append(f"splice {src_name} lines {a + 1}..{b} at line {at + 1}")
        elif kind == "indent" and lines:
            i = rng.randrange(len(lines))
            r = rng.random()
            if r < 0.4:
                lines[i] = " " * rng.randint(1, 4) + lines[i]
            elif r < 0.7:
                lines[i] = lines[i][rng.randint(1, 4):] if lines[i].startswith(" ") else lines[i]
            else:
                lines[i] = "\t" + lines[i].lstrip(" ")
            notes.append(f"indent line {i + 1}")
        elif kind == "yaml-syntax" and lines:
            i = rng.randrange(len(lines))
            inj = rng.choice(TEXT_INJECTIONS)
            line = lines[i]
            if ": " in line and rng.random() < 0.6:
                k, _, v = line.partition(": ")
                lines[i] = f"{k}: {inj}{v}"
            else:
                at = rng.randint(0, len(line))
                lines[i] = line[:at] + inj + line[at:]
            notes.append(f"inject {inj!r} in line {i + 1}")
        elif kind == "alias-bomb":
            depth, width = rng.randint(2, 6), rng.randint(2, 9)
            bomb = ["bomb0: &b0 [lol, lol]"]
            for d in range(1, depth + 1):
                bomb.append(f"bomb{d}: &b{d} [" + ", ".join([f"*b{d - 1}"] * width) + "]")
            where = rng.random()
            if where < 0.5:
                lines = bomb + lines
            else:
                # the bomb as the value of an existing key
                keyed = [j for j, ln in enumerate(lines) if re.match(r"^[a-z_]+:", ln)]
                j = rng.choice(keyed) if keyed else 0
                lines[j + 1:j + 1] = ["  " + ln for ln in bomb]
            notes.append(f"alias bomb {width}^{depth}")
        elif kind == "encoding":
            r = rng.randrange(7)
            notes.append(["BOM", "UTF-16", "latin-1", "CRLF", "CR", "NUL", "surrogate"][r])
            if r == 0:
                return b"\xef\xbb\xbf" + raw
            if r == 1:
                return text.encode("utf-16", errors="surrogatepass")
            if r == 2:
                return text.replace("e", "\u00e9").encode("latin-1", errors="replace")
            if r == 3:
                return raw.replace(b"\n", b"\r\n")
            if r == 4:
                return raw.replace(b"\n", b"\r")
            if r == 5:
                at = rng.randint(0, len(raw))
                return raw[:at] + b"\x00" + raw[at:]
            at = rng.randint(0, len(raw))
            return raw[:at] + b"\xed\xa0\x80" + raw[at:]
        elif kind == "empty":
            new = rng.choice(["", " ", "\n\n", "# only a comment\n", "~\n", "null\n", "[]\n", "{}\n", "---\n",
                              "text\n", "- a\n- b\n", "42\n", "...\n", "--- \n...\n---\n", "\ufeff"])
            notes.append(f"file is {new!r}")
            return new.encode("utf-8")
        else:
            notes.append(f"{kind} (no-op)")
        return "\n".join(lines).encode("utf-8", errors="surrogateescape")

    def mutate_file(self, kind: str, name: str, raw: bytes, rng: random.Random, notes: list) -> bytes:
        if kind in KINDS_DATA:
            if raw == self.seed_bytes[name]:
                data = copy.deepcopy(self.seed_data[name])
            else:
                try:
                    data = load_data(raw.decode("utf-8"))
                except Exception:
                    data = None
            if data is None and raw.strip():
                notes.append(f"{kind}: not YAML any more, random bytes instead")
                return self.mutate_text("random-bytes", raw, rng, notes)
            notes.append(name)
            data = self.mutate_data(kind, data, rng, notes)
            return dump_data(data).encode("utf-8")
        notes.append(name)
        return self.mutate_text(kind, raw, rng, notes)

    def make(self, index: int, seed: int, kind: str | None = None) -> Mutant:
        """Mutant ``index`` of ``seed``; a bug of the fuzzer itself gives an unchanged plan of kind "fuzzer-error"."""
        try:
            return self._make(index, seed, kind)
        except Exception:
            return Mutant(index, "fuzzer-error", {}, [traceback.format_exc(limit=-3)])

    def _make(self, index: int, seed: int, kind: str | None = None) -> Mutant:
        rng = random.Random(f"{seed}:{index}")
        kind = kind or self.pick_kind(rng)
        m = Mutant(index, kind, {})
        if kind == "fs":
            name = rng.choice(self.names)
            r = rng.random()
            if r < 0.35:
                m.files[name] = MISSING
                m.notes.append(f"{name} missing")
            elif r < 0.6:
                m.files[name] = DIR
                m.notes.append(f"{name} is a folder")
            elif r < 0.68:
                m.files[name] = LOOP
                m.notes.append(f"{name} is a symlink loop")
            elif r < 0.82 and hasattr(os, "mkfifo"):
                what = rng.choice([FIFO, DEVZERO, STDIN, DANGLING, OUTSIDE, OUTSIDE])
                m.files[name] = what
                m.notes.append(f"{name} is {what}")
            else:
                extra = rng.choice(["05-competiton.yaml", "notes.yml", "ACCOUNT.yaml", ".hidden.yaml", "11-extra.yaml",
                                    "evil\x1b]0;owned\x07.yaml", "bidi\u202eexe.yaml"])
                m.extra[extra] = self.seed_texts[name].encode("utf-8")
                m.notes.append(f"unknown file {extra}")
            return m
        parts = [kind] if kind != "multi" else [rng.choice([k for k in KINDS if k not in ("multi", "fs")])
                                                for _ in range(rng.randint(2, 4))]
        for part in parts:
            name = rng.choice(self.names)
            raw = m.files.get(name)
            if not isinstance(raw, bytes):
                raw = self.seed_texts[name].encode("utf-8")
            m.files[name] = self.mutate_file(part, name, raw, rng, m.notes)
        if kind == "multi":
            m.notes.insert(0, "+".join(parts))
        return m


WRONG_TYPE_BASE = 10 ** 6  # numbers of the wrong-type mutants (apart from the seeded ones)


def wrong_type_everywhere(seed_texts: dict, values=(None, 0, "text", [], {"x": 1}, True)):
    """Deterministic mutants: every path of every seed file replaced by each of ``values``."""
    out = []
    for name, text in seed_texts.items():
        data = load_data(text)
        for p in all_paths(data):
            for v in values:
                d = copy.deepcopy(data)
                if not p:
                    d = copy.deepcopy(v)
                else:
                    old = get_at(d, p)
                    if type(old) is type(v) and old == v:
                        continue
                    get_at(d, p[:-1])[p[-1]] = copy.deepcopy(v)
                note = f"{name}:{'/'.join(map(str, p)) or '<root>'} = {v!r}"
                out.append(Mutant(WRONG_TYPE_BASE + len(out), "wrong-type", {name: dump_data(d).encode("utf-8")}, [note]))
    return out


# ----------------------------------------------------------------------------- running saa on a mutant

@dataclass
class Failure:
    driver: str
    kind: str                # "crash" or an oracle: "json", "control-chars", "fmt-data", "fmt-idempotent", "html"
    error: str
    tb: str
    signature: tuple
    mutant: Mutant | None = None
    args: list | None = None


def _signature(driver: str, exc: BaseException) -> tuple:
    frames = traceback.extract_tb(exc.__traceback__)
    where = "?"
    for fr in reversed(frames):
        if os.sep + "saa" + os.sep in fr.filename:
            where = f"{Path(fr.filename).name}:{fr.name}"
            break
    else:
        if frames:
            where = f"{Path(frames[-1].filename).name}:{frames[-1].name}"
    return ("crash", driver, type(exc).__name__, where)


def _strict_json(s: str):
    def bad(c):
        raise ValueError(f"not JSON: {c}")
    return json.loads(s, parse_constant=bad)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_chars(s: str) -> str | None:
    m = _CONTROL.search(s)
    if m:
        a = max(0, m.start() - 30)
        return f"control character {m.group()!r} in output near {s[a:m.end() + 10]!r}"
    return None


class Harness:
    """A plan folder in ``workdir`` into which mutants are installed, and the drivers that run on it."""

    CORE_DRIVERS = ("check", "status", "value", "matrix", "challenge", "network", "kano", "actions", "report",
                    "portfolio", "fmt")

    def __init__(self, workdir: Path, seed_texts: dict | None = None):
        import datetime

        self.seed_texts = seed_texts or seeds()
        self.portfolio = Path(workdir) / "portfolio"
        self.dir = self.portfolio / "fuzzplan"
        self.outdir = Path(workdir) / "out"
        self.outdir.mkdir(parents=True, exist_ok=True)
        self.secret = Path(workdir) / "secret.yaml"   # outside the plan folder: a plan file linked here is never read
        self.secret.write_text(f"{SECRET}: {SECRET}\n# {SECRET}\n", encoding="utf-8")
        if self.portfolio.exists():
            shutil.rmtree(self.portfolio)
        self.dir.mkdir(parents=True)
        for name, text in self.seed_texts.items():
            (self.dir / name).write_bytes(text.encode("utf-8"))
        self.installed: dict = {}
        self.extra: list = []
        self.today = datetime.date.fromisoformat(os.environ.get("SAA_TODAY", "2026-11-27"))
        self._mods: dict = {}
        self.cli_commands = self._cli_commands()

    # ---- modules that may not exist yet (commands are added as saa grows)
    def mod(self, name: str):
        if name not in self._mods:
            import importlib

            try:
                self._mods[name] = importlib.import_module(name)
            except ModuleNotFoundError as e:
                if e.name != name:
                    raise
                self._mods[name] = None
        return self._mods[name]

    def _cli_commands(self) -> set:
        try:
            import typer.main

            from saa.cli import app
        except Exception:  # pragma: no cover
            return set()
        return set(typer.main.get_command(app).commands)

    def available(self) -> list:
        out = []
        for d in self.CORE_DRIVERS:
            if d in ("check", "status", "value", "matrix", "challenge"):
                out.append(d)
            elif d in ("network", "kano") and self.mod(f"saa.render.{d}"):
                out.append(d)
            elif d == "actions" and self.mod("saa.actions") and self.mod("saa.render.actions"):
                out.append(d)
            elif d in ("report", "portfolio") and self.mod(f"saa.{d}"):
                out.append(d)
            elif d == "fmt" and self.mod("saa.fmt"):
                out.append(d)
        return out

    # ---- installing a mutant
    def _put(self, name: str, content) -> None:
        p = self.dir / name
        if p.is_symlink() or p.is_file() or (p.exists() and not p.is_dir()):
            p.unlink()
        elif p.is_dir():
            shutil.rmtree(p)
        if content is MISSING:
            return
        if content == DIR:
            p.mkdir()
            (p / "inner.yaml").write_text("a: 1\n")
        elif content == LOOP:
            os.symlink(p.name, p)
        elif content == FIFO:
            os.mkfifo(p)
        elif content == DEVZERO:
            os.symlink("/dev/zero", p)
        elif content == STDIN:
            os.symlink("/dev/stdin", p)
        elif content == DANGLING:
            os.symlink("no-such-file.yaml", p)
        elif content == OUTSIDE:
            os.symlink(self.secret, p)
        else:
            p.write_bytes(content)

    def install(self, m: Mutant) -> None:
        for name in list(self.installed):
            if name not in m.files:
                self._put(name, self.seed_texts[name].encode("utf-8"))
        for name in self.extra:
            if name not in m.extra:
                (self.dir / name).unlink(missing_ok=True)
        for name, content in m.files.items():
            self._put(name, content)
        for name, content in m.extra.items():
            (self.dir / name).write_bytes(content)
        self.installed = dict(m.files)
        self.extra = list(m.extra)

    def reset(self) -> None:
        self.install(Mutant(-1, "none", {}))

    # ---- running
    def console(self):
        from rich.console import Console

        return Console(file=io.StringIO(), width=100, color_system=None, highlight=False, emoji=False,
                       force_terminal=False, legacy_windows=False)

    def _printed(self, render_fn, *args, **kw) -> str:
        c = self.console()
        render_fn(*args, console=c, **kw)
        return c.file.getvalue()

    def run_cores(self, m: Mutant, drivers, terminal: bool = True, timing=None, every=None) -> list:
        """Load the installed plan and run ``drivers``; a list of :class:`Failure`."""
        from saa.loader import load_plan

        fails: list = []
        t0 = time.perf_counter()
        try:
            plan = load_plan(self.dir, "fuzzplan")
        except Exception as e:
            return [Failure("load", "crash", f"{type(e).__name__}: {e}", traceback.format_exc(), _signature("load", e), m)]
        finally:
            if timing is not None:
                timing["load"] += time.perf_counter() - t0
        for d in drivers:
            if every and m.index >= 0 and m.index % every.get(d, 1):
                continue
            t0 = time.perf_counter()
            if timing is not None:
                timing[d] -= t0
            try:
                problem = getattr(self, "core_" + d)(plan, m, terminal)
            except Exception as e:
                fails.append(Failure(d, "crash", f"{type(e).__name__}: {e}", traceback.format_exc(), _signature(d, e), m))
                continue
            finally:
                if timing is not None:
                    timing[d] += time.perf_counter()
            if problem:
                okind, msg = problem
                fails.append(Failure(d, okind, msg, "", ("oracle", d, okind), m))
        return fails

    def _text_oracle(self, out: str):
        if SECRET in out:
            return ("leak", "text of a file outside the plan folder reached the output")
        p = control_chars(out)
        return ("control-chars", p) if p else None

    def _json_oracle(self, s: str):
        if SECRET in s:
            return ("leak", "text of a file outside the plan folder reached the JSON output")
        try:
            _strict_json(s)
        except ValueError as e:
            return ("json", f"invalid JSON: {e}")
        return None

    def core_check(self, plan, m, terminal):
        from saa.check import CheckOptions, check_plans
        from saa.render import findings as rf

        for opts in (CheckOptions(), CheckOptions(strict=True, min_completeness=50, max_age=30, today=self.today)):
            res = check_plans([plan], opts)
            res.failed(opts.strict)
            p = self._json_oracle(rf.as_json(res)) or self._text_oracle(rf.text(res))
            if p:
                return p
            rf.text(res, colour=True)
            rf.github(res)
        return None

    def core_status(self, plan, m, terminal):
        from saa.render import status as rs
        from saa.status import status_of

        st = [status_of(plan, self.today)]
        p = self._json_oracle(rs.as_json(st))
        if p or not terminal:
            return p
        return self._text_oracle(self._printed(rs.terminal, st))

    def core_value(self, plan, m, terminal):
        from saa.render import value as rv

        p = self._json_oracle(rv.as_json(plan))
        if p or not terminal:
            return p
        return self._text_oracle(self._printed(rv.terminal, plan))

    def core_matrix(self, plan, m, terminal):
        from saa.render import matrix as rm

        p = self._json_oracle(rm.as_json(plan, self.today))
        if p or not terminal:
            return p
        return self._text_oracle(self._printed(rm.terminal, plan, self.today))

    def core_challenge(self, plan, m, terminal):
        from saa.challenge import below, score_plan, worst_colour
        from saa.render import challenge as rc

        worst_colour(plan)
        scored = [(plan, score_plan(plan))]
        for view in (("both", "team", "spoiler") if terminal else ("both",)):
            failing = below([cs for _, s in scored for cs in s], 3.0, view)
            p = self._json_oracle(rc.as_json(scored, view=view, fail_under=3.0, failing=failing))
            if p:
                return p
        if not terminal:
            return None
        failing = below([cs for _, s in scored for cs in s], 3.0, "both")
        p = self._text_oracle(self._printed(rc.terminal, scored, view="both", fail_under=3.0, failing=failing))
        if p:
            return p
        opp = next((c.opportunity for c in plan.challenges), None)
        if opp is not None:
            only = [(plan, score_plan(plan, opp))]
            return self._text_oracle(self._printed(rc.terminal, only, view="spoiler", opportunity=opp))
        return None

    def core_network(self, plan, m, terminal):
        r = self.mod("saa.render.network")
        p = self._json_oracle(r.as_json(plan))
        if p or not terminal:
            return p
        return self._text_oracle(self._printed(r.terminal, plan))

    def core_kano(self, plan, m, terminal):
        r = self.mod("saa.render.kano")
        p = self._json_oracle(r.as_json(plan))
        if p or not terminal:
            return p
        return self._text_oracle(self._printed(r.terminal, plan))

    def core_actions(self, plan, m, terminal):
        a = self.mod("saa.actions")
        r = self.mod("saa.render.actions")
        res = a.collect([plan], self.today)
        p = self._json_oracle(r.as_json(res))
        if p or not terminal:
            return p
        res2 = a.collect([plan], self.today, owner="Chen Hao", overdue_only=True, include_closed=True)
        return self._text_oracle(self._printed(r.terminal, res2, owner="Chen Hao", overdue=True, include_closed=True))

    def core_report(self, plan, m, terminal):
        rep = self.mod("saa.render.report")
        page = rep.render_report(plan, "html", self.today)
        if _live_html(page):
            return ("html", "a <script> or event handler written in the plan is live in the HTML report")
        if terminal:
            rep.render_report(plan, "md", self.today)
        return None

    def core_portfolio(self, plan, m, terminal):
        pf = self.mod("saa.portfolio")
        render = self.mod("saa.render.portfolio")
        rows = [pf.row_of(plan, self.today)]
        p = self._json_oracle(render.as_json(rows))
        if p or not terminal:
            return p
        return self._text_oracle(self._printed(render.terminal, rows))

    def core_fmt(self, plan, m, terminal):
        from saa.fmt import FormatError, format_text
        from saa.yamlio import parse_text

        for name, content in m.files.items():
            if not isinstance(content, bytes) or name not in self.seed_texts:
                continue
            try:
                text = content.decode("utf-8")
            except UnicodeDecodeError:
                continue
            try:
                out = format_text(text, name)
            except FormatError:
                continue
            before = parse_text(text.lstrip("\ufeff"), name).data
            after = parse_text(out, name).data
            if not _same(before, after):
                return ("fmt-data", f"fmt changed the data of {name}")
            try:
                again = format_text(out, name)
            except FormatError as e:
                return ("fmt-idempotent", f"fmt refuses its own output of {name}: {e.message}")
            if again != out:
                return ("fmt-idempotent", f"fmt of fmt differs for {name}")
        return None

    # ---- the typer app
    def cli_argsets(self, rng: random.Random) -> list:
        """Argument lists; ``{plan}``, ``{portfolio}`` and ``{out}`` stand for this harness's folders."""
        d = "{plan}"
        sets = [
            ["check", d], ["check", d, "--format", "json"],
            ["check", d, "--format", "github", "--strict", "--min-completeness", "50", "--max-age", "30"],
            ["status", d], ["status", d, "--json"], ["value", d], ["value", d, "--json"], ["matrix", d],
            ["matrix", d, "--json"], ["challenge", d], ["challenge", d, "--json", "--view", "spoiler", "--fail-under", "3"],
            ["challenge", d, "--opportunity", "adsl2", "--view", "team"], ["network", d], ["network", d, "--json"],
            ["kano", d], ["kano", d, "--json"], ["actions", d, "--overdue"], ["actions", d, "--json", "--all"],
            ["report", d, "--format", "html", "-o", "{out}/cli.html"], ["report", d, "--format", "md"],
            ["portfolio", "{portfolio}"], ["portfolio", "{portfolio}", "--json"], ["fmt", "--check", d],
        ]
        sets = [s for s in sets if s[0] in self.cli_commands]
        return sets

    def invoke(self, args: list):
        from typer.testing import CliRunner

        from saa.cli import app

        env = {"NO_COLOR": "1", "FORCE_COLOR": None, "GITHUB_ACTIONS": None, "COLUMNS": "100"}
        return CliRunner().invoke(app, args, env=env, catch_exceptions=True)

    def _cli_oracles(self, args: list, html: Path | None = None):
        """Run the app; raise the exception it raised (a crash), or return an oracle problem."""
        if args[0] not in self.cli_commands:
            return None
        r = self.invoke(args)
        exc = r.exception
        if exc is not None and not isinstance(exc, SystemExit):
            raise exc.with_traceback(r.exc_info[2]) if r.exc_info else exc
        if r.exit_code not in (0, 1, 2):
            raise RuntimeError(f"exit code {r.exit_code}")
        if r.exit_code in (0, 1) and ("--json" in args or args[-2:] == ["--format", "json"]) and r.stdout.strip():
            p = self._json_oracle(r.stdout)
            if p:
                return p
        if "--json" not in args:
            p = self._text_oracle(r.stdout)
            if p:
                return p
        if html is not None and r.exit_code in (0, 1) and html.is_file():
            page = html.read_text(encoding="utf-8", errors="replace")
            if _live_html(page):
                return ("html", "a <script> or event handler written in the plan is live in the HTML report")
        return None

    def run_cli(self, m: Mutant, argsets) -> list:
        fails = []
        where = {"{plan}": str(self.dir), "{portfolio}": str(self.portfolio), "{out}": str(self.outdir)}
        for args in argsets:
            real = [a for a in args]
            for k, v in where.items():
                real = [a.replace(k, v) for a in real]
            html = Path(real[real.index("-o") + 1]) if "-o" in real and "html" in real else None
            try:
                problem = self._cli_oracles(real, html=html)
            except Exception as e:
                fails.append(Failure("cli " + args[0], "crash", f"{type(e).__name__}: {e}",
                                     "".join(traceback.format_exception(type(e), e, e.__traceback__)),
                                     _signature("cli " + args[0], e), m, list(args)))
                continue
            if problem:
                okind, msg = problem
                fails.append(Failure("cli " + args[0], okind, msg, "", ("oracle", "cli " + args[0], okind), m, list(args)))
        return fails


def _live_html(page: str) -> bool:
    """Markup from HOSTILE_TEXT that survived unescaped into an HTML page."""
    return "<script>saa_fuzz" in page or "<img src=x onerror" in page or "<b>x</b>" in page


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    if isinstance(a, dict) and isinstance(b, dict):  # fmt puts keys in canonical order
        return set(a) == set(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


# ----------------------------------------------------------------------------- minimising and saving

def _reproduces(h: Harness, f: Failure, files: dict) -> bool:
    m = Mutant(-1, "minimise", files, extra=f.mutant.extra if f.mutant else {})
    h.install(m)
    if f.args:
        got = h.run_cli(m, [f.args])
    else:
        got = h.run_cores(m, [f.driver] if f.driver != "load" else [])
    return any(g.signature == f.signature for g in got)


def minimise(h: Harness, f: Failure, budget_s: float = 30.0) -> dict:
    """A smaller set of changed files (and fewer lines in them) that fails the same way."""
    start = time.monotonic()
    files = dict(f.mutant.files)
    # 1. reset every changed file that is not needed
    for name in list(files):
        if len(files) > 1:
            trial = {k: v for k, v in files.items() if k != name}
            if _reproduces(h, f, trial):
                files = trial
    # 2. remove other plan files that are not needed (account.yaml stays: it makes the folder a plan)
    for name in h.seed_texts:
        if name == "account.yaml" or name in files or time.monotonic() - start > budget_s:
            continue
        trial = dict(files)
        trial[name] = MISSING
        if _reproduces(h, f, trial):
            files = trial
    # 3. fewer lines in each changed file (ddmin over lines)
    for name, content in list(files.items()):
        if not isinstance(content, bytes):
            continue
        lines = content.split(b"\n")
        n = 2
        while len(lines) >= 2 and time.monotonic() - start < budget_s:
            chunk = max(1, len(lines) // n)
            reduced = False
            for i in range(0, len(lines), chunk):
                cand = lines[:i] + lines[i + chunk:]
                trial = dict(files)
                trial[name] = b"\n".join(cand)
                if _reproduces(h, f, trial):
                    lines, files, reduced = cand, trial, True
                    n = max(n - 1, 2)
                    break
            if not reduced:
                if chunk == 1:
                    break
                n = min(len(lines), n * 2)
    h.reset()
    return files


def save(h: Harness, f: Failure, files: dict, out: Path, seed: int) -> Path:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", "-".join(f.signature[1:])).strip("-")[:80] or "crash"
    folder = out / slug
    if folder.exists():
        shutil.rmtree(folder)
    plan = folder / "plan"
    plan.mkdir(parents=True)
    special = {}
    for name, text in h.seed_texts.items():
        content = files.get(name, text.encode("utf-8"))
        if isinstance(content, bytes):
            (plan / name).write_bytes(content)
        else:
            special[name] = "missing" if content is MISSING else content
    for name, content in (f.mutant.extra if f.mutant else {}).items():
        (plan / name).write_bytes(content)
    if special:
        (folder / "special.json").write_text(json.dumps(special, indent=2) + "\n")
    lines = [f"signature: {' | '.join(f.signature)}", f"driver: {f.driver}", f"kind: {f.kind}",
             f"error: {f.error}", f"mutant: {f.mutant.describe() if f.mutant else '-'}",
             f"replay: python tools/fuzz.py --seed {seed} --only {f.mutant.index if f.mutant else -1}",
             f"cli args: {f.args}" if f.args else "cli args: -", "", f.tb]
    (folder / "crash.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


def install_folder(h: Harness, folder: Path) -> Mutant:
    """A saved reproducer (or a regression folder) as a mutant: its plan files, and special.json."""
    plan = folder / "plan" if (folder / "plan").is_dir() else folder
    files: dict = {}
    extra: dict = {}
    for p in sorted(plan.iterdir()):
        if p.name in h.seed_texts:
            files[p.name] = p.read_bytes()
        elif p.is_file() and p.name not in ("crash.txt", "special.json", "README.md"):
            extra[p.name] = p.read_bytes()
    for name in h.seed_texts:
        if name not in files:
            files[name] = MISSING
    sp = folder / "special.json"
    if sp.is_file():
        for name, what in json.loads(sp.read_text()).items():
            files[name] = MISSING if what == "missing" else what
    m = Mutant(-1, "replay", files, [str(folder)], extra)
    h.install(m)
    return m


# ----------------------------------------------------------------------------- the run

@dataclass
class Report:
    mutants: int = 0
    kinds: collections.Counter = field(default_factory=collections.Counter)
    kind_seconds: collections.Counter = field(default_factory=collections.Counter)
    drivers: collections.Counter = field(default_factory=collections.Counter)
    driver_seconds: collections.Counter = field(default_factory=collections.Counter)
    cli_runs: collections.Counter = field(default_factory=collections.Counter)
    exit_codes: collections.Counter = field(default_factory=collections.Counter)
    failures: dict = field(default_factory=dict)     # signature -> Failure (first seen)
    failure_counts: collections.Counter = field(default_factory=collections.Counter)
    seconds: float = 0.0
    saved: list = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.mutants} mutants in {self.seconds:.1f}s"]
        lines.append("mutants per kind: " + ", ".join(f"{k} {n}" for k, n in sorted(self.kinds.items())))
        lines.append("core runs: " + ", ".join(f"{k} {n} ({self.driver_seconds[k]:.1f}s)"
                                               for k, n in sorted(self.drivers.items())))
        if self.cli_runs:
            lines.append("cli runs: " + ", ".join(f"{k} {n}" for k, n in sorted(self.cli_runs.items())))
        if self.failures:
            lines.append(f"{len(self.failures)} distinct failures:")
            for sig, f in self.failures.items():
                lines.append(f"  {self.failure_counts[sig]:6d} x {' | '.join(sig)}: {f.error[:200]}")
                lines.append(f"           first: {f.mutant.describe()[:300] if f.mutant else '-'}"
                             + (f" args {f.args}" if f.args else ""))
        else:
            lines.append("no crashes, no oracle failures")
        for p in self.saved:
            lines.append(f"saved {p}")
        return "\n".join(lines)


@dataclass
class Options:
    seed: int = 0
    cli_every: int = 10
    terminal_every: int = 3
    every: dict | None = None
    drivers: list | None = None
    max_seconds: float | None = None
    verbose: bool = False
    max_memory_mb: int | None = None
    progress: str | None = None      # a file where a worker writes the mutant it is on


def _loop(h: Harness, mut: Mutator, mutants, o: Options, rep: Report, log=None, start=None) -> None:
    drivers = list(o.drivers) if o.drivers is not None else h.available()
    every = o.every or {}
    start = start if start is not None else time.monotonic()
    for k, m in enumerate(mutants):
        if o.max_seconds is not None and time.monotonic() - start > o.max_seconds:
            break
        rep.mutants += 1
        rep.kinds[m.kind] += 1
        t_mutant = time.perf_counter()
        if o.progress:
            with open(o.progress, "w") as fh:
                fh.write(str(m.index))
        h.install(m)
        replaying = m.index < 0 or o.verbose
        fails = h.run_cores(m, drivers, terminal=replaying or m.index % o.terminal_every == 0,
                            timing=rep.driver_seconds, every=None if replaying else every)
        rep.drivers["load"] += 1
        for d in drivers:
            if replaying or m.index % every.get(d, 1) == 0:
                rep.drivers[d] += 1
        if o.cli_every and (replaying or m.index % o.cli_every == 0):
            rng = random.Random(f"cli:{o.seed}:{m.index}")
            sets = h.cli_argsets(rng)
            if not replaying and len(sets) > 4:
                sets = rng.sample(sets, 4)
            for s in sets:
                rep.cli_runs[s[0]] += 1
            fails.extend(h.run_cli(m, sets))
        rep.kind_seconds[m.kind] += time.perf_counter() - t_mutant
        for f in fails:
            rep.failure_counts[f.signature] += 1
            if f.signature not in rep.failures:
                rep.failures[f.signature] = f
                if log:
                    log(f"FAIL {' | '.join(f.signature)} on {m.describe()[:200]}\n{f.tb or f.error}")
        if log and k and k % 1000 == 0:
            log(f"... {k} mutants, {len(rep.failures)} distinct failures, {time.monotonic() - start:.0f}s")


def limit_memory(mb: int | None) -> None:
    """Cap this process's address space so a blow-up is a MemoryError (a crash we see), not the OOM killer."""
    if not mb:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, resource.RLIM_INFINITY))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on this platform
        pass


def _worker(job) -> Report:
    part, nparts, mutants, o = job
    limit_memory(o.max_memory_mb)
    workdir = Path(tempfile.mkdtemp(prefix=f"saa-fuzz-{part}-"))
    try:
        h = Harness(workdir)
        mut = Mutator(h.seed_texts)
        rep = Report()
        if isinstance(mutants, int):
            todo = (mut.make(i, o.seed) for i in range(part, mutants, nparts))
        else:  # a list of ready mutants
            todo = iter(mutants[part::nparts])
        _loop(h, mut, todo, o, rep)
        h.reset()
        return rep
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _merge(into: Report, rep: Report) -> None:
    into.mutants += rep.mutants
    for name in ("kinds", "kind_seconds", "drivers", "driver_seconds", "cli_runs", "failure_counts"):
        getattr(into, name).update(getattr(rep, name))
    for sig, f in rep.failures.items():
        into.failures.setdefault(sig, f)


def run(mutants: int = 2000, seed: int = 0, workdir: Path | None = None, *, cli_every: int = 10,
        terminal_every: int = 3, every: dict | None = None, drivers=None, out: Path | None = None,
        minimise_s: float = 0.0, only: int | None = None, extra_mutants=(), log=None,
        max_seconds: float | None = None, workers: int = 1, max_memory_mb: int | None = None) -> Report:
    """Run ``mutants`` seeded mutants (plus ``extra_mutants``) and report what failed.

    Mutant ``i`` of ``seed`` is the same whatever else runs, so any one can be replayed (``only``).
    Every ``cli_every``-th also runs through the typer app, every ``terminal_every``-th is also
    rendered for the terminal, and ``every`` maps a core driver to N: it runs on every N-th mutant
    only (default: every mutant). ``workers`` > 1 splits the mutants over forked processes, each
    limited to ``max_memory_mb``; a worker that dies anyway (killed, or a crash in C code) is a
    failure too, with the mutant it was on.
    """
    o = Options(seed, cli_every, terminal_every, every, list(drivers) if drivers is not None else None,
                max_seconds, verbose=only is not None, max_memory_mb=max_memory_mb)
    own = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="saa-fuzz-")) if own else Path(workdir)
    rep = Report()
    start = time.monotonic()
    try:
        h = Harness(workdir)
        mut = Mutator(h.seed_texts)
        import multiprocessing

        parallel = workers > 1 and only is None and "fork" in multiprocessing.get_all_start_methods()
        if parallel:
            from concurrent.futures import ProcessPoolExecutor

            ctx = multiprocessing.get_context("fork")
            jobs = []
            for p in range(workers):
                po = copy.copy(o)
                po.progress = str(workdir / f"progress-{p}")
                jobs.append((p, workers, mutants, po))
            extra = list(extra_mutants)
            if extra:
                for p in range(workers):
                    po = copy.copy(o)
                    po.progress = str(workdir / f"progress-extra-{p}")
                    jobs.append((p, workers, extra, po))
            with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
                futures = [pool.submit(_worker, job) for job in jobs]
                for job, fut in zip(jobs, futures):
                    try:
                        _merge(rep, fut.result())
                    except Exception as e:  # the worker died: blame the mutant it was on
                        try:
                            index = int(Path(job[3].progress).read_text())
                        except (OSError, ValueError):
                            index = -1
                        if isinstance(job[2], int):
                            m = mut.make(index, seed) if index >= 0 else None
                        else:
                            m = next((x for x in job[2] if x.index == index), None)
                        sig = ("crash", "process", type(e).__name__, "worker died")
                        rep.failures.setdefault(sig, Failure("process", "crash", f"worker {job[0]} died on mutant "
                                                             f"{index}: {e}", "", sig, m))
                        rep.failure_counts[sig] += 1
            if log:
                for sig, f in rep.failures.items():
                    log(f"FAIL {' | '.join(sig)} on {f.mutant.describe()[:200] if f.mutant else '-'}\n{f.tb or f.error}")
        else:
            indexes = [only] if only is not None else range(mutants)
            gen = (mut.make(i, seed) for i in indexes)
            import itertools

            _loop(h, mut, itertools.chain(gen, extra_mutants), o, rep, log, start)
        rep.seconds = time.monotonic() - start
        if out is not None and rep.failures:
            out.mkdir(parents=True, exist_ok=True)
            for f in rep.failures.values():
                files = minimise(h, f, minimise_s) if (minimise_s and f.mutant) else (f.mutant.files if f.mutant else {})
                rep.saved.append(save(h, f, files, out, seed))
        h.reset()
        return rep
    finally:
        if own:
            shutil.rmtree(workdir, ignore_errors=True)


def replay(folder: Path, workdir: Path | None = None) -> list:
    """Every driver (cores and CLI argument sets) on one saved plan folder; the failures."""
    own = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="saa-replay-")) if own else Path(workdir)
    try:
        h = Harness(workdir)
        m = install_folder(h, Path(folder))
        fails = h.run_cores(m, h.available(), terminal=True)
        fails.extend(h.run_cli(m, h.cli_argsets(random.Random(0))))
        return fails
    finally:
        if own:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mutants", type=int, default=2000, help="how many mutants (default 2000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", type=int, default=None, help="run only mutant number N of this seed (all CLI args)")
    ap.add_argument("--cli-every", type=int, default=10, help="every N-th mutant also through the typer app (0: never)")
    ap.add_argument("--terminal-every", type=int, default=3, help="every N-th mutant also rendered for the terminal")
    ap.add_argument("--wrong-types", action="store_true", help="add the deterministic wrong-type-at-every-path mutants")
    ap.add_argument("--drivers", default=None, help="comma-separated core drivers (default: all that exist)")
    ap.add_argument("--out", type=Path, default=Path("fuzz-crashes"), help="folder for reproducers")
    ap.add_argument("--minimise", type=float, default=20.0, help="seconds to minimise each distinct failure")
    ap.add_argument("--max-seconds", type=float, default=None, help="stop after this long")
    ap.add_argument("--replay", type=Path, default=None, help="run every driver on one saved plan folder")
    ap.add_argument("--workers", type=int, default=1, help="processes to fuzz in (default 1)")
    ap.add_argument("--max-memory-mb", type=int, default=4096, help="address-space cap per process (default 4096)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    os.environ["NO_COLOR"] = "1"
    limit_memory(a.max_memory_mb)
    if a.replay:
        fails = replay(a.replay)
        for f in fails:
            print(f"{' | '.join(f.signature)} {f.args or ''}\n{f.tb or f.error}")
        print(f"{len(fails)} failures")
        return 1 if fails else 0
    extra = []
    if a.wrong_types:
        extra = wrong_type_everywhere(seeds())
    log = None if a.quiet else (lambda s: print(s, file=sys.stderr, flush=True))
    rep = run(a.mutants, a.seed, cli_every=a.cli_every, terminal_every=a.terminal_every,
              drivers=a.drivers.split(",") if a.drivers else None, out=a.out, minimise_s=a.minimise,
              only=a.only, extra_mutants=extra, log=log, max_seconds=a.max_seconds, workers=a.workers,
              max_memory_mb=a.max_memory_mb)
    print(rep.summary())
    return 1 if rep.failures else 0


if __name__ == "__main__":
    sys.exit(main())
