"""saa fmt: quotes kept where another YAML reader would read a different type; ``|+`` at the end of a
file; no lost update; the fast paths (one parse, no guard for a canonical file, worker processes)
give exactly the slow path's results; progress only on a terminal's stderr."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TELECOM, write_plan
from saa import fmt
from saa.cli import app
from saa.fmt import FormatError, build, format_file, format_text, normalise, render_checked
from saa.yamlcompat import plain_text_everywhere, resolve_yaml11
from saa.yamlio import parse_text, resolve_plain

yaml = pytest.importorskip("yaml", reason="PyYAML (the test extra) checks what a YAML 1.1 reader reads")
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

runner = CliRunner()


def pyyaml(text: str):
    return yaml.safe_load(text)


def ruamel(text: str):
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)


# ---- item 6: what other readers read ----------------------------------------------

# each is text that some common reader types as something else when unquoted
KEEP_QUOTES = [
    "2027-03-31", "2027-3-1", "2027-03-31T10:00:00Z", "2027-03-31 10:00:00",   # timestamps
    "=", "<<",                                                                 # PyYAML and ruamel raise
    "+.INF", "+.Inf", "+.inf", "-.INF", "-.Inf", ".inf", ".NaN", ".NAN",      # floats in 1.2 core too
    "yes", "Yes", "YES", "no", "No", "on", "On", "off", "OFF", "y", "Y", "n", "N",  # YAML 1.1 booleans
    "true", "False", "~", "null", "Null", "NULL",
    "0o17", "0x1F", "0b101", "0777", "017", "08", "1_000", "1_000.5", "+12", "-3", "1e5", "1.5e-3", "6.",
    "1:20", "190:20:30", "1:20.5", "-1:30",                                   # sexagesimal (YAML 1.1)
]
# and text every reader reads as that text: written plain
UNQUOTE = ["hello world", "2027-Q1", "$8.3M", "30%", "v1.2", "Q4 2027", "200k", "3 months",
           "R&D", "a-b", "x=y", "<<<", "yes please", "no-go", "0xZZ", "1:2:3:4x", "2027-03"]


@pytest.mark.parametrize("value", KEEP_QUOTES)
def test_fmt_keeps_quotes_on_text_other_readers_would_type(value):
    src = f'a: "{value}"\n'
    out = format_text(src, "notes.yaml")
    assert out == src
    assert pyyaml(out) == {"a": value}          # a YAML 1.1 reader reads the same text back
    assert ruamel(out) == {"a": value}
    assert parse_text(out, "x").data == {"a": value}


@pytest.mark.parametrize("value", UNQUOTE)
def test_fmt_unquotes_text_that_every_reader_reads_as_text(value):
    out = format_text(f'a: "{value}"\n', "notes.yaml")
    assert out == f"a: {value}\n"
    assert pyyaml(out) == {"a": value}          # PyYAML (YAML 1.1) reads the unquoted text as the same string
    assert ruamel(out) == {"a": value}          # ruamel.yaml (YAML 1.2)
    assert parse_text(out, "x").data == {"a": value}


def test_quoted_keys_that_readers_would_type_stay_quoted():
    src = '"<<": 1\n"yes": 2\n"2027-01-01": 3\nplain: 4\n'
    out = format_text(src, "notes.yaml")
    assert out == src
    assert pyyaml(out) == {"<<": 1, "yes": 2, "2027-01-01": 3, "plain": 4}


@pytest.mark.parametrize("value", KEEP_QUOTES + UNQUOTE + [
    "True", "TRUE", "0", "-0", "0.5", ".5", "+.5", "1_0", "0b2", "0x", "12:60", "1:5", "2027-13-45",
    "2027-03-31t10:00:00", "2001-12-14 21:59:43.10 -5", "nan", "inf", "Infinity", "1__0", "_1", ""])
def test_yaml11_resolver_agrees_with_pyyaml(value):
    """Where PyYAML types a plain scalar (or refuses it), saa's YAML 1.1 resolver does too."""
    try:
        got = pyyaml(f"a: {value}\n")["a"]
    except Exception:   # a YAMLError, or a ValueError for a timestamp such as 2027-13-45
        got = "<raises>"
    mine = resolve_yaml11(value)
    if isinstance(got, str) and got != "<raises>":
        # PyYAML reads text; saa's 1.1 rules are stricter only where ruamel.yaml's 1.1 rules type it
        # (the 1.1 specification's y/n booleans, 1e5, a leading "_" in a number)
        assert mine == "str" or value in ("y", "Y", "n", "N", "1e5", "_1"), value
    else:
        assert mine != "str", (value, got)
    if plain_text_everywhere(value):
        assert got == value and ruamel(f"a: {value}\n")["a"] == value


