"""``saa import crm``: opportunities from a CRM's CSV export into ``08-opportunities.yaml``.

Reading: a CSV file as CRMs and spreadsheets write it (UTF-8 with or without a
BOM, comma, semicolon or tab separated, quoted fields over several lines, the
footer Salesforce adds under a report). Columns are recognised by their names
in Salesforce opportunity reports and HubSpot deal exports, by the names
``saa export --what opportunities`` writes, or through ``column=key`` maps.

Rows are matched to the plan's opportunities by ``crm_id``, then by saa id,
then by name; rows of other accounts are left out. A matched opportunity gets
value, probability, stage and decision date from the row; a new one is
appended; none is ever deleted. The result is a change set in the method's
terms (moved quadrant, re-valued, new, closed) that :func:`apply` writes into
the plan file through the same comment-keeping writer as ``saa fmt``.

Every problem in the file is a :class:`~saa.findings.Finding` at
``FILE.csv:ROW:COL`` (ROW is the spreadsheet's row number, the header being
row 1; COL is the 1-based column number); a file with any error is not applied
at all. Nothing here prints.
"""

from __future__ import annotations

import copy
import csv
import datetime as _dt
import io
import math
import re
from dataclasses import field
from .records import dataclass
from pathlib import Path

from .vocab import DEAL_STAGES as STAGES
from .findings import Finding
from .scalars import ScalarError, parse_money

NAME = "08-opportunities.yaml"
MAX_CSV_BYTES = 20 * 1024 * 1024   # a CRM report of ~100,000 deals; larger is not an account's pipeline
MAX_ROWS = 100_000
RULE = "crm-import"

# ---- columns -------------------------------------------------------------------

KEYS = ("crm_id", "id", "name", "account", "stage", "value", "currency", "probability", "decision", "next_step", "owner")
# normalised column name -> key: Salesforce opportunity reports, HubSpot deal exports, saa export
COLUMNS = {
    # Salesforce
    "opportunity id": "crm_id", "opportunity id 18": "crm_id", "opportunity name": "name", "account name": "account",
    "stage": "stage", "amount": "value", "probability": "probability", "close date": "decision",
    "next step": "next_step", "opportunity owner": "owner",
    # HubSpot
    "record id": "crm_id", "deal id": "crm_id", "deal name": "name", "deal stage": "stage", "deal owner": "owner",
    "associated company": "account", "associated company primary": "account", "company name": "account",
    "deal probability": "probability", "amount in company currency": "value",
    # multi-currency CRMs: the currency of each row's amount
    "opportunity currency": "currency", "amount currency": "currency", "currency": "currency",
    "deal currency code": "currency", "currency code": "currency",
    # saa export --what opportunities
    "saa id": "id", "crm id": "crm_id", "name": "name", "value": "value", "decision date": "decision",
    "next action": "next_step",
}

# ---- stages ----------------------------------------------------------------------


# CRM stage name -> the method's stage. Salesforce's standard opportunity stages and HubSpot's
# default sales pipeline (labels and internal names); the method's own names map to themselves.
# Keys are compared normalised (:func:`stage_key`), so "Closed Won", "closedwon" and "closed-won" are one.
DEFAULT_STAGE_MAP = {
    # Salesforce
    "Prospecting": "potential",
    "Qualification": "assessment",
    "Needs Analysis": "assessment",
    "Value Proposition": "qualified",
    "Id. Decision Makers": "qualified",
    "Perception Analysis": "qualified",
    "Proposal/Price Quote": "proposal",
    "Negotiation/Review": "negotiation",
    "Closed Won": "won",
    "Closed Lost": "lost",
    # HubSpot
    "Appointment Scheduled": "concept",
    "Qualified To Buy": "qualified",
    "Presentation Scheduled": "qualified",
    "Decision Maker Bought-In": "proposal",
    "Contract Sent": "negotiation",
    # the method's own names (and what saa export writes)
    **{s: s for s in STAGES},
    "On hold": "on-hold",
}


