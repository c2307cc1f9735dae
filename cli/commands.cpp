// The built-in commands, in the order `hwnas --help` lists them.
#include "cli/commands.hpp"

namespace hwnas {

// Each defined in its own file (query_command.cpp, ...).
void add_query_command(CLI::App& command, const std::optional<std::string>& data_dir);
void add_search_command(CLI::App& command, const std::optional<std::string>& data_dir);
void add_compare_command(CLI::App& command, const std::optional<std::string>& data_dir);
void add_analyze_command(CLI::App& command, const std::optional<std::string>& data_dir);
void add_predict_command(CLI::App& command, const std::optional<std::string>& data_dir);
void add_measure_command(CLI::App& command, const std::optional<std::string>& data_dir);
void add_proxy_command(CLI::App& command, const std::optional<std::string>& data_dir);


const Registry<CommandInfo>& commands() {
  static const Registry<CommandInfo> registry(
      "command",
      {
          {"query", "Print every metric of architectures (like HW-NAS-Bench's query_by_index)", add_query_command},
          {"search", "Device-specific architecture search on the benchmark, over many seeds", add_search_command},
          {"compare", "Compare searchers on a fixed budget under per-device limits, many seeds", add_compare_command},
          {"analyze",
           "HW-NAS-Bench's analyses: FLOPs/params vs cost, cross-device correlation, Pareto fronts across devices",
           add_analyze_command},
          {"predict",
           "A new device's full cost table from a few measured networks (NB201); "
           "--evaluate measures the predictors on HW-NAS-Bench itself",
           add_predict_command},
          {"measure",
           "Time NB201 or FBNet networks on this machine (LibTorch, batch 1): a cost table of your own device",
           add_measure_command},
          {"proxy",
           "Zero-cost proxies (synflow, NASWOT, ...) of untrained NB201 or FBNet networks (LibTorch): a training-free accuracy signal",
           add_proxy_command},
      });
  return registry;
}

}  // namespace hwnas
