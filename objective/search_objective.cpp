#include "objective/search_objective.hpp"

#include <cmath>

namespace hwnas {

SearchObjective::SearchObjective(const CostModel& cost, CostConstrainedObjective constraint)
    // The constrained column's own model: every query asks it, so it is asked directly (CostModel::column_owner).
    : cost_(constraint.key() ? &cost.column_owner(*constraint.key()) : &cost), constraint_(std::move(constraint)) {}

SearchObjective::SearchObjective(const CostModel& cost, CostConstrainedObjective constraint, ObjectiveSet objectives)
    : cost_(constraint.key() ? &cost.column_owner(*constraint.key()) : &cost),
      constraint_(std::move(constraint)),
      pareto_(std::move(objectives)) {}

Evaluation SearchObjective::evaluate(const Arch& arch, double signal) const {
  Evaluation e;
  e.signal = signal;
  if (constraint_.key()) e.cost = cost_->cost(arch, *constraint_.key());
  e.feasible = constraint_.feasible(e.cost);
  e.score = constraint_.score(e.signal, e.cost);
  if (pareto_) {
    e.objectives = pareto_->evaluate(arch, signal);
    for (double v : e.objectives) e.feasible = e.feasible && !std::isnan(v);
  }
  return e;
}

}  // namespace hwnas
