#!/usr/bin/env python3
"""Hand-batched numpy baseline.

The same workload as torch_loop.py (Iris-shaped 4-10-3, sigmoid hidden, softmax output, mean cross-entropy, float64,
full-batch gradient descent over 120 rows, 6 networks in lock-step), with the 6 networks stacked along a leading axis
and the forward and backward passes written by hand as batched matrix products. Prints one JSON line with
network-steps per second. Usage: /usr/bin/python3 numpy_batched.py [--seconds S] [--members M]
(set OPENBLAS_NUM_THREADS / OMP_NUM_THREADS to pin the BLAS thread count).
"""
import argparse
import json
import time

import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--members", type=int, default=6)
    p.add_argument("--eta", type=float, default=0.01)
    a = p.parse_args()
    rng = np.random.default_rng(1)
    n, m = 120, a.members
    y = np.arange(n) % 3
    x = (rng.random((3, 4)) * 4)[y] + 0.5 * rng.standard_normal((n, 4))
    onehot = np.eye(3)[y]
    w1 = rng.standard_normal((m, 4, 10))
    b1 = np.zeros((m, 1, 10))
    w2 = rng.standard_normal((m, 10, 3))
    b2 = np.zeros((m, 1, 3))

    def step():
        nonlocal w1, b1, w2, b2
        h = 1.0 / (1.0 + np.exp(-(x @ w1 + b1)))          # m x n x 10
        z = h @ w2 + b2                                    # m x n x 3
        z = z - z.max(axis=2, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=2, keepdims=True)
        loss = (np.log(s[..., 0]) - (z * onehot).sum(axis=2)).mean(axis=1)   # loss at W(t), per member
        d2 = (e / s - onehot) / n
        gw2 = h.transpose(0, 2, 1) @ d2
        gb2 = d2.sum(axis=1, keepdims=True)
        d1 = (d2 @ w2.transpose(0, 2, 1)) * h * (1 - h)
        gw1 = x.T @ d1
        gb1 = d1.sum(axis=1, keepdims=True)
        w1 = w1 - a.eta * gw1
        b1 = b1 - a.eta * gb1
        w2 = w2 - a.eta * gw2
        b2 = b2 - a.eta * gb2
        return loss

    for _ in range(50):
        step()
    steps = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < a.seconds:
        for _ in range(10):
            step()
        steps += 10
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0  # CPU time of all the process's threads: the rate on otherwise idle cores
    print(json.dumps({"baseline": "numpy_batched", "numpy": np.__version__, "members": m,
                      "network_steps_per_second": steps * m / elapsed,
                      "cpu_network_steps_per_second": steps * m / cpu}))


if __name__ == "__main__":
    main()
