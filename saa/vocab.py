"""The method's vocabulary, defined once: steps and stages, deal stages, quadrants, roles, colours, views.

Every command, rule, report and schema takes its words from here, so a step is
called the same everywhere and an enum of the format is the same list the
validator, the JSON Schemas and the renderers use. Nothing here computes.
"""

from __future__ import annotations

from .records import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    file: str
    name: str
    stage: str          # the letter of the stage: A, B, C or D


@dataclass(frozen=True)
class Stage:
    letter: str
    name: str
    steps: tuple[int, ...]

    @property
    def title(self) -> str:
        return f"{self.letter}. {self.name}"


ACCOUNT_FILE = "account.yaml"

STEPS: dict[int, Step] = {s.number: s for s in (
    Step(1, "01-customer-profile.yaml", "Customer profile", "A"),
    Step(2, "02-network.yaml", "Customer network", "A"),
    Step(3, "03-needs-kano.yaml", "Needs and KANO", "A"),
    Step(4, "04-value-opportunities.yaml", "Value opportunities", "B"),
    Step(5, "05-competition.yaml", "Competition", "B"),
    Step(6, "06-value-buyers.yaml", "Value buyers", "B"),
    Step(7, "07-goals-strategy.yaml", "Goals and strategy", "C"),
    Step(8, "08-opportunities.yaml", "Opportunity matrix", "C"),
    Step(9, "09-capture-plans.yaml", "Capture plans", "D"),
    Step(10, "10-challenge.yaml", "Challenge scoring", "D"),
)}
STEP_NAMES: dict[int, str] = {n: s.name for n, s in STEPS.items()}
STEP_FILES: dict[int, str] = {n: s.file for n, s in STEPS.items()}
STEP_OF_FILE: dict[str, int] = {s.file: n for n, s in STEPS.items()}

METHOD_STAGES: dict[str, Stage] = {s.letter: s for s in (
    Stage("A", "Know the customer", (1, 2, 3)),
    Stage("B", "Create quantifiable value", (4, 5, 6)),
    Stage("C", "Goals, strategy, process", (7, 8)),
    Stage("D", "Capture specific opportunities", (9, 10)),
)}

# contacts: their role in the customer's decision, in the order views list them
ROLES = ("decision-maker", "key-influencer", "technical-approver", "user", "gatekeeper", "coach", "other")
DECISION_MAKER = "decision-maker"
COACH = "coach"
NEEDS_ROLES = (DECISION_MAKER, "key-influencer")     # whose needs step 3 records

# deals: the stage of an opportunity, and the quadrant of the matrix each stage falls in
DEAL_STAGES = ("potential", "concept", "assessment", "qualified", "proposal", "negotiation",
               "on-hold", "delayed", "cancelling", "won", "lost")
CLOSED_DEAL_STAGES = ("won", "lost")
QUADRANTS = ("I", "II", "III", "IV")
QUADRANT_NAMES = {
    "I": "Deals in progress",
    "II": "Early-stage deals",
    "III": "Customer delay or cancelling",
    "IV": "Long-term potential",
}
QUADRANT_OF_STAGE = {
    "qualified": "I", "proposal": "I", "negotiation": "I",
    "concept": "II", "assessment": "II",
    "on-hold": "III", "delayed": "III", "cancelling": "III",
    "potential": "IV",
}
IN_PROGRESS = "I"    # the quadrant whose deals need a capture plan

# the whitespace map (business units x offerings): the status of each cell
WHITESPACE_STATUS = ("ours", "competitor", "open", "pursuing", "not-a-fit")

# challenge scoring
DIMENSIONS = ("confidence", "implications", "actions")
DIMENSION_SHORT = {"confidence": "Conf.", "implications": "Impl.", "actions": "Act."}
VIEWS = ("team", "spoiler", "both")
WHO = ("team", "spoiler")
COLOURS = ("red", "yellow", "green")
COLOUR_RANK = {c: i for i, c in enumerate(COLOURS)}   # lower is worse
UNCHALLENGED = "unchallenged"                          # no spoiler scores: shown instead of a colour

# the account header
ALIGNMENT = ("not-well", "moderately-well", "very-well")
ALIGNMENT_NAMES = {
    "connect_everyone": "Connect everyone who interacts with the customer",
    "communicate_activities": "Communicate all key activities across the team",
    "shared_understanding": "Share one understanding of the customer's strategy and priorities",
}
TIME_NAMES = {
    "sales_opportunities": "Working sales opportunities",
    "customer_knowledge": "Building customer knowledge",
    "build_relationships": "Building relationships",
    "position_value": "Positioning value",
    "internal_alignment": "Internal alignment",
}

# value opportunities: how often a value recurs, and how many times a year that is
PER = ("once", "month", "quarter", "year")
PERIODS_PER_YEAR = {"once": 1, "month": 12, "quarter": 4, "year": 1}

ACTION_STATUS = ("open", "done", "dropped")

# The method's guiding questions of each challenge dimension: what a score answers (all 12).
GUIDE: dict[str, tuple[str, ...]] = {
    "confidence": ("Why are we confident?",
                   "What hard evidence do we have, first-hand from the customer?",
                   "Is the source reliable?",
                   "Are there comparable past situations?"),
    "implications": ("How does this move the customer's buying process?",
                     "What would change it?",
                     "How can we use the information to influence the buying process?"),
    "actions": ("What do we do?",
                "How will we know soon that it works?",
                "How will the customer and competitors respond?",
                "What alternatives should we consider?",
                "What behaviour would confirm or question our assumptions?"),
}

# The method's standard challenge questions, by category: the default question set (saa.yaml's
# challenge.questions replaces it, see saa.config).
QUESTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Customer issues and objectives that are driving their process now", (
        "What is the customer trying to accomplish?",
        "How urgently does the customer need to accomplish the objectives?",
        "Why did the customer begin the process now?",
    )),
    ("The customer's buying process", (
        "Who makes the decision, and who influences it?",
        "What are the decision criteria, and how are they weighted?",
        "When will the decision be made, and what could delay it?",
    )),
    ("Competition", (
        "Who else is the customer considering, including doing nothing?",
        "How does the customer see each competitor against us?",
    )),
    ("Our value and position", (
        "What quantified value do we offer, and does the customer agree with it?",
        "Why should the customer choose us rather than the alternatives?",
        "Who at the customer supports us, and who opposes us?",
    )),
)
