"""A company's own method: ``saa.yaml`` at the root of a plans repository. Never prints.

The file is found as ruff and yamllint find theirs: from each plan folder (or,
for commands without a plan such as ``schema`` and ``new``, from the current
folder) up to the root of the repository (the folder holding ``.git``), the
first ``saa.yaml`` wins; ``--config FILE`` overrides the search; none found
means the built-in defaults (:data:`BUILTIN`), which are today's behaviour.

It is declared as a :class:`~saa.fileformat.Spec` like the plan files, so it is
validated by the same :class:`~saa.validate.Validator` (file:line:col findings)
and has its own JSON Schema (``saa.schema.json``). A configuration with errors
raises :class:`ConfigError`: every command stops with exit 2 and the findings.

What it decides, each in one function here:

- gates of ``saa check`` (:func:`gates`), the command line wins;
- rule severities and ``# saa: ignore[rule-id]`` (:func:`apply_rules`);
- challenge RAG thresholds (:func:`rag_for`: the plan's settings.rag, then saa.yaml,
  then built-in), the standard question set and the guiding questions;
- currency: report_in and exchange rates (:func:`rate_table`, the plan's settings.fx wins);
- custom fields of items (:func:`files_for`: the plan format with them added);
- required steps (:func:`required_steps`) and CRM stage names (:func:`deal_stage`).
"""

from __future__ import annotations

import os
import re
from dataclasses import field, replace
from .records import dataclass
from pathlib import Path

from .fileformat import FILES, Spec, lst, obj, of, text
from .findings import Finding, Loc
from .vocab import DEAL_STAGES, DIMENSIONS, GUIDE, QUESTIONS, STEP_FILES

CONFIG_NAME = "saa.yaml"
SCHEMA_NAME = "saa.schema.json"
SEVERITIES = ("off", "warning", "error")

# custom field types (the plan format's scalar forms) -> the Spec kind that reads them
FIELD_TYPES = {
    "text": "text", "number": "number", "money": "money", "percent": "percent", "date": "date",
    "relation": "relation", "frequency": "frequency", "one-of": "enum",
}
_FIELD_EXAMPLES = {"text": "Text", "number": 1, "money": "100k", "percent": "50%", "date": "2027-Q1",
                   "relation": "0", "frequency": "4/year"}

# the items a company may add fields to: config key -> (plan file, path of the item in the file, shown name)
ITEMS = {
    "account": ("account.yaml", (), "the account (account.yaml)"),
    "contacts": ("02-network.yaml", ("contacts",), "a contact (02-network.yaml)"),
    "value_opportunities": ("04-value-opportunities.yaml", ("value_opportunities",),
                            "a value opportunity (04-value-opportunities.yaml)"),
    "opportunities": ("08-opportunities.yaml", ("opportunities",), "an opportunity (08-opportunities.yaml)"),
    "capture_plans": ("09-capture-plans.yaml", ("capture_plans",), "a capture plan (09-capture-plans.yaml)"),
}

BUILTIN_RAG = (3.0, 4.0)

# rules the configuration adds (the registry gives their defaults; these are the fallbacks)
UNUSED_IGNORE = "unused-ignore"
MISSING_QUESTIONS = "missing-question"
OWN_RULES: dict = {UNUSED_IGNORE: "warning", MISSING_QUESTIONS: "off"}   # defaults the registry cannot say
CONFIGURABLE_KINDS = ("plan", "gate")

_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


# ---- the format of saa.yaml -------------------------------------------------

def _field_spec() -> Spec:
    return obj("a custom field", {
        "type": of("enum", "Its type: " + ", ".join(FIELD_TYPES) + " (one-of: a value of `values`)",
                   required=True, enum=tuple(FIELD_TYPES)),
        "values": lst(text("a value"), "with type one-of: the values allowed"),
        "required": of("bool", "Must every item have it? (default false)"),
        "description": text("What it means; shown in the editor, the skeleton and the schema"),
    })


