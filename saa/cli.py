"""The command line: parse options, call the core, pick a renderer. Nothing else.

Heavy modules (rich, the core) are imported inside commands so that
``saa --version`` and ``saa --help`` start fast.
"""

from __future__ import annotations

import os
import sys
from typing import List, Optional

import typer

from . import __version__
from .fastparams import install as _plain_params

_plain_params()  # option values without importing pydantic (see saa.fastparams)

app = typer.Typer(
    name="saa",
    help="Strategic Account Alignment plans as plain text in git: check, score, report.\n\n"
         "A plan is a folder of YAML files, one per step of the 10-step method; "
         "a portfolio is a folder of plans. Start with `saa new`, gate with `saa check`.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

PathsArg = typer.Argument(None, metavar="PATH", help="Plan folders, portfolio folders or plan files (default: the current folder).",
                          show_default=False)
PlanArg = typer.Argument(None, metavar="PLAN", help="A plan folder (default: the current folder).", show_default=False)
JsonOpt = typer.Option(False, "--json", help="Machine-readable JSON on stdout, nothing else there.")


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
    from .plan import PathError, find_plans, load_plan

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
    from .plan import PathError, find_plan, load_plan

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
    from .yamlio import enable_cache

    enable_cache()


def _version(value: bool) -> None:
    if value:
        out(f"saa {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    pass


@app.command()
def check(
    paths: Optional[List[str]] = PathsArg,
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="text|json|github",
                                         help="Output format (github is the default under GitHub Actions)."),
    json_: bool = typer.Option(False, "--json", help="Same as --format json."),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail too (exit 1)."),
    min_completeness: Optional[float] = typer.Option(None, "--min-completeness", metavar="PCT", min=0, max=100,
                                                     help="Fail plans less complete than PCT percent."),
    max_age: Optional[int] = typer.Option(None, "--max-age", metavar="DAYS", min=0,
                                          help="Fail plans whose review.last is older than DAYS days."),
) -> None:
    """Check plans: schema, cross-file rules, completeness and staleness gates.

    Findings print as PATH:LINE:COL: error|warning: message [rule], then a summary.
    Exit 0 when all is good, 1 when findings fail, 2 when the command cannot run.

    Example: saa check plans/ --strict --max-age 120
    """
    fmt = "json" if json_ else format
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if fmt not in ("text", "json", "github"):
        fail(f"--format must be text, json or github, not {fmt!r}")
    from .check import CheckOptions, check_folders
    from .plan import PathError, find_plans
    from .render import findings as render

    try:
        folders = find_plans(paths)
    except PathError as e:
        fail(str(e))
    # plan by plan (memory stays flat), over several processes for large portfolios
    result = check_folders(folders, CheckOptions(strict=strict, min_completeness=min_completeness, max_age=max_age))
    if fmt == "json":
        out(render.as_json(result))
    elif fmt == "github":
        out(render.github(result))
    else:
        out(render.text(result, colour=colour_wanted()))
    raise typer.Exit(1 if result.failed(strict) else 0)


@app.command()
def status(
    paths: Optional[List[str]] = PathsArg,
    json_: bool = JsonOpt,
) -> None:
    """Completeness by step with what is missing, review age and overdue actions.

    Example: saa status plans/telecom
    """
    from .status import status_of
    from .render import status as render

    plans = load(paths)
    report = [status_of(p) for p in plans]
    if json_:
        out(render.as_json(report))
    else:
        render.terminal(report)


@app.command()
def new(
    folder: str = typer.Argument(..., metavar="DIR", help="The folder of the new plan."),
    account: str = typer.Option(..., "--account", "-a", help="The customer's name."),
    force: bool = typer.Option(False, "--force", help="Overwrite the files of an existing plan."),
) -> None:
    """Write a complete plan skeleton: every file, guidance as comments, an editor schema line.

    Example: saa new plans/acme --account "Acme Corp"
    """
    from .skeleton import SkeletonError, write_skeleton

    try:
        written = write_skeleton(folder, account, force=force)
    except SkeletonError as e:
        fail(str(e))
    out(f"wrote {len(written)} files in {folder}; next: edit them, then `saa check {folder}`\n")


@app.command()
def schema(
    out_dir: Optional[str] = typer.Option(None, "--out", metavar="DIR", help="Write one schema file per plan file into DIR."),
) -> None:
    """Print the JSON Schemas (Draft 2020-12) of the plan files, or write them with --out.

    Example: saa schema --out .schemas
    """
    import json

    from .schema import all_schemas, write_schemas

    if out_dir:
        try:
            names = write_schemas(out_dir)
        except OSError as e:
            fail(f"cannot write to {out_dir}: {e.strerror or e}")
        out(f"wrote {len(names)} schemas in {out_dir}\n")
    else:
        out(json.dumps(all_schemas(), indent=2, ensure_ascii=False) + "\n")


def _register_more() -> None:
    """Commands of the method's computations and of git workflows live in their own modules."""
    import importlib

    for name in ("cli_method", "cli_git"):
        try:
            mod = importlib.import_module(f"saa.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"saa.{name}":
                raise
            continue
        mod.register(app)


_register_more()


def only(name: str):
    """``app`` reduced to the one command ``name``, or None when ``name`` is not exactly one command.

    typer builds the options of every registered command on each start; a run of
    one command needs only that one (``saa challenge --help`` reads the same).
    """
    if app.registered_groups:
        return None
    from typer.main import get_command_name

    infos = [c for c in app.registered_commands if (c.name or get_command_name(c.callback.__name__)) == name]
    if len(infos) != 1:
        return None
    import copy

    one = copy.copy(app)
    one.registered_commands = infos
    return one


def main() -> None:
    import gc

    # a short-lived process that allocates much and frees little: collect garbage less often
    # (the default collects every 700 new objects; plans hold no reference cycles to speak of)
    gc.set_threshold(20_000, 20, 20)
    try:
        args = sys.argv[1:]
        if args in (["--version"], ["-V"]):  # what `_version` prints, without building every command first
            out(f"saa {__version__}\n")
            return
        target = (only(args[0]) if args and not args[0].startswith("-") else None) or app
        target()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("saa: interrupted\n")
        raise SystemExit(130)
    except BrokenPipeError:
        raise SystemExit(0)
    except Exception as e:  # pragma: no cover - last line of defence; fuzz tests keep this unreachable
        sys.stderr.write(f"saa: internal error (a bug in saa, please report it): {type(e).__name__}: {e}\n")
        raise SystemExit(2)
