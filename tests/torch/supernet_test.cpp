// Supernet search on CPU with tiny settings: small channel counts and a few
// hundred real Fashion-MNIST images, so the whole suite takes well under two
// minutes on 2 cores. Loader tests write their own tiny data sets.
#include <gtest/gtest.h>

#include "cost/most_probable_within.hpp"

#include <thread>
#include <zlib.h>

#include "benchmark/user_cost.hpp"
#include "predict/predict.hpp"
#include "core/error.hpp"
#include "core/stats.hpp"
#include "torch/supernet_run.hpp"
#include "search/searcher.hpp"
#include "torch/image_data.hpp"
#include "torch/supernets.hpp"
#include "torch/training.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

using test::ScratchDir;

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// n images of 4x4 pixels whose value is 10 * image + pixel, labels image % 10.
std::pair<std::string, std::string> tiny_idx(std::uint32_t n) {
  std::string images = be32(0x803) + be32(n) + be32(4) + be32(4), labels = be32(0x801) + be32(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    for (int p = 0; p < 16; ++p) images += static_cast<char>(10 * i + p);
    labels += static_cast<char>(i % 10);
  }
  return {images, labels};
}

TEST(ImageData, ReadsIdxGzipAndPlain) {
  ScratchDir dir("idx");
  const auto [images, labels] = tiny_idx(6);
  dir.write("train-images-idx3-ubyte.gz", test::gzip(images));
  dir.write("train-labels-idx1-ubyte.gz", test::gzip(labels));
  dir.write("t10k-images-idx3-ubyte", images);  // plain files work too
  dir.write("t10k-labels-idx1-ubyte", labels);
  const auto x = read_idx_images(dir.path() / "train-images-idx3-ubyte.gz");
  EXPECT_EQ(x.sizes(), torch::IntArrayRef({6, 1, 4, 4}));
  EXPECT_EQ(x[2][0][1][3].item<int>(), 27);
  EXPECT_EQ(read_idx_labels(dir.path() / "t10k-labels-idx1-ubyte")[5].item<int>(), 5);
  const ImageData data = load_image_data("fashion-mnist:" + dir.path().string(), 4);
  EXPECT_EQ(data.train.size(), 4);
  EXPECT_EQ(data.test.size(), 6);
  EXPECT_NEAR(data.train.images.mean().item<double>(), 0.0, 1e-5);  // normalised with the training statistics
  EXPECT_NEAR(data.train.images.std().item<double>(), 1.0, 1e-4);
}

TEST(ImageData, IdxErrorsNameTheFile) {
  ScratchDir dir("idx_bad");
  auto [images, labels] = tiny_idx(12);
  dir.write("labels-as-images", labels);  // 8-byte header and 12 labels: long enough to reach the magic check
  dir.write("truncated", images.substr(0, images.size() - 5));
  try {
    read_idx_images(dir.path() / "labels-as-images");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("labels-as-images: IDX magic number 0x00000801, expected 0x00000803"), std::string::npos) << e.what();
  }
  try {
    read_idx_images(dir.path() / "truncated");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_image_data("fashion-mnist:" + (dir.path() / "none").string()), InputError);
  EXPECT_THROW(load_image_data("mnist"), InputError);
}

// CIFAR records: label byte(s), then 3072 pixels; pixel values encode (record, channel).
std::string cifar_records(int n, int label_bytes, int first) {
  std::string out;
  for (int r = 0; r < n; ++r) {
    if (label_bytes == 2) out += static_cast<char>(r % 20);  // coarse label
    out += static_cast<char>((first + r) % (label_bytes == 2 ? 100 : 10));
    for (int c = 0; c < 3; ++c) out += std::string(1024, static_cast<char>(first + r + 50 * c));
  }
  return out;
}

