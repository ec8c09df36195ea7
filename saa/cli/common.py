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
    from ..render.sanitise import terminal_text

    sys.stderr.write(f"saa: error: {terminal_text(message, oneline=True)}\n")
    raise typer.Exit(code)


def out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def colour_wanted() -> bool:
    from ..render.terminal import colour_wanted as wanted

    return wanted()


def warn_problems(problems) -> None:
    """Folders a command could not walk (unreadable, symlinked): one line each on stderr."""
    from ..render.sanitise import terminal_text

    for f in problems:
        sys.stderr.write(f"saa: {f.severity}: {terminal_text(f.path, oneline=True)}: "
                         f"{terminal_text(f.message, oneline=True)} [{f.rule}]\n")


def note_errors(plans) -> None:
    """Commands that show a plan say on stderr when ``saa check`` finds errors in it, with check's count.

    A view that could show the plan exits 0 all the same (docs/decisions.md): ``saa check`` is the gate.
    """
    from ..check import error_count

    for plan in plans:
        errors = error_count(plan)
        unread = any(f.severity == "error" for f in plan.findings)
        note_error_count(plan.display, errors, unread)


def note_error_count(display: str, errors: int, unread: bool | None = None) -> None:
    """``saa: note: PLAN: N errors in the plan; ...`` on stderr (nothing when ``errors`` is 0); ``unread``:
    whether loading the plan left something out (None: not known)."""
    from ..render.sanitise import terminal_text

    if not errors:
        return
    shown = terminal_text(display, oneline=True)
    how = {True: "; what could not be read is left out", False: "; it is shown as written", None: ""}[unread]
    sys.stderr.write(
        f"saa: note: {shown}: {errors} error{'s' if errors != 1 else ''} in the plan{how} "
        f"(see `saa check {shown}`); a view that could show the plan exits 0\n")


def environment_warnings() -> None:
    """Say on stderr when an SAA_* variable is set to something saa cannot use (it is then ignored)."""
    problems = []
    if os.environ.get("SAA_TODAY"):
        from ..clock import pinned_problem

        problems.append(pinned_problem())
    if os.environ.get("SAA_JOBS"):
        from ..check import jobs_problem

        problems.append(jobs_problem())
    from ..render.sanitise import terminal_text

    for problem in problems:
        if problem:
            sys.stderr.write(f"saa: warning: {terminal_text(problem, oneline=True)}\n")


CACHE_MAX_PLANS = 4  # commands on this many plans or fewer keep parsed files in the cache (saa.yamlio)


def plan_folders(paths) -> list:
    """The plan folders of ``paths`` (folders it could not walk warned about on stderr), or exit 2."""
    from ..loader import PathError, find_plans

    problems: list = []
    try:
        folders = find_plans(paths, problems)
    except PathError as e:
        fail(str(e))
    warn_problems(problems)
    if not folders:
        fail(f"no plan could be read in {' '.join(paths or ['.'])}")
    return folders


def load_each(folders, fn, label: str = "loading plans") -> list:
    """``fn(plan)`` for every plan folder, in folder order: the plans are loaded and ``fn`` runs in worker
    processes for large portfolios (:mod:`saa.parallel`), so ``fn`` returns small data (rows, dicts, text),
    never the plan. As :func:`load_one`, the errors ``saa check`` finds in a plan are noted on stderr (counted
    in the worker, by the same check); a long run shows its progress on a terminal's stderr."""
    from ..check import error_counter
    from ..parallel import map_plans
    from ..render.progress import Progress

    if len(folders) <= CACHE_MAX_PLANS:
        _cache()
    progress = Progress(label)   # stderr, terminals, long runs only
    try:
        results = map_plans(folders, fn, error_counter(), progress=progress)
    finally:
        progress.close()
    for r in results:
        note_error_count(r.display, r.errors, r.unread)
    return [r.value for r in results]


def rendered(draw, **options) -> str:
    """What ``draw(console)`` prints on the terminal's console (:func:`saa.render.terminal.console`), as
    text: worker processes draw each plan's part, this process prints the parts in order."""
    return rendered_each([None], lambda _, c: draw(c), **options)[0]


def rendered_each(items, draw, **options) -> list:
    """What ``draw(item, console)`` prints for each item, as texts, on one console as :func:`rendered`.
    Piped output is drawn on :mod:`saa.render.plaintable`'s console (without rich where it is certain):
    ``draw`` takes the classes of :func:`saa.render.plaintable.kit` of the console it is given."""
    from ..render import plaintable

    if plaintable.wanted():
        import io

        plain = plaintable.Console(soft_wrap=options.get("soft_wrap", True))
        out = []
        for item in items:
            plain.file = io.StringIO()
            draw(item, plain)
            out.append(plain.file.getvalue())
        return out
    from ..render.terminal import console

    c = console(**options)
    texts = []
    for item in items:
        with c.capture() as captured:
            draw(item, c)
        texts.append(captured.get())
    return texts


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


def terminal_width() -> int | None:
    """The terminal's width when stdout is one (``COLUMNS`` wins), else None: piped text keeps one line per item."""
    import shutil

    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return shutil.get_terminal_size().columns


def show_one(path, render, json_: bool) -> None:
    """The views of one plan: load it, then ``render.as_json`` with --json, else ``render.terminal``."""
    plan = load_one(path)
    if json_:
        out(render.as_json(plan))
    else:
        render.terminal(plan)


def _cache() -> None:
    """Interactive commands on a plan or two are run again and again: keep parsed files."""
    from ..yamlio import enable_cache

    enable_cache()


