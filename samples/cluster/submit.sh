#!/usr/bin/env bash
# Submits a sharded NetOrbit sweep to Slurm: an array of SHARDS run tasks and a merge job that
# starts when all of them succeeded. With --wait, returns when the merge has finished (its exit
# code is the merge's).
#   samples/cluster/submit.sh CONFIG OUT_DIR SHARDS [--wait]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
config="$(realpath "${1:?usage: submit.sh CONFIG OUT_DIR SHARDS [--wait]}")"
out="$(realpath -m "${2:?usage: submit.sh CONFIG OUT_DIR SHARDS [--wait]}")"
shards="${3:?usage: submit.sh CONFIG OUT_DIR SHARDS [--wait]}"
wait_flag=()
[ "${4:-}" = "--wait" ] && wait_flag=(--wait)
mkdir -p "$out"
array=$(sbatch --parsable --chdir="$out" --array="0-$((shards - 1))" "$here/netorbit-array.sbatch" "$config" "$out")
echo "array job $array: $shards shards of $config -> $out/shard-*"
merge=$(sbatch --parsable "${wait_flag[@]}" --chdir="$out" --dependency="afterok:${array%%;*}" --kill-on-invalid-dep=yes "$here/netorbit-merge.sbatch" "$out")
echo "merge job $merge -> $out/merged"
