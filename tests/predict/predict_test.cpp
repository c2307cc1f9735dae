#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "cost/cost.hpp"
#include "benchmark/benchmark.hpp"
#include "benchmark/fbnet_benchmark.hpp"
#include "benchmark/nb201_benchmark.hpp"
#include "benchmark/user_cost.hpp"
#include "objective/objective.hpp"
#include "predict/predict.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

// Synthetic additive costs (a constant plus one term per edge and op) are
// recovered by the additive predictor from 60 networks, for every cell; auto
// chooses it. A power law of a known device is recovered by transfer.
TEST(Predict, RecoversAdditiveAndPowerLawCostsExactly) {
  const auto bench = test::benchmark("nb201", "cifar10");
  const SearchSpace& space = bench->space();
  const std::uint64_t n = *space.cardinality();
  KnownCosts known = known_costs_without(*bench, CostKey::parse("laptop_latency"));
  // Every latency and energy column but Edge TPU's (it has missing values): HW-NAS-Bench's 8 and HELP's 23.
  ASSERT_EQ(known.devices.size(), 31u);
  Rng rng(11);
  double term[6][5];
  for (auto& edge : term) {
    for (double& t : edge) t = 0.1 + rng.uniform();
  }
  std::vector<double> additive(n), power(n);
  const auto& fpga = known.devices[7].values;  // fpga_energy
  ASSERT_EQ(known.devices[7].name, "fpga_energy");
  for (std::uint64_t i = 0; i < n; ++i) {
    const Arch a = space.at(i);
    additive[i] = 0.5;
    for (std::size_t d = 0; d < 6; ++d) additive[i] += term[d][a[d]];
    power[i] = 3.0 * std::pow(fpga[i], 0.8);
  }
  Measurements m;
  for (std::size_t j = 0; j < 60; ++j) m.index.push_back(rng.below(n));
  std::sort(m.index.begin(), m.index.end());
  m.index.erase(std::unique(m.index.begin(), m.index.end()), m.index.end());
  for (auto i : m.index) m.cost.push_back(additive[i]);
  const Prediction a = predict_costs(known, m, "auto");
  EXPECT_EQ(a.method, "additive");
  EXPECT_LT(a.loo_error, 1e-4);
  for (std::uint64_t i = 0; i < n; ++i) ASSERT_NEAR(a.cost[i], additive[i], 1e-4 * additive[i]) << i;
  m.cost.clear();
  for (auto i : m.index) m.cost.push_back(power[i]);
  const Prediction t = predict_costs(known, m, "transfer");
  for (std::uint64_t i = 0; i < n; ++i) ASSERT_NEAR(t.cost[i], power[i], 1e-3 * power[i]) << i;
  const Prediction b = predict_costs(known, m, "best_known_device");
  EXPECT_EQ(b.detail.substr(0, 5), "fpga_");  // FPGA latency and energy rank every cell alike
  // Bad measurements are InputErrors.
  Measurements few{{1, 2}, {1.0, 2.0}}, twice{{1, 1, 2}, {1.0, 1.0, 2.0}}, negative{{1, 2, 3}, {1.0, -2.0, 3.0}};
  EXPECT_THROW(predict_costs(known, few, "additive"), InputError);
  EXPECT_THROW(predict_costs(known, twice, "additive"), InputError);
  EXPECT_THROW(predict_costs(known, negative, "additive"), InputError);
  EXPECT_THROW(predict_costs(known, m, "mlp2"), InputError);  // unknown: the message lists the registry
}

// The evaluation protocol reads the held-out column at the sampled networks
// only, and no other column of its device: with every other value of the
// target device corrupted, the predictions are the same.
TEST(Predict, HeldOutDeviceIsNeverReadBeyondTheSample) {
  const auto clean = test::benchmark("nb201", "cifar10");
  const CostKey target = CostKey::parse("fpga_latency");
  const HeldOutTrial reference = predict_held_out(*clean, target, 20, 3, "auto");
  class Corrupted final : public CostModel {
  public:
    Corrupted(const CostModel& base, const SearchSpace& space, std::vector<std::uint64_t> keep)
        : base_(base), space_(space), keep_(std::move(keep)) {}
    std::vector<CostKey> keys() const override { return base_.keys(); }
    std::optional<double> cost(const Arch& arch, const CostKey& key) const override {
      const auto v = base_.cost(arch, key);
      if (key.device() != "fpga" || !v) return v;
      const std::uint64_t i = space_.index(arch);
      const bool sampled = key.name() == "fpga_latency" && std::find(keep_.begin(), keep_.end(), i) != keep_.end();
      return sampled ? v : std::optional<double>(1.0 + static_cast<double>((i * 7919) % 1000));
    }

  private:
    const CostModel& base_;
    const SearchSpace& space_;
    std::vector<std::uint64_t> keep_;
  };
  class WithCost final : public Benchmark {
  public:
    WithCost(std::shared_ptr<const Benchmark> base, const std::vector<std::uint64_t>& keep)
        : Benchmark(base->dataset(), base->cost_dataset()), base_(std::move(base)), cost_(base_->cost(), base_->space(), keep) {}
    const SearchSpace& space() const override { return base_->space(); }
    const CostModel& cost() const override { return cost_; }
    std::shared_ptr<const AccuracySource> accuracy() const override { return base_->accuracy(); }
    std::vector<std::pair<std::string, double>> accuracy_columns(const Arch& a) const override { return base_->accuracy_columns(a); }
    Complexity complexity(const Arch& a) const override { return base_->complexity(a); }
    AdditiveCostModel additive_cost(const CostKey& key) const override { return base_->additive_cost(key); }

  private:
    std::shared_ptr<const Benchmark> base_;
    Corrupted cost_;
  };
  const WithCost corrupted(clean, reference.sample);
  const HeldOutTrial again = predict_held_out(corrupted, target, 20, 3, "auto");
  EXPECT_EQ(again.sample, reference.sample);
  EXPECT_EQ(again.prediction.method, reference.prediction.method);
  EXPECT_EQ(again.prediction.cost, reference.prediction.cost);
  // And the corruption is real: it changes what the evaluation scores against.
  const Arch other = clean->space().at(reference.sample[0] == 0 ? 1 : 0);
  EXPECT_NE(corrupted.cost().cost(other, target), clean->cost().cost(other, target));
}

}  // namespace
}  // namespace hwnas