@pytest.mark.parametrize("value, want", [("+.Inf", float("inf")), ("+.INF", float("inf")), ("-.INF", float("-inf")),
                                         ("+.inf", float("inf")), ("-.Inf", float("-inf")), (".INF", float("inf"))])
def test_saa_resolver_reads_every_spelling_of_infinity(value, want):
    assert resolve_plain(value) == want
    assert parse_text(f"a: {value}\n", "x").data == {"a": want}


def test_the_guard_refuses_output_a_yaml11_reader_would_type_differently(monkeypatch):
    # if the quoting rule let these go plain, saa itself would still read text: only the 1.1 check sees it
    monkeypatch.setattr(fmt, "plain_text_everywhere", lambda v: True)
    for value in ("2027-03-31", "=", "<<"):
        with pytest.raises(FormatError) as e:
            format_text(f'a: "{value}"\n', "notes.yaml")
    assert "cannot be written in canonical form" in e.value.message
    assert format_text('a: "hello"\n', "notes.yaml") == "a: hello\n"


def test_plain_values_keep_their_spelling_and_type():
    src = "a: yes\nb: 2027-03-31\nc: 0777\nd: +.INF\n"
    assert format_text(src, "notes.yaml") == src


# ---- item 5: |+ at the end of a file ------------------------------------------------

@pytest.mark.parametrize("src, value", [
    ("name: x\nnotes: |+\n  hello\n\n", "hello\n\n"),
    ("a: |+\n  x\n\n\n", "x\n\n\n"),
    ("a:\n  - |+\n    x\n\n", ["x\n\n"]),
    ("a:\n  - b: |+\n      x\n\n", [{"b": "x\n\n"}]),
    ("a: |+\n  x\n\n# the end\n", "x\n\n"),
    ("a: >+\n  x\n  y\n\n", "x y\n\n"),
])
def test_keep_block_scalar_at_the_end_of_a_file(src, value):
    out = format_text(src, "notes.yaml")
    data = parse_text(out, "x").data
    got = data["a"] if "a" in data else data["notes"]
    assert got == value
    assert pyyaml(out) == pyyaml(src)
    assert format_text(out, "notes.yaml") == out
    assert "# the end" in out or "# the end" not in src


def test_keep_block_scalar_at_the_end_written_by_the_cli(tmp_path):
    text = "opportunities:\n  - id: x\n    name: X\n    notes: |+\n        kept\n\n"
    plan = write_plan(tmp_path / "p", {"08-opportunities.yaml": text})
    r = runner.invoke(app, ["fmt", str(plan)])
    assert r.exit_code == 0, r.output
    out = (plan / "08-opportunities.yaml").read_text("utf-8")
    assert out == "opportunities:\n  - id: x\n    name: X\n    notes: |+\n      kept\n\n"
    assert parse_text(out, "x").data["opportunities"][0]["notes"] == "kept\n\n"


def test_the_writer_of_challenge_score_handles_keep_at_the_end():
    from saa.fmt import map_entry, map_set, new_scalar

    text = ("challenges:\n  - opportunity: x\n    reviewed: 2026-01-01\n    categories:\n      - name: A\n"
            "        questions:\n          - question: Why?\n            evidence: |+\n              notes\n\n")
    tree = build(text, fmt.spec_for("10-challenge.yaml"))
    ch = tree.root.entries[0].value.entries[0].value
    assert map_entry(ch, "reviewed") is not None
    map_set(ch, "reviewed", new_scalar("2026-11-27"))
    expected = parse_text(text, "x").data
    expected["challenges"][0]["reviewed"] = "2026-11-27"
    out = render_checked(tree, expected, tree.comments, "10-challenge.yaml")
    assert out.endswith("evidence: |+\n              notes\n\n")
    assert "reviewed: \"2026-11-27\"" in out or "reviewed: 2026-11-27" in out


def test_challenge_score_saves_answers_when_the_file_ends_with_keep(tmp_path, monkeypatch):
    plan = tmp_path / "telecom"
    shutil.copytree(TELECOM, plan)
    (plan / "10-challenge.yaml").write_text(
        "challenges:\n  - opportunity: asic-port-driver\n    reviewed: 2026-11-20\n    categories:\n"
        "      - name: Customer issues\n        questions:\n          - question: What for?\n"
        "            evidence: |+\n              Their CTO said so\n\n", "utf-8")
    monkeypatch.setattr("saa.cli.score.stdin_is_tty", lambda: True)
    r = runner.invoke(app, ["challenge", "score", str(plan), "--opportunity", "asic-port-driver", "--as", "team"],
                      input="4\n3\n2\ny\n")
    assert r.exit_code == 0, r.output
    q = parse_text((plan / "10-challenge.yaml").read_text("utf-8"), "x").data["challenges"][0]["categories"][0]
    assert q["questions"][0]["team"] == {"confidence": 4, "implications": 3, "actions": 2}
    assert q["questions"][0]["evidence"] == "Their CTO said so\n\n"


