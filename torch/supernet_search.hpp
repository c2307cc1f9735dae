#pragma once
// hwnas torch: everything that links LibTorch: differentiable, hardware-aware
// supernet search, the trained supernet as an accuracy source, latency
// measurement (hwnas measure) and the mlp predictor; run_supernet_search
// (supernet_run.hpp) reports a supernet search through the search schema.
// This header and supernet_run.hpp are free of LibTorch; the headers that
// include it (image_data.hpp, supernets.hpp) stay in this folder. The
// torch-free `hwnas` reaches this library only through cli/torch_commands.hpp.
//
// A weight-sharing supernet of the space (NB201 cell supernet, FBNet 22-layer
// supernet) is trained on real images while architecture parameters alpha
// [decisions x choices] are trained on a held-out split, alternating as DARTS
// does (first order): weights with SGD + momentum and a cosine schedule, alpha
// with Adam. Modes: darts (softmax mixture), gdas (hard Gumbel-softmax sample,
// temperature 10 -> 0.1 linearly), fbnet (soft Gumbel-softmax, temperature
// 5 * 0.956^epoch). The hardware-cost term uses E[cost] = constant +
// sum over decisions of softmax(alpha) . table, a differentiable expectation of
// an additive cost table (exact for FBNet, a least-squares fit for NB201).
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "benchmark/accuracy_source.hpp"
#include "cost/additive_cost.hpp"
#include "core/registry.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

struct SupernetConfig {
  std::string mode = "darts";          // darts | gdas | fbnet
  std::string data = "fashion-mnist";  // see load_image_data
  std::size_t train_images = 0;        // 0: the whole training set; half trains weights, half alpha
  int epochs = 10;
  int batch_size = 64;
  int channels = 16;  // NB201: C of the first stage; FBNet: stem width (16 = the original widths)
  int cells = 5;      // NB201 cells per stage
  double weight_lr = 0.025, weight_lr_min = 0.001, weight_momentum = 0.9, weight_decay = 3e-4;
  double arch_lr = 3e-4, arch_decay = 1e-3;
  // additive: CE + cost_weight * E[cost]/scale (ProxylessNAS-style penalty);
  // multiplicative: CE * 0.2 * log(E[cost])^cost_weight (FBNet's loss; beta = cost_weight).
  std::string cost_loss = "additive";
  double cost_weight = 0.0;
  // How the search treats --limit (constraint_kinds()): "penalty" is the cost
  // loss above with its fixed weight; "lagrange" keeps E[cost] at or under the
  // limit with a multiplier it adapts itself (dual ascent, step dual_lr).
  std::string constraint = "penalty";
  double dual_lr = 0.1;
  std::optional<double> tau_max, tau_min;  // defaults per mode
  std::uint64_t seed = 0;
  int threads = 0;                    // 0: all cores
  std::string torch_device = "auto";  // cpu | cuda | auto
  std::size_t eval_images = 1000;     // validation images used to score a sub-network
  std::optional<std::filesystem::path> checkpoint_dir;  // checkpoint.pt written there after every epoch
  bool resume = false;                 // continue from checkpoint_dir/checkpoint.pt
  std::optional<int> stop_after_epoch;  // end early after this epoch (time-boxed runs; resume later)
  // Ranks that train this run together, each on its equal share of every batch
  // (torch/distributed.hpp): the process's active group must have this size.
  // 1: this process trains alone. Recorded as the setting world-size.
  int data_parallel_ranks = 1;
  // Images whose batch-norm statistics are taken together in a training step
  // (--bn-images): 0, the whole batch (across the ranks of a group: batch norm
  // synchronised, one all-reduce per layer); else a divisor of each rank's
  // share of the batch: each group of that many images normalised by its own
  // statistics (ghost batch norm), with no communication. The same for any
  // split of the batch either way.
  std::int64_t batch_norm_images = 0;
  bool progress = true;                 // progress bar (drawn only on a terminal)
};

// The cost losses (SupernetConfig::cost_loss, --cost-loss) by name and
// description, free of LibTorch so that the torch-free `hwnas` lists them in
// its help; supernet_modes.cpp gives each its implementation (a kind without one is a
// logic_error there, and a test checks they match).
struct CostLossKind {
  std::string name;
  std::string description;
};
inline const Registry<CostLossKind>& cost_loss_kinds() {
  static const Registry<CostLossKind> registry(
      "--cost-loss", {
                         {"additive", "CE + w * E[cost] / scale (ProxylessNAS-style penalty)"},
                         {"multiplicative", "CE * 0.2 * log(E[cost])^w (FBNet's loss, beta = w)"},
                     });
  return registry;
}

// The ways a supernet search handles its cost limit (SupernetConfig::constraint,
// --constraint), torch-free like cost_loss_kinds() for the same reason; the
// trainer implements each (a test checks they match).
struct ConstraintKind {
  std::string name;
  std::string description;
  bool needs_limit = false;  // InputError without --limit
};
inline const Registry<ConstraintKind>& constraint_kinds() {
  static const Registry<ConstraintKind> registry(
      "--constraint",
      {
          {"penalty", "the --cost-loss with the fixed --cost-weight; the limit only judges the result", false},
          {"lagrange",
           "CE + lambda * E[cost]/limit, lambda >= 0 raised while E[cost] > limit and lowered while under (dual ascent, "
           "--dual-lr); no weight to tune (the default with --limit)",
           true},
      });
  return registry;
}

