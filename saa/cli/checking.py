"""Commands that check plans: check, status, rules."""

from __future__ import annotations

import os
from typing import List, Optional

import typer

from .common import terminal_width, ConfigOpt, use_config, JsonOpt, PathsArg, colour_wanted, fail, out


def check(
    paths: Optional[List[str]] = PathsArg,
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="text|json|github",
                                         help="Output format (github is the default under GitHub Actions)."),
    json_: bool = typer.Option(False, "--json", help="Same as --format json."),
    strict: Optional[bool] = typer.Option(None, "--strict/--no-strict", show_default=False,
                                          help="Warnings fail too (exit 1); default: gates.strict in saa.yaml, else no."),
    min_completeness: Optional[float] = typer.Option(None, "--min-completeness", metavar="PCT", min=0, max=100,
                                                     help="Fail plans less complete than PCT percent (default: gates.min_completeness in saa.yaml)."),
    max_age: Optional[int] = typer.Option(None, "--max-age", metavar="DAYS", min=0,
                                          help="Fail plans whose review.last is older than DAYS days (default: gates.max_age in saa.yaml)."),
    list_rules: bool = typer.Option(False, "--list-rules", help="List every rule id with severity and summary, "
                                                               "and exit (same as `saa rules`)."),
    config: Optional[str] = ConfigOpt,
) -> None:
    """Check plans: schema, cross-file rules, completeness and staleness gates.

    Findings print as PATH:LINE:COL: error|warning: message [rule], then a summary.
    Gates and rule severities default to the saa.yaml of the plans repository;
    `# saa: ignore[rule-id]` on a line of a plan file drops that rule's findings there.
    Exit 0 when all is good, 1 when findings fail, 2 when the command cannot run.

    Example: saa check plans/ --strict --max-age 120
    """
    use_config(config)
    if list_rules:
        rules(json_=json_)
        return
    fmt = "json" if json_ else format
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if fmt not in ("text", "json", "github"):
        fail(f"--format must be text, json or github, not {fmt!r}")
    from ..check import CheckOptions, check_folders
    from ..loader import PathError, find_plans
    from ..render import findings as render

    problems: list = []   # folders that could not be walked: findings like any other
    try:
        folders = find_plans(paths, problems)
    except PathError as e:
        fail(str(e))
    from ..config import config_for

    # the saa.yaml of every plan, found (and checked) before any plan is: a broken one stops here (exit 2)
    configs = [config_for(f) for f in folders]
    if strict is None:
        strict = any(c.strict for c in configs)
    # plan by plan (memory stays flat), over several processes for large portfolios
    from ..render.progress import Progress

    shown = Progress("checking plans")   # stderr, terminals, long runs only
    try:
        result = check_folders(folders, CheckOptions(strict=strict, min_completeness=min_completeness,
                                                     max_age=max_age), progress=shown)
    finally:
        shown.close()
    if problems:
        from ..findings import sort_findings

        result.findings = sort_findings(list(result.findings) + problems)
    if fmt == "json":
        out(render.as_json(result))
    elif fmt == "github":
        import shlex

        out(render.github(result, again=shlex.join(["saa", "check", "--format", "text", *(paths or [])])))
    else:
        for part in render.text_parts(result, colour=colour_wanted()):   # never the whole output at once
            out(part)
    raise typer.Exit(1 if result.failed(strict) else 0)


def status(
    paths: Optional[List[str]] = PathsArg,
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """Completeness by step with what is missing, review age and overdue actions.

    Example: saa status plans/telecom
    """
    use_config(config)
    from ..status import status_of
    from ..render import status as render
    from .common import load_each, plan_folders, rendered

    folders = plan_folders(paths)
    if json_:   # each plan's status is made in a worker process for large portfolios, and sent back as data
        out(render.json_of(load_each(folders, lambda p: status_of(p).as_dict())))
    else:       # or drawn there: the parts are printed in order, as one process would print them
        out("".join(load_each(folders, lambda p: rendered(lambda c: render.terminal([status_of(p)], c),
                                                          soft_wrap=False))))


def rules(json_: bool = JsonOpt) -> None:
    """List every rule id saa can report, with its default severity and a one-line summary.

    docs/rules.md explains each rule: what it checks, why, an example and the fix.

    Example: saa rules --json
    """
    from ..rules import REGISTRY
    from ..render import rules as render

    out(render.as_json(REGISTRY) if json_ else render.text(REGISTRY, width=terminal_width()))
