#include <gtest/gtest.h>

#include <cmath>

#include "core/rng.hpp"
#include "core/stats.hpp"

namespace hwnas {
namespace {

std::vector<double> random_with_ties(Rng& rng, std::size_t n, int levels) {
  std::vector<double> v(n);
  for (double& x : v) x = static_cast<double>(rng.below(levels));
  return v;
}

TEST(KendallTau, MatchesBruteForceOnRandomDataWithTies) {
  Rng rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = 2 + rng.below(60);
    const auto x = random_with_ties(rng, n, 1 + static_cast<int>(rng.below(8)));
    const auto y = random_with_ties(rng, n, 1 + static_cast<int>(rng.below(8)));
    const double fast = kendall_tau(x, y), slow = kendall_tau_brute_force(x, y);
    if (std::isnan(slow)) {
      EXPECT_TRUE(std::isnan(fast));
    } else {
      EXPECT_NEAR(fast, slow, 1e-12) << "trial " << trial;
    }
  }
}

TEST(KendallTau, KnownValues) {
  // scipy.stats.kendalltau([1,2,3,4,5],[3,4,1,2,5]) = 0.2; perfect orders give +-1.
  const std::vector<double> a = {1, 2, 3, 4, 5}, b = {3, 4, 1, 2, 5}, rev = {5, 4, 3, 2, 1};
  EXPECT_NEAR(kendall_tau(a, b), 0.2, 1e-12);
  EXPECT_DOUBLE_EQ(kendall_tau(a, a), 1.0);
  EXPECT_DOUBLE_EQ(kendall_tau(a, rev), -1.0);
  // Ties: scipy gives tau-b = 0.8 / sqrt(0.9 * 0.9) for x=[1,1,2,3,4], y=[1,2,2,3,4]...
  const std::vector<double> x = {1, 1, 2, 3, 4}, y = {1, 2, 2, 3, 4};
  EXPECT_NEAR(kendall_tau(x, y), 8.0 / 9.0, 1e-12);
}

TEST(SpearmanRho, AverageRanksAndKnownValue) {
  const std::vector<double> x = {10, 20, 20, 30};
  EXPECT_EQ(average_ranks(x), (std::vector<double>{1, 2.5, 2.5, 4}));
  const std::vector<double> a = {1, 2, 3, 4, 5}, b = {5, 6, 7, 8, 7};
  // scipy.stats.spearmanr -> 0.8207826816681233
  EXPECT_NEAR(spearman_rho(a, b), 0.8207826816681233, 1e-12);
}

TEST(ParetoFront, MatchesBruteForceWithTies) {
  Rng rng(11);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = 1 + rng.below(80);
    const auto cost = random_with_ties(rng, n, 10);
    const auto acc = random_with_ties(rng, n, 10);
    EXPECT_EQ(pareto_front(cost, acc), pareto_front_brute_force(cost, acc)) << "trial " << trial;
  }
}

TEST(ParetoFront, SmallExample) {
  const std::vector<double> cost = {1, 2, 3, 2, 4}, acc = {50, 70, 60, 40, 90};
  EXPECT_EQ(pareto_front(cost, acc), (std::vector<std::size_t>{0, 1, 4}));
}

TEST(Statistics, MeanStdQuantile) {
  const std::vector<double> v = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(mean(v), 2.5);
  EXPECT_NEAR(stddev(v), 1.2909944487358056, 1e-15);
  EXPECT_DOUBLE_EQ(quantile(v, 0.25), 1.75);  // numpy.percentile([1,2,3,4], 25)
  EXPECT_DOUBLE_EQ(quantile(v, 1.0), 4.0);
}

TEST(Rng, SameSeedSameStreamDifferentSeedsDiffer) {
  Rng a(42), b(42), c(43), d(42, 1);
  bool differs_c = false, differs_d = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    differs_c |= x != c.next();
    differs_d |= x != d.next();
  }
  EXPECT_TRUE(differs_c);
  EXPECT_TRUE(differs_d);
}

TEST(Rng, BelowIsUniformAndInRange) {
  Rng rng(3);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) {
    const auto k = rng.below(7);
    ASSERT_LT(k, 7u);
    ++counts[k];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 500);
  const std::vector<double> w = {0.0, 3.0, 1.0};
  int ones = 0;
  for (int i = 0; i < 40000; ++i) {
    const auto k = rng.categorical(w);
    ASSERT_NE(k, 0u);
    ones += k == 1;
  }
  EXPECT_NEAR(ones / 40000.0, 0.75, 0.01);
}

}  // namespace
}  // namespace hwnas
