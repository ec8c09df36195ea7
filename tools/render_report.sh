#!/usr/bin/env bash
# Render a plan's HTML report in a real headless browser and take a screenshot.
#
#   tools/render_report.sh [PLAN] [OUT_DIR]       (defaults: plans/telecom, /tmp/saa-report)
#
# Writes OUT_DIR/report.html (saa report --format html), then OUT_DIR/report.png
# (a full-page screenshot by Debian's chromium) and OUT_DIR/report.pdf (what
# printing gives). Look at the PNG: the opportunity matrix, the challenge heat
# map and the network must be drawn, and the page must need nothing from the
# network (chromium runs with networking features off, and the report has no
# external URL to fetch anyway).
#
# Needs chromium:   apt-get update && apt-get install -y chromium
# SAA_TODAY=YYYY-MM-DD pins "today" for a reproducible report.
set -euo pipefail

plan="${1:-plans/telecom}"
out="${2:-/tmp/saa-report}"
width="${WIDTH:-1200}"
height="${HEIGHT:-6000}"

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "render_report.sh: chromium not found; install it: apt-get update && apt-get install -y chromium" >&2
  exit 2
fi

mkdir -p "$out"
python -m saa report "$plan" --format html -o "$out/report.html"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --hide-scrollbars "--user-data-dir=$profile")

url="file://$(cd "$out" && pwd)/report.html"
"$browser" "${flags[@]}" "--screenshot=$out/report.png" "--window-size=$width,$height" "$url" 2>/dev/null
"$browser" "${flags[@]}" --no-pdf-header-footer "--print-to-pdf=$out/report.pdf" "$url" 2>/dev/null || true

echo "wrote $out/report.html, $out/report.png${out:+ and $out/report.pdf}"
