"""The scalar forms of docs/format.md: money, percent, date, relation score,
frequency and action, plus what counts as missing (docs/format.md, completeness).

Values arrive as YAML made them (str, int, float, bool, None, list, dict;
dates as strings). Every parser returns clean Python data or raises
:class:`ScalarError` whose message says how to write the value right. No other
exception escapes any function here, whatever the input.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from .records import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "ScalarError", "UNKNOWN_MONEY", "MAX_AMOUNT", "is_unknown_money", "parse_money", "money_currency",
    "parse_percent", "parse_probability", "parse_date", "parse_relation", "relation_symbol",
    "parse_frequency", "ACTION_STATUSES", "Action", "parse_action", "is_missing", "format_money",
]

MAX_AMOUNT = 1e15  # anything larger is a typo, not an account


class ScalarError(ValueError):
    """A value that is not written in one of the accepted forms."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- helpers

def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_whole(v) -> bool:
    """An int, or a float with no fraction (YAML's 1.0); never a bool."""
    if isinstance(v, float):
        return math.isfinite(v) and v.is_integer()
    return _is_number(v)


def _num_text(v) -> str:
    """A number as a person would write it: 95, 0.95, 2.5 (never 95.0)."""
    if isinstance(v, int):
        return str(v) if abs(v) < 10 ** 21 else "a very large number"
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "infinity" if v > 0 else "-infinity"
    return f"{v:.12g}"


def _show(v) -> str:
    """A value in a message, spelled the way it looks in YAML."""
    if v is None:
        return "nothing"
    if isinstance(v, bool):
        return "true" if v else "false"
    if _is_number(v):
        return _num_text(v)
    if isinstance(v, str):
        s = v if len(v) <= 60 else v[:57] + "..."
        return repr(s)
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, (list, tuple)):
        return "a list"
    return "a " + type(v).__name__


_DASHES = str.maketrans({"\u2013": "-", "\u2212": "-"})  # en dash, minus sign


# --------------------------------------------------------------------------- money

UNKNOWN_MONEY = (None, "unknown", "?")
_SYMBOLS = {"$": "USD", "\u20ac": "EUR", "\u00a3": "GBP"}
_SUFFIXES = {"k": Decimal(10) ** 3, "m": Decimal(10) ** 6, "mil": Decimal(10) ** 6,
             "b": Decimal(10) ** 9, "bn": Decimal(10) ** 9}
_MONEY_HELP = 'write 200k, 4.5M, "$240,000" or USD 4k'
_MONEY_RE = re.compile(
    r"""\s*
    (?P<sign1>-)?\s*
    (?:(?P<sym1>[$\u20ac\u00a3])|(?P<code1>[A-Za-z]{3})(?![A-Za-z]))?\s*
    (?P<sign2>-)?\s*
    (?P<num>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)\s*
    (?:(?P<suffix>mil|bn|k|m|b)(?![A-Za-z]))?\s*
    (?:(?P<sym2>[$\u20ac\u00a3])|(?P<code2>[A-Za-z]{3})(?![A-Za-z]))?\s*
    \Z""",
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)


def is_unknown_money(v) -> bool:
    """``null``, ``unknown`` (any case) or ``?``: a value not known yet."""
    if v is None:
        return True
    return isinstance(v, str) and v.strip().lower() in ("unknown", "?")


def _money_match(v):
    if not isinstance(v, str) or len(v) > 100:
        return None
    m = _MONEY_RE.match(v.translate(_DASHES))
    if not m or (m["sign1"] and m["sign2"]):
        return None
    return m


def _written_currency(m) -> str | None:
    codes = []
    for sym, code in ((m["sym1"], m["code1"]), (m["sym2"], m["code2"])):
        if sym:
            codes.append(_SYMBOLS[sym])
        elif code:
            codes.append(code.upper())
    if len(codes) == 2 and codes[0] != codes[1]:
        raise ScalarError(f"two currencies in one amount: {_show(m.string)}; {_MONEY_HELP}")
    return codes[0] if codes else None


def money_currency(v) -> str | None:
    """The ISO code written in a money value (``$`` is USD, ...), or None."""
    m = _money_match(v)
    if m is None:
        return None
    try:
        return _written_currency(m)
    except ScalarError:
        return None


