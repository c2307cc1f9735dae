#pragma once
// The zero-cost proxies on any network, for proxies.cpp's scorer and for the
// tests that check each against a value computed by hand. Includes LibTorch:
// only torch/ and its tests include this header.
//
// Every function expects `net` in training mode with float parameters, and
// reads the weights of every Conv2d and Linear module (Zero-Cost-NAS's
// get_layer_metric_array); a layer without a gradient adds nothing. All but
// synflow leave the parameters as they were (gradients are dropped first).
#include <torch/torch.h>

#include <vector>

namespace hwnas {

// A network a proxy scores: one forward from images to logits.
struct ProxyNet : torch::nn::Module {
  virtual torch::Tensor forward(const torch::Tensor& x) = 0;
};

// Every convolution's and linear layer's weight, in module order.
std::vector<torch::Tensor> layer_weights(torch::nn::Module& net);
// PyTorch's default initialisation drawn from `rng`: see proxy_scorer.hpp.
class Rng;
void initialise(torch::nn::Module& net, Rng& rng);

namespace proxy {
// `shape` is one input's [C, H, W]; changes `net` (absolute, double parameters).
double synflow(ProxyNet& net, const std::vector<std::int64_t>& shape);
double snip(ProxyNet& net, const torch::Tensor& x, const torch::Tensor& y);
double grad_norm(ProxyNet& net, const torch::Tensor& x, const torch::Tensor& y);
double grasp(ProxyNet& net, const torch::Tensor& x, const torch::Tensor& y);
double fisher(ProxyNet& net, const torch::Tensor& x, const torch::Tensor& y);
double jacov(ProxyNet& net, const torch::Tensor& x);
double naswot(ProxyNet& net, const torch::Tensor& x);
}  // namespace proxy

}  // namespace hwnas
