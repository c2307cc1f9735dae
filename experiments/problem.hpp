#pragma once
#include <filesystem>
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
  // Use another dataset's costs (NB201 cifar100/ImageNet16-120 have none yet).
  std::optional<std::string> cost_dataset;
};

// A search problem, loaded once and shared read-only by every run: the space,
// the accuracy source, the cost model, the objective, and (for enumerable
// spaces) the constrained ground truth.
class SearchProblem {
public:
  virtual ~SearchProblem() = default;
  virtual const SearchSpace& space() const = 0;
  virtual const AccuracySource& accuracy() const = 0;
  virtual const CostModel& cost() const = 0;
  const LatencyConstrainedObjective& objective() const { return objective_; }
  const ProblemSpec& spec() const { return spec_; }
  // The dataset whose costs are used (spec().cost_dataset or the dataset itself).
  const std::string& cost_dataset() const { return cost_dataset_; }
  // Empty for spaces too large to enumerate.
  const std::optional<GroundTruth>& ground_truth() const { return truth_; }
  // The index of an architecture where the space has one.
  std::optional<std::uint64_t> index_of(const Arch& arch) const;

protected:
  SearchProblem(ProblemSpec spec, std::string cost_dataset)
      : spec_(std::move(spec)), cost_dataset_(std::move(cost_dataset)) {}
  // Builds the objective from the spec and checks the limit can be met; call
  // once the cost model exists.
  void finish();
  LatencyConstrainedObjective objective_ = LatencyConstrainedObjective::unconstrained();
  ProblemSpec spec_;
  std::string cost_dataset_;
  std::optional<GroundTruth> truth_;
};

// NB201 problems read the benchmark's accuracies, unless `accuracy` replaces
// them as the search signal (e.g. a trained supernet); the ground truth then
// keeps the benchmark's constrained optimum but has no signal optimum, which
// would need every cell scored. An FBNet problem needs an accuracy source from
// outside (a trained supernet), since HW-NAS-Bench has no FBNet accuracies.
std::unique_ptr<SearchProblem> make_nb201_problem(const ProblemSpec& spec, std::shared_ptr<const Nb201Benchmark> bench,
                                                  std::shared_ptr<const AccuracySource> accuracy = nullptr);
std::unique_ptr<SearchProblem> make_fbnet_problem(const ProblemSpec& spec, std::shared_ptr<const FbnetBenchmark> bench,
                                                  std::shared_ptr<const AccuracySource> accuracy);

}  // namespace hwnas
