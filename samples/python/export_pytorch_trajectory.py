#!/usr/bin/env python3
"""Record a PyTorch training trajectory in NetOrbit's trajectories/1 layout, then analyse it:

    python3 export_pytorch_trajectory.py iris.csv out.arrow --eta 1 --steps 300 --copies 5 --eps 1e-8
    netorbit analyze out.arrow --stage lyapunov --out analysis/

The file holds one run: member 0 is the reference network, members 1..copies are copies whose
connection weights were perturbed by U(-eps, eps). Each row is one snapshot W(step) with the
training loss and accuracy at those weights. Parameters are flattened in NetOrbit's order: per
layer the weight matrix [inputs x outputs] row-major (torch's Linear.weight transposed), then the
biases; the order is written to the `netorbit.param_layout` metadata so NetOrbit can read it.

Needs torch, numpy, pyarrow.
"""
import argparse
import json

import numpy as np
import pyarrow as pa
import torch


def flatten(model):
    parts = []
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            parts.append(layer.weight.detach().T.reshape(-1))  # [in x out] row-major
            parts.append(layer.bias.detach().reshape(-1))
    return torch.cat(parts).double().numpy().copy()


def layout(sizes):
    blocks, offset = [], 0
    for l in range(len(sizes) - 1):
        blocks.append({"name": f"W{l + 1}", "shape": [sizes[l], sizes[l + 1]], "offset": offset})
        offset += sizes[l] * sizes[l + 1]
        blocks.append({"name": f"b{l + 1}", "shape": [sizes[l + 1]], "offset": offset})
        offset += sizes[l + 1]
    return blocks, offset


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv", help="features and a last column of class labels, with a header (e.g. iris.csv)")
    ap.add_argument("out")
    ap.add_argument("--hidden", type=int, default=10)
    ap.add_argument("--eta", type=float, default=1.0)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--copies", type=int, default=5)
    ap.add_argument("--eps", type=float, default=1e-8)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    raw = np.genfromtxt(args.csv, delimiter=",", dtype=str, skip_header=1)
    x = torch.tensor(raw[:, :-1].astype(float), dtype=torch.float64)
    classes = {c: i for i, c in enumerate(dict.fromkeys(raw[:, -1]))}
    y = torch.tensor([classes[c] for c in raw[:, -1]])
    sizes = [x.shape[1], args.hidden, len(classes)]
    blocks, p = layout(sizes)

    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    def make():
        m = torch.nn.Sequential(torch.nn.Linear(sizes[0], sizes[1]), torch.nn.Sigmoid(), torch.nn.Linear(sizes[1], sizes[2])).double()
        return m

    reference = make()
    with torch.no_grad():
        for layer in reference:
            if isinstance(layer, torch.nn.Linear):
                layer.weight.normal_(0, 1)  # the paper: N(0,1) weights, zero biases
                layer.bias.zero_()
    members = [reference]
    for _ in range(args.copies):
        c = make()
        c.load_state_dict(reference.state_dict())
        with torch.no_grad():
            for layer in c:
                if isinstance(layer, torch.nn.Linear):
                    layer.weight.add_(torch.tensor(rng.uniform(-args.eps, args.eps, layer.weight.shape)))
        members.append(c)

    loss_fn = torch.nn.CrossEntropyLoss()
    cols = {"run_id": [], "member": [], "step": [], "loss": [], "accuracy": [], "weights": []}
    for step in range(args.steps + 1):
        for k, m in enumerate(members):
            m.zero_grad()
            logits = m(x)
            loss = loss_fn(logits, y)
            cols["run_id"].append("pytorch")
            cols["member"].append(k)
            cols["step"].append(step)
            cols["loss"].append(float(loss))
            cols["accuracy"].append(float((logits.argmax(1) == y).double().mean()))
            cols["weights"].append(flatten(m))
            if step < args.steps:
                loss.backward()
                with torch.no_grad():
                    for param in m.parameters():
                        param -= args.eta * param.grad

    weights = pa.FixedSizeListArray.from_arrays(pa.array(np.concatenate(cols["weights"]), pa.float64()), p)
    table = pa.table(
        {
            "run_id": pa.array(cols["run_id"], pa.utf8()),
            "member": pa.array(cols["member"], pa.int32()),
            "step": pa.array(cols["step"], pa.int64()),
            "loss": pa.array(cols["loss"], pa.float64()),
            "accuracy": pa.array(cols["accuracy"], pa.float64()),
            "weights": weights,
        }
    ).replace_schema_metadata({"netorbit.schema": "trajectories/1", "netorbit.param_layout": json.dumps(blocks)})
    with pa.OSFile(args.out, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    print(f"wrote {table.num_rows} snapshots ({len(members)} members x {args.steps + 1} steps, P = {p}) to {args.out}")


if __name__ == "__main__":
    main()