def stage_key(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", name.lower())


def _norm_header(h: str) -> str:
    h = h.replace("\ufeff", "").strip().lower()
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", h).split()).replace("%", "").strip()


# ---- results ---------------------------------------------------------------------

@dataclass
class Change:
    kind: str                 # "new", "updated", "unchanged"
    id: str
    name: str
    row: int
    fields: dict = field(default_factory=dict)   # key -> (old, new) for updated; key -> new for new
    quadrant: tuple = (None, None)               # (before, after); None = closed
    matched_by: str = ""                         # crm_id, id, name, or "" for new
    set_crm_id: str | None = None                # crm_id written into a matched opportunity

    @property
    def moved(self) -> bool:
        return self.kind == "updated" and self.quadrant[0] != self.quadrant[1]

    @property
    def revalued(self) -> bool:
        return self.kind == "updated" and "value" in self.fields

    @property
    def closed(self) -> bool:
        return self.quadrant[1] is None and (self.kind == "new" or self.quadrant[0] is not None)


@dataclass
class ImportResult:
    csv_path: str
    plan_file: str
    currency: str
    findings: list = field(default_factory=list)
    changes: list = field(default_factory=list)       # Change, in file order
    gone: list = field(default_factory=list)          # (id, crm_id) of plan opportunities with a crm_id not in the file
    other_accounts: dict = field(default_factory=dict)  # account name -> rows left out
    closed_skipped: list = field(default_factory=list)  # (row, name, stage): closed in the CRM, never in the plan
    columns: dict = field(default_factory=dict)       # key -> column title used
    ignored_columns: list = field(default_factory=list)
    rows: int = 0

    @property
    def errors(self) -> list:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def applied_changes(self) -> list:
        return [c for c in self.changes if c.kind != "unchanged" or c.set_crm_id]

    def as_dict(self) -> dict:
        def change(c: Change) -> dict:
            d = {"kind": c.kind, "id": c.id, "name": c.name, "row": c.row,
                 "quadrant": {"before": c.quadrant[0], "after": c.quadrant[1]},
                 "moved": c.moved, "revalued": c.revalued, "closed": c.closed, "matched_by": c.matched_by or None}
            if c.kind == "new":
                d["fields"] = {k: _jsonable(v) for k, v in c.fields.items()}
            else:
                d["fields"] = {k: {"before": _jsonable(a), "after": _jsonable(b)} for k, (a, b) in c.fields.items()}
            if c.set_crm_id:
                d["crm_id"] = c.set_crm_id
            return d

        return {
            "file": self.csv_path, "plan_file": self.plan_file, "currency": self.currency, "rows": self.rows,
            "changes": [change(c) for c in self.changes if c.kind != "unchanged" or c.set_crm_id],
            "unchanged": [c.id for c in self.changes if c.kind == "unchanged" and not c.set_crm_id],
            "gone": [{"id": i, "crm_id": cid} for i, cid in self.gone],
            "other_accounts": self.other_accounts,
            "closed_not_added": [{"row": r, "name": n, "stage": st} for r, n, st in self.closed_skipped],
            "findings": [f.as_dict() for f in self.findings],
        }


def _jsonable(v):
    if isinstance(v, _dt.date):
        return v.isoformat()
    return v


# ---- reading the file ---------------------------------------------------------------

class CsvProblem(Exception):
    """The file as a whole cannot be read (a finding at a place in it)."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


def _line_col_of(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def decode(raw: bytes, shown: str) -> str:
    """The text of a CSV file: UTF-8 with or without BOM. Raises :class:`CsvProblem`."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvProblem(Finding(shown, 1, 1, "error", RULE,
                                 "the file is UTF-16 text; save it as CSV UTF-8 (in Excel: Save As, CSV UTF-8)"))
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _line_col_of(raw, nul)
        raise CsvProblem(Finding(shown, line, col, "error", RULE, "binary data, not CSV text: is this the right file?"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_col_of(raw, e.start)
        raise CsvProblem(Finding(shown, line, col, "error", RULE,
                                 "not UTF-8 text; save it as CSV UTF-8 (in Excel: Save As, CSV UTF-8; "
                                 "in LibreOffice: character set Unicode (UTF-8))")) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (spreadsheets in locales with a decimal comma) or tab: the most frequent
    one outside quotes in the header line."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in text[:65536]:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            if ch in "\r\n":
                break
            if ch in counts:
                counts[ch] += 1
    best = max(counts, key=lambda k: (counts[k], k == ","))
    return best if counts[best] else ","


def read_rows(text: str, shown: str) -> tuple[list, list, str]:
    """(header, rows, delimiter); each row is a list of cells. Raises :class:`CsvProblem`."""
    delim = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, quotechar='"', strict=False)
    rows = []
    try:
        for r in reader:
            rows.append(r)
            if len(rows) > MAX_ROWS + 1:
                raise CsvProblem(Finding(shown, len(rows), 1, "error", RULE,
                                         f"more than {MAX_ROWS:,} rows; export the account's opportunities only"))
    except csv.Error as e:
        raise CsvProblem(Finding(shown, len(rows) + 1, 1, "error", RULE, f"not readable as CSV: {e}")) from None
    if not rows or not any(c.strip() for c in rows[0]):
        raise CsvProblem(Finding(shown, 1, 1, "error", RULE,
                                 "no header row: the first row names the columns (Opportunity Name, Stage, Amount...)"))
    return rows[0], rows[1:], delim


def _footer_start(rows: list) -> int:
    """Where a report's footer begins (Salesforce: a blank row, then lines such as
    "Grand Totals", "Copyright (c) ... salesforce.com", "Confidential Information"), or len(rows)."""
    for i, r in enumerate(rows):
        if not any(c.strip() for c in r):
            rest = rows[i + 1:]
            if all(sum(1 for c in x if c.strip()) <= 1 for x in rest):
                return i
    return len(rows)


# ---- cells --------------------------------------------------------------------------

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def unescape(cell: str) -> str:
    """Undo the formula-injection escape of :func:`saa.export.escape` (a ``'`` before = + - @)."""
    if len(cell) >= 2 and cell[0] == "'" and cell[1] in _DANGEROUS:
        return cell[1:]
    return cell


_CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF"}
_AMOUNT_RE = re.compile(r"^(?P<neg>-)?(?P<num>[0-9][0-9.,' \u00a0\u202f]*)$")


def parse_amount(cell: str, currency: str, fx: dict, row_currency: str | None = None) -> float | None:
    """An amount as CRMs and spreadsheets write it: ``$1,250,000.00``, ``1.250.000,00 €``,
    ``EUR 1 250 000``, ``(5,000)``, or saa's own ``7.5M``. None for unknown. Raises ScalarError.

    ``row_currency`` is the ISO code of the row's currency column (multi-currency CRMs), used when
    the cell itself shows none."""
    s = cell.strip()
    if s.lower() in ("unknown", "?"):
        return None
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1].strip()
    code = None
    for sign, iso in sorted(_CURRENCY_SIGNS.items(), key=lambda kv: -len(kv[0])):
        if s.startswith(sign) or s.endswith(sign):
            code = iso
            s = (s[len(sign):] if s.startswith(sign) else s[: -len(sign)]).strip()
            break
    else:
        m = re.match(r"^([A-Za-z]{3})\s+(.*)$", s) or re.match(r"^(.*?)\s+([A-Za-z]{3})$", s)
        if m:
            a, b = m.groups()
            code, s = (a.upper(), b) if len(a) == 3 and a.isalpha() else (b.upper(), a)
    if code is None and row_currency:
        code = row_currency.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise ScalarError(f"not a currency: {row_currency!r}; write an ISO code such as USD or EUR")
    if s.startswith("-"):
        neg, s = (not neg), s[1:].strip()
    m = _AMOUNT_RE.match(s)
    if not m:
        # saa's own forms: 7M, 200k, 4.5M
        try:
            x = parse_money(("-" if neg else "") + s + (f" {code}" if code else ""), currency=currency, fx=fx)
        except ScalarError:
            raise ScalarError(f"not an amount of money: {cell.strip()!r}; write 1250000, $1,250,000.00 or 1.25M") from None
        return x
    num = re.sub(r"['\s\u00a0\u202f]", "", m["num"])
    last_dot, last_comma = num.rfind("."), num.rfind(",")
    dec: str | None
    if last_dot >= 0 and last_comma >= 0:
        dec = "." if last_dot > last_comma else ","      # 1,250,000.00 or 1.250.000,00
    elif last_comma >= 0:                                # 1,250,000 and 1,250 (thousands); 1,5 and 1250,50 (decimal)
        dec = "," if num.count(",") == 1 and len(num) - last_comma - 1 != 3 else None
    elif last_dot >= 0:                                  # 1250000.00 and 1.5 (decimal); 1.250.000 (thousands)
        dec = "." if num.count(".") == 1 else None
    else:
        dec = None
    if dec is None:
        digits = num.replace(",", "").replace(".", "")
    else:
        other = "," if dec == "." else "."
        whole, _, frac = num.rpartition(dec)
        if other in frac or dec in whole:
            raise ScalarError(f"not an amount of money: {cell.strip()!r}; write 1250000, $1,250,000.00 or 1.25M")
        digits = whole.replace(other, "") + "." + frac
    try:
        x = float(digits)
    except ValueError:
        raise ScalarError(f"not an amount of money: {cell.strip()!r}; write 1250000, $1,250,000.00 or 1.25M") from None
    if not math.isfinite(x) or x > 1e15:
        raise ScalarError(f"amount too large: {cell.strip()!r}")
    x = -x if neg else x
    if code and code != currency:
        rate = (fx or {}).get(code)
        if not isinstance(rate, (int, float)) or rate <= 0:
            raise ScalarError(f"the amount is in {code} and the plan in {currency}: add settings.fx.{code} to account.yaml")
        x *= float(rate)
    return x + 0.0


