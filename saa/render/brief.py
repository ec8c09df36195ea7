"""``saa brief`` for people: one terminal screen (80x50), one printed A4 landscape page, a markdown comment; JSON.

The terminal form is a stack of short lines (names first, never cut); the
markdown and HTML forms are built as the document model of
:mod:`saa.render.document`, the HTML with its own print CSS: A4 landscape,
two columns, small type, so the brief of a plan like ``plans/telecom`` prints
on exactly one page.
"""

from __future__ import annotations

from ..vocab import ALIGNMENT_NAMES, QUADRANT_NAMES, QUADRANTS
from . import terminal as T
from .document import Bullets, Cell, Heading, Item, Pairs, Para, Report, Table
from .review import challenge_text

ALIGNMENT_SHORT = {"connect_everyone": "connect everyone", "communicate_activities": "communicate activities",
                   "shared_understanding": "shared understanding"}
COLOUR = {"red": "red", "yellow": "yellow", "green": "green", "unchallenged": "yellow"}
ALIGN_COLOUR = {"not-well": "red", "moderately-well": "yellow", "very-well": "green"}


def as_json(brief) -> str:
    return T.dumps(brief.as_dict())


def headline(message: str) -> str:
    """A finding's message up to its first ``: `` (the rest says what to do), when that leaves a sentence."""
    head, sep, _ = message.partition(": ")
    return head if sep and len(head) >= 24 else message


def review_text(b) -> str:
    p = b.plan
    if p.review_last is None:
        last = "never reviewed"
    else:
        last = f"last review {p.review_last.isoformat()} ({b.review_age} days ago)"
    if b.review_due is None:
        return last + ", next not set"
    days = (b.review_due - b.today).days
    when = "today" if days == 0 else (f"in {days} days" if days > 0 else f"{-days} days ago")
    return last + f", next due {b.review_due.isoformat()} ({when})" + (" - OVERDUE" if b.review_overdue else "")


def _pipe_amount(x, unknown: int, count: int) -> str:
    if count and x is None:
        return "unknown"
    text = T.amount(x) if x else ("-" if not unknown else "")
    if unknown:
        text = (text + " " if text else "") + f"+{unknown}?"
    return text


def pipeline_rows(b) -> list[tuple]:
    """``(label, deals, value, expected)`` per quadrant, then the open total."""
    rows = []
    all_opps = 0
    tv, te, uv, ue = 0.0, 0.0, 0, 0
    for q in QUADRANTS:
        t = b.pipeline[q]
        rows.append((f"{q:<4}{QUADRANT_NAMES[q].lower()}", t["count"],
                     _pipe_amount(t["value"], t["unknown_value"], t["count"]),
                     _pipe_amount(t["expected_value"], t["unknown_expected_value"], t["count"])))
        all_opps += t["count"]
        tv += t["value"] or 0.0
        te += t["expected_value"] or 0.0
        uv += t["unknown_value"]
        ue += t["unknown_expected_value"]
    rows.append(("open deals", all_opps, _pipe_amount(tv, uv, 0), _pipe_amount(te, ue, 0)))
    return rows


def value_text(b) -> str:
    v = b.value
    if v.per_year is None:
        return "the customer's quantified value (step 4): not quantified yet"
    text = f"the customer's quantified value (step 4, not our pipeline): {T.money(v.per_year, v.currency)} a year"
    if v.partial:
        text += f" ({len(v.not_computed)} value opportunit{'ies' if len(v.not_computed) != 1 else 'y'} not computed)"
    return text


def deal_lines(n: int, r) -> tuple[str, str]:
    o, cur = r.opp, r.plan.currency
    dec = ("decision " + o.decision.isoformat() + (" PASSED" if r.decision_passed else "")) if o.decision \
        else "no decision date"
    first = f"{n}. {o.name} - {r.quadrant} {o.stage or 'no stage'}, {dec}"
    ch = r.challenge
    gap = f", gap {T.signed(ch.gap)}" if ch.gap is not None else ""
    late = f", {len(r.overdue)} overdue" if r.overdue else ""
    if r.expected_value is not None:
        worth = f"{T.percent(o.probability)} of {T.money(o.value, cur)} = {T.money(r.expected_value, cur)} expected"
    elif o.value is None:
        worth = "value unknown: expected unknown"
    else:
        worth = f"{T.money(o.value, cur)}, no probability: expected unknown"
    second = f"{worth}; challenge {challenge_text(ch)}{gap}{late}"
    return first, second


