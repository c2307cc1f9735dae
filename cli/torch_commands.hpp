#pragma once
// The work that needs LibTorch (supernet training, a trained supernet as an
// accuracy source, latency measurement, zero-cost proxies), behind a torch-free table of functions.
//
// LibTorch takes 0.7 s (idle machine) to 2.7 s (busy) just to load, so `hwnas`
// is built without it: its table's default entries hand the whole command line
// over to `hwnas-torch` (the same program with LibTorch, beside it), which
// registers the real entries before parsing. The user types one `hwnas`
// command either way. A build without LibTorch has no `hwnas-torch`, and the
// hand-over says so (InputError, exit 2).
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "torch/proxy_scorer.hpp"
#include "torch/distributed_settings.hpp"
#include "torch/supernet_run.hpp"

namespace hwnas {

struct TorchCommands {
  std::function<SupernetSearchOutput(const SupernetSearchOptions&, const std::string& searcher, const DataDir&)>
      supernet_search;
  std::function<std::shared_ptr<AccuracySource>(const std::filesystem::path& checkpoint_dir, const SearchSpace&,
                                                std::shared_ptr<const AccuracySource> final_source)>
      supernet_accuracy;
  // hwnas measure's timer (torch/'s make_latency_meter).
  std::function<std::unique_ptr<LatencyMeter>(const SearchSpace&, const LatencyMeterConfig&)> latency_meter;
  // hwnas proxy's scorer and its --dump-inputs (torch/proxy_scorer.hpp), and --accuracy-from proxy:NAME.
  std::function<std::unique_ptr<ProxyScorer>(const SearchSpace&, const ProxyConfig&)> proxy_scorer;
  std::function<void(const SearchSpace&, const ProxyConfig&, const Arch&, const std::filesystem::path&)> dump_proxy_inputs;
  // Joins a group of ranks (torch/distributed.hpp), for commands that split work over one.
  std::function<std::unique_ptr<RankGroup>(const DistributedSettings&)> join_group;
  // True in hwnas-torch, whose entries are the real ones and whose registries hold the LibTorch
  // entries too (the mlp predictor): a name unknown there is unknown everywhere.
  bool loaded = false;
};

// The process's table (not thread-safe to change: set it in main before parsing).
TorchCommands& torch_commands();

// Remembers argv for the hand-over; call first thing in main.
void set_command_line(int argc, char** argv);

// The command line set_command_line saved (empty in the Python module).
const std::vector<std::string>& saved_command_line();
// hwnas-torch beside this executable; InputError, saying that `why` needs
// LibTorch, when this build has none or there is no command line to pass on.
std::filesystem::path torch_executable(const std::string& why);
// GOMP_SPINCOUNT=10000 unless the user set it or OMP_WAIT_POLICY (see below).
void set_openmp_wait_policy();

// Replaces this process with hwnas-torch and the same arguments. Before that,
// sets GOMP_SPINCOUNT=10000 unless the user set it or OMP_WAIT_POLICY: OpenMP
// threads that spin without bound while waiting steal the cores the other
// threads need (measured: 79 s instead of 29 s on a loaded 2-core machine),
// while threads that sleep at once are slow to wake (FBNet steps 1.9x slower on
// an idle machine); a bounded spin is close to the best of both on either
// (README, "Threads"). Throws InputError when
// this build has no hwnas-torch.
[[noreturn]] void hand_off_to_torch(const std::string& why);

}  // namespace hwnas
