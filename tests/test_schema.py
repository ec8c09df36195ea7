"""JSON Schemas: valid Draft 2020-12, guidance on every property, committed copies up to date,
and in agreement with saa's own validator on the shipped plans and on bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from saa.cli import app
from saa.fileformat import FILES, Spec, schema_name
from saa.schema import all_schemas, dumps, schema_for
from saa.validate import ValidationContext, validate
from saa.yamlio import parse_text
from conftest import ROOT

runner = CliRunner()
NAMES = list(FILES)


def jsonschema_errors(filename: str, data) -> list[str]:
    v = Draft202012Validator(schema_for(filename))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(data)]


def saa_errors(filename: str, text: str) -> list[str]:
    doc = parse_text(text, filename)
    assert not doc.findings, doc.findings
    # exchange rates as account.yaml would give them, so that "€1.2M" is a money
    _clean, findings = validate(doc, FILES[filename][1], ValidationContext("USD", {"EUR": 1.08, "GBP": 1.27}))
    return [f"{f.line}:{f.column}: {f.message} [{f.rule}]" for f in findings if f.severity == "error"]


def both(filename: str, text: str) -> tuple[list, list]:
    return jsonschema_errors(filename, parse_text(text, filename).data), saa_errors(filename, text)


# ---- the schemas themselves -------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_draft_2020_12(name):
    s = schema_for(name)
    Draft202012Validator.check_schema(s)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["$id"] == f"https://saa.dev/schemas/v1/{schema_name(name)}"
    assert s["title"] and name in s["title"]
    assert s["description"]
    assert s["type"] == "object" and s["additionalProperties"] is False


def _walk(node, path="#"):
    """Every (path, schema) that sits under 'properties', 'items' or 'additionalProperties'."""
    if isinstance(node, dict):
        for key, sub in (node.get("properties") or {}).items():
            yield f"{path}/properties/{key}", sub
        for k in ("items", "additionalProperties"):
            if isinstance(node.get(k), dict):
                yield f"{path}/{k}", node[k]
        for k, v in node.items():
            if isinstance(v, dict):
                yield from _walk(v, f"{path}/{k}")
            elif isinstance(v, list):
                for i, x in enumerate(v):
                    yield from _walk(x, f"{path}/{k}/{i}")


@pytest.mark.parametrize("name", NAMES)
def test_every_property_has_title_and_description(name):
    seen = 0
    for path, sub in _walk(schema_for(name)):
        seen += 1
        assert isinstance(sub.get("title"), str) and sub["title"].strip(), f"{name} {path}: no title"
        assert isinstance(sub.get("description"), str) and sub["description"].strip(), f"{name} {path}: no description"
    assert seen > 3


def _model_paths(spec: Spec, path=()):
    for name, sub in spec.fields.items():
        yield path + (name,), sub
        if sub.kind == "object":
            yield from _model_paths(sub, path + (name,))
        elif sub.kind == "list" and sub.items is not None and sub.items.kind == "object":
            yield from _model_paths(sub.items, path + (name, "[]"))


def _schema_at(schema: dict, path: tuple) -> dict:
    node = schema
    for p in path:
        if p == "[]":
            node = node["items"]
        else:
            node = node["properties"][p]
    return node


@pytest.mark.parametrize("name", NAMES)
def test_schema_mirrors_the_model(name):
    """Every field of the model is a property with the model's doc; required keys are required."""
    schema = schema_for(name)
    spec = FILES[name][1]
    for path, sub in _model_paths(spec):
        node = _schema_at(schema, path)
        assert node["description"].lower() == sub.doc.lower(), path
    for path, sub in [((), spec)] + list(_model_paths(spec)):
        target = sub.items if sub.kind == "list" else sub
        if target is None or target.kind != "object":
            continue
        node = _schema_at(schema, path + (("[]",) if sub.kind == "list" else ()))
        assert sorted(node.get("required", [])) == sorted(k for k, f in target.fields.items() if f.required), path
        assert node["additionalProperties"] is False
        assert list(node["properties"]) == list(target.fields)


