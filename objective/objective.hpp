#pragma once
// hwnas objective: what a search optimises, and the exact answer where it can
// be computed.
//
// - CostConstrainedObjective (constrained_objective.hpp): accuracy under a
//   limit on one cost column (latency or energy), as a hard constraint or
//   MnasNet's soft reward.
// - ObjectiveSet (objective_set.hpp): the minimised objectives of a Pareto
//   search (error, flops, params, cost columns) and EvoXBench's presets.
// - SearchObjective (search_objective.hpp): either kind, as an evaluator sees it.
// - exhaustive_optimum (optimum.hpp): the constrained ground truth of an
//   enumerable space (the Pareto one is study/problem.hpp's ParetoTruth).
#include "objective/constrained_objective.hpp"
#include "objective/objective_set.hpp"
#include "objective/optimum.hpp"
#include "objective/search_objective.hpp"
