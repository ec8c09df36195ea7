"""The reader, saa.yamlio: data with the line and column of every key and value, findings for bad input."""

from __future__ import annotations

import math

import pytest

from saa import yamlio
from saa.findings import Finding, Loc
from saa.yamlio import Document, load_file, parse_text, resolve_plain


def parse(text: str) -> Document:
    return parse_text(text, "f.yaml")


def found(doc: Document) -> list[tuple]:
    return [(f.line, f.column, f.severity, f.rule, f.message) for f in doc.findings]


# --------------------------------------------------------------------------- positions

def test_positions_of_keys_and_values():
    doc = parse("a: 1\nb:\n  - x\n  - y: 2\n    z: 'q'\n")
    assert doc.data == {"a": 1, "b": ["x", {"y": 2, "z": "q"}]}
    assert doc.findings == []
    assert doc.pos == {(): (1, 1), ("a",): (1, 4), ("b",): (3, 3), ("b", 0): (3, 5), ("b", 1): (4, 5),
                       ("b", 1, "y"): (4, 8), ("b", 1, "z"): (5, 8)}
    assert doc.kpos == {("a",): (1, 1), ("b",): (2, 1), ("b", 1, "y"): (4, 5), ("b", 1, "z"): (5, 5)}
    assert doc.ok and doc.exists and doc.text.startswith("a: 1")


def test_loc_falls_back_to_the_nearest_enclosing_value():
    doc = parse("a:\n  b:\n    - x\n")
    assert doc.loc(("a", "b", 0)) == Loc("f.yaml", 3, 7)
    assert doc.loc(("a", "b", 0, "missing")) == Loc("f.yaml", 3, 7)
    assert doc.loc(("a", "b")) == Loc("f.yaml", 3, 5)
    assert doc.loc(("a", "b"), key=True) == Loc("f.yaml", 2, 3)
    assert doc.loc(("nowhere",), key=True) == Loc("f.yaml", 1, 1)
    assert doc.loc() == Loc("f.yaml", 1, 1)


def test_comments_are_ignored_and_do_not_move_positions():
    doc = parse("# a comment\na: 1  # trailing\n# b: 2\nc:   # empty\n  - x # item\n")
    assert doc.data == {"a": 1, "c": ["x"]}
    assert doc.pos[("a",)] == (2, 4)
    assert doc.kpos[("c",)] == (4, 1)
    assert doc.pos[("c", 0)] == (5, 5)
    assert doc.findings == []


def test_empty_and_comment_only_text_is_an_empty_mapping():
    for text in ("", "# only a comment\n", "\n\n"):
        doc = parse(text)
        assert (doc.data, doc.pos, doc.findings) == ({}, {(): (1, 1)}, [])


def test_quoted_and_block_scalars_stay_text():
    doc = parse("k: 'it''s'\nm: \"a\\tb\"\nn: |\n  line1\n  line2\no: >-\n  folded\n  text\np: '12'\nq: \"true\"\n")
    assert doc.data == {"k": "it's", "m": "a\tb", "n": "line1\nline2\n", "o": "folded text", "p": "12", "q": "true"}


def test_a_top_level_list_or_scalar_is_read_as_written():
    assert parse("- 1\n- 2\n").data == [1, 2]
    assert parse("- 1\n- 2\n").pos == {(): (1, 1), (0,): (1, 3), (1,): (2, 3)}
    assert parse("just text\n").data == "just text"


def test_standard_tags_are_accepted():
    doc = parse("a: !!str 12\nb: !!int '7'\nc: !!str\n")
    assert doc.data == {"a": "12", "b": 7, "c": ""}
    assert doc.findings == []


# --------------------------------------------------------------------------- duplicate keys

def test_duplicate_key_is_an_error_at_the_second_and_the_first_value_wins():
    doc = parse("a: 1\nb: 2\na:\n  x: 3\n  y: 4\nd: 5\n")
    assert doc.data == {"a": 1, "b": 2, "d": 5}
    assert found(doc) == [(3, 1, "error", "duplicate-key", "duplicate key 'a' (first written at line 1); keep one")]
    assert doc.pos[("d",)] == (6, 4)


def test_duplicate_key_in_a_list_item():
    doc = parse("contacts:\n  - name: A\n    role: user\n    name: B\n")
    assert doc.data == {"contacts": [{"name": "A", "role": "user"}]}
    assert found(doc) == [(4, 5, "error", "duplicate-key", "duplicate key 'name' (first written at line 2); keep one")]


