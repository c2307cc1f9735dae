#pragma once
// The reports of `hwnas analyze`: networks.csv, the correlation CSVs, the
// Pareto-transfer CSVs, their figures and report.md.
#include <string>

#include "report/output_dir.hpp"
#include "study/analyze.hpp"

namespace hwnas {

// Writes the CSVs, the plots and report.md into `dir`; returns report.md's text.
std::string write_analysis(OutputDir& dir, const Analysis& analysis);

}  // namespace hwnas
