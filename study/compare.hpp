#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "study/search_run.hpp"

namespace hwnas {

// One constraint of a comparison: a device's metric under a limit. `quantile`
// is set when the limit was picked as a percentile of the device's costs.
struct LimitSpec {
  CostKey key;
  double limit;
  std::optional<double> quantile;
  std::string label() const;  // e.g. edgegpu<=4.2 or edgegpu@q50
};

// Limits from the user's text: "auto" (the 25th, 50th and 75th percentile of
// each device's cost over the space, so every device is constrained equally
// tightly), or a list of "edgegpu:4.0" (a limit) and "fpga@q50" (a percentile,
// 1 to 99, of the device's costs over the space). `devices` is "all" or a comma list.
std::vector<LimitSpec> parse_limits(const std::string& limits, const std::string& devices, const std::string& metric,
                                    const SearchSpace& space, const CostModel& cost);

// Best-so-far test accuracy of the incumbent against budget spent, averaged over
// runs, at equally spaced budget values up to the budget (seconds where the
// budget has seconds, else queries).
struct AnytimePoint {
  double budget;
  double mean;
  double std;
  std::size_t runs;  // runs with a feasible incumbent by then
};
// Points of the anytime curves (anytime.csv).
inline constexpr std::size_t kAnytimePoints = 50;
// The grid of every anytime curve (compare's accuracy, the Pareto comparison's
// hypervolume), in one place: `points` equal steps up to the budget, in
// simulated seconds where the budget has seconds, else in queries.
struct AnytimeGrid {
  AnytimeGrid(const Budget& budget, std::size_t steps)
      : by_seconds(budget.seconds.has_value()),
        total(by_seconds ? *budget.seconds : static_cast<double>(budget.queries.value_or(0))),
        points(steps) {}
  // The budget at step `p` (1..points).
  double at(std::size_t p) const { return total * static_cast<double>(p) / static_cast<double>(points); }
  // What a run had spent when it made query `q`, in the grid's unit.
  double spent(const Query& q) const { return by_seconds ? q.seconds : static_cast<double>(q.queries); }
  bool by_seconds;
  double total;
  std::size_t points;
};
// One run's incumbent final accuracy after each of `points` equal budget steps
// (NaN while it has no feasible incumbent, or the incumbent no final accuracy).
std::vector<double> anytime_values(const RunResult& run, const SearchProblem& problem, const Budget& budget,
                                   std::size_t points);
// Mean and std over the runs that have a value, step by step.
std::vector<AnytimePoint> anytime_curve(const std::vector<std::vector<double>>& per_run, const Budget& budget,
                                        std::size_t points);

struct CompareResult {
  std::string searcher;
  LimitSpec limit;
  std::optional<double> optimum_test_acc;
  std::vector<RunResult> runs;
  RunSummary summary;
  std::vector<AnytimePoint> anytime;
};

// Runs a supernet searcher (is_supernet_searcher: trained with LibTorch, not
// through an Evaluator) on the problem `spec` describes (one limit of the
// comparison), one run per seed in seed order, reported as run_seeds reports
// its runs: the derived architecture as the run's one query. The command gives
// it, since only it can reach LibTorch. Called from the calling thread only.
using SupernetRuns = std::function<std::vector<RunResult>(const ProblemSpec& spec, const std::string& searcher,
                                                          const std::vector<std::uint64_t>& seeds)>;

// Every searcher under every limit, on the same seeds and budget. Problems are
// built once per limit and shared by the searchers. `signal`, when given, is
// what the searchers search by (a proxy, a supernet: SearchProblem's external
// signal); the benchmark's final accuracy still judges them. Supernet searchers
// run through `supernet_runs` (their one query is inside any budget); they
// search by their own training, so with a `signal`, or without `supernet_runs`,
// naming one is an InputError, raised before any work.
std::vector<CompareResult> run_comparison(const ProblemSpec& base, std::shared_ptr<const Benchmark> bench,
                                          const std::vector<std::string>& searchers,
                                          const std::vector<LimitSpec>& limits, const RunSettings& settings,
                                          std::shared_ptr<const AccuracySource> signal = nullptr,
                                          const SupernetRuns& supernet_runs = {});

}  // namespace hwnas
