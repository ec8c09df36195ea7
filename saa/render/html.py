"""The report as one self-contained HTML page: inline CSS, inline SVG, nothing fetched.

Made for reading on screen and for printing (A4, each stage on a new page, no
heading alone at the foot of a page). Three charts are drawn as SVG: the
opportunity prioritization matrix (bubbles sized by value, placed by quadrant
and time to decision; an unknown probability in its own labelled strip), the
challenge heat map (every category score, team and spoiler, coloured
red/yellow/green) and the customer network by role (our team on the left,
contacts in a column per role, coloured by relation, with our links, allies and
reporting lines, each link on lines of its own). A coloured table cell also
says its colour in words.

Every plan text goes through :func:`esc` (``html.escape`` with quotes), in the
page and in the SVG alike. The page has no links to anything outside itself
and no scripts.
"""

from __future__ import annotations

import html as _html
import math

from .document import Bullets, Cell, Chart, Heading, Pairs, Para, Report, Table
from .markdown import colour_of, says_colour

COLOURS = {"red": "#e06666", "yellow": "#f1c232", "green": "#6aa84f", None: "#e8e8e8"}
REL_FILL = {-2: "#cc0000", -1: "#ea9999", 0: "#d9d9d9", 1: "#b6d7a8", 2: "#6aa84f"}
QUAD_NAMES = {"I": "I. Deals in progress", "II": "II. Early-stage deals",
              "III": "III. Customer delay or cancelling", "IV": "IV. Long-term potential"}
ROLE_NAMES = {"decision-maker": "Decision makers", "key-influencer": "Key influencers",
              "technical-approver": "Technical approvers", "user": "Users", "gatekeeper": "Gatekeepers",
              "coach": "Coaches", "other": "Other", None: "Role not written"}


# control characters (escape sequences) from a plan are shown as \x1b, never passed on: the page may go to a terminal
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), *range(0x7f, 0xa0))}
# bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE...) would reorder what a reader sees: shown as \u202e
_CONTROLS.update({c: f"\\u{c:04x}" for c in (*range(0x202a, 0x202f), *range(0x2066, 0x206a))})


def esc(text) -> str:
    return _html.escape(("" if text is None else str(text)).translate(_CONTROLS), quote=True)


def _short(text, n: int) -> str:
    s = "" if text is None else " ".join(str(text).split())
    return s if len(s) <= n else s[: n - 1] + "\u2026"


CSS = """
:root { --ink: #1f2328; --muted: #656d76; --line: #d0d7de; --soft: #f6f8fa; --accent: #0b5394; }
* { box-sizing: border-box; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); color: var(--accent); }
h3 { font-size: 17px; margin: 26px 0 6px; }
h4 { font-size: 14px; margin: 18px 0 6px; }
.file { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); font-weight: normal;
        margin-left: 8px; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
nav.toc { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; margin: 12px 0 20px; }
nav.toc ul { margin: 2px 0; padding-left: 18px; } nav.toc li { margin: 1px 0; }
nav.toc a { color: var(--accent); text-decoration: none; }
table { border-collapse: collapse; margin: 8px 0 14px; width: 100%; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td ul { margin: 0; padding-left: 16px; }
caption { caption-side: top; text-align: left; color: var(--muted); font-style: italic; padding-bottom: 4px; }
table.pairs { width: auto; min-width: 50%; } table.pairs th { width: 220px; }
table.swot td { width: 50%; } table.swot tr:nth-child(2) td { background: var(--soft); }
td.red { background: #f4cccc; } td.yellow { background: #fff2cc; } td.green { background: #d9ead3; }
td.none { color: var(--muted); }
.bad { color: #b00020; font-weight: 600; } .warn { color: #8a6100; } .good { color: #2e7d32; }
.muted { color: var(--muted); } .missing { color: #8a6100; font-style: italic; }
.code, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
p.note { color: var(--muted); } p.big { font-size: 16px; font-weight: 600; }
p.missing, p.warn, p.bad { border-left: 4px solid #f1c232; background: #fffbea; padding: 6px 10px; font-style: normal; }
p.bad { border-color: #e06666; background: #fdeeee; }
p.good { color: #2e7d32; }
li.bad { color: #b00020; } li.muted { color: var(--muted); text-decoration: line-through; }
figure { margin: 10px 0 18px; } figcaption { color: var(--muted); font-size: 12.5px; margin-top: 4px; }
svg { max-width: 100%; height: auto; font-family: -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11.5px; }
  nav.toc { display: none; }
  h2.stage { page-break-before: always; break-before: page; }
  table, figure, tr { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  .keep { break-inside: avoid; page-break-inside: avoid; }
  .lead { break-after: avoid; page-break-after: avoid; }
}
"""


