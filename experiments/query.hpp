#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace hwnas {

struct QueryOptions {
  std::string space;    // nb201 | fbnet
  std::string dataset;  // nb201: cifar10 | cifar100 | ImageNet16-120; fbnet: cifar100
  std::optional<std::uint64_t> index;
  std::optional<std::string> arch;
  bool json = false;
};

// Every metric of one architecture: HW-NAS-Bench costs (null where missing),
// accuracies, FLOPs and parameters. Schema in README.md ("hwnas query").
nlohmann::ordered_json query(const QueryOptions& options, const std::filesystem::path& data_dir);
// The same as aligned text with units.
std::string format_query(const nlohmann::ordered_json& result);

}  // namespace hwnas
