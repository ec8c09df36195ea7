"""Generate a realistic, spec-conforming portfolio of SAA plans (seeded, any size).

    python benchmarks/generate.py OUT_DIR --plans 120 --seed 1

Each plan is a folder of the 11 plan files, about 60 KB in all: a team of
8-12, about 25 contacts with allies, needs and KANO rows, about 8 quantified
value opportunities, competition, value buyers, goals, about 18 opportunities,
and a capture plan and a challenge scoring for every deal in progress
(quadrant I). The text uses every scalar form of the spec (money with
suffixes, symbols and ISO codes, percents and fractions, months and quarters
as dates, quoted relation scores and en dashes, frequencies, actions as
sentences and as mappings), flow and block collections, multi-line plain and
folded text, and comments.

Every plan passes ``saa check`` without errors; like real plans, some carry
warnings (an overdue action, a decision maker nobody reaches yet, a claim a
little off its formula). Plan ``i`` depends only on ``(seed, i)``, so a
portfolio of 480 plans starts with the same 120 plans as one of 120.
Existing files of the generated plans are overwritten; nothing is deleted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import textwrap
from pathlib import Path
from random import Random

# --------------------------------------------------------------------------- vocabulary

FIRST = """Ana Ben Chen Dana Elif Farid Grace Hiro Ines Jonas Kavya Liam Mei Noah Olga Pavel Qi Rosa Sven Tariq
Uma Vikram Wen Xavier Yara Zoe Amir Bea Carlos Divya Emeka Fatima Goran Hana Ivan Julia Kenji Lena Marco Nadia
Oscar Priya Rafael Sofia Tomas Ulla Victor Wanda Yusuf Zara Aiko Bruno Camille Diego Erik Femi Gita Henrik Isla
Jae Karim Lucia Mateo Nora Omar Petra Ravi Sara Theo""".split()
LAST = """Abe Becker Costa Dubois Eriksen Fischer Garcia Haddad Ito Jensen Kowalski Larsen Moreau Nakamura Okafor
Petrov Quinn Rossi Sato Tanaka Ulrich Varga Wang Xu Yilmaz Zhang Adeyemi Bauer Castillo Dimitrov Engel Ferreira
Gupta Horvat Iyer Jansen Kim Lindqvist Mendes Novak Olsen Park Reyes Schmidt Torres Urban Vogel Weber Young Ziegler
Ahmed Brennan Chowdhury Da Silva Esposito Fontaine Gallagher Hoffmann Ibrahim Kaur""".split()

INDUSTRIES = {
    "Semiconductors": {
        "nouns": ["Semiconductor", "Microsystems", "Silicon", "Foundry"],
        "products": ["wafer cleaning chemistry", "CMP slurry", "process control software", "metrology tools",
                     "advanced packaging materials", "photoresist line", "yield analytics platform", "spare parts program"],
        "metrics": ["yield", "wafer starts per month", "cycle time", "cost per wafer", "tool uptime", "defect density"],
        "units": ("wafers_per_month", 1500, 9000, "wafer_value", 2000, 9000),
    },
    "Telecommunications": {
        "nouns": ["Telecom", "Networks", "Communications", "Connect"],
        "products": ["ASIC port driver", "optical transport modules", "5G radio software", "media gateway",
                     "network analytics suite", "edge router line", "DSL chipset", "managed field services"],
        "metrics": ["time to market", "network availability", "cost per subscriber", "churn", "rollout speed",
                    "energy per bit"],
        "units": ("sites_per_year", 200, 3000, "site_value", 5000, 40000),
    },
    "Automotive": {
        "nouns": ["Motors", "Automotive", "Mobility", "Drivetrain"],
        "products": ["battery management ICs", "ADAS sensor fusion", "body electronics", "telematics platform",
                     "powertrain test benches", "thermal interface materials", "OTA update service", "wiring harness kits"],
        "metrics": ["warranty cost", "vehicles per year", "launch readiness", "bill of materials", "recall rate",
                    "line rate"],
        "units": ("vehicles_per_month", 5000, 60000, "saving_per_vehicle", 5, 120),
    },
    "Medical devices": {
        "nouns": ["Medical", "Health", "Diagnostics", "Life Systems"],
        "products": ["imaging detectors", "sterile packaging", "infusion pump firmware", "clinical data platform",
                     "validation services", "precision tubing", "sensor modules", "regulatory documentation kit"],
        "metrics": ["time to approval", "units shipped", "field failure rate", "audit findings", "scrap rate",
                    "cost of quality"],
        "units": ("units_per_month", 2000, 40000, "margin_per_unit", 10, 300),
    },
    "Energy": {
        "nouns": ["Energy", "Power", "Renewables", "Grid"],
        "products": ["grid edge controllers", "turbine monitoring", "substation automation", "asset performance software",
                     "power conversion modules", "predictive maintenance service", "storage inverters", "SCADA upgrade"],
        "metrics": ["unplanned downtime", "megawatt hours", "maintenance cost", "availability", "safety incidents",
                    "interconnection time"],
        "units": ("turbines", 40, 600, "downtime_cost_per_turbine", 20000, 150000),
    },
    "Logistics": {
        "nouns": ["Logistics", "Freight", "Cargo", "Supply"],
        "products": ["warehouse robotics", "route optimisation", "cold chain sensors", "yard management system",
                     "customs data service", "fleet telematics", "label printers", "returns platform"],
        "metrics": ["cost per parcel", "on-time delivery", "dock-to-stock time", "inventory accuracy", "fleet utilisation",
                    "claims rate"],
        "units": ("parcels_per_month", 100000, 2000000, "saving_per_parcel", 0.02, 0.4),
    },
    "Pharmaceuticals": {
        "nouns": ["Pharma", "Biologics", "Therapeutics", "Life Sciences"],
        "products": ["single-use bioreactors", "chromatography resins", "LIMS migration", "serialisation software",
                     "cleanroom consumables", "batch analytics", "cold storage", "validation services"],
        "metrics": ["batch yield", "time to release", "deviations", "cost of goods", "capacity", "right first time"],
        "units": ("batches_per_year", 20, 400, "batch_value", 50000, 900000),
    },
    "Retail banking": {
        "nouns": ["Bank", "Financial", "Bancorp", "Capital"],
        "products": ["core banking integration", "fraud analytics", "branch kiosks", "digital onboarding",
                     "payments hub", "contact centre AI", "cloud migration services", "card issuing platform"],
        "metrics": ["cost to serve", "onboarding time", "fraud losses", "net promoter score", "branch traffic",
                    "digital adoption"],
        "units": ("accounts_opened_per_month", 2000, 60000, "value_per_account", 20, 200),
    },
}
PREFIXES = """Helios Northwind Orion Meridian Atlas Boreal Cobalt Vertex Aurora Summit Pioneer Harbor Sterling Cascade
Keystone Redwood Lumen Polaris Crescent Granite Evergreen Silverline Tidewater Apex Beacon Falcon Horizon Juniper
Kestrel Monarch Nimbus Oakridge Pinnacle Quantum Radiant Sequoia Titan Unity Vanguard Westbrook Zenith""".split()
REGIONS = ["North America", "EMEA", "APAC", "Latin America", "Germany", "Japan", "China", "Nordics", "UK and Ireland",
           "Benelux", "India", "Brazil", "Korea", "France", "US West", "US East"]
TEAM_FUNCTIONS = ["Strategic Account Manager", "Field Application Engineer", "Executive Sponsor", "Solution Architect",
                  "Customer Success Manager", "Inside Sales", "Product Manager", "Service Delivery Lead",
                  "Regional Sales Director", "Pricing Analyst", "Supply Chain Liaison", "Quality Engineer"]
FUNCTIONS = ["R&D", "Procurement", "Operations", "Finance", "Quality", "Manufacturing", "IT", "Supply chain",
             "Engineering", "Marketing", "Legal", "Executive board", "Strategy", "Program management"]
TITLES = {
    "decision-maker": ["CEO", "COO", "CFO", "CTO", "VP R&D", "VP Operations", "VP Procurement", "General Manager",
                       "SVP Engineering", "Chief Digital Officer"],
    "key-influencer": ["Director R&D", "Head of Quality", "Director Operations", "Head of Strategy", "Plant Manager",
                       "Director Finance", "Program Director"],
    "technical-approver": ["Principal Engineer", "Chief Architect", "Test Engineering Manager", "Lead Process Engineer",
                           "IT Security Lead"],
    "user": ["Process Engineer", "Buyer", "Line Supervisor", "Design Engineer", "Planner", "Data Analyst",
             "Maintenance Lead", "Lab Manager"],
    "gatekeeper": ["Category Manager", "Executive Assistant", "Supplier Quality Manager", "Commodity Manager"],
    "coach": ["Senior Engineer", "Project Manager", "Former colleague, now Program Lead", "Innovation Manager"],
    "other": ["Sustainability Officer", "Internal Audit", "Regional Sales Lead", "Training Coordinator"],
}
ROLE_PLAN = (["decision-maker"] * 3 + ["key-influencer"] * 5 + ["technical-approver"] * 3 + ["user"] * 7
             + ["gatekeeper"] * 2 + ["coach"] * 2 + ["other"] * 3)
COMPETITOR_NAMES = """Apex Global, Brightline Industries, Corvid Technologies, Delta Nova, Everest Solutions, Fulcrum AG,
Gemini Works, Halcyon Corp, Ironbridge, Jadeport, Kinetic Labs, Lodestar Systems, Mistral Group, Nexa, Onyx Partners,
Paragon Tech, Quill & Co, Rivet Dynamics""".replace("\n", " ").split(", ")
CATEGORIES = {
    "Customer issues and objectives that are driving their process now": [
        "What is the customer trying to accomplish?",
        "How urgently does the customer need to accomplish the objectives?",
        "Why did the customer begin the process now?",
        "What happens to the customer if they do nothing?",
    ],
    "The customer's decision process and criteria": [
        "Who makes the final decision, and how?",
        "What are the formal and informal decision criteria?",
        "Which budget funds this, and is it approved?",
        "What is the timeline to a decision, and what drives it?",
    ],
    "Our relationships with the buying influences": [
        "Do we have access to the decision maker?",
        "Who is our coach, and how strong is the relationship?",
        "Which buying influence is against us, and why?",
    ],
    "Our solution and value versus the competition": [
        "How does our solution meet the must-haves?",
        "Has the customer agreed with our quantified value?",
        "Where are we weaker than the incumbent?",
        "How will the competition respond to our proposal?",
    ],
    "Our ability to deliver": [
        "Can we deliver on the customer's timeline?",
        "Are our internal resources committed?",
        "What are the delivery risks, and who owns them?",
    ],
}
CUSTOMER_VERBS = ["Consolidating", "Expanding", "Outsourcing", "Digitising", "Reorganising", "Relocating",
                  "Standardising", "Automating", "Re-platforming", "Localising"]
SWOT = {
    "strengths": ["Strong and global {f} team", "Aggressive sales and marketing strategy", "Own IP portfolio ({n} patents)",
                  "Leading share in {r}", "Low-cost manufacturing footprint", "Loyal installed base of {n} customers",
                  "Fast decision making at the top", "Healthy balance sheet after the {y} refinancing"],
    "weaknesses": ["Lack of international experience, especially in {r}", "Weak in supply chain management",
                   "Culture of secrecy between divisions", "Ageing {p} installed base", "High staff turnover in {f}",
                   "Slow qualification of new suppliers (about {n} days)", "Fragmented IT landscape after acquisitions"],
    "opportunities": ["Fast growing demand in {r}", "Reshuffle of the market after the {y} regulation",
                      "Government incentives for local production", "Customers asking for {p} as a service",
                      "Consolidation among smaller competitors", "New sustainability requirements favour {p}"],
    "threats": ["Competitors such as {c} moving into {r}", "Private company, little visibility of financial status",
                "Heavy investment in the past few years; stretching beyond its capabilities", "Price pressure of about {n}% a year",
                "Export restrictions affecting {r}", "Shortage of skilled {f} engineers"],
}
SENTENCES = [
    "Establish peer-to-peer relationships between our {f} leaders and theirs",
    "Run a joint workshop on {m} with the {f} team",
    "Share the reference case from {r} where we improved {m}",
    "Prepare a TCO analysis of the {p} quantifying the impact on {m}",
    "Invite {name} to our innovation centre",
    "Agree a pilot scope and success criteria for the {p}",
    "Map the approval steps for the {p} with procurement",
    "Introduce our executive sponsor to {name}",
    "Present our roadmap for the {p} and align it with their plans",
    "Ask {name} for feedback on the draft proposal before it goes out",
    "Quantify the cost of delay for the {p} and review it with finance",
    "Set up a quarterly business review covering {m}",
    "Document the lessons from the last {p} rollout and share them",
    "Offer on-site support during the first {n} weeks of the {p} ramp-up",
    "Confirm the budget owner for the {p} and their timeline",
]
IMPLICATIONS = [
    "Opportunity to position us as their {p} partner across {r}",
    "Their focus on {m} makes our {p} more relevant than ever",
    "We must prove we can support them in {r}, where they lack experience",
    "The reorganisation of {f} puts our current relationships at risk",
    "Price pressure means we need to quantify value on {m}, not only features",
    "A technical alliance (joint labs, custom solutions) would lock in the long term",
]
DESCRIPTIONS = [
    "Makes decisions based on the proposals of the {f} team; wants proof before commitment.",
    "Personally friendly. Has to follow the strategy of their boss; could push others to improve.",
    "Driven by {m}; measured on it every quarter and under pressure from the board.",
    "New in the role since {y}; still forming opinions about suppliers.",
    "Sceptical about new suppliers after a failed project with {c}.",
    "Strong technical background; respects data and dislikes sales talk.",
    "Controls access to the executive floor; values punctuality and short agendas.",
    "Long relationship with {c}; sees us as the challenger.",
]
PERSONAL = ["Risk avoidance", "Innovation", "Flexibility", "Recognition by the board", "Wants to please the boss",
            "Career growth", "Predictability", "Values long-term partners", "Hands-on, likes data", "Ambition"]
MESSAGES = [
    "We can provide all of your {p} needs, globally.",
    "A successful outcome will improve your standing in the company.",
    "Our success will be your success. This is the best solution for you and your team.",
    "We have deep experience, broad technological knowledge and strong support in {r}.",
    "We reduce the risk on {m} with a proven approach.",
    "You get one accountable partner instead of {n} suppliers.",
]
KANO_AREAS = ["Time to market", "After-sales support", "Innovation", "Design support", "Supply security", "Pricing model",
              "Quality", "Sustainability", "Data and reporting", "Training"]
KANO = {
    "must_have": ["Voice access to {p} specialists", "Proven references in {r}", "Delivery within the agreed lead time",
                  "Compliance with their quality system", "A named escalation contact"],
    "more_is_better": ["Process improvement techniques for {m}", "Fast and easy access to information", "On-site visits by technologists",
                       "Shorter lead times", "Volume price breaks"],
    "delight": ["Joint ownership of IP", "First access to leading edge technology", "Complete transparency of our roadmap",
                "A dedicated resident engineer", "Exclusivity of new technology for some period of time"],
}
GOALS_SHORT = ["Win the {a} and {b} design-ins", "Reach {pct}% share of wallet in {p}", "Close the {a} deal at target margin",
               "Get approved as preferred supplier for {p}", "Raise the relation score of every decision maker to +"]
GOALS_LONG = ["Establish a technical alliance: joint labs, custom solutions", "Become the single source for {p} in {r}",
              "Double annual revenue from the account", "Co-develop the next generation of {p}"]
STRATEGIES = [
    "Our broad portfolio can enable the customer to rapidly develop products in all market segments.",
    "Lead with quantified value on {m}, not with price.",
    "Build relationships from the {f} team up to the executive board, with a named owner for each.",
    "Use the {r} success as the reference for every new opportunity.",
    "Keep the spoiler review in every capture plan before a proposal goes out.",
]
WIN_THEMES = ["Local design support cuts their time to market", "Lowest total cost of ownership over five years",
              "Proven in {r} with a comparable rollout", "One partner for {p} and services", "Roadmap aligned with theirs"]
RISKS = ["Incumbent {c} drops the price by 15%", "Budget moves to the next fiscal year", "Key sponsor {name} changes role",
         "Qualification takes longer than planned", "Their IT security review blocks the cloud option"]
EVIDENCE = ["Confirmed by {name} in the last meeting", "Stated in their RFP, section 3", "Our coach shared the internal memo",
            "Assumption, not verified yet", "Heard second-hand from the distributor", "Written in the signed NDA scope",
            "Customer's annual report ({y})"]
STAGE_PLAN = (["negotiation", "proposal", "proposal", "qualified", "qualified", "negotiation"] + ["concept", "assessment", "assessment",
              "concept"] + ["on-hold", "delayed", "cancelling"] + ["potential", "potential", "potential"] + ["won", "lost"])


# --------------------------------------------------------------------------- YAML text helpers

_SPECIAL_START = set("-?:,[]{}#&*!|>'\"%@`")
_NOT_TEXT = re.compile(r"(?i)[-+]?(\.[0-9]+|[0-9][0-9_,]*(\.[0-9]*)?)([e][-+]?[0-9]+)?|true|false|yes|no|on|off|null|~"
                       r"|[-+]?\.(inf|nan)|0x[0-9a-f]+|0o[0-7]+|[0-9]{4}-[0-9].*")


def plain_ok(s: str, flow: bool = False) -> bool:
    """Can ``s`` be written as a plain (unquoted) YAML scalar that reads back as the same text?"""
    if not s or s != s.strip() or s[0] in _SPECIAL_START or "\n" in s or "\t" in s:
        return False
    if ": " in s or " #" in s or s.endswith(":"):
        return False
    if flow and any(c in s for c in ",[]{}"):
        return False
    return not _NOT_TEXT.fullmatch(s)


def q(s: str, flow: bool = False) -> str:
    """``s`` as a YAML scalar: plain when it reads back as the same text, else double-quoted."""
    return s if plain_ok(s, flow) else json.dumps(s, ensure_ascii=False)


def folded(s: str, first: int, cont: str, width: int = 100) -> str:
    """``s`` as a plain scalar wrapped over several lines (``first`` columns used already), or quoted."""
    if not plain_ok(s) or first + len(s) <= width:
        return q(s)
    words = s.split(" ")
    lines, cur, used = [], [], first
    for w in words:
        if cur and used + 1 + len(w) > width and w[0] not in _SPECIAL_START:
            lines.append(" ".join(cur))
            cur, used = [w], len(cont) + len(w)
        else:
            used += len(w) + (1 if cur else 0)
            cur.append(w)
    lines.append(" ".join(cur))
    return ("\n" + cont).join(lines)


def flow_list(items) -> str:
    return "[" + ", ".join(q(x, flow=True) for x in items) + "]"


class Doc:
    """A YAML file written line by line."""

    def __init__(self, header: str):
        self.lines = [f"# {header}"]

    def add(self, line: str = "") -> None:
        self.lines.append(line)

    def comment(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + "# " + text)

    def text(self, indent: int, key: str, value: str, dash: bool = False) -> None:
        """``key: value`` at ``indent`` (with ``- `` before when ``dash``), long text wrapped."""
        lead = " " * indent + ("- " if dash else "") + f"{key}: "
        cont = " " * (indent + (2 if dash else 0) + 2)
        self.lines.append(lead + folded(value, len(lead), cont))

    def items(self, indent: int, key: str, values, flow: bool | None = None, rng: Random | None = None) -> None:
        """A list of text under ``key``, flow style (``[a, b]``) or block style."""
        if flow is None:
            flow = rng is not None and rng.random() < 0.4 and all(plain_ok(v, True) for v in values)
        if flow or not values:
            self.lines.append(" " * indent + f"{key}: {flow_list(values)}")
            return
        self.lines.append(" " * indent + f"{key}:")
        for v in values:
            lead = " " * (indent + 2) + "- "
            self.lines.append(lead + folded(v, len(lead), " " * (indent + 4)))

    def render(self) -> str:
        return "\n".join(self.lines) + "\n"


# --------------------------------------------------------------------------- one plan

def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


class PlanWriter:
    def __init__(self, seed: int, index: int):
        self.r = Random(f"saa-bench:{seed}:{index}")
        r = self.r
        self.index = index
        self.industry = r.choice(sorted(INDUSTRIES))
        self.ind = INDUSTRIES[self.industry]
        self.customer = f"{r.choice(PREFIXES)} {r.choice(self.ind['nouns'])}"
        self.id = f"{slug(self.customer)}-{index + 1:04d}"
        self.region = r.choice(REGIONS)
        self.currency = r.choice(["USD"] * 6 + ["EUR"] * 2 + ["GBP"])
        self.sym = {"USD": "$", "EUR": "€", "GBP": "£"}[self.currency]
        self.fx = {"USD": {"EUR": 1.08, "GBP": 1.27}, "EUR": {"USD": 0.93, "GBP": 1.17},
                   "GBP": {"USD": 0.79, "EUR": 0.85}}[self.currency]
        people = [f"{f} {l}" for f in FIRST for l in LAST]
        picked = r.sample(people, 40)
        self.team = picked[: r.randint(8, 12)]
        self.contacts = picked[12:12 + len(ROLE_PLAN)]
        self.competitors = r.sample(COMPETITOR_NAMES, r.randint(3, 4))
        self.year = 2026
        self.today = dt.date(2026, 11, 27)

    # -- small pieces ------------------------------------------------------
    def fill(self, template: str) -> str:
        r = self.r
        return template.format(
            f=r.choice(FUNCTIONS), m=r.choice(self.ind["metrics"]), r=r.choice(REGIONS), p=r.choice(self.ind["products"]),
            name=r.choice(self.contacts), c=r.choice(self.competitors), n=r.choice([3, 4, 6, 12, 40, 120, 4000]),
            y=r.choice([2023, 2024, 2025]))

    def date(self, lo_days: int = -60, hi_days: int = 540) -> str:
        """A date in one of the three forms: 2027-03-31, 2027-03 (month end), 2027-Q1 (quarter end)."""
        d = self.today + dt.timedelta(days=self.r.randint(lo_days, hi_days))
        form = self.r.random()
        if form < 0.5:
            return d.isoformat()
        if form < 0.8:
            return f"{d.year}-{d.month:02d}"
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"

    def member(self) -> str:
        # now and then someone who is not on the roster yet: the alignment gap the method is about
        if self.r.random() < 0.01:
            return f"{self.r.choice(FIRST)} {self.r.choice(LAST)}"
        return self.r.choice(self.team)

    def action(self, indent: int, doc: Doc, owned: bool = False) -> None:
        """One list item: a sentence, or {do, owner, due, status} in block or flow style."""
        r = self.r
        text = self.fill(r.choice(SENTENCES))
        lead = " " * indent + "- "
        if not owned and r.random() < 0.45:
            doc.add(lead + folded(text, len(lead), " " * (indent + 2)))
            return
        owner, due = self.member(), self.date(-20, 400)
        status = r.choice([None] * 6 + ["open", "done", "dropped"])
        if r.random() < 0.3 and plain_ok(text, True):
            parts = [f"do: {q(text, True)}", f"owner: {q(owner, True)}", f"due: {due}"]
            if status:
                parts.append(f"status: {status}")
            doc.add(lead + "{" + ", ".join(parts) + "}")
            return
        doc.text(indent, "do", text, dash=True)
        doc.add(" " * (indent + 2) + f"owner: {q(owner)}")
        doc.add(" " * (indent + 2) + f"due: {due}")
        if status:
            doc.add(" " * (indent + 2) + f"status: {status}")

    def actions(self, indent: int, key: str, doc: Doc, n: int, owned: bool = False) -> None:
        doc.add(" " * indent + f"{key}:")
        for _ in range(n):
            self.action(indent + 2, doc, owned)

    def money(self, amount: float) -> str:
        """``amount`` (in the plan's currency) written the way people write money."""
        r = self.r
        form = r.random()
        sym = {"USD": "$", "EUR": "€", "GBP": "£"}[self.currency]
        if amount >= 1e9:
            return r.choice([f"{amount / 1e9:g}bn", f"{amount / 1e9:g}B", f'"{sym}{amount / 1e9:g}B"'])
        if amount >= 1e6:
            m = round(amount / 1e6, 1)
            return [f"{m:g}M", f'"{sym}{m:g}M"', f"{self.currency} {m:g}M", f"{m:g} mil", f"{int(m * 1e6)}"][int(form * 5)]
        if amount >= 1e3:
            k = round(amount / 1e3)
            return [f"{k}k", f'"{sym}{k * 1000:,}"', f"{self.currency} {k}k", f"{k * 1000}"][int(form * 4)]
        return f"{amount:g}"

    def foreign_money(self, amount: float) -> str:
        """Money written in another currency; account.yaml carries its exchange rate."""
        code = self.r.choice(sorted(self.fx))
        return f"{code} {round(amount / self.fx[code] / 1e3)}k"

    # -- the files ---------------------------------------------------------
    def account(self) -> str:
        r = self.r
        d = Doc(f"Strategic account plan: {self.customer}. Owner: {self.team[0]}. Reviewed with the team every quarter.")
        d.add(f"account: {q(self.customer)}")
        d.add(f"id: {self.id}")
        d.add(f"industry: {q(self.industry)}")
        d.add(f"region: {q(self.region)}")
        d.add(f"currency: {self.currency}")
        d.add(f"owner: {q(self.team[0])}")
        d.comment(0, "everyone on our side who routinely interacts with the customer")
        d.add("team:")
        funcs = [TEAM_FUNCTIONS[0]] + r.sample(TEAM_FUNCTIONS[1:], len(self.team) - 1)
        for name, func in zip(self.team, funcs):
            d.add(f"  - name: {q(name)}")
            d.add(f"    function: {q(func)}")
            d.add(f"    region: {q(r.choice(REGIONS))}")
        last = self.today - dt.timedelta(days=r.randint(5, 150))
        d.add("review:")
        d.add(f"  last: {last.isoformat()}")
        d.add(f"  next: {self.date(10, 120)}")
        d.add(f"  cadence_days: {r.choice([30, 60, 90, 90, 120])}")
        d.add("alignment:")
        for k in ("connect_everyone", "communicate_activities", "shared_understanding"):
            d.add(f"  {k}: {r.choice(['not-well', 'moderately-well', 'moderately-well', 'very-well'])}")
        d.add("settings:")
        d.add("  rag: {red_below: 3.0, green_from: 4.0}")
        d.add("  fx:  # rates into " + self.currency)
        for code, rate in sorted(self.fx.items()):
            d.add(f"    {code}: {rate}")
        return d.render()

    def profile(self) -> str:
        r = self.r
        d = Doc("Step 1. Customer profile: strategic analysis, SWOT, implications and actions.")
        d.add("strategic_analysis:")
        d.items(2, "challenges_and_opportunities", [
            f"Become a leading {self.industry.lower()} company with its own advanced {self.fill('{p}')} in all market segments.",
            f"Maintain its position in the top 3 in {self.fill('{r}')}; grow {self.fill('{m}')} by {r.randint(5, 30)}% by {self.year + 2}.",
            f"Reduce dependency on {self.competitors[0]} and build a second source for critical parts.",
            self.fill("Cut {m} while expanding into {r}."),
        ], flow=False)
        d.add("  customer_actions:")
        for _ in range(r.randint(3, 4)):
            act = (f"{r.choice(CUSTOMER_VERBS)} {self.fill('{p}')} for {self.fill('{r}')}, low cost for emerging markets "
                   f"yet high-performing for advanced markets; building in strong security and transparency.")
            d.text(4, "action", act, dash=True)
            d.add(f"      executive: {q(r.choice(self.contacts) + ', ' + r.choice(TITLES['decision-maker']))}")
        d.comment(0, "the customer's SWOT in its own industry")
        d.add("swot:")
        for k, bank in SWOT.items():
            d.items(2, k, [self.fill(t) for t in r.sample(bank, r.randint(3, 5))], rng=r)
        d.add("implications:")
        for _ in range(r.randint(3, 5)):
            d.add(f"  - from: {r.choice(['swot', 'strategic-analysis'])}")
            d.text(4, "implication", self.fill(r.choice(IMPLICATIONS)))
            self.actions(4, "actions", d, r.randint(1, 3))
        return d.render()

    def relation(self, good: bool) -> str:
        r = self.r
        if good:
            return r.choice(['"+"', '"++"', '"+"', "1", "2"])
        return r.choice(['"0"', '"-"', '"--"', '"–"', '"0"', "0", "-1"])

    def frequency(self) -> str:
        return self.r.choice(["15/year", "1-2/year", "2/month", "1/week", "4/quarter", "weekly", "monthly",
                              "quarterly", "yearly", "6/year", "3-4/year"])

    def network(self) -> str:
        r = self.r
        d = Doc("Step 2. Customer network assessment: who decides, how well we know them, who gets us to them.")
        d.add("contacts:")
        self.roles = {}
        unreached = []
        for i, (name, role) in enumerate(zip(self.contacts, ROLE_PLAN)):
            self.roles[name] = role
            if i in (3, 8, 14, 19):
                d.comment(2, r.choice(["reviewed in the last account meeting", "new since the reorganisation",
                                       "our link changed this quarter", "check the title with the coach"]))
            good = r.random() < (0.7 if role == "decision-maker" else 0.5)
            if role == "decision-maker" and not good:
                unreached.append(name)
            d.add(f"  - name: {q(name)}")
            d.add(f"    title: {q(r.choice(TITLES[role]))}")
            d.add(f"    function: {q(r.choice(FUNCTIONS))}")
            d.add(f"    role: {role}")
            d.add(f"    relation: {self.relation(good)}")
            if r.random() < 0.7:
                text = self.fill(r.choice(DESCRIPTIONS))
                if r.random() < 0.3:
                    d.add("    description: >-")
                    for line in textwrap.wrap(text, 74):
                        d.add("      " + line)
                else:
                    d.text(4, "description", text)
            d.add(f"    meeting_frequency: {self.frequency()}")
            d.add(f"    our_link: {q(self.member())}")
            d.add(f"    link_level: {r.choice([1, 1, 2])}")
            if i >= 3:
                d.add(f"    reports_to: {q(self.contacts[r.randrange(0, min(i, 8))])}")
            if role in ("decision-maker", "key-influencer", "technical-approver") or r.random() < 0.3:
                d.items(4, "business_results", r.sample(self.ind["metrics"], 3), rng=r)
                d.items(4, "messages", [self.fill(m) for m in r.sample(MESSAGES, r.randint(1, 2))], flow=False)
                self.actions(4, "strategies", d, r.randint(1, 2))
        d.comment(0, "who we already know that can get us to someone we must reach")
        d.add("allies:")
        targets = unreached[:-1] if len(unreached) > 1 and r.random() < 0.3 else unreached
        others = [c for c in self.contacts if c not in targets]
        targets = targets + r.sample([c for c in self.contacts[:8] if c not in targets], 6 - min(len(targets), 5))
        for t in targets:
            ally = r.choice([c for c in others if c != t])
            d.add(f"  - ally: {q(ally)}")
            d.add(f"    target: {q(t)}")
            d.text(4, "leverage", self.fill("More evidence of our reliable performance on {m}; joint review with {f}"))
            d.text(4, "influence_and_reward", self.fill("Probes their department strategy; gains visibility with the {f} board"))
            d.add(f"    meeting_frequency: {self.frequency()}")
        return d.render()

    def needs(self) -> str:
        r = self.r
        d = Doc("Step 3. Needs of decision makers and influencers; KANO analysis.")
        d.add("needs:")
        for name in self.contacts:
            if self.roles[name] not in ("decision-maker", "key-influencer"):
                continue
            d.add(f"  - contact: {q(name)}")
            d.items(4, "business_results", r.sample(self.ind["metrics"], 3), rng=r)
            d.items(4, "personal", r.sample(PERSONAL, 3), rng=r)
            self.actions(4, "actions", d, r.randint(1, 2))
            d.items(4, "messages", [self.fill(r.choice(MESSAGES))], flow=False)
        d.add("kano:")
        for area in r.sample(KANO_AREAS, r.randint(4, 6)):
            d.add(f"  - care_about: {q(area)}")
            for lvl, bank in KANO.items():
                d.items(4, lvl, [self.fill(t) for t in r.sample(bank, r.randint(1, 2))], rng=r)
        return d.render()

    def formula(self):
        """(formula, inputs as YAML text, value per period) for one value opportunity."""
        r = self.r
        a, alo, ahi, b, blo, bhi = self.ind["units"]
        av = r.randint(alo, ahi) if isinstance(alo, int) else round(r.uniform(alo, ahi), 2)
        bv = r.randint(blo, bhi) if isinstance(blo, int) else round(r.uniform(blo, bhi), 2)
        pct = r.randint(1, 15)
        bw = f"{bv:g}"
        if bv >= 1000 and r.random() < 0.5:   # $4k, €4.6k, 4.6k
            bv = round(bv, -2)
            bw = f"{r.choice([self.sym, ''])}{bv / 1000:g}k"
        shape = r.randrange(4)
        if shape == 0:
            return f"{a} * {b} * improvement", {a: f"{av:g}", b: bw, "improvement": f"{pct}%"}, av * bv * pct / 100
        if shape == 1:
            cur, new = r.randint(20, 60), r.randint(5, 19)
            return (f"({'current_rate'} - {'new_rate'}) * {a} * {b}",
                    {"current_rate": f"{cur}%", "new_rate": f"{new}%", a: f"{av:g}", b: bw},
                    (cur - new) / 100 * av * bv)
        if shape == 2:
            hours, rate = r.randint(200, 4000), r.randint(60, 180)
            return "hours_saved * hourly_cost + avoided_spend", {"hours_saved": str(hours), "hourly_cost": str(rate),
                                                                 "avoided_spend": f"{r.randint(20, 400)}k"}, None
        sites = r.randint(2, 30)
        return f"sites * ({b} * {a} / 12) * improvement", {"sites": str(sites), b: bw, a: f"{av:g}", "improvement": f"{pct}%"}, \
            sites * (bv * av / 12) * pct / 100

    def value_opportunities(self) -> str:
        r = self.r
        d = Doc("Step 4. Value opportunities: value for the customer, quantified with a formula over its inputs.")
        d.add("value_opportunities:")
        ids = set()
        for k in range(r.randint(7, 9)):
            product = r.choice(self.ind["products"])
            vid = slug(f"{product} {r.choice(self.ind['metrics'])}")[:40].strip("-")
            while vid in ids:
                vid = f"{vid[:36]}-{k}"
            ids.add(vid)
            d.add(f"  - id: {vid}")
            d.text(4, "opportunity", self.fill(f"Replace the current {product} by demonstrating superior {{m}} in {{r}}"))
            d.add(f"    owner: {q(r.choice(self.contacts + FUNCTIONS))}")
            d.items(4, "drivers", r.sample(self.ind["metrics"], 2), rng=r)
            d.items(4, "business_results", [f"{r.choice(['Cost of goods sold', 'Revenue', 'Working capital', 'Margin'])}"], rng=r)
            formula, inputs, _ = self.formula()
            d.add("    quantification:")
            if r.random() < 0.4:
                d.comment(6, self.fill("estimate agreed with {name}; refresh after the pilot"))
            d.add(f"      formula: {formula}")
            if r.random() < 0.5:
                d.add("      inputs: {" + ", ".join(f"{k}: {v}" for k, v in inputs.items()) + "}")
            else:
                d.add("      inputs:")
                for name, v in inputs.items():
                    d.add(f"        {name}: {v}")
            per = r.choice(["once", "month", "quarter", "year", "year", "month"])
            d.add(f"      per: {per}")
            value = self._evaluate(formula, inputs)
            if value is not None and value > 0 and r.random() < 0.85:
                claimed = value * (1.02 if r.random() < 0.05 else 1.0)   # now and then a claim a little off
                d.add(f"      claimed: {self.claim(claimed)}")
            d.text(4, "positioning", self.fill("Discuss the potential improvement of {m} versus the current supplier with the {f} users"))
        return d.render()

    def claim(self, value: float) -> str:
        sym = {"USD": "$", "EUR": "€", "GBP": "£"}[self.currency]
        return self.r.choice([f'"{sym}{value:,.0f}"', f"{value:.0f}", f"{self.currency} {value:,.2f}".replace(",", "")])

    def _evaluate(self, formula: str, inputs: dict) -> float | None:
        env = {}
        for k, v in inputs.items():
            v = v.strip()
            if v.endswith("%"):
                env[k] = float(v[:-1]) / 100
            elif v.endswith("k"):
                env[k] = float(v.lstrip("$€£")[:-1]) * 1000
            else:
                env[k] = float(v)
        # the formulas above are plain arithmetic over these names
        return float(eval(formula, {"__builtins__": {}}, env))  # noqa: S307 - our own generated text

    def competition(self) -> str:
        r = self.r
        d = Doc("Step 5. Competition: our differentiated value per value driver.")
        d.add("competitors:")
        positions = ["incumbent", "challenger", "niche", "new-entrant"]
        for c in self.competitors:
            d.add(f"  - name: {q(c)}")
            d.add(f"    position: {r.choice(positions)}")
            d.items(4, "strengths", [self.fill(t) for t in ["Long relationship with the {f} team", "Low price in {r}",
                                                              "Broad {p} portfolio"][: r.randint(1, 3)]], rng=r)
            d.items(4, "weaknesses", [self.fill(t) for t in ["Slow support in {r}", "No roadmap for {p}",
                                                               "Quality escapes on {m}"][: r.randint(1, 3)]], rng=r)
        d.add("differentiation:")
        for drv in r.sample(self.ind["metrics"], 4):
            d.add(f"  - driver: {q(drv.capitalize())}")
            d.add(f"    us: {r.randint(2, 5)}")
            d.add("    competitors: {" + ", ".join(f"{q(c, True)}: {r.randint(1, 5)}" for c in self.competitors) + "}")
            d.items(4, "evidence", [self.fill(r.choice(EVIDENCE))], rng=r)
        return d.render()

    def value_buyers(self) -> str:
        r = self.r
        d = Doc("Step 6. Value buyer checklist: who owns each process, how they perceive our value, how we win them.")
        d.add("value_buyers:")
        for proc in r.sample(["Operations and logistics", "Purchasing", "New product introduction", "Quality assurance",
                              "Finance and controlling", "Field service", "IT infrastructure"], r.randint(4, 6)):
            d.add(f"  - process: {q(proc)}")
            d.add(f"    contact: {q(r.choice(self.contacts + FUNCTIONS))}")
            d.add(f"    perception: {r.randint(-2, 2)}")
            d.text(4, "assessment", self.fill("Thinks that {p} is only a requirement and does not create extra value on {m}"))
            d.items(4, "drivers", r.sample(self.ind["metrics"], 2), rng=r)
            self.actions(4, "strategies", d, r.randint(1, 2))
        return d.render()

    def goals(self) -> str:
        r = self.r
        d = Doc("Step 7. Goals (short 12-18 months, long 18-36 months), strategies, time allocation.")
        d.add("goals:")
        opps = [o["name"] for o in self.opps]
        for horizon, bank, n in (("short", GOALS_SHORT, 3), ("long", GOALS_LONG, 2)):
            for t in r.sample(bank, n):
                text = self.fill(t.replace("{a}", opps[0]).replace("{b}", opps[1]).replace("{pct}", str(r.randint(20, 60))))
                d.text(2, "goal", text, dash=True)
                d.add(f"    horizon: {horizon}")
                d.add(f"    metric: {q(r.choice(['revenue', 'share of wallet', 'margin', 'relation score', 'design wins']))}")
                d.add(f"    target: {self.money(r.uniform(1e6, 3e7))}")
                d.add(f"    by: {self.date(200, 900)}")
        d.items(0, "strategies", [self.fill(s) for s in r.sample(STRATEGIES, 3)], flow=False)
        d.comment(0, "how the account manager spends time; adds up to 100%")
        d.add("time_allocation:")
        split = r.choice([(35, 20, 25, 10, 10), (40, 15, 20, 15, 10), (30, 20, 30, 10, 10), (25, 25, 25, 15, 10)])
        for k, v in zip(("sales_opportunities", "customer_knowledge", "build_relationships", "position_value",
                         "internal_alignment"), split):
            d.add(f"  {k}: {f'{v}%' if r.random() < 0.7 else v / 100:}")
        return d.render()

    def plan_opportunities(self) -> None:
        r = self.r
        self.opps = []
        ids = set()
        for stage in STAGE_PLAN:
            product = r.choice(self.ind["products"])
            oid = slug(product)
            while oid in ids:
                oid = f"{slug(product)}-{r.randint(2, 99)}"
            ids.add(oid)
            self.opps.append({"id": oid, "name": product[0].upper() + product[1:] + r.choice(["", " phase 2", " for " + r.choice(REGIONS)]),
                              "stage": stage})

    def opportunities(self) -> str:
        r = self.r
        d = Doc("Step 8. The Opportunity Prioritization Matrix: every opportunity, its stage, actions to progress.")
        d.add("opportunities:")
        for o in self.opps:
            if o["stage"] in ("won", "lost") and o is self.opps[-2]:
                d.comment(2, "closed this year")
            d.add(f"  - id: {o['id']}")
            d.text(4, "name", o["name"])
            early = o["stage"] in ("potential",) or r.random() < 0.1
            if early:
                d.add("    value: " + r.choice(["unknown", '"?"', "unknown"]))
            elif r.random() < 0.1:
                d.add(f"    value: {self.foreign_money(r.uniform(2e5, 5e6))}")
            else:
                d.add(f"    value: {self.money(r.choice([r.uniform(1e5, 9e5), r.uniform(1e6, 2.5e7)]))}")
            if o["stage"] not in ("potential",):
                p = r.choice([10, 20, 30, 40, 50, 60, 75, 90, 95])
                d.add(f"    probability: {f'{p}%' if r.random() < 0.7 else p / 100}")
            d.add(f"    stage: {o['stage']}")
            if o["stage"] != "potential" or r.random() < 0.5:
                d.add(f"    decision: {self.date(20, 700)}")
            if r.random() < 0.15:
                quad = {"qualified": "I", "proposal": "I", "negotiation": "I", "concept": "II", "assessment": "II",
                        "on-hold": "III", "delayed": "III", "cancelling": "III", "potential": "IV"}.get(o["stage"])
                if quad:
                    d.add(f"    quadrant: {quad}  # as the stage says; kept for the QBR deck")
            d.text(4, "competition", self.fill(r.choice(["Strong competition from {c}", "Being significantly challenged on price by {c}",
                                                          "Sole source so far", "{c} is the incumbent in {r}"])))
            if r.random() < 0.4:
                d.text(4, "notes", self.fill("On hold due to cost reductions in {f}. Trigger will be competitors moving ahead in {r}."))
            self.actions(4, "actions", d, r.randint(1, 3))
        return d.render()

    def capture_plans(self) -> str:
        r = self.r
        d = Doc("Step 9. A capture plan for each opportunity being pursued (every deal in progress).")
        d.add("capture_plans:")
        influencers = [c for c in self.contacts if self.roles[c] in ("decision-maker", "key-influencer", "technical-approver", "coach")]
        for o in self.active:
            d.add(f"  - opportunity: {o['id']}")
            d.text(4, "objective", self.fill(f"Win the {o['name']} against {{c}} at target margin and make it the reference for {{r}}"))
            d.text(4, "decision_process", self.fill("Technical qualification by {f}, then a commercial round led by procurement; final sign-off by the board"))
            d.add(f"    decision_date: {self.date(30, 400)}")
            d.items(4, "buying_influences", r.sample(influencers, r.randint(3, 5)), rng=r)
            d.text(4, "competition", self.fill("{c} is the incumbent and will defend on price"))
            d.items(4, "win_themes", [self.fill(t) for t in r.sample(WIN_THEMES, 2)], rng=r)
            d.items(4, "risks", [self.fill(t) for t in r.sample(RISKS, 2)], rng=r)
            self.actions(4, "actions", d, r.randint(2, 4), owned=True)
        return d.render()

    def challenge(self) -> str:
        r = self.r
        d = Doc("Step 10. Challenge question scoring of each capture plan: team scores, then an independent spoiler.")
        d.add("challenges:")
        for o in self.active:
            d.add(f"  - opportunity: {o['id']}")
            d.add(f"    reviewed: {self.date(-90, -1)}")
            spoiler = r.random() < 0.85
            if spoiler:
                d.add(f"    spoiler: {q(r.choice(FIRST) + ' ' + r.choice(LAST))}")
            d.add("    categories:")
            for cat in r.sample(sorted(CATEGORIES), r.randint(2, 3)):
                d.text(6, "name", cat, dash=True)
                d.add("        questions:")
                for question in r.sample(CATEGORIES[cat], r.randint(2, 3)):
                    d.text(10, "question", question, dash=True)
                    team = [r.randint(2, 5) for _ in range(3)]
                    d.add(f"            team: {{confidence: {team[0]}, implications: {team[1]}, actions: {team[2]}}}")
                    if spoiler and r.random() < 0.8:
                        sp = [max(1, t - r.randint(0, 2)) for t in team]
                        d.add(f"            spoiler: {{confidence: {sp[0]}, implications: {sp[1]}, actions: {sp[2]}}}")
                    if r.random() < 0.5:
                        d.text(12, "evidence", self.fill(r.choice(EVIDENCE)))
        return d.render()

    def files(self) -> dict:
        self.plan_opportunities()
        self.active = [o for o in self.opps if o["stage"] in ("qualified", "proposal", "negotiation")]
        out = {"account.yaml": self.account(), "01-customer-profile.yaml": self.profile(),
               "02-network.yaml": self.network(), "03-needs-kano.yaml": self.needs(),
               "04-value-opportunities.yaml": self.value_opportunities(), "05-competition.yaml": self.competition(),
               "06-value-buyers.yaml": self.value_buyers()}
        out["07-goals-strategy.yaml"] = self.goals()
        out["08-opportunities.yaml"] = self.opportunities()
        out["09-capture-plans.yaml"] = self.capture_plans()
        out["10-challenge.yaml"] = self.challenge()
        return out


def generate(out_dir: Path | str, plans: int, seed: int = 1) -> list[Path]:
    """Write ``plans`` plans under ``out_dir``; return their folders in order."""
    out_dir = Path(out_dir)
    folders = []
    for i in range(plans):
        w = PlanWriter(seed, i)
        folder = out_dir / w.id
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in w.files().items():
            (folder / name).write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", metavar="OUT_DIR", help="portfolio folder to write (created if needed)")
    ap.add_argument("--plans", type=int, default=120, help="number of plans (default 120)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args(argv)
    if args.plans < 0:
        ap.error("--plans must be 0 or more")
    folders = generate(args.out, args.plans, args.seed)
    size = sum(f.stat().st_size for d in folders for f in d.iterdir())
    print(f"wrote {len(folders)} plans in {args.out} ({size / 1024:.0f} KiB, {size / max(len(folders), 1) / 1024:.1f} KiB a plan)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
