"""The value formula evaluator: arithmetic only, nothing else is evaluated, ever."""

from __future__ import annotations

import builtins
import io
import math
import time
import tokenize
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from saa import formula as F
from saa.formula import FormulaError, evaluate, names, parse, substitute

FAST = settings(max_examples=300, deadline=None)
HELP = "a formula uses numbers, input names, + - * / and parentheses"
WAFERS = {"wafers_per_month": 2000, "wafer_value": 4000.0, "yield_improvement": 0.03}


def ferr(fn, *args) -> FormulaError:
    with pytest.raises(FormulaError) as e:
        fn(*args)
    assert isinstance(e.value, ValueError)
    assert e.value.message == str(e.value)
    return e.value


# --------------------------------------------------------------------------- the spec's example

def test_worked_example():
    f = "wafers_per_month * wafer_value * yield_improvement"
    assert evaluate(f, WAFERS) == pytest.approx(240000)
    assert evaluate(f, WAFERS) * 12 == pytest.approx(2880000)
    assert names(f) == ["wafers_per_month", "wafer_value", "yield_improvement"]
    shown = substitute(f, {"wafers_per_month": "2000", "wafer_value": "$4,000", "yield_improvement": "3%"})
    assert shown == "2000 * $4,000 * 3%"


# --------------------------------------------------------------------------- arithmetic

@pytest.mark.parametrize("text, value", [
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("10 - 4 - 3", 3), ("100 / 10 / 5", 2), ("2 * 3 / 4", 1.5),
    ("-3", -3), ("+3", 3), ("--3", 3), ("-(2 + 3) * 2", -10), ("2 * -3", -6), ("2 - -3", 5),
    ("1e3", 1000), ("1E3", 1000), ("2.5e-1", 0.25), ("1e+2", 100), ("0.03", 0.03), ("2000", 2000),
    ("((((7))))", 7), ("a * (b + c)", 2 * (3 + 4)), ("a/b", 2 / 3), (" a\t*\n b ", 6), ("_x1 + 1", 11),
    ("1 - 1", 0), ("-0", 0), ("0 * -1", 0), (1000, 1000), (2.5, 2.5),
])
def test_arithmetic(text, value):
    got = evaluate(text, {"a": 2, "b": 3, "c": 4, "_x1": 10})
    assert got == pytest.approx(value)
    assert isinstance(got, float)
    assert math.copysign(1, got) == 1 or got != 0  # never -0.0


def test_names_in_order_of_first_appearance():
    assert names("b * a + b - c / a") == ["b", "a", "c"]
    assert names("1 + 2") == []
    assert names("x") == ["x"]


def test_parse_gives_an_immutable_tree():
    tree = parse("a + 2 * -b")
    assert isinstance(tree, F.Chain)
    assert tree.first == F.Name("a", 0)
    op, product, offset = tree.rest[0]
    assert (op, offset) == ("+", 2)
    assert product == F.Chain(F.Num(2.0, "2", 4), (("*", F.Unary("-", F.Name("b", 9), 8), 6),))
    with pytest.raises(Exception):
        tree.first = F.Num(1.0, "1", 0)
    assert parse("a + 2 * -b") == tree and hash(parse("a + 2 * -b")) == hash(tree)


# --------------------------------------------------------------------------- errors

def test_unknown_input():
    e = ferr(evaluate, "wafers_per_month * wafer_valu * yield_improvement", WAFERS)
    assert e.message == "unknown input 'wafer_valu' (did you mean 'wafer_value'?)"
    assert e.offset == len("wafers_per_month * ")
    assert ferr(evaluate, "zzz", WAFERS).message == "unknown input 'zzz'"
    assert ferr(evaluate, "a", None).message == "unknown input 'a'"


def test_unknown_input_reported_before_division_by_zero():
    assert ferr(evaluate, "1 / 0 + nope", {}).message == "unknown input 'nope'"


def test_division_by_zero():
    e = ferr(evaluate, "a / (b - b)", {"a": 1, "b": 2})
    assert e.message.startswith("division by zero")
    assert e.offset == 2
    assert ferr(evaluate, "1/0", {}).message == "division by zero at column 2"
    assert ferr(evaluate, "0/0", {}).message.startswith("division by zero")
    assert ferr(evaluate, "1/-0", {}).message.startswith("division by zero")


