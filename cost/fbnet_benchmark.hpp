#pragma once
#include <filesystem>
#include <memory>

#include "benchmark_data/benchmark_data.hpp"
#include "cost/additive_cost.hpp"
#include "spaces/fbnet_space.hpp"

namespace hwnas {

// The FBNet space with HW-NAS-Bench latencies. Upstream computes a network's
// latency as the sum of per-layer lookup-table entries; the table is fitted
// here from the sampled networks' totals (one entry per layer and block plus a
// constant), which reproduces upstream's latency of every network.
class FbnetBenchmark {
public:
  // Refuse a fit whose worst residual exceeds this: the data would not be additive.
  static constexpr double kMaxResidualMs = 1e-6;

  FbnetBenchmark(FbnetMacro macro, const BenchmarkTable& samples);
  FbnetBenchmark(const FbnetBenchmark&) = delete;
  FbnetBenchmark& operator=(const FbnetBenchmark&) = delete;

  // Today only the cifar100 setting has latency data (InputError otherwise).
  static std::unique_ptr<FbnetBenchmark> load(const std::filesystem::path& data_dir, const std::string& dataset);

  const FbnetSpace& space() const { return space_; }
  const AdditiveCost& cost() const { return cost_; }

private:
  FbnetSpace space_;
  AdditiveCost cost_;
};

}  // namespace hwnas
