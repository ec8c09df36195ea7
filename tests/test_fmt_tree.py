"""saa fmt's tree: the quick ways of building it give what the plain ways give.

TreeBuilder.run notes whether the parser gave the scalars, the enders and the entries in order
(then each comment is looked up in place instead of sorting everything), takes columns from the
parser's marks when the text has no line break that libyaml sees and ``str.rfind`` does not,
and leaves the comment fields of a node as one shared empty tuple until a comment comes."""

from __future__ import annotations

import random
import re

import pytest

from conftest import ROOT, TELECOM
from saa import fmt
from saa.fmt import NONE, Coll, Scalar, TreeBuilder, build, emit, map_set, new_scalar, normalise, spec_for
from test_fmt import MESSY

EXTRA = [
    "a: |  # header\n  text\nb: 1  # end\n",
    "- # dash\n  a: 1\n-\n- b  # c\n",
    "a: [1, # in the list\n  2]  # after\n# below\nb: {c: 1}  # x\n",
    "# top\n\n\nx:\n  y: 1\n      # deeper\n  # same\n# left\nz: 2\n   \n\t\n",
]


def _texts():
    """(name, text) of the worked example, the messy file, a few odd ones, and variants of each
    with comments and blank lines put in at random (the same every run)."""
    base = [(f.name, normalise(f.read_text("utf-8"))) for f in sorted(TELECOM.glob("*.yaml"))]
    base += [("08-opportunities.yaml", MESSY)] + [("notes.yaml", t) for t in EXTRA]
    out = list(base)
    rng = random.Random(15)
    for n in range(150):
        name, text = rng.choice(base)
        lines = text.split("\n")
        for _ in range(rng.randint(1, 6)):
            i = rng.randrange(len(lines))
            r = rng.random()
            if r < 0.4:
                lines[i] += " " * rng.randint(0, 2) + f"# eol {n}"
            elif r < 0.8:
                lines.insert(i, " " * rng.randint(0, 10) + f"# line {n}")
            else:
                lines.insert(i, " " * rng.randint(0, 3))
        out.append((name, "\n".join(lines)))
    return out


def _texts_of(items) -> list:
    return [c.text for c in items]


def _where(doc) -> list:
    """Where every comment and blank line went: the header, the trailer, and for each entry (by
    position) the lines above and below it and the comments at the end of its key and its value."""
    out = [("header", _texts_of(doc.header)), ("trailer", _texts_of(doc.trailer))]
    for e in sorted(doc.entries, key=lambda e: (e.start, e.col)):
        v = e.value
        out.append((e.start, _texts_of(e.before), _texts_of(e.after), _texts_of(v.eol),
                    _texts_of(getattr(v, "header_eol", ())),
                    _texts_of(e.key.eol) if e.key is not None else None))
    return out


class _SortingBuilder(TreeBuilder):
    """The builder as it was: every comment placed after sorting the entries and enders."""

    def run(self, events) -> None:
        super().run(events)
        self.in_order = False


def test_comments_looked_up_in_place_go_where_sorting_puts_them():
    placed = 0
    for name, text in _texts():
        try:
            quick = TreeBuilder(text, spec_for(name))
            a = quick.build()
        except fmt.FormatError:
            continue
        assert quick.in_order is True, name   # the quick way is the one taken
        b = _SortingBuilder(text, spec_for(name)).build()
        assert _where(a) == _where(b), (name, text)
        assert a.comments == b.comments
        assert emit(a) == emit(b)
        placed += sum(len(x[1]) + len(x[2]) + len(x[3]) for x in _where(a)[2:])
    assert placed > 400   # the variants do put comments everywhere


def _counted(text: str, i: int) -> int:
    return i - (text.rfind("\n", 0, i) + 1)


