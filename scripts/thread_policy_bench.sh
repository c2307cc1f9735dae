#!/usr/bin/env bash
# The effect of the thread settings on supernet training: one weight step of
# the small supernets (NB201 C=4 1 cell, FBNet width 4) with 1 and 2 LibTorch
# threads under three OpenMP waiting behaviours (ACTIVE: spin; PASSIVE: sleep;
# GOMP_SPINCOUNT=N: spin about N iterations, then sleep), on an idle machine and
# on one where other jobs keep every core busy. Prints a Markdown table of
# medians (README, "Threads"). Usage:
#   scripts/thread_policy_bench.sh [build-dir] [waits...]   (default: build ACTIVE PASSIVE spin:10000)
set -euo pipefail
build=${1:-build}
shift || true
waits=("$@")
[[ ${#waits[@]} -gt 0 ]] || waits=(ACTIVE PASSIVE spin:10000)
bench="$build/tests/supernet_bench"
[[ -x $bench ]] || { echo "no $bench: build with LibTorch first" >&2; exit 2; }
filter='BM_Nb201DartsStep/64/4/1/|BM_FbnetStep/64/4/'
cores=$(nproc)

median_rows() {  # machine wait
  local env=(env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT)
  case $2 in
    spin:*) env+=("GOMP_SPINCOUNT=${2#spin:}") ;;
    *) env+=("OMP_WAIT_POLICY=$2") ;;
  esac
  "${env[@]}" "$bench" --benchmark_filter="$filter" --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
    awk -F, -v machine="$1" -v wait="$2" '$1 ~ /_median"?$/ {
      name = $1; gsub(/"/, "", name); sub(/_median$/, "", name)
      n = split(name, part, "/"); threads = part[n]
      net = (name ~ /Fbnet/) ? "FBNet width 4" : "NB201 DARTS C=4, 1 cell"
      printf "| %s | %s | %s | %s | %.0f %s |\n", net, machine, wait, threads, $3, $5 }'
}

echo "| supernet | machine | OpenMP wait | threads | median step |"
echo "|---|---|---|---|---|"
for wait in "${waits[@]}"; do median_rows idle "$wait"; done
pids=()
for ((i = 0; i < cores; i++)); do (while :; do :; done) & pids+=($!); done
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for wait in "${waits[@]}"; do median_rows "busy ($cores spinning jobs)" "$wait"; done