def flags_title(b) -> str:
    c = b.flag_counts
    return (f"Red flags: {c['errors']} error{'s' if c['errors'] != 1 else ''}, "
            f"{c['red_flags'] - c['errors']} warning{'s' if c['red_flags'] - c['errors'] != 1 else ''}"
            + (f" (the {len(b.flags)} most serious; all: saa check)" if c["red_flags"] > len(b.flags) else ""))


def changes_title(b) -> str:
    ch = b.changes
    if not ch.available:
        return f"Since the last review: not shown - {ch.reason}"
    return (f"Since the last review (commit {ch.since}): {ch.count} change{'s' if ch.count != 1 else ''}"
            + ("" if ch.count else " in the method's terms"))


def terminal(b, console=None) -> None:
    from rich.text import Text

    console = console or T.console()
    console.soft_wrap = False          # long lines wrap at spaces, at the screen's width
    p = b.plan
    pr = console.print

    title = Text(T.safe(p.account), style="bold")
    title.append(f" ({T.safe(p.id)}), brief as of {b.today.isoformat()}")
    pr(title)
    pr(Text(f"owner {T.safe(p.owner or 'not set')}, {b.completeness:.0f}% complete"))
    pr(Text(review_text(b)[0].upper() + review_text(b)[1:], style="" if not b.review_overdue else "red"))
    al = Text("Alignment: ")
    for i, k in enumerate(ALIGNMENT_NAMES):
        if i:
            al.append(", ")
        v = b.alignment.get(k)
        al.append(f"{ALIGNMENT_SHORT[k]} ")
        al.append(v or "not assessed", style=ALIGN_COLOUR.get(v or "", "dim"))
    pr(al)
    pr()
    rows = pipeline_rows(b)
    head = f"Our pipeline ({T.safe(p.currency)})"
    w = max(len(head) - 1, *(len(r[0]) for r in rows))
    vw = max(len("value"), *(len(r[2]) for r in rows))
    ew = max(len("expected"), *(len(r[3]) for r in rows))
    pr(Text(f"{head:<{w + 1}} {'deals':>5}  {'value':>{vw}}  {'expected':>{ew}}", style="bold"))
    for label, n, v, e in rows:
        pr(Text(f" {label:<{w}} {n:>5}  {v:>{vw}}  {e:>{ew}}", style="bold" if label == "open deals" else ""))
    pr(Text(value_text(b)[0].upper() + value_text(b)[1:]))
    pr()
    pr(Text(f"Top deals by expected value ({len(b.deals)} of {b.open_deals} open)", style="bold"))
    if not b.deals:
        pr(Text(" no open deals", style="dim"))
    for n, r in enumerate(b.deals, 1):
        first, second = deal_lines(n, r)
        pr(Text(" " + T.safe(first)))
        pr(Text("    " + T.safe(second), style=COLOUR.get(r.challenge.colour or "", "")))
    pr()
    pr(Text(flags_title(b), style="bold"))
    if not b.flags:
        pr(Text(" none: saa check finds nothing", style="green"))
    for f in b.flags:
        line = Text(" ")
        if f.severity == "error":
            line.append("error: ", style="red")
        line.append(T.safe(headline(f.message)), style="" if f.severity == "error" else "yellow")
        line.append(f" [{f.rule}]", style="dim")
        pr(line)
    pr()
    pr(Text(f"Overdue actions: {b.overdue_count or 'none'}", style="bold" if b.overdue_count else ""))
    for i in b.overdue:
        a = i.action
        pr(Text(f" {a.due.isoformat()} {T.safe(a.owner or 'no owner')}: {T.safe(a.do)}", style="red"))
    pr(Text(changes_title(b), style="bold" if b.changes.available else "dim"))
    for line in b.changes.lines[:6]:
        pr(Text(" " + T.safe(line)))