CONFIG_SPEC = obj("saa.yaml: a company's own method for every plan of the repository", {
    "gates": obj("Defaults of `saa check`'s gates; flags on the command line win", {
        "min_completeness": of("number", "Fail plans less complete than this percent (--min-completeness)", lo=0, hi=100),
        "max_age": of("int", "Fail plans whose review.last is older than this many days (--max-age)", lo=0, hi=36600),
        "strict": of("bool", "Warnings fail too (--strict)"),
    }),
    "rules": Spec("map", "Severity per rule id: off, warning or error",
                  values=of("enum", "off, warning or error", enum=SEVERITIES)),
    "challenge": obj("Challenge scoring: colours, the standard question set, the guiding questions", {
        "rag": obj("Thresholds for the challenge colours (a plan's settings.rag wins)", {
            "red_below": of("number", "Scores below this are red (built-in 3.0)", lo=0, hi=5),
            "green_from": of("number", "Scores from this are green (built-in 4.0)", lo=0, hi=5),
        }),
        "questions": lst(obj("a category of the standard question set", {
            "category": text("The category", required=True),
            "questions": lst(text("a question"), "Its questions", required=True),
        }), "The standard question set: categories and their questions"),
        "guide": obj("The guiding questions of each dimension, asked while scoring", {
            "confidence": lst(text("a question"), "Confidence: why are we confident?"),
            "implications": lst(text("a question"), "Implications: how does this move the buying process?"),
            "actions": lst(text("a question"), "Actions: what do we do?"),
        }),
    }),
    "currency": obj("Reporting currency and exchange rates for every plan", {
        "report_in": of("currency", "ISO code of the currency portfolio totals and reviews are shown in"),
        "fx": Spec("map", "Exchange rates: ISO code to the rate into report_in (USD: 0.92); a plan's settings.fx wins",
                   values=of("rate", "rate into report_in")),
    }),
    "fields": obj("Custom fields a company adds to items, by item", {
        item: Spec("map", f"Custom fields of {shown}: name to definition", values=_field_spec())
        for item, (_f, _p, shown) in ITEMS.items()
    }),
    "steps": obj("The steps a company requires, and its CRM's stage names", {
        "required": lst(of("int", "a step number", lo=1, hi=10),
                        "The steps completeness and gates count (default: all ten); others are optional"),
        "crm_stages": Spec("map", "CRM stage name to the method's deal stage: " + ", ".join(DEAL_STAGES),
                           values=of("enum", "a deal stage", enum=DEAL_STAGES)),
    }),
})


# ---- the configuration in force ----------------------------------------------

@dataclass(frozen=True)
class FieldDef:
    item: str
    name: str
    type: str
    values: tuple = ()
    required: bool = False
    description: str = ""

    def spec(self) -> Spec:
        what = self.description or f"{self.name.replace('_', ' ')} (a custom field of this company, saa.yaml)"
        if self.type == "one-of":
            what += " (" + ", ".join(self.values) + ")"
            return Spec("enum", what, self.required, enum=tuple(self.values), example=self.values[0])
        return Spec(FIELD_TYPES[self.type], what, self.required, example=_FIELD_EXAMPLES.get(self.type))


@dataclass
class Config:
    """The configuration in force. ``where`` maps a setting ("gates.max_age") to where it was written."""

    path: str | None = None                       # saa.yaml as shown, None: built-in only
    min_completeness: float | None = None
    max_age: int | None = None
    strict: bool = False
    rules: dict = field(default_factory=dict)     # rule id -> off | warning | error (as written)
    rag: tuple | None = None                      # (red_below, green_from) when saa.yaml sets one; parts None
    questions: tuple = QUESTIONS
    guide: dict = field(default_factory=lambda: dict(GUIDE))
    report_in: str | None = None
    fx: dict = field(default_factory=dict)
    fields: dict = field(default_factory=dict)    # item -> {name: FieldDef}
    required: tuple = tuple(STEP_FILES)
    crm_stages: dict = field(default_factory=dict)
    where: dict = field(default_factory=dict)     # setting -> Loc in saa.yaml
    _files: dict | None = None
    text: str | None = field(default=None, repr=False, compare=False)   # saa.yaml as read (see saa.check.error_count)

    @property
    def files(self) -> dict:
        """The plan format with this company's custom fields (``FILES`` when there are none)."""
        if self._files is None:
            self._files = files_for(self)
        return self._files

    def severity(self, rule: str, default: str) -> str:
        return self.rules.get(rule, default)


