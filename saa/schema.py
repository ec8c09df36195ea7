"""JSON Schemas (Draft 2020-12) of the plan files, generated from :mod:`saa.fileformat`.

One schema per plan file (``account.schema.json``, ``01-customer-profile.schema.json``...),
with a ``title`` and a ``description`` on every property taken from the model's
docs, so an editor (VS Code with the YAML extension, JetBrains, vim/neovim with
yaml-language-server) shows the method's guidance while the team types.

The schemas accept what ``saa check`` accepts field by field: an empty value
(``null``) means "not filled in yet" wherever a field is optional. What a schema
cannot see (references between files, formulas, sums) stays with ``saa check``.

``python -m saa.schema [DIR]`` regenerates the committed ``schemas/`` folder
(or DIR) after a change to the model.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from .atomic import write_text_atomic
from .fileformat import FILES, Spec, schema_name
from .vocab import STEP_NAMES

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://saa.dev/schemas/v1/"

# ---- the scalar forms of docs/format.md, as patterns ---------------------------
# They follow saa.scalars (the parsers ``saa check`` uses; tests/test_schema.py checks
# the two agree string by string) and stay within plain ECMA-262 that Python's re
# reads alike: no lookaround, no flags, so case-insensitive words are spelled [Yy][Ee]...
# What a pattern cannot see (30 February, an exchange rate missing) stays with saa check.


def _ci(word: str) -> str:
    """A case-insensitive spelling of ``word`` for a pattern without flags."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


def _words(*words: str) -> str:
    return "(?:" + "|".join(_ci(w) for w in words) + ")"


_MINUS = "[-\u2013\u2212]"                     # hyphen, en dash, minus sign
_NUMBER = r"(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
_AMOUNT = r"(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)"
_SYMBOL = "[$\u20ac\u00a3]"
_CODE = "[A-Za-z]{3}"
_SUFFIX = _words("mil", "bn", "k", "m", "b")
_FRACTION = r"(?:0*1(?:\.0+)?|0*0(?:\.[0-9]+)?|0*\.[0-9]+)"      # 0..1 written without %
_UPTO100 = r"(?:0*100(?:\.0+)?|0*[0-9]{1,2}(?:\.[0-9]+)?|0*\.[0-9]+)"

MONEY_PATTERN = (
    rf"^\s*(?:{_MINUS}\s*(?:{_SYMBOL}|{_CODE})?|(?:{_SYMBOL}|{_CODE})?\s*{_MINUS}?)\s*{_AMOUNT}"
    rf"(?:\s*{_SUFFIX}(?:\s*{_SYMBOL}|\s+{_CODE})?|\s*(?:{_SYMBOL}|{_CODE}))?\s*$"
)
UNKNOWN_PATTERN = rf"^\s*(?:{_ci('unknown')}|\?)\s*$"
_ZERO = rf"{_MINUS}\s*(?:0+(?:\.0+)?|\.0+)\s*%?"                  # -0 and -0% are 0
PERCENT_PATTERN = rf"^\s*(?:{_NUMBER}\s*%|{_FRACTION}|{_ZERO})\s*$"
PROBABILITY_PATTERN = rf"^\s*(?:{_UPTO100}\s*%|{_FRACTION}|{_ZERO})\s*$"
# a date that exists: 31 days in January..., 30 in April..., 28 in February and 29 in a leap year
# (divisible by 4, and by 400 for a century); year 0001 to 9999 as Python's dates
_YEAR = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = (r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
              r"|02-(?:0[1-9]|1[0-9]|2[0-8]))")
DATE_PATTERN = (rf"^\s*(?:{_YEAR}-(?:{_MONTH_DAY}|0[1-9]|1[0-2]|[Qq][1-4])|{_LEAP_YEAR}-02-29)\s*$")
RELATION_PATTERN = rf"^\s*(?:{_MINUS}(?: *{_MINUS})?|\+(?: *\+)?|[-+\u2013\u2212]? *[0-2])\s*$"
FREQUENCY_PATTERN = (
    rf"^\s*(?:{_words('weekly', 'monthly', 'quarterly', 'yearly', 'annually')}"
    rf"|{_NUMBER}\s*(?:{_MINUS}\s*{_NUMBER}\s*)?(?:/\s*{_words('year', 'yr', 'quarter', 'month', 'week')})?)\s*$"
)
STATUS_PATTERN = rf"^\s*{_words('open', 'done', 'dropped')}\s*$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
CURRENCY_PATTERN = r"^\s*[A-Z]{3}\s*$"
NONBLANK_PATTERN = r"\S"
RELATION_WORDS = ["--", "-", "0", "+", "++", "\u2013", "\u2013\u2013"]
ACTION_STATUS = ["open", "done", "dropped"]
UNKNOWN_WORDS = ["unknown", "?"]