def parse_probability(cell: str, percent_column: bool) -> float:
    """``90%``; ``90`` in a percent column (Salesforce's "Probability (%)"); ``0.9``."""
    s = cell.strip().replace(",", ".")
    pct = s.endswith("%")
    if pct:
        s = s[:-1].strip()
    try:
        x = float(s)
    except ValueError:
        raise ScalarError(f"not a probability: {cell.strip()!r}; write 90, 90% or 0.9") from None
    if not math.isfinite(x) or x < 0:
        raise ScalarError(f"not a probability: {cell.strip()!r}; write 90, 90% or 0.9")
    if pct or percent_column or x > 1:
        x = x / 100
    if x > 1:
        raise ScalarError(f"a probability is at most 100%, not {cell.strip()!r}")
    return x


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d\d:?\d\d)?)?$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?: [0-9:]+(?: ?[AaPp][Mm])?)?$")
_PLAN_DATE = re.compile(r"^\d{4}-(?:\d{2}|[Qq][1-4])$")


def parse_date(cell: str, date_format: str | None = None) -> _dt.date:
    """ISO (``2027-03-31``, with a time or not), US (``3/31/2027``, Salesforce's default locale),
    the plan's own ``2027-03`` and ``2027-Q1``, or ``date_format`` (strftime codes)."""
    s = cell.strip()
    if date_format:
        try:
            return _dt.datetime.strptime(s, date_format).date()
        except ValueError:
            pass
    m = _ISO_DATE.match(s)
    try:
        if m:
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _US_DATE.match(s)
        if m:
            y = int(m[3])
            y = y + 2000 if len(m[3]) == 2 else y
            return _dt.date(y, int(m[1]), int(m[2]))
    except ValueError:
        pass
    if _PLAN_DATE.match(s):
        from .scalars import parse_date as plan_date

        return plan_date(s)
    hint = f"with --date-format {date_format}" if date_format else "write 2027-03-31 or 3/31/2027, or give --date-format (e.g. %d.%m.%Y)"
    raise ScalarError(f"not a date: {cell.strip()!r}; {hint}")


