"""The file-format declaration, saa.fileformat: every file declared, every key documented."""

from __future__ import annotations

import re

import pytest

from saa import fileformat
from saa import vocab
from saa.fileformat import FILES, Spec, schema_name
from saa.vocab import STEP_FILES, STEP_NAMES
from saa.validate import Validator

CONTAINERS = ("object", "list", "map")


def walk(spec: Spec, path: str = ""):
    """(path, spec) of every node below ``spec``."""
    for name, sub in spec.fields.items():
        yield f"{path}.{name}" if path else name, sub
        yield from walk(sub, f"{path}.{name}" if path else name)
    if spec.items is not None:
        yield f"{path}[]", spec.items
        yield from walk(spec.items, f"{path}[]")
    if spec.values is not None:
        yield f"{path}.<name>", spec.values
        yield from walk(spec.values, f"{path}.<name>")


def test_the_eleven_files_in_order_each_with_a_spec():
    assert list(FILES) == [
        "account.yaml", "01-customer-profile.yaml", "02-network.yaml", "03-needs-kano.yaml",
        "04-value-opportunities.yaml", "05-competition.yaml", "06-value-buyers.yaml", "07-goals-strategy.yaml",
        "08-opportunities.yaml", "09-capture-plans.yaml", "10-challenge.yaml"]
    for name, (_step, spec) in FILES.items():
        assert isinstance(spec, Spec) and spec.kind == "object" and spec.fields, name


def test_step_numbers_follow_the_file_names():
    assert FILES["account.yaml"][0] is None
    for name, (step, _) in FILES.items():
        if name != "account.yaml":
            assert step == int(name[:2]), name
    assert STEP_FILES == {1: "01-customer-profile.yaml", 2: "02-network.yaml", 3: "03-needs-kano.yaml",
                          4: "04-value-opportunities.yaml", 5: "05-competition.yaml", 6: "06-value-buyers.yaml",
                          7: "07-goals-strategy.yaml", 8: "08-opportunities.yaml", 9: "09-capture-plans.yaml",
                          10: "10-challenge.yaml"}


def test_step_names():
    assert STEP_NAMES == {
        1: "Customer profile", 2: "Customer network", 3: "Needs and KANO", 4: "Value opportunities",
        5: "Competition", 6: "Value buyers", 7: "Goals and strategy", 8: "Opportunity matrix", 9: "Capture plans",
        10: "Challenge scoring"}


def test_each_step_file_says_its_step_first():
    assert FILES["account.yaml"][1].doc.startswith("The account header")
    for step, name in STEP_FILES.items():
        assert FILES[name][1].doc.startswith(f"Step {step}. "), name


def test_schema_name():
    assert schema_name("account.yaml") == "account.schema.json"
    assert schema_name("01-customer-profile.yaml") == "01-customer-profile.schema.json"
    assert [schema_name(n) for n in FILES][-1] == "10-challenge.schema.json"


def test_every_key_is_documented_snake_case_and_of_a_known_kind():
    for name, (_, spec) in FILES.items():
        for path, sub in walk(spec):
            assert sub.doc.strip(), f"{name}: {path} has no doc"
            key = path.rsplit(".", 1)[-1]
            if not key.endswith(("[]", "<name>")):
                assert re.fullmatch(r"[a-z][a-z0-9_]*", key), f"{name}: {path} is not snake_case"
            if sub.kind in CONTAINERS:
                continue
            assert hasattr(Validator, "k_" + sub.kind.replace("?", "_or_unknown")), f"{name}: {path}: {sub.kind}"


def test_containers_are_complete():
    for _, spec in FILES.values():
        for path, sub in walk(spec):
            if sub.kind == "list":
                assert sub.items is not None, path
            elif sub.kind == "map":
                assert sub.values is not None, path
            elif sub.kind == "object":
                assert sub.fields, path
            elif sub.kind == "enum":
                assert sub.enum and len(set(sub.enum)) == len(sub.enum), path


def test_ranges_are_ordered():
    for _, spec in FILES.values():
        for path, sub in walk(spec):
            if sub.lo is not None and sub.hi is not None:
                assert sub.lo <= sub.hi, path
            if sub.kind == "score":
                assert (sub.lo, sub.hi) == (1, 5), path


def test_required_keys_of_the_method():
    required = {name: sorted(path for path, sub in walk(spec) if sub.required) for name, (_, spec) in FILES.items()}
    assert required == {
        "account.yaml": ["account", "team[].name"],
        "01-customer-profile.yaml": ["implications[].implication", "strategic_analysis.customer_actions[].action"],
        "02-network.yaml": ["allies[].ally", "allies[].target", "contacts[].name"],
        "03-needs-kano.yaml": ["kano[].care_about", "needs[].contact"],
        "04-value-opportunities.yaml": ["value_opportunities[].id", "value_opportunities[].opportunity",
                                        "value_opportunities[].quantification.formula"],
        "05-competition.yaml": ["competitors[].name", "differentiation[].driver"],
        "06-value-buyers.yaml": ["value_buyers[].contact", "value_buyers[].process"],
        "07-goals-strategy.yaml": ["goals[].goal"],
        "08-opportunities.yaml": ["opportunities[].id", "opportunities[].name", "whitespace.cells[].offering",
                                  "whitespace.cells[].status", "whitespace.cells[].unit"],
        "09-capture-plans.yaml": ["capture_plans[].opportunity"],
        "10-challenge.yaml": ["challenges[].categories[].name", "challenges[].categories[].questions[].question",
                              "challenges[].opportunity"],
    }


@pytest.mark.parametrize("values, expected", [
    (vocab.ROLES, ("decision-maker", "key-influencer", "technical-approver", "user", "gatekeeper", "coach", "other")),
    (vocab.DEAL_STAGES, ("potential", "concept", "assessment", "qualified", "proposal", "negotiation", "on-hold",
                         "delayed", "cancelling", "won", "lost")),
    (vocab.QUADRANTS, ("I", "II", "III", "IV")),
    (vocab.PER, ("once", "month", "quarter", "year")),
    (vocab.DIMENSIONS, ("confidence", "implications", "actions")),
])
def test_vocabulary(values, expected):
    assert values == expected


def test_enums_use_the_vocabulary():
    net = FILES["02-network.yaml"][1].fields["contacts"].items.fields
    assert net["role"].enum == vocab.ROLES
    opp = FILES["08-opportunities.yaml"][1].fields["opportunities"].items.fields
    assert opp["stage"].enum == vocab.DEAL_STAGES and opp["quadrant"].enum == vocab.QUADRANTS
    assert list(fileformat.SCORES.fields) == list(vocab.DIMENSIONS)


def test_title_is_the_first_phrase_of_the_doc():
    assert Spec("text", "Customer name").title == "Customer name"
    assert Spec("text", "Role in the decision: a, b").title == "Role in the decision"
    assert Spec("text", "Step 1. Customer profile: x").title == "Step 1"
    assert Spec("text", "x" * 100).title == "x" * 80
    assert Spec("text").title == ""


def test_helpers_build_the_nodes_they_name():
    assert fileformat.text("t", required=True) == Spec("text", "t", True)
    assert fileformat.texts("d") == Spec("list", "d", items=Spec("text", "one item"))
    assert fileformat.actions("d").items.kind == "action"
    assert fileformat.of("int", "d", lo=1, hi=2) == Spec("int", "d", lo=1, hi=2)
    assert fileformat.obj("d", {"a": fileformat.text("a")}).fields["a"].kind == "text"
    assert fileformat.lst(fileformat.text("a"), "d", required=True).required is True
