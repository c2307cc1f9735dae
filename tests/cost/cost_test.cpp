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

TEST(FbnetCost, LookupTableReproducesEverySampledTotalToTheLastBit) {
  const BenchmarkTable samples = load_fbnet_cifar100_samples(test::data_dir());
  const FbnetBenchmark& bench = test::fbnet();
  ASSERT_EQ(bench.cost().keys().size(), 8u);  // all of HW-NAS-Bench's FBNet metrics
  ASSERT_EQ(samples.rows(), 5000u);
  for (const NamedColumn& column : samples.columns) {
    const CostKey key = CostKey::parse(column.name);
    for (std::size_t r = 0; r < samples.rows(); ++r) {
      Arch arch(22);
      for (int l = 0; l < 22; ++l) arch.set(l, samples.choices[r][l]);
      ASSERT_EQ(*bench.cost().cost(arch, key), column.values[r]) << column.name << " sample " << r;
    }
  }
}

// The all-k3_e1 network of upstream's example notebook, as benchmark_data/README.md quotes it.
TEST(FbnetCost, AllK3E1NetworkMatchesUpstreamOnBothSettings) {
  const Arch all_k3_e1(22);  // block 0 everywhere
  const std::vector<std::pair<std::string, std::vector<double>>> expected = {
      {"cifar100", {15.804523468017578, 86.98095934380125, 17.618579145142576, 7.788973100000002, 3.9408960000000004,
                    3.2420080000000002, 10.739520000000002, 75.17664}},
      {"ImageNet", {16.431164979934692, 102.71604275841212, 57.65650005702628, 27.5423871, 18.127332000000003,
                    16.945472000000002, 29.42189999999999, 205.95329999999998}}};
  for (const auto& [dataset, values] : expected) {
    const auto bench = FbnetBenchmark::load(test::data_dir(), dataset);
    for (std::size_t k = 0; k < values.size(); ++k) {
      const CostKey key = CostKey::parse(kFbnetLutColumns[k]);
      EXPECT_EQ(*bench->cost().cost(all_k3_e1, key), values[k]) << dataset << " " << key.name();
    }
    EXPECT_FALSE(bench->cost().cost(all_k3_e1, CostKey::parse("edgetpu_latency")).has_value());
  }
}

TEST(FbnetCost, ComposesUpstreamKeysAndNamesAMissingOne) {
  const FbnetBenchmark& bench = test::fbnet();
  const auto keys = bench.cost().op_keys(Arch(22));
  ASSERT_EQ(keys.size(), 26u);  // stem, 22 layers, head, pool, FC
  EXPECT_EQ(keys[0], "ConvNorm_H32_W32_Cin3_Cout16_kernel3_stride1_group1");
  EXPECT_EQ(keys[1], "ConvBlock_H32_W32_Cin16_Cout16_exp1_kernel3_stride1_group1");
  EXPECT_EQ(keys[23], "ConvNorm_H4_W4_Cin352_Cout1504_kernel1_stride1_group1");
  EXPECT_EQ(keys[24], "AvgP_H4_W4_Cin1504_Cout1504_kernel4_stride1");
  EXPECT_EQ(keys[25], "FC_Cin1504_Cout100");
  Arch skip_first(22);
  skip_first.set(1, 8);  // layer 1 skip: 16 -> 24 channels, stride 1 on CIFAR-100
  EXPECT_EQ(bench.cost().op_keys(skip_first)[2], "Skip_H32_W32_Cin16_Cout24_stride1");
  BenchmarkTable lut = load_fbnet_lut(test::data_dir());
  for (std::string& key : lut.keys) {
    if (key == "Skip_H32_W32_Cin16_Cout24_stride1") key = "renamed";
  }
  try {
    FbnetBenchmark broken(FbnetMacro::cifar100(), lut);
    FAIL() << "a table without a needed key was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("no op_key 'Skip_H32_W32_Cin16_Cout24_stride1'"), std::string::npos) << e.what();
  }
}

// The least-squares fit of an additive table from totals (kept for NB201's
// differentiable cost and for a user's own device) recovers the exact FBNet
// tables from the 5000 sampled totals alone.
TEST(AdditiveFit, RecoversTheExactFbnetTablesFromSampledTotals) {
  const BenchmarkTable samples = load_fbnet_cifar100_samples(test::data_dir());
  const FbnetBenchmark& bench = test::fbnet();
  std::vector<Arch> archs;
  for (const auto& row : samples.choices) {
    Arch a(22);
    for (int l = 0; l < 22; ++l) a.set(l, row[l]);
    archs.push_back(a);
  }
  std::vector<std::vector<double>> totals;
  for (const NamedColumn& c : samples.columns) totals.push_back(c.values);
  const auto tables = fit_additive_tables(bench.space(), archs, totals);
  Rng rng(3);
  for (std::size_t k = 0; k < tables.size(); ++k) {
    const CostKey key = CostKey::parse(samples.columns[k].name);
    EXPECT_LE(tables[k].max_abs_residual, 1e-9) << key.name();
    const AdditiveTable exact = bench.cost().additive_table(key);
    for (int i = 0; i < 500; ++i) {
      const Arch a = bench.space().sample(rng);  // mostly networks the fit never saw
      EXPECT_NEAR(tables[k].total(a), *bench.cost().cost(a, key), 1e-9) << key.name();
      EXPECT_NEAR(exact.total(a), *bench.cost().cost(a, key), 1e-9) << key.name();
    }
  }
}

