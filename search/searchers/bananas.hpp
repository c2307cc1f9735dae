#pragma once
#include <cstddef>

#include "search/searcher.hpp"

namespace hwnas {

// BANANAS (White, Neiswanger and Savani, AAAI 2021) as NASLib runs it on
// NB201 (naslib/optimizers/discrete/bananas, nb201_defaults.yaml): after
// `initial_samples` random architectures, repeatedly
//   1. train an ensemble of feed-forward networks (search/feedforward.hpp) on
//      every queried architecture's encoding (SearchSpace::encoding: NB201's
//      path encoding, one-hot elsewhere) and score,
//   2. make `candidates` architectures by one mutation of the `parents` best
//      queried ones,
//   3. query the `batch` candidates with the highest independent Thompson
//      sample (normal with the ensemble's mean and standard deviation).
// The score is the objective's, so under a hard limit the networks learn
// infeasibility too. Unlike NASLib, candidates already queried (or made twice)
// are dropped: a repeat teaches nothing and costs nothing here; and when the
// best parents' neighbourhoods hold fewer than `batch` new architectures, the
// next best parents are mutated too (NASLib would re-query known cells).
// Eigen, in-process: the networks are tiny (155 inputs, 20 x 20), too small
// for LibTorch's start-up (0.7 to 2.7 s) to pay off, and `hwnas` stays torch-free.
struct BananasSettings {
  std::size_t initial_samples = 10;  // num_init
  std::size_t batch = 10;            // k
  std::size_t ensemble = 3;          // num_ensemble
  std::size_t candidates = 100;      // num_candidates
  std::size_t parents = 2;           // num_arches_to_mutate
  int layers = 20, width = 20, epochs = 500;  // NASLib's MLPPredictor defaults
};

class Bananas final : public Searcher {
public:
  // InputError for a zero count or network size.
  explicit Bananas(const BananasSettings& settings);
  std::string name() const override { return "bananas"; }
  void run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) override;
  bool needs_signal() const override { return true; }  // it learns the score
  bool cheap_per_query() const override { return false; }  // it retrains on every query so far

private:
  BananasSettings settings_;
};

}  // namespace hwnas
