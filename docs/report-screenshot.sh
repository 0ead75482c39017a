#!/usr/bin/env bash
# Regenerates docs/report.png: the bundled default's report (`memflux run --report`), loaded in headless Chromium
# (Debian's chromium), checked like the browser test, and shot (top of the page, palette PNG under 400 KB).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
dotnet build src/Memflux.Cli -c Release -v q >/dev/null
dotnet build tests/Memflux.Report.Tests -c Release -v q >/dev/null
dotnet src/Memflux.Cli/bin/Release/net10.0/memflux.dll run --report "$dir" >/dev/null
MEMFLUX_REPORT_PAGE="$dir/report.html" MEMFLUX_REPORT_SCREENSHOT="$PWD/docs/report.png" \
  dotnet test tests/Memflux.Report.Tests -c Release --no-build --filter "FullyQualifiedName~ScreenshotTests"
ls -l docs/report.png
