#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cost/cost.hpp"
#include "search/search.hpp"

namespace hwnas {

// What the user asks to search: a space on a dataset, optionally under a cost
// limit on one device and metric.
struct ProblemSpec {
  std::string space = "nb201";
  std::string dataset = "cifar10";
  std::optional<std::string> device;
  std::string metric = "latency";
  std::optional<double> limit;
  std::string objective = "hard";  // hard | soft
  double alpha = -0.07, beta = -0.07;
  // Use another dataset's costs (default: the dataset's own).
  std::optional<std::string> cost_dataset;
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
  const LatencyConstrainedObjective& objective() const { return objective_; }
  const ProblemSpec& spec() const { return spec_; }
  // The dataset whose costs are used (spec().cost_dataset or the dataset itself).
  const std::string& cost_dataset() const { return bench_->cost_dataset(); }
  // Empty for spaces too large to enumerate or without benchmark accuracies.
  const std::optional<GroundTruth>& ground_truth() const { return truth_; }
  // The index of an architecture where the space has one.
  std::optional<std::uint64_t> index_of(const Arch& arch) const;

private:
  ProblemSpec spec_;
  std::shared_ptr<const Benchmark> bench_;
  std::shared_ptr<const AccuracySource> signal_;
  LatencyConstrainedObjective objective_ = LatencyConstrainedObjective::unconstrained();
  std::optional<GroundTruth> truth_;
};

// The cost key of `spec` (device and metric), checked against the costs `bench` has.
CostKey problem_cost_key(const ProblemSpec& spec, const Benchmark& bench);

}  // namespace hwnas
