#!/usr/bin/python3
"""DEAP's NSGA-II on the same problem as hwnas's BM_ParetoRun1000Queries.

EvoXBench's C-10/MOP5 on NB201 (error with the 200-epoch validation accuracy,
params, FLOPs, Edge GPU latency and energy, all minimised), 1000 distinct
architectures per run (a repeated one is answered from a cache and not
charged, as in hwnas), population 20, uniform crossover with probability 0.9
and per-decision mutation with probability 1/6, DEAP's selNSGA2 and
selTournamentDCD. Prints the median wall time of one run (data loading
excluded) over --runs seeds. Needs Debian's python3-deap (and numpy).

  scripts/deap_nsga2_bench.py [--data benchmark_data/data] [--runs 20]
"""
import argparse
import csv
import random
import statistics
import time
from pathlib import Path

from deap import base, creator, tools

OPS = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]


def edges(arch_str):
    """The 6 edge ops of an NB201 arch string, in string order."""
    return tuple(tok.split("~")[0] for node in arch_str.split("+") for tok in node.strip("|").split("|"))


def load(data):
    nb = Path(data) / "nasbench201"
    acc = list(csv.DictReader(open(nb / "accuracy.csv")))
    flops = list(csv.DictReader(open(nb / "flops_cifar10.csv")))
    hw = list(csv.DictReader(open(nb / "hw_cifar10.csv")))
    table = {}
    for a, f, h in zip(acc, flops, hw):
        key = tuple(OPS.index(op) for op in edges(a["arch_str"]))
        table[key] = (100.0 - float(a["cifar10_valid200"]), float(f["params_m"]), float(f["flops_m"]),
                      float(h["edgegpu_latency"]), float(h["edgegpu_energy"]))
    assert len(table) == 15625
    return table


def run(table, seed, budget=1000, population=20):
    rng = random.Random(seed)
    random.seed(seed)  # DEAP's operators draw from the random module
    cache = {}

    def evaluate(ind):
        key = tuple(ind)
        if key not in cache:
            cache[key] = table[key]
        return cache[key]

    toolbox = base.Toolbox()
    toolbox.register("mate", tools.cxUniform, indpb=0.5)
    toolbox.register("mutate", tools.mutUniformInt, low=0, up=4, indpb=1.0 / 6)
    pop = [creator.Individual(rng.randrange(5) for _ in range(6)) for _ in range(population)]
    for ind in pop:
        ind.fitness.values = evaluate(ind)
    pop = tools.selNSGA2(pop, population)  # assigns the crowding distances selTournamentDCD needs
    while len(cache) < budget:
        offspring = [toolbox.clone(ind) for ind in tools.selTournamentDCD(pop, population)]
        for a, b in zip(offspring[::2], offspring[1::2]):
            if rng.random() < 0.9:
                toolbox.mate(a, b)
            toolbox.mutate(a)
            toolbox.mutate(b)
            del a.fitness.values, b.fitness.values
        for ind in offspring:
            if len(cache) >= budget:
                break
            ind.fitness.values = evaluate(ind)
        offspring = [ind for ind in offspring if ind.fitness.valid]
        pop = tools.selNSGA2(pop + offspring, population)
    return len(cache)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parent.parent / "benchmark_data" / "data"))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    creator.create("FitnessMin", base.Fitness, weights=(-1.0,) * 5)
    creator.create("Individual", list, fitness=creator.FitnessMin)
    table = load(args.data)
    times = []
    for seed in range(args.runs):
        start = time.perf_counter()
        queried = run(table, seed)
        times.append(time.perf_counter() - start)
        assert queried == 1000
    print(f"DEAP NSGA-II, C-10/MOP5, 1000 queries: median {statistics.median(times) * 1e3:.1f} ms per run "
          f"over {args.runs} runs (min {min(times) * 1e3:.1f}, max {max(times) * 1e3:.1f})")


if __name__ == "__main__":
    main()
