"""``saa diff PLAN --since REF``: what changed in a plan since a git revision, in the method's terms.

The plan as it was at REF is read with ``git show REF:./FILE`` (a local git
command, nothing fetched) into a temporary folder and loaded like any plan;
then the two are compared:

* opportunities (step 8): added, removed, moved between quadrants (``closed``
  for won and lost), re-valued, re-weighted (probability), re-dated (decision);
* value opportunities (step 4): added, removed, re-quantified (value per period,
  period or value per year changed);
* challenge scores (step 10): every category score, per view (team, spoiler)
  and dimension, that went up or down, appeared or disappeared;
* completeness: the plan's and each step's, up or down;
* new overdue actions: open actions overdue today that were not overdue at
  REF; "at REF" means on the day of REF's commit, so an action that fell due
  since then counts as new.

Unchanged things are not listed. Errors that stop the command (exit 2) raise
:class:`DiffError`: no git, a plan not under git, an unknown REF.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
import tempfile
from .records import dataclass
from pathlib import Path

from .fileformat import FILES
from .vocab import DIMENSIONS

EPS = 1e-9


class DiffError(Exception):
    """The diff cannot run as asked (exit 2)."""


@dataclass
class Revision:
    ref: str
    commit: str
    date: _dt.date | None


# ---- git ----------------------------------------------------------------------

def _git(args: list, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_PAGER": "cat"})
    try:
        return subprocess.run(["git", *args], cwd=str(cwd), env=env, capture_output=True, timeout=60)
    except FileNotFoundError:
        raise DiffError("git is not installed (saa diff reads the old plan with `git show`)") from None
    except subprocess.TimeoutExpired:
        raise DiffError(f"git {args[0]} did not answer within 60 seconds") from None


def resolve(plan_dir: Path, ref: str) -> Revision:
    """The commit REF names, seen from the plan's folder. Raises :class:`DiffError`."""
    if shutil.which("git") is None:
        raise DiffError("git is not installed (saa diff reads the old plan with `git show`)")
    inside = _git(["rev-parse", "--is-inside-work-tree"], plan_dir)
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise DiffError(f"{plan_dir} is not in a git repository (saa diff compares a plan with an earlier commit)")
    if not ref or ref.startswith("-") or any(c in ref for c in "\x00\n\r"):
        raise DiffError(f"--since {ref!r} is not a git revision")
    rev = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], plan_dir)
    if rev.returncode != 0:
        hint = ""
        if ref == "HEAD":
            hint = " (the repository has no commits yet?)"
        raise DiffError(f"unknown git revision {ref!r}{hint}; try a commit, a tag, a branch or HEAD~1")
    commit = rev.stdout.decode("ascii", "replace").strip()
    when = _git(["show", "-s", "--format=%cI", commit], plan_dir)
    date = None
    if when.returncode == 0:
        try:
            date = _dt.date.fromisoformat(when.stdout.decode("ascii", "replace").strip()[:10])
        except ValueError:
            date = None
    return Revision(ref, commit, date)


def plan_at(plan_dir: Path, rev: Revision, into: Path):
    """Load the plan in ``plan_dir`` as it was at ``rev`` (None when it did not exist then)."""
    from .loader import load_plan

    # -l: each blob's size from git's object header (what `git cat-file -s` answers), so a file over the
    # size limit is refused without reading it (a 400 MB blob in history costs nothing)
    listing = _git(["ls-tree", "-z", "-l", rev.commit, "--", "./"], plan_dir)
    if listing.returncode != 0:
        raise DiffError(f"git cannot list {plan_dir} at {rev.ref}: "
                        f"{listing.stderr.decode('utf-8', 'replace').strip()}")
    entries = {}
    for rec in listing.stdout.split(b"\0"):
        if not rec or b"\t" not in rec:
            continue
        meta, _, name = rec.partition(b"\t")
        parts = meta.split()
        if len(parts) != 4:
            continue
        mode, kind, oid, size = (p.decode("ascii", "replace") for p in parts)
        entries[name.decode("utf-8", "replace").rsplit("/", 1)[-1]] = (mode, kind, oid, size)
    if "account.yaml" not in entries:
        return None
    from .findings import Finding
    from .yamlio import MAX_BYTES

    folder = into / (plan_dir.resolve().name or "plan")
    folder.mkdir(parents=True, exist_ok=True)
    display = f"{rev.ref}:{plan_dir}"
    refused = []
    for name in FILES:
        if name not in entries:
            continue
        mode, kind, oid, size = entries[name]
        where = os.path.join(display, name)
        if kind != "blob" or mode not in ("100644", "100755"):
            what = "a symlink" if mode == "120000" else f"a {kind}"
            refused.append(Finding(where, 1, 1, "error", "not-a-file", f"{what} at {rev.ref}, not a plan file; not read"))
            continue
        if not size.isdigit() or int(size) > MAX_BYTES:
            refused.append(Finding(where, 1, 1, "error", "too-large",
                                   f"{size} bytes at {rev.ref}: larger than {MAX_BYTES // (1024 * 1024)} MiB, "
                                   "a plan file is a few KB; not read"))
            continue
        shown = _git(["cat-file", "blob", oid], plan_dir)
        if shown.returncode != 0:
            continue
        (folder / name).write_bytes(shown.stdout)
    from .config import config_for

    # read with the configuration in force for the plan today (saa.yaml as it is now), as the new side is
    plan = load_plan(folder, display=display, config=config_for(plan_dir))
    plan.findings.extend(refused)
    return plan


