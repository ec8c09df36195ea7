"""The rule registry as a table (``saa rules``, ``saa check --list-rules``) or JSON."""

from __future__ import annotations

import json


def _rows(rules) -> list[dict]:
    return [{"id": r.ID, "severity": r.SEVERITY, "kind": r.KIND, "checked_by_rule": r.checks(),
             "summary": r.summary()} for r in rules]


def as_json(rules) -> str:
    return json.dumps({"rules": _rows(rules)}, indent=2, ensure_ascii=False) + "\n"


def text(rules) -> str:
    """One line per rule: id, severity, summary, in columns."""
    rows = _rows(rules)
    w_id = max([len("id")] + [len(r["id"]) for r in rows])
    w_sev = max([len("severity")] + [len(r["severity"]) for r in rows])
    lines = [f"{'id':<{w_id}}  {'severity':<{w_sev}}  summary"]
    lines += [f"{r['id']:<{w_id}}  {r['severity']:<{w_sev}}  {r['summary']}" for r in rows]
    return "\n".join(lines) + "\n"
