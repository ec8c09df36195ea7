"""``saa portfolio PATH``: one row per plan, for the people who look after many accounts.

Each row: account, owner, completeness, review age, pipeline by quadrant (the
sum of the *known* opportunity values in each quadrant, closed deals left out;
unknown values are counted separately, never as 0), quantified value per year
(step 4), the worst challenge colour over every category score, and the number
of overdue actions. Totals add up the plans that share a currency (one totals
row per currency: amounts in different currencies are never added).

Sorting (``--sort``) puts what needs attention first: least complete, oldest
review, biggest pipeline or value, worst colour, most overdue actions; names
sort alphabetically. ``--reverse`` turns it around. Missing values sort last.
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUADS = ("I", "II", "III", "IV")
COLOUR_RANK = {"red": 0, "yellow": 1, "green": 2}

# column -> (how to read it from a row, descending?)
SORTS = {
    "account": (lambda r: r.account.lower(), False),
    "id": (lambda r: r.id.lower(), False),
    "owner": (lambda r: (r.owner or "").lower() or None, False),
    "completeness": (lambda r: r.completeness, False),
    "review-age": (lambda r: r.review_age_days, True),
    "pipeline": (lambda r: r.pipeline_total, True),
    "I": (lambda r: r.pipeline["I"], True),
    "II": (lambda r: r.pipeline["II"], True),
    "III": (lambda r: r.pipeline["III"], True),
    "IV": (lambda r: r.pipeline["IV"], True),
    "value": (lambda r: r.value_per_year, True),
    "colour": (lambda r: COLOUR_RANK.get(r.challenge_colour) if r.challenge_colour else None, False),
    "overdue": (lambda r: r.overdue_actions, True),
}
ALIASES = {"review": "review-age", "review_age": "review-age", "review_age_days": "review-age",
           "value_per_year": "value", "challenge": "colour", "color": "colour", "challenge_colour": "colour",
           "overdue_actions": "overdue", "q1": "I", "q2": "II", "q3": "III", "q4": "IV"}


@dataclass
class Row:
    id: str
    account: str
    owner: str | None
    path: str
    currency: str
    completeness: float
    review_age_days: int | None
    pipeline: dict
    unknown_values: dict            # quadrant -> number of opportunities of unknown value
    value_per_year: float
    challenge_colour: str | None
    overdue_actions: int
    errors: int = 0

    @property
    def pipeline_total(self) -> float:
        return sum(self.pipeline.values())

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "account": self.account,
            "completeness": self.completeness,
            "review_age_days": self.review_age_days,
            # a quadrant holding only opportunities of unknown value is unknown (null), never 0
            "pipeline": {q: (None if self.unknown_values[q] and not v else v) for q, v in self.pipeline.items()},
            "value_per_year": self.value_per_year,
            "challenge_colour": self.challenge_colour,
            "owner": self.owner,
            "overdue_actions": self.overdue_actions,
            "currency": self.currency,
            "path": self.path,
            "pipeline_unknown": dict(self.unknown_values),
        }


@dataclass
class Totals:
    currency: str
    plans: int
    pipeline: dict = field(default_factory=dict)
    value_per_year: float = 0.0
    overdue_actions: int = 0


def row_of(plan, today) -> Row:
    from .challenge import worst_colour
    from .completeness import completeness
    from .matrix import quadrant
    from .rules import review_age
    from .status import overdue_actions
    from .value import evaluate_plan, total_per_year

    pipeline = {q: 0.0 for q in QUADS}
    unknown = {q: 0 for q in QUADS}
    for o in plan.opportunities:
        q = quadrant(o)
        if q is None:
            continue
        if o.value is None:
            unknown[q] += 1
        else:
            pipeline[q] += o.value
    return Row(
        id=plan.id, account=plan.account, owner=plan.owner, path=plan.display, currency=plan.currency,
        completeness=completeness(plan).percent, review_age_days=review_age(plan, today),
        pipeline=pipeline, unknown_values=unknown, value_per_year=total_per_year(evaluate_plan(plan)),
        challenge_colour=worst_colour(plan), overdue_actions=len(overdue_actions(plan, today)),
        errors=sum(1 for f in plan.findings if f.severity == "error"),
    )


def sort_rows(rows: list, column: str | None, reverse: bool = False) -> list:
    """Rows in the order asked (ties by account name); missing values last whatever the direction."""
    if not column:
        return list(reversed(rows)) if reverse else list(rows)
    get, desc = SORTS[column]
    if reverse:
        desc = not desc
    have = [r for r in rows if get(r) is not None]
    missing = [r for r in rows if get(r) is None]
    have.sort(key=lambda r: r.account.lower())
    have.sort(key=get, reverse=desc)     # stable, also in reverse: ties stay A to Z
    return have + missing


def sort_key_name(column: str) -> str | None:
    """The column name ``--sort`` understands, or None."""
    if column in SORTS:
        return column
    low = column.lower()
    for k in SORTS:
        if k.lower() == low:
            return k
    return ALIASES.get(low)


def totals(rows: list) -> list:
    by: dict = {}
    for r in rows:
        t = by.setdefault(r.currency, Totals(r.currency, 0, {q: 0.0 for q in QUADS}))
        t.plans += 1
        for q in QUADS:
            t.pipeline[q] += r.pipeline[q]
        t.value_per_year += r.value_per_year
        t.overdue_actions += r.overdue_actions
    return list(by.values())


PROGRESS_FROM = 10   # plans; fewer load too fast for a bar to help


def load_rows(paths, today, progress: bool | None = None, problems: list | None = None) -> list:
    """Find and load every plan under ``paths``. Raises ``PathError``.

    A progress bar goes to stderr (never stdout, so ``--json`` stays clean) when
    stderr is a terminal and there are at least :data:`PROGRESS_FROM` plans, or
    when ``progress`` is True.
    """
    import sys

    from .loader import find_plans, load_plan

    folders = find_plans(paths, problems)
    if progress is None:
        try:
            progress = sys.stderr.isatty() and len(folders) >= PROGRESS_FROM
        except (AttributeError, ValueError):
            progress = False
    rows = []
    if progress:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(TextColumn("loading plans"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("plans", total=len(folders))
            for f in folders:
                rows.append(row_of(load_plan(f), today))
                bar.advance(task)
    else:
        rows = [row_of(load_plan(f), today) for f in folders]
    return rows


def as_json(rows: list) -> str:
    import json

    return json.dumps({"plans": [r.as_dict() for r in rows]}, indent=2, ensure_ascii=False) + "\n"


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

    from .render.terminal import console as make_console, safe

    console = console or make_console()
    multi = len({r.currency for r in rows}) > 1
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
            Text(money(r.value_per_year, r.currency)),
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
