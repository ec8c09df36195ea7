"""Completeness of each step: checked items / all items (docs/format.md, completeness).

The items are data, in one place: :data:`ITEMS` holds, for each step, what
"done" means (``done_when``: the skeleton's checklist and the report's "Done
when"), what to say when it is not done (``missing``, ``missing_for``: what
``saa status`` and the report list) and the test over the typed plan.

A value of TODO, TBD, ?, ... or an empty string counts as missing. An item
about "every X" needs at least one X to be checked (an empty list proves
nothing yet). A missing step file is a step not started: 0%.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import field
from .records import dataclass

from .vocab import DECISION_MAKER, NEEDS_ROLES, STEP_FILES
from .plan import Plan
from .scalars import Action, is_missing

# What a test answers: True (done) or False (nothing to check yet), or the names of the
# entries that lack it (an empty list is done).
Outcome = bool | list[str]


@dataclass(frozen=True)
class CompletenessItem:
    """One completeness item of one step."""

    step: int
    done_when: str                       # "at least one decision maker"
    missing: str                         # "no decision maker yet": said when the test answers False
    test: Callable[[Plan], Outcome]
    missing_for: str = ""                # "role, relation or our_link missing for {}": with the names lacking it

    def check(self, plan: Plan) -> tuple[bool, str]:
        """(done, what is missing: "" when done)."""
        out = self.test(plan)
        if out is True or (isinstance(out, list) and not out):
            return True, ""
        if out is False:
            return False, self.missing
        return False, (self.missing_for or self.missing + ": {}").format(", ".join(out))


@dataclass
class StepCompleteness:
    step: int
    checked: int
    total: int
    missing: list[str] = field(default_factory=list)   # what is missing, one text per item not done

    @property
    def percent(self) -> float:
        return 100.0 * self.checked / self.total if self.total else 100.0


@dataclass
class Completeness:
    steps: dict[int, StepCompleteness]
    required: tuple = tuple(STEP_FILES)   # the steps that count (saa.yaml steps.required); others are optional

    @property
    def percent(self) -> float:
        counted = [s for n, s in self.steps.items() if n in self.required] or list(self.steps.values())
        return sum(s.percent for s in counted) / len(counted)

    @property
    def missing(self) -> list[tuple[int, str]]:
        """What is missing in the required steps."""
        return [(s.step, item) for s in self.steps.values() if s.step in self.required for item in s.missing]

    @property
    def optional(self) -> list[int]:
        """The steps that do not count (not in saa.yaml's steps.required)."""
        return [n for n in self.steps if n not in self.required]


def present(v) -> bool:
    return not is_missing(v)


def _any_text(items: Iterable[str]) -> bool:
    return any(present(x) for x in items)


def _has_action(actions: list[Action]) -> bool:
    return any(present(a.do) for a in actions)


def _label(name: str, i: int) -> str:
    return name or f"#{i + 1}"


def _every(entries: list, ok: Callable, name: Callable) -> Outcome:
    """An 'every entry' item: False without entries, else the names of those that fail ``ok``."""
    if not entries:
        return False
    return [_label(name(e), i) for i, e in enumerate(entries) if not ok(e)]


# ---- the tests, one per item ------------------------------------------------

def _swot_lists(plan: Plan) -> list[str]:
    s = plan.profile.swot
    return [k for k, v in (("strengths", s.strengths), ("weaknesses", s.weaknesses),
                           ("opportunities", s.opportunities), ("threats", s.threats)) if not _any_text(v)]


def _needs_lacking(plan: Plan) -> Outcome:
    from .kano import missing_needs

    if not any(c.role in NEEDS_ROLES for c in plan.contacts):
        return False
    return [c.name for c in missing_needs(plan)]


def _value_ok(plan: Plan) -> Outcome:
    from .value import evaluate

    evaluable = {vo.id for vo in plan.value_opportunities if evaluate(vo).per_period is not None}
    return _every(plan.all_value_opportunities,
                  lambda v: present(v.owner) and _any_text(v.drivers) and v.id in evaluable, lambda v: v.id)


def _goal_horizons(plan: Plan) -> list[str]:
    have = {g.horizon for g in plan.goals if not g.blank}
    return [h for h in ("short", "long") if h not in have]


def _time_allocation(plan: Plan) -> Outcome:
    from .goals import time_allocation_adds_up, time_allocation_total

    adds_up = time_allocation_adds_up(plan)
    if adds_up is None:
        return False
    return [] if adds_up else [f"{(time_allocation_total(plan) or 0.0) * 100:g}%"]


def _capture_plans_for_deals(plan: Plan) -> Outcome:
    from .capture import deals_without_capture_plan

    if not any(not c.blank for c in plan.all_capture_plans):
        return False
    return [o.id for o in deals_without_capture_plan(plan)]


def _challenges_for_capture_plans(plan: Plan) -> Outcome:
    from .capture import capture_plans_without_challenge

    if not any(not c.blank for c in plan.all_challenges):
        return False
    return [cp.opportunity for cp in capture_plans_without_challenge(plan)]


def _team_scores(plan: Plan) -> Outcome:
    qs = [q for ch in plan.challenges for cat in ch.categories for q in cat.questions]
    if not qs:
        return False
    lacking = sum(1 for q in qs if not (q.team and len(q.team) == 3 and all(v is not None for v in q.team.values())))
    return [f"{lacking} of {len(qs)} question{'s' if len(qs) != 1 else ''}"] if lacking else []


def _spoiler_scores(plan: Plan) -> Outcome:
    from .challenge import has_spoiler_scores

    if not plan.challenges:
        return False
    return [ch.opportunity for ch in plan.challenges if not has_spoiler_scores(ch)]


ITEMS: tuple[CompletenessItem, ...] = (
    CompletenessItem(1, "at least one challenge/opportunity", "no challenge or opportunity of the customer yet",
         lambda p: _any_text(p.profile.challenges_and_opportunities)),
    CompletenessItem(1, "at least one customer action with its executive", "no customer action with its executive yet",
         lambda p: any(present(a.action) and present(a.executive) for a in p.profile.customer_actions)),
    CompletenessItem(1, "all four SWOT lists non-empty", "", _swot_lists, missing_for="SWOT lists still empty: {}"),
    CompletenessItem(1, "at least one implication with an action", "no implication with an action yet",
         lambda p: any(present(i.implication) and _has_action(i.actions) for i in p.profile.implications)),

    CompletenessItem(2, "at least one decision maker", "no decision maker yet",
         lambda p: any(c.role == DECISION_MAKER for c in p.all_contacts)),
    CompletenessItem(2, "every contact has role, relation and our_link", "no contact yet",
         lambda p: _every(p.all_contacts, lambda c: c.role and c.relation is not None and present(c.our_link),
                          lambda c: c.name),
         missing_for="role, relation or our_link missing for {}"),
    CompletenessItem(2, "at least one ally", "no ally yet", lambda p: any(not a.blank for a in p.all_allies)),

    CompletenessItem(3, "needs for every decision maker and key influencer",
         "no decision maker or key influencer in 02-network.yaml to write needs for yet", _needs_lacking,
         missing_for="needs missing for {}"),
    CompletenessItem(3, "at least one KANO row with all three levels", "no KANO row with all three levels yet",
         lambda p: any(_any_text(k.must_have) and _any_text(k.more_is_better) and _any_text(k.delight) for k in p.kano)),

    CompletenessItem(4, "at least one value opportunity", "no value opportunity yet", lambda p: bool(p.all_value_opportunities)),
    CompletenessItem(4, "each value opportunity has owner, drivers and a formula that evaluates", "no value opportunity yet",
         _value_ok, missing_for="owner, drivers or a formula that evaluates missing for {}"),

    CompletenessItem(5, "at least one competitor", "no competitor yet", lambda p: any(not c.blank for c in p.competitors)),
    CompletenessItem(5, "at least one differentiation row", "no differentiation row yet",
         lambda p: any(not r.blank for r in p.differentiation)),

    CompletenessItem(6, "at least one value buyer", "no value buyer yet", lambda p: bool(p.value_buyers)),
    CompletenessItem(6, "each value buyer has a perception and a strategy", "no value buyer yet",
         lambda p: _every(p.value_buyers, lambda b: b.perception is not None and _has_action(b.strategies),
                          lambda b: b.process),
         missing_for="perception or strategy missing for {}"),

    CompletenessItem(7, "at least one short and one long goal", "", _goal_horizons, missing_for="no {} goal yet"),
    CompletenessItem(7, "time allocation adds up to 100%", "no time allocation yet", _time_allocation,
         missing_for="time allocation adds up to {}, not 100%"),

    CompletenessItem(8, "at least one opportunity", "no opportunity yet", lambda p: bool(p.all_opportunities)),
    CompletenessItem(8, "each opportunity has value (or unknown), stage, decision date and an action", "no opportunity yet",
         lambda p: _every(p.all_opportunities, lambda o: bool(o.id) and o.value_written and bool(o.stage)
                          and o.decision is not None and _has_action(o.actions), lambda o: o.id),
         missing_for="value, stage, decision date or action missing for {}"),

    CompletenessItem(9, "a capture plan for every quadrant-I opportunity", "no capture plan yet", _capture_plans_for_deals,
         missing_for="no capture plan yet for the quadrant-I {}"),
    CompletenessItem(9, "each capture plan has an objective and an action with owner and due date", "no capture plan yet",
         lambda p: _every([c for c in p.all_capture_plans if not c.blank],
                          lambda c: present(c.objective) and any(a.owner and a.due for a in c.actions),
                          lambda c: c.opportunity),
         missing_for="objective or an action with owner and due date missing for {}"),

    CompletenessItem(10, "a challenge for every capture plan", "no challenge yet", _challenges_for_capture_plans,
         missing_for="no challenge yet for the capture plan of {}"),
    CompletenessItem(10, "team scores on every question", "no challenge question yet", _team_scores,
         missing_for="team scores missing on {}"),
    CompletenessItem(10, "spoiler scores in every challenge", "no challenge yet", _spoiler_scores,
         missing_for="no spoiler scores yet for {}"),
)


def items(step: int) -> list[CompletenessItem]:
    """The items of one step, in order."""
    return [it for it in ITEMS if it.step == step]


def done_when(step: int) -> list[str]:
    """What "done" means for one step: the checklist of the skeleton and the report."""
    return [it.done_when for it in ITEMS if it.step == step]


def completeness(plan: Plan) -> Completeness:
    steps = {}
    for step, name in STEP_FILES.items():
        its = items(step)
        if not plan.has(name):
            steps[step] = StepCompleteness(step, 0, len(its), [f"{name} not started"])
            continue
        results = [it.check(plan) for it in its]
        steps[step] = StepCompleteness(step, sum(1 for ok, _ in results if ok), len(results),
                                       [text for ok, text in results if not ok])
    # saa.yaml's steps.required (the typed plan carries its configuration; no import of saa.config here,
    # so the rule registry, which asks completeness, never depends on the configuration module)
    required = getattr(plan.config, "required", None) or tuple(STEP_FILES)
    return Completeness(steps, tuple(required))
