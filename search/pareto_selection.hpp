#pragma once
// How Pareto searchers compare evaluated architectures: Deb's constrained
// domination (a feasible one beats every infeasible one; infeasible ones are
// ordered by their constrained score, the least violating first), then
// nondomination rank, then crowding distance (larger first), as NSGA-II.
// Shared by NSGA-II and regularized evolution's Pareto mode.
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

// The fitness of each of `evaluations` within that set (each has objectives).
std::vector<ParetoFitness> pareto_fitness(const std::vector<const Evaluation*>& evaluations);

}  // namespace hwnas
