// c10d's TCPStore and ProcessGroupGloo, as LibTorch 1.13 ships them
// (libtorch_cpu), with Gloo's headers from Debian's libgloo-dev.
#include "torch/distributed.hpp"

#include <c10/util/Logging.h>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <thread>

#include "core/error.hpp"

namespace hwnas {
namespace {

using Milliseconds = std::chrono::milliseconds;

// The first line of a LibTorch or Gloo message, without its C++ backtrace.
std::string first_line(const std::exception& e) {
  const auto* c10 = dynamic_cast<const c10::Error*>(&e);
  std::string text = c10 ? c10->what_without_backtrace() : e.what();
  text = text.substr(0, text.find('\n'));
  return text;
}

// "180 s", "2.5 s": a time-out as the messages give it.
std::string fixed_seconds(double seconds) {
  std::ostringstream out;
  out << seconds << " s";
  return out.str();
}

bool is_loopback(const std::string& host) { return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1"; }

DistributedGroup*& process_group_slot() {
  static DistributedGroup* group = nullptr;
  return group;
}

// The sum over ranks in the forward pass, and (since every rank's output is
// that same sum) the sum over ranks of the incoming gradients in the backward.
struct DifferentiableSum : torch::autograd::Function<DifferentiableSum> {
  static torch::Tensor forward(torch::autograd::AutogradContext*, const torch::Tensor& x) {
    std::vector<torch::Tensor> t{x.detach().contiguous().clone()};
    active_group()->sum(t);
    return t[0];
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext*, torch::autograd::variable_list grad) {
    std::vector<torch::Tensor> t{grad[0].contiguous().clone()};
    active_group()->sum(t);
    return {t[0]};
  }
};

}  // namespace

struct DistributedGroup::State {
  c10::intrusive_ptr<c10d::TCPStore> store;
  c10::intrusive_ptr<c10d::ProcessGroup> group;
};

DistributedGroup::DistributedGroup(const DistributedSettings& s) : settings_(s), state_(std::make_unique<State>()) {
  distributed_backends().get(s.backend);
  if (s.world_size < 1 || s.rank < 0 || s.rank >= s.world_size) {
    throw InputError("RANK " + std::to_string(s.rank) + " is not in 0.." + std::to_string(s.world_size - 1));
  }
  if (!(s.timeout_seconds > 0)) throw InputError("--dist-timeout must be positive");
  if (s.backend == "nccl") {
    // Debian's LibTorch is CPU-only: a ProcessGroupNCCL path could be neither built nor tested here.
    throw InputError("--dist-backend nccl is not built into this hwnas (its LibTorch, " TORCH_VERSION
                     ", is Debian's CPU-only build, without NCCL): use gloo");
  }
  // c10d reports through glog, whose lines would come before (and repeat) ours.
  FLAGS_caffe2_log_level = 3;
  c10::UpdateLoggingLevelsFromFlags();
  const Milliseconds timeout(static_cast<std::int64_t>(s.timeout_seconds * 1000));
  const std::string where = s.master_addr + ":" + std::to_string(s.master_port);
  const std::string who = "rank " + std::to_string(s.rank) + " of " + std::to_string(s.world_size);
  try {
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(s.master_port);
    options.isServer = s.rank == 0;
    options.numWorkers = s.world_size;
    options.waitWorkers = true;
    options.timeout = timeout;
    state_->store = c10::make_intrusive<c10d::TCPStore>(s.master_addr, options);
  } catch (const std::exception& e) {
    const std::string reason = first_line(e);
    if (s.rank == 0 && reason.find("ddress already in use") != std::string::npos) {
      throw DistributedError(who + ": cannot serve the rendezvous at " + where + ": the port is in use (set MASTER_PORT to a free one)");
    }
    throw DistributedError(who + ": the group did not form at " + where + " within --dist-timeout " +
                           fixed_seconds(s.timeout_seconds) + " (" + reason + ")");
  }
  try {
    auto options = c10d::ProcessGroupGloo::Options::create(timeout);
    // Gloo's own connections: the interface named by GLOO_SOCKET_IFNAME (as in
    // PyTorch), the loopback one for a group on this machine, else the
    // address this host's name resolves to.
    if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname) {
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
    } else if (is_loopback(s.master_addr)) {
      options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    } else {
      options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    }
    state_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(state_->store, s.rank, s.world_size, options);
  } catch (const std::exception& e) {
    throw DistributedError(who + ": the group did not form at " + where + " within --dist-timeout " +
                           fixed_seconds(s.timeout_seconds) + " (Gloo could not connect the ranks: " + first_line(e) + ")");
  }
}

DistributedGroup::~DistributedGroup() = default;

std::string DistributedGroup::who() const {
  return "rank " + std::to_string(settings_.rank) + " of " + std::to_string(settings_.world_size);
}

void DistributedGroup::sum(std::vector<torch::Tensor>& tensors) {
  if (tensors.empty()) return;
  // One collective per dtype: the tensors flattened into one buffer and back.
  std::vector<torch::Tensor> flat;
  for (const auto& t : tensors) flat.push_back(t.detach().reshape({-1}).to(tensors.front().scalar_type()));
  std::vector<torch::Tensor> buffer{torch::cat(flat)};
  try {
    state_->group->allreduce(buffer)->wait();
  } catch (const std::exception& e) {
    throw DistributedError(who() + ": a collective operation failed (a peer died, or did not answer within --dist-timeout " +
                           fixed_seconds(settings_.timeout_seconds) + "): " + first_line(e));
  }
  std::int64_t offset = 0;
  for (auto& t : tensors) {
    const std::int64_t n = t.numel();
    torch::NoGradGuard no_grad;
    t.copy_(buffer[0].narrow(0, offset, n).view_as(t));
    offset += n;
  }
}

void DistributedGroup::average(std::vector<torch::Tensor>& tensors) {
  sum(tensors);
  torch::NoGradGuard no_grad;
  for (auto& t : tensors) t.div_(size());
}

torch::Tensor DistributedGroup::differentiable_sum(const torch::Tensor& x) {
  if (active_group() != this) throw std::logic_error("differentiable_sum on a group that is not the active one");
  return DifferentiableSum::apply(x);
}

void DistributedGroup::check_identical(std::uint64_t digest, const std::string& what) {
  // Two 32-bit halves as int64, each reduced by min and max: equal everywhere iff min == max.
  const auto value = torch::tensor({static_cast<std::int64_t>(digest >> 32), static_cast<std::int64_t>(digest & 0xffffffffu)});
  std::vector<torch::Tensor> low{value.clone()}, high{value.clone()};
  try {
    c10d::AllreduceOptions min_options, max_options;
    min_options.reduceOp = c10d::ReduceOp::MIN;
    max_options.reduceOp = c10d::ReduceOp::MAX;
    state_->group->allreduce(low, min_options)->wait();
    state_->group->allreduce(high, max_options)->wait();
  } catch (const std::exception& e) {
    throw DistributedError(who() + ": comparing " + what + " across ranks failed: " + first_line(e));
  }
  if (!low[0].equal(high[0])) {
    throw DistributedError(who() + ": the ranks disagree on " + what +
                           " (their training diverged: a different build, data or setting on some rank)");
  }
}

void DistributedGroup::publish(const std::string& key, const std::string& value) {
  try {
    state_->store->set("hwnas/" + key, std::vector<std::uint8_t>(value.begin(), value.end()));
  } catch (const std::exception& e) {
    throw DistributedError(who() + ": cannot publish " + key + ": " + first_line(e));
  }
}

std::string DistributedGroup::fetch(const std::string& key) {
  try {
    const auto bytes = state_->store->get("hwnas/" + key);
    return {bytes.begin(), bytes.end()};
  } catch (const std::exception& e) {
    throw DistributedError(who() + ": " + key + " did not arrive within --dist-timeout " +
                           fixed_seconds(settings_.timeout_seconds) + " (" + first_line(e) + ")");
  }
}

void DistributedGroup::finish() {
  try {
    state_->group->barrier()->wait();
    // Rank 0 serves the store: it leaves only once every other rank has said it is done with it.
    if (rank() != 0) {
      state_->store->add("hwnas/finished", 1);
    } else {
      const auto deadline = std::chrono::steady_clock::now() + Milliseconds(static_cast<std::int64_t>(settings_.timeout_seconds * 1000));
      while (state_->store->add("hwnas/finished", 0) < size() - 1 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(Milliseconds(5));
      }
    }
  } catch (const std::exception& e) {
    throw DistributedError(who() + ": a peer left before the end: " + first_line(e));
  }
}

DistributedGroup* active_group() { return process_group_slot(); }

std::unique_ptr<RankGroup> join_rank_group(const DistributedSettings& settings) {
  return std::make_unique<DistributedGroup>(settings);
}

ScopedDistributedGroup::ScopedDistributedGroup(DistributedGroup& group) {
  if (process_group_slot()) throw std::logic_error("one distributed group per process");
  process_group_slot() = &group;
}
ScopedDistributedGroup::~ScopedDistributedGroup() { process_group_slot() = nullptr; }

BatchNormRule*& active_batch_norm_rule() {
  thread_local BatchNormRule* rule = nullptr;
  return rule;
}

torch::Tensor batch_norm_by_rule(const BatchNormRule& rule, const torch::Tensor& x, double eps) {
  const auto n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  if (rule.group_images > 0) {
    if (n % rule.group_images != 0) throw std::logic_error("a batch that is not a whole number of batch-norm groups");
    // Each group of G images as its own channels: [k, G, C, H, W] -> [G, k*C, H, W],
    // so LibTorch's batch norm takes every (group, channel) pair's statistics at once.
    const auto g = rule.group_images, k = n / g;
    if (k == 1) {
      return torch::nn::functional::batch_norm(x, torch::Tensor(), torch::Tensor(),
                                               torch::nn::functional::BatchNormFuncOptions().training(true).eps(eps));
    }
    const auto grouped = x.reshape({k, g, c, h, w}).transpose(0, 1).reshape({g, k * c, h, w});
    const auto normed = torch::nn::functional::batch_norm(grouped, torch::Tensor(), torch::Tensor(),
                                                          torch::nn::functional::BatchNormFuncOptions().training(true).eps(eps));
    return normed.reshape({g, k, c, h, w}).transpose(0, 1).reshape({n, c, h, w});
  }
  if (!rule.sync) throw std::logic_error("a batch-norm rule with neither a group nor a group size");
  // Per channel over (batch, height, width): the share's mean and mean square,
  // averaged over the ranks (every share has the same size), give the whole
  // batch's mean and biased variance, as batch norm uses them.
  DistributedGroup& group = *rule.sync;
  const std::vector<std::int64_t> dims{0, 2, 3};
  const auto local = torch::stack({x.mean(dims), (x * x).mean(dims)});
  const auto global = group.differentiable_sum(local) / group.size();
  const auto mean = global[0];
  const auto var = (global[1] - mean * mean).clamp_min(0);
  const std::vector<std::int64_t> shape{1, c, 1, 1};
  return (x - mean.view(shape)) * torch::rsqrt(var.view(shape) + eps);
}

std::uint64_t tensor_digest(const std::vector<torch::Tensor>& tensors, std::uint64_t hash) {
  for (const auto& t : tensors) {
    const auto c = t.detach().to(torch::kCPU).contiguous();
    const auto* bytes = static_cast<const unsigned char*>(c.data_ptr());
    const std::size_t n = static_cast<std::size_t>(c.numel()) * c.element_size();
    for (std::size_t i = 0; i < n; ++i) {
      hash ^= bytes[i];
      hash *= 1099511628211ull;
    }
  }
  return hash;
}

}  // namespace hwnas