# ---- item 4: no lost update -----------------------------------------------------------

def test_fmt_does_not_replace_a_file_changed_while_it_was_formatted(tmp_path, monkeypatch):
    plan = write_plan(tmp_path / "p", {"08-opportunities.yaml": "opportunities:\n- id: a\n  name: 'A'\n"})
    target = plan / "08-opportunities.yaml"
    edit = "opportunities:\n- id: a\n  name: 'A, edited in an editor meanwhile'\n"
    real = fmt.format_text

    def slow_format(text, name="plan.yaml"):
        out = real(text, name)
        target.write_text(edit, "utf-8")      # another program saves the file while fmt works
        return out

    monkeypatch.setattr(fmt, "format_text", slow_format)
    res = format_file(target, str(target))
    assert res.status == "skipped" and "changed on disk since saa read it" in res.message
    assert target.read_text("utf-8") == edit
    assert sorted(p.name for p in plan.iterdir()) == ["08-opportunities.yaml", "account.yaml"]


def test_cli_reports_a_file_changed_meanwhile_and_exits_1(tmp_path, monkeypatch):
    plan = write_plan(tmp_path / "p", {"08-opportunities.yaml": "opportunities:\n- id: a\n"})
    target = plan / "08-opportunities.yaml"
    real = fmt.format_text

    def slow_format(text, name="plan.yaml"):
        out = real(text, name)
        if name == "08-opportunities.yaml":
            target.write_text("opportunities: []\n", "utf-8")
        return out

    monkeypatch.setattr(fmt, "format_text", slow_format)
    r = runner.invoke(app, ["fmt", str(plan)])
    assert r.exit_code == 1
    assert "08-opportunities.yaml:1:1: error: changed on disk since saa read it" in r.stderr
    assert target.read_text("utf-8") == "opportunities: []\n"


# ---- the fast paths give the slow path's results ------------------------------------------

@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fmtbench") / "plans"
    generate.generate(out, 3, seed=5)
    return out


def _files(folder):
    return sorted(folder.glob("*/*.yaml")) + sorted(TELECOM.glob("*.yaml"))


def test_canonical_shortcut_gives_what_the_guarded_path_gives(portfolio):
    """format_text skips the round-trip guard when the canonical form is the text itself;
    the guarded rendering must give the very same text for such files (and for the others too)."""
    seen_canonical = seen_changed = 0
    for f in _files(portfolio):
        norm = normalise(f.read_text("utf-8"))
        data = parse_text(norm, f.name).data
        doc = build(norm, fmt.spec_for(f.name))
        guarded = render_checked(doc, data, doc.comments, f.name, rebuild=lambda: build(norm, fmt.spec_for(f.name)))
        assert format_text(norm, f.name) == guarded, f
        if guarded == norm:
            seen_canonical += 1
        else:
            seen_changed += 1
    assert seen_canonical >= 20 and seen_changed >= 1


def _guard_cases(portfolio):
    """(name, normalised text) of every file the event guard may see: the generated portfolio, the
    worked example, the messy file of test_fmt, the quoting cases above, and 600 of the fuzzer's mutants."""
    import importlib.util

    from test_fmt import MESSY

    for f in _files(portfolio):
        yield f.name, normalise(f.read_text("utf-8"))
    yield "08-opportunities.yaml", MESSY
    for v in KEEP_QUOTES + UNQUOTE:
        yield "notes.yaml", f"a: '{v}'\nb: [{v!r}, \"{v}\"]  # c\n"
    spec = importlib.util.spec_from_file_location("saa_fuzz_guard", ROOT / "tools" / "fuzz.py")
    fuzz = importlib.util.module_from_spec(spec)
    sys.modules["saa_fuzz_guard"] = fuzz
    spec.loader.exec_module(fuzz)
    mut = fuzz.Mutator(fuzz.seeds())
    for i in range(600):
        for name, raw in mut.make(i, 20261201).files.items():
            try:
                yield name, normalise(raw.decode("utf-8"))
            except (AttributeError, UnicodeDecodeError):   # a file removed, or not UTF-8
                pass


