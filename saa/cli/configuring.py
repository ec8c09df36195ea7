"""The command that shows the configuration in force: config."""

from __future__ import annotations

import os
from typing import Optional

import typer

from .common import ConfigOpt, JsonOpt, config_here, fail, out, use_config


def config(
    plan: Optional[str] = typer.Argument(None, metavar="PLAN",
                                         help="A plan folder (default: the current folder, a plan or not).",
                                         show_default=False),
    min_completeness: Optional[float] = typer.Option(None, "--min-completeness", metavar="PCT", min=0, max=100,
                                                     help="As `saa check` would be given it."),
    max_age: Optional[int] = typer.Option(None, "--max-age", metavar="DAYS", min=0,
                                          help="As `saa check` would be given it."),
    strict: Optional[bool] = typer.Option(None, "--strict/--no-strict", help="As `saa check` would be given it.",
                                          show_default=False),
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """The configuration in force for a plan: every setting and where it comes from.

    Sources: built-in, saa.yaml (found from the plan folder up to the repository
    root, or --config FILE), the plan (account.yaml settings) and the command line.

    Example: saa config plans/telecom --json
    """
    use_config(config)
    from ..config import settings
    from ..render import config as render

    p = None
    if plan is not None and not os.path.exists(plan):
        fail(f"no such file or folder: {plan}")
    start = plan or "."
    if os.path.isfile(os.path.join(start, "account.yaml")) or (os.path.isfile(start) and start.endswith(".yaml")):
        from .common import load_one

        p = load_one(start)
        cfg = p.config
    else:
        cfg = config_here(start)
    rows = settings(cfg, p, {"min_completeness": min_completeness, "max_age": max_age, "strict": strict})
    if json_:
        out(render.as_json(rows, cfg, p))
    else:
        out(render.text(rows, cfg, p))
