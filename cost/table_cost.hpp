#pragma once
#include <array>
#include <vector>

#include "benchmark_data/benchmark_data.hpp"
#include "cost/cost_model.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

// Per-architecture cost table of an enumerable space (NAS-Bench-201 with
// HW-NAS-Bench costs): one column per key, indexed by the space's index.
class TableCost final : public CostModel {
public:
  // Takes the columns of `table` whose names are cost keys (edgegpu_latency, ...).
  TableCost(const SearchSpace& space, const BenchmarkTable& table);

  std::vector<CostKey> keys() const override;
  std::optional<double> cost(const Arch& arch, CostKey key) const override;
  // The whole column in index order (NaN = missing); nullptr if the key is absent.
  const std::vector<double>* column(CostKey key) const;

private:
  static std::size_t slot(CostKey key) { return static_cast<std::size_t>(key.device) * 3 + static_cast<int>(key.metric); }
  const SearchSpace* space_;
  std::array<std::vector<double>, 18> columns_;  // by slot(); empty = no data
};

}  // namespace hwnas
