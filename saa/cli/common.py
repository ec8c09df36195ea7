"""What every command shares: the common arguments, output, errors, and loading plans."""

from __future__ import annotations

import os
import sys

import typer

PathsArg = typer.Argument(None, metavar="PATH", help="Plan folders, portfolio folders or plan files (default: the current folder).",
                          show_default=False)
PlanArg = typer.Argument(None, metavar="PLAN", help="A plan folder (default: the current folder).", show_default=False)
JsonOpt = typer.Option(False, "--json", help="Machine-readable JSON on stdout, nothing else there.")
ConfigOpt = typer.Option(None, "--config", metavar="FILE",
                         help="The configuration file to use (default: the saa.yaml found from each plan folder "
                              "up to the repository root).")


def use_config(path) -> None:
    """Start a command with --config FILE (or None: saa.yaml is looked up when a plan is read)."""
    from ..config import use

    if path is not None and not os.path.isfile(path):
        fail(f"--config {path}: no such file" if not os.path.isdir(path) else f"--config {path} is a folder; name a file")
    use(path)


def config_here(start=None):
    """The configuration in force for ``start`` (default the current folder); exit 2 when it is broken."""
    from ..config import ConfigError, config_for

    try:
        return config_for(start)
    except ConfigError as e:
        fail(e.message())


def fail(message: str, code: int = 2) -> None:
    """The command could not run as asked: a message on stderr and exit 2."""
    sys.stderr.write(f"saa: error: {message}\n")
    raise typer.Exit(code)


def out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def colour_wanted() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def note_errors(plans) -> None:
    """Commands that show a plan say on stderr when parts of it could not be read."""
    for plan in plans:
        errors = [f for f in plan.findings if f.severity == "error"]
        if errors:
            sys.stderr.write(
                f"saa: note: {plan.display}: {len(errors)} error{'s' if len(errors) != 1 else ''} in the plan; "
                f"what could not be read is left out (see `saa check {plan.display}`)\n")


CACHE_MAX_PLANS = 4  # commands on this many plans or fewer keep parsed files in the cache (saa.yamlio)


def load(paths, note: bool = True):
    """Load plans or exit 2 with the reason."""
    from ..loader import PathError, find_plans, load_plan

    try:
        folders = find_plans(paths)
    except PathError as e:
        fail(str(e))
    if len(folders) <= CACHE_MAX_PLANS:
        _cache()
    plans = [load_plan(f) for f in folders]
    if note:
        note_errors(plans)
    return plans


def load_one(path):
    from ..loader import PathError, find_plan, load_plan

    try:
        folder = find_plan(path)
    except PathError as e:
        fail(str(e))
    _cache()
    plan = load_plan(folder)
    note_errors([plan])
    return plan


def _cache() -> None:
    """Interactive commands on a plan or two are run again and again: keep parsed files."""
    from ..yamlio import enable_cache

    enable_cache()


