#!/usr/bin/env bash
# The trajectory layout at scale: runs snapshot-sweep.json (100,000 Iris runs of 10 steps recording
# snapshots) with --threads 2 and prints the files and bytes in trajectories/, the wall time and peak
# RSS (GNU time), and the time polars takes to open trajectories/ as one table. Usage, after a
# Release build and `npm ci` in tests/interop:
#   tests/NetOrbit.Benchmarks/layout/trajectory-layout.sh [WORK_DIR]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(realpath -m "${1:-$(mktemp -d)}")"
[ -x /usr/bin/time ] || { echo "trajectory-layout: needs GNU time (/usr/bin/time; Debian: apt-get install time)" >&2; exit 2; }
mkdir -p "$work"
/usr/bin/time -f "wall_s=%e peak_rss_kb=%M" -o "$work/time.txt" \
  dotnet "$repo/pipeline/NetOrbit.Cli/bin/Release/net10.0/netorbit.dll" run "$repo/tests/NetOrbit.Benchmarks/layout/snapshot-sweep.json" \
  --out "$work/run" --quiet --threads 2 --no-report
echo "trajectories: $(find "$work/run/trajectories" -name '*.arrow' | wc -l) files, $(du -sh "$work/run/trajectories" | cut -f1); $(cat "$work/time.txt")"
(cd "$repo/tests/interop" && node scan_trajectories.mjs "$work/run")
rm -rf "$work/run"
