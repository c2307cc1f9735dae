#pragma once
// Data-parallel supernet training on PyTorch's own distributed engine (c10d):
// a group of ranks joined through a TCPStore rendezvous at MASTER_ADDR:PORT,
// collectives by Gloo (or NCCL in a CUDA build), and the two things training
// needs from it: averaged gradients, and batch norm whose statistics span the
// whole batch however it is split. Includes LibTorch: only torch/ may include
// this header (cli/ sees distributed_settings.hpp).
//
// Failures of the group (a peer that never joins, dies or stops answering
// within the time-out, a port in use, an unreachable address) are
// DistributedError: one line naming the rank and what happened, never a hang
// past DistributedSettings::timeout_seconds.
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "torch/distributed_settings.hpp"

namespace hwnas {

class DistributedGroup final : public RankGroup {
public:
  // Joins the group (every rank must call it; rank 0 serves the store).
  // InputError for settings that cannot work here (an unknown or unavailable
  // backend); DistributedError when the group cannot form in time.
  explicit DistributedGroup(const DistributedSettings& settings);
  ~DistributedGroup() override;
  DistributedGroup(const DistributedGroup&) = delete;
  DistributedGroup& operator=(const DistributedGroup&) = delete;

  int rank() const override { return settings_.rank; }
  int size() const override { return settings_.world_size; }
  const DistributedSettings& settings() const { return settings_; }

  // In place: every tensor becomes the sum (or mean) over the ranks of its
  // values there. The tensors must have the same shapes, in the same order, on
  // every rank; they are sent as one flat buffer per dtype.
  void sum(std::vector<torch::Tensor>& tensors);
  void average(std::vector<torch::Tensor>& tensors);
  // The sum over ranks as an autograd operation: its gradient is the sum over
  // ranks of the gradients (what synchronised batch norm differentiates through).
  torch::Tensor differentiable_sum(const torch::Tensor& x);
  // DistributedError unless every rank passes the same `digest` (e.g. a hash of
  // the weights): `what` says what was compared.
  void check_identical(std::uint64_t digest, const std::string& what);
  // Text through the rendezvous store: rank r's `publish(key, ...)` is what
  // any rank's `fetch(key)` returns, waiting for it up to the time-out.
  void publish(const std::string& key, const std::string& value) override;
  std::string fetch(const std::string& key) override;
  // Ends the group cleanly: every rank waits for the others, and rank 0 (which
  // serves the store) leaves last.
  void finish() override;

private:
  std::string who() const;  // "rank 1 of 2", as messages begin
  struct State;
  DistributedSettings settings_;
  std::unique_ptr<State> state_;
};

// The group this process trains in, set while a ScopedDistributedGroup lives
// (null: training alone). One per process.
DistributedGroup* active_group();
class ScopedDistributedGroup {
public:
  explicit ScopedDistributedGroup(DistributedGroup& group);
  ~ScopedDistributedGroup();
  ScopedDistributedGroup(const ScopedDistributedGroup&) = delete;
  ScopedDistributedGroup& operator=(const ScopedDistributedGroup&) = delete;
};

// How the supernets' batch norm (no affine parameters, batch statistics)
// takes its statistics during a training step, while a ScopedBatchNormRule
// lives on this thread. The supernets route their batch norm through
// tapped_norm (proxy_tap.hpp), which applies the active rule:
// - `sync` set: over the whole batch of the group, each rank holding an equal
//   share: the shares' means and mean squares are summed over the ranks by a
//   differentiable all-reduce, so normalisation and gradient are those of the
//   unsplit batch, up to the order of float sums (one all-reduce per batch
//   norm, forward and backward);
// - `group_images` > 0: over consecutive groups of that many images, each
//   normalised by its own statistics ("ghost batch norm", Hoffer et al. 2017):
//   with groups that divide each rank's share no rank needs another's, and the
//   result is the same for any split;
// - neither: over the tensor it is given (plain batch norm).
struct BatchNormRule {
  DistributedGroup* sync = nullptr;
  std::int64_t group_images = 0;
};
BatchNormRule*& active_batch_norm_rule();
class ScopedBatchNormRule {
public:
  explicit ScopedBatchNormRule(BatchNormRule& rule) : previous_(active_batch_norm_rule()) { active_batch_norm_rule() = &rule; }
  ~ScopedBatchNormRule() { active_batch_norm_rule() = previous_; }
  ScopedBatchNormRule(const ScopedBatchNormRule&) = delete;
  ScopedBatchNormRule& operator=(const ScopedBatchNormRule&) = delete;

private:
  BatchNormRule* previous_;
};
// Batch norm of `x` [N, C, H, W] under `rule`; a rule with neither is a logic_error.
torch::Tensor batch_norm_by_rule(const BatchNormRule& rule, const torch::Tensor& x, double eps);

// A 64-bit FNV-1a hash of the tensors' bytes (on the CPU, contiguous).
std::uint64_t tensor_digest(const std::vector<torch::Tensor>& tensors, std::uint64_t seed = 1469598103934665603ull);

}  // namespace hwnas
