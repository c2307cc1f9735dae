#!/usr/bin/env bash
# The README's Pareto baseline table: Pareto local search (--searcher ls on a
# Pareto problem) beside NSGA-II, regularized evolution and random search on
# EvoXBench's NB201 problems C-10/MOP5, MOP6 and MOP7 (1000 queries, 200-epoch
# validation accuracy as the signal, as EvoXBench), judged by the hypervolume
# fraction of the true front at 100, 300 and 1000 queries.
#   scripts/pareto_baselines.sh OUT [SEEDS]     (then scripts/baselines_table.py OUT)
set -euo pipefail
out=${1:?usage: scripts/pareto_baselines.sh OUT [SEEDS]}
seeds=${2:-30}
hwnas=${HWNAS:-$(dirname "$0")/../build/cli/hwnas}
for problem in c10mop5 c10mop6 c10mop7; do
  "$hwnas" compare --problem "$problem" --searchers random,rea,nsga2,ls --budget-queries 1000 --seeds "$seeds" \
    --out "$out/pareto-$problem" > "$out/pareto-$problem.txt"
done
