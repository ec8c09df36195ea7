#!/usr/bin/env bash
# Open saa's workbook in a real spreadsheet program: LibreOffice Calc, headless.
#
#   tools/check_workbook.sh [PLAN] [OUT_DIR]       (defaults: plans/telecom, /tmp/saa-workbook)
#
# Writes OUT_DIR/plan.xlsx (saa export PLAN --format xlsx), converts it to
# OUT_DIR/plan.pdf with LibreOffice Calc (exit 1 when the conversion fails or
# gives no page), prints the page count (one page per sheet: each sheet is set
# to print one page wide), and renders the page of the opportunity matrix as
# OUT_DIR/matrix.png (poppler's pdftoppm), cropped to the content. Look at it:
# four quadrant blocks ranked by expected value, numbers with thousands
# separators, percents, ISO dates. docs/img/workbook-matrix.png is made so:
#
#   SHOT=docs/img/workbook-matrix.png tools/check_workbook.sh
#
# Needs:  apt-get update && apt-get install -y libreoffice-calc poppler-utils
# SAA_TODAY=YYYY-MM-DD pins "today" (the actions sheet marks what is overdue).
set -euo pipefail

plan="${1:-plans/telecom}"
out="${2:-/tmp/saa-workbook}"
page="${PAGE:-9}"            # the 9th sheet: 8 Opportunity matrix

soffice="$(command -v soffice || command -v libreoffice || true)"
if [ -z "$soffice" ]; then
  echo "check_workbook.sh: LibreOffice not found; install it: apt-get update && apt-get install -y libreoffice-calc" >&2
  exit 2
fi

mkdir -p "$out"
python -m saa export "$plan" --format xlsx -o "$out/plan.xlsx"

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
rm -f "$out/plan.pdf"
"$soffice" "-env:UserInstallation=file://$profile" --headless --convert-to pdf --outdir "$out" "$out/plan.xlsx" >/dev/null 2>&1 || true
if [ ! -s "$out/plan.pdf" ]; then
  echo "check_workbook.sh: LibreOffice could not convert $out/plan.xlsx to PDF" >&2
  exit 1
fi
if command -v pdfinfo >/dev/null; then
  pages="$(pdfinfo "$out/plan.pdf" | awk '/^Pages:/ {print $2}')"
  echo "LibreOffice opened $out/plan.xlsx: $pages pages in $out/plan.pdf"
  [ "${pages:-0}" -ge 1 ] || { echo "check_workbook.sh: the PDF has no page" >&2; exit 1; }
else
  echo "LibreOffice opened $out/plan.xlsx: $out/plan.pdf (install poppler-utils for the page count and the PNG)"
  exit 0
fi

# the matrix page, cropped to where the content is (A4 landscape at 130 dpi is 1520 x 1075)
pdftoppm -f "$page" -l "$page" -r 130 -x 70 -y 100 -W 1290 -H 280 -png -singlefile "$out/plan.pdf" "$out/matrix"
echo "wrote $out/matrix.png"
if [ -n "${SHOT:-}" ]; then
  cp "$out/matrix.png" "$SHOT"
  echo "wrote $SHOT"
fi
