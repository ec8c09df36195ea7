"""Findings as text (``path:line:col: severity: message [rule]``), JSON or GitHub annotations."""

from __future__ import annotations

import json

from ..check import CheckResult
from .ansi import style

_COL = {"error": "red", "warning": "yellow"}


def clean(text: str) -> str:
    """Plan text shown in a terminal: control characters (escape sequences) made visible."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else ("\\x%02x" % ord(c) if ord(c) < 256 else "\\u%04x" % ord(c)) for c in text)


def summary(result: CheckResult) -> str:
    plans = f"{result.plans} plan{'s' if result.plans != 1 else ''}"
    if not result.findings:
        return f"no problems in {plans}"
    e, w = result.errors, result.warnings
    return f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''} in {plans}"


def text(result: CheckResult, colour: bool = False) -> str:
    lines = []
    for f in result.findings:
        sev = f.severity
        sev = style(sev, _COL[sev], colour)
        lines.append(f"{clean(f.path)}:{f.line}:{f.column}: {sev}: {clean(f.message)} [{f.rule}]")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def _esc_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _esc_prop(s: str) -> str:
    return _esc_data(s).replace(":", "%3A").replace(",", "%2C")


def github(result: CheckResult) -> str:
    lines = [
        f"::{f.severity} file={_esc_prop(clean(f.path))},line={f.line},col={f.column}::{_esc_data(clean(f.message))}"
        for f in result.findings
    ]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def as_json(result: CheckResult) -> str:
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"
