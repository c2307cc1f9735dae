#include "benchmark/user_cost.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "benchmark_data/benchmark_data.hpp"
#include "benchmark_data/csv.hpp"
#include "core/error.hpp"

namespace hwnas {
namespace {
constexpr double kMinCost = 1e-9, kMaxCost = 1e9;

// A decision's choice from a table cell: its index, or its name. InputError (without the file:line, which
// the caller adds) naming the column and what it accepts.
std::int64_t choice_of(const SearchSpace& space, std::size_t decision, std::string_view text, std::string_view column) {
  const int n = space.num_choices(decision);
  if (!text.empty() && text.size() < 10 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    const std::int64_t value = std::stoll(std::string(text));
    if (value < n) return value;
  }
  std::string names;
  for (int c = 0; c < n; ++c) {
    if (space.choice_name(decision, c) == text) return c;
    names += (c ? ", " : "") + space.choice_name(decision, c);
  }
  throw InputError(std::string(column) + " '" + std::string(text) + "' is not a block index (0.." + std::to_string(n - 1) +
                   ") or name (" + names + ")");
}
}  // namespace

namespace {

// The table's columns, every check made.
ListedCost::Columns read_user_table(const std::string& source_, const SearchSpace& space) {
  const CsvFile csv(source_);
  ListedCost::Columns t;
  std::vector<CostKey>& keys_ = t.keys;
  std::unordered_set<Arch> listed;
  const auto& header = csv.header();
  const bool indexed = space.cardinality().has_value();
  const std::vector<std::string> id_columns = user_table_arch_columns(space);
  if (header.size() <= id_columns.size() ||
      !std::equal(id_columns.begin(), id_columns.end(), header.begin())) {
    std::string expected;
    for (const auto& c : id_columns) expected += c + ", ";
    throw InputError(source_ + ": a cost table for " + space.name() + " starts with the columns " + expected +
                     "then one or more cost columns named <device>_<metric> (e.g. laptop_latency)");
  }
  for (std::size_t c = id_columns.size(); c < header.size(); ++c) {
    try {
      keys_.push_back(CostKey::parse(header[c]));
    } catch (const InputError& e) {
      throw InputError(source_ + ": column '" + std::string(header[c]) + "': " + e.what());
    }
    for (std::size_t k = 0; k + 1 < keys_.size(); ++k) {
      if (keys_[k] == keys_.back()) throw InputError(source_ + ": column '" + keys_.back().name() + "' appears twice");
    }
  }
  if (csv.rows() == 0) throw InputError(source_ + ": no rows");
  t.values.assign(keys_.size(), std::vector<double>(csv.rows(), std::numeric_limits<double>::quiet_NaN()));
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    const std::string where = source_ + ":" + std::to_string(r + 2);
    Arch arch;
    try {
      if (indexed) {
        arch = space.parse(csv.text(r, 1));
      } else {
        // Each layer's block by index (what hwnas measure writes) or by name (k3_e1, ..., skip).
        std::vector<std::int64_t> choices;
        for (std::size_t d = 0; d < space.num_decisions(); ++d) choices.push_back(choice_of(space, d, csv.text(r, d), header[d]));
        arch = space.from_choices(choices);
      }
    } catch (const InputError& e) {
      throw InputError(where + ": " + e.what());
    }
    if (indexed) {
      const long index = csv.integer(r, 0);
      if (index < 0 || static_cast<std::uint64_t>(index) != space.index(arch)) {
        throw InputError(where + ": index " + std::to_string(index) + " is not the index of " + std::string(csv.text(r, 1)) +
                         " (" + std::to_string(space.index(arch)) + ")");
      }
    }
    if (!listed.insert(arch).second) throw InputError(where + ": " + space.to_string(arch) + " is listed twice");
    t.archs.push_back(arch);
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      const std::size_t c = id_columns.size() + k;
      if (csv.text(r, c).empty()) continue;  // missing
      const double v = csv.number(r, c);
      // One range both ways: a cost below 1e-9 (ms or mJ) is no measurement, as one of 1e9 or more is none.
      if (keys_[k].is_cost() ? !(v >= kMinCost && v < kMaxCost) : !(v >= 0 && v < kMaxCost)) {
        throw InputError(where + ": " + keys_[k].name() + " " + std::string(csv.text(r, c)) + " is not " +
                         (keys_[k].is_cost() ? "a cost in [1e-09, 1e+09)" : "a value in [0, 1e+09)"));
      }
      t.values[k][r] = v;
    }
  }
  return t;
}

}  // namespace

UserCostTable::UserCostTable(const std::filesystem::path& path, const SearchSpace& space)
    : ListedCost(space, read_user_table(path.string(), space)), source_(path.string()) {}

std::vector<std::string> user_table_arch_columns(const SearchSpace& space) {
  if (space.cardinality()) return {"index", "arch_str"};
  std::vector<std::string> columns;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) columns.push_back("layer" + std::to_string(d));
  return columns;
}

std::string user_table_arch_fields(const SearchSpace& space, const Arch& arch) {
  if (space.cardinality()) return std::to_string(space.index(arch)) + "," + space.to_string(arch);
  std::string fields;
  for (std::size_t d = 0; d < arch.size(); ++d) {
    if (d) fields += ',';
    fields += std::to_string(arch[d]);
  }
  return fields;
}

namespace {

class WithCostTables final : public Benchmark {
public:
  WithCostTables(std::shared_ptr<const Benchmark> base, std::vector<std::shared_ptr<const UserCostTable>> tables)
      : Benchmark(base->dataset(), base->cost_dataset()), base_(std::move(base)), cost_(base_->cost(), std::vector<std::shared_ptr<const CostModel>>(tables.begin(), tables.end())) {}
  const SearchSpace& space() const override { return base_->space(); }
  const CostModel& cost() const override { return cost_; }
  std::shared_ptr<const AccuracySource> accuracy() const override { return base_->accuracy(); }
  std::shared_ptr<const AccuracySource> accuracy(const std::string& signal) const override { return base_->accuracy(signal); }
  std::vector<std::pair<std::string, double>> accuracy_columns(const Arch& arch) const override {
    return base_->accuracy_columns(arch);
  }
  Complexity complexity(const Arch& arch) const override { return base_->complexity(arch); }
  AdditiveCostModel additive_cost(const CostKey& key) const override {
    if (!base_->cost().has(key)) {
      throw InputError(key.name() + " comes from a --cost-table: the supernet searchers' differentiable cost needs "
                       "HW-NAS-Bench's own tables");
    }
    return base_->additive_cost(key);
  }

private:
  std::shared_ptr<const Benchmark> base_;
  StackedCost cost_;
};

}  // namespace

std::shared_ptr<const Benchmark> with_cost_tables(std::shared_ptr<const Benchmark> base,
                                                  const std::vector<std::filesystem::path>& tables) {
  if (tables.empty()) return base;
  std::vector<std::shared_ptr<const UserCostTable>> loaded;
  std::vector<CostKey> taken = base->cost().keys();
  for (const auto& path : tables) {
    auto table = std::make_shared<const UserCostTable>(path, base->space());
    for (const CostKey& key : table->keys()) {
      if (std::find(taken.begin(), taken.end(), key) != taken.end()) {
        throw InputError(table->source() + ": column '" + key.name() +
                         "' exists already (HW-NAS-Bench's, or an earlier --cost-table's): name your device differently");
      }
      taken.push_back(key);
    }
    loaded.push_back(std::move(table));
  }
  return std::make_shared<WithCostTables>(std::move(base), std::move(loaded));
}

}  // namespace hwnas
