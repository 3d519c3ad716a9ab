#!/usr/bin/env python3
"""PyTorch autograd baseline: the way the paper's scripts train.

Iris-shaped 4-10-3 network (sigmoid hidden, softmax output, mean cross-entropy), float64, full-batch gradient
descent over 120 rows, an ensemble of 6 networks advanced in lock-step one network at a time (forward, backward,
optimiser step), recording off. Prints one JSON line with network-steps per second (one full-batch gradient step of
one network). Usage: /usr/bin/python3 torch_loop.py [--seconds S] [--threads T] [--members M]
"""
import argparse
import json
import time

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=3.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--members", type=int, default=6)
    p.add_argument("--eta", type=float, default=0.01)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    y = torch.arange(120) % 3
    x = (torch.rand(3, 4, generator=gen, dtype=torch.float64) * 4)[y] + 0.5 * torch.randn(120, 4, generator=gen, dtype=torch.float64)

    nets, opts = [], []
    for _ in range(a.members):
        net = torch.nn.Sequential(torch.nn.Linear(4, 10), torch.nn.Sigmoid(), torch.nn.Linear(10, 3)).double()
        for m in net:
            if isinstance(m, torch.nn.Linear):
                torch.nn.init.normal_(m.weight, 0.0, 1.0)
                torch.nn.init.zeros_(m.bias)
        nets.append(net)
        opts.append(torch.optim.SGD(net.parameters(), lr=a.eta))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        for net, opt in zip(nets, opts):
            opt.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
            loss.item()  # the loss at W(t) is recorded every step, as the paper's loop does

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
    print(json.dumps({"baseline": "torch_loop", "torch": torch.__version__, "threads": a.threads, "members": a.members,
                      "network_steps_per_second": steps * a.members / elapsed,
                      "cpu_network_steps_per_second": steps * a.members / cpu}))


if __name__ == "__main__":
    main()
