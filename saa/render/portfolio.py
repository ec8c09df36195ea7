"""``saa portfolio`` for people (rich) and scripts (JSON)."""

from __future__ import annotations

from ..portfolio import QUADS, totals
from . import terminal as T


def as_json(rows: list) -> str:
    return T.dumps({"plans": [r.as_dict() for r in rows]})


def _short(x: float) -> str:
    """Compact money for a wide table: 11.5M, 240k, 950."""
    a = abs(x)
    for div, suf in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            v = x / div
            t = f"{v:.1f}".rstrip("0").rstrip(".")
            return f"{t}{suf}"
    return f"{x:,.0f}"


def terminal(rows: list, console=None, sort: str | None = None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from .terminal import console as make_console, safe

    console = console or make_console()
    multi = len({r.currency for r in rows} | {t.currency for t in totals(rows)}) > 1
    cur = "" if multi or not rows else f", {safe(rows[0].currency)}"
    table = Table(title=f"Portfolio: {len(rows)} plan{'s' if len(rows) != 1 else ''}"
                  + (f", sorted by {sort}" if sort else ""), title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False, collapse_padding=True,
                  caption=f"pipeline by quadrant{cur}: I deals in progress, II early-stage, III delay or cancelling, "
                          "IV long-term potential; value: quantified value per year (step 4); review: days since the last review; "
                          "worst: worst challenge colour", caption_justify="left")
    table.add_column("account / owner", min_width=14)
    table.add_column("done", justify="right", no_wrap=True)
    table.add_column("review", justify="right", no_wrap=True)
    for q in QUADS:
        table.add_column(q, justify="right", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("worst", no_wrap=True)
    table.add_column("overdue", justify="right", no_wrap=True)

    def money(x, cur, unknown=0):
        if x is None:
            return f"{safe(cur)} unknown" if multi else "unknown"
        if unknown and not x:
            text = "unknown" if unknown == 1 else f"{unknown} unknown"
        else:
            text = _short(x) if x else "-"
            if unknown:
                text += f"+{unknown}?"
        return f"{safe(cur)} {text}" if multi else text

    for r in rows:
        comp_style = "green" if r.completeness >= 80 else ("yellow" if r.completeness >= 50 else "red")
        age = "never" if r.review_age_days is None else f"{r.review_age_days}d"
        colour = r.challenge_colour
        name = Text(safe(r.account))
        if r.errors:
            name.append(" (errors)", style="red")
        name.append("\n" + safe(r.owner or "no owner"), style="dim")
        table.add_row(
            name,
            Text(f"{r.completeness:.0f}%", style=comp_style),
            Text(age, style="yellow" if r.review_age_days is None else ""),
            *[Text(money(r.pipeline[q], r.currency, r.unknown_values[q])) for q in QUADS],
            Text(money(r.value_per_year, r.currency, r.value_not_computed)),
            Text(colour or "-", style=colour or "dim"),
            Text(str(r.overdue_actions), style="red" if r.overdue_actions else ""),
        )
    if len(rows) > 1:
        table.add_section()
        for t in totals(rows):
            label = f"total ({t.plans} plan{'s' if t.plans != 1 else ''}" + (f", {t.currency})" if multi else ")")
            table.add_row(Text(label, style="bold"), "", "",
                          *[Text(money(t.pipeline[q], t.currency), style="bold") for q in QUADS],
                          Text(money(t.value_per_year, t.currency), style="bold"), "",
                          Text(str(t.overdue_actions), style="bold"))
    console.print(table)
    if any(sum(r.unknown_values.values()) for r in rows):
        console.print(Text("+N? = N more opportunities of unknown value in that quadrant (not counted as 0)", style="dim"))
