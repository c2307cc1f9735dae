#include "objective/objective_set.hpp"

#include <algorithm>
#include <limits>

#include "benchmark/device_zoo.hpp"
#include "core/error.hpp"

namespace hwnas {

ObjectiveSet::ObjectiveSet(const Benchmark& bench, const std::vector<std::string>& names) : bench_(&bench), names_(names) {
  if (names_.size() < 2) throw InputError("--objectives needs at least two objectives, e.g. error,edgegpu_latency");
  if (names_.size() > kMaxObjectives) {
    throw InputError("--objectives takes at most " + std::to_string(kMaxObjectives) + " objectives (" +
                     std::to_string(names_.size()) + " given): exact hypervolume grows exponentially with them");
  }
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const std::string& name = names_[i];
    if (std::find(names_.begin(), names_.begin() + static_cast<std::ptrdiff_t>(i), name) != names_.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw InputError("--objectives lists '" + name + "' twice");
    }
    if (name == "error" || name == "flops" || name == "params") {
      kinds_.push_back(name == "error" ? Kind::error : name == "flops" ? Kind::flops : Kind::params);
      keys_.emplace_back();
      owners_.push_back(nullptr);
      needs_complexity_ = needs_complexity_ || name != "error";
      continue;
    }
    std::optional<CostKey> key;
    try {
      key = CostKey::parse(name);
    } catch (const InputError&) {
    }
    if (key && !bench.cost().has(*key) && device_zoo_hint(key->device())) {
      throw InputError("objective " + name + ": " + missing_cost_message(bench, *key));
    }
    if (!key || !bench.cost().has(*key)) {
      std::string have;
      for (const CostKey& k : bench.cost().keys()) have += ", " + k.name();
      throw InputError("unknown objective '" + name + "' for " + bench.space().name() + " on " + bench.cost_dataset() +
                       " (known: error, flops, params" + have + ")");
    }
    kinds_.push_back(Kind::cost);
    keys_.push_back(key);
    owners_.push_back(&bench.cost().column_owner(*key));
  }
}

const Registry<ObjectivePreset>& objective_presets() {
  static const Registry<ObjectivePreset> registry(
      "--problem",
      {
          {"c10mop5", "EvoXBench C-10/MOP5: error, params, flops, Edge GPU latency and energy",
           {"error", "params", "flops", "edgegpu_latency", "edgegpu_energy"}},
          {"c10mop6", "EvoXBench C-10/MOP6: error, params, flops, Eyeriss latency, energy and arithmetic intensity",
           {"error", "params", "flops", "eyeriss_latency", "eyeriss_energy", "eyeriss_arithmetic_intensity"}},
          {"c10mop7", "EvoXBench C-10/MOP7: all eight",
           {"error", "params", "flops", "edgegpu_latency", "edgegpu_energy", "eyeriss_latency", "eyeriss_energy",
            "eyeriss_arithmetic_intensity"}},
      });
  return registry;
}

std::vector<std::string> ObjectiveSet::preset(const std::string& problem) { return objective_presets().get(problem).objectives; }

std::string ObjectiveSet::preset_help() { return objective_presets().join(", "); }

ObjectiveValues ObjectiveSet::evaluate(const Arch& arch, double accuracy) const {
  ObjectiveValues values(names_.size());
  const Complexity complexity = needs_complexity_ ? bench_->complexity(arch) : Complexity{};
  for (std::size_t i = 0; i < names_.size(); ++i) {
    switch (kinds_[i]) {
      case Kind::error:
        values[i] = 100.0 - accuracy;
        break;
      case Kind::flops:
        values[i] = complexity.flops_m;
        break;
      case Kind::params:
        values[i] = complexity.params_m;
        break;
      case Kind::cost:
        values[i] = owners_[i]->cost(arch, *keys_[i]).value_or(std::numeric_limits<double>::quiet_NaN());
        break;
    }
  }
  return values;
}

}  // namespace hwnas
