#pragma once
// The reports of a single-objective `hwnas compare`: summary.csv, runs.csv,
// anytime.csv, regret.csv, their figures, and the readable table.
#include <string>
#include <vector>

#include "report/output_dir.hpp"
#include "study/compare.hpp"

namespace hwnas {

// Writes summary.csv, runs.csv, anytime.csv, regret.csv and the plots into `dir`.
void write_comparison(OutputDir& dir, const SearchSpace& space, const std::vector<CompareResult>& results,
                      const Budget& budget);
std::string format_comparison(const std::vector<CompareResult>& results);

}  // namespace hwnas
