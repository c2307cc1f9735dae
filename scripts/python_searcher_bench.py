#!/usr/bin/python3
"""Cost of a searcher written in Python against a built-in one, through hwnas.search.

The same algorithm (random search: sample, query, until the budget is spent)
as hwnas's C++ `random` and as a Python function run under hwnas's evaluator,
on the README's main problem (NB201, CIFAR-10, Edge GPU latency <= 4 ms,
12000 simulated seconds, about 150 queries per run). Each call is timed whole,
as a user runs it (data loading and result.json included); the per-run cost is
the difference between 400 and 100 seeds divided by 300. Medians of --repeats.

  scripts/python_searcher_bench.py [--repeats 5]
"""
import argparse
import statistics
import time

import hwnas


def python_random_search(space, evaluator, rng):
    while not evaluator.exhausted():
        evaluator.evaluate(space.sample(rng))


def timed(searcher, seeds):
    start = time.perf_counter()
    result = hwnas.search(searcher, device="edgegpu", limit=4.0, budget_seconds=12000, seeds=seeds, threads=1)
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    for name, searcher in (("built-in random", "random"), ("Python random", python_random_search)):
        per_run, queries = [], None
        for _ in range(args.repeats):
            small, _ = timed(searcher, 100)
            large, result = timed(searcher, 400)
            per_run.append((large - small) / 300)
            queries = statistics.mean(r["queries"] for r in result["runs"])
        us = statistics.median(per_run) * 1e6
        print(f"{name}: {us:.1f} us per run ({queries:.0f} queries per run, {1000 * us / queries:.0f} ns per query), "
              f"median of {args.repeats}, one thread")


if __name__ == "__main__":
    main()
