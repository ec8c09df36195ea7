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
from .plan import (ActionItem, Ally, CapturePlan, Category, Challenge, Contact, Member, Opportunity, Plan,
                   Question, ValueOpportunity, Whitespace, WhitespaceCell, shown_path)
from .scalars import Action
from .validate import Context, Validator
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
    ctx = Context()
    root = root_of(folder)   # symlinked plan files must point inside it (saa.safefile)
    for name, (_step, spec) in plan.config.files.items():
        shown = shown_path(display, name)
        doc = load_file(folder / name, shown, root)
        plan.docs[name] = doc
        findings.extend(doc.findings)
        if not doc.exists:
            if name == PLAN_MARKER:
                findings.append(Finding(shown, 1, 1, "error", "missing-file", "account.yaml is missing"))
            plan.clean[name] = {}
            continue
        if doc.data is None and not doc.findings:
            doc.data = {}
        if doc.ok and doc.text is not None and not doc.findings and doc.data == {} and not doc.kpos:
            findings.append(Finding(shown, 1, 1, "error", "empty-file",
                                    "the file is empty (or only comments); fill it in or delete it (a missing step file is a step not started)"))
        validator = Validator(doc, ctx)
        clean = validator.run(spec)
        findings.extend(validator.findings)
        plan.error_paths[name] = validator.error_paths
        if doc.data is None or not isinstance(doc.data, dict) or any(len(p) <= 1 for p in validator.error_paths):
            plan.unreadable.add(name)
        plan.clean[name] = clean if isinstance(clean, dict) else {}
        if name == PLAN_MARKER:
            acc = plan.clean[name]
            ctx.currency = acc.get("currency") or "USD"
            ctx.fx = rate_table(ctx.currency, (acc.get("settings", {}).get("fx") or {}), plan.config)
            ctx.fx.pop(ctx.currency, None)
    _unknown_files(plan)
    plan.custom = collect_custom(plan.config, plan.clean)
    _build(plan)
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


