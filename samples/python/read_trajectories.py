#!/usr/bin/env python3
"""Read a NetOrbit run directory with pyarrow and print what it holds.

Usage: python3 read_trajectories.py runs/paper-iris/examples

For each run: the reference network's loss curve, and the L1 distance between the reference and
each perturbed copy at the first and last recorded steps (the paper's d(t)).
"""
import json
import sys
from pathlib import Path

import numpy as np
import pyarrow.feather as feather
import pyarrow.ipc as ipc


def read_table(path):
    return ipc.open_file(path).read_all()


def main(run_dir):
    run_dir = Path(run_dir)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    print(f"experiment {manifest['experiment']} ({manifest['status']}), NetOrbit {manifest['netorbit']}")
    runs = feather.read_table(run_dir / "runs.arrow").to_pandas()
    print(runs[["run_id", "eta", "epsilon", "members", "status", "final_loss", "final_accuracy"]].to_string(index=False))

    # trajectories/ holds part files of consecutive runs (each run's rows together), in grid order.
    # As one table: pyarrow.dataset.dataset(run_dir / "trajectories", format="arrow").to_table().
    # Here file by file, so memory holds one file at a time.
    for path in sorted((run_dir / "trajectories").glob("*.arrow")):
        part = read_table(path)
        layout = json.loads(part.schema.metadata[b"netorbit.param_layout"])
        p = sum(int(np.prod(b["shape"])) for b in layout)
        ids = part.column("run_id").to_numpy(zero_copy_only=False)
        for run_id in dict.fromkeys(ids):
            print_run(run_id, part.filter(ids == run_id), p)


def print_run(run_id, table, p):
    members = table.column("member").to_numpy()
    steps = table.column("step").to_numpy()
    weights = table.column("weights").combine_chunks().flatten().to_numpy().reshape(-1, p)
    loss = table.column("loss").to_numpy()
    ref = members == 0
    first, last = steps.min(), steps.max()
    line = f"{run_id}: P={p}, steps {first}..{last}, loss {loss[ref][0]:.4f} -> {loss[ref][-1]:.4f}"
    for m in sorted(set(members) - {0}):
        d = []
        for s in (first, last):
            a = weights[(members == 0) & (steps == s)]
            b = weights[(members == m) & (steps == s)]
            d.append(np.abs(a - b).sum() if len(a) and len(b) else float("nan"))
        line += f"; d_{m}: {d[0]:.3g} -> {d[1]:.3g}"
    print(line)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "runs/paper-iris/examples")
