#pragma once
// JSON values shared by the reports (query, result.json).
#include <optional>

#include <nlohmann/json.hpp>

#include "cost/cost_model.hpp"

namespace hwnas {

// The number, or null where it is absent (a missing cost, an unknown accuracy).
inline nlohmann::ordered_json optional_json(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

// {"<key>": cost, ...} for every key of `cost`, null where `arch` has none.
inline nlohmann::ordered_json costs_json(const CostModel& cost, const Arch& arch) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const CostKey& key : cost.keys()) out[key.name()] = optional_json(cost.cost(arch, key));
  return out;
}

}  // namespace hwnas