BUILTIN = Config()


class ConfigError(Exception):
    """The configuration cannot be used: the command stops (exit 2) with these findings."""

    def __init__(self, findings: list, path: str):
        self.findings = findings
        self.path = path
        super().__init__(self.message())

    def message(self) -> str:
        n = len(self.findings)
        lines = [f"{self.path} is not a valid configuration ({n} error{'s' if n != 1 else ''}); "
                 "fix it (see docs/configuration.md) or name another with --config"]
        lines += [f"{f.path}:{f.line}:{f.column}: {f.severity}: {f.message} [{f.rule}]" for f in self.findings]
        return "\n".join(lines)


def known_rules() -> dict:
    """Rule id -> default severity (``off`` for the rules off unless saa.yaml turns them on), for every rule
    saa.yaml may configure: the registry's rules of the plan and gates, not those of the file format."""
    from .rules import REGISTRY

    out = {r.ID: r.SEVERITY for r in REGISTRY if r.KIND in CONFIGURABLE_KINDS}
    out.update({rid: sev for rid, sev in OWN_RULES.items() if rid in out or sev == "off"})
    return out


def format_rules() -> frozenset:
    """Rule ids of the file format itself (reading, YAML, types): never ignored, never configured."""
    from .rules import REGISTRY

    return frozenset(r.ID for r in REGISTRY if r.KIND in ("file", "schema"))


def parse(text_: str, shown: str) -> Config:
    """Read and validate the text of a saa.yaml. Raises :class:`ConfigError`."""
    from .validate import Validator
    from .yamlio import parse_text

    doc = parse_text(text_, shown)
    findings = list(doc.findings)
    if doc.data is None and not findings:
        return Config(path=shown)                # an empty saa.yaml: the defaults
    v = Validator(doc)
    clean = v.run(CONFIG_SPEC) if not findings else None
    findings += v.findings
    cfg = Config(path=shown)
    if isinstance(clean, dict):
        _read(cfg, clean, doc, findings, v.error_paths)
    if findings:
        raise ConfigError(findings, shown)
    return cfg


