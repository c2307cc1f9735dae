#include "cost/fbnet_benchmark.hpp"

#include <sstream>

#include "core/error.hpp"

namespace hwnas {

FbnetBenchmark::FbnetBenchmark(FbnetMacro macro, const BenchmarkTable& samples) : space_(std::move(macro)) {
  std::vector<Arch> archs;
  archs.reserve(samples.choices.size());
  for (const auto& row : samples.choices) {
    Arch arch(FbnetSpace::kLayers);
    for (std::size_t l = 0; l < row.size(); ++l) arch.set(l, row[l]);
    archs.push_back(arch);
  }
  std::vector<std::vector<double>> totals;
  for (const NamedColumn& column : samples.columns) {
    for (double v : column.values) {
      if (is_missing(v)) throw InputError(samples.source + ": column " + column.name + " has missing values");
    }
    totals.push_back(column.values);
  }
  std::vector<AdditiveTable> tables = fit_additive_tables(space_, archs, totals);
  for (std::size_t k = 0; k < tables.size(); ++k) {
    const std::string& name = samples.columns[k].name;
    if (!(tables[k].max_abs_residual <= kMaxResidualMs)) {
      std::ostringstream msg;
      msg << samples.source << ": " << name << " is not a sum of per-layer entries: the least-squares fit "
          << "leaves a worst residual of " << tables[k].max_abs_residual << " ms (at most " << kMaxResidualMs
          << " accepted)";
      throw InputError(msg.str());
    }
    cost_.add(CostKey::parse(name), std::move(tables[k]));
  }
}

std::unique_ptr<FbnetBenchmark> FbnetBenchmark::load(const std::filesystem::path& data_dir, const std::string& dataset) {
  FbnetMacro macro = FbnetMacro::for_dataset(dataset);
  if (dataset != "cifar100") {
    throw InputError("the benchmark data has FBNet latencies only for cifar100 (no " + dataset + " file)");
  }
  return std::make_unique<FbnetBenchmark>(std::move(macro), load_fbnet_cifar100(data_dir));
}

}  // namespace hwnas
