"""The validator, saa.validate, on small Spec declarations: what it accepts, converts and reports where."""

from __future__ import annotations

import datetime

import pytest

from saa.fileformat import Spec, actions, lst, obj, of, text, texts
from saa.scalars import Action
from saa.validate import ValidationContext, Validator, did_you_mean, validate
from saa.yamlio import parse_text

SPEC = obj("a test file", {
    "name": text("a name", required=True),
    "id": of("slug", "an id"),
    "tags": texts("some tags"),
    "n": of("int", "a whole number", lo=1, hi=3),
    "x": of("number", "a number", lo=0, hi=5),
    "kind": of("enum", "a kind", enum=("alpha", "beta")),
    "when": of("date", "a date"),
    "val": of("money?", "money or unknown"),
    "amt": of("money", "money"),
    "p": of("percent", "a percent"),
    "prob": of("probability", "a probability"),
    "rel": of("relation", "a relation"),
    "freq": of("frequency", "a frequency"),
    "cur": of("currency", "a currency"),
    "score": of("score", "a score", lo=1, hi=5),
    "formula": of("formula", "a formula"),
    "todo": actions("actions"),
    "inputs": Spec("map", "inputs", values=of("quantity", "a quantity")),
    "fx": Spec("map", "rates", values=of("rate", "a rate")),
    "items": lst(obj("an item", {"k": text("k", required=True), "v": of("int", "v")}), "items"),
    "sub": obj("a mapping", {"a": text("a")}),
})


def check(yaml: str, spec: Spec = SPEC, ctx: ValidationContext | None = None):
    doc = parse_text(yaml, "f.yaml")
    assert doc.findings == [], doc.findings
    clean, findings = validate(doc, spec, ctx)
    return clean, [(f.line, f.column, f.severity, f.rule, f.message) for f in findings]


def one_error(yaml: str, ctx: ValidationContext | None = None) -> tuple:
    _, found = check("name: A\n" + yaml, ctx=ctx)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- keys

def test_a_valid_document_is_returned_clean():
    clean, found = check("name: Acme\nid: acme-1\nsub:\n  a: x\n")
    assert found == []
    assert clean == {"name": "Acme", "id": "acme-1", "sub": {"a": "x"}}


def test_missing_required_key_points_at_its_mapping():
    assert check("id: x\n") == ({"id": "x"}, [(1, 1, "error", "required", "missing required key 'name'")])
    _, found = check("name: A\nitems:\n  - k: a\n  - v: 2\n")
    assert found == [(4, 5, "error", "required", "missing required key 'k'")]


@pytest.mark.parametrize("value", ["", " ''", " '   '", " ~", " null"])
def test_required_key_without_a_value(value):
    clean, found = check(f"name:{value}\n")
    assert clean == {"name": None}
    assert found == [(1, 1, "error", "required", "'name' is required and has no value")]


def test_optional_key_without_a_value_is_not_filled_in():
    clean, found = check("name: A\nid:\ntags:\nsub:\ninputs:\nwhen: ~\n")
    assert found == []
    assert clean == {"name": "A", "id": None, "tags": [], "sub": {}, "inputs": {}, "when": None}


def test_unknown_key_with_did_you_mean_at_the_key():
    clean, found = check("name: A\nnmae: B\ntgs: [x]\nNAME: c\nzzz: 1\n")
    assert clean == {"name": "A"}
    assert found == [
        (2, 1, "error", "unknown-key", "unknown key 'nmae' (did you mean 'name'?)"),
        (3, 1, "error", "unknown-key", "unknown key 'tgs' (did you mean 'tags'?)"),
        (4, 1, "error", "unknown-key", "unknown key 'NAME' (did you mean 'name'?)"),
        (5, 1, "error", "unknown-key", "unknown key 'zzz'"),
    ]


def test_unknown_key_in_a_list_item():
    _, found = check("name: A\nitems:\n  - k: a\n    vv: 1\n")
    assert found == [(4, 5, "error", "unknown-key", "unknown key 'vv' (did you mean 'v'?)")]