def _read(cfg: Config, d: dict, doc, findings: list, v_paths=()) -> None:
    def at(*path, key=False) -> Loc:
        return doc.loc(path, key=key)

    def err(loc: Loc, message: str) -> None:
        findings.append(loc.error("config", message))

    g = d.get("gates") or {}
    for k in ("min_completeness", "max_age", "strict"):
        if g.get(k) is not None:
            setattr(cfg, k, g[k])
            cfg.where[f"gates.{k}"] = at("gates", k)

    known = None
    for rid, sev in (d.get("rules") or {}).items():
        if sev is None:
            continue
        known = known if known is not None else known_rules()
        if rid not in known:
            from .validate import did_you_mean

            hint = did_you_mean(rid, known) or " (`saa rules` lists them)"
            findings.append(at("rules", rid, key=True).error(
                "config", f"unknown rule id '{rid}'{hint}"))
            continue
        cfg.rules[rid] = sev
        cfg.where[f"rules.{rid}"] = at("rules", rid)

    ch = d.get("challenge") or {}
    rag = ch.get("rag") or {}
    red, green = rag.get("red_below"), rag.get("green_from")
    if red is not None or green is not None:
        cfg.rag = (red, green)
        for k in ("red_below", "green_from"):
            if rag.get(k) is not None:
                cfg.where[f"challenge.rag.{k}"] = at("challenge", "rag", k)
        r = red if red is not None else BUILTIN_RAG[0]
        gr = green if green is not None else BUILTIN_RAG[1]
        if r > gr:
            err(at("challenge", "rag", "green_from" if green is not None else "red_below"),
                f"red_below ({r:g}) is above green_from ({gr:g}): nothing could be yellow; "
                "red_below must be at most green_from")
    if ch.get("questions"):
        sets = []
        seen: dict = {}
        for i, c in enumerate(ch["questions"]):
            if not c or not c.get("category"):
                continue
            if c["category"] in seen:
                err(at("challenge", "questions", i, "category"),
                    f"category '{c['category']}' is written twice (first at line {seen[c['category']]})")
                continue
            seen[c["category"]] = at("challenge", "questions", i, "category").line
            qs = tuple(q for q in c.get("questions") or [] if isinstance(q, str) and q.strip())
            if not qs:
                err(at("challenge", "questions", i, "questions", key=True),
                    f"category '{c['category']}' has no questions")
                continue
            sets.append((c["category"], qs))
        if sets:
            cfg.questions = tuple(sets)
            cfg.where["challenge.questions"] = at("challenge", "questions")
    guide = ch.get("guide") or {}
    cfg.guide = dict(GUIDE)
    for dim in DIMENSIONS:
        qs = tuple(q for q in guide.get(dim) or [] if isinstance(q, str) and q.strip())
        if qs:
            cfg.guide[dim] = qs
            cfg.where[f"challenge.guide.{dim}"] = at("challenge", "guide", dim)

    cur = d.get("currency") or {}
    if cur.get("report_in"):
        cfg.report_in = cur["report_in"]
        cfg.where["currency.report_in"] = at("currency", "report_in")
    fx = {k: v for k, v in (cur.get("fx") or {}).items() if v}
    for k in fx:
        if not re.fullmatch(r"[A-Z]{3}", str(k)):
            err(at("currency", "fx", k, key=True), f"'{k}' is not a currency: write an ISO code such as USD, EUR or GBP")
    if fx:
        cfg.fx = {k: v for k, v in fx.items() if re.fullmatch(r"[A-Z]{3}", str(k))}
        cfg.where["currency.fx"] = at("currency", "fx")

    for item, defs in (d.get("fields") or {}).items():
        builtin = _item_spec(FILES, item).fields
        out = {}
        for name, fd in (defs or {}).items():
            if fd == {} and not any(tuple(p[:3]) == ("fields", item, name) for p in v_paths):  # written empty
                err(at("fields", item, name, key=True), f"custom field '{name}' needs a type, e.g. {{type: text}}")
                continue
            if not fd or not fd.get("type"):
                continue
            loc = at("fields", item, name, key=True)
            if not _NAME.match(str(name)):
                err(loc, f"field name '{name}' should be lowercase letters, digits and _ (like crm_region)")
                continue
            if name in builtin:
                err(loc, f"'{name}' is a field of the plan format already; name the custom field otherwise")
                continue
            values = tuple(str(x) for x in fd.get("values") or [] if x is not None and str(x).strip())
            if fd["type"] == "one-of" and not values:
                err(at("fields", item, name, "type"), "type one-of needs `values`: the list of values allowed")
                continue
            if fd["type"] != "one-of" and fd.get("values"):
                err(at("fields", item, name, "values", key=True), "`values` goes with type one-of only")
                continue
            out[name] = FieldDef(item, name, fd["type"], values, bool(fd.get("required")), fd.get("description") or "")
            cfg.where[f"fields.{item}.{name}"] = loc
        if out:
            cfg.fields[item] = out

    st = d.get("steps") or {}
    if "required" in st:
        req = tuple(sorted({s for s in st["required"] if isinstance(s, int)}))
        if not req:
            err(at("steps", "required"), "steps.required names no step; name at least one (1..10)")
        else:
            cfg.required = req
            cfg.where["steps.required"] = at("steps", "required")
    crm = {}
    for name, stage in (st.get("crm_stages") or {}).items():
        if stage:
            key = stage_key(name)
            if key in crm:
                err(at("steps", "crm_stages", name, key=True),
                    f"CRM stage '{name}' is written twice (names compare without case, spaces and punctuation)")
                continue
            crm[key] = stage
    if crm:
        cfg.crm_stages = crm
        cfg.where["steps.crm_stages"] = at("steps", "crm_stages")


