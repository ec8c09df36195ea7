"""saa report: the whole plan in the method's order, as markdown and as one self-contained HTML page."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import TELECOM, run_saa
from saa.cli import app

runner = CliRunner()

STEP_TITLES = ["Step 1. Customer profile", "Step 2. Customer network", "Step 3. Needs and KANO",
               "Step 4. Value opportunities", "Step 5. Competition", "Step 6. Value buyers",
               "Step 7. Goals and strategy", "Step 8. Opportunity matrix", "Step 9. Capture plans",
               "Step 10. Challenge scoring"]
STAGES = ["Stage A. Know the customer", "Stage B. Create quantifiable value", "Stage C. Goals, strategy, process",
          "Stage D. Capture specific opportunities"]


def report(plan, kind: str, tmp_path) -> str:
    out = tmp_path / f"r.{kind}"
    r = runner.invoke(app, ["report", str(plan), "--format", kind, "-o", str(out)])
    assert r.exit_code == 0, r.output + r.stderr
    return out.read_text("utf-8")


def in_order(text: str, needles: list) -> list:
    """Positions of ``needles`` in the body (after the table of contents); they must come in this order."""
    toc = text.find("</nav>") if "</nav>" in text else text.find("\n", text.find("**Contents:**"))
    positions = [text.find(n, max(toc, 0)) for n in needles]
    assert -1 not in positions, [n for n, p in zip(needles, positions) if p < 0]
    assert positions == sorted(positions), needles
    return positions


@pytest.mark.parametrize("kind", ["md", "html"])
def test_the_method_in_order_with_its_numbers(kind, tmp_path):
    text = report(TELECOM, kind, tmp_path)
    heads = re.findall(r"^#{2,3} (Stage [A-D]\. .+|Step \d+\. [^<]+?)(?: <sub>.*)?$", text, re.M) if kind == "md" \
        else re.findall(r"<h[23] id=\"[^\"]+\"(?: class=\"stage\")?>(Stage [A-D]\. [^<]+|Step \d+\. [^<]+)<", text)
    assert heads == [STAGES[0], *STEP_TITLES[0:3], STAGES[1], *STEP_TITLES[3:6], STAGES[2], *STEP_TITLES[6:8],
                     STAGES[3], *STEP_TITLES[8:10]]
    in_order(text, ["Account and team", *STEP_TITLES, "Open actions"])
    # the method's own examples: 2,000 x $4k x 3% = 240,000 a month; category confidence 3.7
    assert "USD 240,000 per month, USD 2,880,000 per year" in text
    assert "3.7" in text and "2.7" in text and "3.0" in text
    # a step not started says so and what done means
    assert "Not started: 09-capture-plans.yaml does not exist yet." in text


def test_markdown_specifics(tmp_path):
    md = report(TELECOM, "md", tmp_path)
    assert md.startswith("# Example Telecom Co.: Strategic Account Alignment plan\n")
    assert "| 1 | `asic-port-driver` |" not in md           # ids are escaped text, not code
    assert "| Customer issues and objectives that are driving their process now | 3.7 *yellow* | 2.7 *red* |" in md
    assert "[Stage A. Know the customer](#stage-a-know-the-customer)" in md
    assert "R&amp;D Executive Sponsor" in md


def test_html_is_self_contained_with_three_charts(tmp_path):
    html = report(TELECOM, "html", tmp_path)
    assert html.startswith("<!DOCTYPE html>")
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"\bsrc\s*=", html)
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', html))
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", html))
    for chart in ("chart-network", "chart-matrix", "chart-heatmap"):
        assert f'<figure class="{chart}"><svg' in html
    matrix = re.search(r'<figure class="chart-matrix">(.*?)</figure>', html, re.S).group(1)
    assert len(re.findall(r'<g class="bubble"><title>[^<]*</title><circle ', matrix)) == 6   # every open opportunity
    assert "I. Deals in progress" in matrix and "IV. Long-term potential" in matrix
    heat = re.search(r'<figure class="chart-heatmap">(.*?)</figure>', html, re.S).group(1)
    assert ">3.7</text>" in heat and ">2.7</text>" in heat
    assert heat.count('fill="#e06666"') == 2        # implications 2.7 is red, in the category and overall rows
    _balanced(html)


class _Tags(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source", "path", "rect",
            "circle", "line"}

    def __init__(self):
        super().__init__()
        self.stack: list = []
        self.errors: list = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append((tag, list(self.stack[-3:])))
        else:
            self.stack.pop()


def _balanced(html: str) -> None:
    p = _Tags()
    p.feed(html)
    assert not p.errors and not p.stack, (p.errors[:3], p.stack)


NASTY = '<script>alert("x")</script> & <b>bold</b>'


def test_every_plan_text_is_escaped(tmp_path):
    plan = tmp_path / "telecom"
    shutil.copytree(TELECOM, plan)
    net = plan / "02-network.yaml"
    net.write_text(net.read_text("utf-8").replace("name: Jiang L.", f"name: '{NASTY}'"), "utf-8")
    acc = plan / "account.yaml"
    acc.write_text(acc.read_text("utf-8").replace("account: Example Telecom Co.", "account: 'Acme | <i>x</i>'"),
                   "utf-8")
    html = report(plan, "html", tmp_path)
    assert "<script" not in html and "<b>bold" not in html and "<i>x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<title>Acme | &lt;i&gt;x&lt;/i&gt;: Strategic Account Alignment plan</title>" in html
    _balanced(html)
    md = report(plan, "md", tmp_path)
    assert "<script" not in md and "<b>" not in md and "<i>" not in md
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in md
    assert "# Acme \\| &lt;i&gt;x&lt;/i&gt;: Strategic Account Alignment plan" in md


def test_a_nearly_empty_plan_renders(tmp_path):
    plan = tmp_path / "p"
    plan.mkdir()
    (plan / "account.yaml").write_text("account: Empty Co\n", "utf-8")
    for kind in ("md", "html"):
        text = report(plan, kind, tmp_path)
        in_order(text, STEP_TITLES)
        assert text.count("Not started:") == 10


def test_format_from_the_output_extension_and_stdout(tmp_path):
    out = tmp_path / "plan.html"
    r = runner.invoke(app, ["report", str(TELECOM), "-o", str(out)])
    assert r.exit_code == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    r = runner.invoke(app, ["report", str(TELECOM)])
    assert r.exit_code == 0 and r.stdout.startswith("# Example Telecom Co.")
    r = runner.invoke(app, ["report", str(TELECOM), "--format", "pdf"])
    assert r.exit_code == 2 and "--format must be md or html" in r.stderr


def test_real_subprocess_run(tmp_path):
    out = tmp_path / "r.md"
    r = run_saa("report", TELECOM, "--format", "md", "-o", out)
    assert r.returncode == 0, r.stderr
    assert "Step 10. Challenge scoring" in out.read_text("utf-8")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_renders_in_headless_chromium(tmp_path):
    html_path = tmp_path / "r.html"
    html_path.write_text(report(TELECOM, "html", tmp_path), "utf-8")
    profile = tempfile.mkdtemp()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}"]
    try:
        dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", html_path.as_uri()], capture_output=True, text=True,
                             timeout=120)
        assert dom.returncode == 0, dom.stderr[-2000:]
        assert dom.stdout.count("<svg") >= 3 and "Step 10. Challenge scoring" in dom.stdout
        png = tmp_path / "r.png"
        shot = subprocess.run([CHROMIUM, *flags, f"--screenshot={png}", "--window-size=1200,2000",
                               html_path.as_uri()], capture_output=True, text=True, timeout=120)
        assert shot.returncode == 0, shot.stderr[-2000:]
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(data) > 60_000        # a blank page of that size is a few KB
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def test_render_script_is_documented_and_executable():
    script = Path(__file__).resolve().parent.parent / "tools" / "render_report.sh"
    text = script.read_text("utf-8")
    assert script.stat().st_mode & 0o111
    assert "apt-get install -y chromium" in text and "--screenshot=" in text