TEST(ImageData, ReadsCifar10AndCifar100Binary) {
  ScratchDir dir("cifar");
  for (int b = 1; b <= 5; ++b) dir.write("c10/data_batch_" + std::to_string(b) + ".bin", cifar_records(2, 1, 2 * (b - 1)));
  dir.write("c10/test_batch.bin", cifar_records(3, 1, 0));
  const ImageData c10 = load_image_data("cifar10:" + (dir.path() / "c10").string());
  EXPECT_EQ(c10.num_classes, 10);
  EXPECT_EQ(c10.train.images.sizes(), torch::IntArrayRef({10, 3, 32, 32}));
  EXPECT_EQ(c10.train.labels[7].item<int>(), 7);
  EXPECT_EQ(c10.test.size(), 3);
  // Channel 1 of record 7 holds 57 everywhere: after normalisation it is one value across the image.
  EXPECT_NEAR(c10.train.images[7][1].std().item<double>(), 0.0, 1e-6);
  const auto [x, y] = read_cifar_binary(dir.path() / "c10" / "data_batch_4.bin", 1);
  EXPECT_EQ(x[1][2][31][31].item<int>(), 7 + 100);
  dir.write("c100/train.bin", cifar_records(4, 2, 95));
  dir.write("c100/test.bin", cifar_records(2, 2, 0));
  const ImageData c100 = load_image_data("cifar100:" + (dir.path() / "c100").string());
  EXPECT_EQ(c100.num_classes, 100);
  EXPECT_EQ(c100.train.labels[3].item<int>(), 98);  // the fine label, not the coarse one
  dir.write("bad/train.bin", cifar_records(1, 2, 0) + "x");
  dir.write("bad/test.bin", cifar_records(1, 2, 0));
  try {
    load_image_data("cifar100:" + (dir.path() / "bad").string());
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("train.bin: 3075 bytes is not a whole number of 3074-byte CIFAR records"), std::string::npos) << e.what();
  }
}

TEST(ImageData, AugmentationIsSeededAndKeepsShapes) {
  const ImageData data = load_image_data("fashion-mnist", 64);
  std::vector<std::int64_t> idx(32);
  std::iota(idx.begin(), idx.end(), 0);
  Rng a(1), b(1);
  const auto [xa, ya] = make_batch(data.train, idx, true, true, a);
  const auto [xb, yb] = make_batch(data.train, idx, true, true, b);
  EXPECT_TRUE(torch::equal(xa, xb));
  EXPECT_EQ(xa.sizes(), torch::IntArrayRef({32, 1, 28, 28}));
  Rng c(2);
  EXPECT_FALSE(torch::equal(xa, make_batch(data.train, idx, true, true, c).first));
}

SupernetConfig tiny(const std::string& mode) {
  SupernetConfig c;
  c.mode = mode;
  c.train_images = 256;
  c.epochs = 2;
  c.batch_size = 32;
  c.channels = 4;
  c.cells = 1;
  c.threads = 1;  // bitwise reproducible
  c.eval_images = 128;
  c.progress = false;
  return c;
}

std::optional<DifferentiableCost> edgegpu_cost(double scale) {
  const AdditiveCostModel fit = test::benchmark("nb201", "cifar10")->additive_cost(CostKey::parse("edgegpu_latency"));
  return DifferentiableCost{"edgegpu_latency", fit.table, scale, std::nullopt, nullptr};
}

TEST(Supernet, AdditiveFitOfNb201CostsRanksWell) {
  const auto nb201 = test::benchmark("nb201", "cifar10");
  const AdditiveCostModel fit = nb201->additive_cost(CostKey::parse("fpga_latency"));
  EXPECT_EQ(fit.networks, 15625u);
  EXPECT_GT(*fit.kendall_tau, 0.95);
  for (const auto& row : fit.table.entry) EXPECT_EQ(row[0], 0.0);  // the reference choice
  const auto edgetpu = nb201->additive_cost(CostKey::parse("edgetpu_latency"));
  EXPECT_EQ(edgetpu.networks, 15625u - 4699u);  // missing latencies are left out of the fit
}

