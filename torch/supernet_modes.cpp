// The supernet modes (how a step mixes the ops, and its temperature schedule)
// and the cost losses, as registries.
#include <cmath>
#include <map>

#include "torch/training.hpp"

namespace hwnas {
namespace training {

const Registry<SupernetMode>& supernet_modes() {
  static const Registry<SupernetMode> registry(
      "supernet mode",
      {
          {"darts", "softmax mixture of all ops (Liu et al. 2019, first order)",
           [](int, int, std::optional<double>, std::optional<double>) { return 1.0; },
           [](const torch::Tensor& alpha, double, const std::function<torch::Tensor()>&) {
             return Mixing{torch::softmax(alpha, 1), std::nullopt};
           }},
          {"gdas", "hard Gumbel-softmax sample, straight-through; tau linear from 10 to 0.1 (Dong and Yang 2019)",
           [](int epoch, int epochs, std::optional<double> tau_max, std::optional<double> tau_min) {
             const double hi = tau_max.value_or(10.0), lo = tau_min.value_or(0.1);
             return epochs == 1 ? lo : hi - (hi - lo) * epoch / (epochs - 1);
           },
           [](const torch::Tensor& alpha, double tau, const std::function<torch::Tensor()>& gumbel) {
             const auto soft = torch::softmax((alpha + gumbel()) / tau, 1);
             const auto index = soft.argmax(1);
             const auto hard = torch::zeros_like(soft).scatter_(1, index.unsqueeze(1), 1.0);
             return Mixing{hard - soft.detach() + soft, argmax_arch(soft.detach())};  // straight-through
           }},
          {"fbnet", "soft Gumbel-softmax mixture; tau 5 * 0.956^epoch (Wu et al. 2019)",
           [](int epoch, int, std::optional<double> tau_max, std::optional<double>) {
             return tau_max.value_or(5.0) * std::pow(0.956, epoch);
           },
           [](const torch::Tensor& alpha, double tau, const std::function<torch::Tensor()>& gumbel) {
             return Mixing{torch::softmax((alpha + gumbel()) / tau, 1), std::nullopt};
           }},
      });
  return registry;
}

// The implementations of cost_loss_kinds() (supernet_search.hpp: names and
// descriptions), by name; a kind without one is a programming error.
std::vector<CostLoss> cost_loss_implementations() {
  using Loss = decltype(CostLoss::loss);
  const std::map<std::string, std::pair<Loss, bool>> implementations = {
      {"additive",
       {[](const torch::Tensor& ce, const torch::Tensor& e, double w, double scale) { return ce + w * e / scale; }, false}},
      {"multiplicative",
       {[](const torch::Tensor& ce, const torch::Tensor& e, double w, double) { return ce * 0.2 * torch::pow(torch::log(e), w); },
        true}},
  };
  std::vector<CostLoss> out;
  for (const CostLossKind& kind : cost_loss_kinds().entries()) {
    const auto it = implementations.find(kind.name);
    if (it == implementations.end()) throw std::logic_error("cost loss '" + kind.name + "' has no implementation in supernet_modes.cpp");
    out.push_back({kind.name, kind.description, it->second.first, it->second.second});
  }
  return out;
}

const Registry<CostLoss>& cost_losses() {
  static const Registry<CostLoss> registry("--cost-loss", cost_loss_implementations());
  return registry;
}

}  // namespace training

std::vector<std::string> supernet_mode_names() { return training::supernet_modes().names(); }
std::vector<std::string> cost_loss_names() { return training::cost_losses().names(); }

}  // namespace hwnas
