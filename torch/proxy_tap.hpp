#pragma once
// What a zero-cost proxy needs to see inside a network's forward pass (and
// what data-parallel training changes in it: batch norm over all ranks): the
// input of every ReLU (NASWOT), the output of every convolution and linear
// layer with its gradient (Fisher), and batch norm switched off (synflow).
// The networks call tapped_relu / tapped_norm / tapped_layer where PyTorch's
// reference code would put a module hook; with no tap active (training,
// measurement) these are the plain ops. The active tap is per thread, so
// networks scored on several threads at once do not see each other's.
// Includes LibTorch: only torch/ may include this header.
#include <torch/torch.h>

#include <stdexcept>
#include <utility>
#include <vector>

#include "torch/distributed.hpp"

namespace hwnas {

struct ProxyTap {
  bool bypass_batch_norm = false;
  std::vector<torch::Tensor>* relu_inputs = nullptr;
  // Each layer's output (its gradient retained) and the number of weights per output channel.
  std::vector<std::pair<torch::Tensor, double>>* layer_outputs = nullptr;
};

inline ProxyTap*& active_proxy_tap() {
  thread_local ProxyTap* tap = nullptr;
  return tap;
}

// Sets the thread's tap for its lifetime.
class ScopedProxyTap {
public:
  explicit ScopedProxyTap(ProxyTap& tap) : previous_(active_proxy_tap()) { active_proxy_tap() = &tap; }
  ~ScopedProxyTap() { active_proxy_tap() = previous_; }
  ScopedProxyTap(const ScopedProxyTap&) = delete;
  ScopedProxyTap& operator=(const ScopedProxyTap&) = delete;

private:
  ProxyTap* previous_;
};

inline torch::Tensor tapped_relu(const torch::Tensor& x) {
  if (ProxyTap* tap = active_proxy_tap(); tap && tap->relu_inputs) tap->relu_inputs->push_back(x.detach());
  return torch::relu(x);
}

// Batch norm, switched off by a proxy tap, or taken by the training step's
// BatchNormRule (distributed.hpp: over a data-parallel group's whole batch, or
// over groups of images) while one is active on this thread. Only batch norm
// with batch statistics and no affine parameters, as the supernets use, has a rule.
template <class Norm>
torch::Tensor tapped_norm(Norm& norm, const torch::Tensor& x) {
  if (ProxyTap* tap = active_proxy_tap(); tap && tap->bypass_batch_norm) return x;
  if (const BatchNormRule* rule = active_batch_norm_rule(); rule && (rule->sync || rule->group_images > 0)) {
    if (norm->options.affine() || norm->options.track_running_stats()) {
      throw std::logic_error("a batch-norm rule applies to batch statistics without affine parameters only");
    }
    return batch_norm_by_rule(*rule, x, norm->options.eps());
  }
  return norm(x);
}

// `layer` is a Conv2d or Linear holder.
template <class Layer>
torch::Tensor tapped_layer(Layer& layer, const torch::Tensor& x) {
  torch::Tensor y = layer(x);
  if (ProxyTap* tap = active_proxy_tap(); tap && tap->layer_outputs && y.requires_grad()) {
    y.retain_grad();
    tap->layer_outputs->emplace_back(y, static_cast<double>(layer->weight[0].numel()));
  }
  return y;
}

}  // namespace hwnas
