"""``saa export``: the plan as tables for a spreadsheet, as data. Nothing here prints or writes.

:func:`table` gives the one table of ``--what`` (opportunities, contacts,
actions, values, challenge, whitespace) for CSV or a one-sheet workbook;
:func:`workbook` gives the whole plan as sheets laid out like the method's
worksheets. Renderers (:mod:`saa.render.csv`, :mod:`saa.render.xlsx`) turn
them into files.

Cells hold typed values: ``str``, ``int``/``float`` (numbers stay numbers),
``datetime.date``, ``None`` (empty); a :class:`Fill` wraps a value that has a
background colour (the challenge's red/yellow/green, the whitespace statuses).
Each column has a kind that says how a spreadsheet shows it (money with
thousands separators, percent, date, score to one decimal).

Text is escaped against formula injection by :func:`escape` (in both
renderers): a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading ``'``, so a spreadsheet shows it as text and
never runs it. ``saa import crm`` removes that quote again.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import field
from .records import dataclass

from .actions import is_overdue
from .vocab import DIMENSIONS, STEP_NAMES


def _sheet(step: int) -> str:
    """A step's sheet name: its number and its name, as every other view calls it."""
    return f"{step} {STEP_NAMES[step]}"


def _title(step: int, what: str | None = None) -> str:
    return f"Step {step}. {STEP_NAMES[step]}" + (f": {what}" if what else "")

WHATS = ("opportunities", "contacts", "actions", "values", "challenge", "whitespace")
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def escape(text: str) -> str:
    """Text for a spreadsheet cell: a leading ``'`` when it would start a formula (OWASP's CSV injection advice)."""
    return "'" + text if text.startswith(DANGEROUS) else text


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"      # text, money, percent, date, number, score, int
    width: int | None = None


@dataclass
class Fill:
    value: object
    colour: str             # "red", "yellow", "green", or "#rrggbb"


@dataclass
class SheetTable:
    title: str | None
    columns: list
    rows: list = field(default_factory=list)
    note: str | None = None


@dataclass
class Sheet:
    name: str                # at most 31 characters, no []:*?/\
    title: str
    bands: list = field(default_factory=list)   # bands top to bottom; each a list of tables side by side
    freeze_header: bool = True                  # freeze the title and the first table's header


def _t(v) -> str | None:
    if v is None:
        return None
    return v if isinstance(v, str) else str(v)


def _action_text(a) -> str:
    return a.do if hasattr(a, "do") else str(a)


def _texts(items) -> str | None:
    items = [str(x) for x in items or [] if x is not None and str(x).strip()]
    return "\n".join(items) if items else None


def _actions(items) -> str | None:
    out = []
    for a in items or []:
        if hasattr(a, "do"):
            extra = ", ".join(x for x in (a.owner, a.due.isoformat() if a.due else None,
                                          a.status if a.status != "open" else None) if x)
            out.append(a.do + (f" ({extra})" if extra else ""))
        elif a is not None:
            out.append(str(a))
    return "\n".join(out) if out else None


# ---- the tables of --what ------------------------------------------------------------

OPPORTUNITY_COLUMNS = [
    Column("saa id", width=22), Column("CRM ID", width=20), Column("Name", width=36), Column("Stage", width=13),
    Column("Quadrant", width=9), Column("Value", "money"), Column("Probability (%)", "number", width=15),
    Column("Expected value", "money"), Column("Decision date", "date"), Column("Competition", width=30),
    Column("Notes", width=30), Column("Next action", width=40),
]


def _next_action(o) -> str | None:
    for a in o.actions:
        if getattr(a, "status", "open") == "open":
            return _action_text(a)
    return None


def opportunity_row(o) -> list:
    from .matrix import expected_value, quadrant

    return [o.id, o.crm_id, o.name, o.stage, quadrant(o) or "closed", o.value,
            None if o.probability is None else round(o.probability * 100, 6), expected_value(o), o.decision,
            o.competition, o.notes, _next_action(o)]


_FIELD_KIND = {"money": "money", "percent": "percent", "date": "date", "number": "number", "frequency": "number"}


