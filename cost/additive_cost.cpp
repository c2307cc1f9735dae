#include "cost/additive_cost.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/error.hpp"

namespace hwnas {

double AdditiveTable::total(const Arch& arch) const {
  double sum = constant;
  for (std::size_t d = 0; d < arch.size(); ++d) sum += entry[d][arch[d]];
  return sum;
}

AdditiveTable fit_additive_table(const SearchSpace& space, const std::vector<Arch>& archs,
                                 const std::vector<double>& totals) {
  if (archs.size() != totals.size() || archs.empty()) throw std::invalid_argument("fit needs one total per arch");
  std::vector<std::size_t> offset(space.num_decisions() + 1, 0);
  for (std::size_t d = 0; d < space.num_decisions(); ++d) offset[d + 1] = offset[d] + space.num_choices(d);
  const Eigen::Index unknowns = static_cast<Eigen::Index>(offset.back()) + 1;  // + the constant
  Eigen::MatrixXd design = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(archs.size()), unknowns);
  Eigen::VectorXd observed(static_cast<Eigen::Index>(archs.size()));
  for (std::size_t r = 0; r < archs.size(); ++r) {
    const auto row = static_cast<Eigen::Index>(r);
    for (std::size_t d = 0; d < space.num_decisions(); ++d) design(row, static_cast<Eigen::Index>(offset[d] + archs[r][d])) = 1;
    design(row, unknowns - 1) = 1;
    observed(row) = totals[r];
  }
  const Eigen::VectorXd solution = design.completeOrthogonalDecomposition().solve(observed);
  AdditiveTable table;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) {
    table.entry.emplace_back(solution.data() + offset[d], solution.data() + offset[d + 1]);
  }
  table.constant = solution(unknowns - 1);
  const Eigen::VectorXd residual = design * solution - observed;
  table.max_abs_residual = residual.cwiseAbs().maxCoeff();
  table.rms_residual = std::sqrt(residual.squaredNorm() / static_cast<double>(archs.size()));
  return table;
}

const AdditiveTable& AdditiveCost::table(CostKey key) const {
  const auto it = tables_.find(key);
  if (it == tables_.end()) throw InputError("no additive cost table for " + key.name());
  return it->second;
}

std::vector<CostKey> AdditiveCost::keys() const {
  std::vector<CostKey> keys;
  for (const auto& [key, table] : tables_) keys.push_back(key);
  return keys;
}

std::optional<double> AdditiveCost::cost(const Arch& arch, CostKey key) const {
  const auto it = tables_.find(key);
  if (it == tables_.end()) return std::nullopt;
  return it->second.total(arch);
}

std::optional<double> AdditiveCost::min_cost(const SearchSpace&, CostKey key) const {
  const auto it = tables_.find(key);
  if (it == tables_.end()) return std::nullopt;
  double total = it->second.constant;
  for (const auto& entries : it->second.entry) total += *std::min_element(entries.begin(), entries.end());
  return total;
}

}  // namespace hwnas
