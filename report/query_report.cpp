// hwnas's answers about architectures (query.hpp): one architecture's every
// metric, and the architecture-list reader; the `hwnas query` command is query_command.cpp.
#include "report/query_report.hpp"

#include <charconv>
#include <cmath>
#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>

#include "benchmark/device_zoo.hpp"
#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "report/json_values.hpp"

namespace hwnas {

nlohmann::ordered_json query(const Benchmark& bench, const Arch& arch) {
  const SearchSpace& space = bench.space();
  nlohmann::ordered_json out;
  out["space"] = space.name();
  out["dataset"] = bench.dataset();
  // Only where --cost-dataset chose another dataset's costs (NB201), so the default output is unchanged.
  if (bench.cost_dataset() != bench.dataset()) out["cost_dataset"] = bench.cost_dataset();
  out["index"] = space.cardinality() ? nlohmann::ordered_json(space.index(arch)) : nlohmann::ordered_json(nullptr);
  out["arch"] = space.to_string(arch);
  out["metrics"] = costs_json(bench.cost(), arch);
  auto& acc = out["accuracy"] = nlohmann::ordered_json::object();
  for (const auto& [name, value] : bench.accuracy_columns(arch)) acc[name] = value;
  const Complexity c = bench.complexity(arch);
  out["flops_m"] = c.flops_m;
  out["params_m"] = c.params_m;
  return out;
}

std::string format_query(const nlohmann::ordered_json& r) {
  std::ostringstream s;
  const auto line = [&](const std::string& name, const std::string& value, const std::string& unit) {
    s << "  " << name << std::string(name.size() < 30 ? 30 - name.size() : 1, ' ') << value
      << (unit.empty() ? "" : " " + unit) << "\n";
  };
  s << "space " << r["space"].get<std::string>() << ", dataset " << r["dataset"].get<std::string>();
  if (!r["index"].is_null()) s << ", index " << r["index"].get<std::uint64_t>();
  s << "\narch " << r["arch"].get<std::string>() << "\n";
  const std::string inputs =
      r.contains("cost_dataset") ? ", measured with " + r["cost_dataset"].get<std::string>() + " inputs" : std::string();
  // The columns grouped by where they come from (the catalogue says), each group under one heading, in first-seen order.
  const auto heading = [&](const CostKey& key) -> std::string {
    const DeviceInfo* d = find_device(key.device());
    if (!d) return "your cost tables (--cost-table):";
    if (d->source == DeviceSource::hw_nas_bench) return "hardware cost (HW-NAS-Bench, batch size 1" + inputs + "):";
    std::string h = "HELP's " + std::string(d->kind) + "s (";
    if (d->kind == "desktop GPU") return h + "the batch size ends the name):";
    return h + (d->resolution_ms == 1 ? "whole milliseconds, " : "") + "batch size 1):";
  };
  std::vector<std::string> headings;
  std::map<std::string, std::vector<std::pair<CostKey, const nlohmann::ordered_json*>>> groups;
  for (const auto& [name, value] : r["metrics"].items()) {
    const CostKey key = CostKey::parse(name);
    const std::string h = heading(key);
    if (!groups.count(h)) headings.push_back(h);
    groups[h].emplace_back(key, &value);
  }
  if (r["metrics"].empty()) s << "hardware cost (HW-NAS-Bench, batch size 1" << inputs << "):\n  (no cost data for this dataset)\n";
  for (const std::string& h : headings) {
    s << h << "\n";
    const auto& members = groups[h];
    const bool help = is_zoo_device(members.front().first.device());
    if (help && std::all_of(members.begin(), members.end(), [](const auto& m) { return m.second->is_null(); })) {
      s << "  (none: HELP measured a sample of this space, without this network)\n";
      continue;
    }
    for (const auto& [key, value] : members) {
      if (value->is_null()) {
        const DeviceInfo* d = find_device(key.device());
        line(key.name(), "missing", d && !d->missing_means.empty() ? "(" + std::string(d->missing_means) + ")" : "");
      } else {
        line(key.name(), exact(value->get<double>()), std::string(key.unit()));
      }
    }
  }
  if (!r["accuracy"].empty()) s << "accuracy (NAS-Bench-201, mean over seeds):\n";
  for (const auto& [name, value] : r["accuracy"].items()) {
    const bool seconds = name.find("seconds") != std::string::npos;
    line(name, exact(value.get<double>()), seconds ? "s" : "%");
  }
  s << "complexity:\n";
  line("flops_m", exact(r["flops_m"].get<double>()), "MFLOPs");
  line("params_m", exact(r["params_m"].get<double>()), "M");
  return s.str();
}

}  // namespace hwnas
