#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <thread>
#include <tuple>

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/stats.hpp"
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
  // gp's model is additive too: from the same 60 networks it ranks every cell as the truth does.
  const Prediction g = predict_costs(known, m, "gp");
  EXPECT_GT(spearman_rho(g.cost, additive), 0.999);
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

// gp's design has live terms where decisions can be dead, and ties one op's
// terms together across decisions: a device that prices each op alike on
// every edge and never runs a dead one (TF Lite prunes what does not reach
// the output) is learnt from 12 networks. An additive model without live
// terms cannot express it: fitted to all 15625 cells it ranks them with
// Spearman 0.971 (scripts/nb201_fit_ceiling.py --synthetic).
TEST(Predict, GpLearnsADeviceThatSkipsDeadOpsFromFewNetworks) {
  const auto bench = test::benchmark("nb201", "cifar10");
  const SearchSpace& space = bench->space();
  const std::uint64_t n = *space.cardinality();
  const KnownCosts known = known_costs_without(*bench, CostKey::parse("laptop_latency"));
  const double op_cost[5] = {0.0, 0.3, 1.0, 4.0, 1.2};  // none, skip, conv 1x1, conv 3x3, pool
  std::vector<double> pruned(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    const Arch a = space.at(i);
    const std::vector<bool> live = space.live_decisions(a);
    pruned[i] = 1.0;
    for (std::size_t d = 0; d < 6; ++d) pruned[i] += live[d] ? op_cost[a[d]] : 0.0;
  }
  Rng rng(3);
  Measurements m;
  while (m.index.size() < 12) {
    const std::uint64_t i = rng.below(n);
    if (std::find(m.index.begin(), m.index.end(), i) == m.index.end()) m.index.push_back(i);
  }
  for (auto i : m.index) m.cost.push_back(pruned[i]);
  const Prediction g = predict_costs(known, m, "gp");
  EXPECT_GT(spearman_rho(g.cost, pruned), 0.99);
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

// --known is honoured: a column outside it is never read (a corrupted copy of
// a device, added as a table of its own, changes nothing), and by default every
// column is (the corrupted copy changes the prediction).
TEST(Predict, KnownColumnsAreTheOnlyOnesRead) {
  const auto bench = test::benchmark("nb201", "cifar10");
  const SearchSpace& space = bench->space();
  const auto& titan = *bench->cost().index_column(CostKey::parse("titan_rtx_1_latency"));
  test::ScratchDir dir("known");
  std::string table = "index,arch_str,fake_latency\n";
  Rng rng(3);
  for (std::uint64_t i = 0; i < Nb201Space::kSize; ++i) {
    table += std::to_string(i) + "," + space.to_string(space.at(i)) + "," + exact(titan[i] * (0.5 + rng.uniform())) + "\n";
  }
  const auto with_fake = with_cost_tables(bench, {dir.write("fake.csv", table).string()});
  const CostKey target = CostKey::parse("titan_rtx_256_latency");
  const std::vector<CostKey> only = {CostKey::parse("pixel3_latency"), CostKey::parse("1080ti_1_latency")};
  Measurements m;
  for (std::uint64_t i : {3u, 70u, 500u, 901u, 2000u, 4000u, 7000u, 9000u, 12000u, 15000u}) {
    m.index.push_back(i);
    m.cost.push_back(*bench->cost().cost(space.at(i), target));
  }
  for (const char* method : {"gp", "transfer", "best_known_device"}) {
    const KnownCosts a = known_costs_without(*bench, target, only), b = known_costs_without(*with_fake, target, only);
    ASSERT_EQ(b.devices.size(), 2u);
    EXPECT_EQ(predict_costs(a, m, method).cost, predict_costs(b, m, method).cost) << method;
  }
  const KnownCosts all = known_costs_without(*with_fake, target);
  EXPECT_TRUE(std::any_of(all.devices.begin(), all.devices.end(), [](const auto& c) { return c.name == "fake_latency"; }));
  EXPECT_NE(predict_costs(all, m, "transfer").cost, predict_costs(known_costs_without(*bench, target), m, "transfer").cost);
  // Of the device predicted, unknown, or with missing values: refused.
  EXPECT_THROW(known_costs_without(*bench, target, std::vector<CostKey>{CostKey::parse("titan_rtx_256_latency")}), InputError);
  EXPECT_THROW(known_costs_without(*bench, target, std::vector<CostKey>{CostKey::parse("nosuch_latency")}), InputError);
  EXPECT_THROW(known_costs_without(*bench, target, std::vector<CostKey>{CostKey::parse("edgetpu_latency")}), InputError);
}

// HELP's split (loader.py): per device, rows 0..899 less their 10% fastest and
// slowest are the pool, rows 900..1899 likewise the networks scored.
TEST(Predict, HelpProtocolSplitIsHelpsLoader) {
  const auto bench = test::benchmark("nb201", "cifar10");
  const CostKey key = CostKey::parse("pixel2_latency");
  const HelpSplit split = help_protocol_split(*bench, key);
  ASSERT_EQ(split.pool.size(), 720u);
  ASSERT_EQ(split.scored.size(), 800u);
  const auto value = [&](std::uint64_t i) { return *bench->cost().cost(bench->space().at(i), key); };
  for (std::uint64_t i : split.pool) ASSERT_LT(i, 900u);
  for (std::uint64_t i : split.scored) ASSERT_TRUE(i >= 900 && i < 1900);
  for (const auto& [part, first, count] : {std::tuple{&split.pool, 0u, 900u}, std::tuple{&split.scored, 900u, 1000u}}) {
    std::vector<double> all;
    for (std::uint64_t i = first; i < first + count; ++i) all.push_back(value(i));
    std::sort(all.begin(), all.end());
    const std::set<std::uint64_t> kept(part->begin(), part->end());
    EXPECT_EQ(kept.size(), part->size());
    for (std::uint64_t i : *part) {
      EXPECT_GE(value(i), all[count / 10]);
      EXPECT_LE(value(i), all[count * 9 / 10 - 1]);
    }
    // Every network strictly inside the kept range of values is kept.
    for (std::uint64_t i = first; i < first + count; ++i) {
      if (value(i) > all[count / 10] && value(i) < all[count * 9 / 10 - 1]) {
        EXPECT_TRUE(kept.count(i)) << i;
      }
    }
  }
}

// NASFLAT's scoring: k networks drawn from all 15625 cells, HELP's 9
// meta-training devices known, Spearman over every cell. Computed here by
// hand for the Pixel 2: the draw is a held-out trial's (all cells, the same
// stream), gp is fitted with only HELP's 9 devices known, and each seed's
// Spearman is taken over every cell; the row's mean and standard error must
// be theirs.
TEST(Predict, NasflatProtocolScoresEveryCell) {
  const auto bench = test::benchmark("nb201", "cifar10");
  const std::vector<PredictorScore> rows = evaluate_nasflat_protocol(*bench, {10}, 2, {"flops", "gp"});
  ASSERT_EQ(rows.size(), 12u);  // 6 devices x 2 methods
  const CostKey pixel2 = CostKey::parse("pixel2_latency");
  std::vector<CostKey> help_known;
  for (const char* d : kHelpTrainDevices) help_known.push_back(CostKey::of(d, "latency"));
  const KnownCosts known = known_costs_without(*bench, pixel2, help_known);
  ASSERT_EQ(known.devices.size(), 9u);
  std::vector<double> truth;
  for (std::uint64_t i = 0; i < *bench->space().cardinality(); ++i) truth.push_back(*bench->cost().cost(bench->space().at(i), pixel2));
  std::vector<double> per_seed;
  for (std::uint64_t seed = 0; seed < 2; ++seed) {
    Measurements m;
    for (std::uint64_t i : predict_held_out(*bench, pixel2, 10, seed, "flops").sample) {
      m.index.push_back(i);
      m.cost.push_back(truth[i]);
    }
    per_seed.push_back(spearman_rho(predict_costs(known, m, "gp").cost, truth));
  }
  ASSERT_NE(per_seed[0], per_seed[1]);
  int found = 0;
  for (const PredictorScore& r : rows) {
    if (r.method == "gp" && r.target == "pixel2_latency") {
      ++found;
      EXPECT_NEAR(r.spearman, (per_seed[0] + per_seed[1]) / 2, 1e-12);
      // Two seeds: their sample sd over sqrt(2) is half their difference.
      EXPECT_NEAR(r.spearman_se, std::abs(per_seed[0] - per_seed[1]) / 2, 1e-12);
    }
    // gp from HELP's 9 devices ranks every device's cells well above chance from 10 networks.
    if (r.method == "gp") {
      EXPECT_GT(r.spearman, 0.8) << r.target;
    }
  }
  EXPECT_EQ(found, 1);
  const auto fbnet = test::benchmark("fbnet", "cifar100");
  EXPECT_THROW(evaluate_nasflat_protocol(*fbnet, {10}, 1, {"gp"}), InputError);
  // The protocols by name: the registry the CLI's --protocol and its messages read.
  EXPECT_EQ(evaluation_protocols().names(), (std::vector<std::string>{"leave-one-device-out", "help", "nasflat"}));
  EXPECT_EQ(evaluation_protocols().get("nasflat").published(*bench)->mean, 0.959);
  EXPECT_FALSE(evaluation_protocols().get("leave-one-device-out").published(*bench));
}

// auto's rule: the lowest leave-one-out error, a baseline's counted double
// once a device is known (auto_handicap). A new device that is a known one
// scaled is still found by best_known_device, whose error is then 0; where a
// baseline's error is the lowest but not by that margin, auto takes the
// other's.
TEST(Predict, AutoCountsTheBaselinesErrorsDouble) {
  const auto bench = test::benchmark("nb201", "cifar10");
  const CostKey target = CostKey::parse("pixel2_latency");
  const KnownCosts known = known_costs_without(*bench, target);
  const auto& pixel3 = std::find_if(known.devices.begin(), known.devices.end(),
                                    [](const KnownCosts::Column& c) { return c.name == "pixel3_latency"; })->values;
  Rng rng(4);
  Measurements scaled;
  for (int j = 0; j < 12; ++j) {
    const std::uint64_t i = 1000 + 37 * static_cast<std::uint64_t>(j);
    scaled.index.push_back(i);
    scaled.cost.push_back(3 * pixel3[i]);
  }
  EXPECT_EQ(predict_costs(known, scaled, "auto").method, "best_known_device");
  std::vector<std::pair<std::string, CostPredictor>> candidates;
  for (const char* name : {"transfer", "flops", "best_known_device", "gp", "gp_log"}) {
    candidates.emplace_back(name, CostPredictor(known, name));
  }
  ASSERT_EQ(predictors().get("transfer").auto_handicap, 2.0);
  ASSERT_EQ(predictors().get("gp").auto_handicap, 1.0);
  const CostPredictor chooser(known, "auto");
  int decided_by_handicap = 0;
  for (std::uint64_t seed = 0; seed < 60 && decided_by_handicap < 2; ++seed) {
    const HeldOutTrial trial = predict_held_out(*bench, target, 8, seed, "flops");
    Measurements m;
    for (std::uint64_t i : trial.sample) {
      m.index.push_back(i);
      m.cost.push_back(*bench->cost().cost(bench->space().at(i), target));
    }
    std::string lowest, lowest_handicapped;
    double error = INFINITY, handicapped = INFINITY;
    for (const auto& [name, predictor] : candidates) {
      const double e = predictor.predict(m).loo_error;
      if (e < error) error = e, lowest = name;
      if (e * predictors().get(name).auto_handicap < handicapped) handicapped = e * predictors().get(name).auto_handicap, lowest_handicapped = name;
    }
    EXPECT_EQ(chooser.predict(m).method, lowest_handicapped) << seed;
    decided_by_handicap += lowest != lowest_handicapped;
  }
  EXPECT_EQ(decided_by_handicap, 2);  // draws where the margin, not the plain error, decided
}

// A predictor readied once serves many fits: what one fit leaves behind never
// reaches the next, from one thread or several, and each equals a fresh
// predict_costs.
TEST(Predict, ReadiedPredictorFitsIndependently) {
  const auto bench = test::benchmark("nb201", "cifar10");
  const CostKey target = CostKey::parse("raspi4_latency");
  const KnownCosts known = known_costs_without(*bench, target);
  const auto measured = [&](std::uint64_t seed) {
    Rng rng(seed);
    Measurements m;
    std::set<std::uint64_t> seen;
    while (m.index.size() < 12) {
      const std::uint64_t i = rng.below(*bench->space().cardinality());
      if (!seen.insert(i).second) continue;
      m.index.push_back(i);
      m.cost.push_back(*bench->cost().cost(bench->space().at(i), target));
    }
    return m;
  };
  for (const char* method : {"gp", "auto"}) {
    const CostPredictor predictor(known, method);
    const Prediction first = predictor.predict(measured(1));
    const Prediction other = predictor.predict(measured(2));
    EXPECT_NE(first.cost, other.cost) << method;
    Prediction threaded;
    std::thread thread([&] { threaded = predictor.predict(measured(1)); });
    const Prediction again = predictor.predict(measured(1));
    thread.join();
    EXPECT_EQ(again.cost, first.cost) << method;
    EXPECT_EQ(threaded.cost, first.cost) << method;
    EXPECT_EQ(predict_costs(known, measured(1), method).cost, first.cost) << method;
  }
  EXPECT_THROW(CostPredictor(known, "nosuch"), InputError);
}

// FBNet: a device that is exactly additive (HW-NAS-Bench's FPGA latency, a
// per-layer lookup table) is reproduced by the predicted table from enough
// measured networks, on networks it never saw; the table file round-trips
// through --cost-table, and a malformed one is refused naming the problem.
TEST(PredictTable, ReproducesAnExactlyAdditiveDeviceAndRoundTrips) {
  const auto bench = test::benchmark("fbnet", "cifar100");
  const SearchSpace& space = bench->space();
  const CostKey fpga = CostKey::parse("fpga_latency");
  Rng rng(5);
  std::vector<Arch> archs;
  std::vector<double> cost;
  for (int i = 0; i < 400; ++i) {
    archs.push_back(space.sample(rng));
    cost.push_back(*bench->cost().cost(archs.back(), fpga));
  }
  const PredictedTable t = predict_additive_table(*bench, CostKey::parse("mine_latency"), archs, cost);
  std::vector<double> predicted, truth;
  for (int i = 0; i < 300; ++i) {
    const Arch a = space.sample(rng);
    predicted.push_back(t.table.total(a));
    truth.push_back(*bench->cost().cost(a, fpga));
    EXPECT_NEAR(predicted.back(), truth.back(), 0.01 * truth.back());
  }
  EXPECT_GT(spearman_rho(predicted, truth), 0.999);
  EXPECT_LT(t.loo_error, 0.01);
  // Too few, twice the same network, a non-positive cost: refused.
  EXPECT_THROW(predict_additive_table(*bench, CostKey::parse("mine_latency"), {archs[0], archs[1]}, {1.0, 2.0}), InputError);
  EXPECT_THROW(predict_additive_table(*bench, CostKey::parse("mine_latency"), {archs[0], archs[0], archs[1]}, {1.0, 1.0, 2.0}), InputError);
  EXPECT_THROW(predict_additive_table(*bench, fpga, archs, cost, std::vector<CostKey>{fpga}), InputError);  // its own device
  // The file hwnas predict writes, read back as a cost of every network.
  test::ScratchDir dir("table");
  std::string file = "decision,choice,mine_latency\n";
  for (std::size_t d = 0; d < space.num_decisions(); ++d) {
    for (int c = 0; c < space.num_choices(d); ++c) file += "layer" + std::to_string(d) + "," + std::to_string(c) + "," + exact(t.table.entry[d][c]) + "\n";
  }
  const std::string tail = "constant,," + exact(t.table.constant) + "\nfloor,," + exact(t.floor) + "\n";
  const auto with = with_cost_tables(bench, {dir.write("t.csv", file + tail).string()});
  const CostKey mine = CostKey::parse("mine_latency");
  EXPECT_TRUE(with->cost().covers_space(mine));
  for (int i = 0; i < 20; ++i) {
    const Arch a = space.sample(rng);
    EXPECT_EQ(*with->cost().cost(a, mine), std::max(t.table.total(a), t.floor));
  }
  // A table of the log of the cost (gp_log, `transform,,exp`): its totals are exponentiated.
  const auto log_table = with_cost_tables(bench, {dir.write("log.csv", file + tail + "transform,,exp\n").string()});
  for (int i = 0; i < 5; ++i) {
    const Arch a = space.sample(rng);
    EXPECT_DOUBLE_EQ(*log_table->cost().cost(a, mine), std::max(std::exp(t.table.total(a)), t.floor));
  }
  test::expect_input_error([&] { with_cost_tables(bench, {dir.write("badtr.csv", file + tail + "transform,,log\n").string()}); },
                           {"transform of mine_latency"});
  // A device whose log is additive (a product of per-layer factors) is what gp_log reproduces, and auto chooses it.
  std::vector<double> product;
  for (const Arch& a : archs) product.push_back(std::exp(0.05 * *bench->cost().cost(a, fpga)));
  const PredictedTable g = predict_additive_table(*bench, CostKey::parse("mine_latency"), archs, product, std::nullopt, "auto");
  EXPECT_EQ(g.method, "gp_log");
  const Arch unseen = space.sample(rng);
  EXPECT_NEAR(std::exp(g.table.total(unseen)), std::exp(0.05 * *bench->cost().cost(unseen, fpga)),
              0.01 * std::exp(0.05 * *bench->cost().cost(unseen, fpga)));
  test::expect_input_error([&] { with_cost_tables(bench, {dir.write("nofloor.csv", file + "constant,,1\n").string()}); }, {"no floor row"});
  test::expect_input_error([&] { with_cost_tables(bench, {dir.write("noconst.csv", file + "floor,,1\n").string()}); }, {"no constant row"});
  const std::size_t cut = file.rfind("layer21,8");
  test::expect_input_error([&] { with_cost_tables(bench, {dir.write("short.csv", file.substr(0, cut) + tail).string()}); },
                           {"no row for layer21 choice 8"});
  test::expect_input_error([&] { with_cost_tables(bench, {dir.write("twice.csv", file + "layer3,2,1\n" + tail).string()}); },
                           {"layer3 choice 2 is listed twice"});
  test::expect_input_error([&] { with_cost_tables(bench, {dir.write("badfloor.csv", file + "constant,,1\nfloor,,-1\n").string()}); },
                           {"floor mine_latency"});
}

}  // namespace
}  // namespace hwnas