# ---- recognising the columns --------------------------------------------------------

def parse_maps(maps: list[str]) -> tuple[dict, list]:
    """``--map "Column=key"`` options: (normalised column -> key, error messages)."""
    out, errors = {}, []
    for m in maps or []:
        col, sep, key = m.rpartition("=")
        key = key.strip().replace("-", "_")
        if not sep or not col.strip():
            errors.append(f"--map {m!r}: write COLUMN=KEY, e.g. --map \"Est. Revenue=value\"")
        elif key not in KEYS:
            errors.append(f"--map {m!r}: unknown key {key!r}; keys are {', '.join(KEYS)}")
        else:
            out[_norm_header(col)] = key
    return out, errors


def parse_stage_maps(maps: list[str]) -> tuple[dict, list]:
    """``--stage "CRM stage=method stage"`` options."""
    out, errors = {}, []
    for m in maps or []:
        crm, sep, ours = m.rpartition("=")
        ours = ours.strip()
        if not sep or not crm.strip():
            errors.append(f"--stage {m!r}: write CRM-STAGE=STAGE, e.g. --stage \"Discovery=concept\"")
        elif ours not in STAGES:
            errors.append(f"--stage {m!r}: {ours!r} is not a stage of the method; stages are {', '.join(STAGES)}")
        else:
            out[crm.strip()] = ours
    return out, errors


