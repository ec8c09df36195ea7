"""``saa fmt --json``: every file with its status, for scripts and CI."""

from __future__ import annotations

import json

# the statuses of saa.fmt.FileResult, as the JSON names them
STATUS = {"unchanged": "canonical", "reformatted": "reformatted", "would-reformat": "would-reformat",
          "skipped": "left-alone"}


def as_json(results, check: bool, with_diff: bool = False) -> str:
    """``{"check", "files": [{"path", "status", ...}], "files_checked", "canonical", "would_reformat"|"reformatted",
    "left_alone"}``; a file left alone carries the line, column and message of why."""
    files = []
    for r in results:
        item: dict = {"path": r.path, "status": STATUS.get(r.status, r.status)}
        if r.status == "skipped":
            item.update(line=r.line, column=r.column, message=r.message)
        if with_diff and r.diff:
            item["diff"] = r.diff
        files.append(item)
    changed = sum(1 for r in results if r.status in ("reformatted", "would-reformat"))
    skipped = sum(1 for r in results if r.status == "skipped")
    doc = {"check": check, "files": files, "files_checked": len(results),
           "canonical": len(results) - changed - skipped,
           ("would_reformat" if check else "reformatted"): changed, "left_alone": skipped}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
