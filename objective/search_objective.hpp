#pragma once
// What a search optimises, in one of two kinds, and the one place that turns
// an architecture and its search accuracy into everything a query answers:
// - constrained scalar: maximise a CostConstrainedObjective's score
//   (accuracy under a cost limit, hard or soft);
// - Pareto: minimise every objective of an ObjectiveSet (error, FLOPs, params,
//   cost columns), under the same optional cost limit.
// Immutable; safe to share across threads.
#include <optional>

#include "core/arch.hpp"
#include "core/pareto.hpp"
#include "cost/cost_model.hpp"
#include "objective/constrained_objective.hpp"
#include "objective/objective_set.hpp"

namespace hwnas {

// The answer to one query, as a searcher sees it: every cost the objective
// names (the constrained one, and in a Pareto search every objective).
struct Evaluation {
  // The search signal: the benchmark's --signal accuracy (valid12 or valid200),
  // or a trained supernet's (--accuracy-from); NaN where the search has none.
  // Reports write it as `valid_acc`, the name kept for their schema.
  double signal = 0;
  std::optional<double> cost;   // on the constraint's device and metric, if constrained
  bool feasible = true;         // meets the limit, and no objective value is missing
  double score = 0;             // the constrained scalar: what single-objective searchers maximise
  // A Pareto search: every objective's value with the search signal as
  // accuracy, all minimised (empty in a constrained scalar search).
  ObjectiveValues objectives;
};

class SearchObjective {
public:
  enum class Kind { constrained_scalar, pareto };

  // A constrained scalar objective over the costs of `cost`, which must
  // outlive it (the benchmark owns it). Immutable after construction: one
  // objective is shared by every run's evaluator on every thread.
  SearchObjective(const CostModel& cost, CostConstrainedObjective constraint);
  // A Pareto objective: `objectives` under `constraint` (unconstrained() for none).
  SearchObjective(const CostModel& cost, CostConstrainedObjective constraint, ObjectiveSet objectives);

  Kind kind() const { return pareto_ ? Kind::pareto : Kind::constrained_scalar; }
  const CostConstrainedObjective& constraint() const { return constraint_; }
  // The Pareto objectives; null for a constrained scalar objective.
  const ObjectiveSet* pareto() const { return pareto_ ? &*pareto_ : nullptr; }

  // Everything a query of `arch` answers when its search accuracy is `signal`.
  // An objective value the data lacks (NaN) makes it infeasible, as does a
  // missing constrained cost.
  Evaluation evaluate(const Arch& arch, double signal) const;

private:
  const CostModel* cost_;
  CostConstrainedObjective constraint_;
  std::optional<ObjectiveSet> pareto_;
};

}  // namespace hwnas
