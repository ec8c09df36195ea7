"""Findings as text (``path:line:col: severity: message [rule]``), JSON or GitHub annotations."""

from __future__ import annotations

import json
import re

from ..check import CheckResult
from .ansi import style
from .sanitise import terminal_text

_COL = {"error": "red", "warning": "yellow"}


def clean(text: str) -> str:
    """Plan text shown in a terminal: control characters (escape sequences) made visible."""
    return terminal_text(text)


def summary(result: CheckResult) -> str:
    plans = f"{result.plans} plan{'s' if result.plans != 1 else ''}"
    if not result.findings:
        return f"no problems in {plans}"
    e, w = result.errors, result.warnings
    return f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''} in {plans}"


def text(result: CheckResult, colour: bool = False) -> str:
    return "".join(text_parts(result, colour))


def text_parts(result: CheckResult, colour: bool = False, lines: int = 256):
    """:func:`text` in parts of ``lines`` findings (the summary in the last part): what ``saa check``
    writes, part by part, so that its output over a large portfolio is never held whole."""
    part = []
    for f in result.findings:
        sev = style(f.severity, _COL[f.severity], colour)
        part.append(f"{clean(f.path)}:{f.line}:{f.column}: {sev}: {clean(f.message)} [{f.rule}]\n")
        if len(part) >= lines:
            yield "".join(part)
            part = []
    part.append(summary(result) + "\n")
    yield "".join(part)


def _clean_keep_lines(text: str) -> str:
    """:func:`clean`, except CR and LF, which the annotation escaping writes as %0D and %0A."""
    return "".join(clean(part) if part not in ("\r", "\n") else part
                   for part in re.split(r"(\r|\n)", text))


def escape_data(s: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (@actions/core ``escapeData``)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """A workflow command's property value, escaped as GitHub's toolkit does (``escapeProperty``)."""
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


# GitHub shows at most this many annotations of each kind (error, warning) per step
GITHUB_SHOWN = 10


def annotation(kind: str, message: str, **properties) -> str:
    """One workflow command line, as @actions/core writes it: ``::KIND k=v,k=v::message``.

    Properties are written in the order given (the toolkit's order is title, file, line, col),
    empty ones left out.
    """
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v not in (None, ""))
    return f"::{kind}{' ' + props if props else ''}::{escape_data(message)}"


def github(result: CheckResult, again: str = "saa check") -> str:
    """Findings as GitHub annotations, then the summary; ``again`` is the command that lists them all.

    Past GitHub's limit of 10 annotations of a kind per step, a final notice says how many
    were not shown on the pull request and how to see them all.
    """
    lines = [annotation(f.severity, _clean_keep_lines(f.message), title=clean(f.rule),
                        file=_clean_keep_lines(f.path), line=f.line, col=f.column)
             for f in result.findings]
    hidden = {kind: max(0, n - GITHUB_SHOWN) for kind, n in (("error", result.errors), ("warning", result.warnings))}
    if any(hidden.values()):
        parts = [f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in hidden.items() if n]
        lines.append(annotation(
            "notice",
            f"{' and '.join(parts)} not shown as annotations: GitHub shows {GITHUB_SHOWN} errors and "
            f"{GITHUB_SHOWN} warnings per step. All {len(result.findings)} findings are in this step's log; "
            f"to see them all, run: {again}",
            title="more findings than GitHub shows"))
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def as_json(result: CheckResult) -> str:
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"
