"""saa.render.plaintable prints piped tables byte for byte as rich does (it stands in for rich at start-up)."""

from __future__ import annotations

import io
import random

import pytest

from saa.render import plaintable
from saa.render.terminal import console as rich_console

WORDS = ["a", "to", "the", "customer", "objectives", "accomplish?", "-", "(no", "questions)", "3.7", "ASIC",
         "driver-level", "x" * 14, "y" * 23, "  ", " "]


def _text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(WORDS) + rng.choice([" ", " ", "  ", ""]) for _ in range(words)).strip(" ") \
        if rng.random() < 0.9 else "  - " + " ".join(rng.choice(WORDS) for _ in range(words))


def _tables(seed: int):
    """Tables shaped as the views make them: a wrapping first column, right-aligned unwrapped columns."""
    rng = random.Random(seed)
    kinds = []
    for _ in range(400):
        cols = rng.randint(1, 4)
        headers = [rng.choice(["category / question", "name", _text(rng, 3)])] + \
                  [rng.choice(["team\nconf impl  act", "gap\nconf impl  act", "n", "spoiler"]) for _ in range(cols - 1)]
        rows = []
        for _ in range(rng.randint(0, 6)):
            rows.append(([_text(rng, rng.randint(0, 12))] +
                         [rng.choice(["  3.7  2.7  3.0", "   -    -    -", "", "+1.0", "5"]) for _ in range(cols - 1)],
                         rng.random() < 0.3))
        kinds.append((headers, rows, rng.choice([20, 24, 33, 40, 57, 61, 80, 100, 132, 200]), rng.random() < 0.2))
    return kinds


def _both(headers, rows, width, section, monkeypatch):
    from rich.table import Table
    from rich.text import Text

    plain = plaintable.Table()
    rich = Table()
    for i, h in enumerate(headers):
        opts = {"justify": "right", "no_wrap": True} if i else {"ratio": 1}
        plain.add_column(h, **opts)
        rich.add_column(h, **opts)
    for cells, end in rows:
        plain.add_row(*(plaintable.Text(c) for c in cells), end_section=end)
        rich.add_row(*(Text(c) for c in cells), end_section=end)
    if section:
        plain.add_section()
        rich.add_section()
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    buf = io.StringIO()
    rich_console(buf).print(rich)
    return plain.lines(width), buf.getvalue()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_tables_as_rich_prints_them(seed, monkeypatch):
    fast = 0
    for headers, rows, width, section in _tables(seed):
        lines, expected = _both(headers, rows, width, section, monkeypatch)
        if lines is not None:
            fast += 1
            assert "".join(line + "\n" for line in lines) == expected, (headers, rows, width)
    assert fast > 150   # most tables are certain here (the rest go to rich)


def test_what_is_not_certain_goes_to_rich(monkeypatch):
    wide = plaintable.Table()
    wide.add_column("naïve ☃")                     # not ASCII: rich measures it
    wide.add_row(plaintable.Text("x"))
    assert wide.lines(80) is None
    long_word = plaintable.Table()
    long_word.add_column("h", ratio=1)
    long_word.add_column("n", justify="right", no_wrap=True)
    long_word.add_row(plaintable.Text("w" * 60), plaintable.Text("1"))
    monkeypatch.setenv("COLUMNS", "40")
    out = io.StringIO()
    plaintable.Console(out).print(long_word)       # folded, in a table whose columns all wrap (terminal.fit)
    assert long_word.lines(40) is not None
    assert out.getvalue().splitlines()[3:5] == ["│ " + "w" * 32 + " │ 1 │", "│ " + "w" * 28 + "     │   │"]
    markup = plaintable.Table()
    markup.add_column("h")
    markup.add_row("[bold]x[/bold]")               # a string cell with markup: rich reads it
    assert markup.lines(80) is None
    out = io.StringIO()
    plaintable.Console(out).print(markup)
    assert out.getvalue().splitlines()[3] == "│ x │"


def test_lines_and_markup(monkeypatch):
    monkeypatch.setenv("COLUMNS", "30")
    out = io.StringIO()
    c = plaintable.Console(out)
    c.print(plaintable.Text.assemble("Challenge: ", ("x" * 40, "bold"), "  "))   # soft wrap: never cut
    c.print()
    c.print("fail-under [3]: [bold]every[/bold]")    # markup goes to rich
    assert out.getvalue() == "Challenge: " + "x" * 40 + "  \n\nfail-under [3]: every\n"


