#include "benchmark/benchmark.hpp"

#include "benchmark/user_cost.hpp"

#include "benchmark/device_zoo.hpp"

#include "core/error.hpp"
#include "core/stats.hpp"
#include "benchmark/fbnet_benchmark.hpp"
#include "benchmark/nb201_benchmark.hpp"

namespace hwnas {

std::shared_ptr<const AccuracySource> Benchmark::accuracy(const std::string& signal) const {
  if (signal == "valid12" && accuracy()) return accuracy();
  throw InputError("--signal " + signal + ": the " + space().name() + " benchmark has " +
                   (accuracy() ? "only the signal valid12" : "no accuracies"));
}

namespace {

class Nb201DatasetBenchmark final : public Benchmark {
public:
  Nb201DatasetBenchmark(std::shared_ptr<const Nb201Benchmark> bench, const std::string& dataset,
                        const std::string& cost_dataset)
      : Benchmark(dataset, cost_dataset),
        bench_(std::move(bench)),
        accuracy_(std::make_shared<Nb201Accuracy>(bench_->accuracy(dataset))),
        cost_(&bench_->cost(cost_dataset)) {}

  const SearchSpace& space() const override { return bench_->space(); }
  const CostModel& cost() const override { return *cost_; }
  std::shared_ptr<const AccuracySource> accuracy() const override { return accuracy_; }
  std::shared_ptr<const AccuracySource> accuracy(const std::string& signal) const override {
    if (signal == "valid12") return accuracy_;
    if (signal == "valid200") return std::make_shared<Nb201Accuracy>(bench_->accuracy(dataset(), signal));
    throw InputError("unknown --signal '" + signal + "' (known: valid12, valid200)");
  }
  std::vector<std::pair<std::string, double>> accuracy_columns(const Arch& arch) const override {
    std::vector<std::pair<std::string, double>> out;
    const std::uint64_t index = bench_->space().index(arch);
    for (const NamedColumn& column : bench_->data().accuracy.columns) {
      if (column.name.rfind(dataset() + "_", 0) == 0) out.emplace_back(column.name, column.values[index]);
    }
    return out;
  }
  Complexity complexity(const Arch& arch) const override { return Nb201Benchmark::complexity(arch, dataset()); }
  AdditiveCostModel additive_cost(const CostKey& key) const override {
    const std::vector<double>* column = cost_->index_column(key);
    if (!column) throw InputError("no " + key.name() + " data for nb201 on " + cost_dataset());
    std::vector<Arch> archs;
    std::vector<double> values;
    for (std::uint64_t i = 0; i < Nb201Space::kSize; ++i) {
      if (is_missing((*column)[i])) continue;
      archs.push_back(bench_->space().at(i));
      values.push_back((*column)[i]);
    }
    AdditiveCostModel m{fit_additive_tables(bench_->space(), archs, {values}).front(),
                        "additive least-squares fit per edge and op", std::nullopt, archs.size()};
    std::vector<double> fitted;
    fitted.reserve(archs.size());
    for (const Arch& a : archs) fitted.push_back(m.table.total(a));
    m.kendall_tau = kendall_tau(fitted, values);
    return m;
  }

private:
  std::shared_ptr<const Nb201Benchmark> bench_;
  std::shared_ptr<const Nb201Accuracy> accuracy_;
  const CostModel* cost_;
};

class FbnetDatasetBenchmark final : public Benchmark {
public:
  FbnetDatasetBenchmark(std::unique_ptr<FbnetBenchmark> bench, const DataDir& dir)
      : Benchmark(bench->space().macro().dataset, bench->space().macro().dataset), bench_(std::move(bench)) {
    if (auto zoo = fbnet_device_zoo(dir, bench_->space(), dataset())) {
      zoo_ = std::make_unique<StackedCost>(bench_->cost(), std::vector<std::shared_ptr<const CostModel>>{zoo});
    }
  }
  const SearchSpace& space() const override { return bench_->space(); }
  const CostModel& cost() const override { return zoo_ ? static_cast<const CostModel&>(*zoo_) : bench_->cost(); }
  std::shared_ptr<const AccuracySource> accuracy() const override { return nullptr; }  // none upstream
  std::vector<std::pair<std::string, double>> accuracy_columns(const Arch&) const override { return {}; }
  Complexity complexity(const Arch& arch) const override { return fbnet_complexity(bench_->space(), arch); }
  AdditiveCostModel additive_cost(const CostKey& key) const override {
    if (!bench_->cost().has(key) && cost().has(key)) {
      throw InputError(key.name() + " is known for HELP's 5000 FBNet networks only: the supernet searchers' differentiable "
                       "cost needs a per-layer table (hwnas predict makes one)");
    }
    return {bench_->cost().additive_table(key), "HW-NAS-Bench per-layer lookup table (exact)", std::nullopt, 0};
  }

private:
  std::unique_ptr<FbnetBenchmark> bench_;
  std::unique_ptr<StackedCost> zoo_;  // HW-NAS-Bench's costs with HELP's zoo beside them, where the data has it
};

std::shared_ptr<const Benchmark> load_nb201_space(const DataDir& dir, const std::string& dataset, const std::string& cost_dataset) {
  nb201_dataset_shape(dataset);  // a bad name is reported before anything is read
  const std::string costs = cost_dataset.empty() ? dataset : cost_dataset;
  nb201_dataset_shape(costs);
  std::vector<std::string> datasets = {dataset};
  if (costs != dataset) datasets.push_back(costs);
  auto bench = std::make_shared<const Nb201Benchmark>(load_nb201(dir, datasets), dir);
  return std::make_shared<Nb201DatasetBenchmark>(std::move(bench), dataset, costs);
}

std::shared_ptr<const Benchmark> load_fbnet_space(const DataDir& dir, const std::string& dataset, const std::string& cost_dataset) {
  const FbnetMacro macro = FbnetMacro::for_dataset(dataset);
  if (!cost_dataset.empty() && FbnetMacro::for_dataset(cost_dataset).dataset != macro.dataset) {
    throw InputError("FBNet costs come from the lookup table of the dataset's own setting: --cost-dataset does not apply");
  }
  return std::make_shared<FbnetDatasetBenchmark>(FbnetBenchmark::load(dir, macro.dataset), dir);
}

}  // namespace

const Registry<SpaceEntry>& spaces() {
  static const Registry<SpaceEntry> registry(
      "space",
      {
          {"nb201", "NAS-Bench-201: 6 edges x 5 ops, 15625 cells (HW-NAS-Bench costs, NAS-Bench-201 accuracies)",
           nb201_datasets(), load_nb201_space},
          {"fbnet", "FBNet: 22 layers x 9 blocks (HW-NAS-Bench per-operator costs; no accuracies)",
           {"cifar100", "ImageNet"}, load_fbnet_space},
      });
  return registry;
}

std::string missing_cost_message(const Benchmark& bench, const CostKey& key) {
  std::string have;
  for (const CostKey& k : bench.cost().keys()) {
    if (k.is_cost()) have += (have.empty() ? "" : ", ") + k.name();
  }
  const std::string message = "no " + key.name() + " data for " + bench.space().name() + " on " + bench.cost_dataset();
  if (const auto hint = device_zoo_hint(key.device())) return message + ": " + *hint;
  return message + " (the benchmark data has: " + have + ")";
}

std::string space_names() { return spaces().join(" | "); }
std::string space_help() { return spaces().describe("; "); }
SpaceEntry find_space(std::string_view name) { return spaces().get(name); }

std::shared_ptr<const Benchmark> load_benchmark(const DataDir& data_dir, const BenchmarkSpec& spec) {
  return load_benchmark(data_dir, spec.space, spec.dataset, spec.cost_dataset.value_or(""), spec.cost_tables);
}

std::shared_ptr<const Benchmark> load_benchmark(const DataDir& data_dir, std::string_view space,
                                                const std::string& dataset, const std::string& cost_dataset,
                                                const std::vector<std::string>& cost_tables) {
  auto bench = find_space(space).load(data_dir, dataset, cost_dataset);
  return with_cost_tables(std::move(bench), std::vector<std::filesystem::path>(cost_tables.begin(), cost_tables.end()));
}

}  // namespace hwnas
