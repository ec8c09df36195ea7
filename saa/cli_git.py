"""Commands for plans that live in git: fmt, diff, report, portfolio.

Thin: parse options, call the core (saa.fmt, saa.diff, saa.report,
saa.portfolio), render. Heavy modules are imported inside the commands.
"""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from .cli import JsonOpt, PathsArg, PlanArg, colour_wanted, fail, load_one, out


def fmt(
    paths: Optional[List[str]] = PathsArg,
    check: bool = typer.Option(False, "--check", help="Only report the files that would change; exit 1 if any."),
    show_diff: bool = typer.Option(False, "--diff", help="Show what changes, as a unified diff."),
) -> None:
    """Rewrite plan files in canonical form, keeping every comment and every value.

    Canonical: 2-space indentation, lists indented under their key, keys in the
    order of the plan format, quoting normalised (relation scores always quoted),
    text never re-wrapped. Idempotent; writes are atomic. Files that do not load
    (syntax errors, duplicate keys...) are left alone with a message.
    Exit 0 when every file is canonical (or now is), 1 when --check finds files
    to reformat or a file was left alone, 2 when the command cannot run.

    Example: saa fmt plans/ --check --diff
    """
    from .fmt import run
    from .plan import PathError
    from .render.progress import Progress

    progress = Progress("checking files" if check else "formatting files")   # stderr, terminals, long runs only
    try:
        results = run(paths, check=check, want_diff=show_diff, progress=progress)
    except PathError as e:
        fail(str(e))
    finally:
        progress.close()
    from .render.findings import clean

    changed = skipped = 0
    for r in results:
        if r.status == "skipped":
            skipped += 1
            sys.stderr.write(f"{clean(r.path)}:{r.line}:{r.column}: error: {clean(r.message)} (not formatted)\n")
        elif r.status in ("reformatted", "would-reformat"):
            changed += 1
            out(f"{'would reformat' if check else 'reformatted'} {clean(r.path)}\n")
            if r.diff:
                out(r.diff if r.diff.endswith("\n") else r.diff + "\n")
    n = len(results)
    same = n - changed - skipped
    verb = "would be reformatted" if check else "reformatted"
    parts = [f"{changed} file{'s' if changed != 1 else ''} {verb}", f"{same} already canonical"]
    if skipped:
        parts.append(f"{skipped} left alone (fix them first: saa check)")
    out(", ".join(parts) + "\n")
    raise typer.Exit(1 if skipped or (check and changed) else 0)


def diff(
    plan: Optional[str] = PlanArg,
    since: str = typer.Option("HEAD", "--since", metavar="REF",
                              help="The git revision to compare with: a commit, tag, branch, HEAD~3..."),
    json_: bool = JsonOpt,
) -> None:
    """What changed in a plan since a git revision, in the method's terms, not lines.

    Opportunities added, removed, moved between quadrants, re-valued, re-dated;
    value opportunities re-quantified; challenge category scores up or down;
    completeness up or down; new overdue actions. Unchanged things are not listed.

    Example: saa diff plans/telecom --since main
    """
    from .diff import DiffError, as_text, diff_plan
    from .plan import PathError

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
) -> None:
    """The whole plan as one document, in the method's order: four stages, ten steps.

    The HTML is one self-contained file (inline CSS and SVG, nothing fetched)
    with the opportunity matrix, the challenge heat map and the network by role
    drawn as charts.

    Example: saa report plans/telecom --format html -o telecom.html
    """
    kind = (format or "").lower()
    if not kind:
        kind = "html" if output and output.lower().endswith((".html", ".htm")) else "md"
    if kind == "markdown":
        kind = "md"
    if kind not in ("md", "html"):
        fail(f"--format must be md or html, not {format!r}")
    from .plan import today
    from .report import render_report

    p = load_one(plan)
    text = render_report(p, kind, today())
    if output and output != "-":
        from .atomic import write_text_atomic

        try:
            write_text_atomic(output, text)
        except OSError as e:
            fail(f"cannot write {output}: {e.strerror or e}")
        sys.stderr.write(f"wrote {output}\n")
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
) -> None:
    """One row per plan: completeness, review age, pipeline by quadrant, value per year, challenge colour, overdue actions.

    Pipeline is the sum of the known opportunity values in each quadrant (closed
    deals left out); totals add up plans that share a currency. A progress bar
    shows on stderr for large portfolios.

    Example: saa portfolio plans/ --sort completeness
    """
    from .plan import PathError, today
    from .portfolio import SORTS, as_json, load_rows, sort_key_name, sort_rows, terminal

    key = None
    if sort is not None:
        key = sort_key_name(sort)
        if key is None:
            fail(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}")
    try:
        rows = load_rows(paths, today())
    except PathError as e:
        fail(str(e))
    rows = sort_rows(rows, key, reverse)
    if json_:
        out(as_json(rows))
    else:
        terminal(rows, sort=key)


def register(app: typer.Typer) -> None:
    app.command()(fmt)
    app.command()(diff)
    app.command()(report)
    app.command()(portfolio)
