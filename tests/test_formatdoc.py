"""docs/format.md is generated from saa.fileformat and kept current."""

from __future__ import annotations

import re

from conftest import ROOT

from saa import formatdoc
from saa.fileformat import FILES, Spec, obj, of, text


def test_docs_format_md_is_current():
    committed = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    assert committed == formatdoc.render(), "docs/format.md is stale: run `python -m saa.formatdoc`"


def test_every_key_of_every_file_has_a_row():
    doc = formatdoc.render()
    for name, (step, spec) in FILES.items():
        section = doc.split(f"### {formatdoc.file_heading(name, step)}\n", 1)[1].split("\n### ", 1)[0]
        for path, sub in formatdoc.rows(spec):
            row = f"| `{path}` | {formatdoc.type_of(sub)} | {'required' if sub.required else ''} |"
            assert row in section, (name, path)


def test_every_scalar_kind_in_use_is_documented():
    used = formatdoc.kinds_used()
    assert "money?" in used and "relation" in used
    assert [k for k in used if k not in formatdoc.KINDS] == []
    doc = formatdoc.render()
    assert "not documented yet" not in doc
    for kind in used:
        assert f"\n### {formatdoc.KINDS[kind][0]}\n" in doc


def test_links_in_the_document_point_at_its_headings():
    doc = formatdoc.render()
    anchors = {formatdoc._anchor(h) for h in re.findall(r"^#+ (.+)$", doc, re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)]+)\)", doc))
    assert links and links <= anchors, links - anchors


def test_a_new_key_appears_without_other_changes(monkeypatch):
    spec = obj("Step 2. Network", {
        "crm_id": of("slug", "The id of the account in the CRM"),
        "whitespace": obj("Whitespace", {"min": of("int", "at least", lo=0, hi=9)}),
        "team": Spec("list", "the team", items=obj("a member", {"name": text("Name", required=True)})),
        "codes": Spec("map", "codes", values=obj("a code", {"rate": of("rate", "a rate")})),
        "custom": of("brand-new-kind", "a kind nobody documented"),
    })
    monkeypatch.setattr(formatdoc, "FILES", {"02-network.yaml": (2, spec)})
    doc = formatdoc.render()
    assert "| `crm_id` | [slug](#slug) |  | The id of the account in the CRM |" in doc
    assert "| `whitespace` | mapping |  | Whitespace |" in doc
    assert "| `whitespace.min` | [whole number](#whole-number), 0..9 |  | at least |" in doc
    assert "| `team` | list of mappings |  | the team. Each item: a member. |" in doc
    assert "| `team[].name` | [text](#text) | required | Name |" in doc
    assert "| `codes` | map of name to mapping |  | codes |" in doc
    assert "| `codes.<name>.rate` | [rate](#rate) |  | a rate |" in doc
    assert "| `custom` | `brand-new-kind` |  | a kind nobody documented |" in doc
    assert "### brand-new-kind\n\n(not documented yet: add it to saa.formatdoc.KINDS)" in doc
    assert formatdoc.kinds_used() == ["text", "slug", "int", "rate", "brand-new-kind"]  # KINDS order, then the rest


def test_types_ranges_and_cells():
    assert formatdoc.type_of(of("int", "x", lo=1)) == "[whole number](#whole-number), at least 1"
    assert formatdoc.type_of(of("number", "x", hi=5)) == "[number](#number), at most 5"
    assert formatdoc.type_of(of("score", "x", lo=1, hi=5)) == "[score](#score)"
    assert formatdoc.type_of(of("enum", "x", enum=("a", "b"))) == "one of `a`, `b`"
    assert formatdoc.type_of(Spec("list", "x", items=of("action", "y"))) == "list of [action](#action)"
    assert formatdoc._cell("a | b\n  c") == "a \\| b c"
    assert formatdoc._anchor("`02-network.yaml`: step 2, Network") == "02-networkyaml-step-2-network"


def test_main_writes_the_file(tmp_path):
    out = tmp_path / "format.md"
    assert formatdoc.main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == formatdoc.render()


def test_code_cites_the_repositorys_own_docs():
    cited: dict[str, list[str]] = {}
    for py in sorted((ROOT / "saa").rglob("*.py")):
        src = py.read_text(encoding="utf-8")
        rel = str(py.relative_to(ROOT))
        assert not re.search(r"\bSPEC(\.md)?\b(?! *=)", src), f"{rel} cites the external SPEC; cite docs/format.md"
        for doc in re.findall(r"docs/[a-z0-9-]+\.md", src):
            cited.setdefault(doc, []).append(rel)
    assert {"docs/format.md", "docs/rules.md"} <= set(cited)
    for doc, where in cited.items():
        assert (ROOT / doc).is_file(), f"{doc} cited in {where} does not exist"


