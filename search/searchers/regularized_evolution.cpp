#include "search/searchers/regularized_evolution.hpp"

#include <deque>

#include "core/error.hpp"
#include "search/pareto_selection.hpp"

namespace hwnas {

RegularizedEvolution::RegularizedEvolution(std::size_t population, std::size_t sample_size, std::vector<Arch> initial)
    : population_(population), sample_size_(sample_size), initial_(std::move(initial)) {
  if (population_ < 1 || sample_size_ < 1) throw InputError("evolution needs population and sample size >= 1");
  // A tournament larger than the population always picks its best member: not the algorithm any more.
  if (sample_size_ > population_) {
    throw InputError("--sample-size " + std::to_string(sample_size_) + " is larger than --population " +
                     std::to_string(population_) + ": the tournament samples from the population");
  }
}

void RegularizedEvolution::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  struct Member {
    Arch arch;
    Evaluation eval;
  };
  std::deque<Member> population;
  std::size_t warm = 0;
  while (population.size() < population_ && !evaluator.exhausted()) {
    const Arch arch = warm < initial_.size() ? initial_[warm++] : space.sample(rng);
    population.push_back({arch, evaluator.evaluate(arch)});
  }
  // In a Pareto search a member is better by its (rank, crowding) within the current population.
  ParetoRanking ranking;
  const std::vector<ParetoFitness>* fitness = nullptr;
  std::vector<const Evaluation*> evals;
  while (!evaluator.exhausted()) {
    const bool pareto = population.front().eval.objectives.size() > 1;
    if (pareto) {
      evals.clear();
      for (const Member& m : population) evals.push_back(&m.eval);
      fitness = &ranking.rank(evals);
    }
    std::size_t parent = population.size();
    for (std::size_t i = 0; i < sample_size_; ++i) {
      const std::size_t candidate = rng.below(population.size());
      const bool better = parent == population.size() ||
                          (pareto ? (*fitness)[candidate] < (*fitness)[parent]
                                  : population[candidate].eval.score > population[parent].eval.score);
      if (better) parent = candidate;
    }
    const Arch child = space.mutate(population[parent].arch, rng);
    population.push_back({child, evaluator.evaluate(child)});
    population.pop_front();
  }
}

}  // namespace hwnas
