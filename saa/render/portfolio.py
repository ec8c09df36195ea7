"""``saa portfolio`` for people (rich) and scripts (JSON).

The terminal form is a table when the screen is wide enough for every
account name to be read whole, and a stack of short lines per plan when it is
not (60 columns, say): a name is never cut to an ellipsis. The customer's
quantified value (step 4) has its own labelled column, apart from our
pipeline; a plan whose challenges no spoiler scored reads ``unchallenged``,
never a colour.
"""

from __future__ import annotations

from ..portfolio import QUADS, totals
from ..vocab import UNCHALLENGED
from . import terminal as T

NAME_MIN = 16     # below this the account column would wrap word by word: stack instead
WIDE = 120        # from this width the table also shows the pipeline by quadrant
BATCH = 32        # rows of the table drawn at a time: rich holds the drawn lines of these only


def as_json(rows: list, reporting=None) -> str:
    data = {"plans": [r.as_dict() for r in rows]}
    if reporting is not None:
        data["reporting"] = reporting.as_dict()
    return T.dumps(data)


def _short(x: float) -> str:
    """Compact money for a wide table: 11.5M, 240k, 950."""
    a = abs(x)
    for div, suf in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            v = x / div
            t = f"{v:.1f}".rstrip("0").rstrip(".")
            return f"{t}{suf}"
    return f"{x:,.0f}"


def challenge_text(r) -> str:
    """``red``, ``unchallenged``, ``red +1 unch.``; ``-`` without challenge scoring."""
    c = r.challenge_colour
    if c is None:
        return "-"
    if c == UNCHALLENGED:
        return UNCHALLENGED
    return c + (f" +{len(r.unchallenged)} unch." if r.unchallenged else "")


def _style(colour) -> str:
    return {"red": "red", "yellow": "yellow", "green": "green", UNCHALLENGED: "yellow"}.get(colour or "", "dim")


def _review(r) -> str:
    age = "never" if r.review_age_days is None else f"{r.review_age_days}d"
    return age + (" due" if r.review_overdue else "")


def _flags(r) -> str:
    bits = []
    if r.decisions_passed:
        bits.append(f"{r.decisions_passed} decision{'s' if r.decisions_passed != 1 else ''} passed")
    return ", ".join(bits)


def _caption(multi: bool, cur: str, wide: bool) -> str:
    return ((f"pipeline by quadrant{cur}: I deals in progress, II early-stage, III delay or cancelling, "
             "IV long-term potential; " if wide else f"our pipeline{cur}: open deals; ")
            + "expected: value x probability; customer value: the customer's quantified value per year (step 4), "
              "not our pipeline; review: days since the last review (due: a review is overdue); challenge: worst "
              "colour of the deals a spoiler scored, unchallenged when no spoiler scored (unch.)")


