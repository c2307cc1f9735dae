#pragma once
// `hwnas compare` of Pareto searchers: every searcher on the same seeds and
// budget of one multi-objective problem, judged by hypervolume and IGD
// against the exact front, with anytime hypervolume curves.
#include <filesystem>
#include <string>
#include <vector>

#include "study/search_run.hpp"

namespace hwnas {

// Fraction of the true front's hypervolume reached by the archive after a
// budget, mean and std over the runs.
struct ParetoAnytimePoint {
  double budget;
  double mean_hv_fraction, std_hv_fraction;
};

struct ParetoCompareResult {
  std::string searcher;
  std::vector<RunResult> runs;  // fronts and qualities; trajectories dropped once summarised
  std::vector<ParetoAnytimePoint> anytime;
};

// Needs a Pareto problem with its true front (problem.pareto_truth()).
// InputError for an unknown searcher, before any run.
std::vector<ParetoCompareResult> run_pareto_comparison(const SearchProblem& problem,
                                                       const std::vector<std::string>& searchers,
                                                       const RunSettings& settings);

}  // namespace hwnas
