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
//
// In a Pareto search (evaluations with several objectives) it is Pareto local
// search (Paquete, Chiarandini and Stuetzle 2004): an archive of mutually
// non-dominated architectures (feasible ones first: an infeasible one enters
// only while nothing feasible is known, and then by score), each explored once
// by querying its whole one-edit neighbourhood and offering every neighbour to
// the archive; when every member is explored, new random starts join it.
class LocalSearch final : public Searcher {
public:
  // InputError for `initial_samples` < 1.
  explicit LocalSearch(std::size_t initial_samples);
  std::string name() const override { return "ls"; }
  void run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) override;
  // A Pareto search of costs alone needs no signal; a scalar one always has one.
  bool needs_signal() const override { return false; }

private:
  void climb(const SearchSpace& space, Evaluator& evaluator, Rng& rng, Arch start, Evaluation start_eval);
  std::size_t initial_samples_;
};

}  // namespace hwnas