def recognise(header: list, maps: dict) -> tuple[dict, dict, list]:
    """(key -> column index, key -> header text, ignored header texts)."""
    cols, titles, ignored = {}, {}, []
    for i, h in enumerate(header):
        n = _norm_header(h)
        key = maps.get(n) or COLUMNS.get(n)
        if key and key not in cols:
            cols[key] = i
            titles[key] = h.replace("\ufeff", "").strip()
        elif h.strip():
            ignored.append(h.strip())
    return cols, titles, ignored


# ---- the plan side -------------------------------------------------------------------

_SUFFIXES = {"inc", "incorporated", "co", "company", "corp", "corporation", "ltd", "limited", "llc", "plc",
             "gmbh", "ag", "sa", "sas", "bv", "nv", "spa", "oy", "ab", "as", "kk", "pte", "pty", "the"}


def account_key(name: str) -> str:
    words = re.sub(r"[^0-9a-z]+", " ", name.lower()).split()
    return " ".join(w for w in words if w not in _SUFFIXES)


def slugify(name: str) -> str:
    s = re.sub(r"[^0-9a-z]+", "-", name.lower()).strip("-")
    if len(s) > 40:
        s = s[:40].rsplit("-", 1)[0] if "-" in s[:40] else s[:40]
    return s.strip("-")


def _quadrant(stage, written_quadrant) -> str | None:
    """The quadrant an opportunity with this stage (and written quadrant) is in: :func:`saa.matrix.quadrant`."""
    from types import SimpleNamespace
    from typing import cast

    from .matrix import quadrant
    from .plan import Opportunity  # already loaded by saa.matrix

    # quadrant() reads only the stage and the written quadrant: a stand-in with those two
    return quadrant(cast(Opportunity, SimpleNamespace(stage=stage, quadrant=written_quadrant)))


# ---- the import ----------------------------------------------------------------------

