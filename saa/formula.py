"""Our own small arithmetic evaluator for value formulas (docs/format.md, 04-value-opportunities.yaml).

A formula is arithmetic over its inputs: numbers (``2000``, ``0.03``, ``1e3``),
input names (``[A-Za-z_][A-Za-z0-9_]*``), ``+ - * /`` and parentheses. Nothing
else is evaluated, ever: the text is read by a hand-written tokenizer and a
recursive-descent parser into a small immutable tree, and the tree is computed
with Python floats. There is no ``eval``, ``exec``, ``compile`` or ``ast`` here.

Limits keep any input cheap: at most :data:`MAX_LENGTH` characters, at most
:data:`MAX_DEPTH` nested parentheses and unary signs, and every number, input
and intermediate result at most :data:`MAX_MAGNITUDE` in magnitude. Every
problem is a :class:`FormulaError` with a message and the 0-based offset in the
formula where it is.
"""

from __future__ import annotations

import difflib
import math
from .records import dataclass
from typing import Mapping, Union

__all__ = [
    "FormulaError", "Expr", "Num", "Name", "Unary", "Chain", "parse", "names", "evaluate", "substitute",
    "MAX_LENGTH", "MAX_DEPTH", "MAX_MAGNITUDE",
]

MAX_LENGTH = 2000
MAX_DEPTH = 100
MAX_MAGNITUDE = 1e15

_HELP = "a formula uses numbers, input names, + - * / and parentheses"


class FormulaError(ValueError):
    """A formula that cannot be read or computed; ``offset`` is 0-based, or None."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset


# --------------------------------------------------------------------------- tree

@dataclass(frozen=True)
class Num:
    value: float
    text: str
    offset: int


@dataclass(frozen=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True)
class Unary:
    op: str            # "+" or "-"
    operand: "Expr"
    offset: int


@dataclass(frozen=True)
class Chain:
    """``first op1 x1 op2 x2 ...`` evaluated left to right; all ops of one precedence level.

    A flat chain rather than nested binary nodes keeps the tree as shallow as
    the parentheses, so ``1+1+...+1`` never nests deeply.
    """
    first: "Expr"
    rest: tuple        # ((op, Expr, offset of op), ...)


Expr = Union[Num, Name, Unary, Chain]


# --------------------------------------------------------------------------- tokens

_OPS = "+-*/()"
_SPACE = " \t\r\n"
_DIGITS = "0123456789"
_NAME_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_"
_NAME_REST = _NAME_START + _DIGITS


@dataclass(frozen=True)
class _Tok:
    kind: str    # "num", "name", "op", "end"
    text: str
    offset: int


def _column(offset: int) -> int:
    return offset + 1


def _shown(text: str) -> str:
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text)


def _unexpected(text: str, offset: int) -> FormulaError:
    return FormulaError(f"unexpected {_shown(text)} at column {_column(offset)}: {_HELP}", offset)


def _as_text(formula) -> str:
    if isinstance(formula, str):
        text = formula
    elif isinstance(formula, (int, float)) and not isinstance(formula, bool):
        text = repr(formula)
    else:
        raise FormulaError(f"a formula should be text such as 'a * b': {_HELP}")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula too long: {len(text):,} characters, at most {MAX_LENGTH:,}", MAX_LENGTH)
    return text


def _tokenize(text: str) -> list:
    """All tokens, ending with an "end" token; FormulaError at the first bad character."""
    return list(_tokens(text))


def _tokens(text: str):
    """Tokens one by one, so that the parser reports problems left to right."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SPACE:
            i += 1
        elif c in _OPS:
            yield _Tok("op", c, i)
            i += 1
        elif c in _DIGITS:
            j = i
            while j < n and text[j] in _DIGITS:
                j += 1
            if j < n and text[j] == ".":
                k = j + 1
                while k < n and text[k] in _DIGITS:
                    k += 1
                if k == j + 1:
                    raise _unexpected(".", j)
                j = k
            if j < n and text[j] in "eE":
                k = j + 1
                if k < n and text[k] in "+-":
                    k += 1
                m = k
                while m < n and text[m] in _DIGITS:
                    m += 1
                if m > k:       # a real exponent; otherwise leave the "e" to be reported
                    j = m
            if j < n and text[j] in _NAME_REST + ".":
                raise FormulaError(
                    f"malformed number {_shown(text[i:j + 1])} at column {_column(i)}: "
                    f"write numbers like 2000, 0.03 or 1e3", i)
            yield _Tok("num", text[i:j], i)
            i = j
        elif c in _NAME_START:
            j = i + 1
            while j < n and text[j] in _NAME_REST:
                j += 1
            yield _Tok("name", text[i:j], i)
            i = j
        else:
            raise _unexpected(c, i)
    yield _Tok("end", "", n)


