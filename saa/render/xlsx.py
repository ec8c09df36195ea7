"""``saa export --format xlsx``: sheets of tables as an Excel workbook (openpyxl, imported here only).

Each sheet: its title in row 1, then its bands of tables (side by side within
a band), each table with a bold title, a bold header row on grey and its rows.
Numbers are numbers (money ``#,##0``, probabilities ``0%``, scores ``0.0``),
dates are dates (``yyyy-mm-dd``), multi-line text wraps. Column widths fit the
content (up to 60 characters). A sheet of one table freezes its title and
header rows. :class:`~saa.export.Fill` cells get their fill: the challenge's
red, yellow and green as in Excel's own conditional formats, the whitespace
statuses in their colours.

Text that starts like a formula (``= + - @``, tab, CR) is written as a text
cell with Excel's quote prefix: it reads exactly as written, and neither Excel
nor LibreOffice ever evaluates it.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import re

from ..export import DANGEROUS, Fill, Sheet

RAG = {  # fill, font: Excel's "light red fill with dark red text" family
    "red": ("FFC7CE", "9C0006"),
    "yellow": ("FFEB9C", "9C5700"),
    "green": ("C6EFCE", "006100"),
}
FORMATS = {"money": "#,##0", "percent": "0%", "score": "0.0", "int": "0", "date": "yyyy-mm-dd", "number": "General"}
MAX_WIDTH = 60
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text_width(v) -> int:
    if v is None:
        return 0
    if isinstance(v, Fill):
        v = v.value
    if isinstance(v, _dt.date):
        return 10
    if isinstance(v, float):
        return len(f"{v:,.0f}") if abs(v) >= 100 else len(f"{v:.2f}")
    if isinstance(v, int):
        return len(f"{v:,}")
    return max((len(line) for line in str(v).split("\n")), default=0)


def sheet_name(name: str, taken: set) -> str:
    base = _BAD_SHEET.sub("-", name).strip("'")[:31] or "Sheet"
    cand, n = base, 2
    while cand.lower() in taken:
        suffix = f" ({n})"
        cand = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(cand.lower())
    return cand


def render(sheets: list[Sheet]) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    header_border = Border(bottom=Side(style="thin", color="808080"))
    top_wrap = Alignment(vertical="top", wrap_text=True)
    top = Alignment(vertical="top")
    taken: set = set()

    def put(ws, row, col, v, kind):
        c = ws.cell(row=row, column=col)
        fill = None
        if isinstance(v, Fill):
            fill, v = v.colour, v.value
        if v is None:
            pass
        elif isinstance(v, bool):
            c.value = "yes" if v else "no"
        elif isinstance(v, (int, float)):
            if isinstance(v, float) and not math.isfinite(v):
                v = None
            c.value = v
            c.number_format = FORMATS.get(kind, "General")
            if kind == "money" and isinstance(v, float) and v != int(v):
                c.number_format = "#,##0.00"
        elif isinstance(v, _dt.date):
            c.value = v
            c.number_format = FORMATS["date"]
        else:
            s = _CONTROL.sub(" ", str(v))
            c.value = s
            c.data_type = "s"        # never a formula, whatever the text
            if s.startswith(DANGEROUS):
                c.quotePrefix = True  # Excel's mark for text that looks like a formula
        c.alignment = top_wrap if isinstance(c.value, str) else top
        if fill:
            if fill in RAG:
                bg, fg = RAG[fill]
                c.fill = PatternFill("solid", fgColor=bg)
                c.font = Font(color=fg, bold=True)
            else:
                hexc = fill.lstrip("#").upper()
                c.fill = PatternFill("solid", fgColor=hexc)
                c.font = Font(color="000000" if hexc in ("F9A825", "FFFFFF", "9E9E9E") else "FFFFFF", bold=True)
        return c

    for sheet in sheets:
        ws = wb.create_sheet(sheet_name(sheet.name, taken))
        title = ws.cell(row=1, column=1, value=_CONTROL.sub(" ", sheet.title))
        title.data_type = "s"
        title.font = Font(bold=True, size=14)
        widths: dict = {}
        row = 3
        freeze = None
        for b, band in enumerate(sheet.bands):
            col = 1
            height = 0
            for table in band:
                r = row
                if table.title:
                    t = put(ws, r, col, table.title, "text")
                    t.font, t.alignment = Font(bold=True, size=12), top
                    r += 1
                for j, column in enumerate(table.columns):
                    h = put(ws, r, col + j, column.title, "text")
                    h.font, h.fill, h.border = bold, header_fill, header_border
                    h.alignment = Alignment(vertical="top", wrap_text=True)
                    widths[col + j] = max(widths.get(col + j, 0), min(len(column.title), 24))
                if b == 0 and len(band) == 1 and sheet.freeze_header and freeze is None:
                    freeze = f"A{r + 1}"
                r += 1
                for values in table.rows:
                    for j, column in enumerate(table.columns):
                        v = values[j] if j < len(values) else None
                        put(ws, r, col + j, v, column.kind)
                        w = _text_width(v) + (2 if column.kind == "money" else 0)
                        widths[col + j] = max(widths.get(col + j, 0), min(w, MAX_WIDTH))
                    r += 1
                if not table.rows:
                    c = put(ws, r, col, "(none yet)", "text")
                    c.font, c.alignment = Font(italic=True, color="808080"), top
                    r += 1
                if table.note:
                    c = put(ws, r, col, table.note, "text")
                    c.font, c.alignment = Font(italic=True, color="808080"), top
                    r += 1
                height = max(height, r - row)
                col += len(table.columns) + 1
            row += height + 1
        for j, w in widths.items():
            ws.column_dimensions[get_column_letter(j)].width = max(6, w + 2)
        _row_heights(ws, {j: max(6, w + 2) for j, w in widths.items()})
        if freeze:
            ws.freeze_panes = freeze
        # printing (and PDF): landscape, every column on one page wide
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _row_heights(ws, widths: dict) -> None:
    """Rows of wrapped text get the height of their tallest cell (spreadsheets do not all measure it on open)."""
    for row in ws.iter_rows(min_row=3):
        lines = 1
        for c in row:
            if isinstance(c.value, str) and c.alignment is not None and c.alignment.wrap_text:
                width = max(1, int(widths.get(c.column, 10)) - 1)
                n = sum(max(1, math.ceil(len(part) / width)) for part in c.value.split("\n"))
                lines = max(lines, n)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = 15 * min(lines, 30)
