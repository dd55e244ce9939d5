#!/usr/bin/env bash
# Renders compat-tests/target/compat-report.html (written by `mvn verify`) in headless Chromium and
# saves a screenshot, by default docs/compat-report.png. Fails when Chromium is missing, when the
# report is missing, or when the screenshot is not written.
#
#   compat-tests/screenshot-report.sh [REPORT.html] [OUT.png]
#
# Chromium on Debian/Ubuntu: apt-get install -y chromium. The page is self-contained (inline SVG,
# no scripts), and every network feature of the browser is switched off.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

report="$(realpath "${1:-compat-tests/target/compat-report.html}")"
out="${2:-docs/compat-report.png}"
[ -f "$report" ] || { echo "screenshot-report: $report not found; run mvn -B verify first" >&2; exit 1; }
browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
[ -n "$browser" ] || { echo "screenshot-report: chromium not found (apt-get install -y chromium)" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
out_abs="$(realpath "$out")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
rm -f "$out_abs"
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$profile" --window-size="${WINDOW_SIZE:-1400,2000}" \
  --screenshot="$out_abs" "file://$report" >/dev/null 2>&1
[ -s "$out_abs" ] || { echo "screenshot-report: no screenshot written to $out_abs" >&2; exit 1; }
echo "wrote $out"