TEST(Supernet, EveryModeTrainsAndDerivesAnArchitecture) {
  const auto& nb201 = test::nb201().space();
  for (const char* mode : {"darts", "gdas"}) {
    const SupernetResult r = train_supernet(nb201, tiny(mode), edgegpu_cost(5.0));
    EXPECT_TRUE(nb201.contains(r.arch)) << mode;
    ASSERT_EQ(r.log.size(), 2u);
    EXPECT_TRUE(std::isfinite(r.log.back().loss));
    EXPECT_GT(r.log.back().expected_cost, 0.0);
    EXPECT_TRUE(r.finished);
  }
  EXPECT_NEAR(train_supernet(nb201, tiny("gdas"), std::nullopt).log.back().temperature, 0.1, 1e-12);  // annealed 10 -> 0.1
  SupernetConfig f = tiny("fbnet");
  f.epochs = 1;
  f.train_images = 64;
  f.cost_loss = "multiplicative";
  f.cost_weight = 0.6;
  const FbnetBenchmark& fb = test::fbnet();
  const auto pixel3 = DifferentiableCost{"pixel3_latency", fb.cost().additive_table(CostKey::parse("pixel3_latency")), 1.0, std::nullopt, nullptr};
  const SupernetResult r = train_supernet(fb.space(), f, pixel3);
  EXPECT_TRUE(fb.space().contains(r.arch));
  EXPECT_DOUBLE_EQ(r.log.front().temperature, 5.0);
  EXPECT_NEAR(r.expected_cost, pixel3.table.total(Arch(22)) + 0.0, 20.0);
}

TEST(Supernet, EverySupernetSearcherHasAModeAndEveryModeASearcher) {
  std::vector<std::string> supernet_searchers;
  for (const SearcherInfo& s : searchers().entries()) {
    if (s.supernet) supernet_searchers.push_back(s.name);
  }
  EXPECT_EQ(supernet_mode_names(), supernet_searchers);
  EXPECT_EQ(cost_loss_names(), cost_loss_kinds().names());  // every kind has its implementation
  EXPECT_EQ(cost_loss_names(), (std::vector<std::string>{"additive", "multiplicative"}));
  // Every space trains and measures through its supernet family, found by name.
  EXPECT_EQ(supernet_families().names(), spaces().names());
  const auto& nb201 = test::nb201().space();
  SupernetConfig bad_mode = tiny("rea");
  try {
    train_supernet(nb201, bad_mode, std::nullopt);
    FAIL() << "a searcher that is no supernet mode trained";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "unknown supernet mode 'rea' (known: darts, gdas, fbnet)");
  }
  SupernetConfig bad_loss = tiny("darts");
  bad_loss.cost_loss = "quadratic";
  try {
    train_supernet(nb201, bad_loss, edgegpu_cost(5.0));
    FAIL() << "an unknown cost loss trained";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "unknown --cost-loss 'quadratic' (known: additive, multiplicative)");
  }
}

TEST(Supernet, CostWeightPushesTheDerivedArchitectureToCheaperCells) {
  const auto& bench = test::nb201();
  const auto& latency = *bench.cost("cifar10").index_column(CostKey::parse("edgegpu_latency"));
  double free_cost = 0, pushed_cost = 0;
  for (std::uint64_t seed = 0; seed < 2; ++seed) {
    SupernetConfig c = tiny("darts");
    c.seed = seed;
    c.arch_lr = 0.01;
    c.cost_weight = 0.0;
    free_cost += latency[bench.space().index(train_supernet(bench.space(), c, edgegpu_cost(5.0)).arch)];
    c.cost_weight = 2.0;
    pushed_cost += latency[bench.space().index(train_supernet(bench.space(), c, edgegpu_cost(5.0)).arch)];
  }
  EXPECT_LT(pushed_cost, free_cost);
}

