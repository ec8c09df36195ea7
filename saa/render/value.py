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

from ..value import converted_inputs, evaluate_plan, reason, substituted, totals
from ..vocab import PERIODS_PER_YEAR
from . import terminal as T


def as_dict(plan, results=None) -> dict:
    from ..config import custom_fields_by_id, json_value

    results = evaluate_plan(plan) if results is None else results
    custom = custom_fields_by_id(plan, "value_opportunities", "id")   # the company's fields (saa.yaml), if any
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
        if custom:
            items[-1]["fields"] = {k: json_value(v) for k, v in custom.get(vo.id, {}).items()}
    t = totals(plan, results)
    return {
        "currency": plan.currency,
        "value_opportunities": items,
        "total_per_year": t.per_year,
        "not_computed": t.not_computed,
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
    t = totals(plan, results)
    missing = t.not_computed
    line = Text.assemble("Total per year: ", (T.money(t.per_year, cur), "bold"))
    if missing:
        n = len(missing)
        line.append_text(Text.assemble(
            f" ({n} value opportunit{'ies' if n != 1 else 'y'} not computed: ",
            T.text(", ".join(missing)), ")"))
    console.print(line)
