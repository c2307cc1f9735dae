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
  const TableCost& cost = bench.cost("cifar10");
  EXPECT_EQ(cost.keys().size(), 10u);
  EXPECT_EQ(*cost.cost(bench.space().at(0), CostKey::parse("edgegpu_latency")), 5.807418537139893);
  const auto& tpu = *cost.column(CostKey::parse("edgetpu_latency"));
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
    ASSERT_EQ(bench->cost().keys().size(), values.size());
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
  const auto& lat = *bench.cost("cifar10").column(CostKey::parse("edgegpu_latency"));
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

// A user's cost table: its columns join the benchmark's; a sample covers only
// its rows; every malformed file is an InputError naming the file and line.
TEST(UserCostTable, JoinsTheBenchmarkAndRefusesMalformedFiles) {
  test::ScratchDir dir("user_cost");
  const auto base = test::benchmark("nb201", "cifar10");
  const SearchSpace& space = base->space();
  const auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir.path() / name) << text;
    return (dir.path() / name).string();
  };
  const std::string a0 = space.to_string(space.at(0)), a7 = space.to_string(space.at(7));
  const std::string sample = write("sample.csv", "index,arch_str,laptop_latency,laptop_energy\n0," + a0 + ",2.5,\n7," + a7 + ",3.5,9\n");
  const auto bench = with_cost_tables(base, {sample});
  const CostKey latency = CostKey::parse("laptop_latency"), energy = CostKey::parse("laptop_energy");
  EXPECT_EQ(bench->cost().cost(space.at(0), latency), 2.5);
  EXPECT_EQ(bench->cost().cost(space.at(7), energy), 9.0);
  EXPECT_FALSE(bench->cost().cost(space.at(0), energy));  // empty cell: missing
  EXPECT_FALSE(bench->cost().cost(space.at(1), latency));  // not in the sample
  EXPECT_EQ(bench->cost().cost(space.at(0), CostKey::parse("fpga_latency")), base->cost().cost(space.at(0), CostKey::parse("fpga_latency")));
  EXPECT_FALSE(bench->cost().covers_space(latency));
  EXPECT_TRUE(bench->cost().covers_space(CostKey::parse("fpga_latency")));
  EXPECT_EQ(bench->cost().keys().size(), base->cost().keys().size() + 2);
  // A table of every cell covers the space.
  std::string full = "index,arch_str,laptop_latency\n";
  for (std::uint64_t i = 0; i < *space.cardinality(); ++i) full += std::to_string(i) + "," + space.to_string(space.at(i)) + "," + std::to_string(1.0 + static_cast<double>(i % 97)) + "\n";
  const auto whole = with_cost_tables(base, {write("full.csv", full)});
  EXPECT_TRUE(whole->cost().covers_space(latency));
  EXPECT_EQ(whole->cost().min_cost(space, latency), 1.0);
  const auto refused = [&](const std::string& text, const std::string& says) {
    try {
      with_cost_tables(base, {write("bad.csv", text)});
      ADD_FAILURE() << "accepted: " << text;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("bad.csv"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
  };
  refused("arch_str,laptop_latency\n" + a0 + ",1\n", "starts with the columns index, arch_str");
  refused("index,arch_str\n0," + a0 + "\n", "starts with the columns");
  refused("index,arch_str,laptop_speed\n0," + a0 + ",1\n", "laptop_speed");
  refused("index,arch_str,laptop_latency\n1," + a0 + ",1\n", "is not the index of");
  refused("index,arch_str,laptop_latency\n0," + a0 + ",1\n0," + a0 + ",2\n", "listed twice");
  refused("index,arch_str,laptop_latency\n0," + a0 + ",-1\n", "not a cost in [1e-09, 1e+09)");
  // The same range both ways: far too small is refused like far too large.
  refused("index,arch_str,laptop_latency\n0," + a0 + ",1e-300\n", "1e-300 is not a cost in [1e-09, 1e+09)");
  refused("index,arch_str,laptop_latency\n0," + a0 + ",1e300\n", "1e300 is not a cost in [1e-09, 1e+09)");
  refused("index,arch_str,laptop_latency\n0," + a0 + ",fast\n", "expected a finite number");
  refused("index,arch_str,laptop_latency\n0,|conv~0|,1\n", "bad.csv:2");
  refused("index,arch_str,fpga_latency\n0," + a0 + ",1\n", "exists already");
  refused("index,arch_str,laptop_latency\n", "no rows");
  EXPECT_THROW(with_cost_tables(base, {sample, sample}), InputError);  // the same columns twice
  // FBNet tables name networks by their 22 block indices, as the benchmark's sample file does.
  const auto fbnet = test::benchmark("fbnet", "cifar100");
  std::string header = "", row = "", bad_row = "";
  for (int d = 0; d < 22; ++d) {
    header += "layer" + std::to_string(d) + ",";
    row += std::to_string(d % 9) + ",";
    bad_row += std::string(d == 5 ? "9" : "0") + ",";
  }
  const auto fb = with_cost_tables(fbnet, {write("fb.csv", header + "laptop_latency\n" + row + "7.5\n")});
  Arch fb_arch(22);
  for (int d = 0; d < 22; ++d) fb_arch.set(static_cast<std::size_t>(d), d % 9);
  EXPECT_EQ(fb->cost().cost(fb_arch, latency), 7.5);
  EXPECT_FALSE(fb->cost().covers_space(latency));
  EXPECT_THROW(with_cost_tables(fbnet, {write("fb_bad.csv", header + "laptop_latency\n" + bad_row + "7.5\n")}), InputError);
  EXPECT_THROW(with_cost_tables(base, {(dir.path() / "absent.csv").string()}), InputError);
}

// Synthetic additive costs (a constant plus one term per edge and op) are
// recovered by the additive predictor from 60 networks, for every cell; auto
// chooses it. A power law of a known device is recovered by transfer.
TEST(Predict, RecoversAdditiveAndPowerLawCostsExactly) {
  const auto bench = test::benchmark("nb201", "cifar10");
  const SearchSpace& space = bench->space();
  const std::uint64_t n = *space.cardinality();
  KnownCosts known = known_costs_without(*bench, CostKey::parse("laptop_latency"));
  ASSERT_EQ(known.devices.size(), 8u);  // every latency and energy column but Edge TPU's (it has missing values)
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