// edgegpu_cost with a limit, deriving by enumeration of the real latency column.
DifferentiableCost limited_edgegpu_cost(double limit) {
  DifferentiableCost cost = *edgegpu_cost(limit);
  cost.limit = limit;
  cost.derive_within_limit = [limit](const std::vector<std::vector<double>>& log_prob) {
    const auto& bench = test::nb201();
    const auto& latency = *bench.cost("cifar10").index_column(CostKey::parse("edgegpu_latency"));
    return most_probable_within_by_enumeration(
        bench.space(), log_prob, [&](const Arch& a) { return std::optional<double>(latency[bench.space().index(a)]); }, limit);
  };
  return cost;
}

TEST(Supernet, DerivedArchitectureMeetsEveryLimit) {
  const auto& bench = test::nb201();
  const auto& latency = *bench.cost("cifar10").index_column(CostKey::parse("edgegpu_latency"));
  for (const char* mode : {"darts", "gdas"}) {
    for (double limit : {1.5, 2.5, 4.0}) {
      for (std::uint64_t seed = 0; seed < 2; ++seed) {
        SupernetConfig c = tiny(mode);
        c.epochs = 1;
        c.seed = seed;
        c.arch_lr = 0.03;
        c.constraint = "lagrange";
        const SupernetResult r = train_supernet(bench.space(), c, limited_edgegpu_cost(limit));
        EXPECT_LE(latency[bench.space().index(r.arch)], limit) << mode << " seed " << seed << " limit " << limit;
      }
    }
  }
}

TEST(Supernet, MultiplierRisesWhileOverTheLimitFallsOnceUnderAndStaysZeroFarUnder) {
  EXPECT_DOUBLE_EQ(dual_ascent(0.5, 6.0, 4.0, 0.1), 0.55);   // over: up by step * 0.5
  EXPECT_DOUBLE_EQ(dual_ascent(0.5, 2.0, 4.0, 0.1), 0.45);   // under: down
  EXPECT_DOUBLE_EQ(dual_ascent(0.01, 2.0, 4.0, 0.1), 0.0);   // never below 0
  const auto& bench = test::nb201();
  SupernetConfig c = tiny("darts");
  c.arch_lr = 0.03;
  c.constraint = "lagrange";
  // A limit under the cells the distribution first derives (but not under the cheapest cell):
  // lambda rises while the derived cell is over it and falls once the push has brought it under.
  const SupernetResult tight = train_supernet(bench.space(), c, limited_edgegpu_cost(1.0));
  ASSERT_EQ(tight.log.size(), 2u);
  EXPECT_GT(tight.log[0].multiplier, 0.0);
  EXPECT_LT(tight.log[1].multiplier, tight.log[0].multiplier);
  // A limit over every cell: lambda stays 0, so the run is the accuracy-only penalty run, step for step.
  const SupernetResult loose = train_supernet(bench.space(), c, limited_edgegpu_cost(100.0));
  SupernetConfig penalty = c;
  penalty.constraint = "penalty";
  const SupernetResult free = train_supernet(bench.space(), penalty, limited_edgegpu_cost(100.0));
  for (std::size_t e = 0; e < 2; ++e) {
    EXPECT_EQ(loose.log[e].multiplier, 0.0);
    EXPECT_EQ(loose.log[e].loss, free.log[e].loss);
    EXPECT_EQ(loose.log[e].expected_cost, free.log[e].expected_cost);
  }
  // The tight run's cost term pushed the distribution to cheaper cells than the free run's.
  EXPECT_LT(tight.expected_cost, free.expected_cost);
  // Lagrange without a limit, or with a weight of its own, is refused.
  EXPECT_THROW(train_supernet(bench.space(), c, edgegpu_cost(5.0)), InputError);
  SupernetConfig weighted = c;
  weighted.cost_weight = 1.0;
  EXPECT_THROW(train_supernet(bench.space(), weighted, limited_edgegpu_cost(4.0)), InputError);
}