def document(b) -> Report:
    p = b.plan
    blocks: list = []
    rows = [("Owner", Cell(p.owner or "not set", cls=None if p.owner else "missing")),
            ("Review", Cell(review_text(b), cls="bad" if b.review_overdue else None)),
            ("Completeness", Cell(f"{b.completeness:.0f}%", strong=True))]
    for k in ALIGNMENT_NAMES:
        v = b.alignment.get(k)
        rows.append((ALIGNMENT_SHORT[k].capitalize(), Cell(v or "not assessed", cls=ALIGN_COLOUR.get(v or "", "muted"))))
    blocks.append(Pairs(rows))
    blocks.append(Heading(2, f"Our pipeline ({p.currency})", "pipeline"))
    blocks.append(Table(["quadrant", "deals", "value", "expected"],
                        [[Cell(label, strong=label == "open deals"), Cell(str(n), cls="num"), Cell(v, cls="num"),
                          Cell(e, cls="num", strong=label == "open deals")] for label, n, v, e in pipeline_rows(b)],
                        align=["l", "r", "r", "r"]))
    blocks.append(Para(value_text(b)[0].upper() + value_text(b)[1:] + ".", "note"))
    blocks.append(Heading(2, f"Top deals by expected value ({len(b.deals)} of {b.open_deals} open)", "top-deals"))
    if b.deals:
        drows = []
        for r in b.deals:
            o, cur = r.opp, r.plan.currency
            ch = r.challenge
            drows.append([Cell(o.name, strong=True), Cell(f"{r.quadrant} {o.stage or ''}".strip()),
                          Cell((o.decision.isoformat() + (" passed" if r.decision_passed else "")) if o.decision
                               else "not set", cls="date bad" if r.decision_passed else "date"),
                          Cell(T.percent(o.probability) if o.probability is not None else "-", cls="num"),
                          Cell(T.money(r.expected_value, cur), cls="num"),
                          Cell(challenge_text(ch), cls={"red": "red", "yellow": "yellow", "green": "green"}.get(
                              ch.colour or "", "muted")),
                          Cell(T.signed(ch.gap), cls="num")])
        blocks.append(Table(["deal", "stage", "decision", "prob.", "expected", "challenge", "gap"], drows,
                            align=["l", "l", "l", "r", "r", "l", "r"]))
    else:
        blocks.append(Para("No open deals.", "muted"))
    blocks.append(Heading(2, flags_title(b), "red-flags"))
    if b.flags:
        blocks.append(Bullets([Item(f"{f.severity}: {headline(f.message)} [{f.rule}]",
                                    cls="bad" if f.severity == "error" else None) for f in b.flags]))
    else:
        blocks.append(Para("None: saa check finds nothing.", "good"))
    blocks.append(Heading(2, f"Overdue actions: {b.overdue_count or 'none'}", "overdue-actions"))
    if b.overdue:
        blocks.append(Bullets([Item(f"{i.action.due.isoformat()} {i.action.owner or 'no owner'}: {i.action.do}",
                                    cls="bad") for i in b.overdue]))
    blocks.append(Heading(2, changes_title(b), "since-the-last-review"))
    if b.changes.lines:
        blocks.append(Bullets([Item(x) for x in b.changes.lines[:6]]))
    return Report(title=f"{p.account}: brief", subtitle=f"{p.id} - as of {b.today.isoformat()}", blocks=blocks, toc=[])


PRINT_CSS = """
:root { --ink: #1f2328; --muted: #656d76; --line: #d0d7de; --soft: #f6f8fa; --accent: #0b5394; }
* { box-sizing: border-box; }
@page { size: A4 landscape; margin: 10mm; }
html, body { margin: 0; }
body { font: 10.5px/1.35 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       max-width: 277mm; margin: 0 auto; padding: 8px; column-count: 2; column-gap: 8mm; }
h1 { font-size: 17px; margin: 0 0 2px; column-span: all; }
p.subtitle { color: var(--muted); margin: 0 0 6px; column-span: all; }
h2 { font-size: 12px; margin: 8px 0 3px; padding-bottom: 1px; border-bottom: 1.5px solid var(--accent); color: var(--accent);
     break-after: avoid; }
.file { display: none; }
table { border-collapse: collapse; margin: 2px 0 4px; width: 100%; }
tr { break-inside: avoid; }
th, td { border: 1px solid var(--line); padding: 1px 4px; vertical-align: top; text-align: left; }
th { background: var(--soft); font-weight: 600; }
td.date { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.pairs th { width: 34%; }
td.red { background: #f4cccc; } td.yellow { background: #fff2cc; } td.green { background: #d9ead3; }
ul { margin: 2px 0 4px; padding-left: 16px; } li { margin: 0; break-inside: avoid; }
.bad { color: #b00020; font-weight: 600; } .good { color: #2e7d32; } .muted { color: var(--muted); }
.missing { color: #8a6100; font-style: italic; }
p { margin: 2px 0; } p.note, p.muted { color: var(--muted); }
@media print { body { padding: 0; } }
"""


def render(b, kind: str) -> str:
    doc = document(b)
    if kind == "html":
        from . import html

        return html.render(doc, css=PRINT_CSS, footer="saa brief")
    from . import markdown

    return markdown.render(doc)
