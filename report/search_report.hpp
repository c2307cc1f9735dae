#pragma once
// The reports of `hwnas search`: result.json (schema in README.md, "hwnas
// search"), trajectory.csv, front.csv and the readable summary, from the runs
// run_seeds returns.
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "study/search_run.hpp"

namespace hwnas {

// Members a caller adds to result.json: `top_level` (an object) after the
// standard members, and run_members[i] (an object, when given) at the end of run i.
struct ResultExtras {
  nlohmann::ordered_json top_level = nlohmann::ordered_json::object();
  std::vector<nlohmann::ordered_json> run_members;
};
// The text of result.json (schema in README.md, "hwnas search"), streamed: for
// thousands of seeds a JSON tree would cost more than the search.
std::string result_json(const SearchProblem& problem, const RunSettings& settings, const std::vector<RunResult>& runs,
                        const ResultExtras& extras = {});
// The same text written to `out` as it is made (for any number of runs the memory stays small).
void write_result_json(std::ostream& out, const SearchProblem& problem, const RunSettings& settings,
                       const std::vector<RunResult>& runs, const ResultExtras& extras = {});
// front.csv of a Pareto search: one row per architecture of every run's front.
void write_front_csv(std::ostream& out, const SearchProblem& problem, const std::vector<RunResult>& runs);
// trajectory.csv: one row per charged query of every run.
void write_trajectory_csv(std::ostream& out, const SearchProblem& problem, const std::vector<RunResult>& runs);
// The same in parts, for a trajectory.csv streamed batch by batch (RunSettings::on_batch).
void write_trajectory_header(std::ostream& out);
void write_trajectory_rows(std::ostream& out, const SearchProblem& problem, std::span<const RunResult> runs);
// The readable summary printed by `hwnas search`.
std::string format_search_summary(const SearchProblem& problem, const RunSettings& settings,
                                  const std::vector<RunResult>& runs);
void write_search_summary(std::ostream& out, const SearchProblem& problem, const RunSettings& settings,
                          const std::vector<RunResult>& runs);

}  // namespace hwnas
