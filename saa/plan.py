"""The typed plan: one dataclass per item of the plan format, and :class:`Plan` holding them.

Plans are built by :mod:`saa.loader`; everything else reads these types.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import field
from .records import dataclass
from pathlib import Path
from typing import Any

from .findings import Finding, Loc
from .scalars import Action
from .yamlio import Document

DEFAULT_RAG = (3.0, 4.0)


def shown_path(folder: str, name: str) -> str:
    """How a file of a plan is named in findings: relative as the user wrote the folder."""
    return name if folder in ("", ".") else os.path.join(folder, name)


# ---- typed data -------------------------------------------------------------
#
# Every list of the format is loaded with one item per entry as written, in the
# file's order (so ``enumerate`` gives the entry's index in the file). An entry
# whose required text is missing has it as "" ; ``blank`` is True for an entry
# with no valid key at all (``- {}``, ``- ~`` or a value of the wrong shape).
# Lists of texts hold the texts only; lists of actions the valid actions only.


# account.yaml

@dataclass
class Member:
    name: str
    function: str | None
    region: str | None
    loc: Loc


@dataclass
class Alignment:
    """The three critical alignment factors, self-assessed (not-well, moderately-well, very-well)."""

    connect_everyone: str | None = None
    communicate_activities: str | None = None
    shared_understanding: str | None = None
    written: bool = False      # the alignment mapping has at least one valid key

    def as_dict(self) -> dict[str, str | None]:
        return {"connect_everyone": self.connect_everyone, "communicate_activities": self.communicate_activities,
                "shared_understanding": self.shared_understanding}


# 01-customer-profile.yaml

@dataclass
class CustomerAction:
    action: str
    executive: str | None
    loc: Loc
    blank: bool = False


@dataclass
class Swot:
    strengths: list[str] = field(default_factory=list)
    weaknesses: list[str] = field(default_factory=list)
    opportunities: list[str] = field(default_factory=list)
    threats: list[str] = field(default_factory=list)
    written: bool = False      # the swot mapping has at least one valid key


@dataclass
class Implication:
    source: str | None         # `from:` swot or strategic-analysis
    implication: str
    actions: list[Action]
    loc: Loc
    blank: bool = False


@dataclass
class CustomerProfile:
    challenges_and_opportunities: list[str] = field(default_factory=list)
    customer_actions: list[CustomerAction] = field(default_factory=list)
    swot: Swot = field(default_factory=Swot)
    implications: list[Implication] = field(default_factory=list)


# 02-network.yaml

@dataclass
class Contact:
    name: str
    title: str | None
    function: str | None
    role: str | None
    relation: int | None
    meeting_frequency: float | None
    our_link: str | None
    link_level: int | None
    reports_to: str | None
    loc: Loc
    description: str | None = None
    business_results: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    strategies: list[Action] = field(default_factory=list)
    our_link_loc: Loc | None = None
    reports_to_loc: Loc | None = None
    blank: bool = False


@dataclass
class Ally:
    ally: str
    target: str
    leverage: str | None
    influence_and_reward: str | None
    meeting_frequency: float | None
    loc: Loc
    ally_loc: Loc | None = None
    target_loc: Loc | None = None
    blank: bool = False


# 03-needs-kano.yaml

@dataclass
class Need:
    """The needs of one contact (step 3)."""

    contact: str
    business_results: list[str]
    personal: list[str]
    actions: list[Action]
    messages: list[str]
    loc: Loc
    contact_loc: Loc | None = None
    blank: bool = False


@dataclass
class KanoRow:
    care_about: str
    must_have: list[str]
    more_is_better: list[str]
    delight: list[str]
    loc: Loc
    blank: bool = False


# 04-value-opportunities.yaml

@dataclass
class ValueOpportunity:
    id: str
    opportunity: str
    owner: str | None
    drivers: list[str]
    formula: str | None
    inputs: dict[str, float | None]    # name -> value converted into the plan's currency (None: not a quantity)
    raw_inputs: dict[str, object]      # name -> as written in the file
    per: str
    claimed: float | None
    loc: Loc
    formula_loc: Loc
    claimed_loc: Loc
    input_locs: dict[str, Loc]
    flawed: bool = False  # its quantification has errors of its own (reported already)
    business_results: list[str] = field(default_factory=list)
    positioning: str | None = None
    blank: bool = False


# 05-competition.yaml

@dataclass
class Competitor:
    name: str
    position: str | None
    strengths: list[str]
    weaknesses: list[str]
    loc: Loc
    blank: bool = False


@dataclass
class Differentiation:
    """How the customer would rate us and each competitor on one value driver (1-5)."""

    driver: str
    us: int | None
    competitors: dict[str, int | None]
    evidence: list[str]
    loc: Loc
    blank: bool = False


# 06-value-buyers.yaml

@dataclass
class ValueBuyer:
    process: str
    contact: str
    perception: int | None
    assessment: str | None
    drivers: list[str]
    strategies: list[Action]
    loc: Loc
    blank: bool = False


# 07-goals-strategy.yaml

@dataclass
class Goal:
    goal: str
    horizon: str | None
    metric: str | None
    target: str | None
    by: _dt.date | None
    loc: Loc
    blank: bool = False


# 08-opportunities.yaml

@dataclass
class Opportunity:
    id: str
    name: str
    value: float | None
    value_written: bool
    probability: float | None
    stage: str | None
    decision: _dt.date | None
    quadrant: str | None      # as written (override)
    competition: str | None
    notes: str | None
    actions: list[Action]
    loc: Loc
    quadrant_loc: Loc
    decision_loc: Loc | None = None
    crm_id: str | None = None
    blank: bool = False


@dataclass
class WhitespaceCell:
    """One unit x offering pair of the whitespace map."""

    unit: str
    offering: str
    status: str               # ours, competitor, open, pursuing, not-a-fit
    competitor: str | None
    opportunity: str | None   # an opportunity id, for pursuing
    notes: str | None
    loc: Loc
    unit_loc: Loc
    offering_loc: Loc
    opportunity_loc: Loc


@dataclass
class Whitespace:
    """The whitespace map of step 8: the customer's business units x our offerings."""

    units: list[str]                 # in the order written
    offerings: list[str]
    cells: list[WhitespaceCell]      # in the order written
    loc: Loc

    def cell(self, unit: str, offering: str) -> WhitespaceCell | None:
        return next((c for c in self.cells if c.unit == unit and c.offering == offering), None)