def test_all_schemas_names_in_plan_order():
    assert list(all_schemas()) == (["account.schema.json"] + [schema_name(n) for n in NAMES[1:]]
                                   + ["saa.schema.json"])   # the configuration's (saa.yaml) last
    assert list(all_schemas())[1] == "01-customer-profile.schema.json"


# ---- `saa schema` and the committed copies ------------------------------------------

def test_cli_schema_out_writes_one_file_per_plan_file(tmp_path):
    out = tmp_path / "deep" / "schemas"
    r = runner.invoke(app, ["schema", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "wrote 12 schemas" in r.stdout      # 11 plan files and saa.yaml
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(all_schemas())
    assert len(files) == 12
    for name, schema in all_schemas().items():
        text = (out / name).read_text(encoding="utf-8")
        assert text.endswith("}\n") and not text.endswith("\n\n")
        assert text.startswith('{\n  "$schema"')
        assert json.loads(text) == schema


def test_cli_schema_prints_every_schema_as_json():
    r = runner.invoke(app, ["schema"])
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data == all_schemas()


def test_cli_schema_out_to_a_file_exits_2(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    r = runner.invoke(app, ["schema", "--out", str(f)])
    assert r.exit_code == 2


def test_committed_schemas_are_up_to_date():
    """schemas/ is what `python -m saa.schema` writes; regenerate it after changing saa/model.py."""
    folder = ROOT / "schemas"
    committed = sorted(p.name for p in folder.glob("*.json"))
    assert committed == sorted(all_schemas()), "run `python -m saa.schema` to regenerate schemas/"
    for name, schema in all_schemas().items():
        assert (folder / name).read_text(encoding="utf-8") == dumps(schema), \
            f"schemas/{name} is stale: run `python -m saa.schema`"


def test_python_m_saa_schema_regenerates(tmp_path):
    r = subprocess.run([sys.executable, "-m", "saa.schema", str(tmp_path / "s")], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == sorted(all_schemas())
    (tmp_path / "s" / "old.schema.json").write_text("{}")
    r = subprocess.run([sys.executable, "-m", "saa.schema", str(tmp_path / "s")], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "removed old.schema.json" in r.stdout


# ---- agreement with saa's validator ---------------------------------------------------

SHIPPED = sorted(p for p in (ROOT / "plans").glob("*/*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_plans_validate_against_the_schemas(path):
    data = parse_text(path.read_text(encoding="utf-8"), str(path)).data
    assert jsonschema_errors(path.name, data) == []


def test_shipped_plans_exist():
    assert len(SHIPPED) >= 9


NEGATIVE = [
    ("unknown key", "02-network.yaml", "contacts:\n  - name: A\n    titel: VP\n"),
    ("unknown top-level key", "08-opportunities.yaml", "oportunities: []\n"),
    ("unknown key in an action", "08-opportunities.yaml",
     "opportunities:\n  - id: a\n    name: A\n    actions:\n      - {do: x, who: Ann}\n"),
    ("score 6", "10-challenge.yaml",
     "challenges:\n  - opportunity: a\n    categories:\n      - name: C\n        questions:\n"
     "          - question: Q\n            team: {confidence: 6, implications: 3, actions: 3}\n"),
    ("score 0 in differentiation", "05-competition.yaml", "differentiation:\n  - driver: D\n    us: 0\n"),
    ("bad date", "08-opportunities.yaml", "opportunities:\n  - id: a\n    name: A\n    decision: 2027-13-01\n"),
    ("date with slashes", "account.yaml", "account: X\nreview:\n  last: 2026/10/15\n"),
    ("bad quarter", "09-capture-plans.yaml", "capture_plans:\n  - opportunity: a\n    decision_date: 2027-Q5\n"),
    ("missing required key", "account.yaml", "industry: Telecom\n"),
    ("missing required key in a list", "account.yaml", "account: X\nteam:\n  - function: Sales\n"),
    ("required key empty", "02-network.yaml", "allies:\n  - ally: A\n    target:\n"),
    ("action without do", "01-customer-profile.yaml",
     "implications:\n  - implication: I\n    actions:\n      - {owner: Ann}\n"),
    ("bad action status", "08-opportunities.yaml",
     "opportunities:\n  - id: a\n    name: A\n    actions:\n      - {do: x, status: finished}\n"),
    ("bad enum", "08-opportunities.yaml", "opportunities:\n  - id: a\n    name: A\n    stage: closing\n"),
    ("bad slug", "08-opportunities.yaml", "opportunities:\n  - id: ASIC Port\n    name: A\n"),
    ("bad currency", "account.yaml", "account: X\ncurrency: dollars\n"),
    ("relation out of range", "02-network.yaml", "contacts:\n  - name: A\n    relation: 3\n"),
    ("relation word", "02-network.yaml", "contacts:\n  - name: A\n    relation: good\n"),
    ("percent above 1 without %", "07-goals-strategy.yaml", "time_allocation:\n  sales_opportunities: 40\n"),
    ("probability above 100%", "08-opportunities.yaml", "opportunities:\n  - id: a\n    name: A\n    probability: 120%\n"),
    ("money that is not money", "04-value-opportunities.yaml",
     "value_opportunities:\n  - id: a\n    opportunity: O\n    quantification:\n      formula: x\n      claimed: lots\n"),
    ("unknown is not allowed for claimed", "04-value-opportunities.yaml",
     "value_opportunities:\n  - id: a\n    opportunity: O\n    quantification:\n      formula: x\n      claimed: unknown\n"),
    ("value that is not money", "08-opportunities.yaml", "opportunities:\n  - id: a\n    name: A\n    value: a lot\n"),
    ("frequency", "02-network.yaml", "contacts:\n  - name: A\n    meeting_frequency: often\n"),
    ("link level 3", "02-network.yaml", "contacts:\n  - name: A\n    link_level: 3\n"),
    ("perception 5", "06-value-buyers.yaml", "value_buyers:\n  - process: P\n    contact: C\n    perception: 5\n"),
    ("list where a mapping belongs", "account.yaml", "account: X\nreview: [a, b]\n"),
    ("text where a list of mappings belongs", "02-network.yaml", "contacts: Big\n"),
    ("negative fx rate", "account.yaml", "account: X\nsettings:\n  fx: {EUR: -1}\n"),
    ("top level is a list", "02-network.yaml", "- name: A\n"),
]


@pytest.mark.parametrize("why,name,text", NEGATIVE, ids=[n[0] for n in NEGATIVE])
def test_both_validators_reject(why, name, text):
    js, own = both(name, text)
    assert js, f"jsonschema accepts {why}"
    assert own, f"saa.validate accepts {why}"


POSITIVE = [
    ("money forms", "08-opportunities.yaml",
     "opportunities:\n" + "".join(f"  - {{id: a{i}, name: A, value: {v}}}\n" for i, v in enumerate(
         ["7M", '"$4.5M"', "200k", '"$240,000"', "1.5bn", "2B", "3mil", "12m", "4500000", "0", '"€1.2M"',
          '"£300k"', '"USD 4k"', '"EUR 1,000"', "unknown", '"?"', "null", "2.5"]))),
    ("percent forms", "07-goals-strategy.yaml",
     "time_allocation:\n  sales_opportunities: 40%\n  customer_knowledge: 0.15\n  build_relationships: '25%'\n"
     "  position_value: 10.5%\n  internal_alignment: 0.095\n"),
    ("probability forms", "08-opportunities.yaml",
     "opportunities:\n" + "".join(f"  - {{id: a{i}, name: A, probability: {v}}}\n" for i, v in enumerate(
         ["95%", "0.95", "100%", "0%", "1", "0", "12.5%"]))),
    ("date forms", "07-goals-strategy.yaml",
     "goals:\n" + "".join(f"  - {{goal: G, by: {v}}}\n" for v in ["2027-03-31", "2027-03", "2027-Q1", "2027-Q4"])),
    ("relation forms", "02-network.yaml",
     "contacts:\n" + "".join(f"  - {{name: c{i}, relation: {v}}}\n" for i, v in enumerate(
         ['"--"', '"-"', '"0"', '"+"', '"++"', '"–"', '"––"', "-2", "-1", "0", "1", "2", "+"]))),
    ("frequency forms", "02-network.yaml",
     "contacts:\n" + "".join(f"  - {{name: c{i}, meeting_frequency: {v}}}\n" for i, v in enumerate(
         ["15/year", "1-2/year", "2/week", "3/month", "1/quarter", "weekly", "monthly", "quarterly", "yearly", "12"]))),
    ("action forms", "08-opportunities.yaml",
     "opportunities:\n  - id: a\n    name: A\n    actions:\n      - Call Ye\n      - {do: Call Guo}\n"
     "      - {do: Send TCO, owner: Ann, due: 2027-Q1, status: done}\n      - {do: x, status: Dropped}\n"
     "      - do: y\n        owner:\n        due:\n        status:\n"),
    ("quantity forms", "04-value-opportunities.yaml",
     "value_opportunities:\n  - id: a\n    opportunity: O\n    quantification:\n      formula: a * b * c\n"
     "      inputs: {a: 2000, b: $4k, c: 3%, d: 0.5, e: 1.5M}\n      per: month\n      claimed: $240,000\n"),
    ("empty values mean not filled in", "account.yaml",
     "account: X\nid:\nindustry:\ncurrency:\nowner:\nteam:\nreview:\n  last:\n  next:\n  cadence_days:\n"
     "alignment:\n  connect_everyone:\nsettings:\n  rag:\n    red_below:\n  fx:\n"),
    ("empty lists and objects", "10-challenge.yaml", "challenges: []\n"),
    ("numbers as text", "02-network.yaml", "contacts:\n  - name: 42\n    title: 7\n"),
]


@pytest.mark.parametrize("why,name,text", POSITIVE, ids=[p[0] for p in POSITIVE])
def test_both_validators_accept(why, name, text):
    js, own = both(name, text)
    assert js == [], f"jsonschema rejects {why}: {js}"
    assert own == [], f"saa.validate rejects {why}: {own}"


# ---- the patterns agree with saa.scalars, string by string ------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from saa import scalars  # noqa: E402
from saa.schema import DEFS  # noqa: E402


class _AnyRate(dict):
    """Every currency code has a rate: the schemas cannot know the plan's settings.fx."""

    def get(self, key, default=None):
        return 1.0


def _accepts(schema_def: str, value) -> bool:
    root = {"$defs": DEFS, "$ref": f"#/$defs/{schema_def}"}
    return Draft202012Validator(root).is_valid(value)


def _parses(fn, value, *semantic) -> bool | None:
    """True/False as the parser decides; None when it refuses for a reason no pattern can see."""
    try:
        fn(value)
        return True
    except scalars.ScalarError as e:
        if any(s in e.message for s in semantic):
            return None
        return False


def tokens(*parts):
    return st.lists(st.sampled_from(parts), max_size=7).map("".join)


MONEY_TEXT = tokens("", " ", "-", "\u2013", "$", "€", "£", "USD", "eur", "Ab", "1", "12", "123", ",", ",000",
                    ".", ".5", "0", "k", "K", "m", "M", "mil", "MIL", "b", "bn", "BN", "x", "%", "unknown", "?")
PERCENT_TEXT = tokens("", " ", "-", "\u2013", "0", "1", "00", "5", "9", "100", ".", ".0", ".5", "%", "x", "+")
DATE_TEXT = tokens("", " ", "-", "2027", "-0", "1", "2", "3", "9", "12", "13", "Q", "q", "00", "31", "/")
RELATION_TEXT = tokens("", " ", "\t", "-", "\u2013", "\u2212", "+", "0", "1", "2", "3", ".", "a")
FREQUENCY_TEXT = tokens("", " ", "-", "\u2013", "1", "2", "15", ".5", "/", "year", "YEAR", "yr", "quarter",
                        "month", "week", "day", "weekly", "Monthly", "quarterly", "yearly", "annually", "x")


@settings(max_examples=600, deadline=None)
@given(MONEY_TEXT)
def test_money_pattern_agrees_with_the_parser(text):
    own = _parses(lambda v: scalars.parse_money(v, fx=_AnyRate()), text, "too large", "two currencies")
    if own is not None:
        assert _accepts("money", text) == own, text
    unknown = _parses(lambda v: scalars.parse_money(v, fx=_AnyRate(), allow_unknown=True), text,
                      "too large", "two currencies")
    if unknown is not None:
        assert _accepts("money_or_unknown", text) == unknown, text


@settings(max_examples=400, deadline=None)
@given(PERCENT_TEXT)
def test_percent_patterns_agree_with_the_parser(text):
    assert _accepts("percent", text) == _parses(scalars.parse_percent, text), text
    assert _accepts("probability", text) == _parses(scalars.parse_probability, text), text


@settings(max_examples=400, deadline=None)
@given(DATE_TEXT)
def test_date_pattern_agrees_with_the_parser(text):
    own = _parses(scalars.parse_date, text)
    if own and re.fullmatch(r"\s*[0-9]{4}-00\s*", text):
        return  # see test_month_00_is_not_a_date
    assert _accepts("date", text) == own, text


@pytest.mark.parametrize("text, ok", [
    ("2027-02-28", True), ("2027-02-29", False), ("2028-02-29", True), ("2100-02-29", False),
    ("2000-02-29", True), ("1900-02-29", False), ("2400-02-29", True), ("0004-02-29", True),
    ("2027-02-30", False), ("2027-04-31", False), ("2027-04-30", True), ("2027-06-31", False),
    ("2027-09-31", False), ("2027-11-31", False), ("2027-12-31", True), ("2027-01-31", True),
    ("2027-08-31", True), ("0000-01-01", False), ("0001-01-01", True), ("9999-12-31", True),
])
def test_date_pattern_knows_the_calendar(text, ok):
    assert _accepts("date", text) is ok
    assert _parses(scalars.parse_date, text) is ok


def test_every_date_of_four_centuries_agrees_with_the_parser():
    import datetime

    day, end = datetime.date(1999, 1, 1), datetime.date(2401, 1, 1)
    pattern = re.compile(DEFS["date"]["pattern"])
    while day < end:
        assert pattern.match(day.isoformat()), day
        day += datetime.timedelta(days=1)
    for y in (1900, 2000, 2023, 2024, 2100, 2400):
        for m, d in ((2, 29), (2, 30), (4, 31), (6, 31), (9, 31), (11, 31), (1, 32)):
            text = f"{y:04d}-{m:02d}-{d:02d}"
            assert bool(pattern.match(text)) == (_parses(scalars.parse_date, text) is True), text


def test_month_00_is_not_a_date():
    assert not _accepts("date", "2027-00")
    with pytest.raises(scalars.ScalarError):
        scalars.parse_date("2027-00")


@settings(max_examples=400, deadline=None)
@given(RELATION_TEXT)
def test_relation_pattern_agrees_with_the_parser(text):
    assert _accepts("relation", text) == _parses(scalars.parse_relation, text), text


@settings(max_examples=400, deadline=None)
@given(FREQUENCY_TEXT)
def test_frequency_pattern_agrees_with_the_parser(text):
    own = _parses(scalars.parse_frequency, text, "from low to high")
    if own is not None:
        assert _accepts("frequency", text) == own, text


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(-5, 5), st.floats(-3, 3, allow_nan=False), st.sampled_from([True, None, [], {}])))
def test_numbers_agree_with_the_parsers(value):
    for name, fn in (("relation", scalars.parse_relation), ("percent", scalars.parse_percent),
                     ("probability", scalars.parse_probability), ("frequency", scalars.parse_frequency)):
        if value is None or isinstance(value, (list, dict)):
            continue
        assert _accepts(name, value) == bool(_parses(fn, value)), (name, value)
