#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "benchmark/benchmark.hpp"
#include "objective/objective.hpp"
#include "search/search.hpp"

namespace hwnas {

// What the user asks to search: a benchmark (a space on a dataset, with its
// cost columns), optionally under a cost limit on one device and metric.
struct ProblemSpec : BenchmarkSpec {
  std::optional<std::string> device;
  std::string metric = "latency";
  std::optional<double> limit;
  std::string objective = "hard";  // hard | soft
  // The soft objective's exponents (MnasNet's -0.07 each when not given); given
  // for another objective they are refused, not ignored.
  std::optional<double> alpha, beta;
  // The benchmark's search signal: valid12 (NAS-Bench-201's protocol) or valid200.
  std::string signal = "valid12";
  // A Pareto search of these objectives (ObjectiveSet); empty: single-objective.
  std::vector<std::string> objectives;
};

// The exact Pareto fronts of an enumerable space with accuracies: over every
// feasible architecture, judged by the final accuracy (`front`) and by the
// search signal (`signal_front`), and the normalisation that scores a found
// front against the first (EvoXBench's: each objective scaled so the front's
// ideal point is 0 and its nadir 1; the hypervolume's reference point is the
// nadir).
struct ParetoTruth {
  std::vector<Arch> front, signal_front;
  std::vector<ObjectivePoint> front_points;  // final objectives of `front`, normalised
  ObjectivePoint ideal, nadir;
  double hv = 0;  // of front_points
};

// A found front judged against the true one: its architectures' objectives
// with the final accuracy, normalised as in ParetoTruth.
struct FrontQuality {
  double hv = 0, hv_fraction = 0, hv_regret = 0, igd = 0;
};

// A search problem, loaded once and shared read-only by every run (so safe
// across threads): the benchmark (space, costs, accuracies), the search signal,
// the objective, and (for enumerable spaces with accuracies) the constrained
// ground truth.
class SearchProblem {
public:
  // `signal` replaces the benchmark's accuracy as the search signal (e.g. a
  // trained supernet); the ground truth then keeps the benchmark's constrained
  // optimum but has no signal optimum, which would need every cell scored.
  // Without a signal the benchmark must have accuracies (FBNet has none:
  // InputError). Throws InputError for a bad objective, device, metric or an
  // unreachable limit.
  SearchProblem(ProblemSpec spec, std::shared_ptr<const Benchmark> bench,
                std::shared_ptr<const AccuracySource> signal = nullptr);

  const Benchmark& benchmark() const { return *bench_; }
  const SearchSpace& space() const { return bench_->space(); }
  const AccuracySource& accuracy() const { return *signal_; }
  const CostModel& cost() const { return bench_->cost(); }
  // What the search optimises (constrained scalar or Pareto), as its evaluators see it.
  const SearchObjective& objective() const { return *objective_; }
  // The cost limit (unconstrained() without one), of either kind of objective.
  const CostConstrainedObjective& constraint() const { return objective_->constraint(); }
  const ProblemSpec& spec() const { return spec_; }
  // The dataset whose costs are used (spec().cost_dataset or the dataset itself).
  const std::string& cost_dataset() const { return bench_->cost_dataset(); }
  // Empty for spaces too large to enumerate or without benchmark accuracies.
  const std::optional<GroundTruth>& ground_truth() const { return truth_; }
  // A Pareto search's objectives (null for a single-objective one).
  const ObjectiveSet* objectives() const { return objective_->pareto(); }
  // The exact fronts (Pareto search on an enumerable space with accuracies).
  const std::optional<ParetoTruth>& pareto_truth() const { return pareto_truth_; }
  // The objectives of `arch` judged by the final accuracy (NaN where unknown).
  ObjectivePoint final_objectives(const Arch& arch) const;
  // `found` (a run's front) against the true front; needs pareto_truth().
  FrontQuality judge_front(const std::vector<Arch>& found) const;
  // The index of an architecture where the space has one.
  std::optional<std::uint64_t> index_of(const Arch& arch) const;
  // The costs a report gives of each found architecture: every column of the
  // benchmark and the user's tables, and HELP's zoo columns only where the
  // problem limits or optimises one (listing all 23 would read the zoo for
  // every search, which a search on HW-NAS-Bench's devices never needs).
  std::vector<CostKey> reported_cost_keys() const;

private:
  ProblemSpec spec_;
  std::shared_ptr<const Benchmark> bench_;
  std::shared_ptr<const AccuracySource> signal_;
  std::optional<SearchObjective> objective_;  // set by the constructor
  std::optional<GroundTruth> truth_;
  ParetoTruth exact_fronts() const;
  std::optional<ParetoTruth> pareto_truth_;
};

// The cost key of `spec` (device and metric), checked against the costs `bench`
// has, with a value for every architecture (require_whole_column).
CostKey problem_cost_key(const ProblemSpec& spec, const Benchmark& bench);
// InputError unless `cost` has `key` for every architecture of the space (a
// user's cost table of a sample has not).
void require_whole_column(const CostModel& cost, const CostKey& key);

}  // namespace hwnas
