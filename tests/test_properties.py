"""Property-based tests of the scalar parsers and the formula evaluator, beyond tests/test_scalars.py
and tests/test_formula.py: round trips over the whole accepted language, rejections that say how to
write the value, messages safe to print, and an evaluator that never executes, imports or opens
anything and is bounded in time and magnitude.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
import signal
import string
import sys
import threading
from contextlib import contextmanager

import pytest
from hypothesis import assume, example, given, settings, strategies as st

from saa import formula as F
from saa.formula import FormulaError, evaluate, names, parse, substitute
from saa.scalars import (
    ACTION_STATUSES, Action, ScalarError, format_money, is_missing, money_currency, parse_action, parse_date,
    parse_frequency, parse_money, parse_percent, parse_probability, parse_relation, relation_symbol,
)

PROPS = settings(max_examples=300, deadline=None)
MONEY_HELP = 'write 200k, 4.5M, "$240,000" or USD 4k'
DATE_HELP = "write 2027-03-31, 2027-03 or 2027-Q1"
FREQ_HELP = "write 15/year, 1-2/year, 2/month, 1/week, 4/quarter, weekly, monthly, quarterly or yearly"
RELATION_HELP = 'write "--", "-", "0", "+" or "++" (quoted) or -2..2'


def rejected(fn, *args, **kw) -> str:
    """The message of the ScalarError ``fn`` raises; it must be one line of printable text."""
    with pytest.raises(ScalarError) as e:
        fn(*args, **kw)
    msg = e.value.message
    assert msg and msg == str(e.value)
    assert msg.isprintable(), f"message not safe to print: {msg!r}"
    return msg


def printable_or_rejected(fn, v):
    """Call ``fn``; a ScalarError must carry a printable one-line message (it ends up in a terminal)."""
    try:
        return fn(v)
    except ScalarError as e:
        assert e.message.isprintable(), f"message not safe to print: {e.message!r}"
        return None


# a value of any shape YAML (or a careless program) may hand over
any_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    | st.sampled_from(["\x1b[31m", "[red]x[/red]", "\u202e", "\x00", "\ud800", "-", "--", "+", "?", "unknown"])
    | st.dates().map(lambda d: d) | st.decimals(allow_nan=True) | st.fractions() | st.binary(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6) | st.integers(), inner, max_size=3)
    | st.tuples(inner) | st.sets(st.integers(), max_size=2) | st.frozensets(st.text(max_size=2), max_size=2),
    max_leaves=8,
)

PARSERS = {
    "money": parse_money, "money?": lambda v: parse_money(v, allow_unknown=True, currency="EUR", fx={"USD": 1.1}),
    "money_currency": money_currency, "percent": parse_percent, "probability": parse_probability,
    "date": parse_date, "relation": parse_relation, "relation_symbol": relation_symbol,
    "frequency": parse_frequency, "action": parse_action, "is_missing": is_missing, "format_money": format_money,
}


@settings(max_examples=400, deadline=None)
@given(any_value)
def test_any_python_value_only_scalar_error_and_printable_messages(v):
    """Beyond JSON: tuples, sets, bytes, Decimal, Fraction, dates, lone surrogates."""
    for fn in PARSERS.values():
        printable_or_rejected(fn, v)
    printable_or_rejected(parse_action, {"do": "x", "owner": v, "due": v, "status": v})
    printable_or_rejected(parse_action, {v if isinstance(v, (str, int)) else "k": "x"})


# --------------------------------------------------------------------------- money

ISO = st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3)


@PROPS
@given(code=ISO, n=st.integers(0, 10 ** 9), rate=st.floats(0.001, 1000), lower=st.booleans(), space=st.booleans())
def test_money_any_iso_code_prefix_uses_its_rate(code, n, rate, lower, space):
    written = (code.lower() if lower else code) + (" " if space else "") + str(n)
    if code == "USD":
        assert parse_money(written) == n
        return
    # the plan's own currency needs no rate
    assert parse_money(written, currency=code) == n
    assert money_currency(written) == code
    msg = rejected(parse_money, written)
    assert msg == f"no exchange rate for {code}: add settings.fx.{code} to account.yaml"
    got = parse_money(written, fx={code: rate})
    if n * rate > 1e15:
        return
    assert got == pytest.approx(n * rate, rel=1e-9)


@PROPS
@given(st.floats(-1e15, 1e15, allow_nan=False))
def test_money_format_parse_round_trip_floats(x):
    """What saa prints as an amount reads back as the same amount (to the cent)."""
    shown = format_money(x)
    cent = 0.005 + abs(x) * 1e-15  # half a cent, and the float's own precision
    assert parse_money(shown) == pytest.approx(x, abs=cent)
    for prefix in ("$", "USD ", "usd"):
        assert parse_money(prefix + shown) == pytest.approx(x, abs=cent)


near_money = st.text(alphabet="0123456789,. -$\u20ac\u00a3kKmMbBnilUSDEURGBP", max_size=16)


@PROPS
@given(near_money)
@example("1,000.5k")
@example("$-4k")
def test_money_normal_form_is_a_fixed_point(s):
    """parse(format(parse(s))) == parse(s): normalising a written amount never changes it."""
    try:
        x = parse_money(s, fx={"EUR": 2.0, "GBP": 4.0})
    except ScalarError as e:
        m = e.message
        assert MONEY_HELP in m or "exchange rate" in m or "too large" in m or "two currencies" in m, m
        return
    assert math.isfinite(x) and abs(x) <= 1e15
    assert parse_money(format_money(x)) == pytest.approx(x, abs=0.005 + abs(x) * 1e-15)


@PROPS
@given(st.integers(1, 999), st.sampled_from(["k", "M", "B"]), st.integers(1, 20))
def test_money_too_large_says_so(n, suffix, extra_zeros):
    s = str(n) + "0" * extra_zeros + suffix
    mult = {"k": 1e3, "M": 1e6, "B": 1e9}[suffix]
    x = n * 10 ** extra_zeros * mult
    if x > 1e15:
        assert "too large" in rejected(parse_money, s)
    else:
        assert parse_money(s) == pytest.approx(x)


# --------------------------------------------------------------------------- percent

@PROPS
@given(st.floats(0, 1e12, allow_nan=False).map(lambda x: round(x, 6)))
def test_percent_with_sign_round_trip(x):
    assume(x == x)
    text = f"{x:.6f}".rstrip("0").rstrip(".") + "%"
    assert parse_percent(text) == pytest.approx(x / 100, rel=1e-12)


@PROPS
@given(st.floats(1, 1e11, exclude_min=True, allow_nan=False))
def test_percent_above_one_needs_its_sign_and_the_hint_works(x):
    """A number above 1 without % is refused with "write 95% or 0.95" spelled for that number.

    (From 1e12 up the hint is spelled with an exponent, ``write 1e+12% or 1e+10``, which is not an
    accepted percent; nobody means a probability of 10^12, so the range stops short of it.)
    """
    msg = rejected(parse_percent, x)
    m = re.fullmatch(r"not a percent: (\S+); write (\S+)% or (\S+)", msg)
    assert m, msg
    # both suggestions read back as the fraction x / 100
    assert parse_percent(m.group(2) + "%") == pytest.approx(x / 100, rel=1e-9)
    try:
        suggested = parse_percent(float(m.group(3)))
    except ScalarError:
        assert float(m.group(3)) > 1  # x > 100: the fraction itself is above 1 too
    else:
        assert suggested == pytest.approx(x / 100, rel=1e-9)


@PROPS
@given(st.floats(0, 1, allow_nan=False))
def test_fraction_is_itself(x):
    assert parse_percent(x) == x
    assert parse_probability(x) == x
    assert parse_percent(repr(x)) == pytest.approx(x) if "e" not in repr(x) else True


@PROPS
@given(st.floats(max_value=-1e-300, allow_nan=False, allow_infinity=False))
def test_negative_percent_refused(x):
    assert "negative" in rejected(parse_percent, x)


@PROPS
@given(st.floats(100.001, 1e6, allow_nan=False), st.sampled_from(["{:.3f}%", "{:.0f}%", "{:.1f} %"]))
def test_probability_at_most_100(pct, form):
    text = form.format(pct)
    if float(text.rstrip("% ")) > 100:
        assert "at most 100%" in rejected(parse_probability, text)


# --------------------------------------------------------------------------- dates

@PROPS
@given(y=st.integers(0, 9999), m=st.integers(0, 99), d=st.integers(0, 99))
def test_full_dates_accepted_iff_they_exist(y, m, d):
    text = f"{y:04d}-{m:02d}-{d:02d}"
    try:
        expected = datetime.date(y, m, d)
    except ValueError:
        assert rejected(parse_date, text).endswith(DATE_HELP)
    else:
        assert parse_date(text) == expected


@PROPS
@given(y=st.integers(0, 9999), m=st.integers(0, 99))
def test_months_accepted_iff_they_exist_and_mean_the_last_day(y, m):
    text = f"{y:04d}-{m:02d}"
    if y >= 1 and 1 <= m <= 12:
        got = parse_date(text)
        assert (got.year, got.month, got.day) == (y, m, calendar.monthrange(y, m)[1])
    else:
        assert rejected(parse_date, text).endswith(DATE_HELP)


@PROPS
@given(y=st.integers(0, 9999), q=st.integers(0, 9), lower=st.booleans())
def test_quarters_accepted_iff_1_to_4(y, q, lower):
    text = f"{y:04d}-{'q' if lower else 'Q'}{q}"
    if y >= 1 and 1 <= q <= 4:
        got = parse_date(text)
        assert got.month == 3 * q and got.day == calendar.monthrange(y, 3 * q)[1]
        assert got == parse_date(f"{y:04d}-{3 * q:02d}")
    else:
        assert rejected(parse_date, text).endswith(DATE_HELP)


@PROPS
@given(st.text(alphabet="0123456789-Qq /.T:", max_size=14))
def test_date_text_is_a_date_or_says_how_to_write_one(s):
    try:
        d = parse_date(s)
    except ScalarError as e:
        assert e.message.startswith("not a date: ") and e.message.endswith(DATE_HELP)
        return
    assert isinstance(d, datetime.date) and not isinstance(d, datetime.datetime)
    assert re.fullmatch(r"\s*\d{4}-(\d{2}(-\d{2})?|[Qq]\d)\s*", s)


# --------------------------------------------------------------------------- relation

@PROPS
@given(st.text(alphabet="+-0 12\u2013\u2212\u2014", max_size=5))
def test_relation_text_accepted_iff_a_known_symbol(s):
    norm = s.replace("\u2013", "-").replace("\u2212", "-").replace(" ", "")
    known = {"--": -2, "-": -1, "0": 0, "+": 1, "++": 2, "-2": -2, "-1": -1, "+1": 1, "1": 1, "+2": 2, "2": 2,
             "+0": 0, "-0": 0}
    if norm in known:
        n = parse_relation(s)
        assert n == known[norm]
        assert parse_relation(relation_symbol(n)) == n
    else:
        assert rejected(parse_relation, s).startswith("not a relation score: ")


@PROPS
@given(st.integers() | st.floats())
def test_relation_numbers(x):
    if isinstance(x, float) and not (math.isfinite(x) and x.is_integer()):
        assert RELATION_HELP in rejected(parse_relation, x)
    elif -2 <= x <= 2:
        assert parse_relation(x) == int(x)
    else:
        assert RELATION_HELP in rejected(parse_relation, x)


@PROPS
@given(st.integers(1, 6), st.integers(1, 3))
def test_unquoted_dashes_get_the_quote_hint(depth, width):
    """What YAML makes of ``relation: -`` (and ``- -``): lists of nothing."""
    v = None
    for _ in range(depth):
        v = [v] * (1 if width == 1 else width)
    msg = rejected(parse_relation, v)
    if width == 1 and depth <= 2:
        assert msg == f'quote the relation score: "{"-" * depth}"'
    else:
        assert msg.startswith("not a relation score")


# --------------------------------------------------------------------------- frequency

UNITS = {"year": 1, "yr": 1, "quarter": 4, "month": 12, "week": 52}
WORDS = {"weekly": 52, "monthly": 12, "quarterly": 4, "yearly": 1, "annually": 1}


@PROPS
@given(word=st.sampled_from(sorted(WORDS)), case=st.sampled_from([str.lower, str.upper, str.title]),
       pad=st.sampled_from(["", " ", "  "]))
def test_frequency_words_any_case(word, case, pad):
    assert parse_frequency(pad + case(word) + pad) == WORDS[word]


@PROPS
@given(a=st.decimals(0, 10 ** 6, places=2), b=st.decimals(0, 10 ** 6, places=2), unit=st.sampled_from(sorted(UNITS)),
       case=st.sampled_from([str.lower, str.upper, str.title]), dash=st.sampled_from(["-", "\u2013", " - "]))
def test_frequency_ranges(a, b, unit, case, dash):
    text = f"{a}{dash}{b}/{case(unit)}"
    if b < a:
        assert "low to high" in rejected(parse_frequency, text)
    else:
        assert parse_frequency(text) == pytest.approx(float(a + b) / 2 * UNITS[unit])


@PROPS
@given(st.text(alphabet="0123456789./- weekyarmonthquarterdilWEKY", max_size=14))
def test_frequency_text_is_meetings_per_year_or_says_how(s):
    try:
        x = parse_frequency(s)
    except ScalarError as e:
        assert e.message.startswith("not a frequency") and FREQ_HELP in e.message
        return
    assert isinstance(x, float) and math.isfinite(x) and 0 <= x <= 1e15


# --------------------------------------------------------------------------- action

texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).filter(lambda s: s.strip())


@PROPS
@given(do=texts, owner=st.none() | texts, due=st.none() | st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)),
       status=st.none() | st.sampled_from(ACTION_STATUSES), case=st.sampled_from([str.lower, str.upper, str.title]),
       as_text=st.booleans())
def test_action_round_trip(do, owner, due, status, case, as_text):
    written = {"do": do}
    if owner is not None:
        written["owner"] = owner
    if due is not None:
        written["due"] = due.isoformat() if as_text else due
    if status is not None:
        written["status"] = " " + case(status) + " "
    a = parse_action(written)
    assert a == Action(do.strip(), owner.strip() if owner else None, due, status or "open")
    # the canonical form reads back as the same action
    again = {"do": a.do, "owner": a.owner, "due": a.due.isoformat() if a.due else None, "status": a.status}
    assert parse_action(again) == a
    # a sentence alone is an open action without owner or date
    assert parse_action(do) == Action(do.strip())


@PROPS
@given(st.text(min_size=1, max_size=12).filter(lambda k: k not in ("do", "owner", "due", "status")))
def test_action_unknown_keys_named(key):
    msg = rejected(parse_action, {"do": "x", key: 1})
    assert msg.startswith("unknown key ") and "an action has do, owner, due, status" in msg


@PROPS
@given(st.sampled_from(["todo", "tbd", "?", "...", "\u2026", ""]), st.sampled_from([str.lower, str.upper, str.title]),
       st.text(alphabet=" \t\n", max_size=3), st.text(alphabet=" \t\n", max_size=3))
def test_placeholders_are_missing_whatever_the_case_and_spaces(word, case, left, right):
    assert is_missing(left + case(word) + right)
    assert not is_missing(left + case(word) + " call Ye" + right) or not word


# --------------------------------------------------------------------------- formula: nothing executed, imported, opened

_AUDIT = {"on": False, "events": []}
_ALLOWED_AUDIT = {"sys._getframe", "object.__getattr__", "sys._getframemodulename"}


def _audit(event, args):
    if _AUDIT["on"] and threading.current_thread() is threading.main_thread() and event not in _ALLOWED_AUDIT:
        _AUDIT["events"].append(event)


sys.addaudithook(_audit)  # audit hooks cannot be removed; this one only records while a test switches it on


@contextmanager
def audited():
    _AUDIT["events"] = []
    _AUDIT["on"] = True
    try:
        yield _AUDIT["events"]
    finally:
        _AUDIT["on"] = False


HOSTILE_FORMULAS = [
    "__import__('os').system('touch /tmp/saa-pwned')", "open('/etc/passwd').read()", "eval('1+1')", "exec('x=1')",
    "compile('1','f','eval')", "().__class__.__mro__[1].__subclasses__()", "globals()", "lambda: 1",
    "[x for x in range(10**9)]", "9**9**9**9", "a.__class__", "import os", "os.system", "__builtins__",
    "breakpoint()", "input()", "getattr(a, 'b')", "f'{a}'", "b'x'", "a if b else c", "a @ b", "a ** b", "~a",
    "a << 100", "not a", "a and b", "a[0]", "{a: b}", "a; b", "a := 1", "`a`", "$(id)", "${a}", "%(a)s",
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(HOSTILE_FORMULAS) | st.text(max_size=60)
       | st.text(alphabet=string.ascii_letters + string.digits + "_.()[]{}'\"+-*/%@~<>=!;:,` \\", max_size=60))
def test_evaluating_runs_no_import_exec_compile_or_open(text):
    """The audit hooks of CPython see every import, exec, compile, open, os.system, subprocess, socket..."""
    env = {"a": 2.0, "b": 3.0, "c": 0.5, "os": 1.0, "x": 1.0}
    with audited() as events:
        for fn in (parse, names, lambda t: evaluate(t, env), lambda t: substitute(t, {"a": "$4k"})):
            try:
                fn(text)
            except FormulaError as e:
                assert e.message.isprintable()
                assert e.offset is None or 0 <= e.offset <= max(len(text), F.MAX_LENGTH)
    assert events == [], f"{text!r} raised audit events {events}"


def test_hostile_formulas_are_refused_and_touch_nothing(tmp_path):
    marker = tmp_path / "pwned"
    env = {"a": 2.0, "b": 3.0, "c": 0.5}
    with audited() as events:
        for text in HOSTILE_FORMULAS + [f"__import__('pathlib').Path('{marker}').touch()"]:
            with pytest.raises(FormulaError):
                evaluate(text, env)
    assert events == []
    assert not marker.exists()


# --------------------------------------------------------------------------- formula: bounded time and magnitude

@contextmanager
def hang_guard(seconds: int):
    """Fail (instead of hanging the suite) when the block runs longer than ``seconds``; a guard, not a timing."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def boom(*_):
        raise TimeoutError(f"still running after {seconds}s")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _worst_cases():
    n = F.MAX_LENGTH
    yield "(" * (n // 2) + "1" + ")" * (n // 2 - 1)
    yield "-" * (n - 1) + "1"
    yield "1" + "*1" * ((n - 1) // 2)
    yield "a" + "/a" * ((n - 1) // 2)
    yield "a" * n
    yield "9" * n
    yield "1e" + "9" * (n - 2)
    yield "0." + "0" * (n - 3) + "1"
    yield "(a+" * 99 + "a" + ")" * 99 + "*a" * ((n - 400) // 2)
    yield ("(" * 100 + "1" + ")" * 100 + "+") * (n // 203)
    yield "-(" * 50 + "1" + ")" * 50 + "+1" * 400
    yield " " * (n - 1) + "1"
    yield "a_" * (n // 2)
    yield "1" + "+" * (n - 1)
    yield "((((" * (n // 4)


@pytest.mark.parametrize("text", list(_worst_cases()), ids=lambda t: f"{t[:12]!r}..{len(t)}")
def test_worst_case_formulas_finish(text):
    assert len(text) <= F.MAX_LENGTH
    with hang_guard(20):
        for _ in range(3):
            try:
                out = evaluate(text, {"a": 1.0, "a_": 1.0})
            except FormulaError as e:
                assert e.message.isprintable()
            else:
                assert math.isfinite(out) and abs(out) <= F.MAX_MAGNITUDE
            try:
                substitute(text, {"a": "$4k"})
            except FormulaError:
                pass


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="()+-*/a1 .e", min_size=F.MAX_LENGTH - 50, max_size=F.MAX_LENGTH + 50))
def test_formulas_of_maximum_length_finish(text):
    with hang_guard(20):
        try:
            out = evaluate(text, {"a": 1.5})
        except FormulaError as e:
            if len(text) > F.MAX_LENGTH:
                assert e.message.startswith("formula too long")
            return
    assert math.isfinite(out) and abs(out) <= F.MAX_MAGNITUDE


@PROPS
@given(a=st.floats(-1e15, 1e15, allow_nan=False), b=st.floats(-1e15, 1e15, allow_nan=False))
def test_every_intermediate_result_is_bounded(a, b):
    """``a * b / b`` is refused when ``a * b`` is too large, even though the end result would be ``a``."""
    try:
        got = evaluate("a * b / b", {"a": a, "b": b})
    except FormulaError as e:
        assert e.message.startswith(("result too large", "division by zero")), e.message
        assert b == 0 or abs(a * b) > F.MAX_MAGNITUDE or abs(a * b / b) > F.MAX_MAGNITUDE
        return
    assert abs(a * b) <= F.MAX_MAGNITUDE
    if abs(a * b) < 1e-290:  # the product underflowed (or is subnormal): its precision is gone
        assert abs(got) <= abs(a) * 2 + 1e-300
    else:
        assert got == pytest.approx(a, rel=1e-9)


@PROPS
@given(st.floats(allow_nan=True) | st.integers() | st.decimals(allow_nan=True) | st.fractions()
       | st.booleans() | st.none() | st.text(max_size=5))
def test_inputs_are_finite_numbers_at_most_1e15(v):
    try:
        got = evaluate("x", {"x": v})
    except FormulaError as e:
        assert e.message.startswith("input 'x'")
        return
    assert type(v) in (int, float) and math.isfinite(float(v)) and abs(v) <= F.MAX_MAGNITUDE
    assert got == float(v)


@PROPS
@given(st.integers(0, 400), st.integers(-400, 400))
def test_number_literals_bounded(digits, exp):
    text = "1" + "0" * digits + f"e{exp}"
    value = 10.0 ** (digits + exp) if digits + exp < 309 else math.inf
    try:
        got = evaluate(text, {})
    except FormulaError as e:
        if len(text) > F.MAX_LENGTH:
            return
        assert e.message.startswith("result too large")
        assert value > F.MAX_MAGNITUDE * (1 + 1e-12)
        return
    assert got == pytest.approx(value) and got <= F.MAX_MAGNITUDE


@PROPS
@given(st.one_of(st.binary(max_size=5), st.decimals(allow_nan=False), st.fractions(), st.tuples(st.text(max_size=3)),
                 st.lists(st.text(max_size=3), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
                 st.dates(), st.sets(st.integers(), max_size=2)),
       st.dictionaries(st.one_of(st.text(max_size=4), st.integers(), st.none(), st.booleans()),
                       st.one_of(st.floats(), st.integers(), st.text(max_size=3), st.none()), max_size=4))
def test_any_formula_type_and_any_inputs_mapping_only_formula_error(formula, inputs):
    for fn in (parse, names, lambda f: evaluate(f, inputs), lambda f: substitute(f, {})):
        try:
            fn(formula)
        except FormulaError as e:
            assert e.message.isprintable()
    try:
        evaluate("a + b", inputs)
    except FormulaError as e:
        assert e.message.isprintable()
