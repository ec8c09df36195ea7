"""Completeness of each step (docs/format.md, completeness) as checked items / all items.

A value of TODO, TBD, ?, ... or an empty string counts as missing. An item
about "every X" needs at least one X to be checked (an empty list proves
nothing yet). A missing step file is a step not started: 0%.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .vocab import STEP_FILES
from .plan import Plan
from .scalars import is_missing


@dataclass
class StepCompleteness:
    step: int
    checked: int
    total: int
    missing: list = field(default_factory=list)   # item texts

    @property
    def percent(self) -> float:
        return 100.0 * self.checked / self.total if self.total else 100.0


@dataclass
class Completeness:
    steps: dict            # step -> StepCompleteness
    required: tuple = tuple(STEP_FILES)   # the steps that count (saa.yaml steps.required); others are optional

    @property
    def percent(self) -> float:
        counted = [s for n, s in self.steps.items() if n in self.required] or list(self.steps.values())
        return sum(s.percent for s in counted) / len(counted)

    @property
    def missing(self) -> list:
        """What is missing in the required steps."""
        return [(s.step, item) for s in self.steps.values() if s.step in self.required for item in s.missing]

    @property
    def optional(self) -> list:
        """The steps that do not count (not in saa.yaml's steps.required)."""
        return [n for n in self.steps if n not in self.required]


def present(v) -> bool:
    return not is_missing(v)


def _names(items, key):
    return ", ".join(str((it or {}).get(key) or f"#{i + 1}") for i, it in enumerate(items))


def _every(items, ok, key):
    """(checked, detail) for an 'every item' check; needs at least one item."""
    if not items:
        return False, ""
    bad = [it for it in items if not ok(it or {})]
    return not bad, (f" (missing for: {_names(bad, key)})" if bad else "")


def _step1(d):
    sa = d.get("strategic_analysis") or {}
    swot = d.get("swot") or {}
    yield any(present(x) for x in sa.get("challenges_and_opportunities") or []), "at least one challenge/opportunity"
    yield any(present((a or {}).get("action")) and present((a or {}).get("executive"))
              for a in sa.get("customer_actions") or []), "at least one customer action with its executive"
    yield all(any(present(x) for x in swot.get(k) or []) for k in ("strengths", "weaknesses", "opportunities", "threats")), \
        "all four SWOT lists non-empty"
    yield any(present((i or {}).get("implication")) and any(a is not None and present(a.do) for a in (i or {}).get("actions") or [])
              for i in d.get("implications") or []), "at least one implication with an action"


def _step2(d):
    contacts = d.get("contacts") or []
    yield any((c or {}).get("role") == "decision-maker" for c in contacts), "at least one decision-maker"
    ok, detail = _every(contacts, lambda c: c.get("role") and c.get("relation") is not None and present(c.get("our_link")), "name")
    yield ok, "every contact has role, relation and our_link" + detail
    yield any(a for a in d.get("allies") or []), "at least one ally"


def _step3(d, plan: Plan):
    needed = [c.name for c in plan.contacts if c.role in ("decision-maker", "key-influencer")]
    have = {(n or {}).get("contact") for n in d.get("needs") or []
            if present((n or {}).get("contact")) and any(present((n or {}).get(k)) for k in ("business_results", "personal", "actions", "messages"))}
    lacking = [n for n in needed if n not in have]
    yield bool(needed) and not lacking, "needs for every decision-maker and key-influencer" + (
        f" (missing for: {', '.join(lacking)})" if lacking and needed else "")
    yield any(all(any(present(x) for x in (k or {}).get(lvl) or []) for lvl in ("must_have", "more_is_better", "delight"))
              for k in d.get("kano") or []), "at least one KANO row with all three levels"


def _step4(d, plan: Plan):
    from .value import evaluate

    vos = d.get("value_opportunities") or []
    yield bool(vos), "at least one value opportunity"
    evaluable = {vo.id for vo in plan.value_opportunities if evaluate(vo).per_period is not None}
    ok, detail = _every(vos, lambda v: present(v.get("owner")) and any(present(x) for x in v.get("drivers") or [])
                        and v.get("id") in evaluable, "id")
    yield ok, "each has owner, drivers and a formula that evaluates" + detail


def _step5(d):
    yield any(c for c in d.get("competitors") or []), "at least one competitor"
    yield any(r for r in d.get("differentiation") or []), "at least one differentiation row"


def _step6(d):
    vbs = d.get("value_buyers") or []
    yield bool(vbs), "at least one value buyer"
    ok, detail = _every(vbs, lambda b: b.get("perception") is not None and any(a is not None and present(a.do) for a in b.get("strategies") or []), "process")
    yield ok, "each value buyer has a perception and a strategy" + detail


def _step7(d, plan: Plan):
    from .goals import time_allocation_adds_up

    goals = [g for g in d.get("goals") or [] if g]
    yield any(g.get("horizon") == "short" for g in goals) and any(g.get("horizon") == "long" for g in goals), \
        "at least one short and one long goal"
    yield bool(d) and time_allocation_adds_up(plan) is True, "time allocation adds up to 100%"


def _step8(d, plan: Plan):
    opps = d.get("opportunities") or []
    yield bool(opps), "at least one opportunity"
    written = {o.id for o in plan.opportunities if o.value_written}
    ok, detail = _every(opps, lambda o: o.get("id") in written and o.get("stage") and o.get("decision") is not None
                        and any(a is not None and present(a.do) for a in o.get("actions") or []), "id")
    yield ok, "each opportunity has value (or unknown), stage, decision date and an action" + detail


def _step9(d, plan: Plan):
    from .capture import deals_without_capture_plan

    cps = [c for c in d.get("capture_plans") or [] if c]
    lacking = [o.id for o in deals_without_capture_plan(plan)] if d else []
    yield bool(cps) and not lacking, "a capture plan for every quadrant-I opportunity" + (
        f" (missing for: {', '.join(lacking)})" if lacking else "")
    ok, detail = _every(cps, lambda c: present(c.get("objective")) and any(
        a is not None and a.owner and a.due for a in c.get("actions") or []), "opportunity")
    yield ok, "each capture plan has an objective and an action with owner and due date" + detail


def _step10(d, plan: Plan):
    from .capture import capture_plans_without_challenge
    from .challenge import has_spoiler_scores

    chs = [c for c in d.get("challenges") or [] if c]
    lacking = [cp.opportunity for cp in capture_plans_without_challenge(plan)] if d else []
    yield bool(chs) and not lacking, "a challenge for every capture plan" + (
        f" (missing for: {', '.join(lacking)})" if lacking else "")
    qs = [q for ch in plan.challenges for cat in ch.categories for q in cat.questions]
    yield bool(qs) and all(q.team and all(v is not None for v in q.team.values()) and len(q.team) == 3 for q in qs), \
        "team scores on every question"
    yield bool(d) and bool(plan.challenges) and all(has_spoiler_scores(ch) for ch in plan.challenges), \
        "spoiler scores present"


_CHECKS = {1: _step1, 2: _step2, 3: _step3, 4: _step4, 5: _step5, 6: _step6, 7: _step7, 8: _step8, 9: _step9, 10: _step10}
_NEEDS_PLAN = {3, 4, 7, 8, 9, 10}


def _not_started_items(step: int, plan: Plan) -> list:
    return [item.split(" (missing")[0] for _, item in _CHECKS[step](*(({}, plan) if step in _NEEDS_PLAN else ({},)))]


def completeness(plan: Plan) -> Completeness:
    steps = {}
    for step, name in STEP_FILES.items():
        if not plan.has(name):
            items = _not_started_items(step, plan)
            steps[step] = StepCompleteness(step, 0, len(items), [f"{name} not started"])
            continue
        d = plan.data(name)
        fn = _CHECKS[step]
        results = list(fn(d, plan) if step in _NEEDS_PLAN else fn(d))
        steps[step] = StepCompleteness(step, sum(1 for ok, _ in results if ok), len(results),
                                       [item for ok, item in results if not ok])
    # saa.yaml's steps.required (the typed plan carries its configuration; no import of saa.config here,
    # so the rule registry, which asks completeness, never depends on the configuration module)
    required = getattr(plan.config, "required", None) or tuple(STEP_FILES)
    return Completeness(steps, tuple(required))
