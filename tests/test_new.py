"""`saa new`: a complete, valid, commented plan skeleton with an editor schema line."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from saa.cli import app
from saa.fileformat import FILES, Spec, schema_name
from saa.loader import load_plan
from saa.schema import all_schemas
from saa.skeleton import EXAMPLES, SkeletonError, render, slug_of, write_skeleton, yaml_str
from saa.yamlio import parse_text

runner = CliRunner()


def new(folder, account="Acme Corp", *extra):
    return runner.invoke(app, ["new", str(folder), "--account", account, *extra])


def check_json(folder):
    r = runner.invoke(app, ["check", str(folder), "--format", "json"])
    return r.exit_code, json.loads(r.stdout)


@pytest.fixture
def acme(tmp_path) -> Path:
    d = tmp_path / "plans" / "acme"
    r = new(d)
    assert r.exit_code == 0, r.output
    return d


# ---- what is written ---------------------------------------------------------------

def test_new_writes_every_file_and_the_schemas(acme):
    assert sorted(p.name for p in acme.iterdir() if p.is_file()) == sorted(FILES)
    assert sorted(p.name for p in (acme / ".schemas").iterdir()) == sorted(all_schemas())
    for name, schema in all_schemas().items():
        assert json.loads((acme / ".schemas" / name).read_text(encoding="utf-8")) == schema
    # atomic writes leave no temporary files behind
    assert not [p for p in acme.rglob("*") if p.name.endswith(".tmp")]


def test_cli_message(tmp_path):
    r = new(tmp_path / "x")
    assert r.exit_code == 0
    assert r.stdout.startswith("wrote 11 files in ") and "saa check" in r.stdout


def test_files_are_readable_like_any_other_file(acme):
    umask = os.umask(0)
    os.umask(umask)
    for p in [acme / "account.yaml", acme / ".schemas" / "account.schema.json"]:
        assert p.stat().st_mode & 0o777 == 0o666 & ~umask


def test_unwritable_parent_exits_2(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    r = new(blocker / "sub")
    assert r.exit_code == 2
    assert "cannot write" in r.output


def test_every_file_starts_with_the_schema_line(acme):
    for name in FILES:
        first = (acme / name).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=.schemas/{schema_name(name)}"
        target = first.split("$schema=", 1)[1]
        assert (acme / target).is_file()


def test_account_and_id(acme):
    plan = load_plan(acme)
    assert plan.account == "Acme Corp"
    assert plan.id == "acme"
    assert plan.doc("account.yaml").data["id"] == "acme"  # written in the file, not only the folder name
    assert plan.currency == "USD"


def test_header_names_the_step_and_its_purpose(acme):
    for name, (step, _spec) in FILES.items():
        text = (acme / name).read_text(encoding="utf-8")
        if step is not None:
            assert f"Step {step} of 10" in text
            assert "Done when:" in text
        assert "Acme Corp" in text.split("\n", 8)[4] or "Acme Corp" in text[:600]
    assert "first-hand from the" in (acme / "10-challenge.yaml").read_text(encoding="utf-8")
    assert "wafers" in (acme / "04-value-opportunities.yaml").read_text(encoding="utf-8")


def _fields(spec: Spec, prefix=()):
    for name, sub in spec.fields.items():
        yield prefix + (name,), sub
        if sub.kind == "object":
            yield from _fields(sub, prefix + (name,))
        elif sub.kind == "list" and sub.items is not None and sub.items.kind == "object":
            yield from _fields(sub.items, prefix + (name,))


def test_every_field_is_introduced_by_its_guidance(acme):
    for name, (_step, spec) in FILES.items():
        text = (acme / name).read_text(encoding="utf-8")
        comments = "\n".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)
        flat = re.sub(r"\s+#?\s*", " ", comments)
        for path, sub in _fields(spec):
            assert re.search(rf"\b{re.escape(path[-1])}\b", text), f"{name}: {'.'.join(path)} not written"
            words = " ".join(sub.doc.split()[:4])
            assert words.lower() in flat.lower(), f"{name}: no guidance for {'.'.join(path)} ({words!r})"


def test_lists_are_empty_with_a_commented_example(acme):
    text = (acme / "02-network.yaml").read_text(encoding="utf-8")
    assert re.search(r"^contacts: \[\]", text, re.M)
    assert re.search(r"^  # - name: ", text, re.M)
    assert re.search(r'^  #   relation: "\+"', text, re.M)
    data = parse_text(text, "02-network.yaml").data
    assert data == {"contacts": [], "allies": []}


# ---- it validates ----------------------------------------------------------------------

def test_fresh_skeleton_checks_clean(acme):
    code, result = check_json(acme)
    assert code == 0
    assert result["errors"] == 0
    assert result["warnings"] == 0, result["findings"]
    r = runner.invoke(app, ["check", str(acme), "--strict"])
    assert r.exit_code == 0, r.output


def test_fresh_skeleton_has_low_completeness(acme):
    r = runner.invoke(app, ["status", str(acme), "--json"])
    assert r.exit_code == 0, r.output
    plan = json.loads(r.stdout)["plans"][0]
    assert plan["completeness"] < 10
    assert plan["missing"]
    r = runner.invoke(app, ["status", str(acme)])
    assert r.exit_code == 0


@pytest.mark.parametrize("name", list(FILES))
def test_fresh_skeleton_validates_against_the_schema(acme, name):
    data = parse_text((acme / name).read_text(encoding="utf-8"), name).data
    schema = json.loads((acme / ".schemas" / schema_name(name)).read_text(encoding="utf-8"))
    assert [e.message for e in Draft202012Validator(schema).iter_errors(data)] == []


def _example_has_every_key(value, spec: Spec, where: str):
    if spec.kind == "list" and spec.items is not None and spec.items.kind == "object":
        assert isinstance(value, list) and value, where
        first = value[0]
        assert list(first) == list(spec.items.fields), f"{where}: the first example entry shows every key"
        for k, sub in spec.items.fields.items():
            _example_has_every_key(first[k], sub, f"{where}.{k}")
    elif spec.kind == "object":
        for k, sub in spec.fields.items():
            if k in value:
                _example_has_every_key(value[k], sub, f"{where}.{k}")


def _lists_outside_lists(spec: Spec, prefix=()):
    for name, sub in spec.fields.items():
        if sub.kind == "object":
            yield from _lists_outside_lists(sub, prefix + (name,))
        elif sub.kind == "list":
            yield prefix + (name,), sub


def test_examples_show_every_key():
    for name, (_step, spec) in FILES.items():
        for path, sub in _lists_outside_lists(spec):
            if sub.kind == "list" and sub.items is not None and sub.items.kind == "object":
                key = ".".join(path)
                assert (name, key) in EXAMPLES, f"no example for {name} {key}"
                _example_has_every_key(EXAMPLES[(name, key)], sub, f"{name}:{key}")


def test_uncommented_examples_make_a_clean_plan(tmp_path):
    """The examples, written as data, form a plan that checks clean and is nearly complete."""
    d = tmp_path / "filled"
    d.mkdir()
    for name in FILES:
        (d / name).write_text(render(name, "Example Telecom Co.", "filled", str(d), filled=True), encoding="utf-8")
    code, result = check_json(d)
    assert result["findings"] == []
    assert code == 0
    schemas = all_schemas()
    for name in FILES:
        data = parse_text((d / name).read_text(encoding="utf-8"), name).data
        errors = [e.message for e in Draft202012Validator(schemas[schema_name(name)]).iter_errors(data)]
        assert errors == [], name
    r = runner.invoke(app, ["status", str(d), "--json"])
    assert json.loads(r.stdout)["plans"][0]["completeness"] == 100


# ---- refusing and forcing --------------------------------------------------------------

def test_refuses_an_existing_plan(acme):
    (acme / "account.yaml").write_text("account: Mine\n", encoding="utf-8")
    r = new(acme, "Other")
    assert r.exit_code == 2
    assert "already holds a plan" in r.output and "--force" in r.output
    assert (acme / "account.yaml").read_text(encoding="utf-8") == "account: Mine\n"


def test_force_overwrites(acme):
    (acme / "account.yaml").write_text("account: Mine\n", encoding="utf-8")
    (acme / "notes.md").write_text("keep me", encoding="utf-8")
    r = new(acme, "Other Co", "--force")
    assert r.exit_code == 0, r.output
    assert load_plan(acme).account == "Other Co"
    assert (acme / "notes.md").read_text(encoding="utf-8") == "keep me"


def test_refuses_a_file(tmp_path):
    f = tmp_path / "plan"
    f.write_text("not a folder", encoding="utf-8")
    r = new(f)
    assert r.exit_code == 2
    assert "is a file" in r.output
    r = new(f, "Acme", "--force")
    assert r.exit_code == 2


def test_refuses_stray_step_files(tmp_path):
    d = tmp_path / "half"
    d.mkdir()
    (d / "02-network.yaml").write_text("contacts: []\n", encoding="utf-8")
    r = new(d)
    assert r.exit_code == 2
    assert "02-network.yaml" in r.output
    assert new(d, "Acme", "--force").exit_code == 0


def test_existing_empty_folder_is_fine(tmp_path):
    d = tmp_path / "empty"
    d.mkdir()
    assert new(d).exit_code == 0
    assert (d / "account.yaml").is_file()


def test_empty_account_name_exits_2(tmp_path):
    r = new(tmp_path / "x", "   ")
    assert r.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_write_skeleton_raises_skeleton_error(tmp_path):
    write_skeleton(str(tmp_path / "a"), "A")
    with pytest.raises(SkeletonError):
        write_skeleton(str(tmp_path / "a"), "A")
    assert write_skeleton(str(tmp_path / "a"), "A", force=True) == list(FILES)


def test_new_in_the_current_folder(tmp_path, monkeypatch):
    d = tmp_path / "Big Customer"
    d.mkdir()
    monkeypatch.chdir(d)
    r = new(".", "Big Customer Inc.")
    assert r.exit_code == 0, r.output
    assert load_plan(Path(".")).doc("account.yaml").data["id"] == "big-customer"


# ---- names that need quoting -------------------------------------------------------------

TRICKY = ['ACME: "Quoted" #1', "Société Générale", "- dash", "yes", "true", "123", "null", "~", "O'Brien & Sons",
          "[brackets]", "{braces}", "50% Off", "*star", "&amp", "!bang", "@at", "`tick`", "a: b", "x #y",
          "trailing:", "北京 Telecom", "emoji 🚀 corp", "tab\there", "back\\slash", "...", "---", "? q"]


@pytest.mark.parametrize("name", TRICKY)
def test_account_names_round_trip(tmp_path, name):
    d = tmp_path / "p"
    assert new(d, name).exit_code == 0
    plan = load_plan(d)
    assert plan.account == name
    assert [f for f in plan.findings if f.severity == "error"] == []


@pytest.mark.parametrize("s", TRICKY + ["", " lead", "trail ", "a\nb", "\x85", "\u2028", "0x1F", "1e3", ".5", "+1"])
def test_yaml_str_round_trips(s):
    doc = parse_text(f"k: {yaml_str(s)}\nf: [{yaml_str(s, flow=True)}]\n", "t.yaml")
    assert not doc.findings
    assert doc.data == {"k": s, "f": [s]}


@pytest.mark.parametrize("folder,slug", [("acme", "acme"), ("Acme Corp", "acme-corp"), ("Société_Générale", "societe_generale"),
                                         ("--x--", "x"), ("日本", ""), ("a.b", "a.b")])
def test_slug_of(folder, slug):
    assert slug_of(folder) == slug


def test_id_falls_back_to_the_account_name(tmp_path):
    d = tmp_path / "日本"
    assert new(d, "Nippon Telecom").exit_code == 0
    assert load_plan(d).id == "nippon-telecom"