def plan_import(plan, csv_path: Path, shown: str, *, maps: dict | None = None, stage_map: dict | None = None,
                date_format: str | None = None, account: str | None = None) -> ImportResult:
    """Read ``csv_path`` against ``plan`` (a loaded :class:`~saa.plan.Plan`): the change set and findings.

    ``stage_map`` maps CRM stage names to the method's stages (default :data:`DEFAULT_STAGE_MAP`;
    a company's own table replaces it). Never raises on bad input.
    """
    res = ImportResult(shown, plan.path_of(NAME), plan.currency)
    table = {stage_key(k): v for k, v in (DEFAULT_STAGE_MAP if stage_map is None else stage_map).items()}
    try:
        size = csv_path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise CsvProblem(Finding(shown, 1, 1, "error", RULE,
                                     f"the file is {size / 1e6:.0f} MB, more than the {MAX_CSV_BYTES // 10**6} MB "
                                     "a CSV import reads; export the account's opportunities only"))
        with open(csv_path, "rb") as fh:
            raw = fh.read(MAX_CSV_BYTES + 1)
        text = decode(raw, shown)
        header, rows, _delim = read_rows(text, shown)
    except CsvProblem as e:
        res.findings.append(e.finding)
        return res
    cols, titles, ignored = recognise(header, maps or {})
    res.columns, res.ignored_columns = titles, ignored
    if "name" not in cols and "crm_id" not in cols and "id" not in cols:
        res.findings.append(Finding(shown, 1, 1, "error", RULE,
                                    "no column names the opportunities: expected Opportunity Name (Salesforce), "
                                    "Deal Name (HubSpot) or Name; map another with --map \"COLUMN=name\""))
        return res
    rows = rows[:_footer_start(rows)]
    res.rows = len(rows)

    want_account = account_key(account or plan.account)
    by_crm = {o.crm_id: o for o in plan.opportunities if o.crm_id}
    by_id = {o.id: o for o in plan.opportunities}
    by_name: dict = {}
    for o in plan.opportunities:
        by_name.setdefault(o.name.strip().lower(), o)
    taken_ids = set(by_id)
    seen_opps: dict = {}     # opportunity id -> row number
    seen_crm: dict = {}
    file_crm_ids = set()

    for r_index, cells in enumerate(rows):
        number = r_index + 2
        if not any(c.strip() for c in cells):
            continue

        def cell(key, cells=cells):
            i = cols.get(key)
            if i is None or i >= len(cells):
                return None
            v = unescape(cells[i].strip())
            return v if v else None

        def bad(key, message, number=number):
            res.findings.append(Finding(shown, number, cols[key] + 1, "error", RULE, message))

        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            res.findings.append(Finding(shown, number, len(header) + 1, "error", RULE,
                                        f"this row has {len(cells)} cells but the header names {len(header)} columns; "
                                        "a separator inside a value must be quoted"))
            continue
        values, before = {}, len(res.findings)
        for key in ("crm_id", "id", "name", "account", "next_step", "owner"):
            v = cell(key)
            if v is not None:
                values[key] = v
        rc = cell("currency")
        if rc is not None and not re.fullmatch(r"[A-Za-z]{3}", rc):
            bad("currency", f"not a currency: {rc!r}; write an ISO code such as USD or EUR")
            rc = None
        v = cell("value")
        if v is not None:
            try:
                values["value"] = parse_amount(v, plan.currency, plan.fx, rc)
            except ScalarError as e:
                bad("value", str(e))
        v = cell("probability")
        if v is not None:
            pct_col = "%" in titles.get("probability", "") or "percent" in titles.get("probability", "").lower()
            try:
                values["probability"] = parse_probability(v, pct_col)
            except ScalarError as e:
                bad("probability", str(e))
        v = cell("decision")
        if v is not None:
            try:
                values["decision"] = parse_date(v, date_format)
            except ScalarError as e:
                bad("decision", str(e))
        v = cell("stage")
        if v is not None:
            ours = table.get(stage_key(v))
            if ours is None:
                bad("stage", f"unknown stage {v!r}: map it to one of the method's stages with --stage \"{v}=STAGE\" "
                             f"(stages: {', '.join(STAGES)})")
            else:
                values["stage"] = ours
        if len(res.findings) > before:
            continue

        if values.get("crm_id"):
            file_crm_ids.add(values["crm_id"])
        opp, how = None, ""
        if values.get("crm_id") and values["crm_id"] in by_crm:
            opp, how = by_crm[values["crm_id"]], "crm_id"
        elif values.get("id") and values["id"] in by_id:
            opp, how = by_id[values["id"]], "id"
        if opp is None and "account" in values and account_key(values["account"]) != want_account:
            res.other_accounts[values["account"]] = res.other_accounts.get(values["account"], 0) + 1
            continue
        if opp is None and values.get("name") and values["name"].strip().lower() in by_name:
            cand = by_name[values["name"].strip().lower()]
            if not (cand.crm_id and values.get("crm_id") and cand.crm_id != values["crm_id"]):
                opp, how = cand, "name"
        if values.get("crm_id"):
            if values["crm_id"] in seen_crm:
                res.findings.append(Finding(shown, number, cols["crm_id"] + 1, "error", RULE,
                                            f"CRM id {values['crm_id']!r} is on row {seen_crm[values['crm_id']]} too"))
                continue
            seen_crm[values["crm_id"]] = number
        if opp is not None:
            if opp.id in seen_opps:
                col = cols.get({"crm_id": "crm_id", "id": "id"}.get(how, "name"), 0) + 1
                res.findings.append(Finding(shown, number, col, "error", RULE,
                                            f"this row and row {seen_opps[opp.id]} are both opportunity {opp.id!r}"))
                continue
            seen_opps[opp.id] = number
            res.changes.append(_update(opp, values, number, how))
            continue
        if not values.get("name"):
            col = cols.get("name", cols.get("crm_id", cols.get("id", 0))) + 1
            res.findings.append(Finding(shown, number, col, "error", RULE,
                                        "a new opportunity needs a name, and this row has none"))
            continue
        if values.get("stage") in ("won", "lost"):
            res.closed_skipped.append((number, values["name"], values["stage"]))
            continue
        new_id = _new_id(values, taken_ids)
        taken_ids.add(new_id)
        res.changes.append(_new(new_id, values, number))
    for o in plan.opportunities:
        if o.crm_id and o.crm_id not in file_crm_ids and o.id not in seen_opps:
            res.gone.append((o.id, o.crm_id))
    return res


