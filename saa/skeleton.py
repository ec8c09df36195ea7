"""``saa new``: write a complete plan skeleton that an account team can fill in.

Every plan file is generated from :mod:`saa.fileformat`: a header naming the step,
its purpose, the questions to ask and what "done" means (docs/format.md,
completeness); every field introduced by its guidance; lists empty (``[]``) with a
commented-out example entry showing every key, taken from the method's own
worked example (a global telecom equipment maker). The first line of each file
points the editor at the JSON Schema written into ``DIR/.schemas/``, so the plan
is self-contained in git and editors work offline.

The skeleton validates as written: ``saa check`` reports nothing on it.
"""

from __future__ import annotations

import re
import shlex
import textwrap
import unicodedata
from pathlib import Path

from .atomic import write_text_atomic
from .completeness import done_when
from .fileformat import FILES, SCORES, Spec, schema_name
from .vocab import METHOD_STAGES, STEP_NAMES, STEPS
from .schema import write_schemas
from .yamlio import resolve_plain

SCHEMA_DIR = ".schemas"
WIDTH = 96          # longest line we aim for
COMMENT_COL = 34    # where inline comments start when the line is short enough

STAGE_OF_STEP = {n: METHOD_STAGES[step.stage].title for n, step in STEPS.items()}

# ---- what each file is for (docs/format.md) ---------------------------------------

PURPOSE = {
    "account.yaml": [
        "The account header: who the customer is, everyone on our side who routinely interacts "
        "with them, when the plan is reviewed, and how well we are aligned. This file marks the "
        "folder as a plan.",
        "The 10-step Strategic Account Alignment method answers three problems account teams name "
        "again and again: global alignment (everyone who touches the customer works from one "
        "picture), strategic relationships (reaching the people who decide), and goals, strategy "
        "and process (balancing short- and long-term work).",
    ],
    "01-customer-profile.yaml": [
        "Understand the customer's business the way its executives do: its strategic challenges "
        "and opportunities, what it is doing about them, its SWOT in its own industry, and then "
        "the 'so what' for us and the 'what now': the actions we take.",
        "Ask: what keeps the customer's executives awake at night? Where is their industry going? "
        "Which of their initiatives could we help succeed, and which threaten our position?",
    ],
    "02-network.yaml": [
        "Map the customer's network: everyone in the decision, their role, how good our "
        "relationship is, how often we meet, and who on our team holds each relationship. Then "
        "find the allies we already know who can get us to the people we must reach.",
        "Ask: who makes the decision, who influences it, who approves it technically, who can "
        "block us, who coaches us? Who have we never met? For every decision maker: is one of "
        "us their first-level link, or is there an ally we reach who gets us to them?",
    ],
    "03-needs-kano.yaml": [
        "Write down what each decision maker and key influencer needs: the business results they "
        "are measured on and their personal needs and style. Then sort what the customer cares "
        "about with KANO: must-have (expected; missing it causes dissatisfaction), more-is-better "
        "(satisfaction grows with it) and delight (unexpected; it sets us apart).",
        "Ask: what does success look like for this person, in their own words? What would make "
        "them look good inside their company? Where do we only meet must-haves, and where can we "
        "delight?",
    ],
    "04-value-opportunities.yaml": [
        "Turn what we offer into value for the customer, in the customer's numbers: who owns the "
        "metric, which value drivers move, and a quantification formula over named inputs, so "
        "anyone can follow the arithmetic. `saa value` evaluates every formula.",
        "The method's own example: 2,000 wafers a month x $4k a wafer x 3% yield improvement = "
        "$240,000 a month, $2,880,000 a year.",
        "Ask: which of the customer's metrics moves, by how much, and who at the customer would "
        "sign off on the numbers?",
    ],
    "05-competition.yaml": [
        "Know who we compete with at this account and rate, as the customer would, us and each "
        "competitor on every value driver (1 = weak, 5 = strong). Our differentiated value is "
        "where we score higher on a driver the customer cares about.",
        "Ask: on which drivers would the customer say we are better, and what evidence would they "
        "give? Where is a competitor stronger, and what do we do about it?",
    ],
    "06-value-buyers.yaml": [
        "The value buyer checklist: for each customer process we affect, who owns it, how they "
        "perceive our value today (-2 very negative .. 0 neutral .. +2 very positive), and how we "
        "win them over.",
        "Ask: who feels the value we create day to day? Do they see it, or do they see only cost "
        "and requirements? What would change their view?",
    ],
    "07-goals-strategy.yaml": [
        "Set short-term goals (12-18 months) and long-term goals (18-36 months), the strategies "
        "to reach them, and how the account manager spends time; balancing the short and the "
        "long term is the third problem the method addresses.",
        "Ask: what must be true in 18 months, and in 3 years? Does the way we spend our time "
        "match those goals?",
    ],
    "08-opportunities.yaml": [
        "The Opportunity Prioritization Matrix: every opportunity at the account, its value, "
        "probability, stage and expected decision, and the actions that move it forward. The "
        "stage places it in a quadrant: I deals in progress (qualified, proposal, negotiation), "
        "II early-stage deals (concept, assessment), III customer delay or cancelling (on-hold, "
        "delayed, cancelling), IV long-term potential (potential). won and lost are closed.",
        "Within a quadrant, priority is expected value (value x probability), then the earlier "
        "decision. `saa matrix` draws it.",
    ],
    "09-capture-plans.yaml": [
        "A capture plan for each opportunity being pursued (every quadrant-I deal at least): the "
        "objective, how the customer decides and when, who influences the decision, why the "
        "customer should choose us, what could make us lose, and the actions, each with an owner "
        "and a due date.",
        "Ask: what has to happen, by whom and by when, for the customer to decide for us?",
    ],
    "10-challenge.yaml": [
        "Challenge each capture plan with questions, grouped in categories, scored 1 (weak) to "
        "5 (strong) on three dimensions, first by the team and then by an independent 'spoiler' "
        "who was not part of the plan:",
        "- Confidence: why are we confident? What hard evidence do we have, first-hand from the "
        "customer?",
        "- Implications: how does this move the customer's buying process? What would change it?",
        "- Actions: what do we do, how will we know soon that it works, how will the customer and "
        "competitors respond?",
        "Scores below 3.0 are red, from 4.0 green, yellow between (settings.rag in account.yaml). "
        "All green on the first pass usually means the team is fooling itself: get a spoiler. "
        "`saa challenge` shows the tables.",
    ],
}

