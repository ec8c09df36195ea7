"""``saa check``: schema findings, cross-file rules and gates over plans. Never prints."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .findings import Finding, sort_findings
from .plan import Plan, today as _today


@dataclass
class CheckOptions:
    strict: bool = False
    min_completeness: float | None = None
    max_age: int | None = None
    today: _dt.date | None = None


@dataclass
class CheckResult:
    findings: list = field(default_factory=list)
    plans: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def as_dict(self) -> dict:
        return {"findings": [f.as_dict() for f in self.findings], "plans": self.plans,
                "errors": self.errors, "warnings": self.warnings}


def check_plan(plan: Plan, opts: CheckOptions) -> list[Finding]:
    from .completeness import completeness
    from .rules import all_findings, stale

    today = opts.today or _today()
    found = list(plan.findings)
    found.extend(all_findings(plan, today))
    if opts.max_age is not None:
        found.extend(stale(plan, today, opts.max_age))
    if opts.min_completeness is not None:
        pct = completeness(plan).percent
        if pct + 1e-9 < opts.min_completeness:
            loc = plan.doc("account.yaml").loc(())
            found.append(loc.error("completeness", f"plan {plan.id} is {pct:.0f}% complete, below the minimum "
                                                   f"{opts.min_completeness:g}% (see `saa status {plan.display}`)"))
    # one finding per place and message
    return list(dict.fromkeys(found))


def check_plans(plans: list[Plan], opts: CheckOptions | None = None) -> CheckResult:
    opts = opts or CheckOptions()
    found: list[Finding] = []
    for plan in plans:
        found.extend(check_plan(plan, opts))
    return CheckResult(sort_findings(found), len(plans))
