"""``saa report``: the whole plan as one document, in the method's order.

The plan is first turned into a small document model (headings, paragraphs,
lists, tables, charts) by :func:`build`, in the order of the method: the
account header, then the four stages and their ten steps, then the open
actions and the findings of ``saa check``. Two renderers turn the model into
text: :mod:`saa.render.markdown` (for a pull request) and
:mod:`saa.render.html` (one self-contained page for printing and sharing, with
the opportunity matrix, the challenge heat map and the network drawn as SVG).

Every text in the model is plain text as written in the plan; the renderers
escape it. Nothing here prints.
"""

from __future__ import annotations

import datetime as _dt

from ..actions import is_overdue
from ..completeness import done_when
from ..vocab import ALIGNMENT_NAMES, DIMENSION_SHORT as DIM_SHORT, METHOD_STAGES, STEP_FILES, STEP_NAMES, TIME_NAMES
from .document import Bullets, Cell, Chart, Heading, Item, Pairs, Para, Report, Table, slug
from .terminal import money as _money, percent as _pct, score as _score



# ---- helpers ----------------------------------------------------------------------

def _s(v) -> str:
    if v is None:
        return ""
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v)






def _relation(r) -> str:
    from .terminal import relation

    return relation(r)


def _freq(n) -> str:
    from .terminal import per_year

    return per_year(n)


def _action_text(a, today: _dt.date) -> tuple:
    """(text, css class) of an action: ``do (owner, due 2027-03-31) [overdue]``."""
    bits = []
    if a.owner:
        bits.append(a.owner)
    if a.due:
        bits.append(f"due {a.due.isoformat()}")
    if a.status != "open":
        bits.append(a.status)
    text = a.do + (f" ({', '.join(bits)})" if bits else "")
    cls = None
    if is_overdue(a, today):
        text += " - OVERDUE"
        cls = "bad"
    elif a.status != "open":
        cls = "muted"
    return text, cls


def _actions(items, today) -> list:
    out = []
    for a in items or []:
        if a is None or not hasattr(a, "do"):
            continue
        text, cls = _action_text(a, today)
        out.append(Item(text, cls=cls))
    return out


def _texts(items) -> list:
    return [_s(x) for x in (items or []) if x is not None and _s(x).strip()]


def _cell_list(items) -> Cell:
    return Cell(items=_texts(items))