def _custom(plan, item: str, key: str, items) -> tuple:
    """(columns, rows of values) of the company's custom fields (saa.yaml) of ``items``; ([], []) without."""
    from .config import custom_fields_by_id

    defs = list(((plan.config.fields if plan.config is not None else {}) or {}).get(item, {}).values())
    if not defs:
        return [], [[] for _ in items]
    by = custom_fields_by_id(plan, item, key)
    cols = [Column(d.name, _FIELD_KIND.get(d.type, "text"), width=16) for d in defs]
    rows = []
    for it in items:
        vals = by.get(getattr(it, key), {})
        row = []
        for d in defs:
            v = vals.get(d.name)
            if d.type == "relation" and v is not None:
                from .scalars import relation_symbol

                v = relation_symbol(v)
            row.append(v)
        rows.append(row)
    return cols, rows


def opportunities(plan) -> SheetTable:
    """Every opportunity in the order of the plan file; the columns `saa import crm` reads back,
    then the company's custom fields (saa.yaml)."""
    cols, extra = _custom(plan, "opportunities", "id", plan.opportunities)
    return SheetTable(None, OPPORTUNITY_COLUMNS + cols, [opportunity_row(o) + e for o, e in zip(plan.opportunities, extra)])


def contacts(plan) -> SheetTable:
    from .scalars import relation_symbol

    cols = [Column("Name", width=24), Column("Title", width=28), Column("Function", width=18), Column("Role", width=18),
            Column("Relation", width=9), Column("Our link", width=20), Column("Link level", "int"),
            Column("Meetings per year", "number", width=10), Column("Reports to", width=20)]
    rows = [[c.name, c.title, c.function, c.role, relation_symbol(c.relation) if c.relation is not None else None,
             c.our_link, c.link_level, c.meeting_frequency, c.reports_to] for c in plan.contacts]
    more, extra = _custom(plan, "contacts", "name", plan.contacts)
    return SheetTable(None, cols + more, [r + e for r, e in zip(rows, extra)])


def actions(plan, today: _dt.date) -> SheetTable:
    cols = [Column("Step", "int"), Column("From", width=34), Column("Action", width=60), Column("Owner", width=18),
            Column("Due", "date"), Column("Status", width=9), Column("Overdue", width=9), Column("Where", width=34)]
    rows = []
    for it in sorted(plan.actions, key=lambda it: (it.action.due or _dt.date.max, it.step)):
        a = it.action
        overdue = is_overdue(a, today)
        rows.append([it.step, it.source, a.do, a.owner, a.due, a.status, "overdue" if overdue else None,
                     f"{it.loc.path}:{it.loc.line}"])
    return SheetTable(None, cols, rows)


def values(plan) -> SheetTable:
    from .value import evaluate_plan

    cols = [Column("ID", width=20), Column("Value opportunity", width=40), Column("Owner", width=20),
            Column("Formula", width=40), Column("Per", width=8), Column("Per period", "money"),
            Column("Per year", "money"), Column("Claimed", "money"), Column("Claim mismatch", width=10)]
    rows = []
    for r in evaluate_plan(plan):
        vo = r.vo
        rows.append([vo.id, vo.opportunity, vo.owner, vo.formula, vo.per, r.per_period, r.per_year, vo.claimed,
                     Fill("MISMATCH", "red") if r.claim_mismatch else None])
    return SheetTable(None, cols, rows)


def _score_cells(scores, rag) -> list:
    from .challenge import colour, shown

    if scores is None:
        return [None] * len(DIMENSIONS)
    out = []
    for d in DIMENSIONS:
        v = shown(scores.get(d))
        c = colour(scores.get(d), rag)
        out.append(Fill(v, c) if c else v)
    return out


CHALLENGE_COLUMNS = [Column("Opportunity", width=22), Column("Category", width=44)] + \
    [Column(f"Team {d}", "score", width=12) for d in DIMENSIONS] + \
    [Column(f"Spoiler {d}", "score", width=12) for d in DIMENSIONS]


def challenge(plan) -> SheetTable:
    """One row per category and an overall row per challenge, scores to one decimal with their colours."""
    from .challenge import score_plan

    rows = []
    for s in score_plan(plan):
        for cs in s.categories:
            rows.append([s.challenge.opportunity, cs.category.name]
                        + _score_cells(cs.team, plan.rag) + _score_cells(cs.spoiler, plan.rag))
        rows.append([s.challenge.opportunity, "Overall (all questions)"]
                    + _score_cells(s.overall_team, plan.rag) + _score_cells(s.overall_spoiler, plan.rag))
    return SheetTable(None, CHALLENGE_COLUMNS, rows)


