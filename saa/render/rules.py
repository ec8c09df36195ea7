"""The rule registry as a table (``saa rules``, ``saa check --list-rules``) or JSON."""

from __future__ import annotations

import json


def _rows(rules) -> list[dict]:
    return [{"id": r.ID, "severity": r.SEVERITY, "kind": r.KIND, "checked_by_rule": r.checks(),
             "summary": r.summary()} for r in rules]


def as_json(rules) -> str:
    return json.dumps({"rules": _rows(rules)}, indent=2, ensure_ascii=False) + "\n"


def text(rules, width: int | None = None) -> str:
    """One line per rule: id, severity, summary, in columns (grep-friendly).

    With ``width`` (a terminal's), a long summary wraps under its own column instead.
    """
    import textwrap

    rows = _rows(rules)
    w_id = max([len("id")] + [len(r["id"]) for r in rows])
    w_sev = max([len("severity")] + [len(r["severity"]) for r in rows])
    indent = w_id + 2 + w_sev + 2
    lines = [f"{'id':<{w_id}}  {'severity':<{w_sev}}  summary"]
    for r in rows:
        summary = [r["summary"]]
        if width is not None and width - indent >= 20:
            summary = textwrap.wrap(r["summary"], width - indent) or [""]
        lines.append(f"{r['id']:<{w_id}}  {r['severity']:<{w_sev}}  {summary[0]}")
        lines += [" " * indent + more for more in summary[1:]]
    return "\n".join(lines) + "\n"
