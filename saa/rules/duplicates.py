"""Ids and names that must be unique in a plan."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..plan import Plan
from .base import Context, Rule


class DuplicateId(Rule):
    """An opportunity or value opportunity id written twice.

    Other files refer to opportunities by id (capture plans, challenges): with
    two entries of one id, nobody can tell which one they mean.

    Example: `08-opportunities.yaml:20:5: error: opportunity 'adsl-2' is written
    twice (first at line 4); ids must be unique [duplicate-id]`. Give one of
    them another id, or merge the two entries.
    """

    ID = "duplicate-id"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        for what, items in (("opportunity", plan.opportunities), ("value opportunity", plan.value_opportunities)):
            first: dict = {}
            for it in items:
                if it.id in first:
                    yield cls.finding(it.loc, f"{what} '{it.id}' is written twice (first at line {first[it.id].line}); "
                                              "ids must be unique")
                else:
                    first[it.id] = it.loc


class DuplicateContact(Rule):
    """A contact name written twice in 02-network.yaml.

    Allies, needs and capture plans name contacts; two contacts of one name make
    those references ambiguous, and their relation scores disagree.

    Example: `02-network.yaml:30:5: error: contact 'Jiang L.' is written twice
    (first at line 6); names must be unique [duplicate-contact]`. Merge them,
    or tell the two people apart (`Jiang L. (CTO)`).
    """

    ID = "duplicate-contact"

    @classmethod
    def check(cls, plan: Plan, ctx: Context) -> Iterator[Finding]:
        first: dict = {}
        for c in plan.contacts:
            if c.name in first:
                yield cls.finding(c.loc, f"contact '{c.name}' is written twice (first at line {first[c.name].line}); "
                                         "names must be unique")
            else:
                first[c.name] = c.loc


RULES = (DuplicateId, DuplicateContact)
