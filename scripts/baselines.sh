#!/usr/bin/env bash
# The README's baseline tables ("Searchers against each other: time to the
# optimum"): every searcher on NB201's three datasets with the 200-epoch
# validation accuracy as the search signal (White et al.'s and NASLib's
# protocol), unconstrained and under the median (q50) latency of the Edge GPU,
# the Raspberry Pi 4 and the FPGA. Unconstrained is written as a limit no cell
# reaches (edgegpu:1000000 ms: every cell feasible, the same problem).
#   scripts/baselines.sh OUT [SEEDS] [BANANAS_SEEDS]
# Writes OUT/<dataset>/ (random, rea, reinforce, ls, nsga2: 1000 queries) and
# OUT/<dataset>-bananas/ (300 queries; BANANAS refits its networks every 10
# queries, about 30 s per 300-query run on one core) and OUT/<dataset>-bananas100/
# (100 queries), then OUT/tables.md.
set -euo pipefail
out=${1:?usage: scripts/baselines.sh OUT [SEEDS] [BANANAS_SEEDS]}
seeds=${2:-100}
bananas_seeds=${3:-10}
hwnas=${HWNAS:-$(dirname "$0")/../build/cli/hwnas}
limits=edgegpu:1000000,edgegpu@q50,raspi4@q50,fpga@q50
for dataset in cifar10 cifar100 ImageNet16-120; do
  common=(compare --dataset "$dataset" --signal valid200 --devices edgegpu,raspi4,fpga --limits "$limits")
  "$hwnas" "${common[@]}" --searchers random,rea,reinforce,ls,nsga2 --budget-queries 1000 --seeds "$seeds" \
    --out "$out/$dataset" > "$out/$dataset.txt"
  "$hwnas" "${common[@]}" --searchers bananas --budget-queries 300 --seeds "$bananas_seeds" \
    --out "$out/$dataset-bananas" > "$out/$dataset-bananas.txt"
  # Its 100-query column (the 300-query runs' grid has no point at 100).
  "$hwnas" "${common[@]}" --searchers bananas --budget-queries 100 --seeds "$bananas_seeds" \
    --out "$out/$dataset-bananas100" > "$out/$dataset-bananas100.txt"
done
python3 "$(dirname "$0")/baselines_table.py" "$out" > "$out/tables.md"
echo "wrote $out/tables.md"
