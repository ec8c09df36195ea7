#!/usr/bin/env python3
"""Print a plan's one-page brief to PDF in headless Chromium and count the pages.

    python tools/brief_pages.py [PLAN] [OUT_DIR]     (defaults: plans/telecom, /tmp/saa-brief)

Writes OUT_DIR/brief.html (``saa brief --format html``) and OUT_DIR/brief.pdf
(what printing gives: the brief's print CSS asks for A4 landscape), then says
how many pages the PDF has. Exit 0 when it is exactly one page, 1 when not,
2 when Chromium is missing (install it: apt-get update && apt-get install -y
chromium). SAA_TODAY=YYYY-MM-DD pins "today" for a reproducible brief.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
A4_LANDSCAPE = (841.89, 595.28)   # points


def browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def pdf_pages(data: bytes) -> int:
    """The number of page objects in a PDF (Chromium writes them uncompressed)."""
    return len(PAGE.findall(data))


def pdf_page_size(data: bytes) -> tuple[float, float] | None:
    """The first MediaBox's width and height in points."""
    m = re.search(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", data)
    if not m:
        return None
    x0, y0, x1, y1 = (float(v) for v in m.groups())
    return (x1 - x0, y1 - y0)


def print_to_pdf(html: Path, pdf: Path, chromium: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="saa-chromium-") as profile:
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}"]
        subprocess.run([chromium, *flags, html.resolve().as_uri()], capture_output=True, timeout=120)
    return pdf.read_bytes()


def main(argv: list[str]) -> int:
    plan = argv[0] if argv else "plans/telecom"
    out = Path(argv[1] if len(argv) > 1 else "/tmp/saa-brief")
    chromium = browser()
    if chromium is None:
        sys.stderr.write("brief_pages.py: chromium not found; install it: apt-get update && apt-get install -y chromium\n")
        return 2
    out.mkdir(parents=True, exist_ok=True)
    html, pdf = out / "brief.html", out / "brief.pdf"
    subprocess.run([sys.executable, "-m", "saa", "brief", plan, "--format", "html", "-o", str(html)], check=True,
                   env=dict(os.environ))
    data = print_to_pdf(html, pdf, chromium)
    pages = pdf_pages(data)
    size = pdf_page_size(data)
    shown = f"{size[0]:.0f} x {size[1]:.0f} pt" if size else "unknown size"
    print(f"{pdf}: {pages} page{'s' if pages != 1 else ''}, {shown}")
    return 0 if pages == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
