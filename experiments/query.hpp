#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cost/benchmark.hpp"

namespace hwnas {

struct QueryOptions {
  std::string space;    // a registered space: nb201 | fbnet
  std::string dataset;  // one of the space's datasets
  std::optional<std::int64_t> index;
  std::optional<std::string> arch;
  std::optional<std::string> archs_file;  // one architecture per line; "-": standard input
  bool json = false;
  std::vector<std::string> cost_tables;  // --cost-table files
};

// The architecture `text` names in `bench`'s space: an index (enumerable spaces;
// a plain non-negative number) or the space's arch string. InputError otherwise.
Arch parse_arch_or_index(const Benchmark& bench, const std::string& text);

// Every metric of one architecture: HW-NAS-Bench costs (null where missing),
// accuracies, FLOPs and parameters. Schema in README.md ("hwnas query").
nlohmann::ordered_json query(const Benchmark& bench, const Arch& arch);
// The same as aligned text with units.
std::string format_query(const nlohmann::ordered_json& result);

}  // namespace hwnas
