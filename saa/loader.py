"""Loading plans: find plan folders, read every file once, validate, and build the typed plan.

A plan is a folder holding ``account.yaml`` and up to ten step files. Loading
never raises on bad input: problems become findings on :attr:`Plan.findings`,
and invalid entries are simply left out of the typed lists.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from .fileformat import FILES
from .findings import Finding
from .plan import (ActionItem, Alignment, Ally, CapturePlan, Category, Challenge, Competitor, Contact,
                   CustomerAction, CustomerProfile, Differentiation, Goal, Implication, KanoRow, Member, Need, Opportunity,
                   Plan, Question, Swot, ValueBuyer, ValueOpportunity, Whitespace, WhitespaceCell, shown_path)
from .scalars import Action
from .validate import ValidationContext, Validator
from .safefile import root_of
from .yamlio import load_file

PLAN_MARKER = "account.yaml"


class PathError(Exception):
    """The command cannot run as asked (exit 2): no such path, not a plan."""


# ---- discovery --------------------------------------------------------------

def _display(p: Path) -> str:
    s = str(p)
    return s if s else "."


def _is_plan(p: Path) -> bool:
    try:
        return (p / PLAN_MARKER).is_file()
    except OSError:  # an unreadable folder
        return False


def find_plans(paths: list[str] | None, problems: list | None = None) -> list[Path]:
    """Resolve command-line paths to plan folders. Raises :class:`PathError`.

    Walking a portfolio, a folder that cannot be read and a symlink to a folder (not
    followed: it may lead out of the repository, or in a loop) are never skipped silently:
    each becomes a :class:`Finding` appended to ``problems`` (``unreadable-folder`` and
    ``symlinked-folder``; an error when the folder may hold plans saa did not check). Without
    a ``problems`` list, a path where nothing but such folders was found raises
    :class:`PathError` with the first of them.
    """
    paths = list(paths or ["."])
    found: list[Path] = []
    seen: set = set()
    mine: list = []

    def add(p: Path) -> None:
        key = os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            found.append(p)

    def unreadable(err: OSError) -> None:
        where = err.filename if err.filename is not None else "?"
        mine.append(Finding(_display(Path(where)), 1, 1, "error", "unreadable-folder",
                            f"cannot read this folder ({err.strerror or err}); the plans in it are not checked"))

    for raw in paths:
        p = Path(raw)
        try:
            exists, is_file = p.exists(), p.is_file()
        except OSError as e:  # a folder on the way that cannot be read
            raise PathError(f"cannot read {raw}: {e.strerror or e}") from None
        if not exists:
            raise PathError(f"no such file or folder: {raw}")
        if is_file:
            if _is_plan(p.parent):
                add(p.parent)
                continue
            raise PathError(f"{raw} is not in a plan folder (a plan is a folder with {PLAN_MARKER})")
        if _is_plan(p):
            add(p)
            continue
        before = len(found)
        before_problems = len(mine)
        walk = os.walk(p, onerror=unreadable)
        if not os.access(p, os.R_OK | os.X_OK):
            unreadable(PermissionError(13, "Permission denied", str(p)))
            walk = iter(())
        for root, dirs, files in walk:
            kept = []
            for d in sorted(dirs):
                if d.startswith(".") or d in ("node_modules", "__pycache__"):
                    continue
                sub = os.path.join(root, d)
                if os.path.islink(sub):
                    _linked_folder(Path(sub), mine)
                elif not os.access(sub, os.R_OK | os.X_OK):
                    unreadable(PermissionError(13, "Permission denied", sub))
                else:
                    kept.append(d)
            dirs[:] = kept
            if PLAN_MARKER in files:
                add(Path(root))
                dirs[:] = []
        if len(found) == before:
            new = mine[before_problems:]
            if new and problems is not None:
                continue
            if new:
                raise PathError(f"no plan found in {raw}: {new[0].path}: {new[0].message}")
            raise PathError(f"no plan found in {raw} (a plan is a folder with {PLAN_MARKER}; `saa new DIR --account NAME` starts one)")
    if problems is not None:
        problems.extend(mine)
    return found


def _linked_folder(link: Path, problems: list) -> None:
    try:
        target = os.readlink(link)
    except OSError:
        target = "?"
    from .safefile import short

    holds_plan = _is_plan(link)
    problems.append(Finding(
        _display(link), 1, 1, "error" if holds_plan else "warning", "symlinked-folder",
        f"a symlink to a folder ({short(target)}), not followed"
        + ("; the plan it leads to is not checked: name the folder itself (saa check TARGET)" if holds_plan
           else "; plans in it are not checked: name the folder itself if it holds any")))


def find_plan(path: str | None) -> Path:
    """Exactly one plan folder (commands that show one plan)."""
    plans = find_plans([path] if path else None)
    if len(plans) != 1:
        raise PathError(f"{path or '.'} holds {len(plans)} plans; name one plan folder")
    return plans[0]


# ---- loading ----------------------------------------------------------------

def _text(v) -> str | None:
    return v if isinstance(v, str) else None


def load_plan(folder: Path, display: str | None = None, config=None) -> Plan:
    """Read and validate every file of one plan folder. Never raises on bad input.

    ``config`` is the configuration in force (default: the saa.yaml found from
    the folder, see :mod:`saa.config`; a broken one raises ``ConfigError``).
    """
    from .config import collect_custom, config_for, rate_table

    display = display if display is not None else _display(folder)
    plan = Plan(dir=folder, display=display)
    plan.config = config if config is not None else config_for(folder)
    findings = plan.findings
    ctx = ValidationContext()
    root = root_of(folder)   # symlinked plan files must point inside it (saa.safefile)
    clean: dict[str, dict] = {}   # file name -> validated, converted data ({} if absent); only while building
    for name, (_step, spec) in plan.config.files.items():
        shown = shown_path(display, name)
        doc = load_file(folder / name, shown, root)
        plan.docs[name] = doc
        findings.extend(doc.findings)
        if not doc.exists:
            if name == PLAN_MARKER:
                findings.append(Finding(shown, 1, 1, "error", "missing-file", "account.yaml is missing"))
            clean[name] = {}
            continue
        if doc.data is None and not doc.findings:
            doc.data = {}
        if doc.ok and doc.text is not None and not doc.findings and doc.data == {} and not doc.kpos:
            findings.append(Finding(shown, 1, 1, "error", "empty-file",
                                    "the file is empty (or only comments); fill it in or delete it (a missing step file is a step not started)"))
        validator = Validator(doc, ctx)
        data = validator.run(spec)
        findings.extend(validator.findings)
        plan.error_paths[name] = validator.error_paths
        if doc.data is None or not isinstance(doc.data, dict) or any(len(p) <= 1 for p in validator.error_paths):
            plan.unreadable.add(name)
        clean[name] = data if isinstance(data, dict) else {}
        if name == PLAN_MARKER:
            acc = clean[name]
            ctx.currency = acc.get("currency") or "USD"
            ctx.fx = rate_table(ctx.currency, (acc.get("settings", {}).get("fx") or {}), plan.config)
            ctx.fx.pop(ctx.currency, None)
    _unknown_files(plan)
    plan.custom = collect_custom(plan.config, clean)
    _build(plan, clean)
    return plan


def _unknown_files(plan: Plan) -> None:
    try:
        names = sorted(os.listdir(plan.dir))
    except OSError:
        return
    for n in names:
        if n in FILES or n.startswith("."):
            continue
        if n.endswith((".yaml", ".yml")):
            close = difflib.get_close_matches(n, list(FILES), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else f"; plan files are {', '.join(FILES)}"
            plan.findings.append(Finding(os.path.join(plan.display, n), 1, 1, "warning", "unknown-file",
                                         f"not a plan file, so it is not read{hint}"))


def _texts(v) -> list[str]:
    return [x for x in v or [] if isinstance(x, str)]


def _acts(v) -> list[Action]:
    return [a for a in v or [] if isinstance(a, Action)]


def _entries(d: dict, key: str) -> list[dict]:
    """The entries of a list as validated: a mapping per entry ({} for one with nothing valid)."""
    return [e if isinstance(e, dict) else {} for e in d.get(key) or []]


def _build(plan: Plan, clean: dict[str, dict]) -> None:
    """Build the typed plan from the validated data of each file, once."""
    from .config import rag_for, rate_table

    actions = plan.actions

    def add_actions(items, step, source, doc, path):
        for j, a in enumerate(items or []):
            if isinstance(a, Action):
                at = path + (j,)
                actions.append(ActionItem(a, step, source, doc.loc(at), doc.loc(at + ("owner",)), doc.loc(at + ("due",))))

    # account.yaml
    acc = clean.get("account.yaml") or {}
    adoc = plan.doc("account.yaml")
    plan.account = _text(acc.get("account")) or plan.dir.name
    plan.id = acc.get("id") or (plan.dir.resolve().name if plan.dir.name in ("", ".") else plan.dir.name)
    plan.industry = _text(acc.get("industry"))
    plan.region = _text(acc.get("region"))
    plan.currency = acc.get("currency") or "USD"
    settings = acc.get("settings") or {}
    plan.fx = rate_table(plan.currency, settings.get("fx") or {}, plan.config)
    plan.fx.pop(plan.currency, None)
    plan.rag = rag_for(settings.get("rag"), plan.config)
    plan.owner = _text(acc.get("owner"))
    plan.owner_loc = adoc.loc(("owner",))
    for i, m in enumerate(acc.get("team") or []):
        if m and m.get("name"):
            plan.team.append(Member(m["name"], m.get("function"), m.get("region"), adoc.loc(("team", i))))
    review = acc.get("review") or {}
    plan.review_last = review.get("last")
    plan.review_next = review.get("next")
    cadence = review.get("cadence_days")
    plan.review_cadence_days = cadence if isinstance(cadence, int) and not isinstance(cadence, bool) else None
    al = acc.get("alignment") or {}
    plan.alignment = Alignment(al.get("connect_everyone"), al.get("communicate_activities"),
                               al.get("shared_understanding"), written=bool(al))

    # step 1
    d1 = plan.doc("01-customer-profile.yaml")
    cp1 = clean.get("01-customer-profile.yaml") or {}
    sa = cp1.get("strategic_analysis") or {}
    swot = cp1.get("swot") or {}
    prof = plan.profile = CustomerProfile(
        challenges_and_opportunities=_texts(sa.get("challenges_and_opportunities")),
        swot=Swot(_texts(swot.get("strengths")), _texts(swot.get("weaknesses")),
                  _texts(swot.get("opportunities")), _texts(swot.get("threats")), written=bool(swot)))
    for i, a in enumerate(_entries(sa, "customer_actions")):
        prof.customer_actions.append(CustomerAction(a.get("action") or "", a.get("executive"),
                                                    d1.loc(("strategic_analysis", "customer_actions", i)), not a))
    for i, imp in enumerate(_entries(cp1, "implications")):
        prof.implications.append(Implication(imp.get("from"), imp.get("implication") or "", _acts(imp.get("actions")),
                                             d1.loc(("implications", i)), not imp))
        if imp:
            label = imp.get("implication") or f"implication {i + 1}"
            add_actions(imp.get("actions"), 1, f"implication: {label}", d1, ("implications", i, "actions"))

    # step 2
    d2 = plan.doc("02-network.yaml")
    net = clean.get("02-network.yaml") or {}
    for i, c in enumerate(_entries(net, "contacts")):
        at = ("contacts", i)
        contact = Contact(
            name=c.get("name") or "", title=c.get("title"), function=c.get("function"), role=c.get("role"),
            relation=c.get("relation"), meeting_frequency=c.get("meeting_frequency"),
            our_link=c.get("our_link"), link_level=c.get("link_level"), reports_to=c.get("reports_to"),
            loc=d2.loc(at), description=c.get("description"), business_results=_texts(c.get("business_results")),
            messages=_texts(c.get("messages")), strategies=_acts(c.get("strategies")),
            our_link_loc=d2.loc(at + ("our_link",)), reports_to_loc=d2.loc(at + ("reports_to",)), blank=not c)
        plan.all_contacts.append(contact)
        if contact.name:
            plan.contacts.append(contact)
            add_actions(c.get("strategies"), 2, f"contact: {c['name']}", d2, ("contacts", i, "strategies"))
    for i, a in enumerate(_entries(net, "allies")):
        at = ("allies", i)
        ally = Ally(a.get("ally") or "", a.get("target") or "", a.get("leverage"), a.get("influence_and_reward"),
                    a.get("meeting_frequency"), d2.loc(at), d2.loc(at + ("ally",)), d2.loc(at + ("target",)), not a)
        plan.all_allies.append(ally)
        if ally.ally and ally.target:
            plan.allies.append(ally)

    # step 3
    d3 = plan.doc("03-needs-kano.yaml")
    nk = clean.get("03-needs-kano.yaml") or {}
    for i, n in enumerate(_entries(nk, "needs")):
        plan.needs.append(Need(n.get("contact") or "", _texts(n.get("business_results")), _texts(n.get("personal")),
                               _acts(n.get("actions")), _texts(n.get("messages")), d3.loc(("needs", i)),
                               d3.loc(("needs", i, "contact")), not n))
        if n.get("contact"):
            add_actions(n.get("actions"), 3, f"needs: {n['contact']}", d3, ("needs", i, "actions"))
    for i, k in enumerate(_entries(nk, "kano")):
        plan.kano.append(KanoRow(k.get("care_about") or "", _texts(k.get("must_have")), _texts(k.get("more_is_better")),
                                 _texts(k.get("delight")), d3.loc(("kano", i)), not k))

    # step 4
    d4 = plan.doc("04-value-opportunities.yaml")
    raw4 = d4.data.get("value_opportunities") if isinstance(d4.data, dict) else None
    for i, v in enumerate(_entries(clean.get("04-value-opportunities.yaml") or {}, "value_opportunities")):
        q = v.get("quantification") or {}
        raw_q = raw4[i] if isinstance(raw4, list) and i < len(raw4) else None
        raw_inputs: dict[str, object] = {}
        if isinstance(raw_q, dict) and isinstance(raw_q.get("quantification"), dict):
            ri = raw_q["quantification"].get("inputs")
            if isinstance(ri, dict):
                raw_inputs = dict(ri)
        base = ("value_opportunities", i, "quantification")
        vo = ValueOpportunity(
            id=v.get("id") or "", opportunity=v.get("opportunity") or "", owner=v.get("owner"),
            drivers=_texts(v.get("drivers")),
            formula=q.get("formula"), inputs={k: x for k, x in (q.get("inputs") or {}).items()},
            raw_inputs=raw_inputs, per=q.get("per") or "once", claimed=q.get("claimed"),
            loc=d4.loc(("value_opportunities", i)), formula_loc=d4.loc(base + ("formula",)),
            claimed_loc=d4.loc(base + ("claimed",)),
            input_locs={k: d4.loc(base + ("inputs", k)) for k in (q.get("inputs") or {})},
            flawed=plan.has_error_under("04-value-opportunities.yaml", base),
            business_results=_texts(v.get("business_results")), positioning=v.get("positioning"), blank=not v)
        plan.all_value_opportunities.append(vo)
        if vo.id:
            plan.value_opportunities.append(vo)

    # step 5
    d5 = plan.doc("05-competition.yaml")
    comp = clean.get("05-competition.yaml") or {}
    for i, c in enumerate(_entries(comp, "competitors")):
        plan.competitors.append(Competitor(c.get("name") or "", c.get("position"), _texts(c.get("strengths")),
                                           _texts(c.get("weaknesses")), d5.loc(("competitors", i)), not c))
    for i, r in enumerate(_entries(comp, "differentiation")):
        plan.differentiation.append(Differentiation(r.get("driver") or "", r.get("us"), dict(r.get("competitors") or {}),
                                                    _texts(r.get("evidence")), d5.loc(("differentiation", i)), not r))

    # step 6
    d6 = plan.doc("06-value-buyers.yaml")
    for i, b in enumerate(_entries(clean.get("06-value-buyers.yaml") or {}, "value_buyers")):
        plan.value_buyers.append(ValueBuyer(b.get("process") or "", b.get("contact") or "", b.get("perception"),
                                            b.get("assessment"), _texts(b.get("drivers")), _acts(b.get("strategies")),
                                            d6.loc(("value_buyers", i)), not b))
        if b.get("process"):
            add_actions(b.get("strategies"), 6, f"value buyer: {b['process']}", d6, ("value_buyers", i, "strategies"))

    # step 7
    d7 = plan.doc("07-goals-strategy.yaml")
    gs = clean.get("07-goals-strategy.yaml") or {}
    for i, g in enumerate(_entries(gs, "goals")):
        plan.goals.append(Goal(g.get("goal") or "", g.get("horizon"), g.get("metric"), g.get("target"), g.get("by"),
                               d7.loc(("goals", i)), not g))
    plan.strategies = _texts(gs.get("strategies"))
    plan.time_allocation = {k: v for k, v in (gs.get("time_allocation") or {}).items() if v is not None}
    plan.time_allocation_loc = d7.loc(("time_allocation",), key=True)

    # step 8
    d8 = plan.doc("08-opportunities.yaml")
    raw8 = d8.data.get("opportunities") if isinstance(d8.data, dict) else None
    for i, o in enumerate(_entries(clean.get("08-opportunities.yaml") or {}, "opportunities")):
        written = isinstance(raw8, list) and i < len(raw8) and isinstance(raw8[i], dict) and "value" in raw8[i]
        opp = Opportunity(
            id=o.get("id") or "", name=o.get("name") or o.get("id") or "", value=o.get("value"), value_written=written,
            probability=o.get("probability"), stage=o.get("stage"), decision=o.get("decision"),
            quadrant=o.get("quadrant"), competition=o.get("competition"), notes=o.get("notes"),
            actions=_acts(o.get("actions")),
            loc=d8.loc(("opportunities", i)), quadrant_loc=d8.loc(("opportunities", i, "quadrant")),
            decision_loc=d8.loc(("opportunities", i, "decision")),
            crm_id=_text(o.get("crm_id")), blank=not o)
        plan.all_opportunities.append(opp)
        if opp.id:
            plan.opportunities.append(opp)
            add_actions(o.get("actions"), 8, f"opportunity: {o['id']}", d8, ("opportunities", i, "actions"))

    plan.whitespace = _whitespace((clean.get("08-opportunities.yaml") or {}).get("whitespace"), d8)

    # step 9
    d9 = plan.doc("09-capture-plans.yaml")
    for i, c in enumerate(_entries(clean.get("09-capture-plans.yaml") or {}, "capture_plans")):
        at = ("capture_plans", i)
        influences = [(b, d9.loc(at + ("buying_influences", j))) for j, b in enumerate(c.get("buying_influences") or [])
                      if isinstance(b, str) and b]
        cp = CapturePlan(
            opportunity=c.get("opportunity") or "", objective=c.get("objective"), decision_date=c.get("decision_date"),
            buying_influences=[b for b, _ in influences],
            win_themes=_texts(c.get("win_themes")), risks=_texts(c.get("risks")),
            actions=_acts(c.get("actions")), loc=d9.loc(at),
            decision_process=c.get("decision_process"), competition=c.get("competition"),
            opportunity_loc=d9.loc(at + ("opportunity",)), buying_influence_locs=[loc for _, loc in influences],
            blank=not c)
        plan.all_capture_plans.append(cp)
        if cp.opportunity:
            plan.capture_plans.append(cp)
            add_actions(c.get("actions"), 9, f"capture plan: {c['opportunity']}", d9, at + ("actions",))

    # step 10
    d10 = plan.doc("10-challenge.yaml")
    for i, ch in enumerate(_entries(clean.get("10-challenge.yaml") or {}, "challenges")):
        cats = []
        for j, cat in enumerate(ch.get("categories") or []):
            if not cat or not cat.get("name"):
                continue
            qs = []
            for qi, q in enumerate(cat.get("questions") or []):
                if not q or not q.get("question"):
                    continue
                qs.append(Question(q["question"], q.get("team") or None, q.get("spoiler") or None, q.get("evidence"),
                                   d10.loc(("challenges", i, "categories", j, "questions", qi))))
            cats.append(Category(cat["name"], qs, d10.loc(("challenges", i, "categories", j))))
        challenge = Challenge(ch.get("opportunity") or "", ch.get("reviewed"), ch.get("spoiler"), cats,
                              d10.loc(("challenges", i)), d10.loc(("challenges", i, "opportunity")), not ch)
        plan.all_challenges.append(challenge)
        if challenge.opportunity:
            plan.challenges.append(challenge)

def _whitespace(ws, doc) -> Whitespace | None:
    """The whitespace map, or None when the plan has none (the section is optional)."""
    if not isinstance(ws, dict) or not any(ws.get(k) for k in ("units", "offerings", "cells")):
        return None
    base = ("whitespace",)
    cells = []
    for i, c in enumerate(ws.get("cells") or []):
        if not isinstance(c, dict) or not c.get("unit") or not c.get("offering") or not c.get("status"):
            continue
        at = base + ("cells", i)
        cells.append(WhitespaceCell(
            unit=c["unit"], offering=c["offering"], status=c["status"], competitor=_text(c.get("competitor")),
            opportunity=_text(c.get("opportunity")), notes=_text(c.get("notes")), loc=doc.loc(at),
            unit_loc=doc.loc(at + ("unit",)), offering_loc=doc.loc(at + ("offering",)),
            opportunity_loc=doc.loc(at + ("opportunity",))))
    return Whitespace(units=[u for u in ws.get("units") or [] if isinstance(u, str) and u],
                      offerings=[o for o in ws.get("offerings") or [] if isinstance(o, str) and o],
                      cells=cells, loc=doc.loc(base, key=True))


def load_plans(paths: list[str] | None) -> list[Plan]:
    """Find and load every plan under ``paths``. Raises :class:`PathError` (exit 2)."""
    return [load_plan(p) for p in find_plans(paths)]
