#include "search/searchers/reinforce.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace hwnas {

Reinforce::Reinforce(double learning_rate, double baseline_momentum)
    : learning_rate_(learning_rate), momentum_(baseline_momentum) {
  if (!(learning_rate_ > 0)) throw InputError("REINFORCE needs a positive learning rate");
  if (!(momentum_ >= 0 && momentum_ < 1)) throw InputError("REINFORCE baseline momentum must be in [0, 1)");
}

void Reinforce::run(const SearchSpace& space, Evaluator& evaluator, Rng& rng) {
  constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kEps = 1e-8;  // Adam's defaults
  const std::size_t decisions = space.num_decisions();
  std::vector<std::vector<double>> logits(decisions), m(decisions), v(decisions), probs(decisions);
  for (std::size_t d = 0; d < decisions; ++d) {
    const auto n = static_cast<std::size_t>(space.num_choices(d));
    logits[d].assign(n, 0.0);
    m[d].assign(n, 0.0);
    v[d].assign(n, 0.0);
    probs[d].assign(n, 0.0);
  }
  // The EMA baseline of NATS-Bench: a bias-corrected running mean of rewards.
  double numerator = 0, denominator = 0;
  for (long step = 1; !evaluator.exhausted(); ++step) {
    Arch arch(decisions);
    for (std::size_t d = 0; d < decisions; ++d) {
      double max_logit = logits[d][0];
      for (double l : logits[d]) max_logit = std::max(max_logit, l);
      for (std::size_t c = 0; c < probs[d].size(); ++c) probs[d][c] = std::exp(logits[d][c] - max_logit);
      arch.set(d, static_cast<int>(rng.categorical(probs[d])));
      double total = 0;
      for (double p : probs[d]) total += p;
      for (double& p : probs[d]) p /= total;
    }
    const double reward = evaluator.evaluate(arch).score;
    numerator = momentum_ * numerator + (1 - momentum_) * reward;
    denominator = momentum_ * denominator + (1 - momentum_);
    const double advantage = reward - numerator / denominator;
    // Gradient of the loss -log pi(arch) * advantage with respect to the logits.
    const double correction1 = 1 - std::pow(kBeta1, static_cast<double>(step));
    const double correction2 = 1 - std::pow(kBeta2, static_cast<double>(step));
    for (std::size_t d = 0; d < decisions; ++d) {
      for (std::size_t c = 0; c < logits[d].size(); ++c) {
        const double grad = -((static_cast<int>(c) == arch[d] ? 1.0 : 0.0) - probs[d][c]) * advantage;
        m[d][c] = kBeta1 * m[d][c] + (1 - kBeta1) * grad;
        v[d][c] = kBeta2 * v[d][c] + (1 - kBeta2) * grad * grad;
        logits[d][c] -= learning_rate_ * (m[d][c] / correction1) / (std::sqrt(v[d][c] / correction2) + kEps);
      }
    }
  }
}

}  // namespace hwnas
