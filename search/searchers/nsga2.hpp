#pragma once
#include "search/searcher.hpp"

namespace hwnas {

// NSGA-II (Deb, Pratap, Agarwal and Meyarivan 2002) for categorical
// decisions: a population of `population` random architectures; each
// generation makes as many children, each from two parents picked by binary
// tournament on (rank, crowding distance), by uniform crossover (each
// decision from either parent, with probability `crossover`) and mutation
// (each decision, with probability 1/decisions, redrawn among its other
// choices; a child equal to a member or to an architecture already queried
// (Evaluator::seen) is mutated again, up to 8 times); parents and children
// together are cut back to `population` by rank, then crowding distance, which
// also rank the next tournaments. Constraints by Deb's constrained domination
// (pareto_selection.hpp). A repeated architecture costs no budget, as for
// every searcher. In a single-objective search it ranks by score.
class Nsga2 final : public Searcher {
public:
  Nsga2(std::size_t population, double crossover);
  std::string name() const override { return "nsga2"; }
  void run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) override;

private:
  std::size_t population_;
  double crossover_;
};

}  // namespace hwnas
