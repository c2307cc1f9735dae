#pragma once
#include <vector>

#include "benchmark_data/benchmark_data.hpp"
#include "cost/cost_model.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

// Per-architecture cost table of an enumerable space (NAS-Bench-201 with
// HW-NAS-Bench costs): one column per cost key, whatever keys the table
// brings, indexed by the space's index. Immutable after construction.
class TableCost final : public CostModel {
public:
  // Takes every column of `table` (each named <device>_<metric>; InputError
  // naming the file otherwise). The table must have one row per architecture.
  TableCost(const SearchSpace& space, const BenchmarkTable& table);

  std::vector<CostKey> keys() const override;
  std::optional<double> cost(const Arch& arch, const CostKey& key) const override;
  // The whole column in index order (NaN = missing); nullptr if the key is absent.
  const std::vector<double>* column(const CostKey& key) const;
  const std::vector<double>* index_column(const CostKey& key) const override { return column(key); }

private:
  struct Column {
    CostKey key;
    std::vector<double> values;
  };
  const SearchSpace* space_;
  std::vector<Column> columns_;
};

}  // namespace hwnas