def _build(plan: Plan) -> None:
    from .config import rag_for, rate_table

    acc = plan.data("account.yaml")
    adoc = plan.doc("account.yaml")
    plan.account = _text(acc.get("account")) or plan.dir.name
    plan.id = acc.get("id") or (plan.dir.resolve().name if plan.dir.name in ("", ".") else plan.dir.name)
    plan.currency = acc.get("currency") or "USD"
    settings = acc.get("settings") or {}
    plan.fx = rate_table(plan.currency, settings.get("fx") or {}, plan.config)
    plan.fx.pop(plan.currency, None)
    plan.rag = rag_for(settings.get("rag"), plan.config)
    plan.owner = _text(acc.get("owner"))
    for i, m in enumerate(acc.get("team") or []):
        if m and m.get("name"):
            plan.team.append(Member(m["name"], m.get("function"), m.get("region"), adoc.loc(("team", i))))
    review = acc.get("review") or {}
    plan.review_last = review.get("last")
    plan.review_next = review.get("next")
    cadence = review.get("cadence_days")
    plan.review_cadence_days = cadence if isinstance(cadence, int) and not isinstance(cadence, bool) else None

    def add_actions(items, step, source, doc, path):
        for j, a in enumerate(items or []):
            if isinstance(a, Action):
                at = path + (j,)
                plan.actions.append(ActionItem(a, step, source, doc.loc(at), doc.loc(at + ("owner",)), doc.loc(at + ("due",))))

    # step 1
    d1 = plan.doc("01-customer-profile.yaml")
    for i, imp in enumerate(plan.data("01-customer-profile.yaml").get("implications") or []):
        if imp:
            label = imp.get("implication") or f"implication {i + 1}"
            add_actions(imp.get("actions"), 1, f"implication: {label}", d1, ("implications", i, "actions"))

    # step 2
    d2 = plan.doc("02-network.yaml")
    net = plan.data("02-network.yaml")
    for i, c in enumerate(net.get("contacts") or []):
        if not c or not c.get("name"):
            continue
        plan.contacts.append(Contact(
            name=c["name"], title=c.get("title"), function=c.get("function"), role=c.get("role"),
            relation=c.get("relation"), meeting_frequency=c.get("meeting_frequency"),
            our_link=c.get("our_link"), link_level=c.get("link_level"), reports_to=c.get("reports_to"),
            loc=d2.loc(("contacts", i)), raw=c))
        add_actions(c.get("strategies"), 2, f"contact: {c['name']}", d2, ("contacts", i, "strategies"))
    for i, a in enumerate(net.get("allies") or []):
        if a and a.get("ally") and a.get("target"):
            plan.allies.append(Ally(a["ally"], a["target"], a.get("leverage"), a.get("influence_and_reward"),
                                    a.get("meeting_frequency"), d2.loc(("allies", i))))

    # step 3
    d3 = plan.doc("03-needs-kano.yaml")
    for i, n in enumerate(plan.data("03-needs-kano.yaml").get("needs") or []):
        if n and n.get("contact"):
            add_actions(n.get("actions"), 3, f"needs: {n['contact']}", d3, ("needs", i, "actions"))

    # step 4
    d4 = plan.doc("04-value-opportunities.yaml")
    for i, v in enumerate(plan.data("04-value-opportunities.yaml").get("value_opportunities") or []):
        if not v or not v.get("id"):
            continue
        q = v.get("quantification") or {}
        raw_q = ((d4.data or {}).get("value_opportunities") or [None] * (i + 1))[i] if isinstance(d4.data, dict) else None
        raw_inputs = {}
        if isinstance(raw_q, dict) and isinstance(raw_q.get("quantification"), dict):
            ri = raw_q["quantification"].get("inputs")
            if isinstance(ri, dict):
                raw_inputs = dict(ri)
        base = ("value_opportunities", i, "quantification")
        plan.value_opportunities.append(ValueOpportunity(
            id=v["id"], opportunity=v.get("opportunity") or "", owner=v.get("owner"), drivers=v.get("drivers") or [],
            formula=q.get("formula"), inputs={k: x for k, x in (q.get("inputs") or {}).items()},
            raw_inputs=raw_inputs, per=q.get("per") or "once", claimed=q.get("claimed"),
            loc=d4.loc(("value_opportunities", i)), formula_loc=d4.loc(base + ("formula",)),
            claimed_loc=d4.loc(base + ("claimed",)),
            input_locs={k: d4.loc(base + ("inputs", k)) for k in (q.get("inputs") or {})},
            flawed=plan.has_error_under("04-value-opportunities.yaml", base)))

    # step 6
    d6 = plan.doc("06-value-buyers.yaml")
    for i, b in enumerate(plan.data("06-value-buyers.yaml").get("value_buyers") or []):
        if b and b.get("process"):
            add_actions(b.get("strategies"), 6, f"value buyer: {b['process']}", d6, ("value_buyers", i, "strategies"))

    # step 8
    d8 = plan.doc("08-opportunities.yaml")
    raw8 = d8.data.get("opportunities") if isinstance(d8.data, dict) else None
    for i, o in enumerate(plan.data("08-opportunities.yaml").get("opportunities") or []):
        if not o or not o.get("id"):
            continue
        written = isinstance(raw8, list) and i < len(raw8) and isinstance(raw8[i], dict) and "value" in raw8[i]
        plan.opportunities.append(Opportunity(
            id=o["id"], name=o.get("name") or o["id"], value=o.get("value"), value_written=written,
            probability=o.get("probability"), stage=o.get("stage"), decision=o.get("decision"),
            quadrant=o.get("quadrant"), competition=o.get("competition"), notes=o.get("notes"),
            actions=[a for a in o.get("actions") or [] if isinstance(a, Action)],
            loc=d8.loc(("opportunities", i)), quadrant_loc=d8.loc(("opportunities", i, "quadrant")),
            crm_id=_text(o.get("crm_id"))))
        add_actions(o.get("actions"), 8, f"opportunity: {o['id']}", d8, ("opportunities", i, "actions"))

    plan.whitespace = _whitespace(plan.data("08-opportunities.yaml").get("whitespace"), d8)

    # step 9
    d9 = plan.doc("09-capture-plans.yaml")
    for i, c in enumerate(plan.data("09-capture-plans.yaml").get("capture_plans") or []):
        if not c or not c.get("opportunity"):
            continue
        plan.capture_plans.append(CapturePlan(
            opportunity=c["opportunity"], objective=c.get("objective"), decision_date=c.get("decision_date"),
            buying_influences=[b for b in c.get("buying_influences") or [] if b],
            win_themes=c.get("win_themes") or [], risks=c.get("risks") or [],
            actions=[a for a in c.get("actions") or [] if isinstance(a, Action)],
            loc=d9.loc(("capture_plans", i)), raw=c))
        add_actions(c.get("actions"), 9, f"capture plan: {c['opportunity']}", d9, ("capture_plans", i, "actions"))

    # step 10
    d10 = plan.doc("10-challenge.yaml")
    for i, ch in enumerate(plan.data("10-challenge.yaml").get("challenges") or []):
        if not ch or not ch.get("opportunity"):
            continue
        cats = []
        for j, cat in enumerate(ch.get("categories") or []):
            if not cat or not cat.get("name"):
                continue
            qs = []
            for k, q in enumerate(cat.get("questions") or []):
                if not q or not q.get("question"):
                    continue
                qs.append(Question(q["question"], q.get("team") or None, q.get("spoiler") or None, q.get("evidence"),
                                   d10.loc(("challenges", i, "categories", j, "questions", k))))
            cats.append(Category(cat["name"], qs, d10.loc(("challenges", i, "categories", j))))
        plan.challenges.append(Challenge(ch["opportunity"], ch.get("reviewed"), ch.get("spoiler"), cats,
                                         d10.loc(("challenges", i))))


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