@pytest.mark.parametrize("text, char, offset", [
    ("a ** b", "*", 3), ("9**9**9", "*", 2), ("a.b", ".", 1), ("x[0]", "[", 1), ("f(x)", "(", 1),
    ("a % b", "%", 2), ("'x'", "'", 0), ('"x"', '"', 0), ("1,2", ",", 1), ("a)", ")", 1),
    ("__import__('os')", "(", 10), ("a b", "b", 2), ("1 2", "2", 2), ("a = 1", "=", 2), ("a; b", ";", 1),
    ("a // b", "/", 3), ("lambda: 1", ":", 6), ("a if b else c", "if", 2), ("$4k * a", "$", 0),
    ("a × b", "×", 2), ("a\\b", "\\", 1), ("()", ")", 1), ("a * ", None, 4), ("1.", ".", 1), ("1 +* 2", "*", 3),
])
def test_anything_else_is_refused(text, char, offset):
    e = ferr(evaluate, text, {"a": 1, "b": 2, "c": 3, "x": 4, "f": 5, "os": 6, "lambda": 7, "else": 8})
    assert e.offset == offset
    if char is None:
        assert e.message.startswith("unexpected end of formula")
    else:
        assert e.message == f"unexpected {char!r} at column {offset + 1}: {HELP}"


def test_other_errors():
    assert ferr(parse, "").message.startswith("empty formula")
    assert ferr(parse, "   ").message.startswith("empty formula")
    e = ferr(parse, "(a + (b)")
    assert e.message == "missing ')' for the '(' at column 1" and e.offset == 0
    e = ferr(parse, "2x")
    assert e.message.startswith("malformed number '2x' at column 1") and e.offset == 0
    assert ferr(parse, "1e").message.startswith("malformed number")
    assert ferr(parse, "1.2.3").message.startswith("malformed number")
    assert ferr(parse, ".5").offset == 0
    for bad in (None, True, [], {}, b"a"):
        assert ferr(parse, bad).message.startswith("a formula should be text")
    e = ferr(parse, "1" + " + 1" * 600)
    assert e.message.startswith("formula too long")
    assert parse("1" + "+1" * 999)  # 1,999 characters is fine


def test_inputs_must_be_usable_numbers():
    for bad in (None, "4k", True, float("nan"), float("inf"), 1e16, 10 ** 20, [1]):
        e = ferr(evaluate, "2 * a", {"a": bad})
        assert e.message.startswith("input 'a'") and e.offset == 4


# --------------------------------------------------------------------------- bounded magnitude and depth

@pytest.mark.parametrize("text", [
    "1e308*10", "1e16", "1e15 * 10", "9" + "*9" * 30, "1e400", "1e999999999", "1e8 * 1e8",
    "1e15 + 1e15", "-1e15 - 1e15", "1 / 1e-300", "0.000001 / 1e-300", "9" * 400,
])
def test_results_too_large(text):
    e = ferr(evaluate, text, {})
    assert e.message.startswith("result too large")


def test_magnitude_limit_is_inclusive_and_applies_to_inputs_products():
    assert evaluate("1e15", {}) == 1e15
    assert evaluate("x * x / x", {"x": 1e7}) == pytest.approx(1e7)
    assert ferr(evaluate, "x * x * x", {"x": 1e7}).message.startswith("result too large")


def test_deep_parentheses_give_formula_error_not_recursion_error():
    for depth in (101, 150, 999):
        text = "(" * depth + "1" + ")" * depth
        e = ferr(evaluate, text, {})
        assert "nested too deeply" in e.message and e.offset == 100
    assert ferr(evaluate, "(" * 10_000, {}).message.startswith("formula too long")
    assert ferr(evaluate, "(" * 1_500, {}).message.startswith("formula nested too deeply")
    assert ferr(evaluate, "-" * 500 + "1", {}).message.startswith("formula nested too deeply")
    assert ferr(evaluate, "-(" * 60 + "1" + ")" * 60, {}).message.startswith("formula nested too deeply")
    assert evaluate("(" * 100 + "1" + ")" * 100, {}) == 1
    assert evaluate("-(" * 50 + "2" + ")" * 50, {}) == 2


def test_long_chains_are_fine_and_fast():
    start = time.perf_counter()
    assert evaluate("1" + "+1" * 999, {}) == 1000
    assert evaluate("a" + "*a" * 600, {"a": 1.0}) == 1
    assert evaluate("-" * 100 + "1" + "-1" * 900, {}) == -899
    assert time.perf_counter() - start < 2


# --------------------------------------------------------------------------- nothing is ever executed

def test_no_eval_exec_compile_or_import_in_the_source():
    source = Path(F.__file__).read_text(encoding="utf-8")
    words = {t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.NAME}
    assert not words & {"eval", "exec", "compile", "__import__", "ast", "literal_eval", "getattr", "globals",
                        "locals", "importlib", "__builtins__"}