SEE = {2: "network", 3: "kano", 4: "value", 8: "matrix", 9: "actions", 10: "challenge"}

# extra guidance for some fields, by file and dotted path: the question to ask
ASK = {
    ("account.yaml", "team"): "Ask: who else talks to this customer? Sales, service, engineering, "
                              "executives, partners: anyone missing here is an alignment gap.",
    ("account.yaml", "alignment"): "Be honest: this is where the plan starts paying off.",
    ("account.yaml", "settings"): "Leave empty for the defaults.",
    ("01-customer-profile.yaml", "implications"): "For every finding above ask: so what for us? "
                                                  "And what now: which action, by whom, by when?",
    ("02-network.yaml", "contacts"): 'Relation: "--" hostile, "-" negative, "0" neutral, "+" positive, '
                                     '"++" strong. Quote it: an unquoted - starts a YAML list.',
    ("02-network.yaml", "allies"): "Every decision maker nobody of ours knows at the first level needs "
                                   "an ally we reach whose target they are: that is the path to them.",
    ("03-needs-kano.yaml", "needs"): "One entry per decision maker and key influencer in 02-network.yaml.",
    ("04-value-opportunities.yaml", "value_opportunities"):
        "A formula is arithmetic over its inputs: numbers, input names, + - * /, parentheses; "
        "nothing else is ever evaluated. claimed is per period, like the formula.",
    ("05-competition.yaml", "differentiation"): "Rate as the customer would, not as we would like to be seen.",
    ("07-goals-strategy.yaml", "time_allocation"): "Ask: does the split serve the goals above? Long-term "
                                                    "goals need time for relationships and value.",
    ("08-opportunities.yaml", "opportunities"): "Write value: unknown when nobody knows yet: it is shown "
                                                "as unknown, never as 0.",
    ("10-challenge.yaml", "challenges"): "Score every question as a team first; then let the spoiler "
                                         "score it without seeing the team's scores.",
}

# ---- examples: the method's worked example, one entry per list -----------------------