def terminal(rows: list, console=None, sort: str | None = None, reporting=None) -> None:
    """The table (or, too narrow for it, :func:`stacked`), drawn :data:`BATCH` rows at a time: rich holds
    the drawn lines of a few rows at once, never of the whole table (see :func:`_print_in_parts`)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = console or T.console()
    console.soft_wrap = False          # wrap long lines at the width, at spaces: every line fits the screen
    multi = len({r.currency for r in rows} | {t.currency for t in totals(rows)}) > 1
    cur = "" if multi or not rows else f", {T.safe(rows[0].currency)}"

    def money(x, currency, unknown=0):
        if x is None:
            text = "unknown"
        elif unknown and not x:
            text = "unknown" if unknown == 1 else f"{unknown} unknown"
        else:
            text = _short(x) if x else "-"
            if unknown:
                text += f"+{unknown}?"
        return f"{T.safe(currency)} {text}" if multi else text

    title = (f"Portfolio: {len(rows)} plan{'s' if len(rows) != 1 else ''}" + (f", sorted by {sort}" if sort else ""))
    wide = False
    cols: list = []
    caption = ""

    def layout(wide_: bool) -> None:
        nonlocal wide, cols, caption
        wide = wide_
        cols = [("done", "r"), ("review", "r")] + ([(q, "r") for q in QUADS] if wide else [("pipeline", "r")]) + [
            ("expected", "r"), ("customer/value/yr", "r"), ("challenge", "l"), ("overdue", "r")]
        caption = _caption(multi, cur, wide)

    def table(head: bool = True, end: bool = True, cls=Table):
        """The table's columns; with its title and header (``head``), its caption (``end``)."""
        t = cls(title=title if head else None, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                padding=0, caption=caption if end else None, caption_justify="left", show_header=head)
        t.add_column("account / owner", ratio=1, overflow="fold", min_width=NAME_MIN)
        for name, align in cols:
            t.add_column(name.replace("/", "\n", 1) if "/" in name else name,
                         justify="right" if align == "r" else "left", no_wrap=True)
        return t

    def cells(r) -> list:
        pipe = ([money(r.pipeline[q], r.currency, r.unknown_values[q]) for q in QUADS] if wide else
                [money(r.pipeline_total, r.currency, sum(r.unknown_values.values()))])
        texts = [f"{r.completeness:.0f}%", _review(r), *pipe, money(r.expected_value, r.currency, r.expected_unknown),
                 money(r.value_per_year, r.currency, r.value_not_computed), challenge_text(r), str(r.overdue_actions)]
        comp_style = "green" if r.completeness >= 80 else ("yellow" if r.completeness >= 50 else "red")
        name = Text(T.safe(r.account))
        if r.errors:
            name.append(f" ({r.errors} error{'s' if r.errors != 1 else ''})", style="red")
        name.append("\n" + T.safe(r.owner or "no owner"), style="dim")
        if _flags(r):
            name.append("\n" + _flags(r), style="red")
        styles = [comp_style, "red" if r.review_overdue else ("yellow" if r.review_age_days is None else "")]
        styles += [""] * (len(cols) - 5) + ["", "", _style(r.challenge_colour), "red" if r.overdue_actions else ""]
        styles = styles[:2] + [""] * (len(cols) - 4) + styles[-2:]
        return [name, *[Text(c, style=s) for c, s in zip(texts, styles)]]

    def add_totals(t) -> None:
        tots = totals(rows) if len(rows) > 1 else []
        if not tots:
            return
        t.add_section()
        for tot in tots:
            pipe = ([("" if not wide else money(tot.pipeline[q], tot.currency)) for q in QUADS] if wide else
                    [money(sum(tot.pipeline.values()), tot.currency)])
            label = f"total ({tot.plans} plan{'s' if tot.plans != 1 else ''}" + (f", {tot.currency})" if multi else ")")
            t.add_row(Text(label, style="bold"), "", "", *[Text(c, style="bold") for c in pipe],
                      Text(money(tot.expected_value, tot.currency), style="bold"),
                      Text(money(tot.value_per_year, tot.currency), style="bold"), "",
                      Text(str(tot.overdue_actions), style="bold"))

    parts = len(rows) > BATCH
    # From WIDE columns on, the table with the pipeline by quadrant; else, or when that does not fit,
    # the one with the pipeline in one column; when that does not fit either, lines (stacked).
    for wide_ in ((True, False) if console.width >= WIDE else (False,)):
        layout(wide_)
        whole = table()   # the whole table; in parts, the cells rich measures it by (see _widest_cells)
        for row in (_widest_cells(map(cells, rows), console) if parts else map(cells, rows)):
            whole.add_row(*row)
        add_totals(whole)
        bound = T._narrowest_at_most(whole, console)   # a table that surely fits is not measured first
        if bound is not None and bound <= console.width:
            break
        T.fit(whole, console)   # as printing it would: the numbers wrap if they must
        if not T.crops(whole, console):   # else rich would cut it at the screen's edge
            break
    else:
        stacked(rows, console, title, money, reporting)
        return
    if not parts:
        console.print(whole)
    else:
        _print_in_parts(whole, console, [rows[i:i + BATCH] for i in range(0, len(rows), BATCH)], table, cells,
                        add_totals)
    _notes(rows, console, reporting)


def _widest_cells(rows, console) -> list:
    """Two rows that rich measures a column of as all of ``rows`` (cells, row by row): in each column the
    cell with the longest word and the cell with the longest line.

    rich measures a column by the widest minimum (longest word) and the widest maximum (longest line) of
    its cells, so these two rows give every column the width, and the table the minimum width, that all
    the rows give; only these cells are kept, not every row's.
    """
    widest: list = []
    for n, row in enumerate(rows, 1):
        if n % BATCH == 0:
            _forget_widths()   # of the cells measured so far
        if not widest:
            widest = [[-1, None, -1, None] for _ in row]
        for cell, w in zip(row, widest):
            m = cell.__rich_measure__(console, console.options)
            if m.minimum > w[0]:
                w[0], w[1] = m.minimum, cell
            if m.maximum > w[2]:
                w[2], w[3] = m.maximum, cell
    return [[w[1] for w in widest], [w[3] for w in widest]] if widest else []


def _print_in_parts(whole, console, batches: list, table, cells, add_totals) -> None:
    """The table ``whole`` stands for, printed as one table of ``batches`` (lists of rows), a batch at a
    time: the first with the title and header, the last with the totals and caption, every one at the
    column widths of ``whole``.

    Every line rich draws for a row of a table depends only on that row and the column widths (no edge
    above or below, the same box characters on every row of SIMPLE_HEAD), so the parts print the lines
    the whole table would, byte for byte, colours included. The console fits each part as it would the
    whole (:func:`saa.render.terminal.fit`): every column folds; the unwrappable columns stay so, as they
    do for the whole table once it is not stacked (its minimum width fits, and a part's is no wider).
    """
    from rich.table import Table

    class Part(Table):
        def _calculate_column_widths(self, console, options):
            return whole._calculate_column_widths(console, options)

    _forget_widths()   # of every cell measured
    T.fit(whole, console)   # what the console would do to the whole table: every part does the same
    for n, batch in enumerate(batches):
        last = n == len(batches) - 1
        part = table(head=n == 0, end=last, cls=Part)
        for col, like in zip(part.columns, whole.columns):
            col.no_wrap = like.no_wrap
        for r in batch:
            part.add_row(*cells(r))
        if last:
            add_totals(part)
        console.print(part)
        _forget_widths()