def _check_amount(x: float, v) -> float:
    if not math.isfinite(x):
        raise ScalarError(f"not an amount of money: {_show(v)}; {_MONEY_HELP}")
    if abs(x) > MAX_AMOUNT:
        raise ScalarError(f"amount too large: {_show(v)}; amounts above 1e15 are not plausible, check the digits and suffix")
    return float(x) + 0.0  # no -0.0


def parse_money(v, *, currency: str = "USD", fx=None, allow_unknown: bool = False) -> float | None:
    """An amount in the plan's ``currency``; None for unknown when ``allow_unknown``.

    ``fx`` maps an ISO code to its rate into ``currency``.
    """
    if is_unknown_money(v):
        if allow_unknown:
            return None
        raise ScalarError(f"value unknown is not allowed here; {_MONEY_HELP}")
    if _is_number(v):
        if isinstance(v, int) and abs(v) > MAX_AMOUNT:
            raise ScalarError(f"amount too large: {_show(v)}; amounts above 1e15 are not plausible, check the digits and suffix")
        return _check_amount(float(v), v)
    m = _money_match(v)
    if m is None:
        raise ScalarError(f"not an amount of money: {_show(v)}; {_MONEY_HELP}")
    code = _written_currency(m)
    try:
        amount = Decimal(m["num"].replace(",", ""))
    except (InvalidOperation, ValueError):  # pragma: no cover - the regex admits only digits
        raise ScalarError(f"not an amount of money: {_show(v)}; {_MONEY_HELP}") from None
    if m["suffix"]:
        amount *= _SUFFIXES[m["suffix"].lower()]
    if m["sign1"] or m["sign2"]:
        amount = -amount
    if amount.copy_abs() > Decimal(10) ** 16:
        raise ScalarError(f"amount too large: {_show(v)}; amounts above 1e15 are not plausible, check the digits and suffix")
    x = float(amount)
    plan_currency = currency.upper() if isinstance(currency, str) and currency else "USD"
    if code is not None and code != plan_currency:
        rate = None
        if isinstance(fx, dict):
            rate = fx.get(code)
            if rate is None:
                rate = fx.get(code.lower())
        if rate is None or not _is_number(rate) or not math.isfinite(rate) or rate <= 0:
            raise ScalarError(f"no exchange rate for {code}: add settings.fx.{code} to account.yaml")
        x = x * float(rate)
    return _check_amount(x, v)


def format_number(x) -> str:
    """A plain number as people write it: 2000, 0.03, 1.5; ``unknown`` for None."""
    if x is None:
        return "unknown"
    if isinstance(x, float) and math.isfinite(x) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    if isinstance(x, float):
        return f"{x:.10g}"
    return str(x)


def format_money(amount, currency: str = "USD") -> str:
    """``240,000``, ``1,234.50``, ``-4,000``; None is ``unknown``. No currency prefix."""
    if amount is None:
        return "unknown"
    if isinstance(amount, bool) or not _is_number(amount):
        try:
            amount = float(amount)
        except (TypeError, ValueError, OverflowError):
            return str(amount)
    if isinstance(amount, int):
        if abs(amount) > 10 ** 30:
            amount = float(amount)
        else:
            return f"{amount:,}"
    if not math.isfinite(amount):
        return _num_text(amount)
    cents = round(amount, 2)
    if cents == int(cents):
        text = f"{int(cents):,}"
    else:
        text = f"{cents:,.2f}"
    return "0" if text == "-0" else text


# --------------------------------------------------------------------------- percent

_PERCENT_RE = re.compile(r"\s*(?P<neg>-\s*)?(?P<num>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(?P<pct>%)?\s*\Z", re.ASCII)


def _percent_hint(x) -> str:
    return f"write {_num_text(x)}% or {_num_text(x / 100)}"


def parse_percent(v) -> float:
    """A fraction: ``"95%"`` and ``0.95`` are 0.95. A number above 1 needs its ``%``."""
    if _is_number(v):
        if isinstance(v, int) and abs(v) > 10 ** 18:
            raise ScalarError(f"not a percent: {_show(v)}; write 95% or 0.95")
        x = float(v)
        if not math.isfinite(x):
            raise ScalarError(f"not a percent: {_show(v)}; write 95% or 0.95")
        if x < 0:
            raise ScalarError(f"a percent cannot be negative: {_show(v)}; write 95% or 0.95")
        if x > 1:
            raise ScalarError(f"not a percent: {_show(v)}; {_percent_hint(x)}")
        return x + 0.0
    if isinstance(v, str) and len(v) <= 100:
        m = _PERCENT_RE.match(v.translate(_DASHES))
        if m:
            x = float(m["num"])
            if m["neg"] and x != 0:
                raise ScalarError(f"a percent cannot be negative: {_show(v)}; write 95% or 0.95")
            if m["pct"]:
                if x > MAX_AMOUNT:
                    raise ScalarError(f"not a percent: {_show(v)}; write 95% or 0.95")
                return x / 100
            if x > 1:
                raise ScalarError(f"not a percent: {m['num']}; {_percent_hint(x)}")
            return x
    raise ScalarError(f"not a percent: {_show(v)}; write 95% or 0.95")


