"""The report's charts and marks read right: unknowns drawn as unknown, colours that need no emoji font,
network links that never seem to join people they do not join, and a print layout with no orphaned heading."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from conftest import ROOT, TELECOM
from saa.cli import app
from saa.render import html as H

runner = CliRunner()
FAB = ROOT / "plans" / "fab"


def saa(*args) -> str:
    r = runner.invoke(app, [str(a) for a in args])
    assert r.exit_code in (0, 1), r.output
    return r.stdout


# ---- colour marks ------------------------------------------------------------------------

# emoji and pictographs (U+1F000-1FAFF), miscellaneous symbols and dingbats (U+2600-27BF, which hold the
# coloured circles' older cousins), arrows-and-shapes emoji (U+2B00-2BFF), technical emoji (U+2300-23FF), and the
# joiners that make emoji out of other characters (variation selector 16, zero-width joiner)
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]")


@pytest.mark.parametrize("plan", [TELECOM, FAB], ids=["telecom", "fab"])
def test_no_emoji_anywhere_in_the_reports(plan):
    texts = {f"{cmd} {kind}": saa(cmd, plan, "--format", kind)
             for cmd in ("report", "brief") for kind in ("md", "html")}
    texts["review md"] = saa("review", plan, "--format", "md")
    texts["review html"] = saa("review", plan, "--format", "html")
    for name, text in texts.items():
        found = EMOJI.findall(text)
        assert not found, (name, found[:5])


def test_every_colour_is_said_in_words():
    # fab has red, yellow and green challenge scores, relations and alignment factors
    md = saa("report", FAB, "--format", "md")
    for word in ("red", "yellow", "green"):
        assert md.count(f" *{word}*") >= 3, word
    assert ("| **overall (all questions)** | **4.3** *green* | **4.0** *green* | **4.3** *green* | **3.8** *yellow* "
            "| **3.3** *yellow* | **3.5** *yellow* |") in md
    html = saa("report", FAB, "--format", "html")
    for word in ("red", "yellow", "green"):
        assert f'<span class="rag rag-{word}" title="{word}">{word}</span>' in html
    assert ".rag-red::before { background: #e06666; }" in html       # the dot is drawn by CSS, not a font
    # a cell that already names its colour gets no second mark
    brief = saa("brief", FAB, "--format", "md")
    assert "| USD 1,440,000 | team yellow, spoiler red | +0.7 |" in brief


def test_heat_map_cells_name_their_colour():
    html = saa("report", TELECOM, "--format", "html")
    heat = re.search(r'<figure class="chart-heatmap">(.*?)</figure>', html, re.S).group(1)
    assert "<title>team implications: 2.7, red</title>" in heat
    assert "<title>team confidence: 3.7, yellow</title>" in heat
    assert "<title>spoiler confidence: not scored</title>" in heat


# ---- the matrix: unknown probability ------------------------------------------------------

def _point(id_, q, prob, value=1000.0, months=6.0):
    return {"id": id_, "name": id_.title(), "quadrant": q, "rank": 1, "value": value, "probability": prob,
            "stage": "proposal", "decision": "2027-06-01", "months": months}


def _circles(svg: str) -> dict:
    return {m[0]: (float(m[1]), float(m[2]), float(m[3])) for m in re.findall(
        r'<g data-id="([^"]+)"><title>[^<]*</title><circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"', svg)}


def test_unknown_probability_is_not_drawn_at_a_height():
    svg = H.matrix_svg({"points": [_point("known", "I", 0.25), _point("unsure", "I", None),
                                   _point("nothing", "I", None, value=None), _point("sure", "I", 1.0)],
                        "currency": "USD"})
    c = _circles(svg)
    # the probability axis of quadrant I: its 0% line is the horizontal axis, 100% the upper grid line
    axis_y = float(re.search(r'<line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="\1" stroke="#8c959f"/>', svg).group(1))
    full_y = float(re.search(r'y="([\d.]+)"[^>]*>100%</text>', svg).group(1)) - 3
    assert c["known"][1] == pytest.approx(axis_y + (full_y - axis_y) * 0.25, abs=0.11)
    assert c["sure"][1] == pytest.approx(full_y, abs=0.11)
    strips = [tuple(map(float, m)) for m in re.findall(
        r'<rect class="prob-unknown" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)]
    assert len(strips) == 4                        # every quadrant has the strip, so the axes line up
    sx, sy, sw, sh = strips[0]
    for name in ("unsure", "nothing"):
        x, y, r = c[name]
        # inside the labelled strip, wholly above the plot (and above the biggest bubble at 100%)
        assert sx < x - r and x + r < sx + sw and sy < y - r and y + r < sy + sh, name
        assert y + r < full_y - c["sure"][2], name
    assert svg.count(">probability unknown</text>") == 4
    assert ">probability unknown (top strip)</text>" in svg         # the legend
    assert ">value unknown</text>" in svg


def test_no_strip_when_every_probability_is_known():
    svg = H.matrix_svg({"points": [_point("a", "I", 0.5), _point("b", "III", 0.1)], "currency": "USD"})
    assert "prob-unknown" not in svg and "probability unknown" not in svg
    assert 'height="' in svg and _circles(svg).keys() == {"a", "b"}