def test_wanted_only_for_a_plain_file(monkeypatch, tmp_path):
    for var in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        monkeypatch.delenv(var, raising=False)
    with open(tmp_path / "out.txt", "w", encoding="utf-8") as f:
        assert plaintable.wanted(f)
        monkeypatch.setenv("FORCE_COLOR", "1")
        assert not plaintable.wanted(f)
        monkeypatch.delenv("FORCE_COLOR")
        monkeypatch.setenv("COLUMNS", "12")
        assert not plaintable.wanted(f)            # too narrow to be certain: rich decides
    with open(tmp_path / "out.txt", "w", encoding="ascii") as f:
        assert not plaintable.wanted(f)            # rich draws an ASCII box there



LONG = ["a", "to", "customer", "naïve", "€", "£", "–", "Ωmega", "x" * 14, "z" * 31, "q" * 47, "  ", "-", "(ok)"]


def _line(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(LONG) + rng.choice([" ", " ", "  ", ""]) for _ in range(words)).strip(" ")


@pytest.mark.parametrize("seed", [1, 2])
def test_folding_titles_and_one_cell_characters_as_rich(seed, monkeypatch):
    """Words longer than a column (folded), unwrappable columns that cannot fit (saa.render.terminal.fit then
    wraps them), multi-line cells, titles, and characters other than ASCII that rich draws one cell wide."""
    from rich.table import Table
    from rich.text import Text

    rng = random.Random(seed)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    fast = 0
    for _ in range(300):
        width = rng.choice([20, 31, 40, 57, 80, 120])
        cols = rng.randint(1, 5)
        title = _line(rng, rng.randint(1, 12)) if rng.random() < 0.4 else None
        plain, rich = plaintable.Table(title=title, title_justify="left"), Table(title=title, title_justify="left")
        for _ in range(cols):
            opts = {"justify": rng.choice(["left", "right"]), "no_wrap": rng.random() < 0.4}
            head = rng.choice(["due", "from", "", "step\nname"])
            plain.add_column(head, **opts)
            rich.add_column(head, **opts)
        for _ in range(rng.randint(0, 5)):
            cells = ["\n".join(_line(rng, rng.randint(0, 6)) for _ in range(rng.randint(1, 3))) for _ in range(cols)]
            end = rng.random() < 0.3
            plain.add_row(*(plaintable.Text(c) for c in cells), end_section=end)
            rich.add_row(*(Text(c) for c in cells), end_section=end)
        monkeypatch.setenv("COLUMNS", str(width))
        buf = io.StringIO()
        soft_wrap = rng.random() < 0.5
        rich_console(buf, soft_wrap=soft_wrap).print(rich)
        lines = plain.lines(width, soft_wrap)
        if lines is not None:
            fast += 1
            assert "".join(line + "\n" for line in lines) == buf.getvalue(), (title, width, soft_wrap)
    assert fast > 200   # the rest (a column too narrow for its padding, a line to crop) go to rich


@pytest.mark.parametrize("width", [20, 33, 80])
def test_lines_wrapped_as_rich_wraps_them_without_soft_wrap(width, monkeypatch):
    from rich.text import Text

    rng = random.Random(width)
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for _ in range(200):
        line = ("    " if rng.random() < 0.5 else "") + _line(rng, rng.randint(0, 25))
        buf, mine = io.StringIO(), io.StringIO()
        rich_console(buf, soft_wrap=False).print(Text(line))
        plaintable.Console(mine, soft_wrap=False).print(plaintable.Text(line))
        assert mine.getvalue() == buf.getvalue(), line


def test_characters_of_other_widths_go_to_rich():
    assert plaintable.wrapped("naïve € – ok", 20) == ["naïve € – ok"]
    for text in ("日本語", "e\u0301", "tab\there", "a\u200bb", "\x1b[31m"):   # wide, combining, control, zero-width
        assert plaintable.wrapped(text, 20) is None
        t = plaintable.Table()
        t.add_column("h")
        t.add_row(plaintable.Text(text))
        assert t.lines(80) is None
