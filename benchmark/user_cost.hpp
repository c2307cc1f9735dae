#pragma once
// Cost tables a user brings (--cost-table FILE): their own device, measured
// (hwnas measure) or predicted (hwnas predict), beside HW-NAS-Bench's six.
// A table is a CSV whose cost columns are named <device>_<metric> and whose
// rows name architectures, as the benchmark's own files do: `index, arch_str`
// (which must agree) for an enumerable space (NB201), one column per decision
// `layer0 .. layer21` (block indices) for FBNet. It may hold every architecture or a
// sample; an empty cell is a missing value. Immutable once loaded; safe to
// share across threads.
#include <filesystem>
#include <memory>
#include <unordered_map>
#include <vector>

#include "benchmark/benchmark.hpp"
#include "cost/cost_model.hpp"

namespace hwnas {

class UserCostTable final : public CostModel {
public:
  // InputError naming the file, line and problem: a header without the
  // architecture columns or cost columns, a bad column name, an architecture
  // not of `space`, one listed twice, index and arch_str disagreeing, a cost
  // that is not a positive finite number (arithmetic intensity: not negative).
  // `space` must outlive the table.
  UserCostTable(const std::filesystem::path& path, const SearchSpace& space);

  std::vector<CostKey> keys() const override;
  std::optional<double> cost(const Arch& arch, const CostKey& key) const override;
  bool covers_space(const CostKey& key) const override;
  std::vector<Arch> listed_archs() const override { return archs_; }
  std::optional<double> min_cost(const SearchSpace& space, const CostKey& key) const override;

  const std::string& source() const { return source_; }
  std::size_t rows() const { return rows_; }  // architectures the table lists
  // The architectures the table lists, in file order.
  const std::vector<Arch>& archs() const { return archs_; }

private:
  const std::vector<double>* column(const CostKey& key) const;
  std::string source_;
  const SearchSpace* space_;
  std::size_t rows_ = 0;
  std::vector<Arch> archs_;
  std::unordered_map<Arch, std::size_t> row_of_;  // arch -> row
  std::vector<CostKey> keys_;
  std::vector<std::vector<double>> values_;  // [column][row], NaN = missing
};

// The columns that name an architecture in a cost table of `space`, and a
// row's fields for `arch` (comma-separated, no quoting needed).
std::vector<std::string> user_table_arch_columns(const SearchSpace& space);
std::string user_table_arch_fields(const SearchSpace& space, const Arch& arch);

// `base` with the columns of `tables` added (each file's columns must be new):
// the same space, accuracies and FLOPs, its costs and theirs. `base` and the
// tables are kept alive by the result. InputError for a column the base (or an
// earlier table) already has.
std::shared_ptr<const Benchmark> with_cost_tables(std::shared_ptr<const Benchmark> base,
                                                  const std::vector<std::filesystem::path>& tables);

}  // namespace hwnas
