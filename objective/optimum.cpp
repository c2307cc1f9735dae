#include "objective/optimum.hpp"

#include <stdexcept>

namespace hwnas {

GroundTruth exhaustive_optimum(const SearchSpace& space, const AccuracySource& accuracy, const CostModel& cost,
                               const CostConstrainedObjective& objective) {
  const auto n = space.cardinality();
  if (!n) throw std::logic_error(space.name() + " is too large to enumerate");
  GroundTruth truth;
  for (std::uint64_t i = 0; i < *n; ++i) {
    Candidate c;
    c.arch = space.at(i);
    c.index = i;
    if (objective.key()) c.cost = cost.cost(c.arch, *objective.key());
    if (!objective.feasible(c.cost)) continue;
    ++truth.feasible_count;
    c.signal = accuracy.signal(c.arch);
    c.final_accuracy = accuracy.final_accuracy(c.arch);
    if (!truth.signal_optimum || c.signal > truth.signal_optimum->signal) truth.signal_optimum = c;
    if (c.final_accuracy && (!truth.optimum || *c.final_accuracy > *truth.optimum->final_accuracy)) truth.optimum = c;
  }
  return truth;
}

}  // namespace hwnas
