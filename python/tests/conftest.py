"""Shared helpers of the Python suites (run through ctest, which sets the environment)."""
import csv
import os
from pathlib import Path

import pytest

REFERENCE = Path(os.environ.get("HWNAS_REFERENCE_DATA_DIR", Path(__file__).resolve().parents[2].parent / "shared" / "benchmark_data"))
HWNAS_BIN = os.environ.get("HWNAS_BIN", str(Path(__file__).resolve().parents[2] / "build" / "cli" / "hwnas"))


def reference_csv(relative):
    """Rows of a reference file of ../shared/benchmark_data, read by Python's csv (not by hwnas)."""
    path = REFERENCE / relative
    if not path.exists():
        pytest.skip(f"reference data {path} is not here")
    with open(path, newline="") as f:
        return list(csv.DictReader(f))
