"""Commands that report on plans for people: report, portfolio, diff."""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from .common import ConfigOpt, use_config, JsonOpt, PathsArg, PlanArg, colour_wanted, fail, load_one, out


def diff(
    plan: Optional[str] = PlanArg,
    since: str = typer.Option("HEAD", "--since", metavar="REF",
                              help="The git revision to compare with: a commit, tag, branch, HEAD~3..."),
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """What changed in a plan since a git revision, in the method's terms, not lines.

    Opportunities added, removed, moved between quadrants, re-valued, re-dated;
    value opportunities re-quantified; challenge category scores up or down;
    completeness up or down; new overdue actions. Unchanged things are not listed.

    Example: saa diff plans/telecom --since main
    """
    use_config(config)
    from ..diff import DiffError, diff_plan
    from ..render.diff import as_text
    from ..loader import PathError

    try:
        result = diff_plan(plan, since)
    except (DiffError, PathError) as e:
        fail(str(e))
    if json_:
        import json

        out(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    else:
        out(as_text(result, colour=colour_wanted()))


def report(
    plan: Optional[str] = PlanArg,
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="md|html",
                                         help="markdown (for a pull request) or html (to print and share); "
                                              "default: from the -o file's extension, else md."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE",
                                         help="Write the report to FILE (default: stdout)."),
    config: Optional[str] = ConfigOpt,
) -> None:
    """The whole plan as one document, in the method's order: four stages, ten steps.

    The HTML is one self-contained file (inline CSS and SVG, nothing fetched)
    with the opportunity matrix, the challenge heat map and the network by role
    drawn as charts.

    Example: saa report plans/telecom --format html -o telecom.html
    """
    use_config(config)
    kind = (format or "").lower()
    if not kind:
        kind = "html" if output and output.lower().endswith((".html", ".htm")) else "md"
    if kind == "markdown":
        kind = "md"
    if kind not in ("md", "html"):
        fail(f"--format must be md or html, not {format!r}")
    from ..clock import today
    from ..render.report import render_report

    p = load_one(plan)
    text = render_report(p, kind, today())
    from ..atomic import STDOUT_NAMES, write_text

    if output and output not in STDOUT_NAMES:
        try:
            write_text(output, text)
        except OSError as e:
            fail(f"cannot write {output}: {e.strerror or e}")
        from ..render.sanitise import terminal_text

        sys.stderr.write(f"wrote {terminal_text(output, oneline=True)}\n")
    else:
        out(text)


def portfolio(
    paths: Optional[List[str]] = PathsArg,
    sort: Optional[str] = typer.Option(
        None, "--sort", metavar="COLUMN",
        help="account, id, owner, completeness, review-age, pipeline, I, II, III, IV, value, colour or overdue; "
             "what needs attention comes first."),
    reverse: bool = typer.Option(False, "--reverse", help="Reverse the order."),
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """One row per plan: completeness, review age, pipeline by quadrant, value per year, challenge colour, overdue actions.

    Pipeline is the sum of the known opportunity values in each quadrant (closed
    deals left out); totals add up plans that share a currency. A progress bar
    shows on stderr for large portfolios.

    Example: saa portfolio plans/ --sort completeness
    """
    use_config(config)
    from ..clock import today
    from ..loader import PathError, find_plans
    from ..portfolio import SORTS, load_rows, sort_key_name, sort_rows
    from ..render import progress
    from ..render.portfolio import as_json, terminal

    key = None
    if sort is not None:
        key = sort_key_name(sort)
        if key is None:
            fail(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}")
    from .common import warn_problems

    problems: list = []
    try:
        folders = find_plans(paths, problems)
    except PathError as e:
        fail(str(e))
    warn_problems(problems)
    with progress.bar("loading plans", len(folders)) as advance:
        rows = load_rows(folders, today(), advance)
    rows = sort_rows(rows, key, reverse)
    if json_:
        out(as_json(rows))
    else:
        terminal(rows, sort=key)
