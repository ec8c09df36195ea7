"""``saa review`` for people (a ranked list in the terminal, markdown, HTML) and scripts (JSON).

The terminal shows each deal as a short stack of lines (its name first,
never cut, at any width); markdown and HTML are one table built as the
document model of :mod:`saa.render.document`.
"""

from __future__ import annotations

from ..vocab import UNCHALLENGED
from . import terminal as T
from .document import Cell, Para, Report, Table


def as_json(result) -> str:
    return T.dumps(result.as_dict())


def challenge_text(ch) -> str:
    """``red (team yellow, spoiler red)``, ``unchallenged``, ``not scored``."""
    if ch.colour is None:
        return "not scored"
    if ch.colour == UNCHALLENGED:
        return UNCHALLENGED
    return f"team {ch.team or '-'}, spoiler {ch.spoiler or '-'}"


def _money(x, cur) -> str:
    return T.money(x, cur)


def _title(result) -> str:
    n = len(result.rows)
    f = result.filters
    bits = []
    if f.owner:
        bits.append(f"owner {f.owner}")
    if f.quadrants:
        bits.append("quadrant " + ", ".join(f.quadrants))
    if f.decision_within is not None:
        bits.append(f"decision within {f.decision_within} days")
    return (f"Pipeline review: {n} open deal{'s' if n != 1 else ''} in {result.plans} plan"
            f"{'s' if result.plans != 1 else ''}, ranked by expected value"
            + (f" ({'; '.join(bits)})" if bits else ""))


def total_lines(result) -> list[tuple[str, str | None]]:
    """The totals as ``(text, style)`` lines: per currency, then in the reporting currency."""
    lines: list[tuple[str, str | None]] = []
    for t in result.by_currency:
        text = (f"{t.currency}: {t.deals} deal{'s' if t.deals != 1 else ''}, value {_money(t.value, t.currency)}, "
                f"expected {_money(t.expected_value, t.currency)}")
        unk = []
        if t.unknown_value:
            unk.append(f"{t.unknown_value} of unknown value")
        if t.unknown_expected_value - t.unknown_value > 0:
            unk.append(f"{t.unknown_expected_value - t.unknown_value} without a probability")
        if unk:
            text += " (" + "; ".join(unk) + ", not counted)"
        lines.append((text, None))
    if result.currency:
        v, e = result.value, result.expected
        text = (f"total in {result.currency}: value {_money(v.total, v.currency)}, "
                f"expected {_money(e.total, e.currency)}")
        rates = [f"1 {c} = {T.number(round(r, 6))} {result.currency}" for c, r in sorted(v.rates_used.items())
                 if c != result.currency]
        if rates:
            text += " (at " + ", ".join(rates) + ")"
        lines.append((text, "bold"))
        if v.missing or e.missing:
            miss = sorted(set(v.missing) | set(e.missing))
            lines.append((f"not in the {result.currency} total: deals in {', '.join(miss)} - no exchange rate to "
                          f"{result.currency} is given (settings.fx in account.yaml); rates are never guessed", "yellow"))
        for a, b in result.conflicting:
            lines.append((f"the plans give different rates for {a} to {b} (settings.fx): that rate is not used", "yellow"))
    elif result.mixed_currencies:
        lines.append(("amounts in different currencies are never added: give --currency CODE for one total "
                      "(rates from settings.fx); ranked by amounts in their own currencies", "dim"))
    return lines


def terminal(result, console=None, drawn=None) -> None:
    """``drawn``: what :func:`deal_lines` drew for each row, by ``id(row)`` (drawn in worker processes)."""
    from . import plaintable

    console = console or plaintable.console()
    console.soft_wrap = False          # long lines wrap at spaces, at the screen's width
    Text = plaintable.kit(console)[0]
    console.print(Text(_title(result), style="bold"))
    console.print(Text(f"as of {result.today.isoformat()}", style="dim"))
    if not result.rows:
        console.print(Text("no open deals" + (" match the filters" if result.filters.as_dict() != {
            "owner": None, "quadrants": [], "decision_within_days": None} else ""), style="dim"))
    for n, r in enumerate(result.rows, 1):
        o = r.opp
        console.print()
        head = Text(f"{n:>2}. ")
        head.append(T.safe(o.name), style="bold")
        head.append(f" ({T.safe(o.id)})", style="dim")
        console.print(head)
        if drawn is not None:
            console.file.write(drawn[id(r)])
        else:
            deal_lines(r, console)
    console.print()
    for text, style in total_lines(result):
        console.print(Text(text, style=style or ""))


