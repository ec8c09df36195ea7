"""What every rule unit shares: :class:`Rule`, the :class:`Context` a check runs in, name hints."""

from __future__ import annotations

import datetime as _dt
import inspect
from collections.abc import Callable, Iterator
from dataclasses import field
from ..records import dataclass
from typing import ClassVar

from ..findings import Finding, Loc, Severity
from ..plan import Plan
from ..validate import did_you_mean

# what part of saa reports a rule id
KINDS = {
    "file": "reading a file",
    "schema": "the file format",
    "plan": "across the plan",
    "gate": "a gate of saa check (only with its option)",
    "fmt": "saa fmt",
    "import": "saa import crm",
    "config": "the configuration file saa.yaml",
}


@dataclass
class Context:
    """What a check may need besides the plan: today and the options of `saa check`."""

    today: _dt.date
    max_age: int | None = None               # --max-age DAYS
    min_completeness: float | None = None    # --min-completeness PCT
    _memo: dict = field(default_factory=dict)

    def memo(self, plan: Plan, key: str, compute: Callable):
        """`compute()` once per plan and key (rules that share one evaluation)."""
        k = (id(plan), key)
        if k not in self._memo:
            self._memo.clear() if len(self._memo) > 64 else None
            self._memo[k] = (plan, compute())
        return self._memo[k][1]


class Rule:
    """A rule id: its default severity, where it comes from and, for plan rules, its check.

    The class docstring is the rule's documentation, written for users: its first
    line is the one-line summary of `saa rules`; the rest goes to docs/rules.md.
    """

    ID: ClassVar[str] = ""
    SEVERITY: ClassVar[Severity] = "error"
    KIND: ClassVar[str] = "plan"

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n", 1)[0].strip()

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def finding(cls, loc: Loc, message: str, severity: Severity | None = None) -> Finding:
        """A finding of this rule at ``loc``; ``severity`` only where the rule's docstring says a case differs."""
        return Finding(loc.path, loc.line, loc.column, severity or cls.SEVERITY, cls.ID, message)

    @classmethod
    def checks(cls) -> bool:
        """True for rules `saa check` runs over the typed plan; False for ids found while reading and validating."""
        return any("check" in vars(k) for k in cls.__mro__[:cls.__mro__.index(Rule)])

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        """The findings of this rule on one plan (none for ids found while reading and validating)."""
        return iter(())


class Names(set):
    """Known names, and how many more "did you mean" hints may still be searched among them.

    Each hint is a fuzzy search over every name, so on a huge plan (thousands of dangling
    names) only the first few get one: `saa check` stays bounded in time.
    """
    hints_left = 50


def hint(name: str, known: set) -> str:
    if isinstance(known, Names):
        if known.hints_left <= 0 or len(known) > 2000:
            return ""
        known.hints_left -= 1
    return did_you_mean(name, known)
