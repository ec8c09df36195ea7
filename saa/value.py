"""Step 4: quantified value.

Each value opportunity's formula is evaluated by our own arithmetic evaluator
(:mod:`saa.formula`) over its inputs; the result is per period (``per``), and
per year a month counts 12 times, a quarter 4, a year once and ``once`` in full.
"""

from __future__ import annotations

from dataclasses import field
from .records import dataclass

from . import formula as _formula
from .plan import Plan, ValueOpportunity
from .scalars import format_number
from .vocab import PERIODS_PER_YEAR

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
        msg: str | None = e.message
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


def evaluate_plan(plan: Plan) -> list[ValueResult]:
    return [evaluate(vo) for vo in plan.value_opportunities]


@dataclass
class ValueTotals:
    """The quantified value per year of a plan, in the plan's currency.

    ``per_year`` adds the value opportunities that could be computed; it is None
    (unknown, never 0) when none could. ``not_computed`` names the others, so a
    partial total is always shown as partial.
    """

    currency: str
    per_year: float | None
    computed: list[str] = field(default_factory=list)
    not_computed: list[str] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return self.per_year is not None and bool(self.not_computed)


def totals(plan: Plan, results: list[ValueResult] | None = None) -> ValueTotals:
    """The one answer to "what is the quantified value per year": every command and report asks this."""
    results = evaluate_plan(plan) if results is None else results
    computed = [r for r in results if r.per_year is not None]
    return ValueTotals(plan.currency,
                       sum(r.per_year for r in computed if r.per_year is not None) if computed else None,
                       [r.vo.id for r in computed], [r.vo.id for r in results if r.per_year is None])


def _written(v) -> str:
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return format_number(float(v)) if isinstance(v, float) else str(v)
    return "?"


def substituted(r: ValueResult) -> str | None:
    """The formula with each input as written (``2000 * $4k * 3%``); None without a formula."""
    vo = r.vo
    if not vo.formula:
        return None
    values = {k: _written(v) for k, v in vo.raw_inputs.items()}
    for k, v in vo.inputs.items():
        values.setdefault(k, format_number(v))
    try:
        return _formula.substitute(vo.formula, values)
    except Exception:  # a formula whose tokens cannot be read: show it as written
        return str(vo.formula)


def reason(r: ValueResult, plan=None) -> str | None:
    """Why a value opportunity has no computed value; None when it has one.

    An input that could not be read has a finding of its own (from loading the
    plan): its message is the reason.
    """
    if r.per_period is not None:
        return None
    if not r.vo.formula:
        return "no formula"
    if r.error:
        return r.error
    bad = [k for k, v in r.vo.inputs.items() if v is None]
    if bad:
        k = bad[0]
        loc = r.vo.input_locs.get(k)
        for f in (plan.findings if plan is not None else ()):
            if loc is not None and (f.path, f.line, f.column) == (loc.path, loc.line, loc.column):
                return f"input '{k}': {f.message}"
        return f"input '{k}' is not a usable number (see saa check)"
    return "the formula cannot be computed (see saa check)"


def converted_inputs(r: ValueResult, currency: str) -> list:
    """``[(name, as written, converted)]`` for money inputs written in another currency."""
    from .scalars import money_currency

    out = []
    for k, raw in r.vo.raw_inputs.items():
        if not isinstance(raw, str):
            continue
        code = money_currency(raw)
        if code and code != currency.upper() and r.vo.inputs.get(k) is not None:
            out.append((k, raw.strip(), r.vo.inputs[k]))
    return out
