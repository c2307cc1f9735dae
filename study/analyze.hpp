#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "benchmark/benchmark.hpp"

namespace hwnas {

// The networks an analysis looks at, with every number it needs. NaN marks a
// missing cost (e.g. Edge TPU latencies upstream lacks).
struct NetworkTable {
  std::string space, dataset;
  std::vector<std::string> archs;
  std::vector<std::optional<std::uint64_t>> indices;
  std::vector<double> flops_m, params_m;
  std::vector<std::string> metric_names;     // e.g. edgegpu_latency
  std::vector<std::vector<double>> metrics;  // [metric][network]
  std::optional<std::vector<double>> test_acc;
  std::string networks_from;  // how the networks were chosen, for the report
};

// The networks of `bench` with every cost metric of the `devices` selected
// (select_devices: all, hw-nas-bench, help or a list; arithmetic intensity
// left out: not a cost), FLOPs, params and, where the benchmark has
// accuracies, the final test accuracy: every network of an enumerable space
// (`samples` and `seed` unused); otherwise, when a selected column is a sample
// (a --cost-table's, HELP's 5000 FBNet networks), the networks listed (at
// least 2), else `samples` networks drawn uniformly with `seed`.
NetworkTable benchmark_networks(const Benchmark& bench, std::size_t samples, std::uint64_t seed,
                                const std::string& devices = "all");

// Kendall tau-b (and Spearman) over the networks where both values are present.
struct Correlation {
  double kendall_tau, spearman_rho;
  std::size_t n;
};
Correlation correlate(const std::vector<double>& x, const std::vector<double>& y);

struct ParetoTransfer {
  std::string source, target;
  std::size_t source_front, target_front;
  std::size_t without_target_cost;  // source-front networks with no cost on the target
  std::size_t still_optimal;        // source-front networks also on the target's front
  double median_cost_percentile;    // of source-front networks among all target costs (0 = cheapest)
  double max_cost_percentile;
};

struct Analysis {
  NetworkTable networks;
  std::vector<Correlation> flops_vs, params_vs;  // per metric
  std::vector<std::string> matrix_names;        // flops_m, params_m, then the metrics
  std::vector<std::vector<double>> kendall;     // [i][j] over matrix_names
  std::vector<std::vector<std::size_t>> fronts; // per metric (empty without accuracy)
  std::vector<ParetoTransfer> transfers;
};

Analysis analyze(NetworkTable networks);

}  // namespace hwnas