def _forget_widths() -> None:
    """Empty rich's memos of the widths of the strings it drew and of the segments it cut at the screen's
    width: they keep thousands of them (more, up to their bound, for more rows), so that each part of a
    table starts afresh and memory does not grow with the rows. They are memos: nothing drawn changes."""
    from rich import cells, segment

    for memo in (getattr(cells, "cached_cell_len", None), getattr(segment.Segment, "_split_cells", None)):
        clear = getattr(memo, "cache_clear", None)
        if clear is not None:
            clear()


def _notes(rows, console, reporting) -> None:
    from rich.text import Text

    if any(sum(r.unknown_values.values()) or r.expected_unknown for r in rows):
        console.print(Text("+N? = N more opportunities of unknown value (or probability) not counted as 0",
                           style="dim"))
    if reporting is not None:
        for text, style in reporting_lines(reporting):
            console.print(Text(text, style=style))


def reporting_lines(rep) -> list[tuple[str, str]]:
    lines = [(f"total in {rep.currency}: our pipeline {T.money(rep.pipeline.total, rep.currency)}, expected "
              f"{T.money(rep.expected_value.total, rep.currency)}; the customers' value "
              f"{T.money(rep.value_per_year.total, rep.currency)} a year", "bold")]
    rates = sorted(set(rep.pipeline.rates_used.items()) | set(rep.value_per_year.rates_used.items()))
    rates = [f"1 {c} = {T.number(round(x, 6))} {rep.currency}" for c, x in rates if c != rep.currency]
    if rates:
        lines.append(("at " + ", ".join(rates) + " (settings.fx of the plans)", "dim"))
    miss = sorted(set(rep.pipeline.missing) | set(rep.expected_value.missing) | set(rep.value_per_year.missing))
    if miss:
        lines.append((f"not in the {rep.currency} total: plans in {', '.join(miss)} - no exchange rate to "
                      f"{rep.currency} is given (settings.fx in account.yaml); rates are never guessed", "yellow"))
    for a, b in rep.conflicting:
        lines.append((f"the plans give different rates for {a} to {b} (settings.fx): that rate is not used", "yellow"))
    return lines


def stacked(rows, console, title, money, reporting) -> None:
    """One short stack of lines per plan, for narrow screens: every name whole."""
    from rich.text import Text

    console.print(Text(title, style="bold"))
    for r in rows:
        console.print()
        head = Text(T.safe(r.account), style="bold")
        if r.errors:
            head.append(f" ({r.errors} error{'s' if r.errors != 1 else ''})", style="red")
        console.print(head)
        console.print(Text(f"  {T.safe(r.owner or 'no owner')}, {r.completeness:.0f}% complete", style="dim"))
        age = "never reviewed" if r.review_age_days is None else f"reviewed {r.review_age_days} days ago"
        line = Text(f"  {age}")
        if r.review_overdue:
            line.append(", review overdue", style="red")
        line.append(f", {r.overdue_actions} overdue action{'s' if r.overdue_actions != 1 else ''}",
                    style="red" if r.overdue_actions else "")
        if r.decisions_passed:
            line.append(", " + _flags(r), style="red")
        console.print(line)
        pipe = ", ".join(f"{q} {money(r.pipeline[q], r.currency, r.unknown_values[q])}" for q in QUADS)
        console.print(Text(f"  our pipeline {T.safe(r.currency)}: {pipe}"))
        console.print(Text(f"  expected {money(r.expected_value, r.currency, r.expected_unknown)}; customer value "
                           f"{money(r.value_per_year, r.currency, r.value_not_computed)} a year"))
        line = Text("  challenge: ")
        line.append(challenge_text(r), style=_style(r.challenge_colour))
        console.print(line)
    if len(rows) > 1:
        console.print()
        for t in totals(rows):
            console.print(Text(f"total ({t.plans} plan{'s' if t.plans != 1 else ''}, {T.safe(t.currency)}): "
                               f"pipeline {_short(sum(t.pipeline.values()))}, expected {_short(t.expected_value)}, "
                               f"customer value {_short(t.value_per_year)} a year, "
                               f"{t.overdue_actions} overdue actions", style="bold"))
    _notes(rows, console, reporting)
