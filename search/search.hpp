#pragma once
// hwnas search: the searchers and what they search through.
//
// - Evaluator (evaluator.hpp): answers queries with {signal, cost, feasible,
//   score}, charges the Budget (distinct architectures, simulated training
//   seconds), records the trajectory and the incumbent. BenchmarkEvaluator
//   combines an AccuracySource, a CostModel and a CostConstrainedObjective.
// - Searcher (searcher.hpp): the one interface; RandomSearch,
//   RegularizedEvolution, Reinforce, Nsga2, one file each in searchers/;
//   searchers() (searchers/registry.cpp) lists them by name. In a Pareto search (an evaluator with objectives) random search keeps
//   the evaluator's archive, NSGA-II and evolution select by Pareto rank and
//   crowding (pareto_selection.hpp), REINFORCE still follows the score.
// - The supernet searchers (darts, gdas, fbnet) are entries of the same
//   registry, trained by torch/ (LibTorch) instead of through an Evaluator.
//
// A searcher sees a SearchSpace, an Evaluator and an Rng, nothing else.
#include "search/evaluator.hpp"
#include "search/searchers/nsga2.hpp"
#include "search/pareto_selection.hpp"
#include "search/searchers/random_search.hpp"
#include "search/searchers/regularized_evolution.hpp"
#include "search/searchers/reinforce.hpp"
#include "search/searcher.hpp"
