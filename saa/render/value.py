"""``saa value`` for people (rich) and scripts (JSON).

JSON (docs/format.md, JSON output; keys after ``claim_mismatch`` are additions)::

    {"currency": "USD",
     "value_opportunities": [{"id", "per", "per_period", "per_year", "claimed", "claim_mismatch",
                              "opportunity", "formula", "substituted", "inputs": {name: number|null},
                              "error"}],
     "total_per_year": number,
     "not_computed": [id, ...]}

Money is in the plan's currency (inputs in another currency converted with
``settings.fx``), unrounded; what cannot be computed is ``null`` with the
reason in ``error``. ``total_per_year`` adds the value opportunities that
could be computed (``null`` when none could); ``not_computed`` names the others.
"""

from __future__ import annotations

from .. import formula as _formula
from ..value import PERIODS_PER_YEAR, ValueResult, evaluate_plan, total_per_year
from . import terminal as T


def _written(v) -> str:
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return T.number(float(v)) if isinstance(v, float) else str(v)
    return "?"


def substituted(r: ValueResult) -> str | None:
    """The formula with each input as written (``2000 * $4k * 3%``); None without a formula."""
    vo = r.vo
    if not vo.formula:
        return None
    values = {k: _written(v) for k, v in vo.raw_inputs.items()}
    for k, v in vo.inputs.items():
        values.setdefault(k, T.number(v))
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


def total(results) -> float | None:
    """The total per year of the value opportunities that could be computed; None (unknown) when none could."""
    if results and all(r.per_year is None for r in results):
        return None
    return total_per_year(results)


def converted_inputs(r: ValueResult, currency: str) -> list:
    """``[(name, as written, converted)]`` for money inputs written in another currency."""
    from ..scalars import money_currency

    out = []
    for k, raw in r.vo.raw_inputs.items():
        code = money_currency(raw) if isinstance(raw, str) else None
        if code and code != currency.upper() and r.vo.inputs.get(k) is not None:
            out.append((k, raw.strip(), r.vo.inputs[k]))
    return out


def as_dict(plan, results=None) -> dict:
    results = evaluate_plan(plan) if results is None else results
    items = []
    for r in results:
        vo = r.vo
        items.append({
            "id": vo.id,
            "per": vo.per,
            "per_period": r.per_period,
            "per_year": r.per_year,
            "claimed": vo.claimed,
            "claim_mismatch": r.claim_mismatch,
            "opportunity": vo.opportunity,
            "formula": vo.formula,
            "substituted": substituted(r),
            "inputs": dict(vo.inputs),
            "error": reason(r, plan),
        })
    return {
        "currency": plan.currency,
        "value_opportunities": items,
        "total_per_year": total(results),
        "not_computed": [r.vo.id for r in results if r.per_year is None],
    }


def as_json(plan) -> str:
    return T.dumps(as_dict(plan))


def _per(per: str) -> str:
    return "once" if per == "once" else f"per {per}"


def terminal(plan, console=None) -> None:
    from rich.table import Table
    from rich.text import Text

    console = console or T.console()
    cur = plan.currency
    results = evaluate_plan(plan)
    title = Text.assemble("Value opportunities: ", T.text(plan.account), f" ({T.safe(cur)})")
    if not results:
        console.print(title)
        console.print("no value opportunities in 04-value-opportunities.yaml")
        return
    console.print(title)
    table = Table(show_lines=True)
    table.add_column("value opportunity", ratio=2)
    table.add_column("formula", ratio=3)
    table.add_column("per period", justify="right", no_wrap=True)
    table.add_column("per year", justify="right", no_wrap=True)
    table.add_column("claimed", justify="right")
    for r in results:
        vo = r.vo
        who = Text.assemble(T.text(vo.id, "bold"), "\n", T.text(vo.opportunity))
        if vo.owner:
            who.append_text(Text.assemble("\nowner: ", T.text(vo.owner)))
        f = Text()
        if vo.formula:
            f.append_text(T.text(vo.formula))
            sub = substituted(r)
            if sub is not None:
                f.append_text(Text.assemble("\n= ", T.text(sub)))
            for name, raw, conv in converted_inputs(r, cur):
                f.append_text(Text.assemble("\n", T.text(name), ": ", T.text(raw), " = ", T.money(conv, cur)))
        why = reason(r, plan)
        if why is not None:
            f.append_text(Text.assemble(("\n" if f.plain else ""), ("cannot compute: ", "red"), T.text(why, "red")))
        if r.per_period is not None:
            period = Text(f"{T.money(r.per_period, cur)}\n{_per(vo.per)}")
            times = PERIODS_PER_YEAR.get(vo.per, 1)
            year = Text(T.money(r.per_year, cur) + ("\nin full" if vo.per == "once" else f"\nx {times}" if times != 1 else ""))
        else:
            period, year = Text("unknown", "yellow"), Text("unknown", "yellow")
        if vo.claimed is None:
            claimed = Text(T.DASH)
        elif r.per_period is None:
            claimed = Text(T.money(vo.claimed, cur))
        elif r.claim_mismatch:
            claimed = Text.assemble(T.money(vo.claimed, cur), "\n", ("MISMATCH", "bold yellow"),
                                    ("\n> 0.5% from computed", "yellow"))
        else:
            claimed = Text.assemble(T.money(vo.claimed, cur), "\n", ("matches", "green"))
        table.add_row(who, f, period, year, claimed)
    console.print(table)
    missing = [r.vo.id for r in results if r.per_year is None]
    line = Text.assemble("Total per year: ", (T.money(total(results), cur), "bold"))
    if missing:
        n = len(missing)
        line.append_text(Text.assemble(
            f" ({n} value opportunit{'ies' if n != 1 else 'y'} not computed: ",
            T.text(", ".join(missing)), ")"))
    console.print(line)
