"""``saa config``: the settings in force, as text or JSON."""

from __future__ import annotations

import json


def _value(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def text(rows, cfg, plan) -> str:
    from .findings import clean

    head = f"configuration for {clean(plan.display)}" if plan is not None else "configuration"
    lines = [f"{head}: {clean(cfg.path) if cfg.path else 'built-in defaults (no saa.yaml found)'}"]
    shown = [(r.key, _value(r.value), r.source + (f" ({r.where})" if r.where and r.source != 'built-in' else ""))
             for r in rows if r.key != "config"]
    width = max(len(k) for k, _, _ in shown)
    for key, value, source in shown:
        if key == "challenge.questions":
            lines.append(f"{key:<{width}}  {source}")
            for c in next(r.value for r in rows if r.key == key):
                lines.append(f"  {clean(c['category'])}")
                lines.extend(f"    - {clean(q)}" for q in c["questions"])
            continue
        if key.startswith("challenge.guide."):
            lines.append(f"{key:<{width}}  {source}")
            lines.extend(f"    - {clean(q)}" for q in next(r.value for r in rows if r.key == key))
            continue
        if len(value) > 60:
            value = value[:57] + "..."
        lines.append(f"{key:<{width}}  {clean(value):<20}  {source}")
    return "\n".join(lines) + "\n"


def as_json(rows, cfg, plan) -> str:
    return json.dumps({"config": cfg.path, "plan": plan.display if plan is not None else None,
                       "settings": [r.as_dict() for r in rows]}, indent=2, ensure_ascii=False) + "\n"
