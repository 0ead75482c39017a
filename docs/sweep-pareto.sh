#!/usr/bin/env bash
# Regenerates docs/sweep-pareto.png: the README's worked sweep (docs/sweep-example.json: hardware preset x ADC bits x
# plain/HWA fashion-cnn, 18 points, about a minute of CPU per 8 points), its sweep report, and the report's
# accuracy-vs-energy Pareto plot taken out of report.html. DIR (default: a temporary folder) keeps results.db, so a
# second run resumes instead of rerunning the points.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-$(mktemp -d)}"
dotnet build src/Memflux.Cli -c Release -v q >/dev/null
memflux=(dotnet src/Memflux.Cli/bin/Release/net10.0/memflux.dll)
"${memflux[@]}" sweep docs/sweep-example.json -o "$dir/results.db"
"${memflux[@]}" sweep report "$dir/results.db" --report "$dir/report"
python3 - "$dir/report/report.html" docs/sweep-pareto.png <<'PY'
import base64, re, sys
html = open(sys.argv[1], encoding="utf-8").read()
png = re.search(r'data-plot="pareto-energy"[^>]*src="data:image/png;base64,([^"]+)"', html).group(1)
open(sys.argv[2], "wb").write(base64.b64decode(png))
PY
ls -l docs/sweep-pareto.png