# ---- comparing ------------------------------------------------------------------

def _num_changed(a, b) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(a - b) > EPS * max(1.0, abs(a), abs(b))


def _iso(d):
    return d.isoformat() if d is not None else None


def _quadrant(o) -> str:
    from .matrix import quadrant

    return quadrant(o) or "closed"


def _opp_dict(o) -> dict:
    from .matrix import expected_value

    return {"id": o.id, "name": o.name, "quadrant": _quadrant(o), "stage": o.stage, "value": o.value,
            "probability": o.probability, "expected_value": expected_value(o), "decision": _iso(o.decision)}


def _opportunities(old, new) -> dict:
    before = {o.id: o for o in (old.opportunities if old else [])}
    after = {o.id: o for o in new.opportunities}
    out: dict[str, list] = {"added": [], "removed": [], "moved": [], "revalued": [], "reweighted": [], "redated": []}
    for oid, o in after.items():
        if oid not in before:
            out["added"].append(_opp_dict(o))
            continue
        b = before[oid]
        qa, qb = _quadrant(o), _quadrant(b)
        if qa != qb:
            out["moved"].append({"id": oid, "name": o.name, "from": qb, "to": qa,
                                 "stage_from": b.stage, "stage_to": o.stage})
        if _num_changed(b.value, o.value):
            out["revalued"].append({"id": oid, "name": o.name, "from": b.value, "to": o.value})
        if _num_changed(b.probability, o.probability):
            out["reweighted"].append({"id": oid, "name": o.name, "from": b.probability, "to": o.probability})
        if b.decision != o.decision:
            out["redated"].append({"id": oid, "name": o.name, "from": _iso(b.decision), "to": _iso(o.decision)})
    for oid, b in before.items():
        if oid not in after:
            out["removed"].append(_opp_dict(b))
    return out


def _value_opportunities(old, new) -> dict:
    from .value import evaluate_plan

    def table(plan):
        return {r.vo.id: r for r in evaluate_plan(plan)} if plan else {}

    def q(r):
        return {"per_period": r.per_period, "per": r.vo.per, "per_year": r.per_year}

    before, after = table(old), table(new)
    out: dict[str, list] = {"added": [], "removed": [], "requantified": []}
    for vid, r in after.items():
        if vid not in before:
            out["added"].append({"id": vid, "opportunity": r.vo.opportunity, **q(r)})
            continue
        b = before[vid]
        if _num_changed(b.per_period, r.per_period) or _num_changed(b.per_year, r.per_year) or b.vo.per != r.vo.per:
            out["requantified"].append({"id": vid, "opportunity": r.vo.opportunity, "from": q(b), "to": q(r)})
    for vid, b in before.items():
        if vid not in after:
            out["removed"].append({"id": vid, "opportunity": b.vo.opportunity, **q(b)})
    return out


def _category_scores(plan) -> dict:
    """(opportunity, category, n-th of that name) -> {"team": {...}, "spoiler": {...}}."""
    from .challenge import score_plan

    out: dict = {}
    if plan is None:
        return out
    for cs in score_plan(plan):
        seen: dict = {}
        for cat in cs.categories:
            name = cat.category.name
            seen[name] = seen.get(name, 0) + 1
            out[(cs.challenge.opportunity, name, seen[name])] = {"team": cat.team, "spoiler": cat.spoiler or {}}
    return out


