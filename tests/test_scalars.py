"""The scalar forms of docs/format.md (and what counts as missing for completeness)."""

from __future__ import annotations

import calendar
import datetime
import math

import pytest
from hypothesis import given, settings, strategies as st

from saa import scalars
from saa.scalars import (
    ACTION_STATUSES, Action, ScalarError, format_money, is_missing, is_unknown_money, money_currency,
    parse_action, parse_date, parse_frequency, parse_money, parse_percent, parse_probability,
    parse_relation, relation_symbol,
)

FAST = settings(max_examples=300, deadline=None)


def err(fn, *args, **kw) -> str:
    with pytest.raises(ScalarError) as e:
        fn(*args, **kw)
    assert isinstance(e.value, ValueError)
    assert e.value.message == str(e.value)
    return e.value.message


# --------------------------------------------------------------------------- money

@pytest.mark.parametrize("text, amount", [
    ("7M", 7e6), ("$4.5M", 4.5e6), ("200k", 2e5), ("$240,000", 240000), ("$4k", 4000),
    ("USD 4k", 4000), ("1,234.5", 1234.5), ("2bn", 2e9), ("3 mil", 3e6),
    ("4.5m", 4.5e6), ("4K", 4000), ("4 k", 4000), ("2B", 2e9), ("2 BN", 2e9), ("1.1k", 1100),
    ("-$4k", -4000), ("$-4k", -4000), ("-4,000", -4000), ("  12  ", 12), ("usd4k", 4000),
    ("4k USD", 4000), ("4k$", 4000), ("0", 0), ("0.5", 0.5), ("1,000,000", 1e6),
    (7, 7.0), (4.5e6, 4.5e6), (-12, -12.0), (0, 0.0),
])
def test_money_forms(text, amount):
    got = parse_money(text)
    assert got == amount and isinstance(got, float)


def test_money_other_currency_uses_fx():
    fx = {"EUR": 1.1, "GBP": 1.25}
    assert parse_money("€4k", fx=fx) == pytest.approx(4400)
    assert parse_money("EUR4k", fx=fx) == pytest.approx(4400)
    assert parse_money("EUR 4k", fx=fx) == pytest.approx(4400)
    assert parse_money("4k EUR", fx=fx) == pytest.approx(4400)
    assert parse_money("£1M", fx=fx) == pytest.approx(1.25e6)
    # the plan's own currency needs no rate
    assert parse_money("€4k", currency="EUR") == 4000
    assert parse_money("$4k", currency="EUR", fx={"USD": 0.9}) == pytest.approx(3600)


def test_money_missing_rate():
    assert err(parse_money, "EUR 4k") == "no exchange rate for EUR: add settings.fx.EUR to account.yaml"
    assert err(parse_money, "€4k", fx={"GBP": 1.2}).startswith("no exchange rate for EUR")
    assert err(parse_money, "£4k", fx={"GBP": 0}).startswith("no exchange rate for GBP")


def test_money_garbage():
    assert err(parse_money, "lots") == \
        "not an amount of money: 'lots'; write 200k, 4.5M, \"$240,000\" or USD 4k"
    for bad in ("", "k", "4kk", "4 million", "1,23", "12,3456", "$$4", "4..5", "four", "4e3", "4 5",
                "--4", "-$-4", True, False, [], {}, [1], {"a": 1}, "$4k EUR"):
        msg = err(parse_money, bad)
        assert "write 200k" in msg


def test_money_unknown():
    for v in (None, "unknown", "Unknown", " UNKNOWN ", "?", " ? "):
        assert is_unknown_money(v)
        assert parse_money(v, allow_unknown=True) is None
        assert err(parse_money, v).startswith("value unknown is not allowed here")
    for v in (0, "0", "", "n/a", [], False):
        assert not is_unknown_money(v)
    assert scalars.UNKNOWN_MONEY == (None, "unknown", "?")


