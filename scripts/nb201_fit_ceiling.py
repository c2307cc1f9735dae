#!/usr/bin/python3
"""What a cost model fitted to *every* NB201 cell reaches on HELP's test split.

The few-shot predictors of `hwnas predict` see k = 10 networks of the new device;
this script fits least-squares models to all 15625 cells of each of HELP's six
NB201 test devices and scores them as HELP's protocol does (Spearman over rows
900..1899 without the device's 10% fastest and slowest), so it says how far a
k = 10 prediction can get with each set of features at best. It also measures
how much of each phone's residual is drift in measurement order (lag-1
autocorrelation of the residuals in row order), which no architecture feature
can predict.

Usage: /usr/bin/python3 scripts/nb201_fit_ceiling.py [--synthetic]
  (Debian's python3-numpy; reads benchmark_data/data/help/nb201_latency.csv)
  --synthetic: the additive ceiling of the pruned-op device of
  tests/predict/predict_test.cpp (GpLearnsADeviceThatSkipsDeadOpsFromFewNetworks).
"""
import csv
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
EDGE_FROM, EDGE_TO = (0, 0, 1, 0, 1, 2), (1, 2, 2, 3, 3, 3)
TEST = ["titan_rtx_256", "gold_6226", "fpga", "pixel2", "raspi4", "eyeriss"]
PHONES = ["pixel2", "pixel3", "samsung_a50", "samsung_s7", "essential_ph_1", "raspi4"]


def edges(arch_str):
    return [OPS.index(t.split("~")[0]) for node in arch_str.strip("|").split("|+|") for t in node.strip("|").split("|")]


def live(e):  # hwnas's Nb201Space::live_decisions
    node = [False, False, False, True]
    for k in reversed(range(6)):
        if e[k] != 0 and node[EDGE_TO[k]]:
            node[EDGE_FROM[k]] = True
    return [node[EDGE_TO[k]] for k in range(6)]


def design(E, live_terms):
    n = len(E)
    x = np.zeros((n, 61 if live_terms else 31))
    x[:, 30] = 1
    for r, e in enumerate(E):
        lv = live(e)
        for k in range(6):
            x[r, k * 5 + e[k]] = 1
            if live_terms and lv[k]:
                x[r, 31 + k * 5 + e[k]] = 1
    return x


def pairwise(E):
    x = [design(E, False)]
    for a in range(6):
        for b in range(a + 1, 6):
            z = np.zeros((len(E), 25))
            z[np.arange(len(E)), E[:, a] * 5 + E[:, b]] = 1
            x.append(z)
    return np.hstack(x)


def ranks(x):
    order = np.argsort(x, kind="stable")
    r = np.empty(len(x))
    xs = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and xs[j + 1] == xs[i]:
            j += 1
        r[order[i:j + 1]] = (i + j) / 2
        i = j + 1
    return r


def spearman(a, b):
    return np.corrcoef(ranks(a), ranks(b))[0, 1]


def help_test_rows(y):  # rows 900..1899 without the 10% fastest and slowest (HELP's loader.py)
    idx = np.arange(900, 1900)
    keep = np.argsort(y[idx], kind="stable")[100:900]
    return idx[np.sort(keep)]


def fit(x, y):
    return x @ np.linalg.lstsq(x, y, rcond=None)[0]


def main():
    rows = list(csv.reader(open(os.path.join(ROOT, "benchmark_data/data/help/nb201_latency.csv"))))
    header, data = rows[0], rows[1:]
    cols = {h: np.array([float(r[i]) for r in data]) for i, h in enumerate(header) if i >= 2}
    E = np.array([edges(r[1]) for r in data])
    plain, with_live, pairs = design(E, False), design(E, True), pairwise(E)
    both = np.hstack([with_live, pairs])
    if "--synthetic" in sys.argv:
        cost = np.array([0.0, 0.3, 1.0, 4.0, 1.2])
        y = np.array([1 + sum(cost[e[k]] for k in range(6) if live(e)[k]) for e in E])
        print("pruned-op device, Spearman over all cells: additive %.3f, additive + live terms %.3f"
              % (spearman(fit(plain, y), y), spearman(fit(with_live, y), y)))
        return
    print("device          additive  +live  +pairs  +live+pairs  (least squares on all 15625 cells, HELP's test rows)")
    ceil = []
    for dev in TEST:
        y, t = cols[dev], help_test_rows(cols[dev])
        s = [spearman(fit(x, y)[t], y[t]) for x in (plain, with_live, pairs, both)]
        ceil.append(s[1])
        print("%-15s %8.3f %6.3f %7.3f %12.3f" % (dev, *s))
    print("mean of the +live column: %.3f" % np.mean(ceil))
    print("\nresidual of the +live fit in row order (drift of the measurement): lag-1 autocorrelation, sd / sd of the latency")
    for dev in PHONES:
        y = cols[dev]
        r = y - fit(with_live, y)
        print("%-15s %5.2f %5.2f" % (dev, np.corrcoef(r[:-1], r[1:])[0, 1], r.std() / y.std()))


if __name__ == "__main__":
    main()
