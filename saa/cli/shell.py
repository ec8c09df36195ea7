"""The shell around saa: completion scripts (``saa completion bash|zsh|fish``)."""

from __future__ import annotations

import typer

from .common import fail, out

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_SAA_COMPLETE"   # set by the scripts when the shell asks saa for completions


def completion(
    shell: str = typer.Argument(..., metavar="bash|zsh|fish", help="The shell to complete saa's commands and options in.",
                                autocompletion=lambda: list(SHELLS)),
) -> None:
    """Print the shell completion script: commands, options, and file names for paths.

    Add it to the shell's start-up file once, then open a new shell:

    \b
      bash:  saa completion bash >> ~/.bashrc
      zsh:   saa completion zsh >> ~/.zshrc
      fish:  saa completion fish > ~/.config/fish/completions/saa.fish

    Example: saa completion bash >> ~/.bashrc
    """
    if shell not in SHELLS:
        fail(f"no completion for {shell!r}; the shells are {', '.join(SHELLS)}")
    from typer._completion_shared import get_completion_script

    out(get_completion_script(prog_name="saa", complete_var=COMPLETE_VAR, shell=shell) + "\n")


def answer() -> None:
    """The shell asked for completions (the scripts set _SAA_COMPLETE): answer from every command."""
    from typer._completion_classes import completion_init

    completion_init()  # typer's bash, zsh and fish answers
    from . import app

    app(prog_name="saa")
