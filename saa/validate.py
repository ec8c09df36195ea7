"""Validate one document against its :class:`~saa.fileformat.Spec` and convert it.

One pass does both: every value is checked (types, required keys, unknown keys
with a "did you mean", enums, ranges and every scalar form of docs/format.md)
and converted to clean Python data (money to numbers in the plan's currency,
dates to ``datetime.date``, actions to :class:`~saa.scalars.Action`...). An
invalid value becomes ``None`` in the clean data and a finding at its line.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import field
from .records import dataclass
from typing import Any

from . import scalars
from .findings import Finding
from .fileformat import Spec
from .yamlio import Document

_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
_ISO = re.compile(r"[A-Z]{3}\Z")


@dataclass
class ValidationContext:
    currency: str = "USD"
    fx: dict = field(default_factory=dict)


def _excerpt(s, limit: int = 60) -> str:
    """A key as findings quote it: at most ``limit`` characters (a file that is not a plan may have long ones)."""
    s = str(s)
    return s if len(s) <= limit else s[: limit - 3] + "..."


def did_you_mean(word: str, choices) -> str:
    choices = list(choices)
    word = str(word)
    for c in choices:
        if c.lower() == word.lower():
            return f" (did you mean '{c}'?)"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _label(path: tuple) -> str:
    for p in reversed(path):
        if isinstance(p, str):
            return p
    return "value"


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _shape(v) -> str:
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if v is None:
        return "nothing"
    if isinstance(v, bool):
        return f"{str(v).lower()} (yes/no)"
    return repr(v) if not isinstance(v, str) else f"'{v}'"


class Validator:
    def __init__(self, doc: Document, ctx: ValidationContext | None = None):
        self.doc = doc
        self.ctx = ctx or ValidationContext()
        self.findings: list[Finding] = []
        self.error_paths: list[tuple] = []

    def err(self, path: tuple, rule: str, message: str, key: bool = False) -> None:
        self.error_paths.append(path)
        loc = self.doc.loc(path, key=key)
        self.findings.append(Finding(loc.path, loc.line, loc.column, "error", rule, message))

    def run(self, spec: Spec):
        data = self.doc.data
        if data is None:
            return None
        if not isinstance(data, dict):
            keys = ", ".join(f"{k}:" for k in spec.fields)
            self.err((), "type", f"the top level must be a mapping of keys ({keys}), not {_shape(data)}")
            return None
        return self.walk(data, spec, ())

    def walk(self, v, spec: Spec, path: tuple):
        kind = spec.kind
        if v is None:
            return [] if kind == "list" else ({} if kind in ("object", "map") else None)
        if kind == "object":
            if not isinstance(v, dict):
                self.err(path, "type", f"'{_label(path)}' should be a mapping (key: value lines), not {_shape(v)}")
                return {}
            out: dict[Any, Any] = {}
            fields = spec.fields
            walk = self.walk
            for k, item in v.items():
                sub = fields.get(k)
                if sub is None:
                    self.err(path + (k,), "unknown-key", f"unknown key '{_excerpt(k)}'{did_you_mean(k, fields)}", key=True)
                    continue
                if item is None or (isinstance(item, str) and sub.required and not item.strip()):
                    if sub.required:
                        self.err(path + (k,), "required", f"'{k}' is required and has no value", key=True)
                    out[k] = [] if sub.kind == "list" else ({} if sub.kind in ("object", "map") else None)
                    continue
                if type(item) is str and sub.kind in _TEXT_KINDS:  # text as written: the common case
                    out[k] = item
                    continue
                out[k] = walk(item, sub, path + (k,))
            for k, sub in fields.items():
                if sub.required and k not in v:
                    self.err(path, "required", f"missing required key '{k}'")
            return out
        if kind == "list":
            items = spec.items
            assert items is not None  # a list spec always says what its items are
            if isinstance(v, (str, int, float)) and not isinstance(v, bool) and items.kind == "text":
                return [self.k_text(v, items, path)]  # one text where a list of texts goes: a list of one
            if not isinstance(v, list):
                self.err(path, "type", f"'{_label(path)}' should be a list (lines starting with '- '), not {_shape(v)}")
                return []
            walk = self.walk
            if items.kind in _TEXT_KINDS:
                return [x if type(x) is str else walk(x, items, path + (i,)) for i, x in enumerate(v)]
            return [walk(x, items, path + (i,)) for i, x in enumerate(v)]
        if kind == "map":
            if not isinstance(v, dict):
                self.err(path, "type", f"'{_label(path)}' should be a mapping (name: value lines), not {_shape(v)}")
                return {}
            values = spec.values
            assert values is not None  # a map spec always says what its values are
            return {k: self.walk(x, values, path + (k,)) for k, x in v.items()}
        if isinstance(v, (list, dict)) and kind not in ("relation", "action"):
            self.err(path, "type", f"'{_label(path)}' should be a single value, not {_shape(v)}")
            return None
        handler = _HANDLERS.get(kind)
        if handler is None:
            handler = _HANDLERS[kind] = getattr(Validator, "k_" + kind.replace("?", "_or_unknown"))
        return handler(self, v, spec, path)

    # ---- scalar kinds ----------------------------------------------------
    def k_text(self, v, spec, path):
        if isinstance(v, bool):
            return str(v).lower()
        if isinstance(v, float) and not math.isfinite(v):
            return str(v)
        return v if isinstance(v, str) else str(v)

    k_formula = k_text

    def k_slug(self, v, spec, path):
        if isinstance(v, str) and _SLUG.match(v):
            return v
        self.err(path, "slug", f"'{_label(path)}' should be a short id of lowercase letters, digits and - (like slurry-yield), not {_shape(v)}")
        return None

    def k_currency(self, v, spec, path):
        if isinstance(v, str) and _ISO.match(v.strip()):
            return v.strip()
        self.err(path, "currency", f"not a currency: {_shape(v)}; write an ISO code such as USD, EUR or GBP")
        return None

    def _range(self, n, spec, path, what):
        if (spec.lo is not None and n < spec.lo) or (spec.hi is not None and n > spec.hi):
            self.err(path, "range", f"{what} {n:g} is out of range: '{_label(path)}' is {spec.lo}..{spec.hi}")
            return None
        return n

    def k_int(self, v, spec, path):
        if isinstance(v, int) and not isinstance(v, bool):
            return self._range(v, spec, path, "value")
        self.err(path, "type", f"'{_label(path)}' should be a whole number, not {_shape(v)}")
        return None

    def k_bool(self, v, spec, path):
        if isinstance(v, bool):
            return v
        self.err(path, "type", f"'{_label(path)}' should be true or false, not {_shape(v)}")
        return None

    def k_score(self, v, spec, path):
        if isinstance(v, int) and not isinstance(v, bool):
            if 1 <= v <= 5:
                return v
            self.err(path, "range", f"score {v} is out of range: scores are 1-5")
            return None
        self.err(path, "type", f"score should be a whole number from 1 to 5, not {_shape(v)}")
        return None

    def k_number(self, v, spec, path):
        if _is_number(v) and math.isfinite(v):
            return self._range(float(v), spec, path, "value")
        self.err(path, "type", f"'{_label(path)}' should be a number, not {_shape(v)}")
        return None

    def k_rate(self, v, spec, path):
        if _is_number(v) and math.isfinite(v) and v > 0:
            return float(v)
        self.err(path, "type", f"exchange rate should be a positive number (1 {_label(path)} in the plan's currency), not {_shape(v)}")
        return None

    def k_enum(self, v, spec, path):
        if isinstance(v, str) and v in spec.enum:
            return v
        hint = did_you_mean(v, spec.enum) if isinstance(v, str) else ""
        self.err(path, "enum", f"'{_label(path)}' is {_shape(v)}; write one of: {', '.join(spec.enum)}{hint}")
        return None

    def _scalar(self, fn, v, path, rule, *args, **kw):
        try:
            return fn(v, *args, **kw)
        except scalars.ScalarError as e:
            self.err(path, rule, e.message)
            return None

    def k_money(self, v, spec, path):
        return self._scalar(scalars.parse_money, v, path, "money", currency=self.ctx.currency, fx=self.ctx.fx)

    def k_money_or_unknown(self, v, spec, path):
        return self._scalar(scalars.parse_money, v, path, "money", currency=self.ctx.currency,
                            fx=self.ctx.fx, allow_unknown=True)

    def k_percent(self, v, spec, path):
        return self._scalar(scalars.parse_percent, v, path, "percent")

    def k_probability(self, v, spec, path):
        return self._scalar(scalars.parse_probability, v, path, "percent")

    def k_date(self, v, spec, path):
        return self._scalar(scalars.parse_date, v, path, "date")

    def k_relation(self, v, spec, path):
        return self._scalar(scalars.parse_relation, v, path, "relation")

    def k_frequency(self, v, spec, path):
        return self._scalar(scalars.parse_frequency, v, path, "frequency")

    def k_quantity(self, v, spec, path):
        if isinstance(v, str) and v.strip().endswith("%"):
            return self._scalar(scalars.parse_percent, v, path, "percent")
        return self._scalar(scalars.parse_money, v, path, "money", currency=self.ctx.currency, fx=self.ctx.fx)

    def k_action(self, v, spec, path):
        if isinstance(v, dict):
            allowed = ("do", "owner", "due", "status")
            ok = True
            for k in v:
                if k not in allowed:
                    self.err(path + (k,), "unknown-key", f"unknown key '{_excerpt(k)}' in an action{did_you_mean(k, allowed)}; an action has do, owner, due, status", key=True)
                    ok = False
            if v.get("do") is None:
                self.err(path, "required", "an action needs 'do': what is to be done")
                return None
            if not ok:
                v = {k: x for k, x in v.items() if k in allowed}
            try:
                return scalars.parse_action(v)
            except scalars.ScalarError as e:
                # point at the faulty key where we can tell which one it is
                for k in ("due", "status", "owner", "do"):
                    if k in v and k in e.message:
                        self.err(path + (k,), "action", e.message)
                        return None
                self.err(path, "action", e.message)
                return None
        if isinstance(v, list):
            self.err(path, "type", "an action should be a sentence or {do, owner, due, status}, not a list")
            return None
        return self._scalar(scalars.parse_action, v if isinstance(v, str) else str(v), path, "action")


_HANDLERS: dict = {}             # scalar kind -> Validator.k_<kind>, looked up once
_TEXT_KINDS = ("text", "formula")  # kinds whose str values are kept as written (k_text)


def validate(doc: Document, spec: Spec, ctx: ValidationContext | None = None):
    """Check ``doc`` against ``spec``; return (clean data or None, findings)."""
    v = Validator(doc, ctx)
    clean = v.run(spec)
    return clean, v.findings
