#include "search/searchers/random_search.hpp"

namespace hwnas {

void RandomSearch::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  while (!evaluator.exhausted()) evaluator.evaluate(space.sample(rng));
}

}  // namespace hwnas