def test_keys_are_text_so_1_and_quoted_1_are_the_same_key():
    doc = parse("1: a\n'1': b\n")
    assert doc.data == {"1": "a"}
    assert found(doc) == [(2, 1, "error", "duplicate-key", "duplicate key '1' (first written at line 1); keep one")]
    assert parse("true: a\n").data == {"true": "a"}


def test_a_key_that_is_a_list_is_refused():
    doc = parse("? [a]\n: 1\nb: 2\n")
    assert doc.data == {"b": 2}
    assert found(doc) == [(1, 3, "error", "yaml-syntax", "a key must be plain text, not a list or a mapping")]


# --------------------------------------------------------------------------- anchors, aliases, tags

def test_anchor_and_alias_are_refused_at_each_place():
    doc = parse("a: &x 1\nb: *x\n")
    msg = "anchors and aliases (&x, *x) are not allowed in plans; write the value out"
    assert found(doc) == [(1, 4, "error", "yaml-anchor", msg), (2, 4, "error", "yaml-anchor", msg)]
    assert doc.data == {"a": 1, "b": None}


def test_anchor_on_a_mapping_and_in_a_list():
    doc = parse("base: &b\n  x: 1\nlist:\n  - &i item\n")
    assert [(f.line, f.column, f.rule) for f in doc.findings] == [(1, 7, "yaml-anchor"), (4, 5, "yaml-anchor")]
    assert doc.data == {"base": {"x": 1}, "list": ["item"]}


def test_yaml_bomb_is_refused_without_expanding():
    text = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n'
    doc = parse(text)
    assert {f.rule for f in doc.findings} == {"yaml-anchor"}
    assert doc.data["d"] == [None, None]


def test_tags_are_refused():
    doc = parse("a: !!python/object 1\nb: !custom {c: 1}\n")
    assert found(doc) == [
        (1, 4, "error", "yaml-tag",
         "YAML tags such as tag:yaml.org,2002:python/object are not allowed in plans; remove it"),
        (2, 4, "error", "yaml-tag", "YAML tags such as !custom are not allowed in plans; remove it"),
    ]


# --------------------------------------------------------------------------- syntax errors

@pytest.mark.parametrize("text, line, col, message", [
    ("a: [1, 2\n", 2, 1, "YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)"),
    ("a: 'abc\nb: 1\n", 3, 1, "YAML syntax: found unexpected end of stream (while scanning a quoted scalar)"),
    ("a:\n  b: 1\n c: 2\n", 3, 2, "YAML syntax: did not find expected key (while parsing a block mapping)"),
    ("a: b: c\n", 1, 5, "YAML syntax: mapping values are not allowed in this context"),
    ("a: @x\n", 1, 4, ("YAML syntax: found character that cannot start any token "
                       "(while scanning for the next token); quote the value")),
    ("a:\n\t- b\n", 2, 1, "a tab cannot indent YAML: indent with spaces"),
    ("team:\n  - name: Ann\n    relation: -\n", 3, 15, 'quote the relation score: "-"'),
    ("owner: -\n", 1, 8, 'an unquoted - after owner: starts a list; quote it: "-"'),
    ("---\na: 1\n---\nb: 2\n", 3, 1, "more than one YAML document (---) in a plan file; keep one"),
])
def test_syntax_errors_at_the_right_line_and_column(text, line, col, message):
    doc = parse(text)
    assert doc.data is None and not doc.ok
    rule = "yaml-syntax"
    assert found(doc) == [(line, col, "error", rule, message)]


def test_syntax_error_with_crlf_line_ends():
    doc = parse("a: x\r\nb: [1,\r\n")
    assert found(doc) == [(3, 1, "error", "yaml-syntax",
                           "YAML syntax: did not find expected node content (while parsing a flow node)")]


def test_crlf_line_ends_read_like_lf():
    doc = parse("a: 1\r\nb:\r\n  - x\r\n")
    assert doc.data == {"a": 1, "b": ["x"]}
    assert doc.pos == parse("a: 1\nb:\n  - x\n").pos


# --------------------------------------------------------------------------- limits

def test_nesting_deeper_than_the_limit():
    ok = parse("k: " + "[" * 63 + "]" * 63 + "\n")
    assert ok.findings == [] and ok.data is not None
    deep = parse("k: " + "[" * 64 + "]" * 64 + "\n")
    assert found(deep) == [(1, 67, "error", "too-deep",
                            "nested more than 64 levels deep; plans are shallow: check the indentation")]
    assert deep.data is None


