#include "search/searchers/nsga2.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "search/pareto_selection.hpp"

namespace hwnas {

Nsga2::Nsga2(std::size_t population, double crossover) : population_(population), crossover_(crossover) {
  if (population_ < 2) throw InputError("NSGA-II needs a population of at least 2");
  if (!(crossover_ >= 0 && crossover_ <= 1)) throw InputError("NSGA-II's crossover probability must be in [0, 1]");
}

void Nsga2::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  struct Member {
    Arch arch;
    Evaluation eval;
  };
  ParetoRanking ranking;
  std::vector<const Evaluation*> evals;
  const auto fitness_of = [&](const std::vector<Member>& members, std::size_t needed) -> const std::vector<ParetoFitness>& {
    evals.clear();
    for (const Member& m : members) evals.push_back(&m.eval);
    return ranking.rank(evals, needed);
  };
  // Two buffers with room for parents and children, so references to parents stay valid while children join.
  std::vector<Member> parents, everyone;
  parents.reserve(2 * population_);
  everyone.reserve(2 * population_);
  while (parents.size() < population_ && !evaluator.exhausted()) {
    const Arch arch = space.sample(rng);
    parents.push_back({arch, evaluator.evaluate(arch)});
  }
  const std::size_t decisions = space.num_decisions();
  // Ranks and crowding of the parents: computed once, then carried over from
  // each environmental selection, as NSGA-II does.
  std::vector<ParetoFitness> fitness = fitness_of(parents, parents.size());
  // Every member was queried, so an evaluator that knows what it has seen
  // knows the members too, and the scan of the members below is redundant.
  const bool evaluator_tracks_members = !parents.empty() && evaluator.seen(parents.front().arch);
  std::vector<std::size_t> order;
  while (!evaluator.exhausted()) {
    everyone.clear();
    std::swap(everyone, parents);  // parents first, then children
    const std::size_t parent_count = everyone.size();
    const auto tournament_of = [&]() -> const Member& {
      const std::size_t a = rng.below(parent_count), b = rng.below(parent_count);
      return fitness[b] < fitness[a] ? everyone[b] : everyone[a];
    };
    for (std::size_t c = 0; c < population_ && !evaluator.exhausted(); ++c) {
      const Member& mother = tournament_of();
      const Member& father = tournament_of();
      Arch child = mother.arch;
      if (rng.uniform() < crossover_) {
        for (std::size_t d = 0; d < decisions; ++d) {
          if (rng.below(2)) child.set(d, father.arch[d]);
        }
      }
      for (std::size_t d = 0; d < decisions; ++d) {  // each decision with probability 1/decisions
        if (rng.uniform() * static_cast<double>(decisions) < 1.0) space.redraw(child, d, rng);
      }
      // A child equal to a member or to an architecture already queried teaches
      // nothing: mutate it again (a few times at most), as NSGA-II
      // implementations for discrete problems eliminate duplicates.
      const auto known = [&] {
        return evaluator.seen(child) ||
               (!evaluator_tracks_members &&
                std::any_of(everyone.begin(), everyone.end(), [&](const Member& m) { return m.arch == child; }));
      };
      for (int retry = 0; retry < 8 && known(); ++retry) child = space.mutate(child, rng);
      everyone.push_back({child, evaluator.evaluate(child)});
    }
    // Environmental selection: the best `population` of parents and children.
    const std::vector<ParetoFitness>& all = fitness_of(everyone, population_);
    order.resize(everyone.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return all[a] < all[b] || (!(all[b] < all[a]) && a < b);  // ties by position, as a stable sort
    });
    fitness.clear();
    for (std::size_t i = 0; i < order.size() && parents.size() < population_; ++i) {
      parents.push_back(std::move(everyone[order[i]]));
      fitness.push_back(all[order[i]]);
    }
  }
}

}  // namespace hwnas