def test_money_absurd_and_nonfinite():
    for bad in (float("nan"), float("inf"), -float("inf"), 2e15, -2e15, 10 ** 16, 10 ** 5000,
                "2000000000000000", "2000000B", "9" * 400):
        msg = err(parse_money, bad)
        assert "amount" in msg
    assert "too large" in err(parse_money, 10 ** 5000)
    assert parse_money(1e15) == 1e15
    assert "too large" in err(parse_money, "999,999k EUR", fx={"EUR": 1e10})


def test_money_currency():
    assert money_currency("$4k") == "USD"
    assert money_currency("€4k") == "EUR"
    assert money_currency("£4k") == "GBP"
    assert money_currency("USD 4k") == "USD"
    assert money_currency("4k eur") == "EUR"
    assert money_currency("4k") is None
    assert money_currency(4000) is None
    assert money_currency(None) is None
    assert money_currency("lots") is None
    assert money_currency("$4k EUR") is None


@pytest.mark.parametrize("amount, text", [
    (240000, "240,000"), (2880000, "2,880,000"), (4500000.0, "4,500,000"), (1234.5, "1,234.50"),
    (-4000, "-4,000"), (0, "0"), (0.0, "0"), (-0.0, "0"), (239999.99999999997, "240,000"), (None, "unknown"),
    (12.345, "12.35"), (999.999, "1,000"), (-0.001, "0"),
])
def test_format_money(amount, text):
    assert format_money(amount) == text
    assert format_money(amount, "EUR") == text


# --------------------------------------------------------------------------- percent

@pytest.mark.parametrize("v, fraction", [
    ("95%", 0.95), ("3%", 0.03), ("2.5 %", 0.025), (0.95, 0.95), (1, 1.0), (0, 0.0), ("0.5", 0.5),
    ("150%", 1.5), ("100%", 1.0), ("0%", 0.0), (" 50% ", 0.5), ("1", 1.0), ("0", 0.0), (0.0, 0.0),
])
def test_percent(v, fraction):
    assert parse_percent(v) == pytest.approx(fraction)
    assert isinstance(parse_percent(v), float)


def test_percent_errors():
    assert err(parse_percent, 95) == "not a percent: 95; write 95% or 0.95"
    assert err(parse_percent, "95") == "not a percent: 95; write 95% or 0.95"
    assert err(parse_percent, 150) == "not a percent: 150; write 150% or 1.5"
    assert err(parse_percent, 2.5) == "not a percent: 2.5; write 2.5% or 0.025"
    assert "negative" in err(parse_percent, -0.5)
    assert "negative" in err(parse_percent, "-5%")
    for bad in ("lots", "%", "5%%", "five%", None, True, [], {}, float("nan"), float("inf"), "1e3%"):
        assert "write 95% or 0.95" in err(parse_percent, bad)


def test_probability():
    assert parse_probability("60%") == pytest.approx(0.6)
    assert parse_probability(0.6) == 0.6
    assert parse_probability("100%") == 1.0
    assert "at most 100%" in err(parse_probability, "150%")
    assert err(parse_probability, 95) == "not a percent: 95; write 95% or 0.95"


# --------------------------------------------------------------------------- date

@pytest.mark.parametrize("v, d", [
    ("2027-03-31", datetime.date(2027, 3, 31)), ("2027-03", datetime.date(2027, 3, 31)),
    ("2027-02", datetime.date(2027, 2, 28)), ("2028-02", datetime.date(2028, 2, 29)),
    ("2027-04", datetime.date(2027, 4, 30)), ("2027-12", datetime.date(2027, 12, 31)),
    ("2027-Q1", datetime.date(2027, 3, 31)), ("2027-q2", datetime.date(2027, 6, 30)),
    ("2027-Q3", datetime.date(2027, 9, 30)), ("2027-Q4", datetime.date(2027, 12, 31)),
    (" 2027-01-15 ", datetime.date(2027, 1, 15)),
    (datetime.date(2027, 1, 2), datetime.date(2027, 1, 2)),
    (datetime.datetime(2027, 1, 2, 13, 45), datetime.date(2027, 1, 2)),
])
def test_dates(v, d):
    got = parse_date(v)
    assert got == d and type(got) is datetime.date


