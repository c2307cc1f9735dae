#include "cost/table_cost.hpp"

#include "core/error.hpp"

namespace hwnas {

TableCost::TableCost(const SearchSpace& space, const BenchmarkTable& table) : space_(&space) {
  if (!space.cardinality() || table.rows() != *space.cardinality()) {
    throw InputError(table.source + ": a cost table needs one row per architecture of " + space.name());
  }
  for (const NamedColumn& column : table.columns) {
    columns_[slot(CostKey::parse(column.name))] = column.values;
  }
}

std::vector<CostKey> TableCost::keys() const {
  std::vector<CostKey> keys;
  for (Device d : kAllDevices) {
    for (Metric m : {Metric::latency, Metric::energy, Metric::arithmetic_intensity}) {
      if (!columns_[slot({d, m})].empty()) keys.push_back({d, m});
    }
  }
  return keys;
}

std::optional<double> TableCost::cost(const Arch& arch, CostKey key) const {
  const auto& column = columns_[slot(key)];
  if (column.empty()) return std::nullopt;
  const double value = column[space_->index(arch)];
  if (is_missing(value)) return std::nullopt;
  return value;
}

const std::vector<double>* TableCost::column(CostKey key) const {
  const auto& column = columns_[slot(key)];
  return column.empty() ? nullptr : &column;
}

}  // namespace hwnas
