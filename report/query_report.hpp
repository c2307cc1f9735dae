#pragma once
// The report of `hwnas query`: every metric of one architecture, as JSON and as text.
#include <string>

#include <nlohmann/json.hpp>

#include "benchmark/benchmark.hpp"

namespace hwnas {

// Every metric of one architecture: HW-NAS-Bench costs (null where missing),
// accuracies, FLOPs and parameters. Schema in README.md ("hwnas query").
nlohmann::ordered_json query(const Benchmark& bench, const Arch& arch);
// The same as aligned text with units.
std::string format_query(const nlohmann::ordered_json& result);

}  // namespace hwnas