EXAMPLES: dict[tuple, object] = {
    # account.yaml
    ("account.yaml", "industry"): "Telecommunications equipment",
    ("account.yaml", "region"): "China",
    ("account.yaml", "owner"): "Dana Whitfield",
    ("account.yaml", "team"): [
        {"name": "Dana Whitfield", "function": "Strategic Account Manager", "region": "US"},
        {"name": "Chen Hao", "function": "Field Application Engineer", "region": "Asia"},
    ],
    ("account.yaml", "review.last"): "2026-10-15",
    ("account.yaml", "review.next"): "2027-01-15",
    ("account.yaml", "review.cadence_days"): 90,
    ("account.yaml", "alignment.connect_everyone"): "moderately-well",
    ("account.yaml", "alignment.communicate_activities"): "not-well",
    ("account.yaml", "alignment.shared_understanding"): "moderately-well",
    ("account.yaml", "settings.rag.red_below"): 3.0,
    ("account.yaml", "settings.rag.green_from"): 4.0,
    ("account.yaml", "settings.fx"): {"EUR": 1.08, "GBP": 1.27},
    # 01
    ("01-customer-profile.yaml", "strategic_analysis.challenges_and_opportunities"): [
        "Become a world-class telecom equipment maker with its own patents",
    ],
    ("01-customer-profile.yaml", "strategic_analysis.customer_actions"): [
        {"action": "Low-cost solutions for emerging markets, high performance for advanced ones",
         "executive": "Lin Jang, VP R&D"},
    ],
    ("01-customer-profile.yaml", "swot.strengths"): ["Strong global R&D team (over 40% of staff)"],
    ("01-customer-profile.yaml", "swot.weaknesses"): ["Little international experience, especially in the US and Europe"],
    ("01-customer-profile.yaml", "swot.opportunities"): ["China is rolling out the biggest 3G network in the world"],
    ("01-customer-profile.yaml", "swot.threats"): ["Global competitors such as Cisco, Alcatel, Lucent and ZTE"],
    ("01-customer-profile.yaml", "implications"): [
        {"from": "swot", "implication": "Opportunity to position us as their supply chain partner",
         "actions": [{"do": "Build peer-to-peer relationships with their heads of supply chain and R&D",
                      "owner": "Dana Whitfield", "due": "2027-03", "status": "open"},
                     "Support their public image by promoting the local jobs they create"]},
    ],
    # 02
    ("02-network.yaml", "contacts"): [
        {"name": "Guo J.", "title": "ATE development manager", "function": "R&D test engineering",
         "role": "technical-approver", "relation": "+",
         "description": "Friendly; follows his boss's strategy; can use our strengths to push others",
         "meeting_frequency": "15/year", "our_link": "Chen Hao", "link_level": 1, "reports_to": "Ye S.",
         "business_results": ["Project costs", "Design hours", "Time to market"],
         "messages": ["A successful outcome will improve your standing in the company."],
         "strategies": [{"do": "Prepare with Guo a proposal for a technical alliance", "owner": "Chen Hao",
                         "due": "2027-02"}]},
        {"name": "Ye S.", "title": "VP R&D", "role": "decision-maker", "relation": "0",
         "meeting_frequency": "1-2/year", "our_link": "Dana Whitfield", "link_level": 2},
        {"name": "Li M.", "title": "Program manager", "role": "coach", "relation": "++",
         "description": "Tells us how the R&D board really decides", "our_link": "Chen Hao", "link_level": 1},
    ],
    ("02-network.yaml", "allies"): [
        {"ally": "Guo J.", "target": "Ye S.", "leverage": "More evidence of our reliable performance",
         "influence_and_reward": "Pushes the qualification; gets the credit for a successful project",
         "meeting_frequency": "15/year"},
    ],
    # 03
    ("03-needs-kano.yaml", "needs"): [
        {"contact": "Ye S.", "business_results": ["Time to market", "Revenue from new products"],
         "personal": ["Risk avoidance", "Innovation"],
         "actions": ["Provide references where we cut customers' time to market"],
         "messages": ["We have deep experience, broad technology and strong support."]},
    ],
    ("03-needs-kano.yaml", "kano"): [
        {"care_about": "Time to market", "must_have": ["Voice access to technology specialists"],
         "more_is_better": ["Reviews of R&D processes that shorten time to market"],
         "delight": ["Joint ownership of IP"]},
    ],
    # 04
    ("04-value-opportunities.yaml", "value_opportunities"): [
        {"id": "slurry-yield", "opportunity": "Replace the current slurry by demonstrating superior corrosion reduction",
         "owner": "Fab Director", "drivers": ["Yield", "Cost of goods"], "business_results": ["Cost of goods sold"],
         "quantification": {"formula": "wafers_per_month * wafer_value * yield_improvement",
                            "inputs": {"wafers_per_month": 2000, "wafer_value": "$4k", "yield_improvement": "3%"},
                            "per": "month", "claimed": "$240,000"},
         "positioning": "Discuss the yield improvement with the technical users first"},
    ],
    # 05
    ("05-competition.yaml", "competitors"): [
        {"name": "Competitor A", "position": "incumbent", "strengths": ["Installed base", "Low price"],
         "weaknesses": ["No local design support"]},
    ],
    ("05-competition.yaml", "differentiation"): [
        {"driver": "Time to market", "us": 4, "competitors": {"Competitor A": 2},
         "evidence": ["Local design support cut a similar customer's design cycle by 30%"]},
    ],
    # 06
    ("06-value-buyers.yaml", "value_buyers"): [
        {"process": "Operations and logistics", "contact": "Fab Planner", "perception": 0,
         "assessment": "Sees just-in-time delivery as a requirement, not as extra value",
         "drivers": ["On-time delivery", "Lower inventory"],
         "strategies": ["Show the cash gained from lower inventory, and the cost of a stock-out"]},
    ],
    # 07
    ("07-goals-strategy.yaml", "goals"): [
        {"goal": "Win the two design-ins in progress", "horizon": "short", "metric": "Revenue",
         "target": "$11.5M", "by": "2027-12"},
        {"goal": "Establish a technical alliance: joint labs, custom solutions", "horizon": "long",
         "by": "2029-06"},
    ],
    ("07-goals-strategy.yaml", "strategies"): [
        "Use our broad technology portfolio to help the customer bring products to market fast",
    ],
    ("07-goals-strategy.yaml", "time_allocation.sales_opportunities"): "40%",
    ("07-goals-strategy.yaml", "time_allocation.customer_knowledge"): "15%",
    ("07-goals-strategy.yaml", "time_allocation.build_relationships"): "25%",
    ("07-goals-strategy.yaml", "time_allocation.position_value"): "10%",
    ("07-goals-strategy.yaml", "time_allocation.internal_alignment"): "10%",
    # 08
    ("08-opportunities.yaml", "opportunities"): [
        {"id": "asic-port-driver", "crm_id": "0065e00000AbCdEAA1", "name": "ASIC port driver", "value": "7M", "probability": "95%",
         "stage": "negotiation", "decision": "2027-Q1", "quadrant": "I", "competition": "Strong competition",
         "notes": "Design-in for the next platform",
         "actions": [{"do": "Quantify in a TCO analysis what our local design support does for time to market",
                      "owner": "Chen Hao", "due": "2027-01-31"}]},
        {"id": "ip-router", "name": "Next generation IP router", "value": "unknown", "stage": "assessment",
         "decision": "2028-06", "actions": ["Present our roadmaps and technology assessments"]},
    ],
    ("08-opportunities.yaml", "whitespace.units"): ["Wireless", "Fixed network"],
    ("08-opportunities.yaml", "whitespace.offerings"): ["ASICs", "Design services"],
    ("08-opportunities.yaml", "whitespace.cells"): [
        {"unit": "Wireless", "offering": "ASICs", "status": "pursuing", "competitor": "Competitor A",
         "opportunity": "asic-port-driver", "notes": "Competitor A is the incumbent in the other units"},
        {"unit": "Fixed network", "offering": "ASICs", "status": "competitor", "competitor": "Competitor A"},
        {"unit": "Wireless", "offering": "Design services", "status": "open"},
    ],
    # 09
    ("09-capture-plans.yaml", "capture_plans"): [
        {"opportunity": "asic-port-driver", "objective": "Be selected as the sole supplier for the ASIC port driver",
         "decision_process": "Guo's team qualifies; Ye S. decides on their proposal",
         "decision_date": "2027-Q1", "buying_influences": ["Ye S.", "Guo J."],
         "competition": "Competitor A is the incumbent and cheaper",
         "win_themes": ["Local design support", "Faster time to market"],
         "risks": ["Price pressure from the incumbent"],
         "actions": [{"do": "Run the TCO workshop with Guo's team", "owner": "Chen Hao", "due": "2027-01-15"}]},
    ],
    # 10
    ("10-challenge.yaml", "challenges"): [
        {"opportunity": "asic-port-driver", "reviewed": "2026-11-20", "spoiler": "Alex Moreau",
         "categories": [
             {"name": "Customer issues and objectives driving their process now",
              "questions": [
                  {"question": "What is the customer trying to accomplish?",
                   "team": {"confidence": 5, "implications": 4, "actions": 2},
                   "spoiler": {"confidence": 4, "implications": 3, "actions": 2},
                   "evidence": "Ye S. stated the objectives in the October review"},
                  {"question": "Why did the customer begin the process now?",
                   "team": {"confidence": 2, "implications": 2, "actions": 4}},
              ]},
         ]},
    ],
}