_NULL = {"type": "null"}

from .scalars import _DATE_HELP, _FREQ_HELP, _MONEY_HELP, _RELATION_HELP  # noqa: E402  (saa check's words)

_PERCENT_HELP = "write 95% or 0.95"


def _either(*patterns: str) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _scalar_def(title: str, description: str, wrong: str, help_: str, types: list, pattern: str, examples: list,
            **numbers) -> dict:
    """A scalar written as a number or text: one schema (no anyOf), so an editor shows saa's message.

    ``pattern`` applies to text only and ``minimum``/``maximum`` to numbers only (JSON Schema);
    ``errorMessage`` is what yaml-language-server shows when the value does not fit,
    ``markdownDescription`` what it shows on hover and in completion.
    """
    return {
        "title": title,
        "description": description,
        "markdownDescription": f"**{title}.** {description}",
        "type": types,
        **numbers,
        "pattern": pattern,
        "errorMessage": f"{wrong}: {help_} (saa check says the same)",
        "examples": examples,
    }


# Reusable definitions, included in a file's $defs only when used there.
DEFS: dict[str, dict] = {
    "money": _scalar_def(
        "Money", "An amount: a number, or text such as 7M, \"$4.5M\", 200k, \"$240,000\" or \"EUR 4k\". "
                 "Optional $ € £ or ISO code; suffix k (thousand), M/m/mil (million), B/bn (billion). "
                 "Without a currency it is in the plan's currency.",
        "Not an amount of money", _MONEY_HELP, ["number", "string"], MONEY_PATTERN, ["7M", "$4.5M", "200k", "$240,000"]),
    "money_or_unknown": _scalar_def(
        "Money or unknown", "An amount (7M, \"$4.5M\", 200k), or unknown / \"?\" / empty when it is not known yet: "
                            "shown as unknown, never as 0.",
        "Not an amount of money", _MONEY_HELP + ", or unknown", ["number", "string"],
        _either(MONEY_PATTERN, UNKNOWN_PATTERN), ["7M", "unknown"]),
    "percent": _scalar_def(
        "Percent", "A percentage: \"95%\" or a fraction 0.95 (a number above 1 without % is an error).",
        "Not a percent", _PERCENT_HELP, ["number", "string"], PERCENT_PATTERN, ["25%", 0.25], minimum=0, maximum=1),
    "probability": _scalar_def(
        "Probability", "A probability: \"95%\" or a fraction 0.95, at most 100%.",
        "Not a probability", "write 0% to 100%, e.g. 60% or 0.6", ["number", "string"], PROBABILITY_PATTERN,
        ["95%", 0.5], minimum=0, maximum=1),
    "date": _scalar_def(
        "Date", "A date: 2027-03-31, 2027-03 (the last day of that month) or 2027-Q1 (the last day of that quarter).",
        "Not a date (or not a day of the calendar)", _DATE_HELP, ["string"], DATE_PATTERN,
        ["2027-03-31", "2027-03", "2027-Q1"]),
    "relation": _scalar_def(
        "Relation score", "How good our relationship is: \"--\" hostile, \"-\" negative, \"0\" neutral, \"+\" positive, "
                          "\"++\" strong (quote them: an unquoted - is YAML list syntax), or an integer -2..2.",
        "Not a relation score", _RELATION_HELP, ["integer", "string"], RELATION_PATTERN, ["+", "0", "++", "-", "--"],
        minimum=-2, maximum=2),
    "frequency": _scalar_def(
        "Frequency", "How often: 15/year, 1-2/year (the midpoint), 2/month, 1/week, 1/quarter, weekly, monthly, "
                     "quarterly or yearly; a bare number is meetings per year.",
        "Not a frequency", _FREQ_HELP, ["number", "string"], FREQUENCY_PATTERN, ["15/year", "1-2/year", "monthly"],
        minimum=0),
    "quantity": _scalar_def(
        "Quantity", "A number (2000), money (200k, \"$4k\") or percent (\"3%\").",
        "Not a number, an amount or a percent", "write 2000, 200k, \"$4k\" or 3%", ["number", "string"],
        _either(MONEY_PATTERN, PERCENT_PATTERN), [2000, "$4k", "3%"]),
    "action": {
        "title": "Action",
        "description": "An action: a sentence (an open action with no owner and no date), "
                       "or {do, owner, due, status}.",
        "anyOf": [
            {"type": "string", "pattern": NONBLANK_PATTERN},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["do"],
                "properties": {
                    "do": {
                        "title": "Do",
                        "description": "What is to be done",
                        "type": "string",
                        "pattern": NONBLANK_PATTERN,
                    },
                    "owner": {
                        "title": "Owner",
                        "description": "Who does it: a member of team in account.yaml",
                        "type": ["string", "null"],
                    },
                    "due": {
                        "title": "Due",
                        "description": "When it is due: 2027-03-31, 2027-03 or 2027-Q1; an open action past it is overdue",
                        "anyOf": [{"$ref": "#/$defs/date"}, _NULL],
                    },
                    "status": {
                        "title": "Status",
                        "description": "open, done or dropped (default open)",
                        "anyOf": [
                            {"type": "string", "enum": ACTION_STATUS},
                            {"type": "string", "pattern": STATUS_PATTERN},
                            _NULL,
                        ],
                        "default": "open",
                    },
                },
            },
        ],
    },
}
_DEF_DEPS = {"action": ("date",)}