def test_more_values_than_the_limit(monkeypatch):
    monkeypatch.setattr(yamlio, "MAX_NODES", 5)
    assert parse("- 1\n- 2\n- 3\n- 4\n").findings == []  # the list and four values: 5 nodes
    doc = parse("- 1\n- 2\n- 3\n- 4\n- 5\n")
    assert found(doc) == [(5, 3, "error", "too-large", "more than 5 values in one file; a plan file is much smaller")]
    assert doc.data is None


# --------------------------------------------------------------------------- the plain-scalar resolver

@pytest.mark.parametrize("text, value", [
    ("", None), ("~", None), ("null", None), ("Null", None), ("NULL", None),
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False),
    ("0", 0), ("-0", 0), ("+1", 1), ("42", 42), ("-17", -17), ("012", 12),
    ("0o17", 15), ("0x1F", 31), ("0xff", 255),
    ("1.5", 1.5), ("-2.25", -2.25), ("1.", 1.0), (".5", 0.5), ("1e3", 1000.0), ("1E-3", 0.001), ("+2.5e2", 250.0),
    (".inf", math.inf), (".Inf", math.inf), (".INF", math.inf), ("+.inf", math.inf), ("+.Inf", math.inf),
    ("+.INF", math.inf), ("-.inf", -math.inf), ("-.Inf", -math.inf), ("-.INF", -math.inf),
    ("123456789012345678", 123456789012345678), ("1234567890123456789", 1.2345678901234568e18),
])
def test_resolver_yaml_1_2_core_forms(text, value):
    got = resolve_plain(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("text", [".nan", ".NaN", ".NAN"])
def test_resolver_nan(text):
    assert math.isnan(resolve_plain(text))


@pytest.mark.parametrize("text", [
    "yes", "no", "on", "off", "Yes", "y", "n", "nULL", "tRUE", "fALSE",      # YAML 1.1 words are text in 1.2
    "2027-03-31", "2027-03", "2027-Q1", "12:30", "1_000", "0b101", "+0x1F", "-0o7", "0o8", ".", "-", "+",
    "1.2.3", "$4k", "95%", "-.Nan", "Infinity",
])
def test_resolver_leaves_other_text_as_text(text):
    assert resolve_plain(text) == text


def test_plain_values_in_a_file_use_the_resolver():
    doc = parse("a: yes\nb: 2027-03\nc: 0x10\nd: ~\ne: 1e3\nf: -.INF\n")
    assert doc.data == {"a": "yes", "b": "2027-03", "c": 16, "d": None, "e": 1000.0, "f": -math.inf}


# --------------------------------------------------------------------------- files: encoding, size

def test_load_file_reads_utf8(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_bytes("account: Café\n".encode())
    doc = load_file(p, "shown/a.yaml")
    assert (doc.path, doc.data, doc.findings) == ("shown/a.yaml", {"account": "Café"}, [])


def test_byte_order_mark_is_accepted_and_does_not_shift_columns(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_bytes(b"\xef\xbb\xbfaccount: X\nid: y\n")
    doc = load_file(p, "a.yaml")
    assert doc.data == {"account": "X", "id": "y"}
    assert doc.kpos == {("account",): (1, 1), ("id",): (2, 1)}
    assert doc.pos[("account",)] == (1, 10)


def test_crlf_file(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_bytes(b"account: X\r\nteam:\r\n  - name: Ann\r\n")
    doc = load_file(p, "a.yaml")
    assert doc.data == {"account": "X", "team": [{"name": "Ann"}]}
    assert doc.pos[("team", 0, "name")] == (3, 11)


def test_not_utf8_at_the_line_and_column_of_the_bad_byte(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_bytes("a: 1\nb: café\n".encode("latin-1"))
    doc = load_file(p, "a.yaml")
    assert doc.data is None
    assert doc.findings == [Finding("a.yaml", 2, 7, "error", "encoding",
                                    "not UTF-8 text (byte 0xe9); save the file as UTF-8")]


def test_not_utf8_column_counts_characters_not_bytes(tmp_path):
    # 'é' before the bad byte is two bytes in UTF-8 but one character in the editor
    p = tmp_path / "a.yaml"
    p.write_bytes("a: 1\nb: é".encode() + b"\xff\n")
    doc = load_file(p, "a.yaml")
    assert [(f.line, f.column, f.message) for f in doc.findings] == [
        (2, 5, "not UTF-8 text (byte 0xff); save the file as UTF-8")]


def test_utf16_is_not_utf8(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_bytes("a: 1\n".encode("utf-16"))
    doc = load_file(p, "a.yaml")
    assert [(f.line, f.column, f.rule) for f in doc.findings] == [(1, 1, "encoding")]


def test_binary_file(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    doc = load_file(p, "a.yaml")
    assert doc.findings == [Finding("a.yaml", 1, 1, "error", "encoding",
                                    "binary file, not YAML text; plan files are UTF-8 text")]
    assert doc.data is None


def test_size_limit(tmp_path):
    at_limit = tmp_path / "ok.yaml"
    at_limit.write_bytes(b"a: " + b"x" * (yamlio.MAX_BYTES - 4) + b"\n")
    assert at_limit.stat().st_size == yamlio.MAX_BYTES
    assert load_file(at_limit, "ok.yaml").findings == []
    over = tmp_path / "big.yaml"
    over.write_bytes(b"a: " + b"x" * (yamlio.MAX_BYTES - 3) + b"\n")
    doc = load_file(over, "big.yaml")
    assert doc.findings == [Finding("big.yaml", 1, 1, "error", "too-large",
                                    "file larger than 5 MiB; a plan file is a few KB")]
    assert doc.data is None


def test_missing_file_and_folder(tmp_path):
    doc = load_file(tmp_path / "nope.yaml", "nope.yaml")
    assert (doc.exists, doc.data, doc.findings) == (False, None, [])
    (tmp_path / "dir.yaml").mkdir()
    doc = load_file(tmp_path / "dir.yaml", "dir.yaml")
    assert doc.findings == [Finding("dir.yaml", 1, 1, "error", "read", "a folder where a file is expected")]


def test_display_path_defaults_to_the_file_path(tmp_path):
    p = tmp_path / "a.yaml"
    p.write_text("a: 1\n", encoding="utf-8")
    assert load_file(p).path == str(p)


_EVENT_TEXTS = [
    "a: 1\nb: [x, {c: 'd'}]\n",
    "--- !root\n%s" % "k: &anchor v\nl: *anchor\nm: !!str 3\nn: |\n  text\n",
    "%YAML 1.1\n---\n- one\n- \"two\"\n- {}\n...\n",
    "",
    "a: b: c\n",                     # a syntax error after a few events
]


def _events(text: str) -> list:
    out = []
    try:
        for ev in iter(yamlio._CParser(text).get_event, None):
            out.append(ev)
    except Exception as err:  # the same error either way
        out.append(type(err).__name__)
    return out


def _field(v):
    return (v.index, v.line, v.column) if hasattr(v, "column") else v


def test_flat_events_are_ruamels_events_with_every_field(monkeypatch):
    """The C parser's events are made by saa's flat subclasses (yamlio._flat_events): each is an
    instance of ruamel's class of the same name, with every field as ruamel's own class sets it."""
    yamlio._setup()
    if yamlio._CParser is None:
        pytest.skip("no C parser in this installation")
    import ruamel.yaml.events as E

    mod = yamlio._CMOD
    assert getattr(mod, "_saa_flat", False)
    ours = {t: _events(t) for t in _EVENT_TEXTS}
    for name in ("ScalarEvent", "MappingStartEvent", "SequenceStartEvent", "MappingEndEvent", "SequenceEndEvent"):
        assert getattr(mod, name) is not getattr(E, name)           # flat subclasses are in place ...
        monkeypatch.setattr(mod, name, getattr(E, name))            # ... and ruamel's own for comparison
    theirs = {t: _events(t) for t in _EVENT_TEXTS}
    assert sum(len(v) for v in ours.values()) > 40
    for text in _EVENT_TEXTS:
        assert len(ours[text]) == len(theirs[text]), text
        for a, b in zip(ours[text], theirs[text]):
            if isinstance(b, str):
                assert a == b
                continue
            assert type(a).__name__ == type(b).__name__ and isinstance(a, type(b))
            slots = [getattr(k, "__slots__", ()) for k in type(b).__mro__]
            fields = [f for s in slots for f in ((s,) if isinstance(s, str) else s)]
            assert {f: _field(getattr(a, f)) for f in fields} == {f: _field(getattr(b, f)) for f in fields}, (text, a)
            if hasattr(b, "tag"):
                assert a.tag == b.tag
            assert repr(a) == repr(b)
