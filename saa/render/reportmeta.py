"""``saa report --json``: what the report holds, for scripts and CI (the report itself goes to -o FILE)."""

from __future__ import annotations

import datetime as _dt
import json

from ..completeness import completeness
from ..vocab import STEP_FILES, STEP_NAMES
from .document import Chart, Report


def metadata(plan, doc: Report, today: _dt.date, output: dict | None = None) -> dict:
    """Title, plan, as-of date, completeness, every step (its file, whether it exists, its percent), the
    sections of the table of contents, the charts drawn, and where the report was written (or None)."""
    comp = completeness(plan)
    steps = {}
    for step, name in STEP_FILES.items():
        sc = comp.steps.get(step)
        steps[str(step)] = {"title": STEP_NAMES[step], "file": name, "exists": plan.has(name),
                            "required": step in comp.required,
                            "completeness": round(sc.percent) if sc is not None else None}
    return {
        "plan": plan.display,
        "id": plan.id,
        "account": plan.account,
        "title": doc.title,
        "subtitle": doc.subtitle,
        "as_of": today.isoformat(),
        "completeness": round(comp.percent),
        "steps": steps,
        "sections": [{"level": level, "title": text, "id": hid} for level, text, hid in doc.toc],
        "charts": [{"kind": b.kind, "title": b.title} for b in doc.blocks if isinstance(b, Chart)],
        "output": output,
    }


def as_json(plan, doc: Report, today: _dt.date, output: dict | None = None) -> str:
    return json.dumps(metadata(plan, doc, today, output), indent=2, ensure_ascii=False) + "\n"
