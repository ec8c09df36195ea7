"""The report's charts and marks read right: unknowns drawn as unknown, colours that need no emoji font,
network links that never seem to join people they do not join, and a print layout with no orphaned heading."""

from __future__ import annotations

from html import unescape
import re
import shutil
import subprocess
import tempfile

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
        r'<g class="bubble"><title>[^<(]*\(([^)]+)\): [^<]*</title><circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"',
        svg)}


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


# ---- the network: every link on its own lines ----------------------------------------------

def _net(svg: str):
    """(links, boxes): links as (from, to, [points]); boxes by name as (x, y, width, height)."""
    boxes, names = {}, {}
    for node, tip, *box in re.findall(r'<g class="net-node" data-node="(n\d+)"><title>([^<]*)</title><rect '
                                      r'x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg):
        tip = unescape(tip)
        names[node] = tip[:-len(" (our team)")] if tip.endswith(" (our team)") else tip.split(";")[0].split(",")[0]
        boxes[names[node]] = tuple(map(float, box))
    links = []
    for frm, to, d in re.findall(r'<g class="net-link" data-from="(n\d+)" data-to="(n\d+)"><title>[^<]*</title>'
                                 r'<path d="([^"]+)"', svg):
        pts = [tuple(map(float, xy.split(","))) for xy in re.findall(r"[\d.]+,[\d.]+", d)]
        assert d.startswith("M") and d.count("L") == len(pts) - 1
        links.append((names[frm], names[to], pts))
    return links, boxes


def _segments(pts):
    return list(zip(pts, pts[1:]))


def _on_box_side(pt, box) -> bool:
    x, y = pt
    bx, by, bw, bh = box
    return (abs(x - bx) < 0.06 or abs(x - (bx + bw)) < 0.06) and by + 0.5 < y < by + bh - 0.5


def _check_network(svg: str, expected_links: int) -> None:
    links, boxes = _net(svg)
    assert len(links) == expected_links
    eps = 0.06                        # coordinates are written to 0.1
    for frm, to, pts in links:
        # each path starts on a side of its own first person's box and ends on a side of the second's
        assert _on_box_side(pts[0], boxes[frm]) and _on_box_side(pts[-1], boxes[to]), (frm, to, pts)
        for (x1, y1), (x2, y2) in _segments(pts):
            assert abs(x1 - x2) < eps or abs(y1 - y2) < eps, "not axis-parallel"
            # no link runs under a box (it may only touch its own two boxes, at its two ends)
            for name, (bx, by, bw, bh) in boxes.items():
                inside_x = min(x1, x2) < bx + bw - eps and max(x1, x2) > bx + eps
                inside_y = min(y1, y2) < by + bh - eps and max(y1, y2) > by + eps
                assert not (inside_x and inside_y), (frm, to, "crosses the box of", name)
    for i, (f1, t1, p1) in enumerate(links):
        for f2, t2, p2 in links[i + 1:]:
            for (a1, a2) in _segments(p1):
                for (b1, b2) in _segments(p2):
                    for axis in (0, 1):     # 0: both vertical (same x), 1: both horizontal (same y)
                        if all(abs(u[axis] - a1[axis]) < eps for u in (a2, b1, b2)):
                            o = 1 - axis
                            lo = max(min(a1[o], a2[o]), min(b1[o], b2[o]))
                            hi = min(max(a1[o], a2[o]), max(b1[o], b2[o]))
                            assert hi < lo - eps, ("share a line", (f1, t1), (f2, t2), a1, a2, b1, b2)
            # no corner of one lies on the other: where two links meet they cross, never join
            for (x, y) in p1[1:-1]:
                for (u1, u2) in _segments(p2):
                    on = (min(u1[0], u2[0]) - eps <= x <= max(u1[0], u2[0]) + eps
                          and min(u1[1], u2[1]) - eps <= y <= max(u1[1], u2[1]) + eps)
                    assert not on, ("a corner of", (f1, t1), "on", (f2, t2))


def _contact(name, role, link=None, level=None, reports_to=None, relation=1, title=None):
    return {"name": name, "title": title, "role": role, "relation": relation, "our_link": link,
            "link_level": level, "reports_to": reports_to}


def test_network_links_never_share_a_line():
    # two of ours each linked (solid and dashed) to overlapping people in three columns, reporting lines within a
    # column and across, allies both ways: the case where shared corridors made people seem linked
    data = {"team": ["Ann", "Bo"], "roles": ["decision-maker", "key-influencer", "technical-approver"],
            "contacts": [_contact("Ye", "decision-maker", "Ann", 2),
                         _contact("Jiang", "decision-maker", "Ann", 2, reports_to="Ye"),
                         _contact("Wu", "decision-maker", "Bo", 1, reports_to="Ye"),
                         _contact("Li", "key-influencer", "Bo", 1, reports_to="Jiang"),
                         _contact("Ma", "key-influencer", "Ann", 1, reports_to="Wu"),
                         _contact("Guo", "technical-approver", "Bo", 1, reports_to="Ye"),
                         _contact("He", "technical-approver", "Ann", 2, reports_to="Li")],
            "allies": [{"ally": "Guo", "target": "Ye"}, {"ally": "Li", "target": "Wu"},
                       {"ally": "Ye", "target": "He"}, {"ally": "Ma", "target": "Jiang"}]}
    svg = H.network_svg(data)
    _check_network(svg, 6 + 7 + 4)
    links, _boxes = _net(svg)
    solid = [t for f, t, _p in links if f in ("Ann", "Bo")]
    assert sorted(solid) == ["Guo", "He", "Jiang", "Li", "Ma", "Wu", "Ye"]
    assert "<title>our link: Bo to Guo (level 1)</title>" in svg


def _dense(n_team=4, n=22) -> dict:
    roles = ["decision-maker", "key-influencer", "technical-approver", "user", "gatekeeper", "coach"]
    team = [f"T{i}" for i in range(n_team)]
    contacts = [_contact(f"C{i}", roles[i % len(roles)], team[(i * 7) % n_team] if i % 5 else None,
                         1 + i % 2, reports_to=f"C{(i * 3) % max(i, 1)}" if i % 3 else None) for i in range(n)]
    allies = [{"ally": f"C{(i * 5) % n}", "target": f"C{(i * 11 + 3) % n}"} for i in range(10)]
    return {"team": team, "roles": roles, "contacts": contacts, "allies": allies}


def test_a_dense_network_keeps_every_link_apart():
    data = _dense()
    n_links = (sum(1 for c in data["contacts"] if c["our_link"]) + sum(1 for c in data["contacts"] if c["reports_to"])
               + len(data["allies"]))
    _check_network(H.network_svg(data), n_links)


def test_telecom_network_in_the_report():
    html = saa("report", TELECOM, "--format", "html")
    svg = re.search(r'<figure class="chart-network">(.*?)</figure>', html, re.S).group(1)
    _check_network(svg, 5)       # 3 our links, Guo reports to Ye, Guo is the ally to Ye
    assert "<title>our link: Chen Hao to Guo J. (level 1)</title>" in svg


def test_too_many_links_are_left_to_the_table():
    data = {"team": ["Us"], "roles": ["user"], "contacts": [_contact(f"c{i}", "user", "Us", 1) for i in range(120)],
            "allies": []}
    svg = H.network_svg(data)
    assert 'class="net-link"' not in svg
    assert "120 links not drawn: too many to draw one line each" in svg
    assert svg.count('class="net-node"') == 121


# ---- print layout ------------------------------------------------------------------------------

def test_print_css_keeps_headings_with_what_follows():
    css = H.CSS[H.CSS.index("@media print"):]
    assert "h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }" in css
    assert "thead { display: table-header-group; }" in css
    assert ".keep { break-inside: avoid; page-break-inside: avoid; }" in css
    assert ".lead { break-after: avoid; page-break-after: avoid; }" in css
    html = saa("report", TELECOM, "--format", "html")
    body = html[html.index("</nav>"):]
    # every heading opens a group, which holds it with its notes and (when small) the first block after them
    for m in re.finditer(r"<h([2-4]) id=", body):
        opened = body.rfind('<div class="', 0, m.start())
        assert body[opened:m.start()].count("</div>") == 0, body[m.start():m.start() + 80]
    assert re.search(r'<div class="keep"><h3 id="step-2-customer-network">[^\n]*\n<p[^>]*>Complete\.</p>\n'
                     r'<figure class="chart-network">', body)
    # the open actions (more rows than half a page holds): the heading leads into the table, never ends a page
    assert '<div class="lead"><h2 id="open-actions">Open actions</h2></div>\n<table>' in body


def test_a_big_block_is_not_kept_but_its_heading_leads_into_it():
    from saa.render.document import Cell, Heading, Para, Table
    big = Table(["a"], [[Cell(str(i))] for i in range(40)])
    small = Table(["a"], [[Cell("1")]])
    groups = H._keep_groups([Heading(2, "Big", "big"), Para("note"), big, Heading(3, "Small", "small"),
                             Heading(4, "Smaller", "smaller"), Para("status"), small, Para("after")])
    assert [([type(b).__name__ for b in g], k) for g, k in groups] == [
        (["Heading", "Para"], "lead"), (["Table"], None),
        (["Heading", "Heading", "Para", "Table"], "keep"), (["Para"], None)]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.skipif(CHROMIUM is None or PDFTOTEXT is None or shutil.which("pdfinfo") is None,
                    reason="needs chromium and poppler-utils (apt-get install chromium poppler-utils)")
def test_no_printed_page_ends_with_a_heading(tmp_path):
    import datetime

    from conftest import TODAY
    from saa.loader import load_plan
    from saa.render.document import Heading, Para
    from saa.render.report import build

    html_path = tmp_path / "r.html"
    html_path.write_text(saa("report", TELECOM, "--format", "html"), "utf-8")
    pdf = tmp_path / "r.pdf"
    profile = tempfile.mkdtemp()
    try:
        r = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                            html_path.as_uri()], capture_output=True, text=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert pdf.is_file() and pdf.stat().st_size > 10_000, r.stderr[-2000:]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 8
    # what must never end a page: a heading (alone, or with the file name beside it), or the notes right after
    # a heading (the step's status) with the heading's content on the next page
    doc = build(load_plan(TELECOM), datetime.date.fromisoformat(TODAY))
    leads, last = [], None
    for b in doc.blocks:
        if isinstance(b, Heading):
            leads += [_norm(b.text), _norm(f"{b.text} {b.note or ''}")]
        elif isinstance(b, Para) and isinstance(last, (Heading, Para)) and last is not None:
            leads.append(_norm(b.text))
        last = b if isinstance(b, Heading) or (isinstance(b, Para) and isinstance(last, (Heading, Para))) else None
    assert "Open actions" in leads and "Complete." in leads
    for n in range(1, pages + 1):
        text = subprocess.run([PDFTOTEXT, "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        lines = [_norm(x) for x in text.splitlines() if x.strip()]
        end = lines[-1]
        assert not any(end == t or (len(end) >= 12 and t.endswith(end)) for t in leads), (n, lines[-3:])
