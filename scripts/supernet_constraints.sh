#!/bin/bash
# The README's table of supernet constraint handling: NB201 GDAS under three
# device limits, 4 seeds per setting, each --constraint variant. Usage:
#   scripts/supernet_constraints.sh [OUTDIR]   (default /tmp/supernet-constraints; ~4 min on 2 cores)
set -euo pipefail
H="$(dirname "$0")/../build/cli/hwnas"
OUT="${1:-/tmp/supernet-constraints}"
mkdir -p "$OUT"
for lim in edgegpu:4 fpga:3 pixel3:10; do
  dev=${lim%%:*}; L=${lim##*:}
  for v in "lagrange" "lagrange --arch-lr 0.03" "penalty --cost-weight 0" "penalty --cost-weight 0.1" "penalty --cost-weight 1"; do
    name=$(echo "$dev $v" | tr ' ' '_')
    # shellcheck disable=SC2086
    "$H" search --space nb201 --dataset cifar10 --device "$dev" --metric latency --limit "$L" --searcher gdas --epochs 3 \
      --train-images 1000 --channels 4 --cells 1 --seeds 4 --threads 1 --constraint $v --json > "$OUT/$name.json" 2>/dev/null
  done
done
python3 - "$OUT" <<'PY'
import glob, json, sys
for f in sorted(glob.glob(sys.argv[1] + '/*.json')):
    r = json.load(open(f)); L = r['limit']; opt = r['optimum']['test_acc']; runs = r['runs']; n = len(runs)
    s = [x['supernet'] for x in runs]
    feasible = sum(1 for x in s if x['real_cost'] is not None and x['real_cost'] <= L)
    argmax = sum(1 for x in s if x['argmax_real_cost'] is not None and x['argmax_real_cost'] <= L)
    ratio = sum(x['real_cost'] for x in s) / n / L
    regret = sum(opt - (x['best']['test_acc'] if x['best'] else 0) for x in runs) / n
    print(f"{f.split('/')[-1][:-5]:36s} limit {L}: feasible {feasible}/{n}, argmax feasible {argmax}/{n}, cost/limit {ratio:.2f}, regret {regret:.2f}")
PY
