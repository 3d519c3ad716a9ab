#!/usr/bin/env bash
# Peak resident memory of summaries-only Iris sweeps (4-10-3, 100 steps, no stages, 2 learning
# rates x N initial conditions) at 2,000, 20,000 and 200,000 runs, measured with GNU time's %M
# (maximum resident set size). Usage, after a Release build:
#   tests/NetOrbit.Benchmarks/memory/peak-rss.sh [WORK_DIR] [RUNS...]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(realpath -m "${1:-$(mktemp -d)}")"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 20000 200000)
[ -x /usr/bin/time ] || { echo "peak-rss: needs GNU time (/usr/bin/time; Debian: apt-get install time)" >&2; exit 2; }
mkdir -p "$work"
for runs in "${sizes[@]}"; do
  config="$work/iris-$runs.json"
  cat > "$config" <<JSON
{ "name": "iris-$runs", "datasets": [ { "name": "iris", "source": "iris" } ], "learning_rates": [0.1, 1],
  "initial_conditions": { "count": $((runs / 2)) }, "steps": 100, "recording": { "mode": "summaries" } }
JSON
  /usr/bin/time -f "runs=$runs peak_rss_mb=%M wall_s=%e" -o "$work/time-$runs.txt" \
    dotnet "$repo/pipeline/NetOrbit.Cli/bin/Release/net10.0/netorbit.dll" run "$config" --out "$work/run-$runs" --quiet --threads 2
  awk '{ split($2, a, "="); printf "%s peak_rss=%.0f MB %s\n", $1, a[2] / 1024, $3 }' "$work/time-$runs.txt"
  rm -rf "$work/run-$runs"
done
