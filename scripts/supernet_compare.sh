#!/bin/bash
# The README's comparison of constrained supernet search beside the tabular
# searchers (issue: one-shot search that meets the limit). NB201 CIFAR-10,
# --limits auto (25/50/75th percentile) on Edge GPU, Pixel 3 and FPGA, 4 seeds:
#  1. hwnas compare --searchers random,rea,gdas (gdas: --constraint lagrange,
#     the default under a limit, no weight to tune);
#  2. the same gdas with a fixed --cost-weight w (--constraint penalty), one
#     comparison per weight of the sweep;
# then a Markdown table per limit: lagrange against the best weight of the sweep.
# Usage: scripts/supernet_compare.sh [OUTDIR]  (default /tmp/supernet-compare; ~15 min on 2 cores)
set -euo pipefail
H="$(dirname "$0")/../build/cli/hwnas"
OUT="${1:-/tmp/supernet-compare}"
WEIGHTS="${WEIGHTS:-0 0.1 1}"
mkdir -p "$OUT"
common=(--space nb201 --dataset cifar10 --devices edgegpu,pixel3,fpga --metric latency --limits auto --seeds 4
        --epochs 3 --train-images 1000 --channels 4 --cells 1 --threads 1)
"$H" compare "${common[@]}" --searchers random,rea,gdas --out "$OUT/lagrange" > "$OUT/lagrange.txt"
for w in $WEIGHTS; do
  "$H" compare "${common[@]}" --searchers gdas --constraint penalty --cost-weight "$w" --out "$OUT/w$w" > "$OUT/w$w.txt"
done
python3 - "$OUT" $WEIGHTS <<'PY'
import csv, sys
out, weights = sys.argv[1], sys.argv[2:]
def rows(path):
    return {(r['searcher'], r['constraint']): r for r in csv.DictReader(open(path + '/summary.csv'))}
lag = rows(out + '/lagrange')
sweep = {w: rows(out + '/w' + w) for w in weights}
f = lambda x, d=2: f"{float(x):.{d}f}" if x != '' else '-'
print('| limit | REA regret | gdas lagrange: feasible | cost / limit | regret | best fixed w | feasible | cost / limit | regret |')
print('|---|---|---|---|---|---|---|---|---|')
for (s, c), r in lag.items():
    if s != 'gdas':
        continue
    # The best weight of the sweep for this limit: the lowest mean regret among those whose every seed is feasible.
    cands = [(float(sweep[w][('gdas', c)]['mean_regret']), w) for w in weights
             if sweep[w][('gdas', c)]['feasible_rate'] == '1' and sweep[w][('gdas', c)]['mean_regret'] != '']
    best = min(cands)[1] if cands else None
    b = sweep[best][('gdas', c)] if best else None
    rea = lag[('rea', c)]
    print(f"| {c} <= {f(r['limit'], 2)} | {f(rea['mean_regret'])} | {f(100 * float(r['feasible_rate']), 0)}% | "
          f"{f(r['mean_cost_over_limit'])} | {f(r['mean_regret'])} | {best or '-'} | "
          f"{f(100 * float(b['feasible_rate']), 0) + '%' if b else '-'} | {f(b['mean_cost_over_limit']) if b else '-'} | "
          f"{f(b['mean_regret']) if b else '-'} |")
PY
