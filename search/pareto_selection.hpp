#pragma once
// How Pareto searchers compare evaluated architectures: Deb's constrained
// domination (a feasible one beats every infeasible one; infeasible ones are
// ordered by their constrained score, the least violating first), then
// nondomination rank, then crowding distance (larger first), as NSGA-II.
// Shared by NSGA-II and regularized evolution's Pareto mode.
#include <span>
#include <vector>

#include "search/evaluator.hpp"

namespace hwnas {

struct ParetoFitness {
  int rank = 0;           // 0: non-dominated among the feasible
  double crowding = 0.0;  // within its rank; infinity at the boundaries
  // True when a is better than b: lower rank, then larger crowding distance.
  friend bool operator<(const ParetoFitness& a, const ParetoFitness& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.crowding > b.crowding;
  }
};

// Ranks sets of evaluations, keeping its working memory between calls (NSGA-II
// and REA rank their population at every step). Not safe to share across
// threads: one per run.
class ParetoRanking {
public:
  // The fitness of each of `evaluations` (all of one search: each has its
  // objectives, or none in a single-objective search, which ranks by score)
  // within that set; valid until the next call. With `needed`, crowding
  // distances are computed only for the fronts that hold the best `needed`
  // (all that environmental selection and the tournaments after it read);
  // later fronts keep 0.
  const std::vector<ParetoFitness>& rank(std::span<const Evaluation* const> evaluations,
                                         std::size_t needed = static_cast<std::size_t>(-1));

private:
  std::vector<ParetoFitness> fitness_;
  std::vector<std::size_t> feasible_, infeasible_;
  std::vector<double> values_;
  std::vector<int> ranks_;
  std::vector<std::vector<std::size_t>> fronts_;
  std::vector<double> crowding_;
  ParetoScratch scratch_;
};

}  // namespace hwnas
