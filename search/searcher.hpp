#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/registry.hpp"
#include "core/rng.hpp"
#include "search/evaluator.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

// A search strategy. It sees only a space, an evaluator and a random stream:
// never a table, a device or a file, so every searcher runs on every space and
// objective. It queries until the evaluator is exhausted; a query after that
// throws BudgetExhausted, which ends the run (the caller keeps what it has).
class Searcher {
public:
  virtual ~Searcher() = default;
  virtual std::string name() const = 0;
  virtual void run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) = 0;
  // True when it steers by the scalar score alone, so it learns nothing where
  // the search has no accuracy signal (AccuracySource::has_signal).
  virtual bool needs_signal() const { return false; }
  // False when a query costs time that grows with the queries made so far (a
  // model refitted on all of them every few queries: BANANAS), so a budget of
  // a whole space (15625 NB201 cells) is hours, not milliseconds. Tests that
  // spend such budgets on every searcher leave these out.
  virtual bool cheap_per_query() const { return true; }
};

// Runs `searcher` on `evaluator` until it returns or a query past the budget
// throws BudgetExhausted (the run then ends as it stands): the one place that
// runs a searcher, so every searcher, built-in or registered, ends the same way.
void run_searcher(Searcher& searcher, const SearchSpace& space, Evaluator& evaluator, Rng& rng);

// A uniformly random architecture that `evaluator` has not seen, when one
// turns up within 100 draws; else the last draw (a nearly exhausted space:
// evaluating it is free, and the evaluator ends the run).
Arch sample_unseen(const SearchSpace& space, const Evaluator& evaluator, Rng& rng);

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
  // Local search (default: White et al.'s num_init).
  std::size_t ls_initial_samples = 10;
  // BANANAS's ensemble (defaults: NASLib's NB201 settings; bananas.hpp).
  std::size_t bananas_ensemble = 3;
  int bananas_layers = 20, bananas_width = 20, bananas_epochs = 500;
  // A warm start, best first (Abdelfattah et al.'s zero-cost warm-up): random
  // search queries these first, in order; evolution takes its first population
  // members from them. Set per run (RunSettings::warm_start); empty: none.
  std::vector<Arch> initial;
};

// A searcher's registry entry: its name (--searcher), a one-line description,
// the options it reads (for --help and for refusing options it would ignore),
// and how it is made. The supernet searchers (darts, gdas, fbnet) are entries
// too, with `supernet` set and no `make`: they train a supernet with LibTorch
// (torch/) instead of querying an Evaluator.
struct SearcherInfo {
  std::string name;
  std::string description;
  std::vector<std::string> options;
  std::function<std::unique_ptr<Searcher>(const SearcherSettings&)> make;
  bool supernet = false;
};

// Every searcher by name (search/searchers/registry.cpp lists the built-in
// ones; SearcherRegistration adds more while the program runs). Safe from any thread.
const Registry<SearcherInfo>& searchers();

// True when `name` is a registered supernet searcher.
bool is_supernet_searcher(const std::string& name);
// The names of the supernet searchers (`supernet`) or of the others, joined by `separator`.
std::string searcher_names(bool supernet, std::string_view separator);
// Whether searcher `name`'s entry lists `option` (InputError for an unknown name),
// and the names of the searchers that do, joined by ", ".
bool searcher_reads(const std::string& name, std::string_view option);
std::string searchers_reading(std::string_view option);

// A searcher that queries an Evaluator, by name; InputError listing the known
// names when there is none, and naming the reason for a supernet searcher.
// Throws InputError for settings the searcher refuses. Safe from any thread.
std::unique_ptr<Searcher> make_searcher(const std::string& name, const SearcherSettings& settings);

// A searcher added while the program runs (one written in Python, through the
// bindings): make_searcher finds it by name for as long as the registration
// lives, so it runs under exactly the rules, outputs and ground truth of the
// built-in ones. InputError when the name is taken. Safe from any thread.
class SearcherRegistration {
public:
  explicit SearcherRegistration(SearcherInfo info) : registration_(searchers().add(std::move(info))) {}

private:
  Registry<SearcherInfo>::Registration registration_;
};

}  // namespace hwnas
