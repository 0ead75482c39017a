#!/usr/bin/env bash
# Times an accuracy sweep whose points differ only in read-side settings (SWEEP, default docs/sweep-reuse.json:
# fashion-cnn, 1,000 images, 2 chips, 4 ADC resolutions; or docs/sweep-reuse-resnet18.json) against each point run alone
# with `memflux run point.json`, and, given a second memflux (OTHER_MEMFLUX, e.g. a build of an earlier commit; "" for
# none), the same sweep with it. Prints wall, user and sys seconds per process
# (/usr/bin/time), a one-point sweep of point 0 (so (all − one) / (N − 1) is what a further point costs), and the
# load average. Usage: docs/sweep-reuse-timing.sh [ROUNDS] [OTHER_MEMFLUX] [SWEEP]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-2}"
other="${2:-}"
sweep="${3:-docs/sweep-reuse.json}"
dir="$(mktemp -d)"
dotnet build src/Memflux.Cli -c Release -v q >/dev/null
memflux=src/Memflux.Cli/bin/Release/net10.0/memflux
timed() { local label="$1"; shift; /usr/bin/time -f "$label %e wall %U user %S sys %M KB max RSS" "$@" >/dev/null 2>"$dir/err" || { cat "$dir/err"; exit 1; }; tail -1 "$dir/err"; }
# The points as experiment files, from a sweep database's stored configurations.
"$memflux" sweep "$sweep" -o "$dir/points.db" >/dev/null 2>&1
python3 - "$dir" <<'PY'
import sqlite3, sys
d = sys.argv[1]
for i, (config,) in enumerate(sqlite3.connect(f"{d}/points.db").execute("select config from points order by idx")):
    open(f"{d}/point{i}.json", "w").write(config)
    if i == 0:
        open(f"{d}/sweep1.json", "w").write('{"experiment": ' + config + '}')
PY
uptime
for r in $(seq "$rounds"); do
  rm -f "$dir"/r*.db* "$dir"/o*.db*
  timed "sweep (all points)" "$memflux" sweep "$sweep" -o "$dir/r.db"
  timed "sweep (point 0 alone)" "$memflux" sweep "$dir/sweep1.json" -o "$dir/r1.db"
  if [ -n "$other" ]; then
    timed "sweep (all points), $other" "$other" sweep "$sweep" -o "$dir/o.db"
    timed "sweep (point 0 alone), $other" "$other" sweep "$dir/sweep1.json" -o "$dir/o1.db"
  fi
  for f in "$dir"/point*.json; do i="${f##*/point}"; i="${i%.json}"; timed "run point$i.json" "$memflux" run "$dir/point$i.json"; done
  uptime
done
