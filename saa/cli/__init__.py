"""The command line: parse options, call the core, pick a renderer. Nothing else.

Heavy modules (rich, the core) are imported inside commands so that
``saa --version`` and ``saa --help`` start fast; a run of one command imports
only the module of that command (:data:`COMMANDS`), ``app`` has them all.
"""

from __future__ import annotations

import gc
import os
import sys

# a short-lived process that allocates much and frees little: collect garbage less often, from the start
# (importing typer and saa makes some 100,000 objects; the default collects every 700 new ones)
gc.set_threshold(20_000, 20, 20)

import typer

from .. import __version__
from .fastparams import install as _plain_params
from .usage import Command as _Command, Group as _Group

_plain_params()  # option values without importing pydantic (see saa.cli.fastparams)

_app = typer.Typer(   # the commands are added by full_app() (all) or only() (one)
    name="saa",
    cls=_Group,  # typer's own usage errors as `saa: error: ...` (see saa.cli.usage)
    help="Strategic Account Alignment plans as plain text in git: check, score, report.\n\n"
         "A plan is a folder of YAML files, one per step of the 10-step method; "
         "a portfolio is a folder of plans. Start with `saa init` (a plans repository) or `saa new` (a plan), gate with `saa check`.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

from .common import fail, out

def _version(value: bool) -> None:
    if value:
        out(f"saa {__version__}\n")
        raise typer.Exit()


@_app.callback()
def _main(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    pass


def _guarded(command):
    """``command`` stopping with exit 2 and the findings when the configuration (saa.yaml) is broken."""
    import functools

    @functools.wraps(command)
    def run(*args, **kwargs):
        from ..config import ConfigError, use

        if "config" not in kwargs:   # commands without --config: saa.yaml is searched for afresh
            use(None)
        try:
            return command(*args, **kwargs)
        except ConfigError as e:
            fail(e.message())
    return run



# every command, in the order `saa --help` lists them: (name, module of saa.cli, function)
COMMANDS = (
    ("check", "checking", "check"), ("status", "checking", "status"), ("rules", "checking", "rules"),
    ("init", "files", "init"), ("new", "files", "new"), ("schema", "files", "schema"),
    ("value", "method", "value"), ("matrix", "method", "matrix"), ("whitespace", "exchange", "whitespace"),
    ("challenge", "method", "challenge"), ("network", "method", "network"), ("kano", "method", "kano"),
    ("actions", "method", "actions"), ("fmt", "files", "fmt"), ("diff", "reports", "diff"),
    ("brief", "reports", "brief"), ("report", "reports", "report"), ("review", "reports", "review"),
    ("portfolio", "reports", "portfolio"), ("import", "exchange", "import_"), ("export", "exchange", "export"),
    ("completion", "shell", "completion"), ("config", "configuring", "config"),
)


def _add(target: typer.Typer, module: str, function: str) -> None:
    import importlib

    command = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    settings = {"allow_interspersed_args": True} if function == "challenge" else None
    target.command(getattr(command, "command_name", None), context_settings=settings, cls=_Command)(_guarded(command))


_full: list = []


def full_app() -> typer.Typer:
    """The command line with every command (``saa --help``, completion, tests: ``saa.cli.app``)."""
    if not _full:
        for _name, module, function in COMMANDS:
            _add(_app, module, function)
        _full.append(_app)
    return _full[0]


def __getattr__(name: str):
    if name == "app":
        return full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def only(name: str):
    """The command line reduced to the one command ``name``, or None when ``name`` is not a command.

    typer builds the options of every registered command on each start, and each
    command's module must be imported first; a run of one command needs only that
    one (``saa challenge --help`` reads the same).
    """
    import copy

    found = [(module, function) for n, module, function in COMMANDS if n == name]
    if len(found) != 1:
        return None
    one = copy.copy(_app)
    one.registered_commands = []
    one.registered_groups = []
    _add(one, *found[0])
    return one


def main() -> None:
    """Run one command. Exit 0 (good), 1 (findings fail), 2 (cannot run as asked, or the output could not
    be written: closed, full or broken stdout), 130 (interrupted: Ctrl-C). Never a traceback."""
    from . import streams

    gc.set_threshold(20_000, 20, 20)   # as on import (plans hold no reference cycles to speak of)
    streams.setup()
    code: int | str | None = 0   # SystemExit's code may be any of these
    try:
        args = sys.argv[1:]
        if args in (["--version"], ["-V"]):  # what `_version` prints, without building every command first
            out(f"saa {__version__}\n")
        elif "_SAA_COMPLETE" in os.environ:  # the shell asks for completions (saa completion SHELL)
            from .shell import answer

            answer()
        else:
            from .common import environment_warnings

            environment_warnings()
            target = (only(args[0]) if args and not args[0].startswith("-") else None) or full_app()
            target(prog_name="saa")  # also under `python -m saa`: help and errors name the command
    except SystemExit as e:
        code = e.code
    except KeyboardInterrupt:
        _stderr("saa: interrupted\n")
        code = 130
    except streams.OutputFailed as e:
        code = streams.output_failed(e)
    except OSError as e:
        if not streams.is_output_error(e):
            code = _internal(e)
        else:
            code = streams.output_failed(e)
    except Exception as e:  # pragma: no cover - last line of defence; fuzz tests keep this unreachable
        code = _internal(e)
    # when the process ends, its objects go back to the OS without one last search for reference cycles
    # among all of them (20-30 ms of a `saa fmt` over a portfolio); files are still flushed and closed,
    # other exit handlers still run (this one runs at the very end: never in the middle of a test run)
    import atexit

    atexit.register(gc.freeze)
    raise SystemExit(streams.finish(code))


def _stderr(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except Exception:  # stderr closed: the exit code says it
        pass


def _internal(e: BaseException) -> int:
    from ..render.sanitise import terminal_text

    _stderr(f"saa: internal error (a bug in saa, please report it): {type(e).__name__}: "
            f"{terminal_text(str(e), oneline=True)}\n")
    return 2
