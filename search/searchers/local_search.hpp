#pragma once
#include <cstddef>

#include "search/searcher.hpp"

namespace hwnas {

// Local search as White, Nolen and Savani define it ("Local Search is State of
// the Art for Neural Architecture Search Benchmarks", UAI 2021; their
// realityengines/local_search, run with its defaults): start from the best of
// `initial_samples` new random architectures; query the whole neighbourhood of
// one-edit changes (in random order, skipping architectures already queried)
// and move to its best member when that beats the current one (best
// improvement); at a local optimum, start again from new random samples.
//
// "Better" is the objective's score, so the search is hardware-aware like the
// others: under a hard limit an infeasible architecture never beats a feasible
// one, with a soft objective the MnasNet reward decides. Ties do not move
// (strictly better only, as upstream).
class LocalSearch final : public Searcher {
public:
  // InputError for `initial_samples` < 1.
  explicit LocalSearch(std::size_t initial_samples);
  std::string name() const override { return "ls"; }
  void run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) override;
  bool needs_signal() const override { return true; }  // it climbs the score

private:
  std::size_t initial_samples_;
};

}  // namespace hwnas
