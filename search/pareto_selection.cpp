#include "search/pareto_selection.hpp"

#include <algorithm>

namespace hwnas {

const std::vector<ParetoFitness>& ParetoRanking::rank(std::span<const Evaluation* const> evaluations,
                                                      std::size_t needed) {
  const std::size_t n = evaluations.size();
  fitness_.assign(n, {});
  feasible_.clear();
  infeasible_.clear();
  for (std::size_t i = 0; i < n; ++i) (evaluations[i]->feasible ? feasible_ : infeasible_).push_back(i);
  // The feasible ones' objectives side by side; single-objective: the negated score is the one objective.
  std::size_t m = 1;
  for (std::size_t i : feasible_) m = std::max(m, evaluations[i]->objectives.size());
  values_.clear();
  for (std::size_t i : feasible_) {
    if (m > 1) {
      values_.insert(values_.end(), evaluations[i]->objectives.begin(), evaluations[i]->objectives.end());
    } else {
      values_.push_back(-evaluations[i]->score);
    }
  }
  const PointRows points{values_.data(), feasible_.size(), m};
  nondomination_ranks(points, ranks_, scratch_);
  int worst = -1;
  for (std::size_t k = 0; k < feasible_.size(); ++k) {
    fitness_[feasible_[k]].rank = ranks_[k];
    worst = std::max(worst, ranks_[k]);
  }
  const auto fronts = static_cast<std::size_t>(worst + 1);
  if (fronts_.size() < fronts) fronts_.resize(fronts);
  for (std::size_t r = 0; r < fronts; ++r) fronts_[r].clear();
  for (std::size_t k = 0; k < feasible_.size(); ++k) fronts_[static_cast<std::size_t>(ranks_[k])].push_back(k);
  for (std::size_t r = 0, before = 0; r < fronts && before < needed; before += fronts_[r++].size()) {
    const std::vector<std::size_t>& front = fronts_[r];
    crowding_.resize(front.size());
    crowding_distances(points, front, crowding_.data(), scratch_);
    for (std::size_t j = 0; j < front.size(); ++j) fitness_[feasible_[front[j]]].crowding = crowding_[j];
  }
  // Infeasible ones after every feasible one, the least violating (highest constrained score) first.
  std::stable_sort(infeasible_.begin(), infeasible_.end(),
                   [&](std::size_t a, std::size_t b) { return evaluations[a]->score > evaluations[b]->score; });
  for (std::size_t j = 0; j < infeasible_.size(); ++j) {
    fitness_[infeasible_[j]] = {worst + 1 + static_cast<int>(j), 0.0};
  }
  return fitness_;
}

}  // namespace hwnas
