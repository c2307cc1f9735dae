#pragma once
// Command-line options shared by `hwnas search` and `hwnas compare`.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>

#include "core/format.hpp"
#include "study/search_run.hpp"

namespace hwnas {

struct RunOptions {
  RunSettings run;
  std::optional<std::size_t> budget_queries;
  std::optional<double> budget_seconds;
  std::size_t seeds = 10;
  std::uint64_t first_seed = 0;
};

// Validators for numeric options (parse_whole / parse_real in format.hpp):
// the value as typed is checked before CLI11 converts it, so -1, 1e9, nan, inf,
// '' and 0x10 are errors naming the option, the value and the valid range.
CLI::Validator whole_in(std::uint64_t lo, std::uint64_t hi);
// Seeds are at most 10^18, so first seed + number of seeds never wraps around.
inline constexpr std::uint64_t kMaxSeed = 1000000000000000000ull;
CLI::Validator real_in(RealRange range);

// "nb201: cifar10 | cifar100 | ImageNet16-120; fbnet: cifar100 | ImageNet", from the space registry.
std::string dataset_help();
// --space --dataset --objective --alpha --beta --cost-dataset --cost-table
void add_problem_options(CLI::App* cmd, ProblemSpec& spec);
// --cost-table FILE (repeatable).
void add_cost_table_option(CLI::App* cmd, std::vector<std::string>& files);
// --space and --dataset, spelled and explained alike by every command (the
// space registry's help): `required` where there is no sensible default (query),
// else the variables' values are shown as the defaults.
void add_space_options(CLI::App* cmd, std::string& space, std::string& dataset, bool required = false);
// --cost-dataset (NB201: the costs measured with another dataset's inputs).
void add_cost_dataset_option(CLI::App* cmd, std::optional<std::string>& cost_dataset);
// --objectives LIST or --problem NAME (a Pareto search), --signal, --nsga2-population.
struct ParetoOptions {
  std::optional<std::string> objectives, problem;
};
void add_pareto_options(CLI::App* cmd, ProblemSpec& spec, ParetoOptions& pareto, SearcherSettings& settings);
// Sets spec.objectives (and, for a --problem, EvoXBench's signal valid200);
// InputError when both are given, for an unknown problem, or a --problem on
// another space or dataset than NB201/CIFAR-10.
void apply_pareto_options(const ParetoOptions& pareto, ProblemSpec& spec);
// --budget-seconds --budget-queries --seeds --first-seed --threads and the searchers' settings
void add_run_options(CLI::App* cmd, RunOptions& options);
// The settings to run with: the seeds, and the budget (NAS-Bench-201's 12000
// simulated seconds when none is given and the data has training times).
RunSettings run_settings(const RunOptions& options, const SearchProblem& problem);

}  // namespace hwnas