def parse_probability(v) -> float:
    """A percent from 0% to 100%, as a fraction."""
    x = parse_percent(v)
    if x > 1:
        raise ScalarError(f"a probability is at most 100%, not {_show(v)}; write 0% to 100%, e.g. 60% or 0.6")
    return x


# --------------------------------------------------------------------------- date

_DATE_RE = re.compile(r"\s*(?P<y>[0-9]{4})-(?:(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?|[Qq](?P<q>[0-9]))\s*\Z", re.ASCII)
_DATE_HELP = "write 2027-03-31, 2027-03 or 2027-Q1"


def _month_end(year: int, month: int) -> datetime.date:
    if not 1 <= month <= 12:
        raise ValueError("month out of range")
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def parse_date(v) -> datetime.date:
    """``2027-03-31``; ``2027-03`` and ``2027-Q1`` mean the last day of that month / quarter."""
    if isinstance(v, datetime.datetime):
        return v.date()
    if isinstance(v, datetime.date):
        return v
    m = _DATE_RE.match(v) if isinstance(v, str) and len(v) <= 40 else None
    if m:
        try:
            year = int(m["y"])
            if m["q"] is not None:
                q = int(m["q"])
                if 1 <= q <= 4:
                    return _month_end(year, 3 * q)
            elif m["d"] is not None:
                return datetime.date(year, int(m["m"]), int(m["d"]))
            else:
                return _month_end(year, int(m["m"]))
        except (ValueError, OverflowError):
            pass
    raise ScalarError(f"not a date: {_show(v)}; {_DATE_HELP}")


# --------------------------------------------------------------------------- relation score

_RELATIONS = {"--": -2, "-": -1, "0": 0, "+": 1, "++": 2,
              "-2": -2, "-1": -1, "+1": 1, "1": 1, "+2": 2, "2": 2, "+0": 0, "-0": 0}
_SYMBOL_OF = {-2: "--", -1: "-", 0: "0", 1: "+", 2: "++"}
_RELATION_HELP = 'write "--", "-", "0", "+" or "++" (quoted) or -2..2'


def parse_relation(v) -> int:
    """A relation score -2..2 from ``"--" "-" "0" "+" "++"``, en-dash forms or an integer."""
    if isinstance(v, list) and v:
        # an unquoted "-" (or "- -") under the key: YAML made a list of nothing
        depth, x = 0, v
        while isinstance(x, list) and len(x) == 1:
            depth, x = depth + 1, x[0]
        if x is None and depth in (1, 2):
            raise ScalarError(f'quote the relation score: "{"-" * depth}"')
    if _is_whole(v) and -2 <= v <= 2:
        return int(v)
    if isinstance(v, str) and len(v) <= 20:
        s = v.translate(_DASHES).replace(" ", "").strip()
        if s in _RELATIONS:
            return _RELATIONS[s]
    raise ScalarError(f"not a relation score: {_show(v)}; {_RELATION_HELP}")


def relation_symbol(n) -> str:
    """The canonical symbol of a score: -2 is ``--`` ... 2 is ``++``."""
    if _is_whole(n) and -2 <= n <= 2:
        return _SYMBOL_OF[int(n)]
    raise ScalarError(f"not a relation score: {_show(n)}; {_RELATION_HELP}")


# --------------------------------------------------------------------------- frequency

_PER_YEAR = {"year": 1, "yr": 1, "quarter": 4, "month": 12, "week": 52}
_WORDS = {"weekly": 52, "monthly": 12, "quarterly": 4, "yearly": 1, "annually": 1}
_NUM = r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+"
_FREQ_RE = re.compile(
    rf"\s*(?P<a>{_NUM})\s*(?:-\s*(?P<b>{_NUM})\s*)?(?:/\s*(?P<unit>[a-z]+))?\s*\Z",
    re.IGNORECASE | re.ASCII,
)
_FREQ_HELP = "write 15/year, 1-2/year, 2/month, 1/week, 4/quarter, weekly, monthly, quarterly or yearly"