TEST(AdditiveFit, ReportsTheResidualOfDataThatIsNotAdditive) {
  // 400 random networks whose "latency" is a product of two layers' choices.
  Rng rng(1);
  const FbnetSpace space(FbnetMacro::cifar100());
  std::vector<Arch> archs;
  std::vector<double> totals;
  for (int i = 0; i < 400; ++i) {
    archs.push_back(space.sample(rng));
    totals.push_back(1.0 + archs.back()[0] * archs.back()[1]);
  }
  EXPECT_GT(fit_additive_tables(space, archs, {totals}).front().max_abs_residual, 1.0);
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
  const CostModel& cost = bench.cost("cifar10");
  // HW-NAS-Bench's 10 columns, then HELP's 23 (CIFAR-10 inputs only).
  EXPECT_EQ(cost.keys().size(), 33u);
  EXPECT_EQ(bench.cost("cifar100").keys().size(), 10u);
  EXPECT_EQ(*cost.cost(bench.space().at(0), CostKey::parse("edgegpu_latency")), 5.807418537139893);
  const auto& tpu = *cost.index_column(CostKey::parse("edgetpu_latency"));
  const auto missing = std::find_if(tpu.begin(), tpu.end(), [](double v) { return is_missing(v); }) - tpu.begin();
  EXPECT_FALSE(cost.cost(bench.space().at(missing), CostKey::parse("edgetpu_latency")).has_value());
  EXPECT_THROW(bench.cost("mnist"), InputError);
  // A benchmark loaded without a dataset's hardware file says which files it has.
  const auto only_cifar10 = Nb201Benchmark::load(test::data_dir(), {"cifar10"});
  EXPECT_THROW(only_cifar10->cost("cifar100"), InputError);
}

// Arch 0 on every dataset, as benchmark_data/README.md quotes upstream's query_by_index.
TEST(Nb201Cost, ArchZeroOnEveryDatasetIsUpstreamsValue) {
  const std::vector<std::pair<std::string, std::vector<double>>> expected = {
      {"cifar10", {5.807418537139893, 24.226614330768584, 10.481976820010459, 0.9571811309997429, 3.6058499999999998,
                   3.645620000000001, 0.6872827644999999, 6.289297634665844, 2.57296, 18.01072}},
      {"cifar100", {5.866079330444336, 24.471327606836955, 10.432981719932286, 0.9669485199992778, 5.04007,
                    3.648640000000001, 0.6874206219999999, 6.267465213714637, 2.57296, 18.01072}},
      {"ImageNet16-120", {5.828042030334473, 24.238826804161075, 2.973176879895618, 0.7929624850075925, 1.33656,
                          0.9145600000000003, 0.17677097200000003, 2.2148960216998193, 0.64912, 4.54384}}};
  for (const auto& [dataset, values] : expected) {
    const auto bench = test::benchmark("nb201", dataset);
    const Arch arch0 = bench->space().at(0);
    // HW-NAS-Bench's columns first; on CIFAR-10 inputs HELP's 23 follow.
    ASSERT_EQ(bench->cost().keys().size(), values.size() + (dataset == "cifar10" ? 23 : 0));
    for (std::size_t k = 0; k < values.size(); ++k) {
      EXPECT_EQ(*bench->cost().cost(arch0, CostKey::parse(kNb201HardwareColumns[k])), values[k])
          << dataset << " " << kNb201HardwareColumns[k];
    }
    // The same 4699 cells lack an Edge TPU latency on every dataset.
    std::size_t missing = 0;
    for (std::uint64_t i = 0; i < Nb201Space::kSize; ++i) {
      missing += !bench->cost().cost(bench->space().at(i), CostKey::parse("edgetpu_latency")).has_value();
    }
    EXPECT_EQ(missing, 4699u) << dataset;
  }
}

// A reduced FBNet (4 layers x 9 blocks, 6561 networks): the knapsack derivation
// against brute force over every network.
struct ReducedSpace {
  std::vector<std::vector<double>> log_prob, entry;
  double constant = 0;
};