_KIND_DEF = {
    "money": "money", "money?": "money_or_unknown", "percent": "percent", "probability": "probability",
    "date": "date", "relation": "relation", "frequency": "frequency", "quantity": "quantity", "action": "action",
}

_TITLE_WORDS = {"id": "ID", "kano": "KANO", "swot": "SWOT", "fx": "FX", "rag": "RAG"}


def _humanize(key: str) -> str:
    words = str(key).replace("-", "_").split("_")
    out = [_TITLE_WORDS.get(w, w) for w in words if w]
    if not out:
        return str(key)
    first = out[0]
    out[0] = first if first.isupper() else first[:1].upper() + first[1:]
    return " ".join(out)


def _sentence(s: str, spec: Spec | None = None) -> str:
    """Capitalised, unless the text starts with a value that must be written as is (incumbent, short...)."""
    s = s.strip()
    first = s.replace(",", " ").replace("(", " ").split()[0] if s.split() else ""
    if spec is not None and first in spec.enum:
        return s
    return s[:1].upper() + s[1:] if s else s


class SchemaBuilder:
    """Turns one :class:`Spec` tree into a schema, collecting the $defs it uses."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def use(self, name: str) -> dict:
        self.used.add(name)
        for dep in _DEF_DEPS.get(name, ()):
            self.use(dep)
        return {"$ref": f"#/$defs/{name}"}

    def annotate(self, schema: dict, title: str, spec: Spec) -> dict:
        out = {"title": title, "description": _sentence(spec.doc, spec) or title}
        out.update(schema)
        return out

    def node(self, spec: Spec, nullable: bool) -> dict:
        """The schema of a value of ``spec`` (without title/description)."""
        s = self.bare(spec)
        if not nullable:
            # a $ref next to title/description is fine in 2020-12; allOf keeps older readers right too
            return {"allOf": [s]} if "$ref" in s else s
        t = s.get("type")
        if "enum" in s:
            s = {**s, "enum": list(s["enum"]) + ([None] if None not in s["enum"] else [])}
            if isinstance(t, str):
                s["type"] = [t, "null"]
            return s
        if isinstance(t, str) and not any(k in s for k in ("anyOf", "$ref", "oneOf")):
            return {**s, "type": [t, "null"]}
        if isinstance(t, list) and not any(k in s for k in ("anyOf", "$ref", "oneOf")):
            return s if "null" in t else {**s, "type": t + ["null"]}
        if "anyOf" in s and len(s) == 1:
            return {"anyOf": s["anyOf"] + [_NULL]}
        return {"anyOf": [s, _NULL]}

    def bare(self, spec: Spec) -> dict:
        kind = spec.kind
        if kind == "object":
            props = {}
            for name, sub in spec.fields.items():
                props[name] = self.annotate(self.node(sub, nullable=not sub.required), _humanize(name), sub)
            s: dict = {"type": "object", "additionalProperties": False}
            req = [name for name, sub in spec.fields.items() if sub.required]
            if req:
                s["required"] = req
            s["properties"] = props
            return s
        if kind == "list":
            item = spec.items
            assert item is not None  # a list spec always says what its items are
            array = {"type": "array",
                     "items": self.annotate(self.node(item, nullable=True), _sentence(item.title) or "Item", item)}
            if item.kind == "text":
                # one text where a list of texts goes is read as a list of one
                return {"anyOf": [array, {"type": ["string", "number"]}]}
            return array
        if kind == "map":
            val = spec.values
            assert val is not None  # a map spec always says what its values are
            return {"type": "object",
                    "additionalProperties": self.annotate(self.node(val, nullable=True),
                                                          _sentence(val.title) or "Value", val)}
        if kind in ("text", "formula"):
            if spec.required:
                return {"anyOf": [{"type": "string", "pattern": NONBLANK_PATTERN}, {"type": "number"}]}
            return {"type": ["string", "number"]}
        if kind == "slug":
            return {"type": "string", "pattern": SLUG_PATTERN}
        if kind == "currency":
            return {"type": "string", "pattern": CURRENCY_PATTERN, "examples": ["USD", "EUR", "GBP"]}
        if kind in ("int", "score", "number"):
            s = {"type": "number" if kind == "number" else "integer"}
            lo, hi = (spec.lo, spec.hi) if kind != "score" else (1 if spec.lo is None else spec.lo,
                                                                5 if spec.hi is None else spec.hi)
            if lo is not None:
                s["minimum"] = lo
            if hi is not None:
                s["maximum"] = hi
            return s
        if kind == "rate":
            return {"type": "number", "exclusiveMinimum": 0}
        if kind == "bool":
            return {"type": "boolean"}
        if kind == "enum":
            return {"type": "string", "enum": list(spec.enum)}
        if kind in _KIND_DEF:
            return self.use(_KIND_DEF[kind])
        raise ValueError(f"no JSON Schema for kind {kind!r}")


def _file_title(filename: str) -> str:
    step = FILES[filename][0]
    if step is None:
        return f"SAA account header ({filename})"
    return f"SAA step {step}: {STEP_NAMES[step]} ({filename})"


def schema_for(filename: str, config=None) -> dict:
    """The JSON Schema of one plan file, e.g. ``schema_for("02-network.yaml")``.

    ``config`` (a :class:`saa.config.Config`) adds the company's custom fields.
    """
    if filename not in FILES:
        raise KeyError(f"not a plan file: {filename}; plan files are {', '.join(FILES)}")
    from .config import files_for

    _step, spec = files_for(config)[filename]
    b = SchemaBuilder()
    body = b.bare(spec)
    out: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": BASE_ID + schema_name(filename),
        "title": _file_title(filename),
        "description": _sentence(spec.doc) + " Generated by `saa schema` from the plan model; "
                                             "`saa check` adds the rules between files.",
    }
    out.update(body)
    if b.used:
        out["$defs"] = {name: DEFS[name] for name in DEFS if name in b.used}
    return out


def config_schema() -> dict:
    """The JSON Schema of the configuration file ``saa.yaml`` (``saa.schema.json``)."""
    from .config import CONFIG_SPEC, SCHEMA_NAME, known_rules

    b = SchemaBuilder()
    body = b.bare(CONFIG_SPEC)
    rules = body["properties"]["rules"]
    rules["propertyNames"] = {"enum": sorted(known_rules())}
    out: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": BASE_ID + SCHEMA_NAME,
        "title": "SAA configuration (saa.yaml)",
        "description": "A company's own method for every plan of the repository: gates, rules, challenge, "
                       "currency, custom fields, steps. Generated by `saa schema`; `saa config` shows what is in force.",
    }
    out.update(body)
    if b.used:
        out["$defs"] = {name: DEFS[name] for name in DEFS if name in b.used}
    return out


def all_schemas(config=None) -> dict:
    """Every plan file's schema, by schema file name (``account.schema.json``...), in plan order,
    then the configuration's (``saa.schema.json``). ``config`` adds the company's custom fields."""
    from .config import SCHEMA_NAME

    out = {schema_name(name): schema_for(name, config) for name in FILES}
    out[SCHEMA_NAME] = config_schema()
    return out


def dumps(schema: dict) -> str:
    """A schema as committed: indent 2, UTF-8 characters as they are, a trailing newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: str | os.PathLike, config=None) -> list[str]:
    """Write every schema into ``directory`` (created if needed); return the file names written."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    names = []
    for name, schema in all_schemas(config).items():
        write_text_atomic(d / name, dumps(schema))
        names.append(name)
    return names


def repo_schemas_dir() -> Path:
    """The committed ``schemas/`` folder at the top of the repository."""
    return Path(__file__).resolve().parent.parent / "schemas"


if __name__ == "__main__":  # python -m saa.schema [DIR]: regenerate the committed schemas
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else repo_schemas_dir()
    written = write_schemas(target)
    stale = sorted(p.name for p in target.glob("*.schema.json") if p.name not in written)
    for p in stale:
        (target / p).unlink()
    sys.stdout.write(f"wrote {len(written)} schemas in {target}" + (f"; removed {', '.join(stale)}" if stale else "") + "\n")