// One step of lagrange's projected dual ascent: lambda + step * (cost/limit - 1),
// never below 0. It rises while `cost` is over the limit, falls while under.
inline double dual_ascent(double lambda, double cost, double limit, double step) {
  const double next = lambda + step * (cost / limit - 1.0);
  return next > 0 ? next : 0.0;
}

// The names of supernet_modes.cpp's registries: the supernet modes (SupernetConfig::mode,
// one per supernet searcher of search/searchers/registry.cpp) and the cost
// losses it implements, in registration order.
std::vector<std::string> supernet_mode_names();
std::vector<std::string> cost_loss_names();

// The cost the search is pushed down on: an additive table of one device
// metric, divided by `scale` in the additive loss (the limit, or the space's
// mean cost) so that cost_weight is unit-free.
struct DifferentiableCost {
  std::string name;  // e.g. edgegpu_latency
  AdditiveTable table;
  double scale = 1.0;
  // The search's --limit, if any. With one, the derived architecture is
  // derive_within_limit(log softmax(alpha)): the most probable architecture
  // that meets the limit under the real cost (cost/most_probable_within.hpp),
  // never the argmax followed by a feasibility check. Called once per run.
  std::optional<double> limit;
  std::function<std::optional<Arch>(const std::vector<std::vector<double>>& log_prob)> derive_within_limit;
};

struct SupernetEpoch {
  int epoch;  // 1-based
  double loss, train_acc, valid_acc, expected_cost, temperature;
  double multiplier = 0;  // lagrange: lambda at the end of the epoch (0 otherwise)
};

struct SupernetResult {
  Arch arch;              // the derived architecture: argmax_arch, or with a limit the most probable one that meets it
  Arch argmax_arch;       // argmax of alpha per decision
  double valid_acc = 0;   // the derived sub-network with inherited weights, on the validation split
  double expected_cost = 0;
  std::vector<std::vector<double>> alpha;
  std::vector<SupernetEpoch> log;  // every epoch trained, resumed ones included
  bool finished = false;           // false when stopped by stop_after_epoch
};

// Every setting that changes what a supernet run computes, as (name, value)
// text with the command-line option names: a checkpoint stores them, a resumed
// run must match them all (InputError listing each difference otherwise), and
// result.json records them. Threads and torch device are the effective ones.
using SupernetSettings = std::vector<std::pair<std::string, std::string>>;
SupernetSettings supernet_settings(const SearchSpace& space, const SupernetConfig& config,
                                   const std::optional<DifferentiableCost>& cost);

// Trains (or resumes) a supernet of `space` (Nb201Space or FbnetSpace) and
// derives its architecture. Throws InputError on bad settings or data, on a
// checkpoint that is damaged or was made with other settings, and when the
// training loss turns non-finite (diverged: the message names seed and epoch).
SupernetResult train_supernet(const SearchSpace& space, const SupernetConfig& config,
                              const std::optional<DifferentiableCost>& cost);

// A trained supernet (the checkpoint directory of train_supernet) as an
// accuracy source: a sub-network's accuracy with inherited weights on the
// supernet's validation split. `final_source`, if given, supplies final
// accuracies (e.g. NB201's table); otherwise they are unknown.
std::shared_ptr<AccuracySource> load_supernet_accuracy(const std::filesystem::path& checkpoint_dir,
                                                       const SearchSpace& space,
                                                       std::shared_ptr<const AccuracySource> final_source = nullptr);

// Measuring inference latency on this machine (hwnas measure).
struct LatencyMeterConfig {
  std::string dataset;  // NB201: cifar10 | cifar100 | ImageNet16-120; FBNet: the space's own setting
  int threads = 1;      // intra-op threads, fixed for the whole measurement
  int warmup = 10;      // untimed runs before the timed ones, per network
  int repeats = 50;     // timed runs per network
  std::uint64_t seed = 0;  // weights and input (their values do not change the work done)
};
struct LatencyStats {
  double median_ms = 0, q25_ms = 0, q75_ms = 0, min_ms = 0, max_ms = 0;
};
// Times networks of one space as HW-NAS-Bench measures: batch size 1, eval
// mode, no autograd. NB201: TinyNetwork (C=16, N=5) for the dataset's input
// size and classes; FBNet: the 22-layer network of its macro setting. Both are
// the supernet of the space with only the chosen op of each decision computed
// (scaled by a constant 1: one extra multiply per op). Not thread-safe: one
// meter at a time in a process (it sets LibTorch's thread count).
class LatencyMeter {
public:
  virtual ~LatencyMeter() = default;
  virtual LatencyStats measure(const Arch& arch) = 0;
  virtual std::string describe() const = 0;         // what is timed, for the metadata
  virtual std::string torch_version() const = 0;    // the LibTorch that runs it
};
// InputError for a space or dataset it cannot build, or bad settings.
std::unique_ptr<LatencyMeter> make_latency_meter(const SearchSpace& space, const LatencyMeterConfig& config);

// Installs the LibTorch cost predictors (cost/predict.hpp's mlp). Call once at
// start-up, before any prediction.
void install_torch_predictors();

}  // namespace hwnas
