#pragma once
#include "search/searcher.hpp"

namespace hwnas {

// REINFORCE (Williams 1992) as NATS-Bench's baseline runs it: one categorical
// policy per decision (logits), reward = the objective's score, an
// exponential-moving-average baseline, Adam on the logits.
class Reinforce final : public Searcher {
public:
  Reinforce(double learning_rate, double baseline_momentum);
  std::string name() const override { return "reinforce"; }
  bool needs_signal() const override { return true; }  // its reward is the score
  void run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) override;

private:
  double learning_rate_, momentum_;
};

}  // namespace hwnas
