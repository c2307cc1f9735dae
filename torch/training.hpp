#pragma once
// What training a supernet and scoring its sub-networks share, inside torch/
// (includes LibTorch): checkpoint settings, the device, the supernet of a
// space, the seeded data split, sub-network accuracy, and the registries of
// supernet modes and cost losses (supernet_modes.cpp).
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/registry.hpp"
#include "torch/image_data.hpp"
#include "torch/supernet_search.hpp"
#include "torch/supernets.hpp"

namespace hwnas::training {

// The shortest text that reads back as `v` (settings are compared as text).
std::string number_text(double v);

// The settings as stored in a checkpoint: "name=value" lines.
void write_settings(torch::serialize::OutputArchive& a, const SupernetSettings& settings);

// The settings a checkpoint stores; InputError naming `file` when absent or damaged.
SupernetSettings read_settings(torch::serialize::InputArchive& a, const std::filesystem::path& file);

// How a checkpoint's settings differ from a run's: "name was (this run: now)"
// for each, joined by ", "; empty when they agree. A setting recorded only by
// later versions (world-size, bn-images) counts as its value before it existed
// (1 rank, whole-batch batch norm); any other missing one as "(not recorded)".
std::string setting_differences(const SupernetSettings& saved, const SupernetSettings& current);

// The value of setting `name`; InputError naming `file` when it lacks one.
std::string setting(const SupernetSettings& settings, std::string_view name, const std::filesystem::path& file);

// --torch-device: cpu, cuda or auto (cuda where this LibTorch has one). InputError otherwise.
torch::Device pick_device(const std::string& wanted);

// The supernet of `space` (supernet_families()) for the images of `data`.
std::shared_ptr<Supernet> build_supernet(const SearchSpace& space, const ImageData& data, const SupernetConfig& c);

// The seeded split of the training images: the first half trains weights, the second alpha (and scores sub-networks).
std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>> split(std::int64_t n, std::uint64_t seed);

// Top-1 accuracy (%) of `net` mixed by `m` on (x, y), in batches of 256, without gradients.
double accuracy_of(Supernet& net, const torch::Tensor& x, const torch::Tensor& y, const Mixing& m, torch::Device dev);

// The mixing that computes only the ops of `arch`.
Mixing fixed_mixing(const Arch& arch, std::int64_t decisions, std::int64_t choices, torch::Device dev);

// The most probable op of each decision.
Arch argmax_arch(const torch::Tensor& alpha);

// Drops every gradient (PyTorch's zero_grad(set_to_none=True); libtorch 1.13's
// zero_grad() only zeroes them). With zeroed-but-defined gradients SGD keeps
// applying momentum and weight decay to ops a GDAS sample did not use, and that
// hidden state is lost at a restart: resumed runs then diverge. With none, an
// op that did not run in a step is not touched by it.
void clear_grads(const std::vector<torch::Tensor>& params);

// LibTorch intra-op threads: `threads`, or every core for 0.
void set_threads(int threads);

// Runs `read` on the checkpoint `file`; LibTorch's errors about a damaged or
// foreign file (a multi-line trace) become one line naming the file.
template <typename Read>
void read_checkpoint(const std::filesystem::path& file, Read&& read) {
  try {
    read();
  } catch (const c10::Error& e) {
    std::string reason = e.what_without_backtrace();
    reason = reason.substr(0, reason.find('\n'));
    throw InputError(file.string() + ": not a readable hwnas checkpoint (" + reason + ")");
  }
}

// A supernet mode (SupernetConfig::mode, the searcher's name): how a step
// mixes the candidate ops from the architecture weights, and the temperature
// schedule of that mixing. A new mode is one entry in supernet_modes.cpp and its searcher's
// entry in search/searchers/registry.cpp.
struct SupernetMode {
  std::string name;
  std::string description;
  // The temperature of `epoch` (0-based) of `epochs`; tau_max/tau_min are the user's overrides.
  std::function<double(int epoch, int epochs, std::optional<double> tau_max, std::optional<double> tau_min)>
      temperature;
  // The mixing of one step from `alpha` at temperature `tau`; `gumbel` draws
  // Gumbel(0, 1) noise of alpha's shape from the run's checkpointed stream.
  std::function<Mixing(const torch::Tensor& alpha, double tau, const std::function<torch::Tensor()>& gumbel)> mix;
};

const Registry<SupernetMode>& supernet_modes();

// A cost loss (--cost-loss): the architecture step's loss from the
// cross-entropy and the expected cost E[cost] under softmax(alpha).
struct CostLoss {
  std::string name;
  std::string description;
  std::function<torch::Tensor(const torch::Tensor& ce, const torch::Tensor& expected_cost, double weight, double scale)>
      loss;
  // log(E[cost]) must be positive: every cost above 1.
  bool needs_costs_above_one = false;
};

const Registry<CostLoss>& cost_losses();

}  // namespace hwnas::training
