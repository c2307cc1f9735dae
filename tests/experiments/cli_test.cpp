// Runs the real hwnas executable, as a user would.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <sstream>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace hwnas {
namespace {

struct Output {
  int code;
  std::string out;
};

Output run(const std::string& args) {
  const std::string cmd = std::string(HWNAS_BIN) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = pclose(pipe);
  return {WEXITSTATUS(status), out};
}

TEST(Cli, QueryJsonSchemaNb201) {
  const Output r = run("query --space nb201 --dataset cifar10 --index 0 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["index"], 0);
  EXPECT_EQ(j["metrics"]["edgegpu_latency"].get<double>(), 5.807418537139893);
  EXPECT_EQ(j["accuracy"]["cifar10_test200"].get<double>(), 85.8633);
  EXPECT_EQ(j["flops_m"].get<double>(), 15.64737);
  // An architecture the Edge TPU compiler rejected: its latency is null, never -1.
  const auto& tpu = test::nb201().cost("cifar10").column(CostKey::parse("edgetpu_latency"));
  const auto missing = std::find_if(tpu->begin(), tpu->end(), [](double v) { return is_missing(v); }) - tpu->begin();
  const auto m = nlohmann::json::parse(run("query --space nb201 --dataset cifar10 --json --index " + std::to_string(missing)).out);
  EXPECT_TRUE(m["metrics"]["edgetpu_latency"].is_null());
}

TEST(Cli, QueryByArchStringAndFbnetNames) {
  const std::string arch = "'|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|'";
  EXPECT_EQ(nlohmann::json::parse(run("query --space nb201 --dataset cifar10 --json --arch " + arch).out)["index"], 0);
  std::string blocks;
  for (int l = 0; l < 22; ++l) blocks += l ? ",k3_e1" : "k3_e1";
  const Output r = run("query --space fbnet --dataset cifar100 --json --arch " + blocks);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NEAR(nlohmann::json::parse(r.out)["metrics"]["eyeriss_latency"].get<double>(), 3.9409, 5e-5);
}

TEST(Cli, BadInputIsOneLineAndExitCodeTwo) {
  for (const std::string args :
       {"query --space nb201 --dataset cifar10 --index 15625", "query --space nb201 --dataset cifar10 --arch '|bad|'",
        "query --space nb201 --dataset mnist --index 1", "query --space fbnet --dataset cifar100 --arch 1,2",
        "query --space nb201 --dataset cifar10", "search --device gpu --limit 4",
        "search --device edgegpu --limit 0.1", "search --dataset cifar100 --device edgegpu --limit 4",
        "search --searcher nope", "query --space cnn --dataset cifar10 --index 1", "search --budget-seconds",
        "search --searcher darts --cost-loss nope --device fpga", "compare --limits fpga=3 --out /tmp/x"}) {
    const Output r = run(args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_EQ(r.out.rfind("hwnas: ", 0), 0u) << args << "\n" << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << args << "\n" << r.out;
  }
  // Missing data is the exception: the message lists the upstream files to fetch.
  const Output missing = run("search --data-dir /nonexistent");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.out.find("nasbench201/{accuracy"), std::string::npos) << missing.out;
}

TEST(Cli, QueryManyArchitecturesFromAFileOrStdin) {
  test::ScratchDir dir("cli_archs");
  const std::string arch1 = test::nb201().space().to_string(test::nb201().space().at(1));
  const auto file = dir.write("archs.txt", "0\n" + arch1 + "\n\n15624\n");
  const Output r = run("query --space nb201 --dataset ImageNet16-120 --json --archs " + file.string());
  ASSERT_EQ(r.code, 0) << r.out;
  std::vector<nlohmann::json> rows;
  std::stringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) rows.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(rows.size(), 3u);  // the blank line is skipped
  EXPECT_EQ(rows[1]["index"], 1);
  EXPECT_EQ(rows[2]["index"], 15624);
  for (const auto& row : rows) {
    const auto one = nlohmann::json::parse(run("query --space nb201 --dataset ImageNet16-120 --json --index " +
                                               std::to_string(row["index"].get<int>())).out);
    EXPECT_EQ(row, one);  // the same answer as a single query
  }
  EXPECT_EQ(rows[0]["metrics"]["pixel3_latency"].get<double>(), 1.33656);  // ImageNet16-120's own cost
  // The table form, from standard input; FBNet too.
  const Output table = run("query --space fbnet --dataset ImageNet --archs - < " +
                           dir.write("fb.txt", "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n").string());
  ASSERT_EQ(table.code, 0) << table.out;
  EXPECT_NE(table.out.find("16.431164979934692"), std::string::npos) << table.out;  // edgegpu_latency, ImageNet
  // A bad line is an error naming its line number.
  const Output bad = run("query --space nb201 --dataset cifar10 --archs " + dir.write("bad.txt", "0\n1\n|x|\n").string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("bad.txt:3: "), std::string::npos) << bad.out;
}

TEST(Cli, SearchWritesResultAndTrajectory) {
  test::ScratchDir dir("cli_search");
  const Output r = run("search --device edgegpu --metric latency --limit 4.0 --searcher rea --budget-seconds 12000 "
                       "--seeds 3 --out " + dir.path().string() + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j, nlohmann::json::parse(test::read_file(dir.path() / "result.json")));
  for (const char* key : {"searcher", "space", "dataset", "device", "metric", "limit", "seeds", "runs", "optimum",
                          "signal_optimum", "mean_test_acc", "mean_regret", "feasible_rate"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  ASSERT_EQ(j["runs"].size(), 3u);
  const auto& best = j["runs"][0]["best"];
  EXPECT_LE(best["cost"].get<double>(), 4.0);
  EXPECT_EQ(best["costs"]["edgegpu_latency"], best["cost"]);
  EXPECT_EQ(best["costs"].size(), 10u);
  // trajectory.csv: one line per charged query of every run, plus the header.
  const std::string csv = test::read_file(dir.path() / "trajectory.csv");
  std::size_t lines = std::count(csv.begin(), csv.end(), '\n');
  std::size_t queries = 0;
  for (const auto& run : j["runs"]) queries += run["queries"].get<std::size_t>();
  EXPECT_EQ(lines, queries + 1);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "seed,query,index,arch,valid_acc,test_acc,cost,feasible,score,seconds,best_valid_acc,best_test_acc");
}

TEST(Cli, SupernetSearchReportsThroughTheSameSchemaAndResumes) {
  test::ScratchDir dir("cli_supernet");
  const std::string common = "search --space nb201 --dataset cifar10 --device fpga --metric latency --searcher gdas "
                             "--epochs 2 --channels 4 --cells 1 --train-images 256 --batch-size 32 --eval-images 128 "
                             "--threads 1 --cost-weight 1 --json ";
  const Output whole = run(common + "--checkpoint " + (dir.path() / "whole").string());
  ASSERT_EQ(whole.code, 0) << whole.out;
  const auto j = nlohmann::json::parse(whole.out);
  EXPECT_EQ(j["searcher"], "gdas");
  EXPECT_GT(j["cost_model"]["kendall_tau"].get<double>(), 0.9);  // the additive fit of FPGA latency
  const auto& run0 = j["runs"][0];
  EXPECT_EQ(run0["best"]["arch"], run0["supernet"]["arch"]);
  EXPECT_EQ(run0["best"]["costs"]["fpga_latency"], run0["supernet"]["real_cost"]);
  EXPECT_EQ(run0["supernet"]["epochs"].size(), 2u);
  // Interrupted after one epoch, then resumed from its checkpoint: the same result.
  const Output first = run(common + "--checkpoint " + (dir.path() / "part").string() + " --stop-after-epoch 1");
  ASSERT_EQ(first.code, 0) << first.out;
  EXPECT_FALSE(nlohmann::json::parse(first.out)["runs"][0]["supernet"]["finished"].get<bool>());
  const Output resumed = run(common + "--resume " + (dir.path() / "part").string());
  ASSERT_EQ(resumed.code, 0) << resumed.out;
  EXPECT_EQ(nlohmann::json::parse(resumed.out)["runs"][0]["supernet"], run0["supernet"]);
  // FBNet has no accuracy table: evolution there needs a trained supernet.
  const Output fbnet = run("search --space fbnet --dataset cifar100 --device pixel3 --limit 10 --searcher rea --budget-queries 5");
  EXPECT_EQ(fbnet.code, 2);
  EXPECT_NE(fbnet.out.find("--accuracy-from"), std::string::npos) << fbnet.out;
}

}  // namespace
}  // namespace hwnas