def whitespace(plan) -> SheetTable:
    """The whitespace map, one row per unit and offering (unassessed pairs included)."""
    from .whitespace import as_dict

    cols = [Column("Unit", width=22), Column("Offering", width=22), Column("Status", width=12),
            Column("Competitor", width=20), Column("Opportunity", width=22), Column("Notes", width=30)]
    d = as_dict(plan)
    return SheetTable(None, cols, [[c["unit"], c["offering"], c["status"], c["competitor"], c["opportunity"], c["notes"]]
                              for c in d["cells"]])


def table(plan, what: str, today: _dt.date) -> SheetTable:
    """The table of ``--what``. Raises KeyError for an unknown name."""
    if what == "actions":
        return actions(plan, today)
    return {"opportunities": opportunities, "contacts": contacts, "values": values,
            "challenge": challenge, "whitespace": whitespace}[what](plan)


# ---- the workbook --------------------------------------------------------------------

def _pairs_table(title, pairs) -> SheetTable:
    return SheetTable(title, [Column("", width=26), Column("", width=60)], [[k, v] for k, v in pairs])


def _account_sheet(plan) -> Sheet:
    al = plan.alignment
    head = _pairs_table("Account", [
        ("Account", plan.account), ("Plan id", plan.id), ("Industry", plan.industry),
        ("Region", plan.region), ("Currency", plan.currency), ("Strategic account manager", plan.owner),
        ("Last review", plan.review_last), ("Next review", plan.review_next),
    ])
    align = SheetTable("The three critical alignment factors", [Column("Factor", width=60), Column("Self-assessed", width=18)], [
        ["Connect everyone who interacts with the customer", al.connect_everyone],
        ["Communicate all key activities across the team", al.communicate_activities],
        ["Share one understanding of the customer's strategy", al.shared_understanding],
    ])
    team = SheetTable("Team: everyone who routinely interacts with the customer",
                 [Column("Name", width=24), Column("Function", width=30), Column("Region", width=14)],
                 [[m.name, m.function, m.region] for m in plan.team])
    return Sheet("Account", f"{plan.account}: account and alignment", [[head], [align], [team]], freeze_header=False)


def _profile_sheet(plan) -> Sheet:
    prof = plan.profile
    ch = SheetTable("Challenges and opportunities that matter to us", [Column("Challenge or opportunity", width=70)],
               [[x] for x in prof.challenges_and_opportunities])
    ca = SheetTable("What the customer does about them", [Column("Customer action", width=60), Column("Executive", width=24)],
               [[a.action or None, a.executive] for a in prof.customer_actions if not a.blank])
    s = prof.swot
    lists = {"strengths": s.strengths, "weaknesses": s.weaknesses, "opportunities": s.opportunities, "threats": s.threats}
    n = max((len(v) for v in lists.values()), default=0)
    sw = SheetTable("SWOT of the customer", [Column(k.capitalize(), width=40) for k in lists],
               [[v[i] if i < len(v) else None for v in lists.values()] for i in range(n)])
    imp = SheetTable("Implications: so what, and what now",
                [Column("From", width=18), Column("Implication", width=60), Column("Actions", width=60)],
                [[i.source, i.implication or None, _actions(i.actions)] for i in prof.implications if not i.blank])
    return Sheet(_sheet(1), _title(1), [[ch], [ca], [sw], [imp]], freeze_header=False)


def _network_sheet(plan) -> Sheet:
    t = contacts(plan)
    t.title = "Contacts"
    allies = SheetTable("Allies: who gets us to whom", [Column("Ally", width=24), Column("Target", width=24),
                                                   Column("Leverage", width=40), Column("Influence and reward", width=40),
                                                   Column("Meetings per year", "number")],
                   [[a.ally, a.target, a.leverage, a.influence_and_reward, a.meeting_frequency] for a in plan.allies])
    return Sheet(_sheet(2), _title(2), [[t], [allies]])


