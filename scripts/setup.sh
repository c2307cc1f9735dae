#!/usr/bin/env bash
# Installs the Debian packages hwnas needs (only when one is missing) and builds
# the project in build/ (incrementally: a second run does almost nothing).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make libtorch-dev libgloo-dev libtbb-dev libeigen3-dev libcli11-dev nlohmann-json3-dev zlib1g-dev
          libbenchmark-dev libgtest-dev gnuplot-nox dataset-fashion-mnist
          python3-dev pybind11-dev python3-numpy python3-pytest)
missing=()
for p in "${packages[@]}"; do
  # Compared whole, not through `| grep -q`, whose early exit could fail the pipeline under pipefail.
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

jobs="$(nproc)"
if [ ! -f build/CMakeCache.txt ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build build -j "$jobs" >&2

# `import hwnas` for Debian's python3 without setting PYTHONPATH: a .pth file in
# the user's site-packages names build/python (rewritten only when it changes;
# the clone set up last is the one imported).
if [ -d build/python/hwnas ]; then
  site="$(/usr/bin/python3 -m site --user-site 2>/dev/null || true)"
  if [ -n "$site" ]; then
    want="$PWD/build/python"
    if [ "$(cat "$site/hwnas.pth" 2>/dev/null)" != "$want" ]; then
      mkdir -p "$site" && echo "$want" > "$site/hwnas.pth"
    fi
  fi
fi
