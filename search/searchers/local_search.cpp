#include "search/searchers/local_search.hpp"

#include <optional>
#include <vector>

#include "core/error.hpp"

namespace hwnas {
namespace {

struct Scored {
  Arch arch;
  Evaluation eval;
};

// A random architecture not queried yet, when one turns up within a few draws
// (a nearly exhausted space may have none left: the evaluator then ends the run).
Arch unseen_sample(const SearchSpace& space, const Evaluator& evaluator, Rng& rng) {
  constexpr int kDraws = 100;
  Arch arch = space.sample(rng);
  for (int i = 1; i < kDraws && evaluator.seen(arch); ++i) arch = space.sample(rng);
  return arch;
}

// Every architecture one decision away from `arch`, in random order.
std::vector<Arch> one_edit_neighbourhood(const SearchSpace& space, const Arch& arch, Rng& rng) {
  std::vector<Arch> neighbours;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) {
    for (int choice = 0; choice < space.num_choices(d); ++choice) {
      if (choice == arch[d]) continue;
      Arch neighbour = arch;
      neighbour.set(d, choice);
      neighbours.push_back(neighbour);
    }
  }
  rng.shuffle(neighbours);
  return neighbours;
}

}  // namespace

LocalSearch::LocalSearch(std::size_t initial_samples) : initial_samples_(initial_samples) {
  if (initial_samples_ < 1) throw InputError("local search needs at least 1 initial sample (--ls-initial)");
}

void LocalSearch::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  while (!evaluator.exhausted()) {
    // A start: the best of new random architectures.
    std::optional<Scored> current;
    for (std::size_t i = 0; i < initial_samples_; ++i) {
      const Arch arch = unseen_sample(space, evaluator, rng);
      const Evaluation eval = evaluator.evaluate(arch);
      if (!current || eval.score > current->eval.score) current = Scored{arch, eval};
    }
    // Climb: the best new neighbour replaces the current architecture while it is strictly better.
    for (;;) {
      std::optional<Scored> best_neighbour;
      for (const Arch& neighbour : one_edit_neighbourhood(space, current->arch, rng)) {
        if (evaluator.seen(neighbour)) continue;
        const Evaluation eval = evaluator.evaluate(neighbour);
        if (!best_neighbour || eval.score > best_neighbour->eval.score) best_neighbour = Scored{neighbour, eval};
      }
      if (!best_neighbour || !(best_neighbour->eval.score > current->eval.score)) break;  // a local optimum: restart
      current = std::move(best_neighbour);
    }
  }
}

}  // namespace hwnas
