"""Commands of the method's computations: value, matrix, challenge, network, kano, actions.

Thin: parse options, call the core, pick a renderer. Heavy modules (rich, the
core) are imported inside the commands so ``saa --version`` stays fast.
"""

from __future__ import annotations

import os
from typing import List, Optional

import typer

from .common import show_one, ConfigOpt, use_config, JsonOpt, PathsArg, PlanArg, fail, load_one, out

from ..vocab import VIEWS


def value(
    plan: Optional[str] = PlanArg,
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """Every value opportunity: formula with its inputs, result per period and per year, claimed vs computed; total.

    Money written in another currency is converted with settings.fx; a claimed
    value more than 0.5% from the computed one is marked MISMATCH.

    Example: saa value plans/telecom
    """
    use_config(config)
    from ..render import value as render

    show_one(plan, render, json_)


def matrix(
    plan: Optional[str] = PlanArg,
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """The 2x2 Opportunity Prioritization Matrix, each quadrant ranked by expected value; closed deals below.

    I deals in progress, II early-stage deals, III customer delay or cancelling,
    IV long-term potential. Months to decision count from today (SAA_TODAY pins it).

    Example: saa matrix plans/telecom
    """
    use_config(config)
    from ..clock import today
    from ..render import matrix as render

    p = load_one(plan)
    if json_:
        out(render.as_json(p, today()))
    else:
        render.terminal(p, today())


def challenge(
    args: Optional[List[str]] = typer.Argument(
        None, metavar="PLAN",
        help="Plan folders or portfolio folders (default: the current folder); "
             "or `score PLAN --opportunity ID --view team|spoiler` to score a challenge.", show_default=False),
    opportunity: Optional[str] = typer.Option(None, "--opportunity", metavar="ID",
                                              help="Only the challenge of this opportunity id."),
    view: Optional[str] = typer.Option(None, "--view", metavar="team|spoiler|both",
                                       help="Whose scores to show (and gate with --fail-under; default: both); "
                                            "with `score`: whose scores to write, team or spoiler."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", metavar="SCORE",
                                               help="Exit 1 when any category score in the view shown is below SCORE "
                                                    "(compared as shown, to one decimal)."),
    guide: bool = typer.Option(False, "--guide", help="Print the challenge questions of each dimension."),
    as_: Optional[str] = typer.Option(None, "--as", metavar="team|spoiler",
                                      help="with `score`: the same as --view team|spoiler", hidden=True),
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """Challenge score tables per capture plan: confidence, implications, actions; team vs spoiler, coloured.

    A category's score is the mean of its questions' scores, the overall row the
    mean over all scored questions. Red below settings.rag.red_below (3.0), green
    from green_from (4.0). `saa challenge score PLAN --opportunity ID --view team`
    scores a challenge question by question.

    Example: saa challenge plans/telecom --view both --fail-under 3
    """
    use_config(config)
    args = list(args or [])
    if args and args[0] == "score" and not (len(args) == 1 and _is_plan("score")):
        if as_ is not None and view is not None and as_ != view:
            fail(f"--as {as_} and --view {view} disagree; --as is another name of --view, give one of them")
        _score(args[1:], opportunity, as_ if as_ is not None else view)
        return
    if as_ is not None:
        fail("--as works only with `saa challenge score PLAN --opportunity ID --view team|spoiler`")
    view = "both" if view is None else view
    if view not in VIEWS:
        fail(f"--view must be team, spoiler or both, not {view!r}")
    if fail_under is not None and not (fail_under == fail_under and abs(fail_under) != float("inf")):
        fail("--fail-under needs a score, e.g. 3 or 3.5")
    from ..challenge import below, score_plan
    from ..render import challenge as render
    from .common import config_here

    GUIDE = config_here(args[0] if args and os.path.exists(args[0]) else None).guide
    if guide and not args:
        if json_:
            out(render.guide_json(GUIDE))
        else:
            render.guide(GUIDE)
        return
    from .common import load_each, plan_folders, rendered

    folders = plan_folders(args)
    multi = len(folders) > 1

    def one(p):   # in a worker process for large portfolios: small data back, never the plan
        scores = score_plan(p, opportunity)
        known = {o.id for o in p.opportunities} | {c.opportunity for c in p.challenges}
        failing = [(p.id, *render.failing_row(f)) for f in below(scores, fail_under, view)] \
            if fail_under is not None else []
        if json_:
            return known, failing, render.plan_part(p, scores)
        drawn = render.plan_text(p, scores, view, opportunity, multi)   # piped: without rich
        if drawn is None:
            drawn = rendered(lambda c: render.terminal_plan(p, scores, view, opportunity, multi, c))
        return known, failing, drawn

    parts = load_each(folders, one)
    if opportunity is not None:
        known = set().union(*(k for k, _, _ in parts))
        if opportunity not in known:
            from ..validate import did_you_mean

            fail(f"--opportunity {opportunity!r} is not an opportunity id in 08-opportunities.yaml"
                 f"{did_you_mean(opportunity, known)}")
    failing = [f for _, fs, _ in parts for f in fs]
    if json_:
        out(render.json_of([p for _, _, p in parts], view, GUIDE if guide else None, fail_under, failing))
    else:
        if guide:
            render.guide(GUIDE)
        out("".join(text for _, _, text in parts))
        if fail_under is not None:
            render.terminal_fail_under(fail_under, [f[1:] for f in failing], view)
    if failing:
        raise typer.Exit(1)


def _is_plan(path: str) -> bool:
    import os

    return os.path.isfile(os.path.join(path, "account.yaml"))


def _score(rest: list, opportunity: Optional[str], as_: Optional[str]) -> None:
    """``saa challenge score PLAN --opportunity ID --view team|spoiler`` (or ``--as``): handed to saa.cli.score."""
    if len(rest) > 1:
        fail("`saa challenge score` takes one plan folder")
    if not opportunity:
        fail("`saa challenge score` needs --opportunity ID")
    if as_ not in ("team", "spoiler"):
        fail("`saa challenge score` needs --view team or --view spoiler"
             + (f", not {as_!r}" if as_ is not None else ""))
    from .score import run_score

    code = run_score(rest[0] if rest else ".", str(opportunity), str(as_))
    raise typer.Exit(code or 0)


def network(
    plan: Optional[str] = PlanArg,
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """Contacts by role with relation, our link and meetings per year; the path to every decision maker; gaps.

    A decision maker is reached when there is a path from our team: one of us is
    their our_link at the first level, or an ally we reach is named for them
    (allies: ally, target); the shortest path is printed. The gaps are decision
    makers nobody reaches and contacts nobody on our team owns (no our_link).

    Example: saa network plans/telecom
    """
    use_config(config)
    from ..render import network as render

    show_one(plan, render, json_)


def kano(
    plan: Optional[str] = PlanArg,
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """The KANO table per area of care (must-have, more-is-better, delight) and the needs of each decision maker.

    Example: saa kano plans/telecom
    """
    use_config(config)
    from ..render import kano as render

    show_one(plan, render, json_)


def actions(
    paths: Optional[List[str]] = PathsArg,
    overdue: bool = typer.Option(False, "--overdue", help="Only open actions whose due date has passed."),
    owner: Optional[str] = typer.Option(None, "--owner", metavar="NAME",
                                        help="Only the actions of this team member (case ignored)."),
    all_: bool = typer.Option(False, "--all", help="Done and dropped actions too."),
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """Open actions across the plan(s) by due date with owner and where they come from (step, item).

    Undated actions come last; open actions without an owner or a due date are called out.

    Example: saa actions plans/ --owner "Chen Hao" --overdue
    """
    use_config(config)
    from ..clock import today
    from ..render import actions as render

    if owner is not None and not owner.strip():
        fail("--owner needs a name")
    from ..actions import plan_rows
    from .common import load_each, plan_folders

    when = today()
    # the table's rows or the JSON objects are made where the plans are loaded (worker processes for a large
    # portfolio): small tuples of text, sorted and put together here
    made = render.json_rows if json_ else render.table_rows
    parts = load_each(plan_folders(paths), lambda p: made(p, plan_rows(
        p, when, owner=owner, overdue_only=overdue, include_closed=all_)))
    rows = [r for part in parts for r in part]
    rows.sort(key=render.KEY)
    if json_:
        out(render.json_text(rows, when))
    else:
        render.draw(rows, when, multi=sum(1 for part in parts if part) > 1, owner=owner, overdue=overdue,
                    include_closed=all_)
