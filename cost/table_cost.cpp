#include "cost/table_cost.hpp"

#include "core/error.hpp"

namespace hwnas {

TableCost::TableCost(const SearchSpace& space, const BenchmarkTable& table) : space_(&space) {
  if (!space.cardinality() || table.rows() != *space.cardinality()) {
    throw InputError(table.source + ": a cost table needs one row per architecture of " + space.name());
  }
  for (const NamedColumn& column : table.columns) {
    try {
      columns_.push_back({CostKey::parse(column.name), column.values});
    } catch (const InputError& e) {
      throw InputError(table.source + ": column " + e.what());
    }
  }
}

std::vector<CostKey> TableCost::keys() const {
  std::vector<CostKey> keys;
  for (const Column& c : columns_) keys.push_back(c.key);
  return keys;
}

const std::vector<double>* TableCost::column(const CostKey& key) const {
  for (const Column& c : columns_) {
    if (c.key == key) return &c.values;
  }
  return nullptr;
}

std::optional<double> TableCost::cost(const Arch& arch, const CostKey& key) const {
  const std::vector<double>* values = column(key);
  if (!values) return std::nullopt;
  const double value = (*values)[space_->index(arch)];
  if (is_missing(value)) return std::nullopt;
  return value;
}

}  // namespace hwnas