def test_the_event_guard_accepts_only_what_the_full_guard_accepts(portfolio):
    """fmt.reads_as_before (the round-trip guard proved on the two event streams, without reading
    the data) may say "not proved"; when it says the output reads as the source, render_checked's
    guard (data, comments, YAML 1.1 types, findings) must accept that very output."""
    proved = refused = 0
    for name, norm in _guard_cases(portfolio):
        events = fmt._event_list(norm)
        if events is None:
            continue
        try:
            doc = build(norm, fmt.spec_for(name), events)
        except FormatError:
            continue
        out = fmt.emit(doc)
        if out == norm or doc.suspect:
            continue
        if fmt.reads_as_before(events, out, doc.comments):
            proved += 1
            data = parse_text(norm, name).data
            assert render_checked(doc, data, doc.comments, name, first=out) == out, (name, norm)
        else:
            refused += 1
    assert proved >= 300 and refused >= 5, (proved, refused)


@pytest.mark.parametrize("src, bad", [
    ("a: 1  # one\nb: x\n", lambda out: out.replace("  # one", "")),        # a comment lost
    ("a: 1  # one\nb: x\n", lambda out: out + "# new\n"),                  # a comment added
    ("a: 1\nb: x\n", lambda out: out.replace("1", "2")),                    # a value changed
    ("a: '1'\nb: x\n", lambda out: out.replace('"1"', "1")),                # text read as a number
    ("a: 'yes'\nb: x\n", lambda out: out.replace('"yes"', "yes")),          # text a YAML 1.1 reader types
    ("a: '2027-01-01'\n", lambda out: out.replace('"2027-01-01"', "2027-01-01")),
    ("a: x\nb: [1, 2]\n", lambda out: out.replace("[1, 2]", "[1, 2, 3]")),  # a value added
    ("a: x\nb: y\n", lambda out: out.replace("b: y", "b: y\nb: z")),        # a duplicate key
    ("a: x\nb: y\n", lambda out: out.replace("b: y", "b: &k y")),           # an anchor
    ("a: x\nb: y\n", lambda out: out.replace("b: y", "b: !t y")),           # a tag
    ("a: x\nb: y\n", lambda out: out + "---\nc: 1\n"),                    # a second document
    ("a: x\nb: y\n", lambda out: out.replace("b: y", "b: [y")),             # not YAML
])
def test_the_event_guard_refuses_a_wrong_output(src, bad):
    norm = normalise(src)
    events = fmt._event_list(norm)
    doc = build(norm, None, events)
    out = fmt.emit(doc)
    assert fmt.reads_as_before(events, out, doc.comments)
    assert bad(out) != out
    assert not fmt.reads_as_before(events, bad(out), doc.comments)


def test_keys_put_in_order_are_left_to_the_full_guard():
    src = "opportunities:\n  - title: x\n    id: a\n"
    events = fmt._event_list(src)
    doc = build(src, fmt.spec_for("08-opportunities.yaml"), events)
    out = fmt.emit(doc)
    assert out == "opportunities:\n  - id: a\n    title: x\n"
    assert not fmt.reads_as_before(events, out, doc.comments)
    assert format_text(src, "08-opportunities.yaml") == out


def test_one_parse_reads_what_the_loader_reads(portfolio):
    for f in _files(portfolio):
        norm = normalise(f.read_text("utf-8"))
        data, events = fmt._load(norm, f.name)
        assert events is not None
        assert data == parse_text(norm, f.name).data


def test_worker_processes_give_the_serial_results(portfolio, tmp_path, monkeypatch):
    monkeypatch.setattr(fmt, "PARALLEL_MIN", 2)
    serial = fmt.run([str(portfolio)], check=True, want_diff=True, jobs=1)
    parallel = fmt.run([str(portfolio)], check=True, want_diff=True, jobs=2)
    assert len(serial) == 33 and parallel == serial
    assert {r.status for r in serial} == {"unchanged", "would-reformat"}
    # and writing: the same bytes either way
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(portfolio, a)
    shutil.copytree(portfolio, b)
    ra = fmt.run([str(a)], jobs=1)
    rb = fmt.run([str(b)], jobs=2)
    assert [r.status for r in ra] == [r.status for r in rb]
    for fa in sorted(a.glob("*/*.yaml")):
        assert fa.read_bytes() == (b / fa.relative_to(a)).read_bytes()
    assert all(r.status == "unchanged" for r in fmt.run([str(b)], check=True, jobs=2))


