#include "benchmark/nb201_benchmark.hpp"

#include "benchmark/device_zoo.hpp"
#include "core/error.hpp"

namespace hwnas {

Nb201DatasetShape nb201_dataset_shape(const std::string& dataset) {
  // Beside kNb201Datasets, in its order.
  static constexpr Nb201DatasetShape kShapes[] = {{32, 10}, {32, 100}, {16, 120}};
  static_assert(std::size(kShapes) == std::size(kNb201Datasets));
  std::string known;
  for (std::size_t i = 0; i < std::size(kNb201Datasets); ++i) {
    if (dataset == kNb201Datasets[i]) return kShapes[i];
    known += (i ? ", " : "") + std::string(kNb201Datasets[i]);
  }
  throw InputError("unknown NB201 dataset '" + dataset + "' (known: " + known + ")");
}

Nb201Accuracy::Nb201Accuracy(const SearchSpace& space, const BenchmarkTable& accuracy, const std::string& dataset,
                             const std::string& signal)
    : space_(&space), dataset_(dataset), signal_name_(signal) {
  nb201_dataset_shape(dataset);  // validates the name
  if (signal != "valid12" && signal != "valid200") throw InputError("unknown --signal '" + signal + "' (known: valid12, valid200)");
  signal_ = &accuracy.column(dataset + "_" + signal).values;
  test200_ = &accuracy.column(dataset + "_test200").values;
  const std::string seconds = dataset + "_train_seconds12";
  // Training times are those of the 12-epoch signal.
  if (signal == "valid12" && accuracy.has_column(seconds)) seconds_ = &accuracy.column(seconds).values;
}

std::optional<double> Nb201Accuracy::query_seconds(const Arch& arch) const {
  if (!seconds_) return std::nullopt;
  return (*seconds_)[space_->index(arch)];
}

Nb201Benchmark::Nb201Benchmark(Nb201Data data, const std::optional<DataDir>& data_dir)
    : data_(std::move(data)), space_(Nb201Space::from_arch_strings(data_.accuracy.arch_strs, data_.accuracy.source)) {
  for (const auto& [dataset, table] : data_.hardware) {
    tables_[dataset] = std::make_unique<TableCost>(space_, table);
    auto zoo = data_dir ? nb201_device_zoo(*data_dir, space_, dataset, table) : nullptr;
    if (zoo) {
      costs_[dataset] = std::make_unique<StackedCost>(*tables_[dataset], std::vector<std::shared_ptr<const CostModel>>{zoo});
    }
  }
}

std::unique_ptr<Nb201Benchmark> Nb201Benchmark::load(const DataDir& data_dir, const std::vector<std::string>& datasets) {
  return std::make_unique<Nb201Benchmark>(load_nb201(data_dir, datasets), data_dir);
}

const CostModel& Nb201Benchmark::cost(const std::string& dataset) const {
  nb201_dataset_shape(dataset);
  if (const auto stacked = costs_.find(dataset); stacked != costs_.end()) return *stacked->second;
  const auto it = tables_.find(dataset);
  if (it == tables_.end()) {
    std::string have;
    for (const auto& [name, table] : tables_) have += (have.empty() ? "" : ", ") + name;
    throw InputError("the benchmark data has no HW-NAS-Bench costs for NB201 on " + dataset + " (" +
                     nb201_hardware_file(dataset) + " is missing; costs loaded for: " + (have.empty() ? "none" : have) +
                     "). Use --cost-dataset to use another input size's costs.");
  }
  return *it->second;
}

Complexity Nb201Benchmark::complexity(const Arch& arch, const std::string& dataset) {
  const Nb201DatasetShape shape = nb201_dataset_shape(dataset);
  return nb201_complexity(arch, shape.input_size, shape.num_classes);
}

}  // namespace hwnas
