#pragma once
// Zero-cost proxies of untrained networks (hwnas proxy, --accuracy-from
// proxy:NAME). Free of LibTorch: the torch-free `hwnas` reaches
// make_proxy_scorer through cli/torch_commands.hpp.
//
// Each network is built as the reference code builds it and initialised from
// hwnas's Rng, seeded by (seed, the network's text): a network's scores do not
// depend on which other networks are scored, in which order, or on how many
// threads score them. Initialisation is PyTorch's default (the reference
// scripts' `--init_w_type none`): every convolution and linear weight and bias
// uniform in +-1/sqrt(fan_in), batch norm scale 1 and shift 0. Networks run in
// training mode (batch statistics), as the reference measures do.
//   NB201: Zero-Cost-NAS's NAS201Model (foresight/models/nasbench2.py), the
//     TinyNetwork C=16, N=5 of NAS-Bench-201 with its parameter layout (cell
//     convolutions with bias and batch norm without affine parameters; stem,
//     reductions and head with affine batch norm), for the dataset's classes.
//   FBNet: the 22-layer network of the space's setting as hwnas's supernet
//     builds it, the chosen block of each layer (batch norm without affine
//     parameters); Zero-Cost-NAS has no FBNet model to follow.
// The minibatch: the first B images of a permutation of the training images
// drawn from (seed), the same for every network, resized (bilinear) to the
// network's input and repeated to 3 channels when the images have one
// (Fashion-MNIST). B is each proxy's reference batch (64; NASWOT's 128) unless
// batch_size is set.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/arch.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

struct ProxyConfig {
  std::string dataset;                  // NB201: cifar10 | cifar100 | ImageNet16-120; FBNet: the space's setting
  std::vector<std::string> proxies;     // names of proxies() that run a network, in output order
  std::string data = "fashion-mnist";   // see load_image_data
  std::optional<int> batch_size;        // every proxy's minibatch; default: each proxy's reference batch
  std::uint64_t seed = 0;               // weights (with the network) and the minibatch
};

// Scores networks of one space. score() is safe to call from several threads
// at once (each call builds its own network; the minibatch is shared
// read-only); the scorer sets LibTorch to one intra-op thread, so parallelism
// comes from scoring several networks at once and a score does not depend on
// the thread count. A value is NaN where a proxy is undefined (jacov of a
// network whose output does not depend on its input).
class ProxyScorer {
public:
  virtual ~ProxyScorer() = default;
  struct Scores {
    std::vector<double> values;   // one per config.proxies, in that order
    std::vector<double> seconds;  // the time each took (wall clock, this thread)
    double build_seconds = 0;     // building and initialising the network
  };
  virtual Scores score(const Arch& arch) const = 0;
  virtual std::string describe() const = 0;  // network, data and batch sizes, for the settings file
  virtual std::string torch_version() const = 0;
};
// InputError for a space without a proxy network, an unknown dataset, a proxy
// that does not run a network (flops, params), missing or bad image files.
std::unique_ptr<ProxyScorer> make_proxy_scorer(const SearchSpace& space, const ProxyConfig& config);

// Writes what score() computes on for `arch`, for the reference comparison
// (scripts/proxy_reference.py): `file` holds, in torch.load's format, a dict of
// the network's initial parameters and buffers under the reference model's
// state_dict names (NB201) and the minibatch (`inputs`, `targets`, for the
// largest batch the proxies use). InputError for FBNet (no reference model).
void dump_proxy_inputs(const SearchSpace& space, const ProxyConfig& config, const Arch& arch, const std::filesystem::path& file);

}  // namespace hwnas