def deal_lines(r, console) -> None:
    """The lines of a deal under its ranked name (they do not depend on the rank)."""
    from . import plaintable

    Text = plaintable.kit(console)[0]
    o, cur = r.opp, r.plan.currency
    line = Text("    ")
    line.append(T.safe(r.plan.account))
    line.append(f" ({T.safe(r.plan.owner or 'no owner')})", style="dim")
    line.append(f", {r.quadrant} {T.safe(o.stage or 'no stage')}, ")
    if o.decision is None:
        line.append("no decision date", style="yellow")
    else:
        line.append("decision " + o.decision.isoformat(), style="red" if r.decision_passed else "")
        if r.decision_passed:
            line.append(" (passed)", style="red")
    console.print(line)
    prob = T.percent(o.probability) if o.probability is not None else "no probability"
    line = Text(f"    {_money(o.value, cur)} x {prob} = ")
    line.append(_money(r.expected_value, cur) + " expected", style="bold")
    console.print(line)
    ch = r.challenge
    line = Text("    challenge ")
    line.append(challenge_text(ch), style={"red": "red", "yellow": "yellow", "green": "green"}.get(
        ch.colour or "", "yellow" if ch.colour else "dim"))
    if ch.gap is not None:
        line.append(f", gap {T.signed(ch.gap)}", style="red" if ch.gap >= 1 else "")
    console.print(line)
    for i in r.overdue:
        a = i.action
        line = Text("    overdue since ", style="red")
        line.append(f"{a.due.isoformat()}: ", style="red")
        line.append(f"{T.safe(a.owner or 'no owner')}: {T.safe(a.do)}")
        console.print(line)


def document(result) -> Report:
    rows = []
    for n, r in enumerate(result.rows, 1):
        o, cur = r.opp, r.plan.currency
        ch = r.challenge
        ch_cls = {"red": "red", "yellow": "yellow", "green": "green"}.get(ch.colour or "", "muted")
        rows.append([
            Cell(str(n), cls="num"), Cell(r.plan.account), Cell(o.name, strong=True), Cell(r.quadrant),
            Cell(o.stage or ""), Cell((o.decision.isoformat() + (" (passed)" if r.decision_passed else ""))
                                      if o.decision else "not set", cls="bad" if r.decision_passed else None),
            Cell(_money(o.value, cur), cls="num"),
            Cell(T.percent(o.probability) if o.probability is not None else "-", cls="num"),
            Cell(_money(r.expected_value, cur), cls="num", strong=True),
            Cell(challenge_text(ch), cls=ch_cls), Cell(T.signed(ch.gap), cls="num"),
            Cell(items=[f"{i.action.due.isoformat()} {i.action.owner or 'no owner'}: {i.action.do}" for i in r.overdue],
                 cls="bad" if r.overdue else None),
        ])
    blocks: list = [Table(["#", "account", "deal", "Q", "stage", "decision", "value", "prob.", "expected", "challenge",
                     "gap", "overdue actions"], rows,
                    align=["r", "l", "l", "l", "l", "l", "r", "r", "r", "l", "r", "l"],
                    caption="Open deals ranked by expected value (value x probability). Q: I deals in progress, "
                            "II early-stage, III delay or cancelling, IV long-term potential. Challenge: the worst "
                            "colour of the team's and the spoiler's scores; unchallenged: no spoiler scored it. "
                            "Gap: the largest team-minus-spoiler score.")]
    if not rows:
        blocks = [Para("No open deals" + (" match the filters." if any(result.filters.as_dict().values()) else "."),
                       "muted")]
    blocks += [Para(text, {"bold": "big", "yellow": "warn", "dim": "note"}.get(style or "")) for text, style in
               total_lines(result)]
    return Report(title=_title(result), subtitle=f"as of {result.today.isoformat()}", blocks=blocks, toc=[])


def render(result, kind: str) -> str:
    doc = document(result)
    if kind == "html":
        from . import html

        return html.render(doc, footer="saa review")
    from . import markdown

    return markdown.render(doc)
