"""``saa import crm``: the change set in the method's terms, as text or JSON.

One line per opportunity that changes, labelled by what matters most to the
method: ``closed`` (won or lost in the CRM), ``moved`` (to another quadrant),
``re-valued``, ``updated`` (probability or decision date only), ``new``; then
the CRM ids recorded, the opportunities with a CRM id the file no longer has,
and the rows left out (other accounts, deals closed before they reached the plan).
"""

from __future__ import annotations

import datetime as _dt
import json

from ..vocab import QUADRANT_NAMES
from ..scalars import format_money
from .findings import clean

LABELS = ("closed", "moved", "re-valued", "updated", "new")


def label(c) -> str:
    if c.kind == "new":
        return "new"
    if c.closed:
        return "closed"
    if c.moved:
        return "moved"
    if c.revalued:
        return "re-valued"
    return "updated"


def _quad(q) -> str:
    return "closed" if q is None else f"{q} ({QUADRANT_NAMES[q].lower()})"


def _show(key: str, v, currency: str) -> str:
    if v is None:
        return "unknown" if key == "value" else "-"
    if key == "value":
        return f"{format_money(v)} {currency}"
    if key == "probability":
        return f"{v * 100:.4g}%"
    if isinstance(v, _dt.date):
        return v.isoformat()
    return clean(str(v))


def _fields(c, currency: str) -> str:
    if c.kind == "new":
        parts = [f"quadrant {_quad(c.quadrant[1])}"]
        for key in ("value", "probability", "stage", "decision"):
            if key in c.fields:
                parts.append(f"{key} {_show(key, c.fields[key], currency)}")
        return ", ".join(parts)
    parts = []
    if c.quadrant[0] != c.quadrant[1]:
        parts.append(f"quadrant {_quad(c.quadrant[0])} -> {_quad(c.quadrant[1])}")
    for key in ("value", "probability", "stage", "decision"):
        if key in c.fields:
            a, b = c.fields[key]
            parts.append(f"{key} {_show(key, a, currency)} -> {_show(key, b, currency)}")
    return ", ".join(parts)


def text(result, dry_run: bool) -> str:
    r = result
    cur = r.currency
    lines = []
    changed = [c for c in r.changes if c.kind != "unchanged"]
    rows = f"{r.rows} row{'s' if r.rows != 1 else ''}"
    if not r.applied_changes:
        lines.append(f"Nothing to change in {clean(r.plan_file)} from {clean(r.csv_path)} ({rows}).")
    else:
        verb = "Would change" if dry_run else "Changed"
        lines.append(f"{verb} {clean(r.plan_file)} from {clean(r.csv_path)} ({rows}):")
    order = {k: i for i, k in enumerate(LABELS)}
    width = max((len(c.id) for c in changed), default=0)
    for c in sorted(changed, key=lambda c: (order[label(c)], c.row)):
        lines.append(f"  {label(c):<9}  {clean(c.id):<{width}}  {_fields(c, cur)}  (row {c.row})")
    ids = [c for c in r.changes if c.set_crm_id]
    if ids:
        lines.append(f"CRM ids {'to record' if dry_run else 'recorded'} (matched by name or id): "
                     + ", ".join(f"{clean(c.id)} = {clean(c.set_crm_id)}" for c in ids))
    unchanged = [c.id for c in r.changes if c.kind == "unchanged"]
    if unchanged:
        lines.append("Unchanged: " + ", ".join(clean(i) for i in unchanged))
    if r.gone:
        lines.append("Not in the file (kept in the plan; closed or deleted in the CRM, or filtered out of the report): "
                     + ", ".join(f"{clean(i)} ({clean(cid)})" for i, cid in r.gone))
    if r.closed_skipped:
        lines.append("Closed in the CRM and not in the plan, not added: "
                     + ", ".join(f"{clean(n)} ({st}, row {row})" for row, n, st in r.closed_skipped))
    if r.other_accounts:
        lines.append("Other accounts, left out: " + ", ".join(
            f"{clean(a)} ({n} row{'s' if n != 1 else ''})" for a, n in sorted(r.other_accounts.items())))
    counts = {k: sum(1 for c in changed if label(c) == k) for k in LABELS}
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    if summary:
        lines.append(f"{summary}." + (" Dry run: nothing written." if dry_run else ""))
    elif r.applied_changes:
        lines.append("Only CRM ids to record." + (" Dry run: nothing written." if dry_run else ""))
    return "\n".join(lines) + "\n"


def as_json(result, applied: bool) -> str:
    d = result.as_dict()
    d["applied"] = applied
    for c, item in zip([c for c in result.changes if c.kind != "unchanged" or c.set_crm_id], d["changes"]):
        item["label"] = label(c) if c.kind != "unchanged" else "crm-id"
    return json.dumps(d, indent=2, ensure_ascii=False) + "\n"
