"""The command line: parse options, call the core, pick a renderer. Nothing else.

Heavy modules (rich, the core) are imported inside commands so that
``saa --version`` and ``saa --help`` start fast.
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

app = typer.Typer(
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

from . import checking, configuring, exchange, files, method, reports, shell
from .common import fail, out

def _version(value: bool) -> None:
    if value:
        out(f"saa {__version__}\n")
        raise typer.Exit()


@app.callback()
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



# in the order `saa --help` lists them
for _command in (checking.check, checking.status, checking.rules, files.init, files.new, files.schema,
                 method.value, method.matrix, exchange.whitespace, method.challenge, method.network, method.kano,
                 method.actions, files.fmt, reports.diff, reports.brief, reports.report, reports.review,
                 reports.portfolio, exchange.import_, exchange.export, shell.completion, configuring.config):
    settings = {"allow_interspersed_args": True} if _command is method.challenge else None
    app.command(getattr(_command, "command_name", None), context_settings=settings, cls=_Command)(_guarded(_command))


def only(name: str):
    """``app`` reduced to the one command ``name``, or None when ``name`` is not exactly one command.

    typer builds the options of every registered command on each start; a run of
    one command needs only that one (``saa challenge --help`` reads the same).
    """
    if app.registered_groups:
        return None
    from typer.main import get_command_name

    infos = [c for c in app.registered_commands if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == name]
    if len(infos) != 1:
        return None
    import copy

    one = copy.copy(app)
    one.registered_commands = infos
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
            shell.answer()
        else:
            from .common import environment_warnings

            environment_warnings()
            target = (only(args[0]) if args and not args[0].startswith("-") else None) or app
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
