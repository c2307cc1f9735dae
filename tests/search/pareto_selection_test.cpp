// ParetoRanking (Deb's constrained domination, then rank, then crowding) and
// CostKey parsing, on hand-made inputs whose answers are worked out here.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "cost/cost_key.hpp"
#include "search/pareto_selection.hpp"

namespace hwnas {
namespace {

Evaluation pareto_point(std::initializer_list<double> objectives, bool feasible = true, double score = 0) {
  Evaluation e;
  e.objectives = ObjectiveValues(objectives.size());
  std::size_t i = 0;
  for (const double v : objectives) e.objectives[i++] = v;
  e.feasible = feasible;
  e.score = score;
  return e;
}

TEST(ParetoRanking, FeasibleByFrontThenCrowdingAndInfeasibleAfterByScore) {
  // Two objectives, minimised. Front 0: a (1,4), b (2,2), c (4,1); front 1: d (3,3) (b dominates it);
  // front 2: e (4,4). f and g infeasible: g violates less (higher score) and comes first.
  const std::vector<Evaluation> evals = {pareto_point({1, 4}), pareto_point({2, 2}), pareto_point({4, 1}),
                                         pareto_point({3, 3}), pareto_point({4, 4}),
                                         pareto_point({0, 0}, false, -5), pareto_point({0, 0}, false, -1)};
  std::vector<const Evaluation*> pointers;
  for (const auto& e : evals) pointers.push_back(&e);
  ParetoRanking ranking;
  const auto fitness = ranking.rank(pointers);
  const std::vector<int> ranks = {fitness[0].rank, fitness[1].rank, fitness[2].rank, fitness[3].rank,
                                  fitness[4].rank, fitness[5].rank, fitness[6].rank};
  EXPECT_EQ(ranks, (std::vector<int>{0, 0, 0, 1, 2, 4, 3}));  // an infeasible one never beats a feasible one
  // Crowding in front 0: the boundary points are infinite; b's cuboid spans (4-1)/(4-1) + (4-1)/(4-1) = 2.
  EXPECT_TRUE(std::isinf(fitness[0].crowding));
  EXPECT_TRUE(std::isinf(fitness[2].crowding));
  EXPECT_DOUBLE_EQ(fitness[1].crowding, 2.0);
  EXPECT_TRUE(fitness[0] < fitness[1]);  // same rank: larger crowding is better
  EXPECT_TRUE(fitness[1] < fitness[3]);  // lower rank is better whatever the crowding
  EXPECT_TRUE(fitness[6] < fitness[5]);
}

TEST(ParetoRanking, SingleObjectiveRanksByScore) {
  Evaluation low, high, infeasible;
  low.score = 1;
  high.score = 3;
  infeasible.feasible = false;
  infeasible.score = 10;  // a high score does not lift an infeasible one above the feasible
  const std::vector<const Evaluation*> pointers = {&low, &high, &infeasible};
  ParetoRanking ranking;
  const auto fitness = ranking.rank(pointers);
  EXPECT_EQ(fitness[1].rank, 0);
  EXPECT_EQ(fitness[0].rank, 1);
  EXPECT_EQ(fitness[2].rank, 2);
}

TEST(CostKey, ParsesDeviceAndMetricAndRefusesTheRest) {
  const CostKey key = CostKey::parse("edgegpu_latency");
  EXPECT_EQ(key.device(), "edgegpu");
  EXPECT_EQ(key.metric(), "latency");
  EXPECT_EQ(key.name(), "edgegpu_latency");
  // The metric is the suffix, so a device name may hold underscores and digits.
  const CostKey zoo = CostKey::parse("titan_rtx_256_latency");
  EXPECT_EQ(zoo.device(), "titan_rtx_256");
  EXPECT_EQ(CostKey::parse("eyeriss_arithmetic_intensity").metric(), "arithmetic_intensity");
  EXPECT_EQ(CostKey::of("fpga", "energy").name(), "fpga_energy");
  // HELP's GPU names start with a digit; a device that reads as a number would read as a limit.
  EXPECT_EQ(CostKey::parse("1080ti_1_latency").device(), "1080ti_1");
  for (const char* bad : {"", "latency", "_latency", "edgegpu", "edgegpu_speed", "EdgeGPU_latency", "4_latency",
                          "1e5_latency", "-gpu_latency", "edge gpu_latency", "edgegpu_latency_"}) {
    EXPECT_THROW(CostKey::parse(bad), InputError) << bad;
  }
}

}  // namespace
}  // namespace hwnas
