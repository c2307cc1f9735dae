#include <algorithm>
// The built-in searchers: the family's factory beside its implementations
// (one file per algorithm in this folder). A new searcher is its file and one
// entry here.
#include "core/error.hpp"
#include "search/searcher.hpp"
#include "search/searchers/bananas.hpp"
#include "search/searchers/local_search.hpp"
#include "search/searchers/nsga2.hpp"
#include "search/searchers/random_search.hpp"
#include "search/searchers/regularized_evolution.hpp"
#include "search/searchers/reinforce.hpp"

namespace hwnas {
namespace {

// What every supernet searcher reads (cli/options.cpp binds them): listed here
// so that `search --searcher rea --epochs 3` is refused instead of ignored.
std::vector<std::string> supernet_options() {
  return {"--data",       "--train-images", "--epochs",  "--batch-size", "--bn-images", "--channels",    "--cells",
          "--weight-lr",  "--arch-lr",      "--cost-loss", "--cost-weight", "--constraint", "--dual-lr",
          "--eval-images", "--torch-device", "--checkpoint", "--resume", "--stop-after-epoch",
          "--nproc", "--dist-backend", "--dist-timeout", "--dist-mode"};
}

}  // namespace

const Registry<SearcherInfo>& searchers() {
  static const Registry<SearcherInfo> registry(
      "searcher",
      {
          {"random", "random search", {"--warmup-from", "--warmup"},
           [](const SearcherSettings& s) { return std::make_unique<RandomSearch>(s.initial); }},
          {"rea", "regularized evolution (Real et al. 2019)", {"--population", "--sample-size", "--warmup-from", "--warmup"},
           [](const SearcherSettings& s) { return std::make_unique<RegularizedEvolution>(s.population, s.sample_size, s.initial); }},
          {"reinforce", "REINFORCE with an EMA baseline (Williams 1992)", {"--lr"},
           [](const SearcherSettings& s) { return std::make_unique<Reinforce>(s.learning_rate, s.baseline_momentum); }},
          {"ls", "local search: best improvement over one-edit neighbours, random restarts (White et al. 2021)",
           {"--ls-initial"}, [](const SearcherSettings& s) { return std::make_unique<LocalSearch>(s.ls_initial_samples); }},
          {"bananas", "BANANAS: a path-encoding MLP ensemble and Thompson sampling over mutations (White et al. 2021)",
           {"--bananas-ensemble", "--bananas-layers", "--bananas-width", "--bananas-epochs"},
           [](const SearcherSettings& s) {
             BananasSettings b;
             b.ensemble = s.bananas_ensemble;
             b.layers = s.bananas_layers;
             b.width = s.bananas_width;
             b.epochs = s.bananas_epochs;
             return std::make_unique<Bananas>(b);
           }},
          {"nsga2", "NSGA-II (Deb et al. 2002)", {"--nsga2-population"},
           [](const SearcherSettings& s) { return std::make_unique<Nsga2>(s.nsga2_population, s.crossover); }},
          // Trained with LibTorch by torch/ (hwnas-torch), not through an Evaluator.
          {"darts", "supernet: softmax mixture of all ops (Liu et al. 2019, first order)", supernet_options(), nullptr, true},
          {"gdas", "supernet: hard Gumbel-softmax sample, straight-through (Dong and Yang 2019)", supernet_options(), nullptr,
           true},
          {"fbnet", "supernet: soft Gumbel-softmax mixture (Wu et al. 2019)", supernet_options(), nullptr, true},
      });
  return registry;
}

bool is_supernet_searcher(const std::string& name) {
  const auto entry = searchers().find(name);
  return entry && entry->supernet;
}

std::string searcher_names(bool supernet, std::string_view separator) {
  std::string out;
  for (const SearcherInfo& e : searchers().entries()) {
    if (e.supernet == supernet) out += (out.empty() ? "" : std::string(separator)) + e.name;
  }
  return out;
}

bool searcher_reads(const std::string& name, std::string_view option) {
  const std::vector<std::string> options = searchers().get(name).options;
  return std::find(options.begin(), options.end(), option) != options.end();
}

std::string searchers_reading(std::string_view option) {
  std::string out;
  for (const SearcherInfo& e : searchers().entries()) {
    if (searcher_reads(e.name, option)) out += (out.empty() ? "" : ", ") + e.name;
  }
  return out;
}

std::unique_ptr<Searcher> make_searcher(const std::string& name, const SearcherSettings& settings) {
  const SearcherInfo info = searchers().get(name);
  if (info.supernet) throw InputError(name + " trains a supernet: it does not query an evaluator (hwnas search runs it)");
  return info.make(settings);
}

Arch sample_unseen(const SearchSpace& space, const Evaluator& evaluator, Rng& rng) {
  constexpr int kDraws = 100;
  Arch arch = space.sample(rng);
  for (int i = 1; i < kDraws && evaluator.seen(arch); ++i) arch = space.sample(rng);
  return arch;
}

void run_searcher(Searcher& searcher, const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  try {
    searcher.run(space, evaluator, rng);
  } catch (const BudgetExhausted&) {
    // The searcher queried past its budget: the evaluator refused, the run ends as it stands.
  }
}

}  // namespace hwnas