def _needs_sheet(plan) -> Sheet:
    needs = SheetTable("Needs of decision makers and influencers",
                  [Column("Contact", width=22), Column("Business results", width=40), Column("Personal", width=36),
                   Column("Actions", width=40), Column("Messages", width=36)],
                  [[n.contact or None, _texts(n.business_results), _texts(n.personal),
                    _actions(n.actions), _texts(n.messages)] for n in plan.needs if not n.blank])
    kano = SheetTable("KANO", [Column("They care about", width=28), Column("Must-have", width=36),
                          Column("More is better", width=36), Column("Delight", width=36)],
                 [[k.care_about or None, _texts(k.must_have), _texts(k.more_is_better),
                   _texts(k.delight)] for k in plan.kano if not k.blank])
    return Sheet(_sheet(3), _title(3), [[needs], [kano]])


def _values_sheet(plan) -> Sheet:
    from .value import totals

    t = values(plan)
    t.title = f"Value opportunities ({plan.currency})"
    total = totals(plan).per_year    # None (an empty cell) when nothing could be computed, never 0
    t.rows.append(["Total", None, None, None, None, None, total, None, None])
    return Sheet(_sheet(4), _title(4, "quantified"), [[t]])


def _competition_sheet(plan) -> Sheet:
    comps = SheetTable("Competitors", [Column("Competitor", width=24), Column("Position", width=14),
                                  Column("Strengths", width=40), Column("Weaknesses", width=40)],
                  [[c.name or None, c.position, _texts(c.strengths), _texts(c.weaknesses)]
                   for c in plan.competitors if not c.blank])
    names: list[str] = []
    for row in plan.differentiation:
        for n in row.competitors:
            if n not in names:
                names.append(n)
    diff = SheetTable("Differentiation: how the customer would rate us and each competitor (1-5)",
                 [Column("Value driver", width=30), Column("Us", "int")] + [Column(n, "int", width=14) for n in names]
                 + [Column("Evidence", width=50)],
                 [[r.driver or None, r.us] + [r.competitors.get(n) for n in names]
                  + [_texts(r.evidence)] for r in plan.differentiation if not r.blank])
    return Sheet(_sheet(5), _title(5), [[comps], [diff]])


def _buyers_sheet(plan) -> Sheet:
    t = SheetTable(None, [Column("Process", width=28), Column("Contact", width=22), Column("Perception (-2..2)", "int", width=12),
                     Column("Assessment", width=40), Column("Drivers", width=30), Column("Strategies", width=50)],
              [[b.process or None, b.contact or None, b.perception, b.assessment, _texts(b.drivers),
                _actions(b.strategies)] for b in plan.value_buyers if not b.blank])
    return Sheet(_sheet(6), _title(6, "the value buyer checklist"), [[t]])


def _goals_sheet(plan) -> Sheet:
    goals = SheetTable("Goals", [Column("Goal", width=50), Column("Horizon", width=9), Column("Metric", width=20),
                            Column("Target", width=16), Column("By", "date")],
                  [[g.goal or None, g.horizon, g.metric, _t(g.target), g.by] for g in plan.goals if not g.blank])
    strat = SheetTable("Strategies", [Column("Strategy", width=80)], [[s] for s in plan.strategies])
    time = SheetTable("How the account manager spends time", [Column("Activity", width=36), Column("Share", "percent")],
                 [[k.replace("_", " ").capitalize(), v] for k, v in plan.time_allocation.items()])
    return Sheet(_sheet(7), _title(7, "goals, strategies, time"), [[goals], [strat], [time]])


MATRIX_COLUMNS = [Column("Opportunity", width=50), Column("Stage", width=12), Column("Value", "money"),
                  Column("Probability", "percent", width=11), Column("Expected value", "money"), Column("Decision", "date")]


def _matrix_sheet(plan) -> Sheet:
    from .matrix import build, expected_value
    from .vocab import QUADRANT_NAMES

    m = build(plan)

    def block(q):
        return SheetTable(f"{q}. {QUADRANT_NAMES[q]}", MATRIX_COLUMNS,
                     [[o.name, o.stage, o.value, o.probability, expected_value(o), o.decision] for o in m.quadrants[q]],
                     note="ranked by expected value")

    closed = SheetTable("Closed (off the matrix)", MATRIX_COLUMNS,
                   [[o.name, Fill(o.stage, "green" if o.stage == "won" else "red"), o.value, o.probability,
                     expected_value(o), o.decision] for o in m.closed])
    return Sheet(_sheet(8), _title(8, plan.currency),
                 [[block("I"), block("II")], [block("III"), block("IV")], [closed]], freeze_header=False)


