#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "search/evaluator.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

// A search strategy. It sees only a space, an evaluator and a random stream:
// never a table, a device or a file, so every searcher runs on every space and
// objective. It queries until the evaluator is exhausted.
class Searcher {
public:
  virtual ~Searcher() = default;
  virtual std::string name() const = 0;
  virtual void run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) = 0;
};

// Settings of the searchers; each reads its own.
struct SearcherSettings {
  // Regularized evolution (defaults: NAS-Bench-201's baseline script).
  std::size_t population = 10;
  std::size_t sample_size = 3;
  // NSGA-II (defaults: a population of 20, crossover probability 0.9).
  std::size_t nsga2_population = 20;
  double crossover = 0.9;
  // REINFORCE (defaults: NATS-Bench's script).
  double learning_rate = 0.01;
  double baseline_momentum = 0.9;
};

struct SearcherInfo {
  std::string name;
  std::string description;
  std::function<std::unique_ptr<Searcher>(const SearcherSettings&)> make;
};

// Every searcher that runs through an Evaluator, by name.
const std::vector<SearcherInfo>& searcher_registry();
// InputError listing the known names when `name` is unknown.
std::unique_ptr<Searcher> make_searcher(const std::string& name, const SearcherSettings& settings);

}  // namespace hwnas
