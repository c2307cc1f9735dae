#pragma once
#include <map>
#include <string>
#include <vector>

#include "cost/cost_model.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

// A cost that is a sum of one entry per (decision, choice) plus a constant:
// the shape of HW-NAS-Bench's FBNet costs (per-layer lookup-table entries
// summed; FbnetLutCost has the exact tables), and a differentiable
// approximation of NB201's costs, fitted from totals.
struct AdditiveTable {
  std::vector<std::vector<double>> entry;  // [decision][choice]
  double constant = 0;
  double max_abs_residual = 0;  // worst |fitted - observed| over the fitting data
  double rms_residual = 0;

  double total(const Arch& arch) const;
};

// Least-squares fit of an AdditiveTable to observed network totals (Eigen,
// column-pivoting QR). The split of a constant between a decision's entries and
// the global constant is not identifiable from totals (any split gives the same
// network totals): the fit puts choice 0 of every decision at 0.
// Fits one table per column of `totals` (totals[k][r]: column k's total of
// archs[r]), sharing one decomposition of the design matrix.
std::vector<AdditiveTable> fit_additive_tables(const SearchSpace& space, const std::vector<Arch>& archs,
                                               const std::vector<std::vector<double>>& totals);

class AdditiveCost final : public CostModel {
public:
  void add(const CostKey& key, AdditiveTable table) { tables_[key] = std::move(table); }
  const AdditiveTable& table(const CostKey& key) const;

  std::vector<CostKey> keys() const override;
  std::optional<double> cost(const Arch& arch, const CostKey& key) const override;
  // Exact for any space: the sum of the per-decision minima.
  std::optional<double> min_cost(const SearchSpace& space, const CostKey& key) const override;

private:
  std::map<CostKey, AdditiveTable> tables_;
};

}  // namespace hwnas
