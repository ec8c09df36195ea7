"""The rule registry: every rule id a user can see, each in one small unit with its documentation.

:data:`REGISTRY` lists them once, in the order `saa check` runs them (ids found
while reading and validating files come first and have no check of their own).
`saa rules` and docs/rules.md (`python -m saa.rules`) come from the same
list. Adding a rule: write a :class:`~saa.rules.base.Rule` subclass with `ID`,
`SEVERITY`, a docstring for users and `check`, and add it here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..findings import Finding
from ..plan import Plan
from . import (account, actions, capture, challenge, competition, config, duplicates, fmt, gates, goals, matrix, network,
               reading, references, schema, team, value, value_buyers, whitespace)
from .base import KINDS, Context, Rule

REGISTRY: tuple[type[Rule], ...] = (
    *reading.RULES,
    *schema.RULES,
    # plan rules, in the order saa check runs them
    *duplicates.RULES,
    *references.RULES,
    *team.RULES,
    *account.RULES,
    *network.RULES,
    *competition.RULES,
    *value_buyers.RULES,
    *capture.RULES,
    *actions.RULES,
    *goals.RULES,
    *value.RULES,
    *matrix.RULES,
    *challenge.RULES,
    *config.RULES,
    *whitespace.RULES,
    *gates.RULES,
    *fmt.RULES,
)

BY_ID: dict[str, type[Rule]] = {r.ID: r for r in REGISTRY}


def run(plan: Plan, ctx: Context, rules: Iterable[type[Rule]] = REGISTRY) -> Iterator[Finding]:
    """The findings of `rules` (default: every rule) on one plan, rule by rule."""
    for rule in rules:
        if rule.checks():
            yield from rule.check(plan, ctx)


def findings(plan: Plan, *ids: str, ctx: Context | None = None) -> list[Finding]:
    """The findings of the rules `ids` on one plan (what a command shows beside its own output)."""
    if ctx is None:
        from ..clock import today

        ctx = Context(today())
    return list(run(plan, ctx, [BY_ID[i] for i in ids]))


__all__ = ["BY_ID", "KINDS", "REGISTRY", "Context", "Rule", "findings", "run"]