def test_date_errors():
    assert err(parse_date, "2026-13-45") == "not a date: '2026-13-45'; write 2027-03-31, 2027-03 or 2027-Q1"
    for bad in ("2027-02-30", "2027-13", "2027-Q5", "2027-Q0", "0000-01-01", "27-03-31", "2027/03/31",
                "31.03.2027", "2027-3-31", "March 2027", "", 2027, 20270331, 1.5, True, None, [], {}):
        assert err(parse_date, bad).endswith("write 2027-03-31, 2027-03 or 2027-Q1")


# --------------------------------------------------------------------------- relation

@pytest.mark.parametrize("v, n", [
    ("--", -2), ("-", -1), ("0", 0), ("+", 1), ("++", 2),
    ("\u2013", -1), ("\u2013\u2013", -2), ("\u2212", -1), ("\u2212\u2212", -2), (" + ", 1),
    (-2, -2), (-1, -1), (0, 0), (1, 1), (2, 2), (1.0, 1), ("2", 2), ("-1", -1), ("+1", 1),
])
def test_relation(v, n):
    got = parse_relation(v)
    assert got == n and type(got) is int


def test_relation_unquoted_dash():
    assert err(parse_relation, [None]) == 'quote the relation score: "-"'
    assert err(parse_relation, [[None]]) == 'quote the relation score: "--"'


def test_relation_errors():
    help_ = 'write "--", "-", "0", "+" or "++" (quoted) or -2..2'
    assert err(parse_relation, "good") == f"not a relation score: 'good'; {help_}"
    assert err(parse_relation, 3) == f"not a relation score: 3; {help_}"
    for bad in (True, False, None, -3, 1.5, "+++", "---", "+-", "", [], [1], {}, float("nan"), "\u2014"):
        assert err(parse_relation, bad).startswith("not a relation score: ")


def test_relation_symbol():
    assert [relation_symbol(n) for n in range(-2, 3)] == ["--", "-", "0", "+", "++"]
    for bad in (3, -3, True, None, "+", 1.5):
        err(relation_symbol, bad)


# --------------------------------------------------------------------------- frequency

@pytest.mark.parametrize("v, per_year", [
    ("15/year", 15), ("1-2/year", 1.5), ("2/week", 104), ("1/week", 52), ("2/month", 24), ("1/quarter", 4),
    ("3/yr", 3), ("1-3/month", 24), ("2-4/quarter", 12), ("0.5/month", 6), ("1 - 2 / year", 1.5),
    ("1\u20132/year", 1.5), ("15/Year", 15), ("weekly", 52), ("monthly", 12), ("quarterly", 4),
    ("yearly", 1), ("annually", 1), ("Weekly", 52), (15, 15), (1.5, 1.5), ("15", 15), (0, 0),
])
def test_frequency(v, per_year):
    got = parse_frequency(v)
    assert got == pytest.approx(per_year) and isinstance(got, float)


def test_frequency_errors():
    for bad in ("often", "15/day", "15 per year", "/year", "2-1/year", "-3/year", -3, True, None, [], {},
                float("inf"), "15/years", "1-2-3/year", "daily"):
        assert "write 15/year, 1-2/year, 2/month, " in err(parse_frequency, bad)


# --------------------------------------------------------------------------- action

def test_action_string():
    assert parse_action("Call Ye S.") == Action("Call Ye S.", None, None, "open")
    assert parse_action("  Call  ").do == "Call"
    assert "empty" in err(parse_action, "   ")


