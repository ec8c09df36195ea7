"""Commands that report on plans for people: report, portfolio, diff."""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

from .common import ConfigOpt, JsonOpt, PathsArg, PlanArg, colour_wanted, fail, load_one, out, use_config


def diff(
    plan: Optional[str] = PlanArg,
    since: str = typer.Option("HEAD", "--since", metavar="REF",
                              help="The git revision to compare with: a commit, tag, branch, HEAD~3..."),
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """What changed in a plan since a git revision, in the method's terms, not lines.

    Opportunities added, removed, moved between quadrants, re-valued, re-dated;
    value opportunities re-quantified; challenge category scores up or down;
    completeness up or down; new overdue actions. Unchanged things are not listed.

    Example: saa diff plans/telecom --since main
    """
    use_config(config)
    from ..diff import DiffError, diff_plan
    from ..render.diff import as_text
    from ..loader import PathError

    try:
        result = diff_plan(plan, since)
    except (DiffError, PathError) as e:
        fail(str(e))
    if json_:
        import json

        out(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    else:
        out(as_text(result, colour=colour_wanted()))


def report(
    plan: Optional[str] = PlanArg,
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="md|html",
                                         help="markdown (for a pull request) or html (to print and share); "
                                              "default: from the -o file's extension, else md."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE",
                                         help="Write the report to FILE (default: stdout)."),
    json_: bool = typer.Option(False, "--json", help="What the report holds (title, steps, sections, charts, "
                                                     "the file written) as JSON on stdout; the report itself "
                                                     "goes to -o FILE only."),
    config: Optional[str] = ConfigOpt,
) -> None:
    """The whole plan as one document, in the method's order: four stages, ten steps.

    The HTML is one self-contained file (inline CSS and SVG, nothing fetched)
    with the opportunity matrix, the challenge heat map and the network by role
    drawn as charts.

    Example: saa report plans/telecom --format html -o telecom.html
    """
    use_config(config)
    kind = (format or "").lower()
    if not kind:
        kind = "html" if output and output.lower().endswith((".html", ".htm")) else "md"
    if kind == "markdown":
        kind = "md"
    if kind not in ("md", "html"):
        fail(f"--format must be md or html, not {format!r}")
    from ..clock import today
    from ..render.report import build, render_doc

    p = load_one(plan)
    day = today()
    doc = build(p, day)
    to_file = _to_file(output)
    text = render_doc(doc, kind) if to_file or not json_ else ""
    if to_file:
        _write_or_print(text, output)
    elif not json_:
        out(text)
    if json_:
        from ..render.reportmeta import as_json

        written = {"path": output, "format": kind, "bytes": len(text.encode("utf-8"))} if to_file else None
        out(as_json(p, doc, day, written))


def portfolio(
    paths: Optional[List[str]] = PathsArg,
    sort: Optional[str] = typer.Option(
        None, "--sort", metavar="COLUMN",
        help="account, id, owner, completeness, review-age, pipeline, I, II, III, IV, expected, value, colour or "
             "overdue; what needs attention comes first."),
    reverse: bool = typer.Option(False, "--reverse", help="Reverse the order."),
    owner: Optional[str] = typer.Option(None, "--owner", metavar="NAME", help="Only the plans of this owner."),
    currency: Optional[str] = typer.Option(None, "--currency", metavar="CODE",
                                           help="Also one total in this currency, at the rates of the plans' "
                                                "settings.fx; plans without a rate are named, never guessed."),
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """One row per plan: completeness, review, our pipeline and its expected value, the customer's value, challenge, overdue actions.

    Pipeline is the sum of the known opportunity values (closed deals left out);
    expected is value x probability. The customer's quantified value per year
    (step 4) is shown apart from our pipeline. A plan whose challenges no
    spoiler scored is "unchallenged", never a colour. Totals add up plans that
    share a currency; --currency adds one total in a reporting currency. On a
    terminal, a run longer than 2 s shows its progress on stderr.

    Example: saa portfolio plans/ --sort completeness
    """
    use_config(config)
    from ..clock import today
    from ..portfolio import SORTS, load_rows, sort_key_name, sort_rows
    from ..render import progress
    from ..render.portfolio import as_json, terminal

    key = None
    if sort is not None:
        key = sort_key_name(sort)
        if key is None:
            fail(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}")
    code = _currency(currency)
    from .common import plan_folders

    shown = progress.Progress("loading plans")   # stderr, terminals, long runs only
    try:   # in worker processes for large portfolios; the folders' paths are not kept beyond
        rows = load_rows(plan_folders(paths), today(), progress=shown)
    finally:
        shown.close()
    from .common import note_error_count

    for r in rows:   # the errors `saa check` finds, counted by the same check (the row marks them too)
        note_error_count(r.path, r.errors)
    if owner is not None:
        from ..actions import same_person

        rows = [r for r in rows if same_person(r.owner, owner)]
    rows = sort_rows(rows, key, reverse)
    reporting = None
    if code is not None:
        from ..portfolio import reporting_totals

        reporting = reporting_totals(rows, code)
    if json_:
        out(as_json(rows, reporting))
    else:
        terminal(rows, sort=key, reporting=reporting)


def _to_file(output: Optional[str]) -> bool:
    from ..atomic import STDOUT_NAMES

    return bool(output) and output not in STDOUT_NAMES


def _write_or_print(text: str, output: Optional[str]) -> None:
    """``text`` to ``output`` (the one writer of files, as saa report), or to stdout."""
    if _to_file(output):
        from ..atomic import write_text
        from ..render.sanitise import terminal_text

        try:
            write_text(output, text)
        except OSError as e:
            fail(f"cannot write {output}: {e.strerror or e}")
        sys.stderr.write(f"wrote {terminal_text(output, oneline=True)}\n")
    else:
        out(text)


def _kind(format: Optional[str], output: Optional[str], json_: bool) -> str:
    kind = (format or "").lower()
    if json_:
        kind = "json"
    if not kind:
        kind = "html" if output and output.lower().endswith((".html", ".htm")) else (
            "md" if output and output.lower().endswith((".md", ".markdown")) else "text")
    kind = {"markdown": "md", "terminal": "text"}.get(kind, kind)
    if kind not in ("text", "md", "html", "json"):
        fail(f"--format must be text, md, html or json, not {format!r}")
    return kind


def _currency(code: Optional[str]) -> Optional[str]:
    if code is None:
        return None
    c = code.strip().upper()
    if len(c) != 3 or not c.isalpha() or not c.isascii():
        fail(f"--currency must be an ISO currency code such as EUR or USD, not {code!r}")
    return c


FormatOpt = typer.Option(None, "--format", "-f", metavar="text|md|html",
                         help="text (the terminal), md (a pull-request comment) or html (to print); "
                              "default: from the -o file's extension, else text.")
OutputOpt = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to FILE (default: stdout).")


def review(
    paths: Optional[List[str]] = PathsArg,
    owner: Optional[str] = typer.Option(None, "--owner", metavar="NAME", help="Only the accounts of this owner."),
    quadrant: Optional[List[str]] = typer.Option(None, "--quadrant", "-q", metavar="I|II|III|IV",
                                                 help="Only deals in this quadrant (repeat, or I,II)."),
    decision_within: Optional[int] = typer.Option(None, "--decision-within", metavar="DAYS", min=0,
                                                  help="Only deals whose decision date is at most DAYS days away "
                                                       "(passed dates included)."),
    currency: Optional[str] = typer.Option(None, "--currency", metavar="CODE",
                                           help="Add up in this currency, at the rates of the plans' settings.fx; "
                                                "deals without a rate are named, never guessed."),
    format: Optional[str] = FormatOpt,
    output: Optional[str] = OutputOpt,
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """Every open deal of every plan, ranked by expected value: the list for a pipeline review.

    Each deal: account, quadrant, stage, decision date, value, probability,
    expected value, challenge colour (team and spoiler; a deal no spoiler
    scored is "unchallenged", never a colour), the gap, and its overdue actions.

    Example: saa review plans/ --decision-within 90 --currency EUR
    """
    use_config(config)
    kind = _kind(format, output, json_)
    quads = None
    if quadrant:
        from ..review import parse_quadrants

        quads = parse_quadrants(quadrant)
        if quads is None:
            fail(f"--quadrant must be I, II, III or IV, not {', '.join(quadrant)!r}")
    code = _currency(currency)
    from ..clock import today
    from ..currency import rates_of
    from ..parallel import PlanRef
    from ..review import Filters, deal_rows, keep, rank
    from ..render import review as render
    from .common import load_each, plan_folders, rendered_each

    when, filters = today(), Filters(owner, quads or (), decision_within)
    draw = kind == "text" and not _to_file(output)

    def deals(p):   # in a worker process for large portfolios: the rows name their plan, never carry it
        ref = PlanRef.of(p)
        rows = [r for r in deal_rows(p, when) if keep(r, filters, when)]
        for r in rows:
            r.plan = ref
        # on the terminal, each deal's lines under its ranked name are drawn here too (the rank is not known yet)
        return ref, rows, rendered_each(rows, render.deal_lines, soft_wrap=False) if draw else []

    parts = load_each(plan_folders(paths), deals)
    rates, conflicting = rates_of([ref for ref, _, _ in parts])
    result = rank([r for _, rows, _ in parts for r in rows], len(parts), when, filters, code, rates, conflicting)
    if kind == "json":
        _write_or_print(render.as_json(result), output)
    elif draw:
        render.terminal(result, drawn={id(r): text for _, rows, texts in parts for r, text in zip(rows, texts)})
    else:
        _write_or_print(render.render(result, "md" if kind == "text" else kind), output)


def brief(
    plan: Optional[str] = PlanArg,
    format: Optional[str] = FormatOpt,
    output: Optional[str] = OutputOpt,
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """The one page a reviewer reads: where the account stands and what needs attention.

    Account, owner, review dates, completeness, the three alignment factors, our
    pipeline by quadrant (value and expected value), the customer's quantified
    value, the top deals with their challenge standing, the most serious red
    flags, overdue actions and what changed since the last review (from git).
    The terminal form fits one 80x50 screen; --format html prints on one A4
    landscape page; --format md is for a pull-request comment.

    Example: saa brief plans/telecom --format html -o telecom-brief.html
    """
    use_config(config)
    kind = _kind(format, output, json_)
    from ..brief import build
    from ..clock import today
    from ..render import brief as render

    p = load_one(plan)
    b = build(p, today())
    if kind == "json":
        _write_or_print(render.as_json(b), output)
    elif kind == "text" and not _to_file(output):
        render.terminal(b)
    else:
        _write_or_print(render.render(b, "md" if kind == "text" else kind), output)
