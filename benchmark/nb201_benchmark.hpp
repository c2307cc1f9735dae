#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "benchmark_data/benchmark_data.hpp"
#include "benchmark/accuracy_source.hpp"
#include "cost/complexity.hpp"
#include "cost/table_cost.hpp"
#include "spaces/nb201_space.hpp"

namespace hwnas {

// NAS-Bench-201 accuracies of one dataset, looked up by the space's index.
class Nb201Accuracy final : public AccuracySource {
public:
  // dataset: cifar10, cifar100 or ImageNet16-120 (InputError otherwise).
  // signal: valid12 (NAS-Bench-201's protocol; cifar10 has its training times)
  // or valid200 (EvoXBench's; no training times).
  Nb201Accuracy(const SearchSpace& space, const BenchmarkTable& accuracy, const std::string& dataset,
                const std::string& signal = "valid12");

  double signal(const Arch& arch) const override { return (*signal_)[space_->index(arch)]; }
  std::optional<double> final_accuracy(const Arch& arch) const override { return (*test200_)[space_->index(arch)]; }
  bool has_query_seconds() const override { return seconds_ != nullptr; }
  std::optional<double> query_seconds(const Arch& arch) const override;
  std::string signal_name() const override { return dataset_ + "_" + signal_name_; }
  std::string final_name() const override { return dataset_ + "_test200"; }

private:
  const SearchSpace* space_;
  std::string dataset_, signal_name_;
  const std::vector<double>* signal_;
  const std::vector<double>* test200_;
  const std::vector<double>* seconds_ = nullptr;  // only cifar10 has training times
};

// The NB201 benchmark as loaded: the space in official index order, the
// accuracy table and one HW-NAS-Bench cost table per dataset whose file exists.
class Nb201Benchmark {
public:
  // `data_dir`: where HELP's zoo is read from on first use, if it has it (none: no zoo).
  explicit Nb201Benchmark(Nb201Data data, const std::optional<DataDir>& data_dir = std::nullopt);
  Nb201Benchmark(const Nb201Benchmark&) = delete;  // the cost tables point at space_
  Nb201Benchmark& operator=(const Nb201Benchmark&) = delete;

  // Reads the accuracy and FLOPs files and the hardware files of `datasets` (all three by default).
  static std::unique_ptr<Nb201Benchmark> load(const DataDir& data_dir,
                                              const std::vector<std::string>& datasets = nb201_datasets());

  const Nb201Space& space() const { return space_; }
  const Nb201Data& data() const { return data_; }
  Nb201Accuracy accuracy(const std::string& dataset, const std::string& signal = "valid12") const {
    return {space_, data_.accuracy, dataset, signal};
  }
  bool has_cost(const std::string& dataset) const { return costs_.count(dataset) > 0; }
  // HW-NAS-Bench costs measured with `dataset`'s inputs, and on cifar10 HELP's
  // zoo beside them (device_zoo.hpp); InputError naming what exists otherwise.
  const CostModel& cost(const std::string& dataset) const;
  // FLOPs and parameters for `dataset`'s input size and class count.
  static Complexity complexity(const Arch& arch, const std::string& dataset);

private:
  Nb201Data data_;
  Nb201Space space_;
  std::map<std::string, std::unique_ptr<TableCost>> tables_;  // HW-NAS-Bench's, per dataset
  std::map<std::string, std::unique_ptr<CostModel>> costs_;   // the same with what is stacked on them
};

// Input size and class count of an NB201 dataset; InputError for unknown names.
struct Nb201DatasetShape {
  int input_size;
  int num_classes;
};
Nb201DatasetShape nb201_dataset_shape(const std::string& dataset);

}  // namespace hwnas
