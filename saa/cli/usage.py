"""typer's own usage errors in saa's one error style, and help without Python types.

saa stops with ``saa: error: MESSAGE`` on stderr and exit 2 when it cannot run as asked
(see :func:`saa.cli.common.fail`); click would print a usage line and ``Error: ...``.
:class:`Group` is the top-level click group: a usage error raised while the command line
is parsed (by the group or by the command) leaves in saa's style. A command given no
arguments still shows its help (click's NoArgsIsHelpError is left alone).

:class:`Command` is every command's click class: its help names values as saa's
documentation does (``PATH...``, ``DIR``, ``--account NAME``), never by their Python
type (typer writes ``PATH <list[str]>``, ``--account <str>`` and ``{DIR}``).
"""

from __future__ import annotations

import types

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


def message(error, where: str | None = None) -> str:
    """click's message as one saa line: a lower-case start, no final full stop, where to find help."""
    text = " ".join(error.format_message().split())
    if text[:1].isupper() and text[1:2].islower():
        text = text[0].lower() + text[1:]
    text = text.rstrip(".")
    ctx = error.ctx
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        where = ctx.command_path
    if where:
        text += f" (see `{where} --help`)"
    return text


def _show(error, file=None, where: str | None = None) -> None:
    import sys

    from ..render.sanitise import terminal_text

    stream = file if file is not None else sys.stderr
    stream.write(f"saa: error: {terminal_text(message(error, where), oneline=True)}\n")
    stream.flush()


def _restyle(error, where: str | None) -> None:
    """``error`` shown in saa's style; ``where`` is the command it belongs to when click did not say."""
    import functools

    from typer._click.exceptions import NoArgsIsHelpError

    if not isinstance(error, NoArgsIsHelpError):
        error.show = types.MethodType(functools.partial(_show, where=where), error)
        error.exit_code = 2


class Group(TyperGroup):
    """saa's top-level group: usage errors of the group and of every command in saa's error style."""

    def make_context(self, *args, **kwargs):
        from typer._click.exceptions import UsageError

        try:
            return super().make_context(*args, **kwargs)
        except UsageError as e:
            _restyle(e, None)
            raise

    def invoke(self, ctx):
        from typer._click.exceptions import UsageError

        try:
            return super().invoke(ctx)
        except UsageError as e:
            sub = ctx.invoked_subcommand
            _restyle(e, f"{ctx.command_path} {sub}" if sub else ctx.command_path)
            raise


class _Argument(TyperArgument):
    """An argument shown by its name only: ``PLAN``, ``[PATH]...`` in the usage line."""

    def display_type_rich(self, ctx):
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")


class _Option(TyperOption):
    """An option's value shown by its metavar, else by the option's name in capitals (``--account ACCOUNT``)."""

    def display_type_rich(self, ctx):
        if self.metavar is not None:
            return self.metavar
        name = (self.name or "value").upper().replace("_", "-")
        return name + ("..." if self.nargs != 1 else "")


class Command(TyperCommand):
    """A saa command: help without Python types."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _Argument
            elif type(param) is TyperOption:
                param.__class__ = _Option
