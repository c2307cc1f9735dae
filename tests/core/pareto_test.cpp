#include <gtest/gtest.h>

#include <cmath>

#include "core/pareto.hpp"
#include "core/rng.hpp"

namespace hwnas {
namespace {

// The union of boxes by inclusion-exclusion over every subset: exact, and
// independent of WFG's recursion (2^n terms, so only for small n).
double brute_force_hypervolume(const std::vector<ObjectivePoint>& points, const ObjectivePoint& ref) {
  const std::size_t n = points.size(), d = ref.size();
  double total = 0;
  for (std::uint64_t mask = 1; mask < (std::uint64_t{1} << n); ++mask) {
    ObjectivePoint corner(d, -INFINITY);
    int members = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!(mask >> i & 1)) continue;
      ++members;
      for (std::size_t k = 0; k < d; ++k) corner[k] = std::max(corner[k], points[i][k]);
    }
    double volume = 1;
    for (std::size_t k = 0; k < d; ++k) volume *= std::max(0.0, ref[k] - corner[k]);
    total += (members % 2 ? 1 : -1) * volume;
  }
  return total;
}

std::vector<ObjectivePoint> random_points(Rng& rng, std::size_t n, std::size_t d, bool on_grid) {
  std::vector<ObjectivePoint> points(n, ObjectivePoint(d));
  for (auto& p : points) {
    for (double& v : p) v = on_grid ? static_cast<double>(rng.below(5)) / 4.0 : rng.uniform() * 1.1;  // some beyond the reference
  }
  return points;
}

TEST(Pareto, HypervolumeEqualsInclusionExclusionIn2To5Dimensions) {
  Rng rng(5);
  int compared = 0;
  for (std::size_t d = 2; d <= 5; ++d) {
    for (int trial = 0; trial < 60; ++trial) {
      const std::size_t n = 1 + rng.below(11);
      // Grid points make ties and equal points common; uniform ones make them rare.
      const auto points = random_points(rng, n, d, trial % 2 == 0);
      const ObjectivePoint ref(d, 1.0);
      EXPECT_NEAR(hypervolume(points, ref), brute_force_hypervolume(points, ref), 1e-12) << "d=" << d << " n=" << n;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 240);
}

TEST(Pareto, HypervolumeOfKnownSets) {
  EXPECT_DOUBLE_EQ(hypervolume({{0.5, 0.5}}, {1, 1}), 0.25);
  EXPECT_DOUBLE_EQ(hypervolume({{0, 0.5}, {0.5, 0}}, {1, 1}), 0.75);
  EXPECT_DOUBLE_EQ(hypervolume({{0, 0, 0}}, {1, 1, 1}), 1.0);
  EXPECT_DOUBLE_EQ(hypervolume({{1, 0}, {0.5, 1}}, {1, 1}), 0.0);  // on the reference: nothing
  EXPECT_DOUBLE_EQ(hypervolume({}, {1, 1, 1, 1}), 0.0);
  // 8 objectives: the unit simplex corners at 0.5 and one point dominating all.
  std::vector<ObjectivePoint> eight;
  for (int k = 0; k < 8; ++k) {
    ObjectivePoint p(8, 0.5);
    p[static_cast<std::size_t>(k)] = 0.0;
    eight.push_back(p);
  }
  Rng rng(1);
  EXPECT_NEAR(hypervolume(eight, ObjectivePoint(8, 1.0)), brute_force_hypervolume(eight, ObjectivePoint(8, 1.0)), 1e-12);
  eight.push_back(ObjectivePoint(8, 0.0));
  EXPECT_DOUBLE_EQ(hypervolume(eight, ObjectivePoint(8, 1.0)), 1.0);
}

TEST(Pareto, NondominatedRanksAndCrowding) {
  Rng rng(9);
  for (int trial = 0; trial < 50; ++trial) {
    const auto points = random_points(rng, 1 + rng.below(30), 2 + rng.below(3), true);
    const auto front = nondominated(points);
    const auto rank = nondomination_ranks(points);
    for (std::size_t i = 0; i < points.size(); ++i) {
      bool dominated = false;
      for (const auto& q : points) dominated = dominated || dominates(q, points[i]);
      EXPECT_EQ(rank[i] == 0, !dominated);
      for (std::size_t j = 0; j < points.size(); ++j) {
        if (dominates(points[j], points[i])) {
          EXPECT_LT(rank[j], rank[i]);
        }
      }
      // The front holds every non-dominated point once (first of equal ones).
      const bool in_front = std::find(front.begin(), front.end(), i) != front.end();
      bool earlier_equal = false;
      for (std::size_t j = 0; j < i; ++j) earlier_equal = earlier_equal || points[j] == points[i];
      EXPECT_EQ(in_front, !dominated && !earlier_equal);
    }
  }
  const std::vector<ObjectivePoint> line = {{0, 4}, {1, 3}, {3, 1}, {4, 0}};
  const auto c = crowding_distances(line, {0, 1, 2, 3});
  EXPECT_TRUE(std::isinf(c[0]) && std::isinf(c[3]));
  EXPECT_DOUBLE_EQ(c[1], 3.0 / 4 + 3.0 / 4);
  EXPECT_DOUBLE_EQ(c[2], 3.0 / 4 + 3.0 / 4);
}

TEST(Pareto, InvertedGenerationalDistance) {
  EXPECT_DOUBLE_EQ(inverted_generational_distance({{0, 1}, {1, 0}}, {{0, 1}, {1, 0}}), 0.0);
  EXPECT_DOUBLE_EQ(inverted_generational_distance({{0, 1}, {1, 0}}, {{0, 1}}), std::sqrt(2.0) / 2);
  EXPECT_TRUE(std::isinf(inverted_generational_distance({{0, 1}}, {})));
}

}  // namespace
}  // namespace hwnas