TEST(Supernet, ResumedLagrangeRunKeepsItsMultiplier) {
  ScratchDir dir("resume_lagrange");
  const auto& space = test::nb201().space();
  SupernetConfig whole = tiny("gdas");
  whole.constraint = "lagrange";
  whole.arch_lr = 0.03;
  whole.checkpoint_dir = dir.path() / "whole";
  const SupernetResult expected = train_supernet(space, whole, limited_edgegpu_cost(1.0));
  ASSERT_GT(expected.log.front().multiplier, 0.0);  // the state to carry over is not the initial 0
  SupernetConfig part = whole;
  part.checkpoint_dir = dir.path() / "part";
  part.stop_after_epoch = 1;
  train_supernet(space, part, limited_edgegpu_cost(1.0));
  part.stop_after_epoch.reset();
  part.resume = true;
  const SupernetResult resumed = train_supernet(space, part, limited_edgegpu_cost(1.0));
  ASSERT_EQ(resumed.log.size(), expected.log.size());
  for (std::size_t e = 0; e < expected.log.size(); ++e) {
    EXPECT_EQ(resumed.log[e].multiplier, expected.log[e].multiplier);
    EXPECT_EQ(resumed.log[e].loss, expected.log[e].loss);
  }
  EXPECT_EQ(resumed.arch, expected.arch);
}

TEST(Supernet, CheckpointsFromBeforeDataParallelTrainingCountAsOneProcess) {
  const SupernetSettings now = {{"epochs", "3"}, {"threads", "1"}, {"world-size", "1"}, {"bn-images", "0"}};
  const SupernetSettings older = {{"epochs", "3"}, {"threads", "1"}};  // recorded neither
  EXPECT_EQ(training::setting_differences(now, now), "");
  EXPECT_EQ(training::setting_differences(older, now), "");
  // A group of two, or ghost batch norm, is another run than the older checkpoint's.
  SupernetSettings two = now;
  two[2].second = "2";
  two[3].second = "8";
  EXPECT_EQ(training::setting_differences(older, two), "world-size 1 (this run: 2), bn-images 0 (this run: 8)");
  // Any other setting a checkpoint lacks is named as missing.
  EXPECT_EQ(training::setting_differences({{"epochs", "3"}}, now), "threads (not recorded) (this run: 1)");
  EXPECT_EQ(training::setting_differences({{"epochs", "4"}, {"threads", "1"}}, now), "epochs 4 (this run: 3)");
}

TEST(Supernet, ResumedRunEndsExactlyAsAnUninterruptedOne) {
  ScratchDir dir("resume");
  const auto& space = test::nb201().space();
  SupernetConfig whole = tiny("gdas");
  whole.checkpoint_dir = dir.path() / "whole";
  const SupernetResult expected = train_supernet(space, whole, edgegpu_cost(5.0));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "whole" / "checkpoint.pt"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "whole" / "checkpoint.pt.tmp"));

  SupernetConfig part = tiny("gdas");
  part.checkpoint_dir = dir.path() / "part";
  part.stop_after_epoch = 1;
  const SupernetResult interrupted = train_supernet(space, part, edgegpu_cost(5.0));
  EXPECT_FALSE(interrupted.finished);
  EXPECT_EQ(interrupted.log.size(), 1u);
  part.stop_after_epoch.reset();
  part.resume = true;
  const SupernetResult resumed = train_supernet(space, part, edgegpu_cost(5.0));
  EXPECT_TRUE(resumed.finished);
  EXPECT_EQ(resumed.arch, expected.arch);
  EXPECT_EQ(resumed.alpha, expected.alpha);  // bitwise
  EXPECT_EQ(resumed.valid_acc, expected.valid_acc);
  ASSERT_EQ(resumed.log.size(), 2u);
  EXPECT_EQ(resumed.log[1].loss, expected.log[1].loss);

  SupernetConfig other = tiny("darts");  // a checkpoint of another run is refused
  other.checkpoint_dir = dir.path() / "part";
  other.resume = true;
  EXPECT_THROW(train_supernet(space, other, edgegpu_cost(5.0)), InputError);
}

