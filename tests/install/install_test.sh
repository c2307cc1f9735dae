#!/usr/bin/env bash
# The installable library, checked the way a user meets it: `cmake --install`
# into a temporary prefix, then examples/custom_searcher (an out-of-tree CMake
# project: find_package(hwnas CONFIG), a local search registered as a searcher)
# configured, built and run against that prefix alone; the installed hwnas, its
# data and its Python package too.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR (CMAKE and PYTHON from the environment).
set -euo pipefail
build=$1 source=$2
cmake=${CMAKE:-cmake} python=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A failure says which step failed and shows that step's log.
trap 'echo "install test: failed at line $LINENO: $BASH_COMMAND" >&2; cat "$tmp"/*.log >&2 2>/dev/null || true' ERR
prefix=$tmp/prefix

"$cmake" --install "$build" --prefix "$prefix" > "$tmp/install.log"
"$cmake" -S "$source/examples/custom_searcher" -B "$tmp/example" -DCMAKE_PREFIX_PATH="$prefix" \
         -DCMAKE_BUILD_TYPE=Release > "$tmp/configure.log"
"$cmake" --build "$tmp/example" -j 2 > "$tmp/build.log"
example=$tmp/example/custom_search

# The registered searcher is listed by the same help text and run by the same code as the built-in ones.
# (Into a file, not a pipe: `grep -q` may close the pipe before the help is written, a failure under pipefail.)
"$example" search --help > "$tmp/help.txt"
grep -q -- "local" "$tmp/help.txt"
# The installed data (as an installed hwnas reads it once the source tree is gone) with the example's
# searcher, against the built-in REA on the same budget and limit.
export HWNAS_DATA_DIR=$prefix/share/hwnas/data
common=(--space nb201 --dataset cifar10 --device edgegpu --metric latency --limit 4 --budget-queries 300 --seeds 20 --json)
"$example" search "${common[@]}" --searcher local --out "$tmp/local" > "$tmp/local.json"
"$prefix/bin/hwnas" search "${common[@]}" --searcher rea > "$tmp/rea.json"
test -s "$tmp/local/result.json" && test -s "$tmp/local/trajectory.csv"
"$python" - "$tmp/local.json" "$tmp/rea.json" <<'PY'
import json, sys
local, rea = (json.load(open(p)) for p in sys.argv[1:3])
assert local["searcher"] == "local", local["searcher"]
runs = local["runs"]
assert len(runs) == 20, len(runs)
for r in runs:
    assert r["queries"] <= 300, r
    assert r["best"] is not None and r["best"]["costs"]["edgegpu_latency"] <= 4.0, r["best"]
# One-edit moves find the constrained optimum's neighbourhood: at least as good as REA on average.
mean = lambda res: sum(r["best"]["test_acc"] for r in res["runs"]) / len(res["runs"])
print(f"local search {mean(local):.2f}, REA {mean(rea):.2f} (mean CIFAR-10 test accuracy, 20 seeds, 300 queries)")
assert mean(local) >= mean(rea) - 0.3, (mean(local), mean(rea))
PY
# The installed Python package imports and lists the same registry.
if [ -d "$prefix/lib/python3/dist-packages/hwnas" ]; then
  PYTHONPATH=$prefix/lib/python3/dist-packages "$python" -c "import hwnas; assert 'rea' in [s['name'] for s in hwnas.searchers()]"
fi
echo "install test: ok"
