#pragma once
#include <optional>

#include "benchmark/accuracy_source.hpp"
#include "cost/cost_model.hpp"
#include "objective/constrained_objective.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

struct Candidate {
  Arch arch;
  std::optional<std::uint64_t> index;  // in an enumerable space; none otherwise
  double signal = 0;
  std::optional<double> final_accuracy;
  std::optional<double> cost;
};

// Ground truth of an enumerable space under a constraint, by exhaustive enumeration:
// `optimum` is the feasible architecture with the best final accuracy (what
// regret is measured against); `signal_optimum` the feasible one with the best
// search signal (what a perfect search on the signal returns). Ties go to the
// lower index; both are empty when nothing is feasible.
struct GroundTruth {
  std::optional<Candidate> optimum;
  std::optional<Candidate> signal_optimum;
  std::size_t feasible_count = 0;
};

GroundTruth exhaustive_optimum(const SearchSpace& space, const AccuracySource& accuracy, const CostModel& cost,
                               const CostConstrainedObjective& objective);

}  // namespace hwnas
