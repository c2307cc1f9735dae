#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "cost/cost.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

TEST(FbnetCost, FittedTableReproducesEverySampledTotal) {
  const auto samples = load_fbnet_cifar100(test::data_dir());
  const FbnetBenchmark& bench = test::fbnet();
  ASSERT_EQ(bench.cost().keys().size(), 4u);
  for (const NamedColumn& column : samples.columns) {
    const CostKey key = CostKey::parse(column.name);
    EXPECT_LE(bench.cost().table(key).max_abs_residual, 1e-9);
    for (std::size_t r = 0; r < samples.rows(); ++r) {
      Arch arch(22);
      for (int l = 0; l < 22; ++l) arch.set(l, samples.choices[r][l]);
      ASSERT_NEAR(*bench.cost().cost(arch, key), column.values[r], 1e-9) << column.name << " sample " << r;
    }
  }
}

TEST(FbnetCost, AllK3E1NetworkMatchesUpstreamExample) {
  const Arch all_k3_e1(22);  // block 0 everywhere
  const auto round4 = [](double v) { return std::round(v * 1e4) / 1e4; };
  const AdditiveCost& cost = test::fbnet().cost();
  EXPECT_DOUBLE_EQ(round4(*cost.cost(all_k3_e1, {Device::eyeriss, Metric::latency})), 3.9409);
  EXPECT_DOUBLE_EQ(round4(*cost.cost(all_k3_e1, {Device::fpga, Metric::latency})), 10.7395);
  EXPECT_DOUBLE_EQ(round4(*cost.cost(all_k3_e1, {Device::pixel3, Metric::latency})), 7.7890);
  EXPECT_DOUBLE_EQ(round4(*cost.cost(all_k3_e1, {Device::raspi4, Metric::latency})), 17.6186);
  EXPECT_FALSE(cost.cost(all_k3_e1, {Device::edgegpu, Metric::latency}).has_value());
}

TEST(FbnetCost, RefusesDataThatIsNotAdditive) {
  // 40 random networks whose "latency" is a product of two layers' choices.
  BenchmarkTable table{"made_up.csv", {}, {}, {{"fpga_latency", {}}}};
  Rng rng(1);
  const FbnetSpace space(FbnetMacro::cifar100());
  for (int i = 0; i < 400; ++i) {
    const Arch a = space.sample(rng);
    table.choices.emplace_back(a.ops().begin(), a.ops().end());
    table.columns[0].values.push_back(1.0 + a[0] * a[1]);
  }
  try {
    FbnetBenchmark bench(FbnetMacro::cifar100(), table);
    FAIL() << "a non-additive table was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("made_up.csv: fpga_latency is not a sum"), std::string::npos) << e.what();
  }
}

TEST(Nb201Complexity, FlopsMatchTheOfficialCounterForEveryCell) {
  const auto& bench = test::nb201();
  const auto& flops = bench.data().flops.column("flops_m").values;
  const auto& params = bench.data().flops.column("params_m").values;
  for (std::uint64_t i = 0; i < Nb201Space::kSize; ++i) {
    const Complexity c = Nb201Benchmark::complexity(bench.space().at(i), "cifar10");
    ASSERT_NEAR(c.flops_m, flops[i], 1e-9) << "index " << i;
    ASSERT_NEAR(c.params_m, params[i], 1e-9) << "index " << i;
  }
  EXPECT_NEAR(Nb201Benchmark::complexity(bench.space().at(0), "cifar10").flops_m, 15.64737, 15.64737e-3);
}

TEST(Nb201Complexity, ParamsMatchTheApiForAtLeast15400Cells) {
  const auto& bench = test::nb201();
  const auto& api = bench.data().params.column("params_mb").values;
  std::size_t equal = 0;
  for (std::uint64_t i = 0; i < Nb201Space::kSize; ++i) {
    equal += std::abs(Nb201Benchmark::complexity(bench.space().at(i), "cifar10").params_m - api[i]) < 1e-9;
  }
  EXPECT_GE(equal, 15400u);
  EXPECT_EQ(equal, 15625u - 204u);  // the data README: 204 seed-averaged values differ
}

TEST(Nb201Complexity, OtherDatasetsChangeOnlyInputAndClassifier) {
  const Arch arch = test::nb201().space().at(0);
  const Complexity c10 = Nb201Benchmark::complexity(arch, "cifar10");
  const Complexity c100 = Nb201Benchmark::complexity(arch, "cifar100");
  const Complexity img = Nb201Benchmark::complexity(arch, "ImageNet16-120");
  EXPECT_NEAR(c100.params_m - c10.params_m, (64 * 90 + 90) / 1e6, 1e-12);
  EXPECT_NEAR(c100.flops_m - c10.flops_m, (64 * 90 + 90) / 1e6, 1e-12);
  // 16x16 input: every convolution has a quarter of the positions.
  EXPECT_NEAR(img.flops_m - (64 * 120 + 120) / 1e6, (c10.flops_m - 650 / 1e6) / 4, 1e-9);
}

