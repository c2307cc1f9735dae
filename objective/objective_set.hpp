#pragma once
// The objectives of a multi-objective (Pareto) search, all minimised:
// "error" (100 - accuracy, in points), "flops" (MFLOPs), "params" (millions),
// and any cost column of the data by name (edgegpu_latency, fpga_energy,
// eyeriss_arithmetic_intensity, ...). EvoXBench's NB201 problems are named
// presets. Immutable; safe to share across threads.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/pareto.hpp"
#include "core/registry.hpp"
#include "benchmark/benchmark.hpp"

namespace hwnas {

// A named Pareto problem (--problem): EvoXBench's NB201 objective sets.
struct ObjectivePreset {
  std::string name;
  std::string description;
  std::vector<std::string> objectives;
};
const Registry<ObjectivePreset>& objective_presets();


class ObjectiveSet {
public:
  // `names`: two to kMaxObjectives distinct objectives, each "error", "flops", "params"
  // or a cost column `bench` has. InputError naming the bad one otherwise.
  // `bench` must outlive the set.
  ObjectiveSet(const Benchmark& bench, const std::vector<std::string>& names);

  // EvoXBench's CIFAR-10 problems on NB201 by name (c10mop5: error, params,
  // flops, edgegpu_latency, edgegpu_energy; c10mop6: error, params, flops,
  // eyeriss_latency, eyeriss_energy, eyeriss_arithmetic_intensity; c10mop7:
  // all eight); InputError listing them for another name.
  static std::vector<std::string> preset(const std::string& problem);
  static std::string preset_help();

  const std::vector<std::string>& names() const { return names_; }
  std::size_t size() const { return names_.size(); }
  // True when an objective is "error", which needs an accuracy.
  bool uses_accuracy() const { return std::find(kinds_.begin(), kinds_.end(), Kind::error) != kinds_.end(); }
  // The cost columns among the objectives.
  std::vector<CostKey> cost_keys() const {
    std::vector<CostKey> keys;
    for (const auto& k : keys_) {
      if (k) keys.push_back(*k);
    }
    return keys;
  }

  // The objective values of `arch` when its accuracy is `accuracy`: NaN where
  // the data has no value (a cost missing upstream), which makes it infeasible.
  ObjectiveValues evaluate(const Arch& arch, double accuracy) const;

private:
  enum class Kind { error, flops, params, cost };
  const Benchmark* bench_;
  std::vector<std::string> names_;
  std::vector<Kind> kinds_;
  std::vector<std::optional<CostKey>> keys_;
  std::vector<const CostModel*> owners_;  // each cost objective's own model (CostModel::column_owner), asked directly
  bool needs_complexity_ = false;
};

}  // namespace hwnas
