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
#include <vector>

#include "benchmark/benchmark.hpp"
#include "benchmark_data/csv.hpp"
#include "cost/composed_cost.hpp"

namespace hwnas {

class UserCostTable final : public ListedCost {
public:
  // InputError naming the file, line and problem: a header without the
  // architecture columns or cost columns, a bad column name, an architecture
  // not of `space`, one listed twice, index and arch_str disagreeing, a cost
  // that is not a positive finite number (arithmetic intensity: not negative).
  // `space` must outlive the table.
  UserCostTable(const std::filesystem::path& path, const SearchSpace& space);

  const std::string& source() const { return source_; }

private:
  std::string source_;
};

// The columns that name an architecture in a cost table of `space`, and a
// row's fields for `arch` (comma-separated, no quoting needed).
std::vector<std::string> user_table_arch_columns(const SearchSpace& space);
std::string user_table_arch_fields(const SearchSpace& space, const Arch& arch);
// Row `row`'s architecture from the leading columns user_table_arch_columns names
// (FBNet's blocks by index or name; NB201's index must match its arch_str).
// InputError "FILE:LINE: ..." otherwise. Shared by every table of networks.
Arch user_table_arch(const CsvFile& csv, std::size_t row, const SearchSpace& space);

// `base` with the columns of `tables` added (each file's columns must be new;
// a file whose header starts `decision, choice` is an additive table, one row
// per (decision, choice) and a `constant` row, as hwnas predict writes for
// FBNet: a cost of every network of the space):
// the same space, accuracies and FLOPs, its costs and theirs. `base` and the
// tables are kept alive by the result. InputError for a column the base (or an
// earlier table) already has.
std::shared_ptr<const Benchmark> with_cost_tables(std::shared_ptr<const Benchmark> base,
                                                  const std::vector<std::filesystem::path>& tables);

}  // namespace hwnas