TEST(FbnetComplexity, GrowsWithExpansionAndKernel) {
  const FbnetSpace& space = test::fbnet().space();
  Arch skip(22), k3e1(22), k5e6(22);
  for (int l = 0; l < 22; ++l) {
    skip.set(l, 8);
    k5e6.set(l, 7);
  }
  const Complexity a = fbnet_complexity(space, skip), b = fbnet_complexity(space, k3e1), c = fbnet_complexity(space, k5e6);
  EXPECT_LT(a.flops_m, b.flops_m);
  EXPECT_LT(b.flops_m, c.flops_m);
  EXPECT_LT(a.params_m, b.params_m);
  EXPECT_LT(b.params_m, c.params_m);
  // Stem (3x3, 3->16 at 32x32) and classifier (1504->100) of the all-skip network by hand.
  EXPECT_GT(a.flops_m, (32 * 32 * 27 * 16 + 1504 * 100 + 100) / 1e6);
}

TEST(Nb201Cost, TableLookupAndMissingEdgeTpu) {
  const auto& bench = test::nb201();
  const TableCost& cost = bench.cost("cifar10");
  EXPECT_EQ(cost.keys().size(), 10u);
  EXPECT_EQ(*cost.cost(bench.space().at(0), {Device::edgegpu, Metric::latency}), 5.807418537139893);
  const auto& tpu = *cost.column({Device::edgetpu, Metric::latency});
  const auto missing = std::find_if(tpu.begin(), tpu.end(), [](double v) { return is_missing(v); }) - tpu.begin();
  EXPECT_FALSE(cost.cost(bench.space().at(missing), {Device::edgetpu, Metric::latency}).has_value());
  EXPECT_THROW(bench.cost("cifar100"), InputError);
  EXPECT_THROW(bench.cost("mnist"), InputError);
}

TEST(Objective, HardConstraintNeverPrefersInfeasible) {
  const auto o = LatencyConstrainedObjective::hard({Device::fpga, Metric::latency}, 3.0);
  EXPECT_TRUE(o.feasible(3.0));
  EXPECT_FALSE(o.feasible(3.0001));
  EXPECT_FALSE(o.feasible(std::nullopt));
  EXPECT_GT(o.score(0.0, 3.0), o.score(100.0, 3.01));
  EXPECT_GT(o.score(50.0, 4.0), o.score(90.0, 5.0));  // the cheaper infeasible one wins
  EXPECT_GT(o.score(0.0, 100.0), o.score(100.0, std::nullopt));
  EXPECT_EQ(o.score(93.5, 2.0), 93.5);
  EXPECT_THROW(LatencyConstrainedObjective::hard({Device::fpga, Metric::latency}, -1), InputError);
}

TEST(Objective, MnasNetSoftReward) {
  const auto soft = LatencyConstrainedObjective::soft({Device::edgegpu, Metric::latency}, 4.0);
  EXPECT_NEAR(soft.score(90, 2.0), 90 * std::pow(0.5, -0.07), 1e-12);
  EXPECT_NEAR(soft.score(90, 8.0), 90 * std::pow(2.0, -0.07), 1e-12);
  const auto sharp = LatencyConstrainedObjective::soft({Device::edgegpu, Metric::latency}, 4.0, 0.0, -1.0);
  EXPECT_EQ(sharp.score(90, 2.0), 90);
  EXPECT_EQ(sharp.score(90, 8.0), 45);
  EXPECT_TRUE(LatencyConstrainedObjective::unconstrained().feasible(std::nullopt));
}

TEST(Optimum, ExhaustiveMatchesAStraightScan) {
  const auto& bench = test::nb201();
  const Nb201Accuracy acc = bench.accuracy("cifar10");
  const auto o = LatencyConstrainedObjective::hard({Device::edgegpu, Metric::latency}, 4.0);
  const GroundTruth truth = exhaustive_optimum(bench.space(), acc, bench.cost("cifar10"), o);
  const auto& lat = *bench.cost("cifar10").column({Device::edgegpu, Metric::latency});
  const auto& test200 = bench.data().accuracy.column("cifar10_test200").values;
  const auto& valid12 = bench.data().accuracy.column("cifar10_valid12").values;
  double best_test = -1, best_valid = -1;
  std::size_t feasible = 0;
  for (std::size_t i = 0; i < lat.size(); ++i) {
    if (lat[i] > 4.0) continue;
    ++feasible;
    best_test = std::max(best_test, test200[i]);
    best_valid = std::max(best_valid, valid12[i]);
  }
  ASSERT_TRUE(truth.optimum && truth.signal_optimum);
  EXPECT_EQ(truth.feasible_count, feasible);
  EXPECT_EQ(*truth.optimum->final_accuracy, best_test);
  EXPECT_EQ(truth.signal_optimum->signal, best_valid);
  EXPECT_LE(*truth.optimum->cost, 4.0);
  const GroundTruth free = exhaustive_optimum(bench.space(), acc, bench.cost("cifar10"), LatencyConstrainedObjective::unconstrained());
  EXPECT_EQ(free.optimum->index, 6111u);
}

}  // namespace
}  // namespace hwnas