def _challenges(old, new) -> list:
    before, after = _category_scores(old), _category_scores(new)
    keys = list(after) + [k for k in before if k not in after]
    out = []
    for key in keys:
        b, a = before.get(key, {}), after.get(key, {})
        for view in ("team", "spoiler"):
            for dim in DIMENSIONS:
                x = (b.get(view) or {}).get(dim)
                y = (a.get(view) or {}).get(dim)
                if not _num_changed(x, y):
                    continue
                if x is None:
                    direction = "new"
                elif y is None:
                    direction = "removed"
                else:
                    direction = "up" if y > x else "down"
                out.append({"opportunity": key[0], "category": key[1], "view": view, "dimension": dim,
                            "from": x, "to": y, "direction": direction})
    return out


def _completeness(old, new):
    from .completeness import completeness

    a = completeness(new)
    if old is None:
        return {"from": None, "to": a.percent, "direction": "new",
                "steps": [{"step": s, "from": None, "to": st.percent} for s, st in a.steps.items()]}
    b = completeness(old)
    steps = [{"step": s, "from": b.steps[s].percent, "to": st.percent}
             for s, st in a.steps.items() if _num_changed(b.steps[s].percent, st.percent)]
    if not steps and not _num_changed(b.percent, a.percent):
        return None
    direction = "up" if a.percent > b.percent + EPS else ("down" if a.percent < b.percent - EPS else "same")
    return {"from": b.percent, "to": a.percent, "direction": direction, "steps": steps}


def _action_key(item) -> tuple:
    return (item.step, item.source, item.action.do)


def _overdue(old, new, then: _dt.date, now: _dt.date) -> list:
    from .actions import overdue as overdue_actions
    from .status import _action_dict

    was = {_action_key(i) for i in overdue_actions(old, then)} if old is not None else set()
    return [_action_dict(i) for i in overdue_actions(new, now) if _action_key(i) not in was]


def compare(old, new, rev: Revision, today: _dt.date) -> dict:
    """The changes from ``old`` (the plan at ``rev``, None if it did not exist) to ``new``."""
    then = min(rev.date or today, today)
    result = {
        "plan": new.id,
        "path": new.display,
        "since": rev.ref,
        "commit": rev.commit,
        "new_plan": old is None,
        "currency": new.currency,
        "opportunities": _opportunities(old, new),
        "value_opportunities": _value_opportunities(old, new),
        "challenges": _challenges(old, new),
        "completeness": _completeness(old, new),
        "overdue_actions": _overdue(old, new, then, today),
    }
    result["changes"] = count(result)
    return result


def count(result: dict) -> int:
    n = sum(len(v) for v in result["opportunities"].values())
    n += sum(len(v) for v in result["value_opportunities"].values())
    n += len(result["challenges"]) + len(result["overdue_actions"])
    n += 1 if result["completeness"] is not None else 0
    return n


def last_commit_at_or_before(plan_dir: Path, day: _dt.date) -> Revision | None:
    """The last commit (of the plan's repository) made at or before ``day``; None when history starts later.

    Raises :class:`DiffError` when the plan is not in a git repository.
    """
    resolve(plan_dir, "HEAD")          # not in git, no git, no commits: said by DiffError
    found = _git(["rev-list", "-1", f"--before={day.isoformat()} 23:59:59", "HEAD"], plan_dir)
    commit = found.stdout.decode("ascii", "replace").strip() if found.returncode == 0 else ""
    return resolve(plan_dir, commit) if commit else None


def since_review(plan, today: _dt.date) -> dict | None:
    """What changed in ``plan`` since its last review: compared with the last commit at or before ``review.last``.

    None when the plan was never reviewed or the history starts after the review;
    raises :class:`DiffError` outside git.
    """
    if plan.review_last is None:
        return None
    folder = Path(plan.dir)
    rev = last_commit_at_or_before(folder, plan.review_last)
    if rev is None:
        return None
    rev.ref = rev.commit[:10]
    with tempfile.TemporaryDirectory(prefix="saa-diff-") as tmp:
        old = plan_at(folder, rev, Path(tmp))
        return compare(old, plan, rev, today)


def diff_plan(plan_path: str | None, since: str = "HEAD") -> dict:
    """Load the plan at ``plan_path`` now and at ``since``; compare. Raises DiffError / PathError."""
    from .loader import find_plan, load_plan
    from .clock import today

    folder = find_plan(plan_path)
    rev = resolve(folder, since)
    new = load_plan(folder)
    with tempfile.TemporaryDirectory(prefix="saa-diff-") as tmp:
        old = plan_at(folder, rev, Path(tmp))
        return compare(old, new, rev, today())
