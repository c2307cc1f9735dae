// Latency of single networks on this machine (hwnas measure).
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>

#include "core/error.hpp"
#include "benchmark/nb201_benchmark.hpp"
#include "torch/supernet_search.hpp"
#include "torch/supernets.hpp"
#include "spaces/fbnet_space.hpp"

namespace hwnas {
namespace {

double quantile_of(std::vector<double> xs, double q) {
  std::sort(xs.begin(), xs.end());
  const double pos = q * static_cast<double>(xs.size() - 1);
  const auto lo = static_cast<std::size_t>(pos);
  const std::size_t hi = std::min(lo + 1, xs.size() - 1);
  return xs[lo] + (pos - static_cast<double>(lo)) * (xs[hi] - xs[lo]);
}

class TorchLatencyMeter final : public LatencyMeter {
public:
  TorchLatencyMeter(const SearchSpace& space, const LatencyMeterConfig& c) : config_(c) {
    if (c.threads < 1 || c.threads > 1024) throw InputError("--threads must be 1 .. 1024 for a measurement");
    if (c.repeats < 1 || c.warmup < 0) throw InputError("--repeats must be at least 1 and --warmup at least 0");
    torch::manual_seed(c.seed);
    torch::set_num_threads(c.threads);
    BenchmarkNetwork network = supernet_families().get(space.name()).benchmark_network(space, c.dataset);
    const int size = network.input_size, classes = network.num_classes;
    net_ = std::move(network.net);
    what_ = std::move(network.description);
    net_->eval();
    input_ = torch::randn({1, 3, size, size});
    weights_ = torch::ones({net_->decisions(), net_->choices()});
    what_ += ", " + std::to_string(size) + "x" + std::to_string(size) + " input, " + std::to_string(classes) +
             " classes, batch 1, eval mode, no autograd";
  }

  LatencyStats measure(const Arch& arch) override {
    torch::NoGradGuard no_grad;
    const Mixing mixing{weights_, arch};
    for (int i = 0; i < config_.warmup; ++i) net_->forward(input_, mixing);
    std::vector<double> ms;
    for (int i = 0; i < config_.repeats; ++i) {
      const auto start = std::chrono::steady_clock::now();
      const torch::Tensor out = net_->forward(input_, mixing);
      (void)out.data_ptr();  // the CPU result is complete once forward returns
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return {quantile_of(ms, 0.5), quantile_of(ms, 0.25), quantile_of(ms, 0.75), *std::min_element(ms.begin(), ms.end()),
            *std::max_element(ms.begin(), ms.end())};
  }

  std::string describe() const override { return what_; }
  std::string torch_version() const override { return TORCH_VERSION; }

private:
  LatencyMeterConfig config_;
  std::shared_ptr<Supernet> net_;
  torch::Tensor input_, weights_;
  std::string what_;
};

}  // namespace

std::unique_ptr<LatencyMeter> make_latency_meter(const SearchSpace& space, const LatencyMeterConfig& config) {
  return std::make_unique<TorchLatencyMeter>(space, config);
}

}  // namespace hwnas
