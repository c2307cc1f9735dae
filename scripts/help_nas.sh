#!/usr/bin/env bash
# HELP's Table 4 closing the loop (Lee et al., NeurIPS 2021): for each of its five
# NB201 test devices and three latency constraints, predict the device's whole table
# from 10 measured networks (HELP's pool, gp with HELP's 9 meta-training devices known),
# search CIFAR-100 (REA, 300 queries of its 12-epoch validation accuracy, 10 seeds) on
# the predicted table under the constraint shrunk by the prediction's own
# leave-one-out error, measure what was found (read its true latency) and, where a
# network is over the limit, add it to the measured networks and repeat (at most 8
# rounds); then judge every found network by its true latency and CIFAR-100 test
# accuracy beside the exact constrained optimum. The measured networks carry over
# from one constraint to the next on the same device.
# Usage: scripts/help_nas.sh OUT [SEED]   (writes OUT/help_nas.csv; about a minute)
set -euo pipefail
out=${1:?usage: scripts/help_nas.sh OUT [SEED]}
seed=${2:-0}
hwnas="$(cd "$(dirname "$0")/.." && pwd)/build/cli/hwnas"
export HWNAS="$hwnas"
py=/usr/bin/python3
mkdir -p "$out"
known=1080ti_1,1080ti_32,1080ti_256,silver_4114,silver_4210r,samsung_a50,pixel3,essential_ph_1,samsung_s7
echo "device,limit_ms,measured_networks,rounds,margin_pct,searched_limit_ms,seeds,feasible,mean_true_latency_ms,max_true_latency_ms,mean_test_acc,optimum_test_acc,optimum_latency_ms" > "$out/help_nas.csv"
for spec in titan_rtx_256:18,21,25 gold_6226:8,11,14 pixel2:14,18,22 eyeriss:5,7,9 fpga:4,5,6; do
  device=${spec%%:*}; limits=${spec#*:}
  # 10 networks of HELP's pool for this device (rows 0..899 without its 10% fastest and slowest), seeded.
  seq 0 899 > "$out/pool.txt"
  "$hwnas" query --space nb201 --dataset cifar10 --archs "$out/pool.txt" --json > "$out/pool.json"
  $py - "$out/pool.json" "$device" "$seed" "$out/measured_$device.csv" <<'PY'
import json, random, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
device, seed, path = sys.argv[2], int(sys.argv[3]), sys.argv[4]
key = device + "_latency"
order = sorted(range(len(rows)), key=lambda i: rows[i]["metrics"][key])
pool = order[90:810]
picked = random.Random(seed).sample(pool, 10)
with open(path, "w") as f:
    f.write("index,arch_str,measured_latency\n")
    for i in sorted(picked):
        f.write(f"{rows[i]['index']},{rows[i]['arch']},{rows[i]['metrics'][key]!r}\n")
PY
  for limit in ${limits//,/ }; do
    # Predict, search, then measure what the search found (here: read its true latency): a network over the
    # limit becomes one more measured network and the round is repeated, so no answer is returned unmeasured.
    for round in 1 2 3 4 5 6 7 8; do
      "$hwnas" predict --space nb201 --cost-table "$out/measured_$device.csv" --method gp --known "$known" \
        --out "$out/predicted_$device.csv" > "$out/predict_$device.txt"
      loo=$(awk '$1=="measured_latency" {gsub("%","",$4); print $4}' "$out/predict_$device.txt")
      searched=$($py -c "print(round($limit / (1 + $loo / 100), 4))")
      "$hwnas" search --dataset cifar100 --cost-dataset cifar10 --cost-table "$out/predicted_$device.csv" --device measured \
        --limit "$searched" --searcher rea --budget-queries 300 --seeds 10 --first-seed "$seed" --json > "$out/search_${device}_$limit.json"
      violations=$($py - "$out" "$device" "$limit" <<'PY'
import json, os, subprocess, sys
out, device, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
found = json.load(open(f"{out}/search_{device}_{sys.argv[3]}.json"))
idx = sorted({r["best"]["index"] for r in found["runs"]})
with open(f"{out}/found.txt", "w") as f: f.write("\n".join(map(str, idx)) + "\n")
q = [json.loads(l) for l in subprocess.check_output([os.environ["HWNAS"], "query", "--space", "nb201", "--dataset", "cifar10",
     "--archs", f"{out}/found.txt", "--json"]).decode().splitlines()]
measured = {line.split(",")[0] for line in open(f"{out}/measured_{device}.csv").read().splitlines()[1:]}
new = [r for r in q if r["metrics"][device + "_latency"] > limit and str(r["index"]) not in measured]
with open(f"{out}/measured_{device}.csv", "a") as f:
    for r in new: f.write(f"{r['index']},{r['arch']},{r['metrics'][device + '_latency']!r}\n")
print(len(new))
PY
)
      [ "$violations" = 0 ] && break
    done
    "$hwnas" search --dataset cifar100 --cost-dataset cifar10 --device "$device" --limit "$limit" --budget-queries 10 --seeds 1 --json > "$out/truth_${device}_$limit.json"
    $py - "$out" "$device" "$limit" "$loo" "$searched" "$round" >> "$out/help_nas.csv" <<'PY'
import json, os, subprocess, sys
out, device, limit, loo, searched, rounds = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
found = json.load(open(f"{out}/search_{device}_{sys.argv[3]}.json"))
truth = json.load(open(f"{out}/truth_{device}_{sys.argv[3]}.json"))
key = device + "_latency"
idx = [r["best"]["index"] for r in found["runs"]]
with open(f"{out}/found.txt", "w") as f: f.write("\n".join(map(str, idx)) + "\n")
q = [json.loads(l) for l in subprocess.check_output([os.environ["HWNAS"], "query", "--space", "nb201", "--dataset", "cifar100",
     "--cost-dataset", "cifar10", "--archs", f"{out}/found.txt", "--json"]).decode().splitlines()]
lat = [r["metrics"][key] for r in q]
acc = [r["accuracy"]["cifar100_test200"] for r in q]
opt = truth["optimum"]
measured = len(open(f"{out}/measured_{device}.csv").read().splitlines()) - 1
print(f"{device},{limit:g},{measured},{rounds},{loo},{searched},{len(idx)},{sum(l <= limit for l in lat)},{sum(lat)/len(lat):.3f},"
      f"{max(lat):.3f},{sum(acc)/len(acc):.3f},{opt['test_acc']:.3f},{opt['cost']:.3f}")
PY
  done
done
column -s, -t "$out/help_nas.csv"
