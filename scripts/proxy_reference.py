#!/usr/bin/env python3
"""hwnas proxy against the reference code, on the same NB201 networks, weights and minibatch.

Needs Debian's python3-torch (1.13) and a checkout of the reference code, which
hwnas does not ship:
    git clone https://github.com/SamsungLabs/zero-cost-nas /tmp/zero-cost-nas
Then:
    mkdir -p /tmp/dump
    build/cli/hwnas proxy --space nb201 --dataset cifar10 --sample 20 --seed 1 --threads 1 \
        --out /tmp/hw.csv --dump-inputs /tmp/dump
    scripts/proxy_reference.py --zero-cost-nas /tmp/zero-cost-nas --table /tmp/hw.csv --inputs /tmp/dump

For each network it loads hwnas's initial weights into Zero-Cost-NAS's
NAS201Model (foresight/models/nasbench2.py; every weight hwnas wrote must be a
key of that model), runs Zero-Cost-NAS's own find_measures on hwnas's
minibatch (its first 64 images), and NASWOT's hook_logdet score
(BayesWatch/nas-without-training, score_networks.py: the 0/1 codes at each
ReLU's input, K = c c^T + (1-c)(1-c)^T summed, slogdet) on the first 128
images; prints both values and their relative difference, and each proxy's
median seconds per network with one thread, beside hwnas's from the same
table's run. Exit status 1 when a value differs by more than --tolerance.
"""
import argparse
import csv
import math
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn

NAMES = {"synflow": "synflow", "jacov": "jacob_cov", "snip": "snip", "grad_norm": "grad_norm", "grasp": "grasp", "fisher": "fisher"}


def naswot_score(net, x):
    """NASWOT's hook_logdet: agreement counts of ReLU input codes over a minibatch."""
    n = x.shape[0]
    k = np.zeros((n, n))

    def hook(module, inp, out):
        codes = (inp[0].view(n, -1) > 0).float()
        nonlocal k
        k = k + (codes @ codes.t()).numpy() + ((1.0 - codes) @ (1.0 - codes).t()).numpy()

    handles = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, nn.ReLU)]
    with torch.no_grad():
        net(x)
    for h in handles:
        h.remove()
    return np.linalg.slogdet(k)[1]


class OneBatch:
    """A data loader that yields hwnas's minibatch once (find_measures' 'random' dataload, 1 batch)."""

    def __init__(self, x, y):
        self.batch = (x, y)

    def __iter__(self):
        yield self.batch


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zero-cost-nas", required=True, help="checkout of SamsungLabs/zero-cost-nas")
    ap.add_argument("--table", required=True, help="hwnas proxy's table for the dumped networks")
    ap.add_argument("--inputs", required=True, help="hwnas proxy --dump-inputs DIR")
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--tolerance", type=float, default=1e-4, help="largest relative difference accepted")
    args = ap.parse_args()
    sys.path.insert(0, args.zero_cost_nas)
    from foresight.models import nasbench2
    from foresight.pruners import predictive

    torch.set_num_threads(1)
    rows = list(csv.DictReader(open(args.table)))
    columns = [c for c in rows[0] if c in NAMES or c == "naswot"]
    worst = 0.0
    seconds = {c: [] for c in columns}
    print("index," + ",".join(f"{c}_hwnas,{c}_reference,{c}_reldiff" for c in columns))
    for row in rows:
        dumped = torch.load(os.path.join(args.inputs, row["index"] + ".pt"))
        if "__inputs__" in dumped:
            x, y = dumped.pop("__inputs__"), dumped.pop("__targets__")
        else:  # a run of synflow alone reads no images: only their shape matters
            x, y = torch.zeros(64, 3, 32, 32), torch.zeros(64, dtype=torch.long)
        net = nasbench2.get_model_from_arch_str(row["arch_str"], args.classes)
        state = net.state_dict()
        missing = [k for k in dumped if k not in state]
        if missing:
            sys.exit(f"hwnas's weights {missing[:3]} are not keys of the reference model")
        net.load_state_dict(dumped, strict=False)
        net.train()
        values = {}
        for c in columns:
            start = time.perf_counter()
            if c == "naswot":
                values[c] = naswot_score(net, x[:128])
            else:
                loader = OneBatch(x[:64], y[:64])
                values[c] = predictive.find_measures(net, loader, ("random", 1, args.classes), torch.device("cpu"),
                                                     measure_names=[NAMES[c]])[NAMES[c]]
            seconds[c].append(time.perf_counter() - start)
        out = [row["index"]]
        for c in columns:
            ours, ref = float(row[c]), float(values[c])
            rel = abs(ours - ref) / max(abs(ref), 1e-30) if math.isfinite(ref) else (0.0 if math.isnan(ours) else math.inf)
            worst = max(worst, rel)
            out += [repr(ours), repr(ref), f"{rel:.2e}"]
        print(",".join(out), flush=True)
    print("reference median seconds per network (1 thread): " +
          ", ".join(f"{c} {statistics.median(seconds[c]):.4f}" for c in columns))
    print(f"largest relative difference {worst:.2e} (tolerance {args.tolerance:g})")
    return 0 if worst <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