# 09-capture-plans.yaml

@dataclass
class CapturePlan:
    opportunity: str
    objective: str | None
    decision_date: _dt.date | None
    buying_influences: list[str]
    win_themes: list[str]
    risks: list[str]
    actions: list[Action]
    loc: Loc
    decision_process: str | None = None
    competition: str | None = None
    opportunity_loc: Loc | None = None
    buying_influence_locs: list[Loc] = field(default_factory=list)   # one per buying influence, same order
    blank: bool = False


# 10-challenge.yaml

@dataclass
class Question:
    question: str
    team: dict[str, int | None] | None      # dimension -> score; None when not written
    spoiler: dict[str, int | None] | None
    evidence: str | None
    loc: Loc


@dataclass
class Category:
    name: str
    questions: list[Question]
    loc: Loc


@dataclass
class Challenge:
    opportunity: str
    reviewed: _dt.date | None
    spoiler: str | None
    categories: list[Category]
    loc: Loc
    opportunity_loc: Loc | None = None
    blank: bool = False


# every file: actions with where they come from

@dataclass
class ActionItem:
    """An action with where it comes from (step, item) and where it is written."""

    action: Action
    step: int
    source: str
    loc: Loc
    owner_loc: Loc | None = None
    due_loc: Loc | None = None


@dataclass
class Plan:
    """One plan folder, typed. Lists named ``all_*`` hold every entry as written (also those without
    their id or name); the lists without the prefix hold only entries with it, as the rules use them."""

    dir: Path
    display: str
    docs: dict[str, Document] = field(default_factory=dict)   # file name -> Document (exists or not), for positions
    findings: list[Finding] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)   # files that could not be read as a whole
    error_paths: dict[str, list[tuple]] = field(default_factory=dict)  # file name -> paths of values with errors
    # account.yaml
    id: str = ""
    account: str = ""
    industry: str | None = None
    region: str | None = None
    currency: str = "USD"
    fx: dict[str, float] = field(default_factory=dict)
    rag: tuple[float, float] = DEFAULT_RAG
    owner: str | None = None
    owner_loc: Loc | None = None
    team: list[Member] = field(default_factory=list)
    review_last: _dt.date | None = None
    review_next: _dt.date | None = None
    review_cadence_days: int | None = None
    alignment: Alignment = field(default_factory=Alignment)
    # step 1
    profile: CustomerProfile = field(default_factory=CustomerProfile)
    # step 2
    all_contacts: list[Contact] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    all_allies: list[Ally] = field(default_factory=list)
    allies: list[Ally] = field(default_factory=list)
    # step 3
    needs: list[Need] = field(default_factory=list)
    kano: list[KanoRow] = field(default_factory=list)
    # step 4
    all_value_opportunities: list[ValueOpportunity] = field(default_factory=list)
    value_opportunities: list[ValueOpportunity] = field(default_factory=list)
    # step 5
    competitors: list[Competitor] = field(default_factory=list)
    differentiation: list[Differentiation] = field(default_factory=list)
    # step 6
    value_buyers: list[ValueBuyer] = field(default_factory=list)
    # step 7
    goals: list[Goal] = field(default_factory=list)
    strategies: list[str] = field(default_factory=list)
    time_allocation: dict[str, float] = field(default_factory=dict)   # activity -> share (0.25), as written
    time_allocation_loc: Loc | None = None
    # step 8
    all_opportunities: list[Opportunity] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    whitespace: Whitespace | None = None          # the whitespace map (optional section of step 8)
    # step 9
    all_capture_plans: list[CapturePlan] = field(default_factory=list)
    capture_plans: list[CapturePlan] = field(default_factory=list)
    # step 10
    all_challenges: list[Challenge] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)
    # every step
    actions: list[ActionItem] = field(default_factory=list)
    # saa.yaml
    config: Any = None         # the saa.config.Config in force (saa.yaml, else built-in)
    custom: dict = field(default_factory=dict)   # saa.yaml's custom fields: item -> {item key: {field: value}}

    def doc(self, name: str) -> Document:
        return self.docs[name]

    def has(self, name: str) -> bool:
        d = self.docs.get(name)
        return bool(d and d.exists)

    def path_of(self, name: str) -> str:
        return shown_path(self.display, name)

    def has_error_under(self, name: str, prefix: tuple) -> bool:
        n = len(prefix)
        return any(tuple(p[:n]) == prefix for p in self.error_paths.get(name, ()))

    @property
    def team_names(self) -> set[str]:
        return {m.name for m in self.team}

    @property
    def contact_names(self) -> set[str]:
        return {c.name for c in self.contacts}
