#pragma once
// Cost models made of other cost models: several sources' columns as one
// model (StackedCost), columns whose data is read on first use (LazyCost),
// and columns known for a list of architectures (ListedCost). They let a
// benchmark carry HELP's device zoo and a user's tables beside its own
// columns without slowing a query of its own columns, and without reading a
// file no command asks for. All are immutable once built (LazyCost's one
// load is synchronised), so shared read-only by every search thread.
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "cost/cost_model.hpp"

namespace hwnas {

// `base`'s columns, then each extra model's (the keys must be disjoint: the
// caller checks, naming the file). A query of a base column costs what it
// costs `base` plus one branch: base is asked first.
class StackedCost final : public CostModel {
public:
  // `base` must outlive the model; the extras are kept alive by it.
  StackedCost(const CostModel& base, std::vector<std::shared_ptr<const CostModel>> extras);

  std::vector<CostKey> keys() const override;
  std::optional<double> cost(const Arch& arch, const CostKey& key) const override;
  bool covers_space(const CostKey& key) const override { return owner(key).covers_space(key); }
  std::vector<Arch> listed_archs() const override;
  std::optional<double> min_cost(const SearchSpace& space, const CostKey& key) const override {
    return owner(key).min_cost(space, key);
  }
  const std::vector<double>* index_column(const CostKey& key) const override { return owner(key).index_column(key); }
  const CostModel& column_owner(const CostKey& key) const override { return owner(key).column_owner(key); }

private:
  // The model whose column `key` is (base when none is: it answers "no data").
  const CostModel& owner(const CostKey& key) const;
  const CostModel& base_;
  std::vector<CostKey> base_keys_;
  std::vector<std::shared_ptr<const CostModel>> extras_;
  std::vector<std::pair<CostKey, const CostModel*>> extra_owner_;
};

// Columns whose names are known up front and whose data `build` makes on the
// first question that needs it (a value, a minimum, the listed
// architectures): listing the keys reads nothing. An InputError from `build`
// (a damaged file) reaches the caller of that first question, and every later
// one until a build succeeds.
class LazyCost final : public CostModel {
public:
  // `covers_space`: what the built model will say for every key (known without
  // building it, so a command listing whole columns reads nothing).
  LazyCost(std::vector<CostKey> keys, bool covers_space, std::function<std::unique_ptr<const CostModel>()> build);

  std::vector<CostKey> keys() const override { return keys_; }
  std::optional<double> cost(const Arch& arch, const CostKey& key) const override { return model().cost(arch, key); }
  bool covers_space(const CostKey& key) const override { return covers_ && has(key); }
  std::vector<Arch> listed_archs() const override { return model().listed_archs(); }
  std::optional<double> min_cost(const SearchSpace& space, const CostKey& key) const override {
    return model().min_cost(space, key);
  }
  const std::vector<double>* index_column(const CostKey& key) const override { return model().index_column(key); }
  const CostModel& column_owner(const CostKey& key) const override { return model().column_owner(key); }
  // The built model (built now if it is not yet).
  const CostModel& model() const;

private:
  std::vector<CostKey> keys_;
  bool covers_;
  std::function<std::unique_ptr<const CostModel>()> build_;
  mutable std::once_flag built_;
  mutable std::unique_ptr<const CostModel> model_;
};

// Costs of a list of architectures (a measured sample, HELP's 5000 FBNet
// networks, or every NB201 cell): values[k][row] is keys[k]'s cost of
// archs[row], NaN where missing. A space's architecture not in the list has
// no cost. covers_space is true only when the list is the whole
// (enumerable) space.
class ListedCost : public CostModel {
public:
  struct Columns {
    std::vector<CostKey> keys;
    std::vector<Arch> archs;                   // distinct
    std::vector<std::vector<double>> values;   // [key][row]
  };
  // `space` must outlive the model. Precondition: archs distinct, every value row-aligned.
  ListedCost(const SearchSpace& space, Columns columns);

  std::vector<CostKey> keys() const override { return columns_.keys; }
  std::optional<double> cost(const Arch& arch, const CostKey& key) const override;
  bool covers_space(const CostKey& key) const override;
  std::vector<Arch> listed_archs() const override { return columns_.archs; }
  std::optional<double> min_cost(const SearchSpace& space, const CostKey& key) const override;

  std::size_t rows() const { return columns_.archs.size(); }
  // The architectures listed, in their order.
  const std::vector<Arch>& archs() const { return columns_.archs; }

private:
  const std::vector<double>* column(const CostKey& key) const;
  const SearchSpace* space_;
  Columns columns_;
  std::unordered_map<Arch, std::size_t> row_of_;
};

}  // namespace hwnas
