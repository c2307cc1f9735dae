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

std::vector<AdditiveTable> fit_additive_tables(const SearchSpace& space, const std::vector<Arch>& archs,
                                               const std::vector<std::vector<double>>& totals) {
  if (archs.empty()) throw std::invalid_argument("fit needs at least one architecture");
  // Choice 0 of every decision is the reference (entry 0): the other entries are
  // differences to it, the constant holds the rest. This removes the one
  // redundant degree of freedom per decision, so the design has full rank and
  // the entries stay small (a minimum-norm solution of the redundant design can
  // hold large cancelling values, harmless in double, ruinous in float32).
  std::vector<Eigen::Index> offset(space.num_decisions() + 1, 1);  // column 0: the constant
  for (std::size_t d = 0; d < space.num_decisions(); ++d) offset[d + 1] = offset[d] + space.num_choices(d) - 1;
  const Eigen::Index unknowns = offset.back();
  const auto rows = static_cast<Eigen::Index>(archs.size());
  Eigen::MatrixXd design = Eigen::MatrixXd::Zero(rows, unknowns);
  Eigen::MatrixXd observed(rows, static_cast<Eigen::Index>(totals.size()));
  for (Eigen::Index r = 0; r < rows; ++r) {
    design(r, 0) = 1;
    for (std::size_t d = 0; d < space.num_decisions(); ++d) {
      if (archs[r][d] > 0) design(r, offset[d] + archs[r][d] - 1) = 1;
    }
  }
  for (std::size_t k = 0; k < totals.size(); ++k) {
    if (totals[k].size() != archs.size()) throw std::invalid_argument("fit needs one total per arch");
    observed.col(static_cast<Eigen::Index>(k)) = Eigen::Map<const Eigen::VectorXd>(totals[k].data(), rows);
  }
  const auto qr = design.colPivHouseholderQr();
  if (qr.rank() < unknowns) {
    throw std::invalid_argument("additive fit: the architectures do not cover every choice of every decision");
  }
  const Eigen::MatrixXd solution = qr.solve(observed);
  const Eigen::MatrixXd residual = design * solution - observed;
  std::vector<AdditiveTable> tables(totals.size());
  for (std::size_t k = 0; k < totals.size(); ++k) {
    const auto col = static_cast<Eigen::Index>(k);
    AdditiveTable& table = tables[k];
    table.constant = solution(0, col);
    for (std::size_t d = 0; d < space.num_decisions(); ++d) {
      std::vector<double> entries = {0.0};
      for (Eigen::Index c = offset[d]; c < offset[d + 1]; ++c) entries.push_back(solution(c, col));
      table.entry.push_back(std::move(entries));
    }
    table.max_abs_residual = residual.col(col).cwiseAbs().maxCoeff();
    table.rms_residual = std::sqrt(residual.col(col).squaredNorm() / static_cast<double>(rows));
  }
  return tables;
}

const AdditiveTable& AdditiveCost::table(const CostKey& key) const {
  const auto it = tables_.find(key);
  if (it == tables_.end()) throw InputError("no additive cost table for " + key.name());
  return it->second;
}

std::vector<CostKey> AdditiveCost::keys() const {
  std::vector<CostKey> keys;
  for (const auto& [key, table] : tables_) keys.push_back(key);
  return keys;
}

std::optional<double> AdditiveCost::cost(const Arch& arch, const CostKey& key) const {
  const auto it = tables_.find(key);
  if (it == tables_.end()) return std::nullopt;
  return it->second.total(arch);
}

std::optional<double> AdditiveCost::min_cost(const SearchSpace&, const CostKey& key) const {
  const auto it = tables_.find(key);
  if (it == tables_.end()) return std::nullopt;
  double total = it->second.constant;
  for (const auto& entries : it->second.entry) total += *std::min_element(entries.begin(), entries.end());
  return total;
}

}  // namespace hwnas
