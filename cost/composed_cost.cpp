#include "cost/composed_cost.hpp"

#include <cmath>
#include <unordered_set>

namespace hwnas {

StackedCost::StackedCost(const CostModel& base, std::vector<std::shared_ptr<const CostModel>> extras)
    : base_(base), base_keys_(base.keys()), extras_(std::move(extras)) {
  for (const auto& model : extras_) {
    for (const CostKey& key : model->keys()) extra_owner_.emplace_back(key, model.get());
  }
}

std::vector<CostKey> StackedCost::keys() const {
  std::vector<CostKey> keys = base_keys_;
  for (const auto& [key, model] : extra_owner_) keys.push_back(key);
  return keys;
}

const CostModel& StackedCost::owner(const CostKey& key) const {
  for (const CostKey& k : base_keys_) {
    if (k == key) return base_;
  }
  for (const auto& [k, model] : extra_owner_) {
    if (k == key) return *model;
  }
  return base_;
}

std::optional<double> StackedCost::cost(const Arch& arch, const CostKey& key) const {
  // The hot path: a base column answers at once; only a miss (an extra column, or a missing value) looks further.
  if (auto value = base_.cost(arch, key)) return value;
  for (const auto& [k, model] : extra_owner_) {
    if (k == key) return model->cost(arch, key);
  }
  return std::nullopt;
}

std::vector<Arch> StackedCost::listed_archs() const {
  std::vector<Arch> archs = base_.listed_archs();
  std::unordered_set<Arch> seen(archs.begin(), archs.end());
  for (const auto& model : extras_) {
    for (const Arch& a : model->listed_archs()) {
      if (seen.insert(a).second) archs.push_back(a);
    }
  }
  return archs;
}

LazyCost::LazyCost(std::vector<CostKey> keys, bool covers_space, std::function<std::unique_ptr<const CostModel>()> build)
    : keys_(std::move(keys)), covers_(covers_space), build_(std::move(build)) {}

const CostModel& LazyCost::model() const {
  std::call_once(built_, [&] { model_ = build_(); });
  return *model_;
}

ListedCost::ListedCost(const SearchSpace& space, Columns columns) : space_(&space), columns_(std::move(columns)) {
  row_of_.reserve(columns_.archs.size());
  for (std::size_t r = 0; r < columns_.archs.size(); ++r) row_of_.emplace(columns_.archs[r], r);
}

const std::vector<double>* ListedCost::column(const CostKey& key) const {
  for (std::size_t k = 0; k < columns_.keys.size(); ++k) {
    if (columns_.keys[k] == key) return &columns_.values[k];
  }
  return nullptr;
}

std::optional<double> ListedCost::cost(const Arch& arch, const CostKey& key) const {
  const std::vector<double>* values = column(key);
  if (!values) return std::nullopt;
  const auto it = row_of_.find(arch);
  if (it == row_of_.end() || std::isnan((*values)[it->second])) return std::nullopt;
  return (*values)[it->second];
}

bool ListedCost::covers_space(const CostKey& key) const {
  const auto n = space_->cardinality();
  return column(key) && n && rows() == *n;
}

std::optional<double> ListedCost::min_cost(const SearchSpace& space, const CostKey& key) const {
  if (!covers_space(key)) return std::nullopt;
  return CostModel::min_cost(space, key);
}

}  // namespace hwnas
