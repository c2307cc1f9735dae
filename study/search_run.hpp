#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <ostream>
#include <optional>
#include <string>
#include <vector>

#include "study/problem.hpp"

namespace hwnas {

struct RunResult;

struct RunSettings {
  std::string searcher = "rea";
  SearcherSettings settings;
  Budget budget;
  std::vector<std::uint64_t> seeds;
  int threads = 0;  // 0: all cores
  bool keep_trajectories = true;  // false: RunResult::trajectory stays empty (nothing will read it)
  // Called with each batch of finished runs, in seed order, from the calling
  // thread, while their trajectories are still there (when kept): a caller that
  // streams them (trajectory.csv, anytime curves) reads them here. With it set,
  // run_seeds frees each batch's trajectories after the call, so memory does
  // not grow with seeds x queries.
  std::function<void(std::span<const RunResult>)> on_batch;
  // When set, each run's SearcherSettings::initial: its warm start, from the
  // problem (whose limit it may honour) and the run's seed. Called from worker
  // threads: it must be safe to share. Only for searchers whose registry entry
  // reads --warmup-from (InputError otherwise).
  std::function<std::vector<Arch>(const SearchProblem& problem, std::uint64_t seed)> warm_start;
  // What warm_start is, for the reports (result.json's `warm_start`, the summary's header).
  std::string warm_start_description;
};

// What a run may keep: every distinct query it makes (to answer repeats free,
// for its incumbent and its front). A request whose runs could each make more
// is refused up front (InputError with the reason).
inline constexpr std::size_t kMaxQueriesPerRun = 1000000;
// Runs are made in batches that keep at most this many queries at once.
inline constexpr std::size_t kMaxQueriesInFlight = std::size_t{1} << 20;
// The fronts of a Pareto search's runs, together, at most this many entries.
inline constexpr std::size_t kMaxFrontEntries = 10000000;

// One seeded run: the best feasible architecture found (by search signal) and
// every charged query in order.
struct RunResult {
  std::uint64_t seed = 0;
  std::optional<Candidate> best;
  // A Pareto search: the run's archive (BenchmarkEvaluator::front) and, where
  // the true front is known, its quality.
  std::vector<Query> front;
  std::optional<FrontQuality> quality;
  std::size_t queries = 0;
  double seconds = 0;
  // Time to the optimum: the number of queries spent when the run first
  // queried a feasible architecture with the signal optimum's search signal
  // (GroundTruth::signal_optimum: what a perfect search on the signal returns;
  // a cell tied with it counts). Empty when it never did, or when the problem
  // has no signal optimum (a Pareto search, a space too large to enumerate).
  std::optional<std::size_t> signal_optimum_query;
  std::vector<Query> trajectory;
};

// Runs the searcher once per seed, spread over `threads` TBB workers. Run i
// draws only from Rng(seeds[i]), so results do not depend on the thread count
// (nor on the batches, whose size depends only on the request). InputError
// when a run could make more than kMaxQueriesPerRun queries, or when the fronts
// of a Pareto search's runs hold more than kMaxFrontEntries architectures.
std::vector<RunResult> run_seeds(const SearchProblem& problem, const RunSettings& settings);
// The checks run_seeds makes of `settings.searcher` with its settings before any
// work (InputError: unknown searcher, a setting it refuses, a warm start it does
// not take), for callers that run several searchers and must fail before the first.
void check_searcher_settings(const RunSettings& settings);

// A candidate with everything the report needs, from an architecture.
Candidate describe(const SearchProblem& problem, const Arch& arch);

// Aggregates over runs that found a feasible architecture.
struct RunSummary {
  double mean_test_acc = 0, std_test_acc = 0;
  std::vector<double> regrets;        // optimum's final accuracy - found one's, per run that found one
  std::optional<double> mean_regret;  // needs ground truth and final accuracies
  double feasible_rate = 0;
  // How close the found architectures come to the limit: the mean over runs
  // with an incumbent of its constrained cost / the limit (at most 1 where every
  // run is feasible). Empty without a limit.
  std::optional<double> mean_cost_over_limit;
  double mean_queries = 0;
  // Over the runs that reached the signal optimum (RunResult::signal_optimum_query):
  // their mean query count and their share of the runs; empty without a signal optimum.
  std::optional<double> mean_signal_optimum_query;
  std::optional<double> signal_optimum_rate;
};
RunSummary summarize(const SearchProblem& problem, const std::vector<RunResult>& runs);

// Mean and std of one front-quality measure over the runs that have a quality.
std::pair<double, double> quality_mean_std(const std::vector<RunResult>& runs, double FrontQuality::*measure);
}  // namespace hwnas
