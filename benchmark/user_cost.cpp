#include "benchmark/user_cost.hpp"

#include <algorithm>
#include <fstream>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "benchmark_data/benchmark_data.hpp"
#include "benchmark_data/csv.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "cost/additive_cost.hpp"

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
    const Arch arch = user_table_arch(csv, r, space);
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

Arch user_table_arch(const CsvFile& csv, std::size_t r, const SearchSpace& space) {
  const std::string where = csv.path() + ":" + std::to_string(r + 2);
  const bool indexed = space.cardinality().has_value();
  Arch arch;
  try {
    if (indexed) {
      arch = space.parse(csv.text(r, 1));
    } else {
      // Each layer's block by index (what hwnas measure writes) or by name (k3_e1, ..., skip).
      std::vector<std::int64_t> choices;
      for (std::size_t d = 0; d < space.num_decisions(); ++d) choices.push_back(choice_of(space, d, csv.text(r, d), csv.header()[d]));
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
  return arch;
}

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

// An additive table whose totals are bounded below: a fitted table extrapolates, and a network far from every
// measured one may total less than any real network (or less than 0).
class FlooredAdditiveCost final : public CostModel {
public:
  // `exp_of_total`: the table is of the log of the cost (hwnas predict's gp_log).
  void add(const CostKey& key, AdditiveTable table, double floor, bool exp_of_total) {
    tables_.add(key, std::move(table));
    columns_.push_back({key, floor, exp_of_total});
  }
  std::vector<CostKey> keys() const override { return tables_.keys(); }
  std::optional<double> cost(const Arch& arch, const CostKey& key) const override {
    const auto total = tables_.cost(arch, key);
    return total ? std::optional<double>(of(key, *total)) : std::nullopt;
  }
  std::optional<double> min_cost(const SearchSpace& space, const CostKey& key) const override {
    const auto m = tables_.min_cost(space, key);  // exp and the floor keep the order: the cheapest stays the cheapest
    return m ? std::optional<double>(of(key, *m)) : std::nullopt;
  }

private:
  struct Column {
    CostKey key;
    double floor;
    bool exp_of_total;
  };
  double of(const CostKey& key, double total) const {
    for (const Column& c : columns_) {
      if (c.key == key) return std::max(c.exp_of_total ? std::exp(total) : total, c.floor);
    }
    return total;
  }
  AdditiveCost tables_;
  std::vector<Column> columns_;
};

// An additive table file (what hwnas predict writes for FBNet): `decision, choice, <device>_<metric>...`, one row per
// (decision, choice) of the space, decisions named layer<d> (or by their number), then one row `constant,,...`, one
// row `floor,,...` (the smallest cost a network is given) and optionally `transform,,none|exp,...` (exp: the table is
// of the log of the cost).
std::shared_ptr<const CostModel> read_additive_table(const std::string& source, const SearchSpace& space) {
  const CsvFile csv(source);
  const auto& header = csv.header();
  std::vector<CostKey> keys;
  for (std::size_t c = 2; c < header.size(); ++c) {
    try {
      keys.push_back(CostKey::parse(header[c]));
    } catch (const InputError& e) {
      throw InputError(source + ": column '" + std::string(header[c]) + "': " + e.what());
    }
  }
  if (keys.empty()) throw InputError(source + ": an additive table has cost columns after decision, choice");
  std::vector<AdditiveTable> tables(keys.size());
  std::vector<std::vector<bool>> seen;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) seen.emplace_back(static_cast<std::size_t>(space.num_choices(d)), false);
  for (auto& t : tables) {
    for (std::size_t d = 0; d < space.num_decisions(); ++d) t.entry.emplace_back(static_cast<std::size_t>(space.num_choices(d)), 0.0);
  }
  bool constant = false, has_floor = false, has_transform = false;
  std::vector<double> floors(keys.size());
  std::vector<bool> exp_of_total(keys.size(), false);
  for (std::size_t r = 0; r < csv.rows(); ++r) {
    const std::string where = source + ":" + std::to_string(r + 2);
    const std::string decision(csv.text(r, 0));
    if (decision == "transform") {
      if (has_transform) throw InputError(where + ": a second transform row");
      has_transform = true;
      for (std::size_t k = 0; k < keys.size(); ++k) {
        const std::string_view t = csv.text(r, 2 + k);
        if (t != "none" && t != "exp") throw InputError(where + ": transform of " + keys[k].name() + " is not none or exp");
        exp_of_total[k] = t == "exp";
      }
      continue;
    }
    if (decision == "floor") {
      if (has_floor) throw InputError(where + ": a second floor row");
      has_floor = true;
      for (std::size_t k = 0; k < keys.size(); ++k) {
        floors[k] = csv.number(r, 2 + k);
        if (!(floors[k] >= kMinCost && floors[k] < kMaxCost)) throw InputError(where + ": floor " + keys[k].name() + " is not a cost in [1e-09, 1e+09)");
      }
      continue;
    }
    if (decision == "constant") {
      if (constant) throw InputError(where + ": a second constant row");
      constant = true;
      for (std::size_t k = 0; k < keys.size(); ++k) tables[k].constant = csv.number(r, 2 + k);
      continue;
    }
    const std::string number = decision.rfind("layer", 0) == 0 ? decision.substr(5) : decision;
    std::size_t d = 0;
    try {
      d = static_cast<std::size_t>(parse_whole(number, 0, space.num_decisions() - 1, "decision"));
    } catch (const InputError&) {
      throw InputError(where + ": decision '" + decision + "' is not layer0.." + "layer" + std::to_string(space.num_decisions() - 1));
    }
    const long choice = csv.integer(r, 1);
    if (choice < 0 || choice >= space.num_choices(d)) throw InputError(where + ": choice " + std::to_string(choice) + " is out of range");
    if (seen[d][static_cast<std::size_t>(choice)]) throw InputError(where + ": " + decision + " choice " + std::to_string(choice) + " is listed twice");
    seen[d][static_cast<std::size_t>(choice)] = true;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      const double v = csv.number(r, 2 + k);
      if (!std::isfinite(v) || std::abs(v) >= kMaxCost) throw InputError(where + ": " + keys[k].name() + " is not a finite entry");
      tables[k].entry[d][static_cast<std::size_t>(choice)] = v;
    }
  }
  for (std::size_t d = 0; d < seen.size(); ++d) {
    for (std::size_t c = 0; c < seen[d].size(); ++c) {
      if (!seen[d][c]) throw InputError(source + ": no row for layer" + std::to_string(d) + " choice " + std::to_string(c));
    }
  }
  if (!constant) throw InputError(source + ": no constant row");
  if (!has_floor) throw InputError(source + ": no floor row (the smallest cost a network is given)");
  auto model = std::make_shared<FlooredAdditiveCost>();
  for (std::size_t k = 0; k < keys.size(); ++k) model->add(keys[k], tables[k], floors[k], exp_of_total[k]);
  return model;
}

