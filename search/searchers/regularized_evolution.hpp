#pragma once
#include "search/searcher.hpp"

namespace hwnas {

// Regularized evolution (Real et al. 2019), as NAS-Bench-201's baseline runs
// it: a population of random architectures; each cycle samples `sample_size`
// members (with replacement), mutates the best-scoring one in one decision,
// adds the child and removes the oldest member (aging). In a Pareto search the
// best-scoring member is the best by (rank, crowding distance) within the
// current population (pareto_selection.hpp), which makes it a multi-objective
// evolution strong at small budgets.
class RegularizedEvolution final : public Searcher {
public:
  // InputError unless 1 <= sample_size <= population.
  // `initial` (best first) fills the population before random architectures do.
  RegularizedEvolution(std::size_t population, std::size_t sample_size, std::vector<Arch> initial = {});
  std::string name() const override { return "rea"; }
  void run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) override;

private:
  std::size_t population_, sample_size_;
  std::vector<Arch> initial_;
};

}  // namespace hwnas
