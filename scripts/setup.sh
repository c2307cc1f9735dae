#!/usr/bin/env bash
# Installs the Debian packages hwnas needs (only when one is missing) and builds
# the project in build/ (incrementally: a second run does almost nothing).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make libtorch-dev libtbb-dev libeigen3-dev libcli11-dev nlohmann-json3-dev zlib1g-dev
          libbenchmark-dev libgtest-dev gnuplot-nox dataset-fashion-mnist)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

data_dir="${HWNAS_DATA_DIR:-$(pwd)/../shared/benchmark_data}"
if [ ! -f "$data_dir/nasbench201/hw_cifar10.csv" ]; then
  cat >&2 <<MSG
setup: no benchmark data at $data_dir. Put these files there (or set HWNAS_DATA_DIR):
  nasbench201/hw_cifar10.csv       HW-NAS-Bench-v1_0.pickle exported per index for cifar10, as committed to
                                   github.com/PetraVidnerova/performance_prediction (mydata/hw_energy_all.csv)
  nasbench201/accuracy.csv         NAS-Bench-201 v1_1 accuracies (12/200 epochs) and cifar10_train_seconds12
  nasbench201/flops_cifar10.csv    index,flops_m,params_m from the NAS-Bench-201 API
  nasbench201/params_cifar10.csv   index,params_mb from the NAS-Bench-201 API
  fbnet/cifar100_sampled_latency.csv  from github.com/HayeonLee/HELP (data/fbnet/arch.pt, data/fbnet/latency/*.pt)
Column layouts: benchmark_data/README.md.
MSG
fi

jobs="$(nproc)"
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build build -j "$jobs" >&2
