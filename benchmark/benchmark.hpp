#pragma once
// hwnas benchmark: the spaces as the benchmark measured them. This header:
// Benchmark and the space registry. Beside it: AccuracySource
// (accuracy_source.hpp: the search signal, the final accuracy and the
// simulated seconds a query costs), Nb201Benchmark and FbnetBenchmark (the
// spaces with their loaded tables), the user's cost tables (user_cost.hpp)
// and HW-NAS-Bench's Python API (upstream_api.hpp).
//
// One search space of the benchmark on one dataset, as loaded, behind one
// interface, and the registry of spaces: the one place that knows, per space,
// which files to read, which datasets exist, how FLOPs are counted and how its
// cost becomes differentiable. Commands ask the registry (find_space) and never
// test a space's name.
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "benchmark_data/data_files.hpp"
#include "core/registry.hpp"
#include "benchmark/accuracy_source.hpp"
#include "cost/additive_cost.hpp"
#include "cost/complexity.hpp"
#include "cost/cost_model.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

// A cost as an additive table over the space's decisions, for differentiable
// (supernet) search, with how well it matches the real cost.
struct AdditiveCostModel {
  AdditiveTable table;
  std::string kind;                   // e.g. "exact per-layer lookup table"
  std::optional<double> kendall_tau;  // of the table's totals against the real costs (fits only)
  std::size_t networks = 0;           // networks the fit used (fits only)
};

// A space on one dataset with its costs and, where the benchmark has them, its
// accuracies. Immutable once loaded: shared read-only by every run and thread.
class Benchmark {
public:
  virtual ~Benchmark() = default;
  virtual const SearchSpace& space() const = 0;
  const std::string& dataset() const { return dataset_; }
  // The dataset whose inputs the costs were measured with (normally dataset()).
  const std::string& cost_dataset() const { return cost_dataset_; }
  virtual const CostModel& cost() const = 0;
  // The benchmark's accuracy on dataset(); nullptr where it has none (FBNet).
  virtual std::shared_ptr<const AccuracySource> accuracy() const = 0;
  // The same judged by the same final accuracy, but searched on another signal
  // ("valid12": accuracy()'s own; NB201 also "valid200", which has no training
  // times). InputError naming the signals there are otherwise.
  virtual std::shared_ptr<const AccuracySource> accuracy(const std::string& signal) const;
  // Every accuracy figure the benchmark has for `arch` on dataset(), for reports (name, value).
  virtual std::vector<std::pair<std::string, double>> accuracy_columns(const Arch& arch) const = 0;
  // Analytic FLOPs and parameters of `arch` for dataset()'s input size and classes.
  virtual Complexity complexity(const Arch& arch) const = 0;
  // `key`'s cost as an additive table (InputError when the cost has no such key).
  virtual AdditiveCostModel additive_cost(const CostKey& key) const = 0;

protected:
  Benchmark(std::string dataset, std::string cost_dataset)
      : dataset_(std::move(dataset)), cost_dataset_(std::move(cost_dataset)) {}

private:
  std::string dataset_, cost_dataset_;
};

// One entry per space: its name, what it is, its datasets, and how to load it.
struct SpaceEntry {
  std::string name;
  std::string description;
  std::vector<std::string> datasets;
  // Loads `dataset` with the costs of `cost_dataset` (empty: dataset's own).
  // InputError for a dataset the space does not have.
  std::function<std::shared_ptr<const Benchmark>(const DataDir&, const std::string& dataset,
                                                 const std::string& cost_dataset)>
      load;
};

// Every space by name (the one place that knows how each loads). Safe from any thread.
const Registry<SpaceEntry>& spaces();
// spaces().get(name): InputError listing the known spaces.
SpaceEntry find_space(std::string_view name);
// "nb201 | fbnet", for messages; space_help() adds each space's description, for --help.
std::string space_names();
std::string space_help();
// "no <key> data for <space> on <cost dataset> (the benchmark data has: ...)",
// with where the data is when the catalogue knows the device (a HELP device
// asked for with another dataset's costs): the one message for a column a
// command needs and the benchmark lacks. `what` names the role ("no", or
// "unknown objective").
std::string missing_cost_message(const Benchmark& bench, const CostKey& key);

// Which benchmark a command reads: a space on one of its datasets, optionally
// the costs measured with another dataset's inputs (NB201), and the user's
// cost tables, their columns beside the benchmark's (see user_cost.hpp). Every
// command binds it the same way (cli/options.hpp, add_benchmark_options).
struct BenchmarkSpec {
  std::string space = "nb201";
  std::string dataset = "cifar10";
  std::optional<std::string> cost_dataset;  // default: the dataset's own costs
  std::vector<std::string> cost_tables;     // --cost-table files
};
// find_space(spec.space).load(...), with the cost tables' columns added.
// InputError for an unknown space or dataset, or a bad table (naming the file).
std::shared_ptr<const Benchmark> load_benchmark(const DataDir& data_dir, const BenchmarkSpec& spec);
// The same from its parts.
std::shared_ptr<const Benchmark> load_benchmark(const DataDir& data_dir, std::string_view space,
                                                const std::string& dataset, const std::string& cost_dataset = "",
                                                const std::vector<std::string>& cost_tables = {});

}  // namespace hwnas
