#pragma once
// Command-line options shared by `hwnas search` and `hwnas compare`.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>

#include "core/format.hpp"
#include "study/search_run.hpp"
#include "torch/supernet_search.hpp"

namespace hwnas {

struct RunOptions {
  RunSettings run;
  std::optional<std::size_t> budget_queries;
  std::optional<double> budget_seconds;
  std::size_t seeds = 10;
  std::uint64_t first_seed = 0;
  std::optional<std::string> warmup_from;  // proxy:FILE forms of --accuracy-from
  std::optional<std::size_t> warmup;       // N networks of the table per run
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
// The benchmark options, bound the same way by every command: --space and
// --dataset (the space registry's help), --cost-dataset (NB201: the costs
// measured with another dataset's inputs) and --cost-table FILE (repeatable).
// A command says which it takes; the rest are not offered (CLI11 refuses them).
struct BenchmarkOptionSet {
  bool required = false;      // --space and --dataset have no default (query); else the spec's values are shown
  bool cost_dataset = true;   // --cost-dataset
  bool cost_tables = true;    // --cost-table
};
void add_benchmark_options(CLI::App* cmd, BenchmarkSpec& spec, BenchmarkOptionSet which = {});
// --out (required), `help` saying what it names.
void add_out_option(CLI::App* cmd, std::string& out, const std::string& help);
// The devices and metrics a cost option takes, from the catalogue (cost/cost_key.hpp).
std::string device_help();
std::string cost_metric_help();
// The benchmark options, then --objective --alpha --beta.
void add_problem_options(CLI::App* cmd, ProblemSpec& spec);
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
// The options of the supernet searchers that decide what a run trains (the
// "Supernet searchers" group of search and compare's help): --data,
// --train-images, --epochs, --batch-size, --channels, --cells, the learning
// rates, --cost-loss, --cost-weight, --constraint, --dual-lr, --eval-images and
// --torch-device. Checkpoints are search's own.
struct SupernetOptions {
  SupernetConfig config;
  std::optional<std::string> constraint;  // default: see supernet_config
};
void add_supernet_options(CLI::App* cmd, SupernetOptions& options);
// The config to train with: --constraint as given, else lagrange when the search
// has a limit and no --cost-weight was set (the handling that meets it with no
// weight to tune), else penalty.
SupernetConfig supernet_config(const SupernetOptions& options, bool has_limit);
// InputError when a supernet searcher among `searchers` is asked for what only
// the searchers that query the benchmark do: a Pareto search (spec.objectives:
// --objectives, --problem) or another accuracy source (--accuracy-from). Used
// by search and compare before any work (and before the hand-over to hwnas-torch).
void refuse_what_supernet_searchers_cannot_do(const std::vector<std::string>& searchers, const ProblemSpec& spec,
                                              bool accuracy_from);
// InputError when `cmd` was given a searcher option (an option some searcher's
// registry entry lists, such as --population) that none of `searchers` reads:
// it would be ignored. The message names who reads it.
void refuse_unread_searcher_options(const CLI::App& cmd, const std::vector<std::string>& searchers);

}  // namespace hwnas
