// hwnas's command line with one more searcher: first-improvement local search,
// registered under --searcher local and run by the same code as the built-in
// searchers (budget, seeds, limits, result.json, trajectory.csv, compare).
#include <hwnas/cli/cli.hpp>
#include <hwnas/search/searcher.hpp>
#include <tuple>

namespace {

class LocalSearch final : public hwnas::Searcher {
public:
  std::string name() const override { return "local"; }

  // From a random architecture, move to the first better one-edit neighbour
  // (by the objective's score, so infeasible ones never win under a hard
  // limit); at a local optimum, restart from a random architecture.
  void run(const hwnas::SearchSpace& space, hwnas::Evaluator& evaluator, hwnas::Rng& rng) override {
    while (!evaluator.exhausted()) {
      hwnas::Arch current = space.sample(rng);
      hwnas::Evaluation current_eval = evaluator.evaluate(current);
      for (bool improved = true; improved;) {
        improved = false;
        for (std::size_t d = 0; d < space.num_decisions() && !improved; ++d) {
          for (int choice = 0; choice < space.num_choices(d) && !improved; ++choice) {
            if (choice == current[d]) continue;
            hwnas::Arch neighbour = current;
            neighbour.set(d, choice);
            if (evaluator.seen(neighbour)) continue;
            const hwnas::Evaluation e = evaluator.evaluate(neighbour);
            if (e.score > current_eval.score) std::tie(current, current_eval, improved) = std::tuple(neighbour, e, true);
          }
        }
      }
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  const hwnas::SearcherRegistration local({"local", "first-improvement local search (examples/custom_searcher)", {},
                                           [](const hwnas::SearcherSettings&) { return std::make_unique<LocalSearch>(); }});
  return hwnas::run_cli(argc, argv);
}