def load(path: str | os.PathLike, shown: str | None = None) -> Config:
    """Read a configuration file. Raises :class:`ConfigError` (it cannot be read or is not valid)."""
    from .yamlio import load_file

    shown = shown or str(path)
    p = Path(path)
    if p.is_dir():
        raise ConfigError([Finding(shown, 1, 1, "error", "config", "is a folder, not a configuration file")], shown)
    doc = load_file(p, shown)
    if not doc.exists:
        raise ConfigError([Finding(shown, 1, 1, "error", "config", "no such file")], shown)
    if doc.findings:
        raise ConfigError(list(doc.findings), shown)
    cfg = parse(doc.text or "", shown)
    cfg.text = doc.text or ""
    return cfg


# ---- finding saa.yaml --------------------------------------------------------

_explicit: str | None = None
_by_dir: dict = {}        # folder (resolved) -> saa.yaml path found from it, or None
_by_file: dict = {}       # saa.yaml path -> Config


def use(explicit: str | None = None) -> None:
    """Start a command: forget what was found before; ``explicit`` is --config FILE (or None: search)."""
    global _explicit
    _explicit = explicit
    _by_dir.clear()
    _by_file.clear()


def find(start: str | os.PathLike | None = None) -> Path | None:
    """The saa.yaml that applies to ``start`` (a folder; default the current one), or None.

    Walks up from ``start`` to the repository root (the folder holding ``.git``),
    or to the top of the file system outside a repository.
    """
    d = Path(os.path.abspath(start if start is not None else os.getcwd()))
    if d.is_file():
        d = d.parent
    seen = []
    found = None
    while True:
        if d in _by_dir:
            found = _by_dir[d]
            break
        seen.append(d)
        cand = d / CONFIG_NAME
        if cand.is_file():
            found = cand
            break
        if (d / ".git").exists() or d.parent == d:
            break
        d = d.parent
    for s in seen:
        _by_dir[s] = found
    return found


def _shown(p: Path) -> str:
    try:
        rel = os.path.relpath(p)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(p)
    return rel if not rel.startswith(".." + os.sep + "..") else str(p)


def config_for(folder: str | os.PathLike | None = None) -> Config:
    """The configuration in force for a plan folder (or the current folder). Raises :class:`ConfigError`."""
    if _explicit is not None:
        p = Path(_explicit)
        shown = _explicit
    else:
        found = find(folder)
        if found is None:
            return BUILTIN
        p = found
        shown = _shown(p)
    key = os.path.abspath(p)
    cfg = _by_file.get(key)
    if cfg is None:
        try:
            cfg = load(p, shown)
        except ConfigError as e:
            _by_file.pop(key, None)
            raise e
        _by_file[key] = cfg
    return cfg


# ---- the plan format with custom fields ---------------------------------------

def _item_spec(files: dict, item: str) -> Spec:
    name, path, _ = ITEMS[item]
    spec = files[name][1]
    for k in path:
        spec = spec.fields[k].items
    return spec


def _with_fields(spec: Spec, path: tuple, extra: dict) -> Spec:
    if not path:
        return replace(spec, fields={**spec.fields, **extra})
    sub = spec.fields[path[0]]
    return replace(spec, fields={**spec.fields, path[0]: replace(sub, items=_with_fields(sub.items, path[1:], extra))})


def files_for(cfg: Config | None) -> dict:
    """``FILES`` with the custom fields of ``cfg`` added to their items."""
    if cfg is None or not cfg.fields:
        return FILES
    out = dict(FILES)
    for item, defs in cfg.fields.items():
        name, path, _ = ITEMS[item]
        step, spec = out[name]
        out[name] = (step, _with_fields(spec, path, {n: fd.spec() for n, fd in defs.items()}))
    return out


# item -> (step, the key naming each item, how a row is labelled)
ITEM_KEYS = {"account": (None, None), "contacts": (2, "name"), "value_opportunities": (4, "id"),
             "opportunities": (8, "id"), "capture_plans": (9, "opportunity")}


def collect_custom(cfg: Config | None, clean: dict) -> dict:
    """The values of the custom fields, from the validated data of each file (``clean``: file name -> data).

    item -> {the item's key (its id, name or opportunity; None for the account): {field: value}}; what the
    loader keeps on :attr:`Plan.custom` for reports and ``--json``.
    """
    out: dict = {}
    if cfg is None or not cfg.fields:
        return out
    for item, defs in cfg.fields.items():
        name, path, _ = ITEMS[item]
        data = clean.get(name) or {}
        if not isinstance(data, dict):
            continue
        if not path:
            out[item] = {None: {n: data.get(n) for n in defs}}
            continue
        key = ITEM_KEYS[item][1]
        found: dict = {}
        for it in data.get(path[0]) or []:
            if isinstance(it, dict) and it.get(key) is not None:
                found.setdefault(it[key], {n: it.get(n) for n in defs})
        out[item] = found
    return out