def test_did_you_mean():
    assert did_you_mean("Stage", ["stage", "status"]) == " (did you mean 'stage'?)"
    assert did_you_mean("probabilty", ["probability", "value"]) == " (did you mean 'probability'?)"
    assert did_you_mean("xyz", ["probability", "value"]) == ""
    assert did_you_mean(12, ["12a"]) == " (did you mean '12a'?)"


# --------------------------------------------------------------------------- shapes

def test_top_level_must_be_a_mapping():
    spec = obj("t", {"a": text("a"), "b": text("b")})
    assert check("- a\n", spec) == (None, [(1, 1, "error", "type",
                                             "the top level must be a mapping of keys (a:, b:), not a list")])
    assert check("hello\n", spec)[1] == [(1, 1, "error", "type",
                                          "the top level must be a mapping of keys (a:, b:), not 'hello'")]


def test_wrong_shapes():
    _, found = check("name: A\nsub: [1]\ntags:\n  x: 1\nn: [1]\ninputs: 3\n")
    assert found == [
        (2, 6, "error", "type", "'sub' should be a mapping (key: value lines), not a list"),
        (4, 3, "error", "type", "'tags' should be a list (lines starting with '- '), not a mapping"),
        (5, 4, "error", "type", "'n' should be a single value, not a list"),
        (6, 9, "error", "type", "'inputs' should be a mapping (name: value lines), not 3"),
    ]


def test_a_list_item_of_the_wrong_shape():
    clean, found = check("name: A\nitems:\n  - k: a\n  - plain\n")
    assert clean["items"] == [{"k": "a"}, {}]
    assert found == [(4, 5, "error", "type", "'items' should be a mapping (key: value lines), not 'plain'")]


def test_one_text_where_a_list_of_texts_goes_is_a_list_of_one():
    clean, found = check("name: A\ntags: one\n")
    assert (clean["tags"], found) == (["one"], [])
    assert check("name: A\ntags: 3\n")[0]["tags"] == ["3"]
    assert check("name: A\ntags: [a, 2, true]\n")[0]["tags"] == ["a", "2", "true"]
    # not for a list of actions or of mappings
    assert one_error("todo: call Bob\n") == (
        2, 7, "error", "type", "'todo' should be a list (lines starting with '- '), not 'call Bob'")


def test_text_keeps_other_scalars_as_text():
    clean, found = check("name: true\nsub:\n  a: 12\nformula: 3\n")
    assert found == []
    assert clean == {"name": "true", "sub": {"a": "12"}, "formula": "3"}


# --------------------------------------------------------------------------- scalar kinds: converting

def test_each_scalar_kind_converts():
    clean, found = check(
        "name: A\nid: slurry-yield\nn: 2\nx: 2.5\nkind: beta\nwhen: 2027-Q1\nval: $4.5M\namt: 200k\n"
        "p: 3%\nprob: 0.6\nrel: '-'\nfreq: 1-2/year\ncur: EUR\nscore: 4\nformula: a * b\n")
    assert found == []
    assert clean == {
        "name": "A", "id": "slurry-yield", "n": 2, "x": 2.5, "kind": "beta",
        "when": datetime.date(2027, 3, 31), "val": 4_500_000.0, "amt": 200_000.0, "p": 0.03, "prob": 0.6,
        "rel": -1, "freq": 1.5, "cur": "EUR", "score": 4, "formula": "a * b",
    }


def test_unknown_money_where_allowed():
    for written in ("unknown", "Unknown", "'?'"):
        clean, found = check(f"name: A\nval: {written}\n")
        assert (clean["val"], found) == (None, [])


def test_money_in_another_currency_uses_the_plan_rates():
    clean, found = check("name: A\namt: 4k EUR\nval: £1k\n", ctx=ValidationContext("USD", {"EUR": 1.1, "GBP": 1.25}))
    assert found == []
    assert clean["amt"] == pytest.approx(4400.0)
    assert clean["val"] == pytest.approx(1250.0)
    clean, _ = check("name: A\namt: £2k\n", ctx=ValidationContext("GBP"))
    assert clean["amt"] == 2000.0