def test_check_streams_each_result_once_in_order_even_when_the_pool_fails_midway(portfolio, monkeypatch):
    """saa fmt --check takes its results one by one (fmt.stream: the CLI keeps only what it shows, so
    memory does not grow with the files); when worker processes fail after some chunks, the rest is
    checked in this process, each file once, in the same order."""
    monkeypatch.setattr(fmt, "PARALLEL_MIN", 2)
    serial = fmt.run([str(portfolio)], check=True, jobs=1)
    real = fmt._pool_parts

    def first_chunk_then_fail(files, check, want_diff, jobs):
        parts = real(files, check, want_diff, jobs)
        yield next(parts)
        parts.close()
        raise fmt._NoPool

    monkeypatch.setattr(fmt, "_pool_parts", first_chunk_then_fail)
    seen = []
    each = fmt.stream([str(portfolio)], check=True, jobs=2, progress=lambda done, total: seen.append((done, total)))
    got = list(each)
    assert got == serial and len(got) == 33
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1] == (33, 33)
    assert 1 < seen[0][0] < 33   # the first chunk came from the workers, the rest from here


def test_stream_raises_a_bad_path_at_once(tmp_path):
    from saa.loader import PathError

    with pytest.raises(PathError):
        fmt.stream([str(tmp_path / "nope")], check=True)   # before any result is asked for


def test_workers_are_capped_by_cpus_and_files(monkeypatch):
    monkeypatch.setenv("SAA_JOBS", "10000")
    import os

    cpus = len(os.sched_getaffinity(0))
    assert fmt.jobs_for(5000) == cpus
    assert fmt.jobs_for(1) == 1
    assert fmt.jobs_for(5000, jobs=1) == 1


def test_large_files_are_parsed_twice_rather_than_held_as_events(monkeypatch):
    monkeypatch.setattr(fmt, "_KEEP_EVENTS_MAX", 10)
    data, events = fmt._load("a: [1, 2, 3]\n", "x.yaml")
    assert events is None and data == {"a": [1, 2, 3]}
    assert format_text("a: [1,   2]\n", "notes.yaml") == "a: [1, 2]\n"


# ---- progress -----------------------------------------------------------------------------

class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_shows_on_a_terminal_only_after_two_seconds():
    from saa.render.progress import Progress

    now = [0.0]
    s = _Tty()
    p = Progress("checking files", stream=s, clock=lambda: now[0])
    p(1, 10)
    assert s.getvalue() == ""                 # a quick run shows nothing
    now[0] = 2.5
    p(5, 10)
    assert s.getvalue() == "\rchecking files: 5/10"
    p.close()
    assert s.getvalue().endswith("\r\x1b[K")
    plain = io.StringIO()                     # not a terminal: never
    q = Progress("x", stream=plain, clock=lambda: now[0] + 10)
    q(1, 2)
    q.close()
    assert plain.getvalue() == ""


def test_cli_fmt_keeps_stdout_clean_of_progress(portfolio):
    r = runner.invoke(app, ["fmt", "--check", str(portfolio)])
    assert r.exit_code == 1
    assert "checking files" not in r.stdout and "\r" not in r.stdout
    last = r.stdout.splitlines()[-1]
    assert last.endswith(" already canonical") and "would be reformatted" in last


# ---- the shortcut for a canonical file refuses what the loader refuses ------------------------

@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",
    "true: 1\nTrue: 2\n",
    "1: x\n\"1\": y\n",
    "~: x\nnull: y\n",
    "1.0: x\n1.00: y\n",
    "0x10: x\n16: y\n",
    "a:\n  b: 1\n  b: 2\n",
    "- a: 1\n  a: 1\n",
    "a: 1\n---\nb: 2\n",
    "x: " + "[" * 70 + "]" * 70 + "\n",
])
def test_canonical_looking_files_with_findings_are_refused_with_the_loaders_message(text):
    doc = parse_text(text, "notes.yaml")
    assert doc.findings
    with pytest.raises(FormatError) as e:
        format_text(text, "notes.yaml")
    f = doc.findings[0]
    assert (e.value.message, e.value.line, e.value.column, e.value.rule) == (f.message, f.line, f.column, f.rule)


def test_too_many_values_is_refused_with_the_loaders_message(monkeypatch):
    import saa.yamlio

    monkeypatch.setattr(saa.yamlio, "MAX_NODES", 5)
    monkeypatch.setattr(fmt, "MAX_NODES", 5)
    text = "a: [1, 2, 3, 4, 5, 6]\n"
    with pytest.raises(FormatError) as e:
        format_text(text, "notes.yaml")
    assert e.value.rule == "too-large"