class ReportBuilder:
    def __init__(self, plan, today: _dt.date):
        from ..completeness import completeness

        self.plan = plan
        self.today = today
        self.blocks: list = []
        self.toc: list = []
        self.comp = completeness(plan)
        self.cur = plan.currency

    def h(self, level: int, text: str, note: str | None = None) -> None:
        hid = slug(text)
        self.blocks.append(Heading(level, text, hid, note))
        if level <= 3:
            self.toc.append((level, text, hid))

    def add(self, block) -> None:
        self.blocks.append(block)

    def step_status(self, step: int) -> bool:
        """Completeness note under a step heading; False when the step's file does not exist."""
        name = STEP_FILES[step]
        sc = self.comp.steps[step]
        if not self.plan.has(name):
            if step not in self.comp.required:
                self.add(Para(f"Not started: {name} does not exist yet; optional for this company "
                              "(steps.required in saa.yaml).", "muted"))
                return False
            self.add(Para(f"Not started: {name} does not exist yet. Done when: "
                          + "; ".join(done_when(step)) + ".", "missing"))
            return False
        if step not in self.comp.required:
            self.add(Para(f"Optional for this company (steps.required in saa.yaml): {sc.percent:.0f}% complete, "
                          "not counted in the plan's completeness.", "muted"))
        elif sc.missing:
            self.add(Para(f"{sc.percent:.0f}% complete: " + "; ".join(sc.missing).rstrip(".") + ".", "missing"))
        else:
            self.add(Para("Complete.", "good"))
        return True

    def custom_fields(self, step: int | None) -> None:
        """The company's custom fields (saa.yaml) of the items of a step, as one table."""
        from ..config import ITEM_KEYS, custom_rows

        for item, (at, _key) in ITEM_KEYS.items():
            if at != step:
                continue
            defs, rows = custom_rows(self.plan, item)
            if not defs or not rows:
                continue
            self.h(4, "Custom fields")
            table_rows = [[Cell(str(label), strong=True)] + [Cell(_field(v.get(d.name), d.type, self.cur)) for d in defs]
                          for label, v in rows]
            label = {"account": "Account", "contacts": "Contact", "value_opportunities": "Value opportunity",
                     "opportunities": "Opportunity", "capture_plans": "Capture plan"}[item]
            self.add(Table([label] + [d.name.replace("_", " ") for d in defs],
                           table_rows, caption="Fields of this company (saa.yaml)"))

    # ---- header ----
    def header(self) -> None:
        p = self.plan
        from ..account import review_age, review_due, review_overdue
        from ..actions import overdue as overdue_actions

        age = review_age(p, self.today)
        overdue = overdue_actions(p, self.today)
        rows = [
            ("Account", Cell(p.account, strong=True)),
            ("Plan id", Cell(p.id)),
        ]
        for value, label in ((p.industry, "Industry"), (p.region, "Region")):
            if value:
                rows.append((label, Cell(_s(value))))
        rows.append(("Strategic account manager", Cell(p.owner or "not set", cls=None if p.owner else "missing")))
        rows.append(("Currency", Cell(p.currency)))
        if p.review_last:
            rows.append(("Last review", Cell(f"{p.review_last.isoformat()} ({age} days ago)")))
        else:
            rows.append(("Last review", Cell("never (no review.last)", cls="missing")))
        due = review_due(p)
        if due:
            late = review_overdue(p, self.today)
            rows.append(("Next review", Cell(due.isoformat() + (" - overdue" if late else ""),
                                             cls="bad" if late else None)))
        if p.review_cadence_days:
            rows.append(("Review cadence", Cell(f"every {p.review_cadence_days} days")))
        rows.append(("Completeness", Cell(f"{self.comp.percent:.0f}% (mean of the ten steps)", strong=True)))
        rows.append(("Overdue actions", Cell(str(len(overdue)), cls="bad" if overdue else "good")))
        rows.append(("As of", Cell(self.today.isoformat())))
        self.add(Pairs(rows))
        self.add(Table(["step", "", "file", "complete"],
                       [[Cell(str(s), cls="num"), Cell(STEP_NAMES[s]), Cell(STEP_FILES[s]),
                         Cell(f"{sc.percent:.0f}%", cls="num " + ("good" if sc.percent >= 100 else
                                                                  ("warn" if sc.percent >= 50 else "bad")))]
                        for s, sc in self.comp.steps.items()],
                       align=["r", "l", "l", "r"], caption="Completeness by step"))

    def account(self) -> None:
        p = self.plan
        self.h(2, "Account and team", "account.yaml")
        self.add(Para("Everyone on our side who routinely interacts with the customer: global alignment starts "
                      "with connecting them all.", "note"))
        if p.team:
            owner = p.owner
            self.add(Table(["name", "function", "region"],
                           [[Cell(m.name + (" (account manager)" if m.name == owner else ""), strong=m.name == owner),
                             Cell(_s(m.function)), Cell(_s(m.region))] for m in p.team]))
        else:
            self.add(Para("No team written yet (team in account.yaml).", "missing"))
        al = p.alignment.as_dict()
        if p.alignment.written:
            cls = {"not-well": "red", "moderately-well": "yellow", "very-well": "green"}
            self.add(Table(["alignment factor", "self-assessed"],
                           [[Cell(ALIGNMENT_NAMES[k]), Cell(_s(al.get(k)) or "not assessed", cls=cls.get(al.get(k)))]
                            for k in ALIGNMENT_NAMES],
                           caption="The three critical alignment factors"))

    # ---- stage A ----
    def step1(self) -> None:
        prof = self.plan.profile
        self.h(4, "Strategic analysis")
        ch = _texts(prof.challenges_and_opportunities)
        if ch:
            self.add(Para("The customer's business and strategic challenges and opportunities:"))
            self.add(Bullets([Item(x) for x in ch]))
        ca = [a for a in prof.customer_actions if not a.blank]
        if ca:
            self.add(Table(["what the customer does", "executive responsible"],
                           [[Cell(_s(a.action)), Cell(_s(a.executive))] for a in ca]))
        swot = prof.swot
        if swot.written:
            self.h(4, "SWOT")
            self.add(Table(["Strengths", "Weaknesses"],
                           [[_cell_list(swot.strengths), _cell_list(swot.weaknesses)],
                            [Cell("Opportunities", strong=True), Cell("Threats", strong=True)],
                            [_cell_list(swot.opportunities), _cell_list(swot.threats)]],
                           cls="swot"))
        imps = [i for i in prof.implications if not i.blank]
        if imps:
            self.h(4, "Implications and actions")
            items = []
            for i in imps:
                src = {"swot": "from the SWOT", "strategic-analysis": "from the strategic analysis"}.get(i.source or "")
                items.append(Item(_s(i.implication) + (f" ({src})" if src else ""),
                                  _actions(i.actions, self.today)))
            self.add(Bullets(items))

    def step2(self) -> None:
        from .. import network

        p = self.plan
        if not p.contacts:
            return
        self.add(Chart("network", self._network_data(), "The customer network by role"))
        rows = []
        for c in p.contacts:
            rel = c.relation
            cls = None if rel is None else ("green" if rel > 0 else ("red" if rel < 0 else "yellow"))
            link = _s(c.our_link) + (f" (level {c.link_level})" if c.our_link and c.link_level else "")
            rows.append([Cell(c.name, strong=c.role == "decision-maker"), Cell(_s(c.title)), Cell(_s(c.role)),
                         Cell(_relation(rel), cls=cls), Cell(link or "nobody", cls=None if c.our_link else "missing"),
                         Cell(_freq(c.meeting_frequency), cls="num"), Cell(_s(c.reports_to))])
        self.add(Table(["contact", "title", "role", "relation", "our link", "meetings", "reports to"], rows,
                       align=["l", "l", "l", "l", "l", "r", "l"]))
        detail = []
        for c in p.contacts:
            children = []
            if c.description:
                children.append(Item(_s(c.description)))
            for label, texts in (("business results", c.business_results), ("messages", c.messages)):
                vals = _texts(texts)
                if vals:
                    children.append(Item(f"{label}: " + "; ".join(vals)))
            acts = _actions(c.strategies, self.today)
            if acts:
                children.append(Item("relationship strategies:", acts))
            if children:
                detail.append(Item(c.name, children))
        if detail:
            self.h(4, "Contacts in detail")
            self.add(Bullets(detail))
        if p.allies:
            self.h(4, "Allies")
            self.add(Table(["ally", "gets us to", "leverage", "influence and reward", "meetings"],
                           [[Cell(a.ally), Cell(a.target), Cell(_s(a.leverage)), Cell(_s(a.influence_and_reward)),
                             Cell(_freq(a.meeting_frequency), cls="num")] for a in p.allies],
                           align=["l", "l", "l", "l", "r"]))
        gaps = network.gaps(p)
        if gaps.unreached_decision_makers:
            self.add(Para("Decision makers nobody gets us to (relation below + and no ally): "
                          + _listing(c.name for c in gaps.unreached_decision_makers), "warn"))
        if gaps.without_our_link:
            self.add(Para("Contacts without our link: " + _listing(c.name for c in gaps.without_our_link), "warn"))

    def _network_data(self) -> dict:
        from ..vocab import ROLES

        p = self.plan
        team = [m.name for m in p.team]
        for c in p.contacts:
            if c.our_link and c.our_link not in team:
                team.append(c.our_link)
        roles: list[str | None] = [r for r in ROLES if any(c.role == r for c in p.contacts)]
        if any(c.role not in ROLES for c in p.contacts):
            roles.append(None)
        return {
            "team": team,
            "roles": roles,
            "contacts": [{"name": c.name, "title": c.title, "role": c.role if c.role in ROLES else None,
                          "relation": c.relation, "our_link": c.our_link, "link_level": c.link_level,
                          "reports_to": c.reports_to} for c in p.contacts],
            "allies": [{"ally": a.ally, "target": a.target} for a in p.allies],
        }

    def step3(self) -> None:
        needs = [n for n in self.plan.needs if not n.blank]
        if needs:
            self.h(4, "Needs of decision makers and influencers")
            self.add(Table(["contact", "business results", "personal", "what we do", "messages"],
                           [[Cell(_s(n.contact), strong=True), _cell_list(n.business_results),
                             _cell_list(n.personal),
                             Cell(items=[t for t, _c in (_action_text(a, self.today) for a in n.actions)]),
                             _cell_list(n.messages)] for n in needs]))
        kano = [k for k in self.plan.kano if not k.blank]
        if kano:
            self.h(4, "KANO")
            self.add(Table(["what they care about", "must-have", "more-is-better", "delight"],
                           [[Cell(_s(k.care_about), strong=True), _cell_list(k.must_have),
                             _cell_list(k.more_is_better), _cell_list(k.delight)] for k in kano],
                           caption="Must-have: expected, its absence dissatisfies. More-is-better: satisfaction "
                                   "grows with it. Delight: unexpected, it sets us apart."))

    # ---- stage B ----
    def step4(self) -> None:
        from ..value import evaluate_plan, reason, substituted, totals

        results = evaluate_plan(self.plan)
        for r in results:
            vo = r.vo
            self.h(4, f"{vo.id}: {vo.opportunity}")
            rows = []
            if vo.owner:
                rows.append(("Owner of the metric", Cell(vo.owner)))
            if vo.drivers:
                rows.append(("Value drivers", Cell("; ".join(_texts(vo.drivers)))))
            if vo.business_results:
                rows.append(("Business results", Cell("; ".join(_texts(vo.business_results)))))
            if vo.formula:
                rows.append(("Formula", Cell(vo.formula, cls="code")))
                inputs = [f"{k} = {_written(vo.raw_inputs.get(k, vo.inputs.get(k)))}" for k in vo.inputs]
                if inputs:
                    rows.append(("Inputs", Cell(items=inputs)))
                sub = substituted(r)
                if sub:
                    rows.append(("Worked out", Cell(sub, cls="code")))
            per = "" if vo.per == "once" else f" per {vo.per}"
            if r.per_period is not None:
                value = f"{_money(r.per_period, self.cur)}{per}"
                if vo.per in ("month", "quarter"):
                    value += f", {_money(r.per_year, self.cur)} per year"
                rows.append(("Value for the customer", Cell(value, strong=True)))
            else:
                rows.append(("Value for the customer", Cell(f"not computed: {reason(r)}", cls="missing")))
            if vo.claimed is not None:
                rows.append(("Claimed", Cell(f"{_money(vo.claimed, self.cur)}{per}"
                                             + (" - differs from the formula by more than 0.5%" if r.claim_mismatch
                                                else " (matches the formula)"),
                                             cls="bad" if r.claim_mismatch else None)))
            if vo.positioning:
                rows.append(("Positioning", Cell(_s(vo.positioning))))
            self.add(Pairs(rows))
        if results:
            t = totals(self.plan, results)
            if t.per_year is None:
                self.add(Para("Quantified value per year: unknown (no value opportunity could be computed).", "big"))
            elif t.not_computed:
                self.add(Para(f"Quantified value per year, the value opportunities that could be computed: "
                              f"{_money(t.per_year, self.cur)} ({len(t.not_computed)} not computed: "
                              f"{', '.join(t.not_computed)}).", "big"))
            else:
                self.add(Para(f"Quantified value per year, all value opportunities: "
                              f"{_money(t.per_year, self.cur)}.", "big"))

    def step5(self) -> None:
        comps = [c for c in self.plan.competitors if not c.blank]
        if comps:
            self.add(Table(["competitor", "position", "strengths", "weaknesses"],
                           [[Cell(_s(c.name), strong=True), Cell(_s(c.position)),
                             _cell_list(c.strengths), _cell_list(c.weaknesses)] for c in comps]))
        diff = [r for r in self.plan.differentiation if not r.blank]
        if diff:
            names = [_s(c.name) for c in comps]
            for r in diff:
                for n in r.competitors:
                    if n not in names:
                        names.append(n)
            rows = []
            for r in diff:
                us = r.us
                theirs = r.competitors
                best = max([v for v in theirs.values() if isinstance(v, (int, float))] or [0])
                rows.append([Cell(_s(r.driver), strong=True),
                             Cell(_s(us), cls="num " + ("good" if isinstance(us, int) and us > best else
                                                       ("bad" if isinstance(us, int) and us < best else ""))),
                             *[Cell(_s(theirs.get(n)), cls="num") for n in names],
                             _cell_list(r.evidence)])
            self.add(Table(["value driver", "us", *names, "evidence"], rows,
                           align=["l", "r", *["r"] * len(names), "l"],
                           caption="How the customer would rate us and each competitor on each value driver (1-5)"))

    def step6(self) -> None:
        vbs = [b for b in self.plan.value_buyers if not b.blank]
        if not vbs:
            return
        rows = []
        for b in vbs:
            per = b.perception
            cls = None if per is None else ("green" if per > 0 else ("red" if per < 0 else "yellow"))
            rows.append([Cell(_s(b.process), strong=True), Cell(_s(b.contact)),
                         Cell(f"{per:+d}" if isinstance(per, int) and per else ("0" if per == 0 else "-"), cls=cls),
                         Cell(_s(b.assessment)), _cell_list(b.drivers),
                         Cell(items=[t for t, _c in (_action_text(a, self.today) for a in b.strategies)])])
        self.add(Table(["process", "owner", "perception", "assessment", "drivers", "how we win them"], rows,
                       caption="Perception of our value: -2 (negative) .. 0 (neutral) .. +2 (positive)"))

    # ---- stage C ----
    def step7(self) -> None:
        goals = [g for g in self.plan.goals if not g.blank]
        if goals:
            order = {"short": 0, "long": 1}
            goals = sorted(goals, key=lambda g: order.get(g.horizon or "", 2))
            names = {"short": "short (12-18 months)", "long": "long (18-36 months)"}
            self.add(Table(["horizon", "goal", "metric", "target", "by"],
                           [[Cell(names.get(g.horizon or "", _s(g.horizon) or "-")),
                             Cell(_s(g.goal), strong=True), Cell(_s(g.metric)),
                             Cell(_s(g.target)), Cell(_s(g.by))] for g in goals]))
        strategies = _texts(self.plan.strategies)
        if strategies:
            self.h(4, "Strategies")
            self.add(Bullets([Item(s) for s in strategies]))
        from ..goals import time_allocation, time_allocation_adds_up, time_allocation_total

        vals = time_allocation(self.plan)
        if vals:
            self.h(4, "How the account manager spends time")
            total = time_allocation_total(self.plan) or 0.0
            self.add(Chart("allocation", {"parts": [(TIME_NAMES.get(k, k), v) for k, v in vals.items()]},
                           "Time allocation"))
            self.add(Table(["activity", "share"],
                           [[Cell(TIME_NAMES.get(k, k)), Cell(_pct(v), cls="num")] for k, v in vals.items()]
                           + [[Cell("total", strong=True),
                               Cell(_pct(total), cls="num " + ("good" if time_allocation_adds_up(self.plan) else "bad"),
                                    strong=True)]],
                           align=["l", "r"]))

    def step8(self) -> None:
        from ..matrix import build, expected_value
        from ..vocab import QUADRANT_NAMES

        m = build(self.plan)
        opps = [o for q in m.quadrants.values() for o in q] + m.closed
        if not opps:
            self._whitespace()
            return
        self.add(Chart("matrix", self._matrix_data(m), "Opportunity prioritization matrix"))
        for q, items in m.quadrants.items():
            self.h(4, f"Quadrant {q}: {QUADRANT_NAMES[q]}")
            if not items:
                self.add(Para("None.", "muted"))
                continue
            self.add(self._opp_table(items, expected_value, ranked=True))
        if m.closed:
            self.h(4, "Closed: won and lost")
            self.add(self._opp_table(m.closed, expected_value, ranked=False))
        acts = []
        for o in opps:
            a = _actions(o.actions, self.today)
            if a or o.competition or o.notes:
                children = []
                if o.competition:
                    children.append(Item(f"competition: {o.competition}"))
                if o.notes:
                    children.append(Item(f"notes: {o.notes}"))
                if a:
                    children.append(Item("actions to progress it:", a))
                acts.append(Item(f"{o.id}: {o.name}", children))
        if acts:
            self.h(4, "Actions to progress the opportunities")
            self.add(Bullets(acts))
        self._whitespace()

    def _whitespace(self) -> None:
        """The whitespace map: a heat map in HTML, a table in both (units down, offerings across)."""
        from ..whitespace import as_dict, cell_label as label, grid

        g = grid(self.plan)
        if g is None or not g.units or not g.offerings:
            return
        self.h(4, "Whitespace map: business units x our offerings")
        self.add(Chart("whitespace", as_dict(self.plan), "Whitespace map"))
        rows = []
        for u in g.units:
            row = [Cell(u, strong=True)]
            for o in g.offerings:
                c = g.cells.get((u, o))
                row.append(Cell(label(c), cls=f"ws-{c.status if c else 'unassessed'}"))
            rows.append(row)
        self.add(Table(["business unit"] + list(g.offerings), rows, align=["l"] * (len(g.offerings) + 1)))

    def _opp_table(self, items, expected_value, ranked: bool) -> Table:
        rows = []
        for i, o in enumerate(items, 1):
            months = _months(o.decision, self.today)
            rows.append(([Cell(str(i), cls="num")] if ranked else []) + [
                Cell(o.id, cls="code"), Cell(o.name, strong=True), Cell(_s(o.stage)),
                Cell(_money(o.value, self.cur), cls="num" + (" missing" if o.value is None else "")),
                Cell(_pct(o.probability) if o.probability is not None else "-", cls="num"),
                Cell(_money(expected_value(o), self.cur) if expected_value(o) is not None else "-", cls="num"),
                Cell(_s(o.decision) or "not set", cls=None if o.decision else "missing"),
                Cell("-" if months is None else f"{months:.0f}", cls="num" + (" bad" if months is not None and months < 0 else "")),
            ])
        headers = (["#"] if ranked else []) + ["id", "opportunity", "stage", "value", "prob.", "expected",
                                               "decision", "months"]
        align = (["r"] if ranked else []) + ["l", "l", "l", "r", "r", "r", "l", "r"]
        return Table(headers, rows, align=align)

    def _matrix_data(self, m) -> dict:
        pts = []
        for q, items in m.quadrants.items():
            for rank, o in enumerate(items, 1):
                pts.append({"id": o.id, "name": o.name, "quadrant": q, "rank": rank, "value": o.value,
                            "probability": o.probability, "stage": o.stage,
                            "decision": _s(o.decision) or None, "months": _months(o.decision, self.today)})
        return {"points": pts, "currency": self.cur, "closed": [o.id for o in m.closed]}

    # ---- stage D ----
    def step9(self) -> None:
        names = {o.id: o.name for o in self.plan.opportunities}
        for cp in self.plan.capture_plans:
            self.h(4, f"{cp.opportunity}: {names.get(cp.opportunity, 'unknown opportunity')}")
            rows = []
            for label, value in (("Objective", cp.objective), ("Decision process", cp.decision_process),
                                 ("Decision date", cp.decision_date), ("Competition", cp.competition)):
                if value is not None:
                    rows.append((label, Cell(_s(value))))
            if cp.buying_influences:
                rows.append(("Buying influences", Cell("; ".join(_texts(cp.buying_influences)))))
            if cp.win_themes:
                rows.append(("Win themes", Cell(items=_texts(cp.win_themes))))
            if cp.risks:
                rows.append(("Risks", Cell(items=_texts(cp.risks))))
            if rows:
                self.add(Pairs(rows))
            if cp.actions:
                self.add(Table(["action", "owner", "due", "status"],
                               [[Cell(a.do), Cell(_s(a.owner) or "no owner", cls=None if a.owner else "missing"),
                                 Cell(_s(a.due) or "no date", cls=("bad" if is_overdue(a, self.today) else
                                                                   (None if a.due else "missing"))),
                                 Cell(a.status)] for a in cp.actions]))

    def step10(self) -> None:
        from ..challenge import all_green_without_spoiler, colours, score_plan

        scored = score_plan(self.plan)
        if not scored:
            return
        rag = self.plan.rag
        self.add(Chart("heatmap", self._heat_data(scored, rag), "Challenge heat map"))
        self.add(Para(f"Scores from 1 (weak) to 5 (strong): red below {rag[0]:g}, green from {rag[1]:g}, yellow "
                      "between. Confidence: why are we confident, what hard evidence, first-hand from the customer? "
                      "Implications: how does this move the customer's buying process, what would change it? "
                      "Actions: what do we do, how will we know soon that it works, how will the customer and "
                      "competitors respond?", "note"))
        names = {o.id: o.name for o in self.plan.opportunities}
        from ..vocab import DIMENSIONS

        for cs in scored:
            ch = cs.challenge
            self.h(4, f"{ch.opportunity}: {names.get(ch.opportunity, 'unknown opportunity')}")
            meta = []
            if ch.reviewed:
                meta.append(f"reviewed {ch.reviewed.isoformat()}")
            meta.append(f"spoiler: {ch.spoiler}" if ch.spoiler else "no spoiler named")
            self.add(Para("; ".join(meta) + ".", "muted"))
            headers = ["category"] + [f"team {DIM_SHORT[d]}" for d in DIMENSIONS] + \
                      [f"spoiler {DIM_SHORT[d]}" for d in DIMENSIONS]
            rows = []

            def cells(scores, strong=False):
                cols = colours(scores, rag) or {}
                return [Cell(_score((scores or {}).get(d)), cls="num " + (cols.get(d) or "none"), strong=strong)
                        for d in DIMENSIONS]

            for cat in cs.categories:
                rows.append([Cell(cat.category.name)] + cells(cat.team) + cells(cat.spoiler))
            rows.append([Cell("overall (all questions)", strong=True)] + cells(cs.overall_team, True)
                        + cells(cs.overall_spoiler, True))
            self.add(Table(headers, rows, align=["l"] + ["r"] * 6, cls="scores"))
            qitems = []
            for cat in cs.categories:
                children = []
                for q in cat.category.questions:
                    t = q.team or {}
                    sp = q.spoiler or {}
                    parts = [f"team {'/'.join(_s(t.get(d)) or '-' for d in DIMENSIONS)}"]
                    if sp:
                        parts.append(f"spoiler {'/'.join(_s(sp.get(d)) or '-' for d in DIMENSIONS)}")
                    text = f"{q.question} ({'; '.join(parts)})"
                    if q.evidence:
                        text += f" Evidence: {q.evidence}"
                    children.append(Item(text))
                qitems.append(Item(cat.category.name, children))
            self.add(Bullets(qitems))
            if all_green_without_spoiler(cs, rag):
                self.add(Para("Every team score is green and there is no spoiler: all green on the first pass "
                              "usually means the team is fooling itself. Get an independent spoiler.", "warn"))

    def _heat_data(self, scored, rag) -> dict:
        from ..challenge import colours
        from ..vocab import DIMENSIONS

        rows = []
        for cs in scored:
            rows.append({"kind": "challenge", "label": cs.challenge.opportunity})
            for cat in cs.categories:
                rows.append({"kind": "category", "label": cat.category.name,
                             "team": [cat.team.get(d) for d in DIMENSIONS],
                             "spoiler": [(cat.spoiler or {}).get(d) for d in DIMENSIONS],
                             "team_colour": [(colours(cat.team, rag) or {}).get(d) for d in DIMENSIONS],
                             "spoiler_colour": [(colours(cat.spoiler, rag) or {}).get(d) for d in DIMENSIONS]})
            rows.append({"kind": "overall", "label": "overall",
                         "team": [cs.overall_team.get(d) for d in DIMENSIONS],
                         "spoiler": [(cs.overall_spoiler or {}).get(d) for d in DIMENSIONS],
                         "team_colour": [(colours(cs.overall_team, rag) or {}).get(d) for d in DIMENSIONS],
                         "spoiler_colour": [(colours(cs.overall_spoiler, rag) or {}).get(d) for d in DIMENSIONS]})
        return {"rows": rows, "dimensions": list(DIMENSIONS)}

    # ---- appendix ----
    def appendix(self) -> None:
        from ..check import CheckOptions, check_plan

        items = [i for i in self.plan.actions if i.action.status == "open"]
        items.sort(key=lambda i: (i.action.due or _dt.date.max, i.action.owner or "", i.step))
        self.h(2, "Open actions")
        if items:
            rows = []
            for i in items:
                a = i.action
                late = is_overdue(a, self.today)
                rows.append([Cell(_s(a.due) or "no date", cls="bad" if late else (None if a.due else "muted")),
                             Cell(_s(a.owner) or "no owner", cls=None if a.owner else "muted"),
                             Cell(a.do), Cell(f"step {i.step}: {i.source}", cls="muted")])
            self.add(Table(["due", "owner", "action", "from"], rows,
                           caption="Every open action of the plan, by due date; overdue in red"))
        else:
            self.add(Para("No open actions.", "muted"))
        found = check_plan(self.plan, CheckOptions(today=self.today))
        self.h(2, "Check")
        if not found:
            self.add(Para("saa check finds no problems in this plan.", "good"))
            return
        e = sum(1 for f in found if f.severity == "error")
        w = len(found) - e
        self.add(Para(f"saa check: {e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}.",
                      "bad" if e else "warn"))
        self.add(Table(["where", "", "finding"],
                       [[Cell(f"{_short_path(f.path, self.plan.display)}:{f.line}", cls="code"),
                         Cell(f.severity, cls="bad" if f.severity == "error" else "warn"),
                         Cell(f"{f.message} [{f.rule}]")] for f in found]))