def test_quantities_and_rates_in_maps():
    clean, found = check("name: A\ninputs:\n  a: 3%\n  b: $4k\n  c: 2000\nfx:\n  EUR: 1.1\n")
    assert found == []
    assert clean["inputs"] == {"a": 0.03, "b": 4000.0, "c": 2000.0}
    assert clean["fx"] == {"EUR": 1.1}


def test_actions_convert():
    clean, found = check("name: A\ntodo:\n  - call\n  - do: x\n    owner: Ann\n    due: 2027-01\n    status: Done\n")
    assert found == []
    assert clean["todo"] == [Action("call"), Action("x", "Ann", datetime.date(2027, 1, 31), "done")]


# --------------------------------------------------------------------------- scalar kinds: failing with the message

@pytest.mark.parametrize("line, expected", [
    ("id: Bad Id", (2, 5, "slug",
                    "'id' should be a short id of lowercase letters, digits and - (like slurry-yield), not 'Bad Id'")),
    ("n: 5", (2, 4, "range", "value 5 is out of range: 'n' is 1..3")),
    ("n: 0", (2, 4, "range", "value 0 is out of range: 'n' is 1..3")),
    ("n: 2.0", (2, 4, "type", "'n' should be a whole number, not 2.0")),
    ("n: true", (2, 4, "type", "'n' should be a whole number, not true (yes/no)")),
    ("n: '2'", (2, 4, "type", "'n' should be a whole number, not '2'")),
    ("x: 7", (2, 4, "range", "value 7 is out of range: 'x' is 0..5")),
    ("x: abc", (2, 4, "type", "'x' should be a number, not 'abc'")),
    ("x: .nan", (2, 4, "type", "'x' should be a number, not nan")),
    ("kind: Alpha", (2, 7, "enum", "'kind' is 'Alpha'; write one of: alpha, beta (did you mean 'alpha'?)")),
    ("kind: gamma", (2, 7, "enum", "'kind' is 'gamma'; write one of: alpha, beta")),
    ("kind: 3", (2, 7, "enum", "'kind' is 3; write one of: alpha, beta")),
    ("when: 2027-13", (2, 7, "date", "not a date: '2027-13'; write 2027-03-31, 2027-03 or 2027-Q1")),
    ("when: 2027-02-30", (2, 7, "date", "not a date: '2027-02-30'; write 2027-03-31, 2027-03 or 2027-Q1")),
    ("val: lots", (2, 6, "money", "not an amount of money: 'lots'; write 200k, 4.5M, \"$240,000\" or USD 4k")),
    ("amt: unknown", (2, 6, "money", "value unknown is not allowed here; write 200k, 4.5M, \"$240,000\" or USD 4k")),
    ("amt: 4k EUR", (2, 6, "money", "no exchange rate for EUR: add settings.fx.EUR to account.yaml")),
    ("amt: true", (2, 6, "money", "not an amount of money: true; write 200k, 4.5M, \"$240,000\" or USD 4k")),
    ("p: 95", (2, 4, "percent", "not a percent: 95; write 95% or 0.95")),
    ("p: -5%", (2, 4, "percent", "a percent cannot be negative: '-5%'; write 95% or 0.95")),
    ("prob: 150%", (2, 7, "percent",
                    "a probability is at most 100%, not '150%'; write 0% to 100%, e.g. 60% or 0.6")),
    ("rel: '+++'", (2, 6, "relation",
                    "not a relation score: '+++'; write \"--\", \"-\", \"0\", \"+\" or \"++\" (quoted) or -2..2")),
    ("rel: 3", (2, 6, "relation",
                "not a relation score: 3; write \"--\", \"-\", \"0\", \"+\" or \"++\" (quoted) or -2..2")),
    ("rel:\n  -", (3, 3, "relation", 'quote the relation score: "-"')),
    ("freq: daily", (2, 7, "frequency", ("not a frequency: 'daily'; write 15/year, 1-2/year, 2/month, 1/week, "
                                         "4/quarter, weekly, monthly, quarterly or yearly"))),
    ("cur: usd", (2, 6, "currency", "not a currency: 'usd'; write an ISO code such as USD, EUR or GBP")),
    ("score: 6", (2, 8, "range", "score 6 is out of range: scores are 1-5")),
    ("score: 4.0", (2, 8, "type", "score should be a whole number from 1 to 5, not 4.0")),
    ("inputs:\n  d: lots", (3, 6, "money",
                            "not an amount of money: 'lots'; write 200k, 4.5M, \"$240,000\" or USD 4k")),
    ("inputs:\n  d: 120 %", (3, 6, "percent", None)),
    ("fx:\n  GBP: 0", (3, 8, "type", "exchange rate should be a positive number (1 GBP in the plan's currency), not 0")),
])
def test_each_scalar_kind_fails_with_its_message_at_the_value(line, expected):
    if expected[3] is None:  # a valid value: no finding
        _, found = check("name: A\n" + line + "\n")
        assert found == []
        return
    got = one_error(line + "\n")
    assert got == (expected[0], expected[1], "error", expected[2], expected[3])


