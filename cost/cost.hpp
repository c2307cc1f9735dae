#pragma once
// hwnas cost: what an architecture costs and how good it is, per the benchmark.
//
// - CostKey (cost_key.hpp): a device (edgegpu, raspi4, edgetpu, pixel3,
//   eyeriss, fpga) and a metric (latency ms, energy mJ), named as upstream
//   names its columns: edgegpu_latency.
// - CostModel (cost_model.hpp): cost(arch, key) -> optional<double>. TableCost
//   looks costs up per architecture (NB201); AdditiveCost sums fitted
//   per-decision entries (FBNet exactly; NB201 approximately, for
//   differentiable search).
// - AccuracySource (accuracy_source.hpp): the search signal, the final
//   accuracy and the simulated seconds a query costs. Nb201Accuracy reads the
//   NAS-Bench-201 table; search/supernet adds a trained supernet.
// - Nb201Benchmark, FbnetBenchmark: the spaces with their loaded tables.
// - Complexity (complexity.hpp): analytic FLOPs and parameters of both spaces.
// - LatencyConstrainedObjective (objective.hpp): hard constraint or MnasNet soft reward.
// - exhaustive_optimum (optimum.hpp): constrained ground truth of an enumerable space.
//
// cost/ reads benchmark files only through benchmark_data's plain tables.
#include "cost/accuracy_source.hpp"
#include "cost/additive_cost.hpp"
#include "cost/complexity.hpp"
#include "cost/cost_key.hpp"
#include "cost/cost_model.hpp"
#include "cost/fbnet_benchmark.hpp"
#include "cost/nb201_benchmark.hpp"
#include "cost/objective.hpp"
#include "cost/optimum.hpp"