def json_value(v):
    """A custom field's value as JSON holds it (dates as ISO text)."""
    import datetime as _dt

    return v.isoformat() if isinstance(v, _dt.date) else v


def custom_rows(plan, item: str) -> tuple:
    """(field definitions, [(item label, {name: value})]) of an item kind with custom fields; ([], []) without."""
    cfg = getattr(plan, "config", None) or BUILTIN
    defs = list((cfg.fields.get(item) or {}).values())
    if not defs:
        return [], []
    values = (getattr(plan, "custom", None) or {}).get(item) or {}
    if item == "account":
        return defs, [(plan.account, values.get(None) or {d.name: None for d in defs})]
    return defs, list(values.items())


def custom_fields_by_id(plan, item: str, key: str | None = None) -> dict:
    """Item key (id, name or opportunity) -> {custom field: value}, for the items of a kind with custom fields."""
    return dict(((getattr(plan, "custom", None) or {}).get(item) or {}))


def _plan_settings(plan, key: str) -> dict:
    """What the plan's account.yaml writes under settings.KEY (as written; {} when nothing or not a mapping)."""
    data = plan.doc("account.yaml").data if plan.has("account.yaml") else None
    settings = data.get("settings") if isinstance(data, dict) else None
    v = settings.get(key) if isinstance(settings, dict) else None
    return v if isinstance(v, dict) else {}


# ---- the decisions ----------------------------------------------------------------

def rag_for(plan_rag: dict | None, cfg: Config | None) -> tuple:
    """(red_below, green_from): each from the plan's settings.rag, else saa.yaml, else built-in."""
    plan_rag = plan_rag or {}
    cr = (cfg.rag if cfg is not None and cfg.rag is not None else (None, None))
    out = []
    for i, k in enumerate(("red_below", "green_from")):
        v = plan_rag.get(k)
        if v is None:
            v = cr[i]
        out.append(BUILTIN_RAG[i] if v is None else v)
    return tuple(out)


def rate_table(plan_currency: str, plan_fx: dict | None, cfg: Config | None, into: str | None = None) -> dict:
    """Exchange rates of a plan: ISO code -> how much 1 unit is worth in ``into``.

    ``into`` defaults to the plan's currency. The plan's own settings.fx (rates
    into its currency) win; saa.yaml's currency.fx (rates into report_in) give
    the others, crossed through report_in when the plan's currency differs.
    ``into`` itself is 1.0; a currency no rate reaches is left out.
    """
    base: dict = {}
    if cfg is not None and cfg.fx is not None:
        base = dict(cfg.fx)
        if cfg.report_in:
            base[cfg.report_in] = 1.0
    table: dict = {plan_currency: 1.0}
    if plan_currency in base:                     # saa.yaml rates, crossed into the plan's currency
        for k, r in base.items():
            table[k] = r / base[plan_currency]
    for k, r in (plan_fx or {}).items():          # the plan's own rates win
        if r:
            table[k] = float(r)
    table[plan_currency] = 1.0
    into = into or plan_currency
    if into == plan_currency:
        return table
    if into in table:
        r = table[into]
        return {k: v / r for k, v in table.items()}
    if into in base:                               # into report_in through saa.yaml's rates
        out = {k: v * base[plan_currency] / base[into] for k, v in table.items()} if plan_currency in base else {}
        return out
    return {}


def plan_rates(plan, into: str | None = None) -> dict:
    """The rate table of a loaded plan into ``into`` (default: saa.yaml's report_in, else the plan's currency).

    What the portfolio review uses to show every plan in one currency.
    """
    cfg = getattr(plan, "config", None) or BUILTIN
    # plan.fx is already the merged table into the plan's currency (its own settings.fx winning)
    return rate_table(plan.currency, plan.fx, cfg, into or cfg.report_in or plan.currency)


