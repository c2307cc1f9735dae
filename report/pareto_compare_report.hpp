#pragma once
// The reports of a Pareto `hwnas compare`.
#include <string>
#include <vector>

#include "report/output_dir.hpp"
#include "study/pareto_compare.hpp"

namespace hwnas {

// summary.csv, runs.csv, anytime.csv, the plot anytime_hv.{png,svg} and, for
// two objectives, fronts.csv and fronts.{png,svg} (the median run's front of
// each searcher against the true front). Files are written atomically.
void write_pareto_comparison(OutputDir& dir, const SearchProblem& problem,
                             const std::vector<ParetoCompareResult>& results, const Budget& budget);
std::string format_pareto_comparison(const SearchProblem& problem, const std::vector<ParetoCompareResult>& results);

}  // namespace hwnas
