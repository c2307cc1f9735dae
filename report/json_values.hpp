#pragma once
// JSON values shared by the reports (query, result.json).
#include <optional>

#include <nlohmann/json.hpp>

#include "benchmark_data/data_files.hpp"
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

// {"dir": ..., "files": [{"file", "path", "bytes", "crc32"}, ...]}: the data a result came from.
inline nlohmann::ordered_json data_files_json(const DataDir& dir) {
  nlohmann::ordered_json out = {{"dir", dir.root().string()}, {"files", nlohmann::ordered_json::array()}};
  for (const DataFileRead& f : dir.files_read()) {
    out["files"].push_back({{"file", f.file}, {"path", f.path.string()}, {"bytes", f.bytes}, {"crc32", f.crc32}});
  }
  return out;
}

}  // namespace hwnas
