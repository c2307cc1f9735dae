#pragma once
// Where a process stands in a group of ranks that train one supernet together
// (data-parallel) or split a sweep of seeds: the settings torchrun's
// environment gives every rank, and the backend and time-out of the group.
// Free of LibTorch (the torch-free `hwnas` reads them to decide which rank
// writes the outputs); torch/distributed.hpp joins the group.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "core/registry.hpp"

namespace hwnas {

struct DistributedSettings {
  int rank = 0;         // RANK: 0 .. world_size - 1; rank 0 writes outputs and checkpoints
  int world_size = 1;   // WORLD_SIZE
  int local_rank = 0;   // LOCAL_RANK: the rank among this machine's processes
  int local_world_size = 1;  // LOCAL_WORLD_SIZE: processes on this machine (default threads = cores / this)
  std::string master_addr = "127.0.0.1";  // MASTER_ADDR: the host of rank 0, which serves the rendezvous store
  int master_port = 29500;                // MASTER_PORT
  std::string backend = "gloo";           // --dist-backend (distributed_backends())
  double timeout_seconds = 180;           // --dist-timeout: joining, and any one collective operation
  std::string mode = "data";              // --dist-mode (distributed_modes())
};

// A group of ranks as the torch-free commands see it (hwnas proxy splits its
// networks over one): who this rank is, and text passed between ranks through
// the rendezvous store. Made by torch_commands().join_group (LibTorch's c10d,
// torch/distributed.hpp). Failures are DistributedError naming the rank.
class RankGroup {
public:
  virtual ~RankGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Whether item `i` of a list the ranks share out (seeds, networks) is this
  // rank's: item i goes to rank i mod size.
  bool owns(std::size_t i) const { return static_cast<int>(i % static_cast<std::size_t>(size())) == rank(); }
  static int owner(std::size_t i, int size) { return static_cast<int>(i % static_cast<std::size_t>(size)); }
  // What rank r publishes under `key`, any rank can fetch (waiting for it up to the time-out).
  virtual void publish(const std::string& key, const std::string& value) = 0;
  virtual std::string fetch(const std::string& key) = 0;
  // Every rank waits for the others; rank 0, which serves the store, leaves last.
  virtual void finish() = 0;
};

// Joins the group `settings` describe (every rank must): a DistributedGroup.
// Needs LibTorch: defined in torch/distributed.cpp, reached from the torch-free
// commands through torch_commands().join_group.
std::unique_ptr<RankGroup> join_rank_group(const DistributedSettings& settings);

// The collective backends by name. gloo runs everywhere (CPU tensors); nccl
// is listed so that asking for it is answered with the reason it is missing:
// this hwnas is built against Debian's CPU-only LibTorch, which has no NCCL.
struct DistributedBackend {
  std::string name;
  std::string description;
};
inline const Registry<DistributedBackend>& distributed_backends() {
  static const Registry<DistributedBackend> registry(
      "--dist-backend", {{"gloo", "Gloo over TCP (CPU; the default)"},
                         {"nccl", "NVIDIA NCCL (needs a CUDA build of LibTorch; not in this build)"}});
  return registry;
}

// What the ranks of a group share.
struct DistributedMode {
  std::string name;
  std::string description;
};
inline const Registry<DistributedMode>& distributed_modes() {
  static const Registry<DistributedMode> registry(
      "--dist-mode",
      {{"data", "every seed is trained by all ranks together: each batch split across ranks, gradients averaged"},
       {"seeds", "each rank trains its own share of --seeds alone (seed i on rank i mod world size); rank 0 reports all"}});
  return registry;
}

}  // namespace hwnas
