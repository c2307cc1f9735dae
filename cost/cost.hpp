#pragma once
// hwnas cost: what an architecture costs and how good it is, per the benchmark.
//
// - CostKey (cost_key.hpp): a cost column named "<device>_<metric>" as
//   upstream names it (edgegpu_latency), for any device a table brings; the
//   catalogue of known devices' descriptions and metrics' units.
// - CostModel (cost_model.hpp): cost(arch, key) -> optional<double>. TableCost
//   looks costs up per architecture (NB201); FbnetLutCost composes FBNet costs
//   from HW-NAS-Bench's per-operator tables exactly as upstream; AdditiveCost
//   sums per-decision entries (fitted from totals: NB201's differentiable cost).
// - Benchmark and the space registry (benchmark.hpp): one space on one dataset
//   as loaded, and the one place that knows how each space loads.
// - AccuracySource (accuracy_source.hpp): the search signal, the final
//   accuracy and the simulated seconds a query costs. Nb201Accuracy reads the
//   NAS-Bench-201 table; search/supernet adds a trained supernet.
// - Nb201Benchmark, FbnetBenchmark: the spaces with their loaded tables.
// - Complexity (complexity.hpp): analytic FLOPs and parameters of both spaces.
// - LatencyConstrainedObjective (objective.hpp): hard constraint or MnasNet soft reward.
// - ObjectiveSet (objectives.hpp): the minimised objectives of a Pareto search
//   (error, flops, params, cost columns) and EvoXBench's presets.
// - exhaustive_optimum (optimum.hpp): constrained ground truth of an enumerable space.
//
// cost/ reads benchmark files only through benchmark_data's plain tables.
#include "cost/accuracy_source.hpp"
#include "cost/additive_cost.hpp"
#include "cost/benchmark.hpp"
#include "cost/complexity.hpp"
#include "cost/cost_key.hpp"
#include "cost/cost_model.hpp"
#include "cost/fbnet_benchmark.hpp"
#include "cost/nb201_benchmark.hpp"
#include "cost/objective.hpp"
#include "cost/objectives.hpp"
#include "cost/optimum.hpp"
#include "cost/predict.hpp"
#include "cost/search_objective.hpp"
#include "cost/user_cost.hpp"