@pytest.mark.parametrize("item, expected", [
    ("do: y\n    stauts: done", (4, 5, "unknown-key", ("unknown key 'stauts' in an action (did you mean 'status'?); "
                                                       "an action has do, owner, due, status"))),
    ("owner: B", (3, 5, "required", "an action needs 'do': what is to be done")),
    ("do: z\n    due: soon", (4, 10, "action", "'due' is not a date: 'soon'; write 2027-03-31, 2027-03 or 2027-Q1")),
    ("do: w\n    status: finished", (4, 13, "action", "'status' is 'finished'; write open, done or dropped")),
    ("do: w\n    status: dnoe", (4, 13, "action", "'status' is 'dnoe' (did you mean 'done'?); write open, done or dropped")),
    ("[a]", (3, 5, "type", "an action should be a sentence or {do, owner, due, status}, not a list")),
    ("''", (3, 5, "action", "an action is empty; write what is to be done")),
])
def test_action_errors_point_at_the_faulty_key(item, expected):
    clean, found = check("name: A\ntodo:\n  - " + item + "\n")
    assert found == [(expected[0], expected[1], "error", expected[2], expected[3])]
    assert len(clean["todo"]) == 1


def test_an_action_with_an_unknown_key_keeps_the_rest():
    clean, found = check("name: A\ntodo:\n  - do: y\n    stauts: done\n")
    assert clean["todo"] == [Action("y")]
    assert [f[3] for f in found] == ["unknown-key"]


def test_a_number_as_an_action_is_its_text():
    clean, found = check("name: A\ntodo:\n  - 5\n")
    assert (clean["todo"], found) == ([Action("5")], [])


# --------------------------------------------------------------------------- error paths, several errors

def test_invalid_values_become_none_and_their_paths_are_recorded():
    doc = parse_text("name: A\nn: 9\nitems:\n  - k: a\n    v: x\nnmae: 1\n", "f.yaml")
    v = Validator(doc)
    clean = v.run(SPEC)
    assert clean == {"name": "A", "n": None, "items": [{"k": "a", "v": None}]}
    assert v.error_paths == [("n",), ("items", 0, "v"), ("nmae",)]
    assert [(f.path, f.line, f.column, f.rule) for f in v.findings] == [
        ("f.yaml", 2, 4, "range"), ("f.yaml", 5, 8, "type"), ("f.yaml", 6, 1, "unknown-key")]


def test_every_problem_is_reported_in_file_order():
    _, found = check("nmae: A\nn: 9\nkind: x\nwhen: soon\n")
    assert [(f[0], f[1], f[3]) for f in found] == [
        (1, 1, "unknown-key"), (2, 4, "range"), (3, 7, "enum"), (4, 7, "date"), (1, 1, "required")]


def test_a_document_that_did_not_parse_gives_nothing():
    doc = parse_text("a: [1\n", "f.yaml")
    assert validate(doc, SPEC) == (None, [])


def test_default_context_is_usd_without_rates():
    ctx = Validator(parse_text("a: 1\n", "f.yaml")).ctx
    assert (ctx.currency, ctx.fx) == ("USD", {})