def _new_id(values: dict, taken: set) -> str:
    base = values.get("id") if values.get("id") and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", values["id"]) else None
    base = base or slugify(values["name"]) or (("crm-" + slugify(values["crm_id"])) if values.get("crm_id") else "") \
        or "opportunity"
    cand, n = base, 2
    while cand in taken:
        cand = f"{base}-{n}"
        n += 1
    return cand


def _same(key, a, b) -> bool:
    if a is None or b is None:
        return a is b
    if key == "value":
        return abs(a - b) < 0.005
    if key == "probability":
        return abs(a - b) < 1e-9
    return a == b


def _update(opp, values: dict, number: int, how: str) -> Change:
    fields = {}
    current = {"value": opp.value, "probability": opp.probability, "stage": opp.stage, "decision": opp.decision}
    for key in ("value", "probability", "stage", "decision"):
        if key not in values:
            continue
        if key == "value" and values[key] is None and opp.value is None:
            continue
        if not _same(key, current[key], values[key]):
            fields[key] = (current[key], values[key])
    before = _quadrant(opp.stage, opp.quadrant)
    after = _quadrant(fields["stage"][1] if "stage" in fields else opp.stage, opp.quadrant)
    ch = Change("updated" if fields else "unchanged", opp.id, opp.name, number, fields, (before, after), how)
    if values.get("crm_id") and not opp.crm_id:
        ch.set_crm_id = values["crm_id"]
    return ch


def _new(new_id: str, values: dict, number: int) -> Change:
    fields = {k: values[k] for k in ("crm_id", "name", "value", "probability", "stage", "decision", "next_step", "owner")
              if k in values}
    fields.setdefault("value", None)   # written as unknown: a new opportunity's value is known or unknown, never missing
    return Change("new", new_id, values["name"], number, fields, (None, _quadrant(values.get("stage"), None)))


# ---- writing ------------------------------------------------------------------------

class ApplyError(Exception):
    """The plan file cannot be written as asked (nothing is written)."""


def money_text(x: float) -> str | float | int:
    """A value as the plans write it: 7.5M, 200k; else the plain number."""
    if x is None:
        return "unknown"
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= div:
            t = f"{x / div:.3f}".rstrip("0").rstrip(".") + suffix
            try:
                if parse_money(t) == x:
                    return t
            except ScalarError:
                pass
            break
    return int(x) if x == int(x) else x


def percent_text(p: float) -> str:
    t = f"{p * 100:.4f}".rstrip("0").rstrip(".")
    return t + "%"


def _yaml_value(key: str, v):
    if key == "value":
        return money_text(v)
    if key == "probability":
        return percent_text(v)
    if key == "decision":
        return v.isoformat()
    return v


