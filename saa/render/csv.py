"""``saa export --format csv``: one table as CSV text (RFC 4180, CRLF line ends, UTF-8).

Numbers are plain numbers with a ``.`` decimal point and no thousands
separators (``7000000``, ``95``, ``3.7``), dates ISO (``2027-03-31``), unknown
empty. Text that a spreadsheet would read as a formula is escaped
(:func:`saa.export.escape`).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math

from ..export import Fill, SheetTable, escape


def cell(v, kind: str = "text") -> str:
    if isinstance(v, Fill):
        v = v.value
    if kind == "score" and isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
        return f"{v:.1f}"
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            return ""
        if v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return repr(round(v, 6))
    if isinstance(v, _dt.date):
        return v.isoformat()
    return escape(str(v))


def render(table: SheetTable) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([escape(c.title) for c in table.columns])
    for row in table.rows:
        w.writerow([cell(v, c.kind) for v, c in zip(row, table.columns)])
    return buf.getvalue()
