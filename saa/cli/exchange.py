"""Commands that exchange a plan with CRMs and spreadsheets: import, export, whitespace.

Thin: parse options, call the core (:mod:`saa.crm`, :mod:`saa.export`,
:mod:`saa.whitespace`), pick a renderer. Heavy modules (openpyxl, rich) are
imported inside the commands so ``saa --version`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .common import show_one, ConfigOpt, use_config, JsonOpt, PlanArg, fail, load_one, out

SOURCES = ("crm",)


def import_(
    source: str = typer.Argument(..., metavar="crm", help="What to import from: crm (a CSV report of a CRM)."),
    plan: str = typer.Argument(..., metavar="PLAN", help="The plan folder."),
    file: str = typer.Argument(..., metavar="FILE.csv", help="The CSV file exported from the CRM (or by saa export)."),
    dry_run: bool = typer.Option(False, "--dry-run", "-n", help="Print what would change; write nothing."),
    maps: Optional[List[str]] = typer.Option(
        None, "--map", metavar="COLUMN=KEY",
        help="Read COLUMN as KEY (crm_id, id, name, account, stage, value, currency, probability, decision, next_step, "
             "owner); "
             "repeat for several columns."),
    stages: Optional[List[str]] = typer.Option(
        None, "--stage", metavar="CRM=STAGE",
        help="Map a CRM stage name to a stage of the method (potential ... won, lost); repeat for several."),
    date_format: Optional[str] = typer.Option(
        None, "--date-format", metavar="FORMAT",
        help="How the CSV writes dates, in strftime codes (%d.%m.%Y); ISO and US 3/31/2027 are read anyway."),
    account: Optional[str] = typer.Option(
        None, "--account", metavar="NAME",
        help="The account's name in the CRM, when it differs from account.yaml's account."),
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """Update 08-opportunities.yaml from a CRM's CSV export: value, probability, stage, decision date.

    Reads Salesforce opportunity reports and HubSpot deal exports as they come
    (UTF-8 with or without BOM, comma or semicolon separated), and the CSV of
    `saa export --what opportunities`. Rows match opportunities by crm_id, then
    by saa id, then by name; new ones of this account are appended, none is
    deleted. Comments and untouched lines stay; the write is atomic. A bad row
    is a finding FILE.csv:ROW:COL (the header is row 1) and nothing is written.

    Example: saa import crm plans/telecom pipeline.csv --dry-run
    """
    use_config(config)
    from ..crm import DEFAULT_STAGE_MAP, ApplyError, parse_maps, parse_stage_maps, plan_import, render
    from ..render import crm as R
    from ..render.findings import clean

    if source not in SOURCES:
        fail(f"saa import reads from: {', '.join(SOURCES)} (not {source!r}); e.g. saa import crm PLAN FILE.csv")
    col_maps, errors = parse_maps(maps or [])
    stage_over, errors2 = parse_stage_maps(stages or [])
    if errors or errors2:
        fail("; ".join(errors + errors2))
    if date_format is not None and "%" not in date_format:
        fail(f"--date-format takes strftime codes such as %d.%m.%Y, not {date_format!r}")
    path = Path(file)
    if not path.exists():
        fail(f"no such file: {file}")
    if not path.is_file():
        fail(f"{file} is not a file")
    p = load_one(plan)
    errs = [f for f in p.findings if f.severity == "error" and f.path == p.path_of("08-opportunities.yaml")]
    if errs:
        for f in errs:
            sys.stderr.write(f"{clean(f.path)}:{f.line}:{f.column}: error: {clean(f.message)} [{f.rule}]\n")
        sys.stderr.write(f"saa: {p.path_of('08-opportunities.yaml')} has errors; fix them before importing "
                         "(nothing written)\n")
        raise typer.Exit(1)
    from ..config import crm_stage_map

    table = dict(DEFAULT_STAGE_MAP)
    table.update(crm_stage_map(p.config))   # saa.yaml's steps.crm_stages, then --stage win
    table.update(stage_over)
    result = plan_import(p, path, file, maps=col_maps, stage_map=table, date_format=date_format, account=account)
    if result.errors:
        if json_:
            out(R.as_json(result, applied=False))
        else:
            for f in result.findings:
                sys.stdout.write(f"{clean(f.path)}:{f.line}:{f.column}: {f.severity}: {clean(f.message)} [{f.rule}]\n")
            n = len(result.errors)
            out(f"{n} error{'s' if n != 1 else ''} in {clean(file)}: nothing imported, "
                f"{p.path_of('08-opportunities.yaml')} is untouched\n")
        raise typer.Exit(1)
    applied = False
    if not dry_run and result.applied_changes:
        from ..atomic import write_text_atomic

        try:
            target, text = render(p, result)
        except ApplyError as e:
            fail(str(e))
        try:
            write_text_atomic(target, text)
        except OSError as e:
            fail(f"cannot write {target}: {e.strerror or e}; nothing written")
        applied = True
    if json_:
        out(R.as_json(result, applied=applied))
    else:
        out(R.text(result, dry_run=dry_run))


import_.command_name = "import"  # type: ignore[attr-defined]  # a function attribute the command registry reads (saa/cli/__init__.py)


def export(
    plan: Optional[str] = PlanArg,
    what: Optional[str] = typer.Option(
        None, "--what", "-w", metavar="WHAT",
        help="opportunities, contacts, actions, values, challenge or whitespace; "
             "without it (xlsx only): the whole plan, one sheet per step."),
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="csv|xlsx",
                                         help="csv or xlsx; default: from the -o file's extension, else csv."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE",
                                         help="Write to FILE (default: CSV on stdout; xlsx needs a file)."),
    config: Optional[str] = ConfigOpt,
) -> None:
    """Tables of the plan for a spreadsheet: CSV of one table, or an Excel workbook.

    `--format xlsx` without --what writes the whole plan, one sheet per step laid
    out like the method's worksheets: the matrix as four quadrant blocks ranked
    by expected value, the challenge table in red, yellow and green. Numbers stay
    numbers, dates dates; text that would start a formula is escaped. The CSV of
    --what opportunities is what `saa import crm` reads back.

    Example: saa export plans/telecom --format xlsx -o telecom.xlsx
    """
    use_config(config)
    from ..clock import today
    from ..export import WHATS

    kind = (format or "").lower()
    if not kind:
        kind = "xlsx" if output and output.lower().endswith(".xlsx") else "csv"
    if kind not in ("csv", "xlsx"):
        fail(f"--format must be csv or xlsx, not {format!r}")
    if what is not None and what not in WHATS:
        fail(f"--what must be one of {', '.join(WHATS)}, not {what!r}")
    if kind == "csv" and what is None:
        fail("--format csv writes one table: name it with --what "
             f"({', '.join(WHATS)}); or use --format xlsx -o FILE for the whole plan")
    if kind == "xlsx" and (not output or output == "-"):
        fail("--format xlsx writes a file: give it with -o FILE.xlsx")
    p = load_one(plan)
    if kind == "csv":
        from ..export import table
        from ..render.csv import render as render_csv

        assert what is not None  # checked above: CSV is one table, named with --what
        text = render_csv(table(p, what, today()))
        if not output or output == "-":
            out(text)
            return
        from ..atomic import write_text_atomic

        try:
            write_text_atomic(output, "\ufeff" + text)
        except OSError as e:
            fail(f"cannot write {output}: {e.strerror or e}")
        sys.stderr.write(f"wrote {output}\n")
        return
    from ..export import one_sheet, workbook
    from ..render.xlsx import render as render_xlsx

    sheets = workbook(p, today()) if what is None else one_sheet(p, what, today())
    from ..atomic import write_bytes

    data = render_xlsx(sheets)
    try:
        write_bytes(output, data)
    except OSError as e:
        fail(f"cannot write {output}: {e.strerror or e}")
    sys.stderr.write(f"wrote {output} ({len(sheets)} sheet{'s' if len(sheets) != 1 else ''})\n")


def whitespace(
    plan: Optional[str] = PlanArg,
    json_: bool = JsonOpt,
    config: Optional[str] = ConfigOpt,
) -> None:
    """The whitespace map: the customer's business units x our offerings, who holds each cell.

    ours, competitor (and who), open (the whitespace to win), pursuing (and the
    opportunity that goes after it), not a fit; ? when not assessed yet. Written
    in the `whitespace` section of 08-opportunities.yaml.

    Example: saa whitespace plans/telecom
    """
    use_config(config)
    from ..render import whitespace as render

    show_one(plan, render, json_)