def render(plan, result: ImportResult) -> tuple[Path, str]:
    """The new text of ``08-opportunities.yaml`` with the change set applied, comments kept.
    Raises :class:`ApplyError`."""
    from .fmt import (Coll, Entry, FormatError, assign_specs, build, map_entry, map_set, new_map, new_scalar, normalise,
                      render_checked, spec_for)
    from .yamlio import MAX_BYTES, parse_text

    path = plan.dir / NAME
    shown = plan.path_of(NAME)
    if path.is_file():
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise ApplyError(f"cannot read {shown}: {e.strerror or e}") from None
        if len(raw) > MAX_BYTES:
            raise ApplyError(f"{shown} is too large for a plan file")
        try:
            text = normalise(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise ApplyError(f"{shown} is not UTF-8 text; save it as UTF-8") from None
    else:
        text = "opportunities:\n"
    doc = parse_text(text, shown)
    if doc.findings:
        f = doc.findings[0]
        raise ApplyError(f"{f.path}:{f.line}:{f.column}: {f.message}; fix it first (`saa check`)")
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict) or not isinstance(data.get("opportunities") or [], list):
        raise ApplyError(f"{shown} has no list of opportunities; fix it first (`saa check`)")
    try:
        tree = build(text, spec_for(NAME))
    except FormatError as e:
        raise ApplyError(f"{shown}:{e.line}:{e.column}: {e.message}") from None
    expected = copy.deepcopy(data)
    opps = expected.get("opportunities")
    if opps is None:
        opps = expected["opportunities"] = []
    index = {o.get("id"): i for i, o in enumerate(opps) if isinstance(o, dict)}

    entry = map_entry(tree.root, "opportunities") if tree.root is not None else None
    if tree.root is None:
        tree.root = Coll("map")
    root = tree.root
    assert isinstance(root, Coll)  # the data is a mapping (checked above), so the root is one
    if entry is None or not isinstance(entry.value, Coll) or entry.value.kind != "seq":
        seq = Coll("seq")
        map_set(root, "opportunities", seq)
    else:
        seq = entry.value
        if seq.flow:
            seq.flow = False

    for ch in result.changes:
        if ch.kind == "unchanged" and not ch.set_crm_id:
            continue
        if ch.kind == "new":
            pairs = [("id", ch.id)]
            item = {"id": ch.id}
            for key in ("crm_id", "name", "value", "probability", "stage", "decision"):
                if key in ch.fields:
                    item[key] = _yaml_value(key, ch.fields[key])
                    pairs.append((key, item[key]))
            if ch.fields.get("next_step"):
                act = {"do": ch.fields["next_step"]}
                if ch.fields.get("owner"):
                    act["owner"] = ch.fields["owner"]
                item["actions"] = [act if len(act) > 1 else act["do"]]
                aseq = Coll("seq")
                anode = new_map(list(act.items()), flow=False) if len(act) > 1 else new_scalar(act["do"])
                ae = Entry(None, anode, aseq)
                anode.owner = ae
                aseq.entries.append(ae)
                pairs.append(("actions", aseq))
            opps.append(item)
            node = new_map(pairs, flow=False)
            ent = Entry(None, node, seq)
            node.owner = ent
            seq.entries.append(ent)
            continue
        i = index.get(ch.id)
        if i is None or i >= len(seq.entries):
            raise ApplyError(f"opportunity {ch.id!r} is not where {shown} was read; nothing written")
        onode = seq.entries[i].value
        if ch.set_crm_id:
            opps[i]["crm_id"] = ch.set_crm_id
            map_set(onode, "crm_id", new_scalar(ch.set_crm_id))
        for key, (_old, new) in ch.fields.items():
            v = _yaml_value(key, new)
            opps[i][key] = v
            map_set(onode, key, new_scalar(v))
    assign_specs(tree.root, spec_for(NAME))
    try:
        out = render_checked(tree, expected, tree.comments, NAME)
    except FormatError as e:
        raise ApplyError(f"{shown}: {e.message}") from None
    return path, out