def _listing(names) -> str:
    """``a, b, c.`` without a doubled full stop after a name such as ``Jiang L.``."""
    text = ", ".join(names)
    return text if text.endswith(".") else text + "."


def _written(v) -> str:
    from .terminal import number

    if isinstance(v, str):
        return v.strip()
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return number(v)
    return "?"


def _short_path(path: str, base: str) -> str:
    import os

    if base and path.startswith(base.rstrip(os.sep) + os.sep):
        return path[len(base.rstrip(os.sep)) + 1:]
    return path


def _field(v, kind: str, cur: str) -> str:
    """A custom field's value as the report shows it."""
    if v is None:
        return "-"
    if kind == "money":
        return _money(v, cur)
    if kind == "percent":
        return _pct(v)
    if kind == "relation":
        return _relation(v)
    if kind == "frequency":
        return _freq(v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _months(d, today) -> float | None:
    if d is None:
        return None
    return (d - today).days / 30.4375


def build(plan, today: _dt.date) -> Report:
    """The document model of the whole plan, in the method's order."""
    b = ReportBuilder(plan, today)
    b.header()
    b.account()
    b.custom_fields(None)
    for stage in METHOD_STAGES.values():
        b.h(2, f"Stage {stage.title}")
        for step in stage.steps:
            b.h(3, f"Step {step}. {STEP_NAMES[step]}", STEP_FILES[step])
            if b.step_status(step):
                getattr(b, f"step{step}")()
                b.custom_fields(step)
    b.appendix()
    return Report(title=f"{plan.account}: Strategic Account Alignment plan",
                  subtitle=f"{plan.id} - completeness {b.comp.percent:.0f}% - as of {today.isoformat()}",
                  blocks=b.blocks, toc=b.toc)


def render_report(plan, kind: str, today: _dt.date) -> str:
    """The report as markdown (``md``) or one self-contained HTML page (``html``)."""
    return render_doc(build(plan, today), kind)


def render_doc(doc: Report, kind: str) -> str:
    """A built report as markdown (``md``) or one self-contained HTML page (``html``)."""
    if kind == "html":
        from . import html

        return html.render(doc)
    from . import markdown

    return markdown.render(doc)


__all__ = ["build", "render_doc", "render_report"]