def test_evaluate_does_not_use_eval_or_import(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("not allowed")

    results = []
    with monkeypatch.context() as m:
        for name in ("eval", "exec", "compile", "__import__"):
            m.setattr(builtins, name, boom)
        results.append(evaluate("wafers_per_month * wafer_value * yield_improvement", WAFERS))
        results.append(names("a + b"))
        results.append(substitute("a * b", {"a": "1"}))
        for hostile in ("__import__('os').system('echo pwned')", "eval('1')", "exec('x=1')", "open('/etc/passwd')",
                        "().__class__.__bases__[0]", "[x for x in ()]", "9**9**9**9", "a if 1 else 2"):
            try:
                evaluate(hostile, {"a": 1})
            except FormulaError as e:
                results.append(e.message)
    assert results[0] == pytest.approx(240000)
    assert results[1] == ["a", "b"] and results[2] == "1 * b"
    assert len(results) == 3 + 8 and all(r.startswith("unexpected") for r in results[3:])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcx_019.eE+-*/()%[]{}'\"\\,:;=<>!@#$^&|~` \n\t", max_size=40) | st.text(max_size=80))
def test_any_text_only_formula_error(text):
    env = {"a": 1.5, "b": -2.0, "c": 0.0, "x": 1e10, "_": 3}
    for fn in (parse, names, lambda t: evaluate(t, env), lambda t: substitute(t, {"a": "$1"})):
        try:
            out = fn(text)
        except FormulaError as e:
            assert e.offset is None or 0 <= e.offset <= len(text)
            continue
        if fn is not parse and isinstance(out, float):
            assert math.isfinite(out) and abs(out) <= 1e15


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@FAST
@given(json_values, json_values)
def test_any_json_formula_and_input_only_formula_error(f, v):
    try:
        evaluate(f, {"a": v})
    except FormulaError:
        pass
    try:
        evaluate("a * 2", {"a": v})
    except FormulaError:
        pass


# --------------------------------------------------------------------------- agrees with a reference

def _tree(depth: int = 4):
    leaf = st.one_of(
        st.integers(0, 10 ** 6).map(lambda n: ("num", str(n), float(n))),
        st.sampled_from(["0.03", "2.5", "1e3", "4.0e-2", "0.5"]).map(lambda s: ("num", s, float(s))),
        st.sampled_from(["a", "b", "c"]).map(lambda n: ("name", n)),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(st.just("neg"), inner),
            st.tuples(st.just("bin"), st.sampled_from("+-*/"), inner, inner),
        ),
        max_leaves=16,
    )


ENV = {"a": 2000.0, "b": 4000.0, "c": 0.03}


class _Refused(Exception):
    pass


def _ref(t):
    """A reference evaluation straight from the generated tree (no parsing involved)."""
    if t[0] == "num":
        x = t[2]
    elif t[0] == "name":
        x = ENV[t[1]]
    elif t[0] == "neg":
        x = -_ref(t[1])
    else:
        _, op, l, r = t
        x, y = _ref(l), _ref(r)
        if op == "/" and y == 0:
            raise _Refused
        x = {"+": x + y, "-": x - y, "*": x * y, "/": x / y if y else 0}[op]
    if not math.isfinite(x) or abs(x) > 1e15:
        raise _Refused
    return x


def _depth(t) -> int:
    """Parentheses and signs inside each other, as the parser counts them."""
    if t[0] == "neg":
        return 1 + _depth(t[1])
    if t[0] == "bin":
        return 1 + max(_depth(t[2]), _depth(t[3]))
    return 0


def _text(t, spaced: bool) -> str:
    if t[0] in ("num", "name"):
        return t[1]
    if t[0] == "neg":
        return "-" + _text(t[1], spaced)
    _, op, l, r = t
    sep = " " if spaced else ""
    return f"({_text(l, spaced)}{sep}{op}{sep}{_text(r, spaced)})"


@settings(max_examples=400, deadline=None)
@given(_tree(), st.booleans())
def test_agrees_with_reference(t, spaced):
    text = _text(t, spaced)
    if _depth(t) > F.MAX_DEPTH:
        assert "nested too deeply" in ferr(evaluate, text, ENV).message
        return
    try:
        expected = _ref(t)
    except _Refused:
        with pytest.raises(FormulaError):
            evaluate(text, ENV)
        return
    assert evaluate(text, ENV) == expected + 0.0
    used = names(text)
    assert set(used) <= set(ENV) and len(used) == len(set(used))
    # substitute keeps the structure: substituting names by themselves evaluates the same
    assert evaluate(substitute(text, {}), ENV) == expected + 0.0
    assert evaluate(substitute(text, {k: repr(v) for k, v in ENV.items()}), {}) == expected + 0.0


def test_substitute_spacing():
    assert substitute("a*b", {"a": "2000", "b": "$4,000"}) == "2000 * $4,000"
    assert substitute("-(a+b)/ -c", {"c": "3%"}) == "-(a + b) / -3%"
    assert substitute("(a)", {"a": "7M"}) == "(7M)"
    assert substitute("  a  ", {}) == "a"
    assert substitute("a * (b", {}) == "a * (b"  # only the tokens need to be valid
    assert ferr(substitute, "a ** % b", {}).message.startswith("unexpected '%'")
