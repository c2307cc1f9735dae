#include "search/searchers/random_search.hpp"

namespace hwnas {

void RandomSearch::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  for (std::size_t i = 0; i < initial_.size() && !evaluator.exhausted(); ++i) evaluator.evaluate(initial_[i]);
  while (!evaluator.exhausted()) evaluator.evaluate(space.sample(rng));
}

}  // namespace hwnas