def _opportunities_sheet(plan) -> Sheet:
    t = opportunities(plan)
    t.note = "the columns of saa export --what opportunities, which saa import crm reads back"
    return Sheet("8 Opportunities", _title(8, f"every opportunity, {plan.currency}"), [[t]])


def whitespace_grid(plan) -> SheetTable | None:
    """The whitespace map as a grid: units down, offerings across, each cell its status on its colour."""
    from .whitespace import COLOURS, UNASSESSED, cell_label, grid

    g = grid(plan)
    if g is None:
        return None
    rows = []
    for u in g.units:
        row = [u]
        for o in g.offerings:
            c = g.cells.get((u, o))
            status = c.status if c else UNASSESSED
            text = cell_label(c)
            row.append(Fill(text, COLOURS[status]) if status != UNASSESSED else text)
        rows.append(row)
    return SheetTable("Business units x our offerings", [Column("Unit \\ offering", width=24)]
                 + [Column(o, width=max(16, len(o) + 2)) for o in g.offerings], rows)


def _whitespace_sheet(plan) -> Sheet | None:
    from .whitespace import COLOURS, STATUS_NAMES, STATUSES, UNASSESSED, grid

    t = whitespace_grid(plan)
    if t is None:
        return None
    g = grid(plan)
    assert g is not None  # whitespace_grid has a table exactly when there is a grid
    counts = g.counts
    legend = SheetTable("Legend", [Column("Status"), Column("Meaning"), Column("Pairs", "int")],
                   [[Fill(s, COLOURS[s]) if s != UNASSESSED else "?", STATUS_NAMES[s], counts[s]] for s in STATUSES])
    return Sheet("8 Whitespace", _title(8, "the whitespace map"), [[t], [legend]])


def _capture_sheet(plan) -> Sheet:
    t = SheetTable(None, [Column("Opportunity", width=22), Column("Objective", width=40), Column("Decision process", width=36),
                     Column("Decision date", "date"), Column("Buying influences", width=28), Column("Competition", width=30),
                     Column("Win themes", width=36), Column("Risks", width=36), Column("Actions", width=50)],
              [[c.opportunity, c.objective, c.decision_process, c.decision_date,
                _texts(c.buying_influences), c.competition, _texts(c.win_themes), _texts(c.risks),
                _actions(c.actions)] for c in plan.capture_plans])
    return Sheet(_sheet(9), _title(9), [[t]])


def _challenge_sheet(plan) -> Sheet:
    t = challenge(plan)
    t.note = f"red below {plan.rag[0]:g}, green from {plan.rag[1]:g}, yellow between"
    return Sheet(_sheet(10), _title(10), [[t]])


def _actions_sheet(plan, today) -> Sheet:
    return Sheet("Actions", "Every action of the plan, by due date", [[actions(plan, today)]])


def workbook(plan, today: _dt.date) -> list:
    """The whole plan as sheets, one per step in the method's order (and the whitespace map when there is one)."""
    sheets = [_account_sheet(plan), _profile_sheet(plan), _network_sheet(plan), _needs_sheet(plan), _values_sheet(plan),
              _competition_sheet(plan), _buyers_sheet(plan), _goals_sheet(plan), _matrix_sheet(plan),
              _opportunities_sheet(plan)]
    ws = _whitespace_sheet(plan)
    if ws is not None:
        sheets.append(ws)
    sheets += [_capture_sheet(plan), _challenge_sheet(plan), _actions_sheet(plan, today)]
    assert all(len(s.name) <= 31 for s in sheets)
    return sheets


def one_sheet(plan, what: str, today: _dt.date) -> list:
    """``--what X --format xlsx``: the table of X alone on one sheet."""
    t = table(plan, what, today)
    if what == "whitespace":
        g = whitespace_grid(plan)
        return [Sheet("Whitespace", f"{plan.account}: whitespace map", [[t]] + ([[g]] if g else []))]
    return [Sheet(what.capitalize(), f"{plan.account}: {what}", [[t]])]