def test_action_mapping():
    a = parse_action({"do": "Run the TCO workshop", "owner": "Chen Hao", "due": "2027-01-15"})
    assert a == Action("Run the TCO workshop", "Chen Hao", datetime.date(2027, 1, 15), "open")
    assert parse_action({"do": "x", "status": "done", "due": "2027-Q1"}) == \
        Action("x", None, datetime.date(2027, 3, 31), "done")
    assert parse_action({"do": "x", "status": "dropped"}).status == "dropped"
    assert parse_action({"do": "x", "status": None, "owner": None, "due": None}) == Action("x")
    assert ACTION_STATUSES == ("open", "done", "dropped")
    with pytest.raises(Exception):
        a.do = "y"  # frozen


def test_action_errors():
    assert err(parse_action, {"do": "x", "stauts": "done"}) == \
        "unknown key 'stauts' in an action (did you mean 'status'?); an action has do, owner, due, status"
    assert "did you mean" not in err(parse_action, {"do": "x", "zzz": 1})
    assert err(parse_action, {"owner": "Ann"}) == "an action needs 'do': what is to be done"
    assert err(parse_action, {"do": " "}) == "an action needs 'do': what is to be done"
    assert err(parse_action, {"do": "x", "due": "soon"}).startswith("'due' is not a date: 'soon'")
    assert err(parse_action, {"do": "x", "status": "finished"}).startswith("'status' is 'finished'")
    assert "did you mean 'done'" in err(parse_action, {"do": "x", "status": "don"})
    assert err(parse_action, {"do": "x", "owner": 5}).startswith("'owner'")
    assert err(parse_action, {"do": 5}).startswith("'do'")
    for bad in (None, 5, [], ["x"], True):
        assert "an action should be" in err(parse_action, bad)


# --------------------------------------------------------------------------- missing

def test_is_missing():
    for v in (None, "", "  ", "TODO", "todo", " tbd ", "?", "...", "\u2026", [], {}):
        assert is_missing(v), v
    for v in (0, 0.0, False, "x", "TODO: call", [None], {"a": 1}, "0"):
        assert not is_missing(v), v


# --------------------------------------------------------------------------- round trips

SYMBOLS = {"USD": ["$", "USD", "usd"], "EUR": ["\u20ac", "EUR"], "GBP": ["\u00a3", "GBP"]}
SUFFIXES = [("", 1), ("k", 10 ** 3), ("K", 10 ** 3), ("M", 10 ** 6), ("m", 10 ** 6), ("mil", 10 ** 6),
            ("B", 10 ** 9), ("bn", 10 ** 9)]


@FAST
@given(n=st.integers(0, 999_999), suffix=st.sampled_from(SUFFIXES), commas=st.booleans(),
       cur=st.sampled_from(sorted(SYMBOLS)), mark=st.integers(0, 1), where=st.sampled_from(["pre", "post", "none"]),
       space=st.sampled_from(["", " "]), neg=st.booleans(), cents=st.sampled_from(["", ".5", ".25"]))
def test_money_round_trip(n, suffix, commas, cur, mark, where, space, neg, cents):
    word, mult = suffix
    digits = f"{n:,}" if commas else str(n)
    body = digits + cents + space + word
    sym = SYMBOLS[cur][mark % len(SYMBOLS[cur])]
    if where == "pre":
        text = sym + (" " if len(sym) == 3 else space) + body
    elif where == "post":
        text = body + " " + sym
    else:
        text = body
    if neg:
        text = "-" + text
    fx = {"USD": 1.0, "EUR": 2.0, "GBP": 4.0}
    rate = fx[cur] if where != "none" else 1.0
    expected = (n + (float(cents) if cents else 0)) * mult * rate * (-1 if neg else 1)
    if abs(expected) > 1e15:
        assert "too large" in err(parse_money, text, currency="USD", fx=fx)
        return
    assert parse_money(text, currency="USD", fx=fx) == pytest.approx(expected, rel=1e-12)
    assert money_currency(text) == (cur if where != "none" else None)