def parse_frequency(v) -> float:
    """Meetings per year: ``15/year``, ``1-2/year`` (the midpoint), ``2/month``, ``weekly``..."""
    if _is_number(v):
        if isinstance(v, int) and abs(v) > 10 ** 18:
            raise ScalarError(f"not a frequency: {_show(v)}; {_FREQ_HELP}")
        x = float(v)
        if not math.isfinite(x) or x < 0 or x > MAX_AMOUNT:
            raise ScalarError(f"not a frequency: {_show(v)}; {_FREQ_HELP}")
        return x + 0.0
    if isinstance(v, str) and len(v) <= 60:
        s = v.translate(_DASHES)
        word = s.strip().lower()
        if word in _WORDS:
            return float(_WORDS[word])
        m = _FREQ_RE.match(s)
        if m:
            unit = (m["unit"] or "year").lower()
            if unit not in _PER_YEAR:
                raise ScalarError(f"not a frequency: {_show(v)}; the unit is year, quarter, month or week; {_FREQ_HELP}")
            a = float(m["a"])
            b = float(m["b"]) if m["b"] is not None else a
            if b < a:
                raise ScalarError(f"not a frequency: {_show(v)}; a range goes from low to high; {_FREQ_HELP}")
            x = (a + b) / 2 * _PER_YEAR[unit]
            if x <= MAX_AMOUNT:
                return x
    raise ScalarError(f"not a frequency: {_show(v)}; {_FREQ_HELP}")


# --------------------------------------------------------------------------- action

ACTION_STATUSES = ("open", "done", "dropped")
_ACTION_KEYS = ("do", "owner", "due", "status")


@dataclass(frozen=True)
class Action:
    do: str
    owner: str | None = None
    due: datetime.date | None = None
    status: str = "open"


def parse_action(v) -> Action:
    """A sentence (an open action, no owner, no date) or ``{do, owner, due, status}``."""
    if isinstance(v, str):
        text = v.strip()
        if not text:
            raise ScalarError("an action is empty; write what is to be done")
        return Action(text)
    if not isinstance(v, dict):
        raise ScalarError(f"an action should be a sentence or {{do, owner, due, status}}, not {_show(v)}")
    for k in v:
        if k not in _ACTION_KEYS:
            close = difflib.get_close_matches(str(k), _ACTION_KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ScalarError(f"unknown key {_show(str(k))} in an action{hint}; an action has do, owner, due, status")
    do = v.get("do")
    if do is None or (isinstance(do, str) and not do.strip()):
        raise ScalarError("an action needs 'do': what is to be done")
    if not isinstance(do, str):
        raise ScalarError(f"'do' should be text: what is to be done, not {_show(do)}")
    owner = v.get("owner")
    if owner is not None:
        if not isinstance(owner, str):
            raise ScalarError(f"'owner' should be a team member's name, not {_show(owner)}")
        owner = owner.strip() or None
    due = v.get("due")
    if due is not None:
        try:
            due = parse_date(due)
        except ScalarError as e:
            raise ScalarError(f"'due' is {e.message}") from None
    status = v.get("status")
    if status is None:
        status = "open"
    elif not isinstance(status, str) or status.strip().lower() not in ACTION_STATUSES:
        hint = ""
        if isinstance(status, str):
            close = difflib.get_close_matches(status.strip().lower(), ACTION_STATUSES, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ScalarError(f"'status' is {_show(status)}{hint}; write open, done or dropped")
    else:
        status = status.strip().lower()
    return Action(do.strip(), owner, due, status)


# --------------------------------------------------------------------------- missing

_PLACEHOLDERS = ("todo", "tbd", "?", "...", "\u2026")


def is_missing(v) -> bool:
    """None, empty or whitespace text, ``TODO``, ``TBD``, ``?``, ``...``, an empty list or mapping."""
    if v is None:
        return True
    if isinstance(v, str):
        s = v.strip()
        return not s or s.lower() in _PLACEHOLDERS
    if isinstance(v, (list, tuple, dict)):
        return len(v) == 0
    return False