# --------------------------------------------------------------------------- parser

class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.cur = next(tokens)
        self.depth = 0

    def peek(self) -> _Tok:
        return self.cur

    def take(self) -> _Tok:
        t = self.cur
        if t.kind != "end":
            self.cur = next(self.tokens)
        return t

    def enter(self, offset: int):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(f"formula nested too deeply at column {_column(offset)}: "
                               f"at most {MAX_DEPTH} parentheses and signs inside each other", offset)

    def expr(self) -> Expr:
        first = self.term()
        rest = []
        while self.peek().kind == "op" and self.peek().text in "+-":
            op = self.take()
            rest.append((op.text, self.term(), op.offset))
        return Chain(first, tuple(rest)) if rest else first

    def term(self) -> Expr:
        first = self.unary()
        rest = []
        while self.peek().kind == "op" and self.peek().text in "*/":
            op = self.take()
            rest.append((op.text, self.unary(), op.offset))
        return Chain(first, tuple(rest)) if rest else first

    def unary(self) -> Expr:
        t = self.peek()
        if t.kind == "op" and t.text in "+-":
            self.take()
            self.enter(t.offset)
            operand = self.unary()
            self.depth -= 1
            return Unary(t.text, operand, t.offset)
        return self.primary()

    def primary(self) -> Expr:
        t = self.take()
        if t.kind == "num":
            try:
                value = float(t.text)
            except (ValueError, OverflowError):  # pragma: no cover - the tokenizer admits only digits
                raise FormulaError(f"malformed number {_shown(t.text)} at column {_column(t.offset)}", t.offset) from None
            return Num(value, t.text, t.offset)
        if t.kind == "name":
            return Name(t.text, t.offset)
        if t.kind == "op" and t.text == "(":
            self.enter(t.offset)
            inner = self.expr()
            close = self.take()
            if not (close.kind == "op" and close.text == ")"):
                if close.kind == "end":
                    raise FormulaError(f"missing ')' for the '(' at column {_column(t.offset)}", t.offset)
                raise _unexpected(close.text, close.offset)
            self.depth -= 1
            return inner
        if t.kind == "end":
            raise FormulaError(f"unexpected end of formula at column {_column(t.offset)}: "
                               f"a number, an input name or '(' is missing", t.offset)
        raise _unexpected(t.text, t.offset)


def parse(formula: str) -> Expr:
    """Read ``formula`` into an immutable tree; FormulaError when it is not arithmetic."""
    text = _as_text(formula)
    p = _Parser(_tokens(text))
    if p.peek().kind == "end":
        raise FormulaError("empty formula: write arithmetic over the inputs, e.g. a * b", 0)
    try:
        tree = p.expr()
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops well before this
        raise FormulaError(f"formula nested too deeply: at most {MAX_DEPTH} levels", None) from None
    t = p.peek()
    if t.kind != "end":
        raise _unexpected(t.text, t.offset)
    return tree


def _walk_names(e: Expr, out: list):
    if isinstance(e, Name):
        if e.name not in out:
            out.append(e.name)
    elif isinstance(e, Unary):
        _walk_names(e.operand, out)
    elif isinstance(e, Chain):
        _walk_names(e.first, out)
        for _, x, _ in e.rest:
            _walk_names(x, out)