class WithCostTables final : public Benchmark {
public:
  WithCostTables(std::shared_ptr<const Benchmark> base, std::vector<std::shared_ptr<const CostModel>> tables)
      : Benchmark(base->dataset(), base->cost_dataset()), base_(std::move(base)), cost_(base_->cost(), std::move(tables)) {}
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
  std::vector<std::shared_ptr<const CostModel>> loaded;
  std::vector<CostKey> taken = base->cost().keys();
  for (const auto& path : tables) {
    // A per-(decision, choice) table (hwnas predict on FBNet) or a table of networks.
    std::string first_line;
    std::getline(std::ifstream(path) >> std::ws, first_line);
    const bool additive = first_line.rfind("decision,choice,", 0) == 0;
    std::shared_ptr<const CostModel> table = additive ? read_additive_table(path.string(), base->space())
                                                      : std::make_shared<const UserCostTable>(path, base->space());
    for (const CostKey& key : table->keys()) {
      if (std::find(taken.begin(), taken.end(), key) != taken.end()) {
        throw InputError(path.string() + ": column '" + key.name() +
                         "' exists already (HW-NAS-Bench's, or an earlier --cost-table's): name your device differently");
      }
      taken.push_back(key);
    }
    loaded.push_back(std::move(table));
  }
  return std::make_shared<WithCostTables>(std::move(base), std::move(loaded));
}

}  // namespace hwnas
