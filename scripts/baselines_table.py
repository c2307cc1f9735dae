"""Markdown tables from scripts/baselines.sh's folders: mean test accuracy of
the incumbent at 100, 300 and 1000 queries (anytime.csv), and the mean number
of queries to the signal optimum with the share of runs that reached it
(summary.csv, mean over the runs that did); and, where
scripts/pareto_baselines.sh wrote OUT/pareto-*, the mean hypervolume fraction
at 100, 300 and 1000 queries of each Pareto searcher."""
import csv
import sys
from pathlib import Path

out = Path(sys.argv[1])
datasets = ["cifar10", "cifar100", "ImageNet16-120"]
budgets = [100.0, 300.0, 1000.0]


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def constraint_name(c):
    return "unconstrained" if c.startswith("edgegpu<=1000000") else c


for dataset in [d for d in datasets if (out / d).is_dir()]:
    anytime, summary = [], []
    for folder in [f for f in (out / dataset, out / f"{dataset}-bananas", out / f"{dataset}-bananas100") if f.is_dir()]:
        anytime += rows(folder / "anytime.csv")
        summary += rows(folder / "summary.csv")
    searchers = list(dict.fromkeys(r["searcher"] for r in summary))
    constraints = list(dict.fromkeys(r["constraint"] for r in summary))
    print(f"**{dataset}** (signal: 200-epoch validation accuracy; test accuracy at 100 / 300 / 1000 queries; "
          "queries to the signal optimum, mean over the runs that reached it, and their share)\n")
    print("| searcher | " + " | ".join(constraint_name(c) for c in constraints) + " |")
    print("|---|" + "---|" * len(constraints))
    for s in searchers:
        cells = []
        for c in constraints:
            accs = []
            for b in budgets:
                hit = [r for r in anytime if r["searcher"] == s and r["constraint"] == c and float(r["budget"]) == b]
                accs.append(f"{float(hit[0]['mean_test_acc']):.2f}" if hit and hit[0]["mean_test_acc"] else "-")
            row = next(r for r in summary if r["searcher"] == s and r["constraint"] == c)
            rate = float(row["signal_optimum_rate"]) if row["signal_optimum_rate"] else 0.0
            to_opt = f"{float(row['mean_signal_optimum_query']):.0f}" if row["mean_signal_optimum_query"] else "-"
            cells.append(" / ".join(accs) + f"; {to_opt} ({rate * 100:.0f}%)")
        print(f"| {s} | " + " | ".join(cells) + " |")
    print()

pareto = sorted(out.glob("pareto-c10mop*/anytime.csv"))
if pareto:
    print("**Pareto** (EvoXBench's NB201 problems; mean hypervolume fraction of the true front at 100 / 300 / 1000 queries)\n")
    problems = [p.parent.name.removeprefix("pareto-") for p in pareto]
    print("| searcher | " + " | ".join(problems) + " |")
    print("|---|" + "---|" * len(problems))
    tables = [rows(p) for p in pareto]
    for s in dict.fromkeys(r["searcher"] for r in tables[0]):
        cells = []
        for table in tables:
            values = []
            for b in budgets:
                hit = [r for r in table if r["searcher"] == s and float(r["budget"]) == b]
                values.append(f"{float(hit[0]['mean_hv_fraction']):.4f}" if hit else "-")
            cells.append(" / ".join(values))
        print(f"| {s} | " + " | ".join(cells) + " |")
    print()
