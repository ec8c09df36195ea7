"""The plan format, declared once.

Every plan file is described here as a tree of :class:`Spec` nodes carrying the
method's guidance. The same declaration drives validation (``saa.validate``),
the JSON Schemas (``saa.schema``) and the skeleton written by ``saa new``, so
the three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import field
from .records import dataclass
from typing import Any

from .vocab import ALIGNMENT, DEAL_STAGES, PER, QUADRANTS, ROLES, STEP_FILES, WHITESPACE_STATUS


@dataclass(frozen=True)
class Spec:
    kind: str
    doc: str = ""
    required: bool = False
    fields: dict = field(default_factory=dict)   # object: name -> Spec, in canonical order
    items: "Spec | None" = None                    # list
    values: "Spec | None" = None                   # map
    enum: tuple = ()
    lo: int | None = None
    hi: int | None = None
    example: Any = None                            # what `saa new` writes

    @property
    def title(self) -> str:
        return self.doc.split(":")[0].split(".")[0].strip()[:80] if self.doc else ""


def text(doc: str, required: bool = False, example: Any = None) -> Spec:
    return Spec("text", doc, required, example=example)


def of(kind: str, doc: str, required: bool = False, **kw) -> Spec:
    return Spec(kind, doc, required, **kw)


def obj(doc: str, fields: dict, required: bool = False) -> Spec:
    return Spec("object", doc, required, fields=fields)


def lst(items: Spec, doc: str, required: bool = False) -> Spec:
    return Spec("list", doc, required, items=items)


def texts(doc: str) -> Spec:
    return lst(text("one item"), doc)


def actions(doc: str) -> Spec:
    return lst(of("action", "an action: a sentence, or {do, owner, due, status}"), doc)



SCORES = obj("scores from 1 (weak) to 5 (strong) on the three challenge dimensions", {
    "confidence": of("score", "Confidence: why are we confident? What hard evidence, first-hand from the customer?", lo=1, hi=5),
    "implications": of("score", "Implications: how does this move the customer's buying process? What would change it?", lo=1, hi=5),
    "actions": of("score", "Actions: what do we do, how will we know soon that it works, how will the customer and competitors respond?", lo=1, hi=5),
})

ACCOUNT = obj("The account header: who the customer is, who is on our team, when the plan is reviewed, how aligned we are.", {
    "account": text("Customer name", required=True),
    "id": of("slug", "Short id of the plan (lowercase letters, digits, -); defaults to the folder name"),
    "industry": text("The customer's industry"),
    "region": text("The customer's main region"),
    "currency": of("currency", "ISO code of the plan's currency (default USD); every money without a currency is in it"),
    "owner": text("The strategic account manager: a member of team"),
    "team": lst(obj("a team member", {
        "name": text("Name of the team member", required=True),
        "function": text("Their function (sales, engineering, executive sponsor...)"),
        "region": text("Their region"),
    }), "Everyone on our side who routinely interacts with the customer: global alignment starts with connecting them all"),
    "review": obj("When the plan was last reviewed and is next due", {
        "last": of("date", "Date of the last review (2026-10-15, 2026-10 or 2026-Q4)"),
        "next": of("date", "Date of the next review"),
        "cadence_days": of("int", "Days between reviews", lo=1, hi=3660),
    }),
    "alignment": obj("The three critical alignment factors, self-assessed: not-well, moderately-well or very-well", {
        "connect_everyone": of("enum", "How well do we connect everyone who interacts with the customer?", enum=ALIGNMENT),
        "communicate_activities": of("enum", "How well do we communicate all key activities across the team?", enum=ALIGNMENT),
        "shared_understanding": of("enum", "How well do we share one understanding of the customer's strategy and priorities?", enum=ALIGNMENT),
    }),
    "settings": obj("Settings of this plan", {
        "rag": obj("Thresholds for the challenge colours", {
            "red_below": of("number", "Scores below this are red (default: saa.yaml's challenge.rag, else 3.0)", lo=0, hi=5),
            "green_from": of("number", "Scores from this are green (default: saa.yaml's challenge.rag, else 4.0)", lo=0, hi=5),
        }),
        "fx": Spec("map", "Exchange rates: ISO code to the rate into the plan's currency (EUR: 1.08); "
                          "they win over saa.yaml's currency.fx",
                   values=of("rate", "rate into the plan's currency")),
    }),
})

CUSTOMER_PROFILE = obj("Step 1. Customer profile: strategic analysis, SWOT, implications for us and the actions we take.", {
    "strategic_analysis": obj("Strategic analysis of the customer", {
        "challenges_and_opportunities": texts("The customer's business and strategic challenges and opportunities that matter to us"),
        "customer_actions": lst(obj("what the customer does", {
            "action": text("What the customer is doing about its challenges and opportunities", required=True),
            "executive": text("The executive responsible"),
        }), "What the customer does about them, and the executive responsible"),
    }),
    "swot": obj("The customer's SWOT in its own industry", {
        "strengths": texts("The customer's strengths"),
        "weaknesses": texts("The customer's weaknesses"),
        "opportunities": texts("The customer's opportunities"),
        "threats": texts("The threats the customer faces"),
    }),
    "implications": lst(obj("an implication", {
        "from": of("enum", "Where it comes from: swot or strategic-analysis", enum=("swot", "strategic-analysis")),
        "implication": text("So what? What this means for us", required=True),
        "actions": actions("What now? The actions we take"),
    }), "The 'so what' and the 'what now' of the analysis"),
})

NETWORK = obj("Step 2. Customer network assessment: who decides, how well we know them, who gets us to them.", {
    "contacts": lst(obj("a contact at the customer", {
        "name": text("Name of the contact (unique in the plan)", required=True),
        "title": text("Their title"),
        "function": text("Their function"),
        "role": of("enum", "Role in the decision: " + ", ".join(ROLES), enum=ROLES),
        "relation": of("relation", 'Relation score: "--", "-", "0", "+" or "++" (quoted), or -2..2'),
        "description": text("What drives them, how they decide"),
        "meeting_frequency": of("frequency", "How often we meet them: 15/year, 1-2/year, 2/month, weekly..."),
        "our_link": text("The team member who holds the relationship"),
        "link_level": of("int", "1 = we reach them directly, 2 = through someone", lo=1, hi=2),
        "reports_to": text("The contact they report to"),
        "business_results": texts("The business results they are measured on"),
        "messages": texts("Our priority messages to them"),
        "strategies": actions("Relationship improvement strategies"),
    }), "Contacts at the customer: the people in the decision and our link to each"),
    "allies": lst(obj("an ally", {
        "ally": text("A contact we already know (a name in contacts)", required=True),
        "target": text("The contact they can get us to (a name in contacts)", required=True),
        "leverage": text("How we leverage the ally"),
        "influence_and_reward": text("Their influence, and what is in it for them"),
        "meeting_frequency": of("frequency", "How often we meet the ally"),
    }), "Allies: who we already know that can get us to someone we must reach"),
})

NEEDS_KANO = obj("Step 3. Needs of decision makers and influencers; KANO: must-have, more-is-better, delight.", {
    "needs": lst(obj("needs of one contact", {
        "contact": text("The contact (a name in 02-network.yaml)", required=True),
        "business_results": texts("Business results they need"),
        "personal": texts("Personal needs: emotional needs, personal style"),
        "actions": actions("What we do to meet their needs"),
        "messages": texts("Messages for them"),
    }), "Needs of every decision maker and key influencer"),
    "kano": lst(obj("a KANO row", {
        "care_about": text("An area the customer cares about", required=True),
        "must_have": texts("Must-have: expected; its absence causes dissatisfaction"),
        "more_is_better": texts("More-is-better: satisfaction grows with it"),
        "delight": texts("Delight: unexpected; it sets us apart"),
    }), "KANO analysis by area of care"),
})

VALUE_OPPORTUNITIES = obj("Step 4. Value opportunities: value for the customer, quantified.", {
    "value_opportunities": lst(obj("a value opportunity", {
        "id": of("slug", "Short id, unique in the plan (lowercase letters, digits, -)", required=True),
        "opportunity": text("The value opportunity for the customer", required=True),
        "owner": text("Who owns the metric at the customer: a contact or a function"),
        "drivers": texts("The value drivers"),
        "business_results": texts("The business results it moves"),
        "quantification": obj("How much it is worth to the customer", {
            "formula": of("formula", "Arithmetic over the inputs: numbers, input names, + - * /, parentheses", required=True),
            "inputs": Spec("map", "Each input name with a number, money (200k, $4k) or percent (3%)",
                           values=of("quantity", "a number, money or percent")),
            "per": of("enum", "The period of the result: once, month, quarter or year (default once)", enum=PER),
            "claimed": of("money", "The value we claim per period; a warning when it differs from the formula by more than 0.5%"),
        }),
        "positioning": text("How we position the value with the customer"),
    }), "Value opportunities with owner, drivers, quantification and positioning"),
})

COMPETITION = obj("Step 5. Competition: our differentiated value per value driver.", {
    "competitors": lst(obj("a competitor", {
        "name": text("The competitor", required=True),
        "position": of("enum", "incumbent, challenger, niche or new-entrant", enum=("incumbent", "challenger", "niche", "new-entrant")),
        "strengths": texts("Their strengths at this customer"),
        "weaknesses": texts("Their weaknesses at this customer"),
    }), "The competitors at this account"),
    "differentiation": lst(obj("a value driver", {
        "driver": text("The value driver", required=True),
        "us": of("score", "How the customer would rate us, 1-5", lo=1, hi=5),
        "competitors": Spec("map", "How the customer would rate each competitor, 1-5",
                            values=of("score", "1-5", lo=1, hi=5)),
        "evidence": texts("Evidence for the ratings"),
    }), "How the customer would rate us and each competitor on each value driver"),
})

VALUE_BUYERS = obj("Step 6. Value buyers: who owns each process, how they perceive our value, how we win them.", {
    "value_buyers": lst(obj("a value buyer", {
        "process": text("The customer process", required=True),
        "contact": text("Who owns it: a contact name or a function", required=True),
        "perception": of("int", "Their perception of our value, -2..2 (0 = neutral)", lo=-2, hi=2),
        "assessment": text("Our assessment of their view"),
        "drivers": texts("The value drivers they care about"),
        "strategies": actions("How we win them"),
    }), "The value buyer checklist"),
})

GOALS_STRATEGY = obj("Step 7. Goals, strategies, and how the account manager spends time.", {
    "goals": lst(obj("a goal", {
        "goal": text("The goal", required=True),
        "horizon": of("enum", "short (12-18 months) or long (18-36 months)", enum=("short", "long")),
        "metric": text("How it is measured"),
        "target": text("The target"),
        "by": of("date", "By when"),
    }), "Short-term and long-term goals"),
    "strategies": texts("The strategies to reach the goals"),
    "time_allocation": obj("How the account manager spends time, in percent; must add up to 100%", {
        "sales_opportunities": of("percent", "Working sales opportunities"),
        "customer_knowledge": of("percent", "Building customer knowledge"),
        "build_relationships": of("percent", "Building relationships"),
        "position_value": of("percent", "Positioning value"),
        "internal_alignment": of("percent", "Internal alignment"),
    }),
})

OPPORTUNITIES = obj("Step 8. The Opportunity Prioritization Matrix: every opportunity, its quadrant, actions to progress.", {
    "opportunities": lst(obj("an opportunity", {
        "id": of("slug", "Short id, unique in the plan (lowercase letters, digits, -)", required=True),
        "crm_id": text("Its id in the CRM (Salesforce Opportunity ID, HubSpot Record ID): `saa import crm` matches on it"),
        "name": text("The opportunity", required=True),
        "value": of("money?", "Its value: money (7M, $4.5M, 200k), or unknown"),
        "probability": of("probability", "Probability of winning: 95% or 0.95"),
        "stage": of("enum", "Stage: " + ", ".join(DEAL_STAGES), enum=DEAL_STAGES),
        "decision": of("date", "Expected decision date (2027-03-31, 2027-03 or 2027-Q1)"),
        "quadrant": of("enum", "I..IV; only to override the quadrant given by the stage", enum=QUADRANTS),
        "competition": text("The competitive situation"),
        "notes": text("Notes"),
        "actions": actions("Actions to progress it"),
    }), "Every opportunity at the account"),
    "whitespace": obj("The whitespace map: the customer's business units x our offerings, who holds each cell", {
        "units": texts("The customer's business units (the rows)"),
        "offerings": texts("Our offerings (the columns)"),
        "cells": lst(obj("a cell of the map", {
            "unit": text("The business unit (one of units)", required=True),
            "offering": text("The offering (one of offerings)", required=True),
            "status": of("enum", "Who holds it: " + ", ".join(WHITESPACE_STATUS), required=True, enum=WHITESPACE_STATUS),
            "competitor": text("The competitor who holds it, for status competitor"),
            "opportunity": text("The opportunity that pursues it (an id in opportunities), for status pursuing"),
            "notes": text("Notes"),
        }), "One entry per unit and offering that is known; a pair with no entry is not assessed yet"),
    }),
})

CAPTURE_PLANS = obj("Step 9. A capture plan for each opportunity being pursued.", {
    "capture_plans": lst(obj("a capture plan", {
        "opportunity": text("The opportunity (an id in 08-opportunities.yaml)", required=True),
        "objective": text("What we want to achieve"),
        "decision_process": text("How the customer will decide"),
        "decision_date": of("date", "When the customer decides"),
        "buying_influences": texts("The contacts who influence the decision (names in 02-network.yaml)"),
        "competition": text("The competitive situation"),
        "win_themes": texts("Why the customer should choose us"),
        "risks": texts("What could make us lose"),
        "actions": actions("The actions of the capture plan, with owner and due date"),
    }), "Capture plans"),
})

CHALLENGE = obj("Step 10. Challenge question scoring of each capture plan, by the team and by an independent spoiler.", {
    "challenges": lst(obj("the challenge of one capture plan", {
        "opportunity": text("The opportunity (an id in 08-opportunities.yaml)", required=True),
        "reviewed": of("date", "When it was scored"),
        "spoiler": text("The independent reviewer"),
        "categories": lst(obj("a category of challenge questions", {
            "name": text("The category", required=True),
            "questions": lst(obj("a challenge question", {
                "question": text("The question", required=True),
                "team": SCORES,
                "spoiler": SCORES,
                "evidence": text("The evidence behind the scores"),
            }), "The questions of this category"),
        }), "Categories of challenge questions"),
    }), "Challenge scoring, one entry per capture plan"),
})

# file name -> (step number or None for the header, spec)
FILES: dict[str, tuple[int | None, Spec]] = {
    "account.yaml": (None, ACCOUNT),
    "01-customer-profile.yaml": (1, CUSTOMER_PROFILE),
    "02-network.yaml": (2, NETWORK),
    "03-needs-kano.yaml": (3, NEEDS_KANO),
    "04-value-opportunities.yaml": (4, VALUE_OPPORTUNITIES),
    "05-competition.yaml": (5, COMPETITION),
    "06-value-buyers.yaml": (6, VALUE_BUYERS),
    "07-goals-strategy.yaml": (7, GOALS_STRATEGY),
    "08-opportunities.yaml": (8, OPPORTUNITIES),
    "09-capture-plans.yaml": (9, CAPTURE_PLANS),
    "10-challenge.yaml": (10, CHALLENGE),
}
assert {step: name for name, (step, _) in FILES.items() if step is not None} == STEP_FILES


def schema_name(filename: str) -> str:
    return filename[: -len(".yaml")] + ".schema.json"