# a red/yellow/green cell also says its colour: a dot drawn by CSS (no emoji font needed) and the colour's word,
# so the colour survives a black-and-white print and a screen reader; every page that shows such cells has this
RAG_CSS = """
.rag { font-size: 0.85em; font-weight: normal; color: #444c56; white-space: nowrap; }
.rag::before { content: ""; display: inline-block; width: 0.75em; height: 0.75em; border-radius: 50%;
               margin: 0 0.25em 0 0.1em; vertical-align: -0.05em; border: 1px solid rgba(0, 0, 0, 0.35); }
.rag-red::before { background: #e06666; } .rag-yellow::before { background: #f1c232; }
.rag-green::before { background: #6aa84f; }
@media print { .rag::before { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def _cell_html(c, tag: str = "td", align: str | None = None) -> str:
    if not isinstance(c, Cell):
        c = Cell(str(c))
    classes = (c.cls or "").split()
    if align == "r" and "num" not in classes:
        classes.append("num")
    if c.items is not None:
        if len(c.items) == 1:
            body = esc(c.items[0])
        elif c.items:
            body = "<ul>" + "".join(f"<li>{esc(x)}</li>" for x in c.items) + "</ul>"
        else:
            body = ""
    else:
        body = esc(c.text)
    if c.strong and body:
        body = f"<strong>{body}</strong>"
    word = colour_of(c.cls)
    if word and not says_colour(" ".join(c.items) if c.items is not None else c.text, word):
        body += f' <span class="rag rag-{word}" title="{word}">{word}</span>'
    cls = f' class="{esc(" ".join(classes))}"' if classes else ""
    return f"<{tag}{cls}>{body}</{tag}>"


def _table(t: Table) -> str:
    n = len(t.headers)
    align = t.align or ["l"] * n
    cls = f' class="{esc(t.cls)}"' if t.cls else ""
    out = [f"<table{cls}>"]
    if t.caption:
        out.append(f"<caption>{esc(t.caption)}</caption>")
    out.append("<thead><tr>" + "".join(
        f'<th{" class=num" if align[i] == "r" else ""}>{esc(h)}</th>' for i, h in enumerate(t.headers)) + "</tr></thead>")
    out.append("<tbody>")
    for row in t.rows:
        out.append("<tr>" + "".join(_cell_html(c, align=align[i] if i < len(align) else None)
                                    for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _pairs(p: Pairs) -> str:
    rows = []
    for k, v in p.rows:
        rows.append(f"<tr><th>{esc(k)}</th>{_cell_html(v)}</tr>")
    return '<table class="pairs"><tbody>' + "".join(rows) + "</tbody></table>"


def _items(items) -> str:
    out = ["<ul>"]
    for it in items:
        cls = f' class="{esc(it.cls)}"' if it.cls else ""
        out.append(f"<li{cls}>{esc(it.text)}")
        if it.children:
            out.append(_items(it.children))
        out.append("</li>")
    out.append("</ul>")
    return "".join(out)


# ---- charts ---------------------------------------------------------------------------

def _svg(width: int, height: int, body: list, label: str) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
            f'aria-label="{esc(label)}">' + "".join(body) + "</svg>")


def _text(x, y, s, size=12, anchor="start", weight="normal", fill="#1f2328", extra="") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{fill}"{extra}>{esc(s)}</text>')


def matrix_svg(data: dict) -> str:
    """2x2 grid: I | II over III | IV; in each cell x = months to decision, y = probability; area = value.

    What is not known is never drawn as a number: an opportunity without a probability sits in a strip above the
    axes labelled "probability unknown" (the strip is there only when some opportunity needs it), one without a
    decision date in the right-hand "no date" strip, one without a value as a small dashed ring.
    """
    from .terminal import money, percent

    pts = data["points"]
    cur = data["currency"]
    unknown_strip = any(p["probability"] is None for p in pts)
    rmin, rmax = 6.0, 34.0
    plot_h = 189.0                    # the probability axis, 0% to 100%
    strip_h = 2 * rmax + 16 if unknown_strip else 0.0
    # a bubble at 100% reaches rmax above the axis top: the strip starts clear of it
    above = (26 + strip_h + rmax + 6) if unknown_strip else 52.0
    W = 960
    left, top, gap = 44, 30, 16
    cw = (W - left - 16 - gap) / 2
    ch = above + plot_h + 26
    leg = top + 2 * ch + gap + 22          # the legend's first line
    H = int(leg + (48 if data.get("closed") else 30))
    months = [p["months"] for p in pts if p["months"] is not None]
    horizon = max(12.0, min(48.0, math.ceil(max(months + [0]) / 6) * 6))
    vmax = max([p["value"] for p in pts if p["value"] is not None and p["value"] > 0] + [0])
    body = []
    cells = {"I": (0, 0), "II": (1, 0), "III": (0, 1), "IV": (1, 1)}
    fills = {"I": "#e8f0fe", "II": "#eef7ee", "III": "#fdf1e6", "IV": "#f3effa"}
    bubble = {"I": "#3c78d8", "II": "#6aa84f", "III": "#e69138", "IV": "#8e7cc3"}
    for q, (cx, cy) in cells.items():
        x0 = left + cx * (cw + gap)
        y0 = top + cy * (ch + gap)
        body.append(f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{cw:.1f}" height="{ch:.1f}" rx="6" fill="{fills[q]}" '
                    'stroke="#c9d1d9"/>')
        body.append(_text(x0 + 10, y0 + 18, QUAD_NAMES[q], 13, weight="600"))
        # axes inside the cell: months along the bottom, probability up the side
        px0, px1 = x0 + 36, x0 + cw - 58
        py0, py1 = y0 + ch - 26, y0 + above
        obstacles: list = []
        if unknown_strip:
            sy0 = y0 + 26
            body.append(f'<rect class="prob-unknown" x="{x0 + 6:.1f}" y="{sy0:.1f}" width="{cw - 12:.1f}" '
                        f'height="{strip_h:.1f}" rx="4" fill="#ffffff" fill-opacity="0.7" stroke="#8c959f" '
                        'stroke-dasharray="4 3"/>')
            body.append(_text(x0 + 12, sy0 + 12, "probability unknown", 10, fill="#656d76",
                              extra=' font-style="italic"'))
            obstacles.append((x0 + 10, sy0 + 1, x0 + 14 + 6.0 * len("probability unknown"), sy0 + 15))
        body.append(f'<line x1="{px0:.1f}" y1="{py0:.1f}" x2="{px1:.1f}" y2="{py0:.1f}" stroke="#8c959f"/>')
        body.append(f'<line x1="{px0:.1f}" y1="{py0:.1f}" x2="{px0:.1f}" y2="{py1:.1f}" stroke="#8c959f"/>')
        for t in (0, horizon / 2, horizon):
            tx = px0 + (px1 - px0) * t / horizon
            body.append(f'<line x1="{tx:.1f}" y1="{py0:.1f}" x2="{tx:.1f}" y2="{py0 + 4:.1f}" stroke="#8c959f"/>')
            body.append(_text(tx, py0 + 15, f"{t:g}", 10, "middle", fill="#656d76"))
        for pr in (0.5, 1.0):
            ty = py0 + (py1 - py0) * pr
            body.append(f'<line x1="{px0 - 4:.1f}" y1="{ty:.1f}" x2="{px1:.1f}" y2="{ty:.1f}" stroke="#d0d7de" '
                        'stroke-dasharray="2 3"/>')
            body.append(_text(px0 - 6, ty + 3, f"{pr:.0%}", 10, "end", fill="#656d76"))
        body.append(_text(px0 + (px1 - px0) * 0.25, py0 + 15, "months to decision", 10, "middle", fill="#656d76"))
        nodate_x = x0 + cw - 26
        body.append(f'<line x1="{nodate_x - 14:.1f}" y1="{py1:.1f}" x2="{nodate_x - 14:.1f}" y2="{py0:.1f}" '
                    'stroke="#d0d7de" stroke-dasharray="2 3"/>')
        body.append(_text(nodate_x, py0 + 15, "no date", 10, "middle", fill="#656d76"))
        mine = [p for p in pts if p["quadrant"] == q]
        if not mine:
            body.append(_text((px0 + px1) / 2, (py0 + py1) / 2, "none", 12, "middle", fill="#8c959f"))
        # big bubbles first so small ones stay visible on top
        mine.sort(key=lambda p: -(p["value"] or 0))
        drawn = []
        for p in mine:
            if p["months"] is None:
                x = nodate_x
            else:
                x = px0 + (px1 - px0) * max(0.0, min(p["months"], horizon)) / horizon
            prob = p["probability"]
            y = py0 + (py1 - py0) * prob if prob is not None else y0 + 26 + 12 + rmax
            if p["value"] is not None and vmax > 0:
                r = rmin + (rmax - rmin) * math.sqrt(max(p["value"], 0) / vmax)
                style = f'fill="{bubble[q]}" fill-opacity="0.55" stroke="{bubble[q]}"'
            else:
                r = rmin + 2
                style = f'fill="none" stroke="{bubble[q]}" stroke-dasharray="3 2" stroke-width="1.5"'
            drawn.append((p, x, y, r, style))
        for p, x, y, r, style in drawn:
            tip = (f"{p['name']} ({p['id']}): {money(p['value'], cur)}, probability "
                   f"{percent(p['probability']) if p['probability'] is not None else 'unknown'}, decision "
                   f"{p['decision'] or 'not set'}, stage {p['stage'] or 'not set'}, rank {p['rank']} in {q}")
            body.append(f'<g class="bubble"><title>{esc(tip)}</title>'
                        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style}/></g>')
        # labels for the biggest bubbles only: more would pile up, and placing each is a search
        # over all the others (quadratic: a plan with 20,000 opportunities never finished)
        labelled = drawn[:60]
        placed: list = [(x - r, y - r, x + r, y + r) for _p, x, y, r, _s in labelled] + obstacles
        for n, (p, x, y, r, _style) in enumerate(labelled):
            overdue = p["months"] is not None and p["months"] < 0
            label = _short(p["id"], 22) + (" (past date)" if overdue else "")
            own = placed[n]
            others = [b for j, b in enumerate(placed) if j != n]
            lx, ly, anchor, rect = _place_label(label, x, y, r, others, (x0 + 4, y0 + 24, x0 + cw - 4, y0 + ch - 4))
            placed[n] = own
            placed.append(rect)
            body.append(_text(lx, ly, label, 11, anchor, fill="#b00020" if overdue else "#1f2328"))
    body.append(_text(left, leg, "Bubble area: opportunity value (largest "
                      + (money(vmax, cur) if vmax else "-") + "). Height: probability. Right-hand strip: no "
                      "decision date.", 11, fill="#656d76"))
    lx = left + 6.0 * 100
    body.append(f'<circle cx="{lx:.1f}" cy="{leg - 4:.1f}" r="6" fill="none" stroke="#656d76" '
                'stroke-dasharray="3 2" stroke-width="1.5"/>')
    body.append(_text(lx + 10, leg, "value unknown", 11, fill="#656d76"))
    if unknown_strip:
        lx += 100
        body.append(f'<rect x="{lx - 8:.1f}" y="{leg - 11:.1f}" width="16" height="12" rx="2" fill="#ffffff" '
                    'stroke="#8c959f" stroke-dasharray="4 3"/>')
        body.append(_text(lx + 12, leg, "probability unknown (top strip)", 11, fill="#656d76"))
    if data.get("closed"):
        body.append(_text(left, leg + 18, "Closed (won or lost), not drawn: " + ", ".join(data["closed"]), 11,
                          fill="#656d76"))
    return _svg(W, H, body, "Opportunity prioritization matrix")


def _place_label(label: str, x: float, y: float, r: float, obstacles: list, bounds: tuple):
    """Where a bubble's label goes: beside, above or below it, the first spot clear of other bubbles and labels.

    Returns (x, y, text-anchor, the label's box).
    """
    w, h = 6.4 * len(label) + 4, 13
    bx0, by0, bx1, by1 = bounds
    spots = [(x + r + 3, y + 4, "start"), (x - r - 3, y + 4, "end"),
             (x, y - r - 4, "middle"), (x, y + r + 13, "middle")]
    for dy in (-h, h, -2 * h, 2 * h, -3 * h, 3 * h):
        spots.append((x + r + 3, y + 4 + dy, "start"))
        spots.append((x - r - 3, y + 4 + dy, "end"))
    for dy in (h, 2 * h, 3 * h):
        spots.append((x, y - r - 4 - dy, "middle"))
        spots.append((x, y + r + 13 + dy, "middle"))
    fallback, least = None, math.inf
    for lx, ly, anchor in spots:
        left = lx if anchor == "start" else (lx - w if anchor == "end" else lx - w / 2)
        rect = (left, ly - h + 3, left + w, ly + 3)
        if not (rect[0] >= bx0 and rect[2] <= bx1 and rect[1] >= by0 and rect[3] <= by1):
            continue
        # no spot is clear: the one that covers the least of the others
        cover = sum(max(0.0, min(rect[2], o[2]) - max(rect[0], o[0])) * max(0.0, min(rect[3], o[3]) - max(rect[1], o[1]))
                    for o in obstacles)
        if cover == 0:
            return lx, ly, anchor, rect
        if cover < least:
            fallback, least = (lx, ly, anchor, rect), cover
    if fallback is None:
        lx, ly, anchor = spots[0]
        fallback = (lx, ly, anchor, (lx, ly - h + 3, lx + w, ly + 3))
    return fallback


def heatmap_svg(data: dict) -> str:
    rows = data["rows"]
    dims = data["dimensions"]
    label_w, cell_w, row_h, head_h = 420, 78, 26, 46
    W = label_w + cell_w * 6 + 24
    H = head_h + row_h * len(rows) + 10
    body = []
    x0 = label_w
    body.append(_text(x0 + cell_w * 1.5, 16, "team", 13, "middle", "600"))
    body.append(_text(x0 + cell_w * 4.5 + 12, 16, "spoiler", 13, "middle", "600"))
    for i, d in enumerate(dims):
        body.append(_text(x0 + cell_w * i + cell_w / 2, 38, d, 11, "middle", fill="#656d76"))
        body.append(_text(x0 + 12 + cell_w * (i + 3) + cell_w / 2, 38, d, 11, "middle", fill="#656d76"))
    y = head_h
    for r in rows:
        if r["kind"] == "challenge":
            body.append(f'<rect x="0" y="{y:.1f}" width="{W}" height="{row_h}" fill="#f6f8fa"/>')
            body.append(_text(6, y + 17, _short(f"Challenge of {r['label']}", 60), 12.5, weight="600"))
            y += row_h
            continue
        strong = r["kind"] == "overall"
        label = "overall (all questions)" if strong else r["label"]
        body.append(f'<g><title>{esc(label)}</title>')
        body.append(_text(14, y + 17, _short(label, 62), 12, weight="600" if strong else "normal"))
        body.append("</g>")
        for block, (scores, cols) in enumerate(((r["team"], r["team_colour"]), (r["spoiler"], r["spoiler_colour"]))):
            for i in range(3):
                cx = x0 + cell_w * (i + 3 * block) + (12 if block else 0)
                s = scores[i]
                fill = COLOURS.get(cols[i], COLOURS[None])
                txt = "-" if s is None else f"{round(s + 1e-9, 1):.1f}"
                tip = f"{('team', 'spoiler')[block]} {dims[i]}: " + (f"{txt}, {cols[i] or 'no colour'}" if s is not None else
                                                                      "not scored")
                body.append(f'<g><title>{esc(tip)}</title><rect x="{cx + 2:.1f}" y="{y + 2:.1f}" '
                            f'width="{cell_w - 4}" height="{row_h - 4}" rx="3" fill="{fill}"/>')
                body.append(_text(cx + cell_w / 2, y + 17, txt, 12, "middle", "600" if strong else "normal",
                                  fill="#1f2328" if s is not None else "#8c959f") + "</g>")
        y += row_h
    return _svg(W, H, body, "Challenge heat map")


# beyond these, one line per link would make a chart nobody can read: the links are then left to the table
NET_MAX_TRACKS = 100       # links running through one gap between columns
NET_MAX_PORTS = 40         # link ends on one row of one gap


def _net_links(data: dict, pos: dict) -> list:
    """Every link to draw as ``(from box, to box, kind, title)``: reporting lines first, then our links, then allies."""
    links = []
    for c in data["contacts"]:
        me = ("contact", c["name"])
        if me in pos and c.get("reports_to") and ("contact", c["reports_to"]) in pos:
            links.append((me, ("contact", c["reports_to"]), "reports",
                          f"{c['name']} reports to {c['reports_to']}"))
    for c in data["contacts"]:
        me = ("contact", c["name"])
        if me in pos and c.get("our_link") and ("team", c["our_link"]) in pos:
            level = c.get("link_level")
            kind = "link2" if level == 2 else "link"
            links.append((("team", c["our_link"]), me, kind, f"our link: {c['our_link']} to {c['name']}"
                          + (f" (level {level})" if level else "")))
    for al in data["allies"]:
        s, t = ("contact", al["ally"]), ("contact", al["target"])
        if s in pos and t in pos:
            links.append((s, t, "ally", f"ally: {al['ally']} gets us to {al['target']}"))
    return links


def _net_routes(links: list, pos: dict) -> dict:
    """Where each link runs, before any coordinate is known.

    A link leaves its first box from a side into the gap beside it (its *port*: a height of its own on that box),
    runs up or down a vertical *track* of its own in that gap, along a *channel* of its own in the space between
    two rows when it has to cross columns, down its own track in the gap beside the second box, and into that box
    at a port of its own. Nothing is shared, so no two links ever run along the same line, and a corner of one
    never lies on another: where two links meet they cross at a right angle.
    """
    ends = []                 # per link: (gap, row, side) of its first and last port, channel row gap or None
    for a, b, _kind, _title in links:
        (la, ra), (lb, rb) = pos[a], pos[b]
        if la < lb:
            ga, sa, gb, sb = la, "R", lb - 1, "L"
        elif la > lb:
            ga, sa, gb, sb = la - 1, "L", lb, "R"
        else:
            ga, sa, gb, sb = la, "R", lb, "R"
        channel = None if ga == gb else (max(ra, rb) if ra != rb else ra + 1)
        ends.append(((ga, ra, sa), (gb, rb, sb), channel))
    ports: dict = {}          # (gap, row) -> [(order key, link, end)]
    tracks: dict = {}         # gap -> [(order key, link, end)]
    channels: dict = {}       # row gap -> [(order key, link)]
    for i, ((ga, ra, _sa), (gb, rb, _sb), ch) in enumerate(ends):
        # a port's vertical runs to the channel (a row gap k lies at k - 0.5 in rows) or to the other port
        ta = ch - 0.5 if ch is not None else rb
        tb = ch - 0.5 if ch is not None else ra
        ports.setdefault((ga, ra), []).append(((ta - ra, i), i, 0))
        ports.setdefault((gb, rb), []).append(((tb - rb, i), i, 1))
        if ch is None:
            tracks.setdefault(ga, []).append(((abs(rb - ra), i), i, 2))
        else:
            tracks.setdefault(ga, []).append(((abs(ta - ra), i), i, 0))
            tracks.setdefault(gb, []).append(((abs(tb - rb), i), i, 1))
            channels.setdefault(ch, []).append(((min(ga, gb), -abs(ga - gb), i), i))
    for d in (ports, tracks, channels):
        for v in d.values():
            v.sort()
    return {"ends": ends, "ports": ports, "tracks": tracks, "channels": channels}


def network_svg(data: dict) -> str:
    """Our team on the left, a column per role; every link on its own ports, tracks and channel (see _net_routes)."""
    from .terminal import relation

    team = data["team"]
    roles = data["roles"]
    contacts = data["contacts"]
    lanes = [("__team__", "Our team")] + [(r, ROLE_NAMES.get(r, str(r))) for r in roles]
    per_lane = {"__team__": [{"name": t, "title": None} for t in team]}
    for c in contacts:
        per_lane.setdefault(c["role"], []).append(c)
    pos: dict = {}      # (kind, name) -> (lane, row)
    for li, (key, _title) in enumerate(lanes):
        for i, c in enumerate(per_lane.get(key, [])):
            pos.setdefault(("team" if key == "__team__" else "contact", c["name"]), (li, i))
    rows = max((len(per_lane.get(k, [])) for k, _t in lanes), default=1) or 1
    node_ids = {k: n for n, k in enumerate(pos)}        # links name their ends by these, never by plan text
    links = _net_links(data, pos)
    rt = _net_routes(links, pos)
    most_tracks = max((len(v) for v in rt["tracks"].values()), default=0)
    most_ports = max((len(v) for v in rt["ports"].values()), default=0)
    drawn = most_tracks <= NET_MAX_TRACKS and most_ports <= NET_MAX_PORTS
    if not drawn:
        rt = {"ends": [], "ports": {}, "tracks": {}, "channels": {}}
    step = 7.0                                          # between two parallel links
    node_w = 150
    # each gap between columns as wide as its tracks need, each row as tall as its ports need, and the space above
    # each row (row gap k is above row k; k = rows is below the last) as tall as its channels need
    col_gap = [max(56.0, step * (len(rt["tracks"].get(g, [])) + 1)) for g in range(len(lanes))]
    row_h = [40.0] * rows
    for (_g, r), v in rt["ports"].items():
        row_h[r] = max(row_h[r], step * (len(v) + 1))
    gap_h = [max(14.0 if k == 0 else 26.0, step * (len(rt["channels"].get(k, [])) + 1)) for k in range(rows + 1)]
    lane_x = [20.0]
    for g in range(len(lanes) - 1):
        lane_x.append(lane_x[-1] + node_w + col_gap[g])
    head = 34.0
    row_top = []
    y = head
    for k in range(rows):
        y += gap_h[k]
        row_top.append(y)
        y += row_h[k]
    bottom = y + gap_h[rows]
    W = int(max(lane_x[-1] + node_w + col_gap[-1], 780))
    H = int(bottom + 58)

    def gap_band(k: int) -> tuple:
        return (head if k == 0 else row_top[k - 1] + row_h[k - 1], row_top[k] if k < rows else bottom)

    port_y: dict = {}
    for (_g, r), items in rt["ports"].items():
        for j, (_key, i, end) in enumerate(items):
            port_y[(i, end)] = row_top[r] + row_h[r] * (j + 1) / (len(items) + 1)
    track_x: dict = {}
    for g, items in rt["tracks"].items():
        for j, (_key, i, end) in enumerate(items):
            track_x[(i, end)] = lane_x[g] + node_w + col_gap[g] * (j + 1) / (len(items) + 1)
    chan_y: dict = {}
    for k, items in rt["channels"].items():
        y0, y1 = gap_band(k)
        for j, (_key, i) in enumerate(items):
            chan_y[i] = y0 + (y1 - y0) * (j + 1) / (len(items) + 1)

    def side_x(lane: int, side: str) -> float:
        return lane_x[lane] + (node_w if side == "R" else 0)

    body = ['<defs><marker id="ally-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#e69138"/></marker></defs>']
    for li, (key, title) in enumerate(lanes):
        x = lane_x[li] - 8
        body.append(f'<rect x="{x:.1f}" y="6" width="{node_w + 16}" height="{bottom - 6:.1f}" rx="6" '
                    f'fill="{"#eef3fb" if key == "__team__" else "#f6f8fa"}"/>')
        body.append(_text(x + (node_w + 16) / 2, 26, title, 12.5, "middle", "600"))

    styles = {"reports": 'stroke="#8c959f" stroke-width="1" stroke-dasharray="1 3"',
              "link": 'stroke="#3c78d8" stroke-width="1.6"',
              "link2": 'stroke="#3c78d8" stroke-width="1.6" stroke-dasharray="6 4"',
              "ally": 'stroke="#e69138" stroke-width="2.2" marker-end="url(#ally-arrow)"'}
    for i, ((a, b, kind, title), ((_ga, _ra, sa), (_gb, _rb, sb), ch)) in enumerate(zip(links, rt["ends"])):
        ya, yb = port_y[(i, 0)], port_y[(i, 1)]
        start, end = (side_x(pos[a][0], sa), ya), (side_x(pos[b][0], sb), yb)
        if ch is None:
            tx = track_x[(i, 2)]
            pts = [start, (tx, ya), (tx, yb), end]
        else:
            t1, t2, cy = track_x[(i, 0)], track_x[(i, 1)], chan_y[i]
            pts = [start, (t1, ya), (t1, cy), (t2, cy), (t2, yb), end]
        d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        body.append(f'<g class="net-link" data-from="n{node_ids[a]}" data-to="n{node_ids[b]}">'
                    f'<title>{esc(title)}</title>'
                    f'<path d="{d}" fill="none" {styles[kind]}/></g>')
    for key, _title in lanes:
        for c in per_lane.get(key, []):
            kind = "team" if key == "__team__" else "contact"
            li, r = pos[(kind, c["name"])]
            nx, ny, node_h = lane_x[li], row_top[r], row_h[r]
            if kind == "team":
                fill, stroke, dash = "#ffffff", "#3c78d8", ""
                tip = f"{c['name']} (our team)"
            else:
                rel = c.get("relation")
                fill = REL_FILL.get(rel, "#ffffff") if isinstance(rel, int) else "#ffffff"
                stroke, dash = ("#8c959f", "") if rel is not None else ("#8c959f", ' stroke-dasharray="3 2"')
                tip = (f"{c['name']}" + (f", {c['title']}" if c.get("title") else "")
                       + f"; relation {relation(rel)}; our link {c.get('our_link') or 'nobody'}")
            mid, nid = ny + node_h / 2, node_ids[(kind, c["name"])]
            body.append(f'<g class="net-node" data-node="n{nid}"><title>{esc(tip)}</title><rect x="{nx:.1f}" '
                        f'y="{ny:.1f}" width="{node_w}" height="{node_h:.1f}" rx="6" fill="{fill}" stroke="{stroke}"{dash}/>')
            dark = kind == "contact" and c.get("relation") == -2
            body.append(_text(nx + node_w / 2, mid + (-4 if c.get("title") else 4), _short(c["name"], 22), 12,
                              "middle", "600", fill="#ffffff" if dark else "#1f2328"))
            if c.get("title"):
                body.append(_text(nx + node_w / 2, mid + 11, _short(c["title"], 25), 10.5, "middle",
                                  fill="#ffffff" if dark else "#444c56"))
            body.append("</g>")
    ly = H - 34
    if not drawn:
        body.append(_text(20, ly - 20, f"{len(links)} links not drawn: too many to draw one line each (the table "
                          "lists every contact's link, ally and reporting line).", 11, fill="#b00020"))
    lx = 20
    for rel, name in ((2, "++"), (1, "+"), (0, "0"), (-1, "-"), (-2, "--")):
        body.append(f'<rect x="{lx}" y="{ly - 10}" width="14" height="12" fill="{REL_FILL[rel]}" stroke="#8c959f"/>')
        body.append(_text(lx + 18, ly, name, 11))
        lx += 42
    body.append(_text(lx + 4, ly, "relation (white, dashed: not scored)", 11, fill="#656d76"))
    body.append(f'<line x1="20" y1="{ly + 14}" x2="44" y2="{ly + 14}" stroke="#3c78d8" stroke-width="1.6"/>')
    body.append(_text(50, ly + 18, "our link (dashed: through someone)", 11, fill="#656d76"))
    body.append(f'<line x1="270" y1="{ly + 14}" x2="294" y2="{ly + 14}" stroke="#e69138" stroke-width="2.2" '
                'marker-end="url(#ally-arrow)"/>')
    body.append(_text(300, ly + 18, "ally who gets us to a contact", 11, fill="#656d76"))
    body.append(f'<line x1="490" y1="{ly + 14}" x2="514" y2="{ly + 14}" stroke="#8c959f" stroke-dasharray="1 3"/>')
    body.append(_text(520, ly + 18, "reports to", 11, fill="#656d76"))
    return _svg(W, H, body, "Customer network by role")


def allocation_svg(data: dict) -> str:
    parts = [(n, v) for n, v in data["parts"] if v and v > 0]
    W, H = 760, 58
    total = sum(v for _n, v in parts) or 1
    scale = max(total, 1.0)
    palette = ["#3c78d8", "#6aa84f", "#e69138", "#8e7cc3", "#c27ba0", "#76a5af"]
    body = []
    x = 0.0
    for i, (name, v) in enumerate(parts):
        w = (W - 2) * v / scale
        body.append(f'<g><title>{esc(name)}: {v:.0%}</title><rect x="{x + 1:.1f}" y="4" width="{max(w - 1, 0):.1f}" '
                    f'height="26" fill="{palette[i % len(palette)]}"/>')
        if w > 60:
            body.append(_text(x + w / 2, 22, f"{_short(name, int(w / 7))} {v:.0%}", 11, "middle", fill="#ffffff"))
        body.append("</g>")
        x += w
    body.append(_text(0, 50, f"total {total:.0%}" + ("" if abs(total - 1) < 1e-6 else " (must be 100%)"), 11,
                      fill="#656d76" if abs(total - 1) < 1e-6 else "#b00020"))
    return _svg(W, H, body, "Time allocation")


def whitespace_svg(data: dict) -> str:
    """The whitespace map as a heat map: units down, offerings across, each cell in its status colour."""
    from ..whitespace import COLOURS as WS, STATUS_NAMES, STATUSES, UNASSESSED

    units, offerings = data["units"], data["offerings"]
    cells = {(c["unit"], c["offering"]): c for c in data["cells"]}
    label_w, cell_w, row_h, head_h = 170, 140, 40, 40
    W = label_w + cell_w * len(offerings) + 10
    legend_y = head_h + row_h * len(units) + 22
    H = legend_y + 22 * ((len(STATUSES) + 2) // 3) + 6
    body = []
    for j, o in enumerate(offerings):
        body.append(f'<g><title>{esc(o)}</title>')
        body.append(_text(label_w + cell_w * j + cell_w / 2, 26, _short(o, 20), 12, "middle", "600"))
        body.append("</g>")
    for i, u in enumerate(units):
        y = head_h + row_h * i
        body.append(f'<g><title>{esc(u)}</title>{_text(6, y + 25, _short(u, 22), 12, weight="600")}</g>')
        for j, o in enumerate(offerings):
            c = cells.get((u, o)) or {"status": UNASSESSED}
            st = c["status"]
            x = label_w + cell_w * j
            fill = WS.get(st, "#ffffff")
            ink = "#1f2328" if st in ("open", UNASSESSED) else "#ffffff"
            detail = c.get("competitor") if st == "competitor" else c.get("opportunity") if st == "pursuing" else None
            text = {"not-a-fit": "not a fit", UNASSESSED: "?"}.get(st, st)
            tip = f"{u} x {o}: {text}" + (f" ({detail})" if detail else "") + (f". {c['notes']}" if c.get("notes") else "")
            body.append(f'<g><title>{esc(tip)}</title><rect x="{x + 2:.1f}" y="{y + 2:.1f}" width="{cell_w - 4}" '
                        f'height="{row_h - 4}" rx="4" fill="{fill}" stroke="#d0d7de"/>')
            body.append(_text(x + cell_w / 2, y + (17 if detail else 25), text, 12, "middle", "600", fill=ink))
            if detail:
                body.append(_text(x + cell_w / 2, y + 32, _short(detail, 20), 11, "middle", fill=ink))
            body.append("</g>")
    for k, st in enumerate(STATUSES):
        x, y = 6 + (k % 3) * 230, legend_y + 22 * (k // 3)
        body.append(f'<rect x="{x}" y="{y - 11}" width="14" height="14" rx="2" fill="{WS[st]}" stroke="#d0d7de"/>')
        body.append(_text(x + 20, y, f"{'?' if st == UNASSESSED else st}: {STATUS_NAMES[st]}", 11, fill="#656d76"))
    return _svg(max(W, 730), H, body, "Whitespace map")


CHARTS = {"matrix": matrix_svg, "heatmap": heatmap_svg, "network": network_svg, "allocation": allocation_svg,
          "whitespace": whitespace_svg}
CAPTIONS = {
    "matrix": "Opportunity prioritization matrix: each opportunity in its quadrant, placed by months to decision "
              "and probability, its area by value.",
    "heatmap": "Challenge heat map: every category score by dimension, team and spoiler.",
    "network": "The customer network by role, with our links, allies and reporting lines.",
    "allocation": "How the account manager spends time.",
    "whitespace": "Whitespace map: who holds each business unit and offering; open cells are the whitespace to win.",
}


def _block(b) -> str:
    if isinstance(b, Heading):
        cls = ' class="stage"' if b.level == 2 and b.text.startswith("Stage ") else ""
        note = f'<span class="file">{esc(b.note)}</span>' if b.note else ""
        return f'<h{b.level} id="{esc(b.id)}"{cls}>{esc(b.text)}{note}</h{b.level}>'
    if isinstance(b, Para):
        cls = f' class="{esc(b.cls)}"' if b.cls else ""
        return f"<p{cls}>{esc(b.text)}</p>"
    if isinstance(b, Bullets):
        return _items(b.items)
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Pairs):
        return _pairs(b)
    if isinstance(b, Chart):
        svg = CHARTS[b.kind](b.data)
        return (f'<figure class="chart-{esc(b.kind)}">{svg}<figcaption>{esc(CAPTIONS.get(b.kind, b.title))}'
                "</figcaption></figure>")
    return ""


# what prints in one piece with the heading before it: at most about half an A4 page
KEEP_ROWS = 14           # table or pairs rows
KEEP_ITEMS = 10          # list items, nested ones counted


def _small(b) -> bool:
    if isinstance(b, Chart):
        return True          # a figure never breaks anyway (break-inside: avoid)
    if isinstance(b, Table):
        return len(b.rows) <= KEEP_ROWS and sum(len(c.items or []) for row in b.rows for c in row
                                                if isinstance(c, Cell)) <= 2 * KEEP_ROWS
    if isinstance(b, Pairs):
        return len(b.rows) <= KEEP_ROWS
    if isinstance(b, Bullets):
        def count(items) -> int:
            return sum(1 + count(it.children) for it in items)
        return count(b.items) <= KEEP_ITEMS
    return isinstance(b, Para)


def _keep_groups(blocks: list) -> list:
    """``blocks`` as runs to print together: a heading with the headings and short notes (up to three paragraphs
    after each) straight after it and, when small, the first block after them (``keep``); before a big block, the
    headings and notes alone, kept with what follows (``lead``)."""
    groups: list = []
    i, n = 0, len(blocks)
    while i < n:
        if not isinstance(blocks[i], Heading):
            groups.append(([blocks[i]], None))
            i += 1
            continue
        j, notes = i, 0
        while j < n and (isinstance(blocks[j], Heading) or (isinstance(blocks[j], Para) and notes < 3)):
            notes = 0 if isinstance(blocks[j], Heading) else notes + 1
            j += 1
        if j < n and not isinstance(blocks[j], Heading) and _small(blocks[j]):
            groups.append((blocks[i:j + 1], "keep"))
            i = j + 1
        else:
            groups.append((blocks[i:j], "lead" if j < n and not isinstance(blocks[j], Heading) else "keep"))
            i = j
    return groups


def render(doc: Report, css: str | None = None, footer: str = "saa report") -> str:
    """``doc`` as one page; ``css`` (a one-page brief's print layout) replaces the report's CSS."""
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{esc(doc.title)}</title>", f"<style>{CSS if css is None else css}{RAG_CSS}</style>", "</head>", "<body>",
           f"<h1>{esc(doc.title)}</h1>", f'<p class="subtitle">{esc(doc.subtitle)}</p>']
    toc = ['<nav class="toc"><strong>Contents</strong><ul>']
    open_sub = False
    for level, text, hid in doc.toc:
        if level == 2:
            if open_sub:
                toc.append("</ul></li>")
                open_sub = False
            toc.append(f'<li><a href="#{esc(hid)}">{esc(text)}</a>')
            toc.append("<ul>")
            open_sub = True
        else:
            toc.append(f'<li><a href="#{esc(hid)}">{esc(text)}</a></li>')
    if open_sub:
        toc.append("</ul></li>")
    toc.append("</ul></nav>")
    if doc.toc:
        out.append("".join(toc))
    for group, keep in _keep_groups(doc.blocks):
        html = [_block(b) for b in group]
        if keep is None:
            out.extend(html)
        else:
            # a heading printed with what follows it: a small block goes along in one piece (class keep); before
            # a big one the heading and its notes (class lead) at least never end a page
            out.append(f'<div class="{keep}">' + "\n".join(html) + "</div>")
    out.append(f'<p class="muted">Written by {esc(footer)} from the plan files; {esc(doc.subtitle)}.</p>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"
