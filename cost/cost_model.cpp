#include "cost/cost_model.hpp"

namespace hwnas {

bool CostModel::has(const CostKey& key) const {
  for (const CostKey& k : keys()) {
    if (k == key) return true;
  }
  return false;
}

std::optional<double> CostModel::min_cost(const SearchSpace& space, const CostKey& key) const {
  const auto n = space.cardinality();
  if (!n) return std::nullopt;
  std::optional<double> cheapest;
  for (std::uint64_t i = 0; i < *n; ++i) {
    const auto c = cost(space.at(i), key);
    if (c && (!cheapest || *c < *cheapest)) cheapest = c;
  }
  return cheapest;
}

}  // namespace hwnas