TEST(Supernet, TrainedSupernetIsAnAccuracySourceForOtherSearchers) {
  ScratchDir dir("accuracy_source");
  const FbnetBenchmark& fb = test::fbnet();
  SupernetConfig c = tiny("fbnet");
  c.epochs = 1;
  c.train_images = 64;
  c.checkpoint_dir = dir.path();
  const SupernetResult r = train_supernet(fb.space(), c, std::nullopt);
  const auto acc = load_supernet_accuracy(dir.path(), fb.space());
  // The same sub-network on the same validation images, scored by the reloaded supernet.
  EXPECT_NEAR(acc->signal(r.arch), r.valid_acc, 1e-9);
  EXPECT_FALSE(acc->final_accuracy(r.arch).has_value());
  ProblemSpec spec;
  spec.space = "fbnet";
  spec.dataset = "cifar100";
  spec.device = "raspi4";
  spec.limit = 33.6;  // the median raspi4 latency of the sampled networks
  const auto problem = test::problem(spec, acc);
  RunSettings s;
  s.searcher = "rea";
  s.budget.queries = 12;
  s.seeds = {0, 1};
  for (const RunResult& run : run_seeds(*problem, s)) {
    ASSERT_TRUE(run.best);
    EXPECT_LE(*run.best->cost, 33.6);
    EXPECT_EQ(run.best->signal, acc->signal(run.best->arch));
  }
  // A Pareto search of error (100 - the supernet's accuracy) against a cost on FBNet.
  spec.objectives = {"error", "fpga_latency"};
  const auto pareto = test::problem(spec, acc);
  s.searcher = "nsga2";
  for (const RunResult& run : run_seeds(*pareto, s)) {
    ASSERT_FALSE(run.front.empty());
    for (const Query& q : run.front) {
      EXPECT_DOUBLE_EQ(q.eval.objectives[0], 100.0 - acc->signal(q.arch));
      EXPECT_LE(*q.eval.cost, 33.6);
    }
  }
  EXPECT_THROW(load_supernet_accuracy(dir.path(), test::nb201().space()), InputError);  // an FBNet supernet
}

// The LibTorch MLP cost predictor: the same prediction for the same
// measurements (also from several threads at once), and a smooth function of
// a known device learnt from 100 networks well enough to rank the space.
TEST(MlpPredictor, IsReproducibleAndLearnsASmoothCost) {
  install_torch_predictors();
  install_torch_predictors();  // once for the program: a second call registers nothing twice
  ASSERT_TRUE(predictors().contains("mlp"));
  const auto bench = test::benchmark("nb201", "cifar10");
  const KnownCosts known = known_costs_without(*bench, CostKey::parse("laptop_latency"));
  const std::uint64_t n = *bench->space().cardinality();
  std::vector<double> truth(n);
  for (std::uint64_t i = 0; i < n; ++i) truth[i] = 2.0 * std::sqrt(known.devices[0].values[i]) + 0.01 * known.flops[i];
  Measurements m;
  for (std::uint64_t i = 7; m.index.size() < 100; i += 151) {
    m.index.push_back(i % n);
    m.cost.push_back(truth[i % n]);
  }
  const Prediction a = predict_costs(known, m, "mlp");
  std::vector<double> b, c;
  std::thread other([&] { b = predict_costs(known, m, "mlp").cost; });
  c = predict_costs(known, m, "mlp").cost;
  other.join();
  EXPECT_EQ(a.cost, b);
  EXPECT_EQ(a.cost, c);
  EXPECT_GT(kendall_tau(a.cost, truth), 0.85);
}

}  // namespace
}  // namespace hwnas