ReducedSpace reduced_space(std::uint64_t seed, bool whole_costs) {
  Rng rng(seed);
  ReducedSpace r;
  r.constant = whole_costs ? 3 : 2.5;
  for (int d = 0; d < 4; ++d) {
    std::vector<double> p, e;
    double sum = 0;
    for (int k = 0; k < 9; ++k) p.push_back(std::exp(3 * rng.uniform())), sum += p.back();
    for (double& v : p) v = std::log(v / sum);
    for (int k = 0; k < 9; ++k) e.push_back(whole_costs ? static_cast<double>(1 + rng.below(20)) : 0.1 + 5 * rng.uniform());
    r.log_prob.push_back(p);
    r.entry.push_back(e);
  }
  return r;
}

// The best log-probability of the networks whose cost is at most `limit` (-inf when none).
double brute_force_best(const ReducedSpace& r, double limit) {
  double best = -INFINITY;
  for (int i = 0; i < 6561; ++i) {
    double cost = r.constant, lp = 0;
    for (int d = 0, x = i; d < 4; ++d, x /= 9) cost += r.entry[d][x % 9], lp += r.log_prob[d][x % 9];
    if (cost <= limit) best = std::max(best, lp);
  }
  return best;
}

double log_prob_of(const ReducedSpace& r, const Arch& a) {
  double lp = 0;
  for (int d = 0; d < 4; ++d) lp += r.log_prob[d][a[d]];
  return lp;
}

TEST(MostProbableWithin, KnapsackEqualsBruteForceOnAReducedFbnet) {
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    // Whole-number costs on a grid of one unit: the programme is exact.
    const ReducedSpace whole = reduced_space(seed, true);
    AdditiveTable table{whole.entry, whole.constant};
    for (double limit : {10.0, 25.0, 40.0, 60.0, 83.0}) {
      // Every entry's shift leaves a whole budget: grid steps of exactly one unit.
      double cheapest = whole.constant;
      for (const auto& row : whole.entry) cheapest += *std::min_element(row.begin(), row.end());
      const double best = brute_force_best(whole, limit);
      const auto arch = most_probable_within_additive(whole.log_prob, table, limit,
                                                      static_cast<std::size_t>(std::max(1.0, limit - cheapest)));
      if (best == -INFINITY) {
        EXPECT_FALSE(arch) << "seed " << seed << " limit " << limit;
        continue;
      }
      ASSERT_TRUE(arch) << "seed " << seed << " limit " << limit;
      EXPECT_LE(table.total(*arch), limit);
      EXPECT_NEAR(log_prob_of(whole, *arch), best, 1e-12) << "seed " << seed << " limit " << limit;
    }
    // Real costs: always feasible, and never worse than the best network a few grid units under the limit.
    const ReducedSpace real = reduced_space(seed, false);
    AdditiveTable real_table{real.entry, real.constant};
    for (double limit : {6.0, 9.0, 12.0, 16.0}) {
      const auto arch = most_probable_within_additive(real.log_prob, real_table, limit, 2000);
      if (brute_force_best(real, limit) == -INFINITY) {
        EXPECT_FALSE(arch);
        continue;
      }
      ASSERT_TRUE(arch);
      EXPECT_LE(real_table.total(*arch), limit);
      EXPECT_LE(log_prob_of(real, *arch), brute_force_best(real, limit) + 1e-12);
      EXPECT_GE(log_prob_of(real, *arch), brute_force_best(real, limit - 4 * limit / 2000) - 1e-12);
    }
  }
  const ReducedSpace r = reduced_space(1, false);
  EXPECT_FALSE(most_probable_within_additive(r.log_prob, AdditiveTable{r.entry, r.constant}, 2.0));  // under the constant
}

TEST(MostProbableWithin, EnumerationAgreesWithTheKnapsackOnNb201) {
  const SearchSpace& space = test::nb201().space();
  Rng rng(7);
  std::vector<std::vector<double>> log_prob(6), entry(6);
  for (int d = 0; d < 6; ++d) {
    for (int k = 0; k < 5; ++k) log_prob[d].push_back(-3 * rng.uniform()), entry[d].push_back(static_cast<double>(rng.below(10)));
  }
  const AdditiveTable table{entry, 1.0};
  for (double limit : {1.0, 8.0, 20.0, 35.0, 100.0}) {
    const auto by_enumeration = most_probable_within_by_enumeration(
        space, log_prob, [&](const Arch& a) { return std::optional<double>(table.total(a)); }, limit);
    const auto by_knapsack = most_probable_within_additive(log_prob, table, limit, 1000);
    ASSERT_EQ(by_enumeration.has_value(), by_knapsack.has_value()) << limit;
    if (!by_enumeration) continue;
    EXPECT_LE(table.total(*by_enumeration), limit);
    double a = 0, b = 0;
    for (int d = 0; d < 6; ++d) a += log_prob[d][(*by_enumeration)[d]], b += log_prob[d][(*by_knapsack)[d]];
    EXPECT_NEAR(a, b, 1e-12) << limit;
  }
  // A missing cost never meets a limit.
  EXPECT_FALSE(most_probable_within_by_enumeration(space, log_prob, [](const Arch&) { return std::optional<double>(); }, 1e9));
}

}  // namespace
}  // namespace hwnas