# ---- YAML text helpers ----------------------------------------------------------------

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`+~=")
_FLOW_UNSAFE = set(",[]{}")


def _printable(s: str) -> bool:
    return all(ch == " " or (ch.isprintable() and unicodedata.category(ch) not in ("Zl", "Zp")) for ch in s)


def yaml_str(s: str, flow: bool = False) -> str:
    """A string as a YAML scalar that reads back as exactly ``s``: plain when safe, else double-quoted."""
    plain = (
        s != "" and s == s.strip() and _printable(s)
        and s[0] not in _INDICATORS and ": " not in s and " #" not in s and not s.endswith(":")
        and not s.startswith("...") and not s.startswith("---")
        and resolve_plain(s) == s and type(resolve_plain(s)) is str
        and not (flow and any(c in _FLOW_UNSAFE for c in s))
    )
    if plain:
        return s
    from .fmt import dq  # the same double quoting as `saa fmt`, so new plans are already canonical

    return dq(s)


def yaml_scalar(v, flow: bool = False) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return yaml_str(str(v), flow=flow)


def _is_scalar(v) -> bool:
    return not isinstance(v, (dict, list))


def _flow(v) -> str | None:
    """Flow style for a short list of scalars or a small mapping of numbers; None when block is better."""
    if isinstance(v, list) and all(_is_scalar(x) for x in v):
        return "[" + ", ".join(yaml_scalar(x, flow=True) for x in v) + "]"
    if isinstance(v, dict) and v and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v.values()):
        return "{" + ", ".join(f"{yaml_str(str(k), flow=True)}: {yaml_scalar(x)}" for k, x in v.items()) + "}"
    return None


def dump_block(v, indent: int) -> list[str]:
    """Block YAML lines for a list or a mapping, each line indented by ``indent`` spaces."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(v, list):
        for item in v:
            if isinstance(item, dict) and item:
                sub = dump_block(item, indent + 2)
                lines.append(pad + "- " + sub[0][indent + 2:])
                lines.extend(sub[1:])
            else:
                one = _flow(item) if isinstance(item, list) else yaml_scalar(item)
                assert one is not None  # examples never put mappings or lists in a list inside a list
                lines.append(pad + "- " + one)
        return lines
    for k, x in v.items():
        key = yaml_str(str(k))
        if _is_scalar(x):
            lines.append(f"{pad}{key}: {yaml_scalar(x)}".rstrip())
            continue
        f = _flow(x)
        if f is not None and len(pad) + len(key) + 2 + len(f) <= WIDTH:
            lines.append(f"{pad}{key}: {f}")
        else:
            lines.append(f"{pad}{key}:")
            lines.extend(dump_block(x, indent + 2))
    return lines


def _clean_comment(s: str) -> str:
    """Text safe for a one-line YAML comment."""
    return "".join(ch if (ch == " " or ch.isprintable()) else " " for ch in str(s)).strip()


def _wrap(text: str, prefix: str, cont: str | None = None, width: int = WIDTH) -> list[str]:
    """Comment lines: ``prefix`` on the first, ``cont`` (default: ``prefix``) on the others."""
    cont = prefix if cont is None else cont
    room = max(24, width - max(len(prefix), len(cont)))
    # a `command` stays on one line
    text = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", "\0"), text)
    lines = textwrap.wrap(text, room, break_long_words=False, break_on_hyphens=False)
    if not lines:
        return [prefix.rstrip()]
    return [(prefix + lines[0]).replace("\0", " ")] + [(cont + line).replace("\0", " ") for line in lines[1:]]


def _sentence(s: str, spec: Spec | None = None) -> str:
    """Capitalised, unless the text starts with a value that must be written as is (incumbent, short...)."""
    s = s.strip()
    first = re.split(r"[\s,(]", s, maxsplit=1)[0] if s else ""
    if spec is not None and first in spec.enum:
        return s
    return s[:1].upper() + s[1:] if s else s


def _hint(spec: Spec, parent_doc: str = "") -> str:
    """A short reminder of the value's format when the doc (or its parent's) does not already give it."""
    doc = spec.doc
    k = spec.kind
    if k == "date" and "20" not in doc:
        return " (2027-03-31, 2027-03 or 2027-Q1)"
    if k == "percent" and "%" not in doc and "percent" not in parent_doc:
        return " (a percent: 40% or 0.4)"
    if k == "probability" and "%" not in doc:
        return " (95% or 0.95)"
    if k == "frequency" and "/" not in doc:
        return " (15/year, 1-2/year, monthly...)"
    if k == "enum" and ".." not in doc and not all(v in doc for v in spec.enum) \
            and not all(v in parent_doc for v in spec.enum):
        return " (" + ", ".join(spec.enum) + ")"
    if k == "score" and "1-5" not in doc and "1 (" not in doc:
        return " (1-5)"
    if k == "list" and spec.items is not None and spec.items.kind == "action":
        return " (each a sentence, or do/owner/due/status)"
    if k == "money" and not any(c.isdigit() for c in doc):
        return " (7M, $4.5M, 200k)"
    return ""


def _doc(spec: Spec, parent_doc: str = "") -> str:
    req = spec.required
    text = _sentence(spec.doc, spec) + _hint(spec, parent_doc)
    return ("required · " + text) if req else text


def _table_width(spec: Spec, depth: int = 0) -> int:
    w = 0
    for name, sub in spec.fields.items():
        w = max(w, 2 * depth + len(name))
        child = _table_child(sub)
        if child is not None:
            w = max(w, _table_width(child, depth + 1))
    return w


def _table_child(sub: Spec) -> Spec | None:
    if sub.kind == "object" and sub is not SCORES and sub.fields:
        return sub
    if sub.kind == "list" and sub.items is not None and sub.items.kind == "object":
        return sub.items
    return None


def _field_table(spec: Spec, indent: str, depth: int = 0, width: int | None = None) -> list[str]:
    """A comment table of an object's keys with their guidance, nested objects and lists expanded."""
    width = max(14, _table_width(spec)) + 2 if width is None else width
    lines: list[str] = []
    for name, sub in spec.fields.items():
        lead = f"{indent}#   {('  ' * depth + name).ljust(width)}"
        text = _doc(sub, spec.doc)
        child = _table_child(sub)
        if sub is SCORES:
            text = _sentence(sub.doc) + ": {confidence, implications, actions}"
        elif child is not None and sub.kind == "list":
            text += ", each:"
        lines.extend(_wrap(text, lead, indent + "#" + " " * (len(lead) - len(indent) - 1)))
        if child is not None:
            lines.extend(_field_table(child, indent, depth + 1, width))
    return lines


_HOW = "delete {} and uncomment the example below to start"


class _Writer:
    def __init__(self, filename: str, filled: bool, values: dict):
        self.filename = filename
        self.filled = filled          # examples written as data (tests), not as comments
        self.values = values          # dotted path -> value written for real (account, id, currency)
        self.lines: list[str] = []

    def example(self, path: str, spec: Spec):
        key = (self.filename, path)
        if key in EXAMPLES:
            return _with_custom(EXAMPLES[key], spec)
        return _generic(spec)

    def emit(self, line: str = "") -> None:
        self.lines.append(line.rstrip())

    def keyline(self, indent: int, name: str, value: str, comment: str) -> None:
        """``key: value`` with an inline comment when it fits, else the comment above."""
        head = f"{' ' * indent}{name}:" + (f" {value}" if value else "")
        if comment:
            col = max(COMMENT_COL, len(head) + 2)
            if col + 2 + len(comment) <= WIDTH:
                self.emit(head.ljust(col) + "# " + comment)
                return
            for line in _wrap(comment, " " * indent + "# "):
                self.emit(line)
        self.emit(head)

    def commented(self, lines: list[str], indent: int) -> None:
        for line in lines:
            if self.filled:
                self.emit(line)
            else:
                self.emit(" " * indent + "# " + line[indent:])

    def list_field(self, name: str, spec: Spec, indent: int, path: str, comment_inline: str) -> None:
        ex = self.example(path, spec)
        if self.filled and ex:
            self.keyline(indent, name, "", comment_inline)
            self.commented(dump_block(ex, indent + 2), indent + 2)
            return
        self.keyline(indent, name, "[]", comment_inline)
        if ex:
            self.commented(dump_block(ex, indent + 2), indent + 2)

    def map_field(self, name: str, spec: Spec, indent: int, path: str, comment_inline: str) -> None:
        ex = self.example(path, spec)
        if self.filled and ex:
            self.keyline(indent, name, "", comment_inline)
            self.commented(dump_block(ex, indent + 2), indent + 2)
            return
        self.keyline(indent, name, "{}", comment_inline)
        if ex:
            self.commented(dump_block(ex, indent + 2), indent + 2)

    def scalar_field(self, name: str, spec: Spec, indent: int, path: str, doc: str) -> None:
        if path in self.values:
            self.keyline(indent, name, yaml_scalar(self.values[path]), doc)
            return
        ex = self.example(path, spec) if (self.filename, path) in EXAMPLES else None
        if self.filled and ex is not None:
            self.keyline(indent, name, yaml_scalar(ex), doc)
            return
        if ex is not None and spec.kind != "enum" and not any(c.isdigit() for c in doc):
            doc = f"{doc}; e.g. {yaml_scalar(ex)}" if doc else f"e.g. {yaml_scalar(ex)}"
        self.keyline(indent, name, "", doc)

    # ---- the tree -------------------------------------------------------------------
    def top_field(self, name: str, spec: Spec) -> None:
        """A top-level key: a section rule and its guidance, then the key; scalars just a line."""
        if spec.kind not in ("list", "map", "object"):
            if self.lines and not self.lines[-1].split("#")[0].strip():
                self.emit()   # a blank line after the banner or a block; none between scalars
            self.scalar_field(name, spec, 0, name, _doc(spec))
            return
        title = name.replace("_", " ")
        self.emit()
        self.emit(f"# ── {title} " + "─" * max(3, WIDTH - 6 - len(title)))
        req = " Required." if spec.required else ""
        if spec.kind in ("list", "map", "object") or spec.doc:
            for line in _wrap(_sentence(spec.doc) + _hint(spec) + "." * (not spec.doc.endswith(".")) + req, "# "):
                self.emit(line)
        ask = ASK.get((self.filename, name))
        if ask:
            for line in _wrap(ask, "# "):
                self.emit(line)
        self.field(name, spec, 0, name, top=True)

    def field(self, name: str, spec: Spec, indent: int, path: str, top: bool = False, parent_doc: str = "") -> None:
        kind = spec.kind
        pad = " " * indent
        if kind == "list":
            items = spec.items
            if items is not None and items.kind == "object":
                if not top:
                    for line in _wrap(_doc(spec, parent_doc) + ", each:", pad + "# "):
                        self.emit(line)
                    ask = ASK.get((self.filename, path))
                    if ask:
                        for line in _wrap(ask, pad + "# "):
                            self.emit(line)
                else:
                    self.emit(pad + "# Each entry:")
                self.lines.extend(_field_table(items, pad))
                self.list_field(name, spec, indent, path, "" if self.filled else _HOW.format("[]"))
            else:
                how = "" if self.filled else _HOW.format("[]")
                self.list_field(name, spec, indent, path, how if top else _doc(spec, parent_doc))
            return
        if kind == "map":
            how = "" if self.filled else _HOW.format("{}")
            self.map_field(name, spec, indent, path, how if top else _doc(spec, parent_doc))
            return
        if kind == "object":
            if top:
                self.emit(f"{name}:")
            else:
                self.keyline(indent, name, "", _doc(spec, parent_doc))
                ask = ASK.get((self.filename, path))
                if ask:
                    for line in _wrap(ask, pad + "  # "):
                        self.emit(line)
            for sub_name, sub in spec.fields.items():
                self.field(sub_name, sub, indent + 2, f"{path}.{sub_name}", parent_doc=spec.doc)
            return
        self.scalar_field(name, spec, indent, path, "" if top else _doc(spec, parent_doc))


def _with_custom(example, spec: Spec):
    """A list example with the company's custom fields (saa.yaml: the fields with an example) in its first entry."""
    if spec.kind != "list" or spec.items is None or spec.items.kind != "object" or not isinstance(example, list) \
            or not example or not isinstance(example[0], dict):
        return example
    extra = {n: f.example for n, f in spec.items.fields.items() if f.example is not None and n not in example[0]}
    if not extra:
        return example
    return [{**example[0], **extra}] + example[1:]


def _generic(spec: Spec):
    """A placeholder example by kind, for fields the EXAMPLES table does not cover yet."""
    k = spec.kind
    if k == "list":
        item = spec.items
        return [_generic_item(item)] if item is not None else []
    if k == "map":
        return {"name": _generic_item(spec.values)} if spec.values is not None else {}
    return None


def _generic_item(spec: Spec):
    k = spec.kind
    if k == "object":
        out = {}
        for name, sub in spec.fields.items():
            if sub.kind in ("list", "map"):
                out[name] = _generic(sub)
            elif sub.kind == "object":
                out[name] = _generic_item(sub)
            else:
                out[name] = _generic_item(sub)
        return out
    return {
        "text": "Text", "formula": "a * b", "slug": "an-id", "currency": "EUR", "int": spec.lo if spec.lo is not None else 1,
        "score": 3, "number": spec.lo if spec.lo is not None else 1, "rate": 1.0,
        "enum": spec.enum[0] if spec.enum else None, "money": "100k", "money?": "unknown", "percent": "50%",
        "probability": "50%", "date": "2027-Q1", "relation": "0", "frequency": "4/year", "quantity": 100,
        "action": "An action",
    }.get(k, "Text")


# ---- the files -------------------------------------------------------------------------

def _banner(filename: str, account: str, folder: str) -> list[str]:
    step, spec = FILES[filename]
    rule = "# " + "═" * (WIDTH - 2)
    name = _clean_comment(account)
    if step is None:
        head = [f"#  {name} · Strategic Account Alignment plan", "#  Account header"]
    else:
        head = [f"#  {name} · Step {step} of 10 · {STEP_NAMES[step]}", f"#  Stage {STAGE_OF_STEP[step]}"]
    lines = [f"# yaml-language-server: $schema={SCHEMA_DIR}/{schema_name(filename)}", "#", rule, *head, rule]
    for para in PURPOSE.get(filename, [_sentence(spec.doc)]):
        if para.startswith("- "):      # an item of a list under the paragraph before
            lines.extend(_wrap(para[2:], "#   - ", "#     "))
            continue
        lines.append("#")
        lines.extend(_wrap(para, "# "))
    q = shlex.quote(folder)
    if step is None:
        lines.append("#")
        lines.append("# The plan, one file per step:")
        stage = None
        for s, nm in ((s, n) for n, (s, _) in FILES.items() if s is not None):
            if STAGE_OF_STEP[s] != stage:
                stage = STAGE_OF_STEP[s]
                lines.append(f"#   {stage}")
            lines.append(f"#     {s:>2}. {nm:<28} {STEP_NAMES[s]}")
        lines.append("#")
        lines.append("# Empty values mean 'not filled in yet'. Fill in what you know, then run")
        lines.append(f"#   saa check {q}     (errors and warnings, with line numbers)")
        lines.append(f"#   saa status {q}    (what is still missing, step by step)")
    else:
        lines.append("#")
        lines.append("# Done when:")
        for item in done_when(step):
            lines.append(f"#   [ ] {item}")
        lines.append("#")
        see = f"saa {SEE[step]} {q} · " if step in SEE else ""
        lines.append(f"# {see}saa check {q} · saa status {q}")
    return lines


def render(filename: str, account: str, plan_id: str, folder: str = ".", filled: bool = False, config=None) -> str:
    """The text of one skeleton file. ``filled`` writes the examples as data (used by the tests).

    ``config`` (a :class:`saa.config.Config`) adds the company's custom fields and question set.
    """
    from .config import files_for

    _step, spec = files_for(config)[filename]
    values = {"account": account, "id": plan_id, "currency": "USD"} if filename == "account.yaml" else {}
    w = _Writer(filename, filled, values)
    w.lines.extend(_banner(filename, account, folder))
    if filename == "10-challenge.yaml" and config is not None and "challenge.questions" in config.where:
        w.lines.extend(_question_set(config, folder))
    for name, sub in spec.fields.items():
        w.top_field(name, sub)
    return "\n".join(w.lines).rstrip() + "\n"


def _question_set(config, folder: str) -> list[str]:
    """The company's standard question set (saa.yaml), as comments of the challenge skeleton."""
    lines = ["#", "# The standard question set of this company (saa.yaml, challenge.questions);",
             f"# `saa challenge score {shlex.quote(folder)} --opportunity ID --view team` starts a challenge from it:"]
    for cat, qs in config.questions:
        lines.extend(_wrap(_clean_comment(cat), "#   "))
        for q in qs:
            lines.extend(_wrap(_clean_comment(q), "#     - ", "#       "))
    return lines


class SkeletonError(Exception):
    """``saa new`` cannot run as asked (exit 2)."""


def slug_of(text: str) -> str:
    """A plan id from a folder or account name: lowercase letters, digits, '.', '_' and '-'."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9._-]+", "-", s)
    s = re.sub(r"-{2,}", "-", s)
    s = re.sub(r"^[^a-z0-9]+", "", s).rstrip("-._")
    return s[:64].rstrip("-._")


def write_skeleton(folder: str, account: str, force: bool = False, shown: str | None = None,
                   config=None) -> list[str]:
    """Write a complete plan skeleton into ``folder``; return the plan files written (the ones to edit).

    The JSON Schemas the files point at are written into ``folder/.schemas/`` too. ``shown`` is
    the folder as the comments name it (default ``folder``; ``saa init`` names it from the repository).

    Refuses (:class:`SkeletonError`) a folder that already holds plan files unless ``force``,
    a path that is a file, and an empty account name.
    """
    if account is None or not str(account).strip():
        raise SkeletonError("the account name is empty; write --account \"Customer name\"")
    account = str(account).strip()
    if any(ch in account for ch in "\r\n"):
        raise SkeletonError("the account name must fit on one line")
    if folder is None or not str(folder).strip():
        raise SkeletonError("the folder name is empty; name the new plan's folder, e.g. saa new plans/acme --account \"Acme\"")
    d = Path(folder)
    if d.exists() and not d.is_dir():
        raise SkeletonError(f"{folder} is a file, not a folder; name a new folder for the plan")
    if d.is_dir() and not force:
        if (d / "account.yaml").exists():
            raise SkeletonError(f"{folder} already holds a plan (account.yaml); use --force to overwrite its files")
        present = [n for n in FILES if (d / n).exists()]
        if (d / SCHEMA_DIR).exists():
            present.append(f"{SCHEMA_DIR}/")
        if present:
            raise SkeletonError(f"{folder} already has plan files ({', '.join(present)}); "
                                f"use --force to overwrite them")
    name = d.resolve().name if d.name in ("", ".", "..") else d.name
    plan_id = slug_of(name) or slug_of(account) or "plan"
    try:
        d.mkdir(parents=True, exist_ok=True)
        write_schemas(d / SCHEMA_DIR, config)
        # step files first, account.yaml (what makes the folder a plan) last
        order = [n for n in FILES if n != "account.yaml"] + ["account.yaml"]
        for filename in order:
            write_text_atomic(d / filename, render(filename, account, plan_id, folder=str(shown or folder), config=config))
    except OSError as e:
        raise SkeletonError(f"cannot write the plan in {folder}: {e.strerror or e}") from None
    return list(FILES)