def _name_nodes(e: Expr, out: list):
    if isinstance(e, Name):
        out.append(e)
    elif isinstance(e, Unary):
        _name_nodes(e.operand, out)
    elif isinstance(e, Chain):
        _name_nodes(e.first, out)
        for _, x, _ in e.rest:
            _name_nodes(x, out)


def names(formula: str) -> list:
    """The input names a formula uses, in order of first appearance."""
    out: list = []
    _walk_names(parse(formula), out)
    return out


# --------------------------------------------------------------------------- evaluation

def _bounded(x: float, offset: int | None) -> float:
    if not math.isfinite(x) or abs(x) > MAX_MAGNITUDE:
        where = f" at column {_column(offset)}" if offset is not None else ""
        raise FormulaError(f"result too large{where}: values above 1e15 in magnitude are not plausible amounts", offset)
    return x


def _input_value(name: str, v, offset: int) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise FormulaError(f"input '{name}' is not a number", offset)
    if isinstance(v, int) and abs(v) > MAX_MAGNITUDE:
        raise FormulaError(f"input '{name}' is too large: values above 1e15 in magnitude are not plausible amounts", offset)
    x = float(v)
    if not math.isfinite(x) or abs(x) > MAX_MAGNITUDE:
        raise FormulaError(f"input '{name}' is not a usable number: it must be finite and at most 1e15 in magnitude", offset)
    return x


def _eval(e: Expr, env: dict) -> float:
    if isinstance(e, Num):
        return _bounded(e.value, e.offset)
    if isinstance(e, Name):
        return env[e.name]
    if isinstance(e, Unary):
        x = _eval(e.operand, env)
        return -x if e.op == "-" else x
    acc = _eval(e.first, env)
    for op, sub, offset in e.rest:
        y = _eval(sub, env)
        if op == "+":
            acc = acc + y
        elif op == "-":
            acc = acc - y
        elif op == "*":
            acc = acc * y
        else:
            if y == 0:
                raise FormulaError(f"division by zero at column {_column(offset)}", offset)
            acc = acc / y
        acc = _bounded(acc, offset)
    return acc


def evaluate(formula: str, inputs: Mapping[str, float]) -> float:
    """Compute ``formula`` over ``inputs`` (name to number) in floats."""
    tree = parse(formula)
    if inputs is None:
        inputs = {}
    nodes: list = []
    _name_nodes(tree, nodes)
    env: dict = {}
    for node in nodes:
        if node.name in env:
            continue
        if node.name not in inputs:
            known = [k for k in inputs if isinstance(k, str) and k.isidentifier()]   # only names a formula can use
            close = difflib.get_close_matches(node.name, known, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise FormulaError(f"unknown input '{node.name}'{hint}", node.offset)
        env[node.name] = _input_value(node.name, inputs[node.name], node.offset)
    try:
        result = _eval(tree, env)
    except RecursionError:  # pragma: no cover - the tree is at most ~3 * MAX_DEPTH deep
        raise FormulaError(f"formula nested too deeply: at most {MAX_DEPTH} levels", None) from None
    return _bounded(result, None) + 0.0  # no -0.0


def substitute(formula: str, values: Mapping[str, str]) -> str:
    """The formula with each input name replaced by its display text, e.g. ``2000 * $4,000 * 3%``.

    Operators and parentheses stay as written, with single spaces around
    binary operators; names without a display text are kept. Only the
    tokens need to be valid (the formula may still fail to parse).
    """
    toks = _tokenize(_as_text(formula))[:-1]
    unary = set()
    prev = None
    for k, t in enumerate(toks):
        if t.kind == "op" and t.text in "+-" and (prev is None or (prev.kind == "op" and prev.text != ")")):
            unary.add(k)
        prev = t
    out: list = []
    for k, t in enumerate(toks):
        text = str(values.get(t.text, t.text)) if t.kind == "name" else t.text
        if k == 0 or t.text == ")" and t.kind == "op":
            sep = ""
        else:
            p = toks[k - 1]
            if (p.kind == "op" and p.text == "(") or (k - 1) in unary:
                sep = ""
            else:
                sep = " "
        out.append(sep + text)
    return "".join(out)
