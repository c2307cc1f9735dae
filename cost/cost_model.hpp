#pragma once
#include <optional>
#include <vector>

#include "core/arch.hpp"
#include "cost/cost_key.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

// What an architecture costs on a device. `cost` is nullopt when the model has
// no data for that key, or none for that architecture (e.g. an Edge TPU
// latency upstream marks missing). Precondition: `arch` belongs to the space
// the model was built for. Implementations are immutable once built, so one
// model is shared read-only by all search threads.
class CostModel {
public:
  virtual ~CostModel() = default;
  virtual std::vector<CostKey> keys() const = 0;
  virtual std::optional<double> cost(const Arch& arch, const CostKey& key) const = 0;
  bool has(const CostKey& key) const;
  // True when every architecture of the space has a row for `key` (a value
  // may still be missing, as upstream marks some); false for a sample, which a
  // search cannot be constrained by or judged on.
  virtual bool covers_space(const CostKey& key) const { return has(key); }
  // The architectures the model knows by a list (a user's cost table), in
  // order; empty for a model that covers its space by rule or table.
  virtual std::vector<Arch> listed_archs() const { return {}; }
  // The cheapest architecture's cost in `space`: by enumeration where the space
  // allows it, nullopt where it is unknown (a model may know better).
  virtual std::optional<double> min_cost(const SearchSpace& space, const CostKey& key) const;
  // The whole column in the space's index order, where the model stores one
  // (NB201's tables; NaN = missing); nullptr where it computes or lists costs.
  virtual const std::vector<double>* index_column(const CostKey&) const { return nullptr; }
  // The model that answers `key` itself: *this, or for a model made of others
  // (StackedCost) the part that holds the column. A caller that asks one column
  // many times (a search's constraint) asks this part directly and skips the
  // dispatch: same answers, one lookup less per query.
  virtual const CostModel& column_owner(const CostKey&) const { return *this; }
};

}  // namespace hwnas
