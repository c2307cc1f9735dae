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

TEST(Objective, HardConstraintNeverPrefersInfeasible) {
  const auto o = CostConstrainedObjective::hard(CostKey::parse("fpga_latency"), 3.0);
  EXPECT_TRUE(o.feasible(3.0));
  EXPECT_FALSE(o.feasible(3.0001));
  EXPECT_FALSE(o.feasible(std::nullopt));
  EXPECT_GT(o.score(0.0, 3.0), o.score(100.0, 3.01));
  EXPECT_GT(o.score(50.0, 4.0), o.score(90.0, 5.0));  // the cheaper infeasible one wins
  EXPECT_GT(o.score(0.0, 100.0), o.score(100.0, std::nullopt));
  EXPECT_EQ(o.score(93.5, 2.0), 93.5);
  EXPECT_THROW(CostConstrainedObjective::hard(CostKey::parse("fpga_latency"), -1), InputError);
}

TEST(Objective, MnasNetSoftReward) {
  const auto soft = CostConstrainedObjective::soft(CostKey::parse("edgegpu_latency"), 4.0);
  EXPECT_NEAR(soft.score(90, 2.0), 90 * std::pow(0.5, -0.07), 1e-12);
  EXPECT_NEAR(soft.score(90, 8.0), 90 * std::pow(2.0, -0.07), 1e-12);
  const auto sharp = CostConstrainedObjective::soft(CostKey::parse("edgegpu_latency"), 4.0, 0.0, -1.0);
  EXPECT_EQ(sharp.score(90, 2.0), 90);
  EXPECT_EQ(sharp.score(90, 8.0), 45);
  EXPECT_TRUE(CostConstrainedObjective::unconstrained().feasible(std::nullopt));
}

TEST(Optimum, ExhaustiveMatchesAStraightScan) {
  const auto& bench = test::nb201();
  const Nb201Accuracy acc = bench.accuracy("cifar10");
  const auto o = CostConstrainedObjective::hard(CostKey::parse("edgegpu_latency"), 4.0);
  const GroundTruth truth = exhaustive_optimum(bench.space(), acc, bench.cost("cifar10"), o);
  const auto& lat = *bench.cost("cifar10").index_column(CostKey::parse("edgegpu_latency"));
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
  const GroundTruth free = exhaustive_optimum(bench.space(), acc, bench.cost("cifar10"), CostConstrainedObjective::unconstrained());
  EXPECT_EQ(free.optimum->index, std::optional<std::uint64_t>(6111u));
}

}  // namespace
}  // namespace hwnas
