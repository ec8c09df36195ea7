"""Findings: every problem found in a plan is data, never an exception."""

from __future__ import annotations

from .records import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True, slots=True)   # no __dict__ each: saa check keeps every finding
class Finding:
    """One problem at one place: ``path:line:col: severity: message [rule]``.

    ``line`` and ``column`` are 1-based and point at the offending key or value.
    """

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
        }


@dataclass(frozen=True)
class Loc:
    """Where something was written: a file and a 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def finding(self, severity: Severity, rule: str, message: str) -> Finding:
        return Finding(self.path, self.line, self.column, severity, rule, message)

    def error(self, rule: str, message: str) -> Finding:
        return self.finding("error", rule, message)

    def warning(self, rule: str, message: str) -> Finding:
        return self.finding("warning", rule, message)


# account.yaml first, then the steps in the method's order: causes come before what follows from them
_FILE_RANK = {name: i for i, name in enumerate((
    "account.yaml", "01-customer-profile.yaml", "02-network.yaml", "03-needs-kano.yaml",
    "04-value-opportunities.yaml", "05-competition.yaml", "06-value-buyers.yaml", "07-goals-strategy.yaml",
    "08-opportunities.yaml", "09-capture-plans.yaml", "10-challenge.yaml"))}


def _sort_key(f: Finding):
    folder, _, name = f.path.replace("\\", "/").rpartition("/")
    return (folder, _FILE_RANK.get(name, len(_FILE_RANK)), name, f.line, f.column, f.rule, f.message)


def sort_findings(findings) -> list[Finding]:
    return sorted(findings, key=_sort_key)