@FAST
@given(st.integers(-10 ** 15, 10 ** 15))
def test_format_money_round_trip_whole(n):
    assert parse_money(format_money(n)) == n
    assert parse_money(format_money(float(n))) == float(n)


@FAST
@given(st.integers(-10 ** 12, 10 ** 12))
def test_format_money_round_trip_cents(c):
    x = c / 100
    assert parse_money(format_money(x)) == pytest.approx(x, abs=0.005)


@FAST
@given(st.dates(datetime.date(1000, 1, 1), datetime.date(9999, 12, 31)))
def test_date_round_trip(d):
    assert parse_date(d.isoformat()) == d
    month_end = parse_date(f"{d.year:04d}-{d.month:02d}")
    assert (month_end.year, month_end.month) == (d.year, d.month)
    assert month_end.day == calendar.monthrange(d.year, d.month)[1]
    q = (d.month - 1) // 3 + 1
    quarter_end = parse_date(f"{d.year:04d}-Q{q}")
    assert quarter_end.month == 3 * q and quarter_end >= d
    assert (quarter_end + datetime.timedelta(days=1)).day == 1


@FAST
@given(st.integers(-2, 2), st.booleans())
def test_relation_round_trip(n, en_dash):
    s = relation_symbol(n)
    assert parse_relation(s) == n
    if en_dash:
        assert parse_relation(s.replace("-", "\u2013")) == n
    assert relation_symbol(parse_relation(n)) == s


@FAST
@given(st.integers(0, 10_000))
def test_percent_round_trip(n):
    assert parse_percent(f"{n}%") == pytest.approx(n / 100)
    if n <= 100:
        assert parse_percent(n / 100) == n / 100
        assert parse_probability(f"{n}%") == pytest.approx(n / 100)


@FAST
@given(a=st.integers(0, 100), b=st.integers(0, 100), unit=st.sampled_from(["year", "yr", "quarter", "month", "week"]),
       rng=st.booleans())
def test_frequency_round_trip(a, b, unit, rng):
    lo, hi = sorted((a, b))
    per = {"year": 1, "yr": 1, "quarter": 4, "month": 12, "week": 52}[unit]
    text = f"{lo}-{hi}/{unit}" if rng else f"{lo}/{unit}"
    expected = ((lo + hi) / 2 if rng else lo) * per
    assert parse_frequency(text) == pytest.approx(expected)


# --------------------------------------------------------------------------- only ScalarError, ever

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(-10 ** 30, 10 ** 30) | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)
near_miss = st.text(alphabet="0123456789,.-+%$€£ kKmMbBnilQqyeUSDEURwekTOD?/:\u2013\u2212\u2014", max_size=20)
any_text = st.text(max_size=60) | near_miss

PARSERS = [
    lambda v: parse_money(v),
    lambda v: parse_money(v, allow_unknown=True, currency="EUR", fx={"USD": 0.9}),
    money_currency, parse_percent, parse_probability, parse_date, parse_relation, relation_symbol,
    parse_frequency, parse_action, is_missing, is_unknown_money, format_money,
]


def only_scalar_errors(v):
    for fn in PARSERS:
        try:
            fn(v)
        except ScalarError as e:
            assert isinstance(e.message, str) and e.message
            assert "\n" not in e.message or isinstance(v, str)


@settings(max_examples=500, deadline=None)
@given(json_values)
def test_any_json_value_only_scalar_error(v):
    only_scalar_errors(v)
    only_scalar_errors([v])
    if isinstance(v, dict):
        only_scalar_errors({"do": "x", **v})


@settings(max_examples=500, deadline=None)
@given(any_text)
def test_any_text_only_scalar_error(s):
    only_scalar_errors(s)
    only_scalar_errors({"do": "x", "due": s, "status": s, "owner": s})


@FAST
@given(near_miss)
def test_money_results_are_sane(s):
    try:
        x = parse_money(s, allow_unknown=True)
    except ScalarError:
        return
    assert x is None or (math.isfinite(x) and abs(x) <= 1e15)
