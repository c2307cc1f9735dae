#pragma once
// The weight-sharing supernets. Includes LibTorch: only torch/ may
// include this header.
#include <torch/torch.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/arch.hpp"
#include "core/registry.hpp"
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

// A network as the benchmark defines it, for timing (hwnas measure): the
// supernet computing one op per decision, its square input and its classes.
struct BenchmarkNetwork {
  std::shared_ptr<Supernet> net;
  int input_size = 0;
  int num_classes = 0;
  std::string description;  // e.g. "NB201 TinyNetwork C=16 N=5, cifar10"
};

// Which supernet belongs to which space, found by the space's name(): the one
// place training and measurement look it up (a new space with a supernet is
// one entry here). Safe from any thread.
struct SupernetFamily {
  std::string name;  // the space's name()
  std::string description;
  // The supernet to train: `in_channels` and `num_classes` from the images,
  // `channels` and `cells` from the configuration (cells: NB201's per stage).
  std::function<std::shared_ptr<Supernet>(const SearchSpace&, int in_channels, int num_classes, int channels, int cells)>
      build;
  // The benchmark's own network on `dataset` (NB201's dataset; FBNet's is the space's setting).
  std::function<BenchmarkNetwork(const SearchSpace&, const std::string& dataset)> benchmark_network;
};
const Registry<SupernetFamily>& supernet_families();

}  // namespace hwnas
