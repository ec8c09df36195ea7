"""The typed plan: one dataclass per item of the plan format, and :class:`Plan` holding them.

Plans are built by :mod:`saa.loader`; everything else reads these types.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import Loc
from .scalars import Action
from .yamlio import Document

DEFAULT_RAG = (3.0, 4.0)


def shown_path(folder: str, name: str) -> str:
    """How a file of a plan is named in findings: relative as the user wrote the folder."""
    return name if folder in ("", ".") else os.path.join(folder, name)


# ---- typed data -------------------------------------------------------------

@dataclass
class Member:
    name: str
    function: str | None
    region: str | None
    loc: Loc


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
    raw: dict


@dataclass
class Ally:
    ally: str
    target: str
    leverage: str | None
    influence_and_reward: str | None
    meeting_frequency: float | None
    loc: Loc


@dataclass
class ValueOpportunity:
    id: str
    opportunity: str
    owner: str | None
    drivers: list
    formula: str | None
    inputs: dict          # name -> float (converted into the plan's currency)
    raw_inputs: dict      # name -> as written
    per: str
    claimed: float | None
    loc: Loc
    formula_loc: Loc
    claimed_loc: Loc
    input_locs: dict      # name -> Loc
    flawed: bool = False  # its quantification has errors of its own (reported already)


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
    actions: list
    loc: Loc
    quadrant_loc: Loc
    crm_id: str | None = None


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

    units: list               # texts, in the order written
    offerings: list
    cells: list               # WhitespaceCell, in the order written
    loc: Loc

    def cell(self, unit: str, offering: str) -> "WhitespaceCell | None":
        return next((c for c in self.cells if c.unit == unit and c.offering == offering), None)


@dataclass
class CapturePlan:
    opportunity: str
    objective: str | None
    decision_date: _dt.date | None
    buying_influences: list
    win_themes: list
    risks: list
    actions: list
    loc: Loc
    raw: dict


@dataclass
class Question:
    question: str
    team: dict | None      # dimension -> score or None
    spoiler: dict | None
    evidence: str | None
    loc: Loc


@dataclass
class Category:
    name: str
    questions: list
    loc: Loc


@dataclass
class Challenge:
    opportunity: str
    reviewed: _dt.date | None
    spoiler: str | None
    categories: list
    loc: Loc


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
    dir: Path
    display: str
    docs: dict = field(default_factory=dict)     # file name -> Document (exists or not)
    clean: dict = field(default_factory=dict)    # file name -> validated, converted data ({} if absent)
    findings: list = field(default_factory=list)
    unreadable: set = field(default_factory=set)   # files that could not be read as a whole
    error_paths: dict = field(default_factory=dict)  # file name -> paths of values with errors
    id: str = ""
    account: str = ""
    currency: str = "USD"
    fx: dict = field(default_factory=dict)
    rag: tuple = DEFAULT_RAG
    owner: str | None = None
    team: list = field(default_factory=list)
    review_last: _dt.date | None = None
    review_next: _dt.date | None = None
    review_cadence_days: int | None = None
    contacts: list = field(default_factory=list)
    allies: list = field(default_factory=list)
    value_opportunities: list = field(default_factory=list)
    opportunities: list = field(default_factory=list)
    whitespace: Whitespace | None = None          # the whitespace map (optional section of step 8)
    capture_plans: list = field(default_factory=list)
    challenges: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    config: Any = None         # the saa.config.Config in force (saa.yaml, else built-in)
    custom: dict = field(default_factory=dict)   # saa.yaml's custom fields: item -> {item key: {field: value}}

    def doc(self, name: str) -> Document:
        return self.docs[name]

    def has(self, name: str) -> bool:
        d = self.docs.get(name)
        return bool(d and d.exists)

    def data(self, name: str) -> dict:
        return self.clean.get(name) or {}

    def path_of(self, name: str) -> str:
        return shown_path(self.display, name)

    def has_error_under(self, name: str, prefix: tuple) -> bool:
        n = len(prefix)
        return any(tuple(p[:n]) == prefix for p in self.error_paths.get(name, ()))

    @property
    def team_names(self) -> set:
        return {m.name for m in self.team}

    @property
    def contact_names(self) -> set:
        return {c.name for c in self.contacts}
