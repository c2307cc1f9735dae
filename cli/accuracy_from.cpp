#include "cli/accuracy_from.hpp"

#include <mutex>
#include <unordered_map>

#include "benchmark/proxies.hpp"
#include "cli/torch_commands.hpp"
#include "core/error.hpp"

namespace hwnas {
namespace {

// One proxy computed when a network is first queried, then remembered.
// Thread-safe: scores are computed outside the lock (the scorer is thread-safe),
// so searches on several threads score different networks at once.
class OnDemandProxy final : public AccuracySource {
public:
  OnDemandProxy(const ProxyKind& kind, const Benchmark& bench) : kind_(kind), bench_(bench), final_(bench.accuracy()) {
    if (kind.runs_network) {
      ProxyConfig config;
      config.dataset = bench.dataset();
      config.proxies = {kind.name};
      scorer_ = torch_commands().proxy_scorer(bench.space(), config);
    }
  }
  double signal(const Arch& arch) const override {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (const auto it = cache_.find(arch); it != cache_.end()) return it->second;
    }
    double value = 0;
    if (scorer_) {
      value = scorer_->score(arch).values[0];
    } else {
      const Complexity c = bench_.complexity(arch);
      value = kind_.name == "flops" ? c.flops_m : c.params_m;
    }
    value = proxy_signal(value);
    const std::lock_guard<std::mutex> lock(mutex_);
    cache_.emplace(arch, value);
    return value;
  }
  std::optional<double> final_accuracy(const Arch& arch) const override {
    return final_ ? final_->final_accuracy(arch) : std::nullopt;
  }
  std::string signal_name() const override { return "proxy_" + kind_.name; }
  std::string final_name() const override { return final_ ? final_->final_name() : "none"; }

private:
  ProxyKind kind_;
  const Benchmark& bench_;
  std::shared_ptr<const AccuracySource> final_;
  std::unique_ptr<ProxyScorer> scorer_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<Arch, double> cache_;
};

}  // namespace

std::shared_ptr<const AccuracySource> accuracy_from(const std::string& spec, const Benchmark& bench) {
  if (const std::optional<ProxySourceSpec> proxy = parse_proxy_source(spec)) {
    if (proxy->file) return make_proxy_table_accuracy(*proxy, bench.space(), bench.accuracy());
    return std::make_shared<OnDemandProxy>(proxies().get(proxy->proxies.at(0)), bench);
  }
  return torch_commands().supernet_accuracy(spec, bench.space(), bench.accuracy());
}

}  // namespace hwnas
