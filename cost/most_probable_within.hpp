#pragma once
// The most probable architecture that meets a cost limit: how a supernet's
// architecture distribution becomes one architecture without violating the
// limit (derivation by constraint, not argmax followed by a feasibility check).
// The probability of an architecture is the product over decisions of its
// choice's probability, so the search maximises sum_d log_prob[d][arch[d]].
#include <functional>
#include <optional>
#include <vector>

#include "cost/additive_cost.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

// Enumerates every architecture of `space` (it must have a cardinality; InputError
// otherwise) and returns the most probable one with cost(arch) <= limit (an
// architecture whose cost is nullopt, missing, does not meet it); ties go to the
// lower index. nullopt when none meets the limit. Exact for any cost.
// log_prob must be [num_decisions][num_choices(d)].
std::optional<Arch> most_probable_within_by_enumeration(const SearchSpace& space,
                                                        const std::vector<std::vector<double>>& log_prob,
                                                        const std::function<std::optional<double>(const Arch&)>& cost,
                                                        double limit);

// The same for an additive cost, by dynamic programming over the decisions (a
// multiple-choice knapsack), for spaces too large to enumerate (FBNet: 9^22).
// Each decision's entries are shifted so its cheapest is 0 (the shift goes to
// the constant); the remaining budget limit - constant is cut into `steps`
// units and every entry is rounded up to whole units. Rounding up makes every
// architecture the programme returns truly meet the limit (checked on the
// table's own total); the price is that an architecture within
// (decisions x unit) of the limit may be passed over for a less probable one.
// With entries on the unit grid the result is exact. nullopt when the cheapest
// architecture already exceeds the limit.
std::optional<Arch> most_probable_within_additive(const std::vector<std::vector<double>>& log_prob,
                                                  const AdditiveTable& table, double limit, std::size_t steps = 20000);

}  // namespace hwnas
