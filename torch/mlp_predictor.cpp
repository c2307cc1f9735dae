// The MLP cost predictor (cost/predict.hpp's mlp method): LibTorch lives here.
#include <torch/torch.h>

#include <cmath>

#include "core/rng.hpp"
#include "predict/predict.hpp"
#include "torch/supernet_search.hpp"

namespace hwnas {
namespace {

// A 2-layer perceptron (features -> 32 tanh -> 1) on log cost: inputs
// standardised over every network of the space (their features are known
// without measuring), full-batch Adam with weight decay for 400 steps.
// Initial weights come from hwnas's own Rng, seeded by the measurements, not
// from LibTorch's global generator, so fits on several threads at once are
// each reproducible.
std::vector<double> fit_mlp(const KnownCosts& known, const Measurements& m) {
  constexpr int kHidden = 32, kSteps = 400;
  const std::uint64_t n = *known.space->cardinality();
  const std::size_t p = prediction_features(known, 0).size();
  std::vector<float> all(n * p);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::vector<double> x = prediction_features(known, i);
    for (std::size_t j = 0; j < p; ++j) all[i * p + j] = static_cast<float>(x[j]);
  }
  torch::NoGradGuard no_grad_for_setup;
  torch::Tensor x_all = torch::from_blob(all.data(), {static_cast<std::int64_t>(n), static_cast<std::int64_t>(p)}).clone();
  const torch::Tensor mean = x_all.mean(0), sd = x_all.std(0).clamp_min(1e-6);
  x_all = (x_all - mean) / sd;
  std::vector<std::int64_t> rows(m.index.begin(), m.index.end());
  const torch::Tensor x = x_all.index_select(0, torch::tensor(rows, torch::kLong));
  std::vector<float> log_y;
  for (double c : m.cost) log_y.push_back(static_cast<float>(std::log(c)));
  const torch::Tensor y = torch::tensor(log_y).unsqueeze(1);
  const float y_mean = y.mean().item<float>(), y_sd = std::max(y.std().item<float>(), 1e-3f);
  const torch::Tensor target = (y - y_mean) / y_sd;
  std::uint64_t seed = m.index.size();
  for (auto i : m.index) seed = seed * 1000003 + i;
  Rng rng(seed, 0x6d6c70);
  const auto init = [&](std::int64_t rows_, std::int64_t cols) {
    const double bound = std::sqrt(6.0 / static_cast<double>(rows_ + cols));
    std::vector<float> w(static_cast<std::size_t>(rows_ * cols));
    for (float& v : w) v = static_cast<float>((2 * rng.uniform() - 1) * bound);
    return torch::from_blob(w.data(), {rows_, cols}).clone().requires_grad_(true);
  };
  torch::Tensor w1 = init(static_cast<std::int64_t>(p), kHidden), b1 = torch::zeros({kHidden}).requires_grad_(true);
  torch::Tensor w2 = init(kHidden, 1), b2 = torch::zeros({1}).requires_grad_(true);
  torch::optim::Adam adam({w1, b1, w2, b2}, torch::optim::AdamOptions(0.01).weight_decay(1e-3));
  {
    torch::AutoGradMode grad(true);
    for (int step = 0; step < kSteps; ++step) {
      adam.zero_grad();
      const torch::Tensor loss = torch::mse_loss(torch::tanh(x.matmul(w1) + b1).matmul(w2) + b2, target);
      loss.backward();
      adam.step();
    }
  }
  const torch::Tensor out = (torch::tanh(x_all.matmul(w1) + b1).matmul(w2) + b2) * y_sd + y_mean;
  const torch::Tensor cost = out.exp().squeeze(1).to(torch::kDouble).contiguous();
  return std::vector<double>(cost.data_ptr<double>(), cost.data_ptr<double>() + n);
}

}  // namespace

void install_torch_predictors() {
  // Registered once for the program's life; auto does not consider it (no closed-form leave-one-out error).
  static const auto registration = predictors().add(
      {"mlp", "a small LibTorch MLP on the additive and transfer features (needs LibTorch)",
       prepared_per_fit([](const KnownCosts& known, const Measurements& m) { return FittedCosts{"mlp", fit_mlp(known, m), {}, ""}; }),
       nullptr});
}

}  // namespace hwnas
