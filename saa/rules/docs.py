"""docs/rules.md, generated from the registry: `python -m saa.rules` writes it."""

from __future__ import annotations

from pathlib import Path

from . import KINDS, REGISTRY

DOCS_PATH = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

_INTRO = """\
# Rules

Every rule id `saa` can report, generated from the rule registry (`saa/rules/`) by
`python -m saa.rules`; do not edit by hand. `saa rules` prints the same list.
A finding reads `PATH:LINE:COL: SEVERITY: message [rule-id]`; errors fail `saa check`,
warnings fail it with `--strict`.
"""


def markdown() -> str:
    """The text of docs/rules.md."""
    out = [_INTRO]
    out.append("| id | severity | reported by | summary |")
    out.append("|---|---|---|---|")
    for r in REGISTRY:
        summary = r.summary().replace("|", "\\|")
        out.append(f"| [`{r.ID}`](#{r.ID}) | {r.SEVERITY} | {KINDS[r.KIND]} | {summary} |")
    for kind, title in KINDS.items():
        rules = [r for r in REGISTRY if r.KIND == kind]
        if not rules:
            continue
        out.append("")
        out.append(f"## {title[0].upper()}{title[1:]}")
        for r in rules:
            out.append("")
            out.append(f"### {r.ID}")
            out.append("")
            out.append(f"Severity: {r.SEVERITY}.")
            out.append("")
            out.append(r.doc())
    return "\n".join(out).rstrip() + "\n"


def write(path: Path = DOCS_PATH) -> bool:
    """Write docs/rules.md; True when it changed."""
    text = markdown()
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old == text:
        return False
    from ..atomic import write_text_atomic

    write_text_atomic(path, text)
    return True