def required_steps(plan) -> tuple:
    cfg = getattr(plan, "config", None) or BUILTIN
    return cfg.required


def stage_key(name) -> str:
    """A CRM stage name as compared: lowercase letters and digits only ("Closed Won" = "closed-won")."""
    return re.sub(r"[^0-9a-z]+", "", str(name).lower())


def crm_stage_map(cfg: Config | None) -> dict:
    """saa.yaml's ``steps.crm_stages``: CRM stage name (as :func:`stage_key` compares it) -> the method's stage.

    ``saa import crm`` lays it over its built-in Salesforce and HubSpot table; ``--stage`` wins over both.
    """
    return dict(cfg.crm_stages) if cfg is not None else {}


def deal_stage(name, cfg: Config | None = None) -> str | None:
    """The method's deal stage for a CRM stage name (case, spaces and punctuation ignored), or None.

    saa.yaml's ``steps.crm_stages`` first; a name that is one of the method's stages maps to itself.
    """
    if name is None:
        return None
    key = stage_key(name)
    if cfg is not None and key in cfg.crm_stages:
        return cfg.crm_stages[key]
    return next((s for s in DEAL_STAGES if stage_key(s) == key), None)


def gates(cfg: Config, min_completeness=None, max_age=None, strict=None) -> dict:
    """The gates of ``saa check``: a flag given on the command line wins over saa.yaml."""
    return {
        "min_completeness": min_completeness if min_completeness is not None else cfg.min_completeness,
        "max_age": max_age if max_age is not None else cfg.max_age,
        "strict": strict if strict is not None else cfg.strict,
    }


# ---- rules: severities and suppression comments ------------------------------------

_IGNORE = re.compile(r"(?:^|\s)#\s*saa:\s*ignore\[([^\]\n]*)\]")


def ignores(text_: str | None) -> list:
    """``(line, column, [rule ids])`` of every ``# saa: ignore[rule-id, ...]`` comment in a file's text."""
    if not text_ or "saa:" not in text_:
        return []
    out = []
    for n, line in enumerate(text_.split("\n"), 1):
        if "saa:" not in line:
            continue
        for m in _IGNORE.finditer(line):
            ids = [x.strip() for x in m.group(1).split(",") if x.strip()]
            out.append((n, m.start() + (1 if line[m.start()] != "#" else 0) + 1, ids))
    return out


def apply_rules(plan, found: list, cfg: Config | None = None) -> list:
    """``found`` after the ignore comments of the plan's files and the severities of saa.yaml.

    A finding on a line carrying ``# saa: ignore[its-rule]`` is dropped; an ignore
    that drops nothing is itself a finding (unused-ignore). Then a rule set to
    ``off`` is dropped and ``warning``/``error`` set the severity.
    """
    cfg = cfg or getattr(plan, "config", None) or BUILTIN
    defaults = None
    by_place: dict = {}
    for doc in plan.docs.values():
        if doc is None or not doc.exists:
            continue
        for line, col, ids in ignores(doc.text):
            by_place[(doc.path, line)] = [col, ids, set()]
    kept = []
    if by_place:
        known = known_rules()
        for f in found:
            entry = by_place.get((f.path, f.line))
            if entry is not None and f.rule in entry[1] and f.rule in known:
                entry[2].add(f.rule)
                continue
            kept.append(f)
        for (path, line), (col, ids, used) in by_place.items():
            if not ids:
                kept.append(Finding(path, line, col, OWN_RULES[UNUSED_IGNORE], UNUSED_IGNORE,
                                    "`# saa: ignore[]` names no rule id; write # saa: ignore[rule-id]"))
                continue
            for rid in ids:
                if rid in used:
                    continue
                if rid in format_rules():
                    msg = (f"`# saa: ignore[{rid}]`: '{rid}' is an error of the file format; "
                           "it cannot be ignored, fix it")
                elif rid not in known:
                    from .validate import did_you_mean

                    msg = (f"`# saa: ignore[{rid}]`: '{rid}' is not a rule id"
                           f"{did_you_mean(rid, known)}; `saa rules` lists them")
                else:
                    msg = f"`# saa: ignore[{rid}]` suppresses nothing on this line"
                kept.append(Finding(path, line, col, OWN_RULES[UNUSED_IGNORE], UNUSED_IGNORE, msg))
    else:
        kept = list(found)
    out = []
    for f in kept:
        sev = cfg.rules.get(f.rule)
        if sev is None:
            if defaults is None:
                defaults = known_rules()
            if defaults.get(f.rule) == "off" and f.rule in OWN_RULES:
                continue
            out.append(f)
        elif sev == "off":
            continue
        elif sev != f.severity:
            out.append(replace(f, severity=sev))
        else:
            out.append(f)
    return out


