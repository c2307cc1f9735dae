#pragma once
// The weight-sharing supernets. Includes LibTorch: only search/supernet may
// include this header.
#include <torch/torch.h>

#include <optional>
#include <vector>

#include "core/arch.hpp"
#include "spaces/fbnet_space.hpp"

namespace hwnas {

// How a supernet combines the candidate ops of each decision:
// `weights` [decisions, choices] multiplies each op's output; when `chosen` is
// set only chosen[d] is computed at decision d (GDAS's hard sample, or a fixed
// sub-network), scaled by weights[d][chosen[d]] so gradients still reach the
// architecture parameters through a straight-through estimator.
struct Mixing {
  torch::Tensor weights;
  std::optional<Arch> chosen;
};

class Supernet : public torch::nn::Module {
public:
  virtual torch::Tensor forward(const torch::Tensor& x, const Mixing& mixing) = 0;
  virtual std::int64_t decisions() const = 0;
  virtual std::int64_t choices() const = 0;
};

// NAS-Bench-201's TinyNetwork with a mixed op on each of the 6 cell edges:
// stem 3x3 conv, three stages of `cells` cells with C, 2C, 4C channels, a
// residual stride-2 block between stages, BN + ReLU, global pooling, linear.
// Batch norm uses batch statistics only (no running averages), as NAS-Bench-201's
// search cells do: a sub-network's accuracy then needs no re-calibration.
std::shared_ptr<Supernet> make_nb201_supernet(int in_channels, int num_classes, int channels, int cells);

// The 22-layer FBNet supernet with its 9 candidate blocks per layer, on the
// macro setting of `space` (strides, stem, head) with every channel count
// scaled by width/16 (rounded to an even number for the group convolutions).
std::shared_ptr<Supernet> make_fbnet_supernet(const FbnetSpace& space, int in_channels, int num_classes, int width);

}  // namespace hwnas
