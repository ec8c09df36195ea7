"""The rule registry: every rule id the code can emit is listed and documented; docs/rules.md is current."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from saa.cli import app
from saa.rules import BY_ID, REGISTRY
from saa.rules.docs import DOCS_PATH, markdown

SAA = Path(__file__).resolve().parent.parent / "saa"

# the ways a finding gets its rule id in the code
_EMITS = [
    re.compile(r"\.err\(\s*[^,()]*(?:\([^()]*\))?[^,()]*,\s*\"([a-z][a-z0-9-]*)\""),       # validator
    re.compile(r"_scalar\([^)]*?,\s*\"([a-z][a-z0-9-]*)\"", re.S),                          # validator scalars
    re.compile(r"\"(?:error|warning)\",\s*\"(?!error\"|warning\")([a-z][a-z0-9-]*)\""),                           # Finding(..., sev, rule
    re.compile(r"\.(?:error|warning)\(\s*\"([a-z][a-z0-9-]*)\""),                            # loc.error(rule, ...)
    re.compile(r"rule(?:: str)?\s*=\s*\"([a-z][a-z0-9-]*)\""),                              # FormatError(rule=...)
    re.compile(r"^\s+ID = \"([a-z][a-z0-9-]*)\"", re.M),                                   # registry units
    re.compile(r"^RULE = \"([a-z][a-z0-9-]*)\"", re.M),                                     # a module's one rule id
]


def emitted_ids() -> set[str]:
    found = set()
    for path in SAA.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for rx in _EMITS:
            found.update(rx.findall(text))
    return found


def test_every_emitted_id_is_in_the_registry():
    ids = emitted_ids()
    assert {"type", "money", "yaml-syntax", "duplicate-key", "stale", "fmt-internal", "crm-import"} <= ids  # seen
    assert sorted(ids - set(BY_ID)) == []


def test_ids_unique_and_documented():
    assert len(BY_ID) == len(REGISTRY)
    for r in REGISTRY:
        assert r.SEVERITY in ("error", "warning"), r.ID
        assert r.summary() and r.summary().endswith((".", "...")), r.ID
        # plan rules explain themselves: what, why, an example finding with its id
        if r.checks():
            assert len(r.doc().split("\n\n")) >= 3 and f"[{r.ID}]" in r.doc(), r.ID


def test_docs_rules_md_is_current():
    assert DOCS_PATH.read_text(encoding="utf-8") == markdown(), "docs/rules.md is stale: run python -m saa.rules"


def test_saa_rules_lists_every_id():
    r = CliRunner().invoke(app, ["rules"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["id", "severity", "summary"]
    assert [ln.split()[0] for ln in lines[1:]] == [x.ID for x in REGISTRY]
    assert "overdue-action            warning   An open action whose due date has passed." in lines


def test_check_list_rules_json():
    r = CliRunner().invoke(app, ["check", "--list-rules", "--json"])
    assert r.exit_code == 0, r.output
    rules = json.loads(r.stdout)["rules"]
    assert {"id": "time-allocation", "severity": "error", "kind": "plan", "checked_by_rule": True,
            "summary": "The account manager's time allocation does not add up to 100%."} in rules
    assert len(rules) == len(REGISTRY)


def test_write_regenerates_a_stale_file(tmp_path):
    from saa.rules.docs import write

    target = tmp_path / "rules.md"
    target.write_text("old\n", encoding="utf-8")
    assert write(target) is True and target.read_text(encoding="utf-8") == markdown()
    assert write(target) is False