@pytest.mark.parametrize("text", [
    "a: 1\nb:\n  c: [1, 2]\n  d: {e: 1}\n",
    "k: \u00e9t\u00e9 \u4e2d\U0001F600\nj:\n  m: [\u00e9, {n: 1}]\n",   # not ASCII, no other line break
    "a: 1\u2028b: 2\nc:\n  d: 1\n",                             # a line break for libyaml only
    "x: [a\x85b]\ny:\n  - z: 1\n",
    "a: \ufeffb\nc:\n  d: 1\n",
])
def test_columns_are_the_counted_columns(text):
    """Columns from the parser's marks equal the columns counted back to the last "\\n"; where
    libyaml breaks a line "\\n" does not (NEL, LS, PS), they are counted as before."""
    d = build(text)
    colls = [d.root]
    seen = 0
    for e in d.entries:
        assert e.col == (_counted(text, e.start) if e.key is not None or e.coll.flow else e.coll.col)
        if isinstance(e.value, Coll):
            colls.append(e.value)
        seen += 1
    for c in colls:
        assert c.col == _counted(text, c.start)
    assert seen >= 3


_BF = re.compile(r"[ \t]*\n")
_BN = re.compile(r"\n[ \t]*(?=\n)")


def _hashes_and_blanks_by_regex(text: str) -> list:
    out = [m.start() for m in re.finditer("#", text)]
    if _BF.match(text):
        out.append(0)
    out += [m.start() + 1 for m in _BN.finditer(text)]
    return sorted(out)


def test_blank_lines_found_by_find_are_those_the_regular_expression_finds():
    rng = random.Random(3)
    texts = [t for _, t in _texts()] + ["".join(rng.choice("\n \t#a") for _ in range(rng.randint(0, 14)))
                                       for _ in range(20000)]
    empty = spaces = 0
    for t in texts:
        got = TreeBuilder(t)._hashes_and_blanks()
        assert got == _hashes_and_blanks_by_regex(t), repr(t)
        empty += sum(t[p:p + 1] == "\n" for p in got)
        spaces += sum(t[p:p + 1] in (" ", "\t") for p in got)
    assert empty > 3000 and spaces > 3000   # both kinds of blank line, many times


def test_comment_fields_are_shared_only_while_empty():
    d = build(MESSY, spec_for("08-opportunities.yaml"))
    lists = []
    empty = 0
    for e in d.entries:
        fields = [e.before, e.after, e.value.eol] + ([e.value.header_eol] if isinstance(e.value, Scalar) else [])
        if e.key is not None:
            fields += [e.key.eol, e.key.header_eol]
        for f in fields:
            if f:
                assert type(f) is list
                lists.append(f)
            else:
                assert f is NONE   # immutable: nothing can be added to it by mistake
                empty += 1
    assert len(lists) == len({id(f) for f in lists}) >= 6   # each comment list its own
    assert empty > len(lists)


def test_map_set_keeps_the_comments_of_the_old_value_when_there_are_none_yet():
    d = build("a: |  # header\n  text\nb: 1  # old\nc: 2\n")
    root = d.root
    map_set(root, "a", new_scalar("x"))
    map_set(root, "b", new_scalar(2))
    map_set(root, "c", new_scalar(3))
    assert emit(d) == 'a: x  # header\nb: 2  # old\nc: 3\n'
    assert new_scalar(1).eol is NONE and type(root.entries[0].value.eol) is list


def test_the_generated_plans_take_the_quick_ways(tmp_path):
    """The generated plans (what the benchmark formats) and the worked example: spans, enders and
    entries in order, so no comment lookup sorts anything."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    generate.generate(tmp_path, 2, seed=5)
    files = sorted(tmp_path.glob("*/*.yaml")) + sorted(TELECOM.glob("*.yaml"))
    for f in files:
        tb = TreeBuilder(normalise(f.read_text("utf-8")), spec_for(f.name))
        d = tb.build()
        assert tb.in_order is True and d.comments, f.name
    assert len(files) >= 20
