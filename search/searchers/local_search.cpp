#include "search/searchers/local_search.hpp"

#include <optional>
#include <vector>

#include "core/error.hpp"
#include "core/pareto.hpp"

namespace hwnas {
namespace {

struct Scored {
  Arch arch;
  Evaluation eval;
};

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

// The archive of Pareto local search: mutually non-dominated members, each
// explored (its neighbourhood queried) at most once.
class ParetoArchive {
public:
  // Offers an evaluated architecture; true when it joined (and pushed out
  // the members it beats).
  bool offer(const Arch& arch, const Evaluation& eval) {
    for (const Member& m : members_) {
      if (beats(m.eval, eval) || (m.eval.feasible == eval.feasible && m.eval.objectives == eval.objectives)) return false;
    }
    std::erase_if(members_, [&](const Member& m) { return beats(eval, m.eval); });
    members_.push_back({arch, eval, false});
    return true;
  }
  // A uniformly chosen unexplored member, marked explored; nullopt when none is left.
  std::optional<Arch> take_unexplored(Rng& rng) {
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      if (!members_[i].explored) open.push_back(i);
    }
    if (open.empty()) return std::nullopt;
    Member& m = members_[open[rng.below(open.size())]];
    m.explored = true;
    return m.arch;
  }

private:
  struct Member {
    Arch arch;
    Evaluation eval;
    bool explored;
  };
  // Constrained domination: feasible beats infeasible; two feasible ones by
  // Pareto dominance of their objectives; two infeasible ones by score (the
  // objective's pull toward the limit).
  static bool beats(const Evaluation& a, const Evaluation& b) {
    if (a.feasible != b.feasible) return a.feasible;
    if (!a.feasible) return a.score > b.score;
    return dominates(a.objectives.point(), b.objectives.point());
  }
  std::vector<Member> members_;
};

}  // namespace

LocalSearch::LocalSearch(std::size_t initial_samples) : initial_samples_(initial_samples) {
  if (initial_samples_ < 1) throw InputError("local search needs at least 1 initial sample (--ls-initial)");
}

void LocalSearch::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  ParetoArchive archive;  // a Pareto search's, kept across restarts
  while (!evaluator.exhausted()) {
    // A start: new random architectures.
    std::optional<Scored> best;
    bool pareto = false;
    for (std::size_t i = 0; i < initial_samples_; ++i) {
      const Arch arch = sample_unseen(space, evaluator, rng);
      const Evaluation eval = evaluator.evaluate(arch);
      pareto = eval.objectives.size() > 1;
      if (pareto) archive.offer(arch, eval);
      if (!best || eval.score > best->eval.score) best = Scored{arch, eval};
    }
    if (!pareto) {
      climb(space, evaluator, rng, best->arch, best->eval);
      continue;
    }
    // Pareto local search: explore members until every one has been.
    while (const auto member = archive.take_unexplored(rng)) {
      for (const Arch& neighbour : one_edit_neighbourhood(space, *member, rng)) {
        if (!evaluator.seen(neighbour)) archive.offer(neighbour, evaluator.evaluate(neighbour));
      }
    }
  }
}

// From the best start, the best new neighbour replaces the current architecture while it is strictly better.
void LocalSearch::climb(const SearchSpace& space, Evaluator& evaluator, Rng& rng, Arch start, Evaluation start_eval) {
  Scored current{std::move(start), start_eval};
  for (;;) {
    std::optional<Scored> best_neighbour;
    for (const Arch& neighbour : one_edit_neighbourhood(space, current.arch, rng)) {
      if (evaluator.seen(neighbour)) continue;
      const Evaluation eval = evaluator.evaluate(neighbour);
      if (!best_neighbour || eval.score > best_neighbour->eval.score) best_neighbour = Scored{neighbour, eval};
    }
    if (!best_neighbour || !(best_neighbour->eval.score > current.eval.score)) return;  // a local optimum: restart
    current = std::move(*best_neighbour);
  }
}

}  // namespace hwnas