# ---- what is in force, and where it comes from (saa config) ----------------------------

@dataclass
class Setting:
    key: str
    value: object
    source: str           # built-in | saa.yaml | plan | command line
    where: str | None = None   # path:line of the value when it was written

    def as_dict(self) -> dict:
        return {"key": self.key, "value": self.value, "source": self.source, "where": self.where}


def settings(cfg: Config, plan=None, flags: dict | None = None) -> list:
    """Every setting in force for ``plan`` (or none), with where it comes from."""
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    out: list[Setting] = []

    def add(key, value, plan_loc=None, flag=None):
        if flag is not None and flag in flags:
            out.append(Setting(key, flags[flag], "command line", f"--{flag.replace('_', '-')}"))
        elif plan_loc is not None:
            out.append(Setting(key, value, "plan", f"{plan_loc.path}:{plan_loc.line}"))
        elif key in cfg.where or any(k.startswith(key + ".") for k in cfg.where):
            loc = cfg.where.get(key)
            out.append(Setting(key, value, "saa.yaml", f"{loc.path}:{loc.line}" if loc else cfg.path))
        else:
            out.append(Setting(key, value, "built-in"))

    out.append(Setting("config", cfg.path, "saa.yaml" if cfg.path else "built-in", cfg.path))
    for k in ("min_completeness", "max_age", "strict"):
        add(f"gates.{k}", getattr(cfg, k), flag=k)
    known = known_rules()
    for rid in sorted(known):
        sev = cfg.rules.get(rid, known[rid])
        add(f"rules.{rid}", sev)
    rag = _plan_settings(plan, "rag") if plan is not None else {}
    values = rag_for(rag, cfg) if plan is None else plan.rag
    for i, k in enumerate(("red_below", "green_from")):
        ploc = plan.doc("account.yaml").loc(("settings", "rag", k)) if rag.get(k) is not None else None
        add(f"challenge.rag.{k}", values[i], ploc)
    add("challenge.questions", [{"category": c, "questions": list(qs)} for c, qs in cfg.questions])
    for dim in DIMENSIONS:
        add(f"challenge.guide.{dim}", list(cfg.guide[dim]))
    report_in = cfg.report_in
    add("currency.report_in", report_in)
    if plan is not None:
        plan_fx = _plan_settings(plan, "fx")
        table = {**plan.fx, plan.currency: 1.0}
        for k in sorted(table):
            if k == plan.currency:
                continue
            if k in plan_fx:
                add(f"currency.fx.{k}", table[k], plan.doc("account.yaml").loc(("settings", "fx", k)))
            else:
                loc = cfg.where.get("currency.fx")
                out.append(Setting(f"currency.fx.{k}", table[k], "saa.yaml", f"{loc.path}:{loc.line}" if loc else None))
    else:
        for k in sorted(cfg.fx):
            loc = cfg.where.get("currency.fx")
            out.append(Setting(f"currency.fx.{k}", cfg.fx[k], "saa.yaml", f"{loc.path}:{loc.line}" if loc else None))
    for item, defs in cfg.fields.items():
        for name, fd in defs.items():
            d = {"type": fd.type, "required": fd.required}
            if fd.values:
                d["values"] = list(fd.values)
            if fd.description:
                d["description"] = fd.description
            add(f"fields.{item}.{name}", d)
    add("steps.required", list(cfg.required))
    add("steps.crm_stages", dict(cfg.crm_stages))
    return out
