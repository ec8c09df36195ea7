"""Step 4: quantified value.

Each value opportunity's formula is evaluated by our own arithmetic evaluator
(:mod:`saa.formula`) over its inputs; the result is per period (``per``), and
per year a month counts 12 times, a quarter 4, a year once and ``once`` in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import formula as _formula
from .plan import Plan, ValueOpportunity

PERIODS_PER_YEAR = {"once": 1, "month": 12, "quarter": 4, "year": 1}
CLAIM_TOLERANCE = 0.005


@dataclass
class ValueResult:
    vo: ValueOpportunity
    per_period: float | None
    per_year: float | None
    error: str | None          # why the formula could not be evaluated
    error_offset: int | None
    claim_mismatch: bool


def evaluate(vo: ValueOpportunity) -> ValueResult:
    if not vo.formula:
        return ValueResult(vo, None, None, None, None, False)
    inputs = {k: v for k, v in vo.inputs.items() if v is not None}
    try:
        per_period = _formula.evaluate(vo.formula, inputs)
    except _formula.FormulaError as e:
        msg = e.message
        bad_inputs = {k for k, v in vo.inputs.items() if v is None}
        try:
            used = set(_formula.names(vo.formula))
        except _formula.FormulaError:
            used = set()
        if used & bad_inputs or vo.flawed:
            msg = None  # an input it uses is invalid and has its own finding
        return ValueResult(vo, None, None, msg, e.offset, False)
    per_year = per_period * PERIODS_PER_YEAR.get(vo.per, 1)
    mismatch = False
    if vo.claimed is not None:
        base = abs(per_period)
        mismatch = abs(vo.claimed - per_period) > CLAIM_TOLERANCE * base if base else vo.claimed != 0
    return ValueResult(vo, per_period, per_year, None, None, mismatch)


def evaluate_plan(plan: Plan) -> list:
    return [evaluate(vo) for vo in plan.value_opportunities]


def total_per_year(results) -> float:
    return sum(r.per_year for r in results if r.per_year is not None)