def test_completeness_section_lists_each_steps_items_when_they_are_data(monkeypatch):
    from types import SimpleNamespace

    from saa import completeness

    monkeypatch.setattr(completeness, "ITEMS", (
        SimpleNamespace(step=2, done_when="at least one decision-maker"),
        SimpleNamespace(step=1, done_when="all four SWOT lists non-empty"),
        SimpleNamespace(step=2, done_when="at least one ally"),
    ), raising=False)
    section = formatdoc.completeness_section()
    assert section.startswith("## Completeness\n")
    assert section.endswith("| step | done when |\n|---|---|\n"
                            "| 1. Customer profile | all four SWOT lists non-empty |\n"
                            "| 2. Customer network | at least one decision-maker; at least one ally |\n")


def test_completeness_section_without_items_keeps_the_rules():
    from saa import completeness

    section = formatdoc.completeness_section()
    assert section.startswith("## Completeness\n")
    assert "A value of `TODO`, `TBD`, `?`, `...` or an empty text counts as missing" in section
    assert ("| step | done when |" in section) == bool(getattr(completeness, "ITEMS", None))


def _keys(value) -> set:
    """Every key of every mapping in a JSON value."""
    out: set = set()
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            out.update(v)
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return out


def test_json_output_section_names_keys_the_commands_print(tmp_path):
    import json

    from conftest import TELECOM, run_saa

    bullets = re.findall(r"^- `saa (\w+) [^`]*`: (.*?)(?=^- |\Z)", formatdoc.JSON_OUTPUT, re.MULTILINE | re.DOTALL)
    assert [b[0] for b in bullets] == ["check", "status", "value", "matrix", "challenge", "portfolio", "fmt",
                                       "report", "schema"]
    runs = {"check": ["check", TELECOM, "--format", "json"],
            "fmt": ["fmt", TELECOM, "--check", "--json"],
            "report": ["report", TELECOM, "-o", tmp_path / "r.md", "--json"],
            "schema": ["schema", "-o", tmp_path / "schemas", "--json"]}
    # keys the prose names for cases a canonical plan does not have (a file written, left alone, a diff)
    conditional = {"fmt": {"reformatted", "line", "column", "message", "diff"}}
    for command, prose in bullets:
        proc = run_saa(*runs.get(command, [command, TELECOM, "--json"]))
        printed = _keys(json.loads(proc.stdout))
        named = set(re.findall(r'"([a-z_]+)"', prose)) - {"error", "warning", "red", "yellow", "green"}
        assert named - printed - conditional.get(command, set()) == set(), command


def test_scalar_examples_in_the_prose_are_accepted():
    from saa import scalars

    prose = {k: v[1] for k, v in formatdoc.KINDS.items()}
    examples = {
        "money": (scalars.parse_money, ["240000", "$4.5M", "USD 4k", "7M", "200k", "$240,000"]),
        "percent": (scalars.parse_percent, ["95%", "120%", "0.95"]),
        "probability": (scalars.parse_probability, ["60%", "0.6"]),
        "date": (scalars.parse_date, ["2027-03-31", "2027-03", "2027-Q1", "2027-q1"]),
        "relation": (scalars.parse_relation, ["--", "-", "0", "+", "++", "\u2013", "\u2013\u2013", "+1", "-2"]),
        "frequency": (scalars.parse_frequency, ["15/year", "1-2/year", "weekly", "monthly", "quarterly", "yearly",
                                                "annually"]),
    }
    for kind, (parse, written) in examples.items():
        for w in written:
            assert f"`{w}`" in prose[kind] or f'`"{w}"`' in prose[kind], (kind, w)
            parse(w)  # raises ScalarError if the prose promises a form saa refuses
    assert scalars.parse_money("4k EUR", fx={"EUR": 1.1}) == 4400.0
    assert scalars.parse_frequency("1-2/year") == 1.5
    assert scalars.parse_frequency("3/yr") == 3.0
    assert scalars.parse_frequency(12) == 12.0
    assert scalars.parse_date("2027-Q1").isoformat() == "2027-03-31"
