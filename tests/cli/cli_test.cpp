// Runs the real hwnas executable, as a user would.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "benchmark/user_cost.hpp"
#include "benchmark/proxies.hpp"
#include "predict/predict.hpp"
#include "core/rng.hpp"
#include "core/format.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

struct Output {
  int code;
  std::string out;
};

// Runs a shell command line, standard error merged into the output.
Output capture(const std::string& cmd) {
  FILE* pipe = popen((cmd + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = pclose(pipe);
  return {WEXITSTATUS(status), out};
}

Output run(const std::string& args) { return capture(std::string(HWNAS_BIN) + " " + args); }

TEST(Cli, QueryJsonSchemaNb201) {
  const Output r = run("query --space nb201 --dataset cifar10 --index 0 --json");
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["index"], 0);
  EXPECT_EQ(j["metrics"]["edgegpu_latency"].get<double>(), 5.807418537139893);
  EXPECT_EQ(j["accuracy"]["cifar10_test200"].get<double>(), 85.8633);
  EXPECT_EQ(j["flops_m"].get<double>(), 15.64737);
  // An architecture the Edge TPU compiler rejected: its latency is null, never -1.
  const auto& tpu = test::nb201().cost("cifar10").index_column(CostKey::parse("edgetpu_latency"));
  const auto missing = std::find_if(tpu->begin(), tpu->end(), [](double v) { return is_missing(v); }) - tpu->begin();
  const auto m = nlohmann::json::parse(run("query --space nb201 --dataset cifar10 --json --index " + std::to_string(missing)).out);
  EXPECT_TRUE(m["metrics"]["edgetpu_latency"].is_null());
}

TEST(Cli, QueryTakesTheSharedCostDatasetOption) {
  // The costs of CIFAR-10's cell 0 measured with ImageNet16-120 inputs are that dataset's own costs of
  // cell 0; the accuracies and FLOPs stay CIFAR-10's, and the output says which costs these are.
  const auto other = nlohmann::json::parse(run("query --space nb201 --dataset cifar10 --cost-dataset ImageNet16-120 --index 0 --json").out);
  const auto own = nlohmann::json::parse(run("query --space nb201 --dataset ImageNet16-120 --index 0 --json").out);
  const auto plain = nlohmann::json::parse(run("query --space nb201 --dataset cifar10 --index 0 --json").out);
  EXPECT_EQ(other["cost_dataset"], "ImageNet16-120");
  EXPECT_FALSE(plain.contains("cost_dataset"));
  EXPECT_EQ(other["metrics"], own["metrics"]);
  EXPECT_NE(other["metrics"], plain["metrics"]);
  EXPECT_EQ(other["accuracy"], plain["accuracy"]);
  EXPECT_EQ(other["flops_m"], plain["flops_m"]);
  EXPECT_NE(run("query --space nb201 --dataset cifar10 --cost-dataset ImageNet16-120 --index 0").out.find("measured with ImageNet16-120 inputs"),
            std::string::npos);
  // Predict and measure read no other dataset's costs: the option is not offered.
  for (const char* args : {"predict --cost-table x.csv --out y.csv --cost-dataset cifar100",
                           "measure --all --device-name d --out y.csv --cost-dataset cifar100"}) {
    const Output r = run(args);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.out.find("not expected: cifar100 --cost-dataset"), std::string::npos) << r.out;
  }
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
  EXPECT_EQ(best["costs"].size(), 10u);  // HW-NAS-Bench's columns: HELP's zoo only when the search uses one
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
  const std::string base = "search --space nb201 --dataset cifar10 --device fpga --metric latency --searcher gdas "
                           "--epochs 2 --channels 4 --cells 1 --train-images 256 --batch-size 32 --eval-images 128 --json ";
  const std::string common = base + "--threads 1 --cost-weight 1 ";
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
  EXPECT_EQ(run0["supernet"]["settings"]["cost-weight"], "1");  // result.json records every setting
  // A resume with any other setting is refused, naming each difference.
  for (const auto& [other, named] : std::vector<std::pair<std::string, std::string>>{
           {"--threads 1 --cost-weight 0", "cost-weight 1 (this run: 0)"},
           {"--threads 1 --cost-weight 1 --weight-lr 0.05", "weight-lr 0.025 (this run: 0.05)"},
           {"--threads 1 --cost-weight 1 --arch-lr 0.001", "arch-lr 3e-04 (this run: 0.001)"},
           {"--threads 2 --cost-weight 1", "threads 1 (this run: 2)"}}) {
    const Output refused = run(base + other + " --resume " + (dir.path() / "part").string());
    EXPECT_EQ(refused.code, 2) << other << "\n" << refused.out;
    EXPECT_NE(refused.out.find("other settings: " + named), std::string::npos) << refused.out;
  }
  const Output other_device = run("search --space nb201 --dataset cifar10 --device edgegpu --metric latency "
                                  "--searcher gdas --epochs 2 --channels 4 --cells 1 --train-images 256 --batch-size 32 "
                                  "--eval-images 128 --threads 1 --cost-weight 1 --resume " + (dir.path() / "part").string());
  EXPECT_EQ(other_device.code, 2);
  EXPECT_NE(other_device.out.find("cost fpga_latency (this run: edgegpu_latency)"), std::string::npos) << other_device.out;
  // A damaged checkpoint is one line naming the file, not a LibTorch trace.
  const auto checkpoint = dir.path() / "part" / "seed0" / "checkpoint.pt";
  const std::string bytes = test::read_file(checkpoint);
  dir.write("part/seed0/checkpoint.pt", bytes.substr(0, bytes.size() / 3));
  const Output damaged = run(common + "--resume " + (dir.path() / "part").string());
  EXPECT_EQ(damaged.code, 2);
  EXPECT_EQ(std::count(damaged.out.begin(), damaged.out.end(), '\n'), 1) << damaged.out;
  EXPECT_NE(damaged.out.find(checkpoint.string() + ": not a readable hwnas checkpoint"), std::string::npos) << damaged.out;
  // FBNet has no accuracy table: evolution there needs a trained supernet.
  const Output fbnet = run("search --space fbnet --dataset cifar100 --device pixel3 --limit 10 --searcher rea --budget-queries 5");
  EXPECT_EQ(fbnet.code, 2);
  EXPECT_NE(fbnet.out.find("--accuracy-from"), std::string::npos) << fbnet.out;
}

// compare runs a supernet searcher beside the tabular ones under every limit:
// its derived cells meet each limit (derivation under the real cost), each run
// is one query, and summary.csv says how close the cost comes to the limit.
TEST(Cli, CompareRunsSupernetSearchersUnderEveryLimit) {
  if (!HWNAS_HAS_TORCH) GTEST_SKIP() << "built without LibTorch";
  test::ScratchDir dir("cli_compare_supernet");
  const Output r = run("compare --space nb201 --dataset cifar10 --searchers rea,gdas --devices edgegpu,fpga "
                       "--limits edgegpu:4,fpga:3,fpga@q25 --seeds 2 --budget-queries 20 --threads 1 --epochs 1 --channels 2 "
                       "--cells 1 --train-images 128 --batch-size 32 --eval-images 64 --out " + (dir.path() / "c").string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("cost/limit"), std::string::npos) << r.out;
  std::istringstream summary(test::read_file(dir.path() / "c" / "summary.csv"));
  std::string line;
  std::getline(summary, line);
  const auto header = test::csv_fields(line);
  const auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  ASSERT_LT(column("mean_cost_over_limit"), header.size()) << line;
  std::size_t gdas_rows = 0;
  while (std::getline(summary, line)) {
    const auto cells = test::csv_fields(line);
    ASSERT_EQ(cells.size(), header.size()) << line;
    const double ratio = std::stod(cells[column("mean_cost_over_limit")]);
    EXPECT_GT(ratio, 0) << line;
    EXPECT_LE(ratio, 1.0) << line;  // every searcher's found networks are feasible here
    if (cells[0] != "gdas") continue;
    ++gdas_rows;
    EXPECT_EQ(cells[column("feasible_rate")], "1") << line;
    EXPECT_EQ(cells[column("mean_queries")], "1") << line;  // the derived cell is the run's one query
    EXPECT_GE(std::stod(cells[column("mean_regret")]), 0) << line;
  }
  EXPECT_EQ(gdas_rows, 3u);
  // A supernet searcher searches by its own training, and its options are refused where no searcher reads them.
  for (const std::string bad : {"compare --searchers rea,gdas --accuracy-from proxy:flops --seeds 1",
                                 "compare --searchers rea --epochs 3 --seeds 1", "compare --searchers gdas --objectives error,flops"}) {
    const Output refused = run(bad + " --out " + (dir.path() / "bad").string());
    EXPECT_EQ(refused.code, 2) << bad << "\n" << refused.out;
    EXPECT_EQ(std::count(refused.out.begin(), refused.out.end(), '\n'), 1) << bad << "\n" << refused.out;
  }
}

TEST(Cli, ParetoSearchWritesFrontsWithTheirQuality) {
  test::ScratchDir dir("cli_pareto");
  const Output r = run("search --problem c10mop5 --searcher nsga2 --budget-queries 200 --seeds 3 --json --out " +
                       dir.path().string());
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["objectives"], nlohmann::json({"error", "params", "flops", "edgegpu_latency", "edgegpu_energy"}));
  EXPECT_EQ(j["signal"], "cifar10_valid200");
  EXPECT_EQ(j["final"], "cifar10_test200");
  EXPECT_GT(j["true_front"]["size"].get<int>(), 10);
  std::size_t rows = 0;
  double hv_sum = 0;
  for (const auto& run : j["runs"]) {
    rows += run["front"].size();
    hv_sum += run["hv_fraction"].get<double>();
    EXPECT_NEAR(run["hv"].get<double>() / j["true_front"]["hv"].get<double>(), run["hv_fraction"].get<double>(), 1e-12);
    const auto& first = run["front"][0];
    EXPECT_EQ(first["objectives"].size(), 5u);
    EXPECT_TRUE(first["final_error"].is_number());
  }
  EXPECT_NEAR(j["mean_hv_fraction"].get<double>(), hv_sum / 3, 1e-12);
  const std::string csv = test::read_file(dir.path() / "front.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "seed,index,arch,error,params,flops,edgegpu_latency,edgegpu_energy,final_error");
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')), rows + 1);
  // The table form names the quality measures.
  const Output table = run("search --objectives error,fpga_latency --searcher rea --budget-queries 100 --seeds 2");
  ASSERT_EQ(table.code, 0) << table.out;
  EXPECT_NE(table.out.find("hv fraction"), std::string::npos) << table.out;
  for (const std::string bad : {"search --objectives error", "search --objectives ''", "search --objectives error,warp_latency",
                                "search --problem c10mop5 --objectives error,flops", "search --problem c10mop8",
                                "search --problem c10mop5 --dataset cifar100", "search --signal valid100 --objectives error,flops",
                                "search --objectives error,flops --searcher darts"}) {
    const Output refused = run(bad);
    EXPECT_EQ(refused.code, 2) << bad << "\n" << refused.out;
    EXPECT_EQ(std::count(refused.out.begin(), refused.out.end(), '\n'), 1) << bad << "\n" << refused.out;
  }
}

TEST(Cli, ParetoCompareWritesQualitiesCurvesAndFronts) {
  test::ScratchDir dir("cli_pareto_compare");
  const Output r = run("compare --objectives error,edgegpu_latency --searchers random,nsga2 --budget-queries 60 --seeds 8 --out " +
                       dir.path().string());
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string summary = test::read_file(dir.path() / "summary.csv");
  EXPECT_EQ(summary.substr(0, summary.find('\n')),
            "searcher,seeds,mean_front_size,mean_hv,std_hv,mean_hv_fraction,std_hv_fraction,mean_hv_regret,mean_igd,"
            "std_igd,true_front_size,true_hv");
  EXPECT_EQ(std::count(summary.begin(), summary.end(), '\n'), 3);
  const std::string runs = test::read_file(dir.path() / "runs.csv");
  EXPECT_EQ(std::count(runs.begin(), runs.end(), '\n'), 1 + 2 * 8);
  // 20 budget points per searcher.
  const std::string anytime = test::read_file(dir.path() / "anytime.csv");
  EXPECT_EQ(std::count(anytime.begin(), anytime.end(), '\n'), 1 + 2 * 20);
  for (const char* image : {"anytime_hv.png", "fronts.png"}) {
    EXPECT_EQ(test::read_file(dir.path() / image).substr(1, 3), "PNG") << image;
  }
  EXPECT_NE(test::read_file(dir.path() / "fronts.csv").find("\ntrue,,"), std::string::npos);
  const Output limits = run("compare --problem c10mop5 --limits edgegpu:4 --out " + (dir.path() / "x").string());
  EXPECT_EQ(limits.code, 2) << limits.out;
}

// Runs a shell command line (with `hwnas` standing for the executable).
Output shell(std::string cmd) {
  for (std::size_t at = 0; (at = cmd.find("hwnas ", at)) != std::string::npos; at += std::string(HWNAS_BIN).size()) {
    cmd.replace(at, 5, HWNAS_BIN);
  }
  return capture("bash -c '" + cmd + "'");
}

// A disk that fills up (a file size limit: the same ENOSPC-like write error
// without needing a small file system): every command fails with exit 1 naming
// the file, and no output file is left half-written.
TEST(Cli, FullDiskIsAnErrorNamingTheFileAndLeavesNoPartialFile) {
  test::ScratchDir dir("cli_full");
  for (const auto& [name, command] : std::vector<std::pair<std::string, std::string>>{
           {"search", "hwnas search --seeds 300 --out " + (dir.path() / "search").string()},
           {"compare", "hwnas compare --seeds 20 --out " + (dir.path() / "compare").string()},
           {"analyze", "hwnas analyze --out " + (dir.path() / "analyze").string()}}) {
    const Output r = shell("ulimit -f 40; " + command + " > /dev/null");
    EXPECT_EQ(r.code, 1) << name << ": " << r.out;
    EXPECT_NE(r.out.find("hwnas: cannot write " + (dir.path() / name).string() + "/"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("File too large"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("wrote"), std::string::npos) << r.out;
    // Whatever is there is complete: no file ends mid-line, no temporary is left.
    for (const auto& entry : std::filesystem::directory_iterator(dir.path() / name)) {
      const std::string file = entry.path().filename().string();
      EXPECT_EQ(file.find(".tmp-"), std::string::npos) << file;
      if (entry.path().extension() == ".csv") {
        EXPECT_EQ(test::read_file(entry.path()).back(), '\n') << file;
      }
    }
  }
  // Standard output on a full device.
  const Output full = shell("hwnas query --space nb201 --dataset cifar10 --index 0 > /dev/full");
  EXPECT_EQ(full.code, 1);
  EXPECT_NE(full.out.find("hwnas: cannot write to standard output: No space left on device"), std::string::npos) << full.out;
}

// Killed at random moments while it writes over a good result, a run leaves
// that result intact (or its own complete one), never a broken file.
TEST(Cli, KilledWhileWritingLeavesTheOldResultIntact) {
  test::ScratchDir dir("cli_kill");
  const std::string command = "hwnas search --seeds 3000 --out " + dir.path().string() + " > /dev/null";
  ASSERT_EQ(shell(command).code, 0);
  const std::string good = test::read_file(dir.path() / "result.json");
  Rng rng(11);
  for (int trial = 0; trial < 6; ++trial) {
    const int ms = 10 + static_cast<int>(rng.below(150));
    shell(command + " & sleep 0." + std::string(ms < 100 ? "0" : "") + std::to_string(ms) + "; kill -9 $!; wait");
    const std::string now = test::read_file(dir.path() / "result.json");
    EXPECT_EQ(now, good) << "killed after " << ms << " ms";  // the same seeds give the same result
  }
}

TEST(Cli, TwoRunsIntoOneOutAreRefusedAndBadOutIsRefusedBeforeWork) {
  test::ScratchDir dir("cli_lock");
  // Another run holds the folder (here: this test, through the same lock).
  std::filesystem::create_directories(dir.path() / "busy");
  const Output held = shell("exec 9>" + (dir.path() / "busy" / ".hwnas.lock").string() + "; flock 9; hwnas search --seeds 2 --out " +
                            (dir.path() / "busy").string());
  EXPECT_EQ(held.code, 2) << held.out;
  EXPECT_NE(held.out.find("is in use by another hwnas run"), std::string::npos) << held.out;
  // Two real runs started together: one wins, the other is refused, the result is whole.
  const std::string both = "hwnas search --seeds 2000 --out " + (dir.path() / "race").string();
  const Output race = shell(both + " > /dev/null & " + both + " > /dev/null; a=$?; wait $!; b=$?; echo codes $a $b");
  EXPECT_TRUE(race.out.find("codes 0 2") != std::string::npos || race.out.find("codes 2 0") != std::string::npos ||
              race.out.find("codes 0 0") != std::string::npos) << race.out;  // 0 0: the second started after the first ended
  EXPECT_NO_THROW(nlohmann::json::parse(test::read_file(dir.path() / "race" / "result.json")));
  // A --out that cannot be a directory fails at once, before any search.
  const auto file = dir.write("a_file", "x");
  for (const std::string& bad : {std::string("''"), file.string(), std::string("/proc/hwnas_out")}) {
    const Output r = run("search --seeds 1000000 --out " + bad);
    EXPECT_EQ(r.code, 2) << bad << ": " << r.out;
    EXPECT_EQ(r.out.rfind("hwnas: --out", 0), 0u) << r.out;
  }
}

// --cost-table: a user's device joins query, search and analyze; a search
// constrained by a sample table is refused with the reason.
TEST(Cli, CostTablesAddTheUsersDevice) {
  test::ScratchDir dir("cli_cost_table");
  const auto bench = test::benchmark("nb201", "cifar10");
  const SearchSpace& space = bench->space();
  std::string full = "index,arch_str,laptop_latency\n", sample = full;
  for (std::uint64_t i = 0; i < *space.cardinality(); ++i) {
    const double fpga = *bench->cost().cost(space.at(i), CostKey::parse("fpga_latency"));
    const std::string row = std::to_string(i) + "," + space.to_string(space.at(i)) + "," + exact(2 * fpga) + "\n";
    full += row;
    if (i % 100 == 0) sample += row;
  }
  const auto full_file = dir.write("full.csv", full).string(), sample_file = dir.write("sample.csv", sample).string();
  const Output q = run("query --space nb201 --dataset cifar10 --index 100 --json --cost-table " + sample_file);
  ASSERT_EQ(q.code, 0) << q.out;
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(q.out)["metrics"]["laptop_latency"].get<double>(),
                   2 * *bench->cost().cost(space.at(100), CostKey::parse("fpga_latency")));
  const Output refused = run("search --device laptop --limit 6 --seeds 2 --cost-table " + sample_file);
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.out.find("sample"), std::string::npos) << refused.out;
  // Twice the FPGA latency under 6 ms is FPGA latency under 3 ms: the same runs.
  const Output mine = run("search --device laptop --limit 6 --seeds 3 --json --cost-table " + full_file);
  const Output fpga = run("search --device fpga --limit 3 --seeds 3 --json");
  ASSERT_EQ(mine.code, 0) << mine.out;
  const auto a = nlohmann::json::parse(mine.out), b = nlohmann::json::parse(fpga.out);
  for (std::size_t r = 0; r < 3; ++r) EXPECT_EQ(a["runs"][r]["best"]["index"], b["runs"][r]["best"]["index"]);
  EXPECT_EQ(a["optimum"]["index"], b["optimum"]["index"]);
  const Output an = run("analyze --out " + (dir.path() / "an").string() + " --cost-table " + sample_file);
  ASSERT_EQ(an.code, 0) << an.out;
  EXPECT_NE(test::read_file(dir.path() / "an" / "flops_params_vs_cost.csv").find("laptop_latency,157,"), std::string::npos);
  // On FBNet, analyze takes the table's networks (9^22 networks: a random draw would miss them).
  std::string fb = "";
  for (int d = 0; d < 22; ++d) fb += "layer" + std::to_string(d) + ",";
  fb += "laptop_latency\n";
  for (int r = 0; r < 5; ++r) {
    for (int d = 0; d < 22; ++d) fb += std::to_string((r + d) % 9) + ",";
    fb += std::to_string(10 + r) + "\n";
  }
  const Output fban = run("analyze --space fbnet --dataset cifar100 --out " + (dir.path() / "fban").string() + " --cost-table " +
                          dir.write("fb.csv", fb).string());
  ASSERT_EQ(fban.code, 0) << fban.out;
  EXPECT_NE(fban.out.find("5 networks (those the sampled columns list)"), std::string::npos) << fban.out;
  EXPECT_NE(test::read_file(dir.path() / "fban" / "flops_params_vs_cost.csv").find("laptop_latency,5,"), std::string::npos);
}

// hwnas predict: a sample becomes a full table (measured values kept) that a
// search can be constrained by; --evaluate writes its table and plot.
TEST(Cli, PredictFillsATableAndEvaluates) {
  test::ScratchDir dir("cli_predict");
  const auto bench = test::benchmark("nb201", "cifar10");
  const SearchSpace& space = bench->space();
  std::string sample = "index,arch_str,laptop_latency\n";
  std::vector<std::pair<std::uint64_t, double>> measured;
  for (std::uint64_t i = 3; i < *space.cardinality(); i += 311) {
    const double v = 1.5 * *bench->cost().cost(space.at(i), CostKey::parse("pixel3_latency"));
    measured.emplace_back(i, v);
    sample += std::to_string(i) + "," + space.to_string(space.at(i)) + "," + exact(v) + "\n";
  }
  const auto sample_file = dir.write("sample.csv", sample).string();
  const auto predicted = (dir.path() / "predicted.csv").string();
  const Output p = run("predict --cost-table " + sample_file + " --out " + predicted);
  ASSERT_EQ(p.code, 0) << p.out;
  const auto full = with_cost_tables(bench, {predicted});
  const CostKey laptop = CostKey::parse("laptop_latency");
  EXPECT_TRUE(full->cost().covers_space(laptop));
  for (const auto& [i, v] : measured) EXPECT_EQ(full->cost().cost(space.at(i), laptop), v);  // measured values kept
  const Output s = run("search --device laptop --limit 20 --seeds 2 --cost-table " + predicted);
  EXPECT_EQ(s.code, 0) << s.out;
  EXPECT_EQ(run("predict --cost-table " + sample_file + " --method mlp2 --out " + predicted).code, 2);
  EXPECT_EQ(run("predict --out " + predicted).code, 2);
  const auto clash = dir.write("clash.csv", "index,arch_str,fpga_latency\n0," + space.to_string(space.at(0)) + ",1\n").string();
  EXPECT_EQ(run("predict --cost-table " + clash + " --out " + predicted).code, 2);
  const auto eval = dir.path() / "eval";
  const Output e = run("predict --evaluate --seeds 1 --ks 5,40 --out " + eval.string());
  ASSERT_EQ(e.code, 0) << e.out;
  const std::string csv = test::read_file(eval / "evaluation.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "method,target,k,seeds,spearman,kendall,within_10pct,spearman_se");
  // One seed: no standard error, an empty last field.
  EXPECT_NE(csv.find(",1,"), std::string::npos);
  EXPECT_EQ(csv[csv.find('\n', csv.find('\n') + 1) - 1], ',');
  // (HW-NAS-Bench's 9 + HELP's 23) targets x 2 k x 8 methods (7 without LibTorch, which the MLP needs)
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + (9 + 23) * 2 * (HWNAS_HAS_TORCH ? 8 : 7));
  EXPECT_TRUE(std::filesystem::file_size(eval / "evaluation.png") > 1000);
}

// HELP's protocol from the command line, on both spaces: its 6 (NB201) and 3
// (FBNet) test devices beside HELP's published figure; --known refused there
// and checked elsewhere; an FBNet prediction is an additive table.
TEST(Cli, PredictHelpProtocolAndKnownColumns) {
  test::ScratchDir dir("cli_help");
  const Output nb = run("predict --evaluate --protocol help --ks 10 --seeds 2 --out " + (dir.path() / "nb").string());
  ASSERT_EQ(nb.code, 0) << nb.out;
  const std::string csv = test::read_file(dir.path() / "nb" / "evaluation.csv");
  for (const char* device : {"titan_rtx_256", "gold_6226", "fpga", "pixel2", "raspi4", "eyeriss"}) {
    EXPECT_NE(csv.find(std::string("gp,") + device + "_latency,10,2,"), std::string::npos) << device;
  }
  EXPECT_NE(nb.out.find("0.802"), std::string::npos) << nb.out;  // HELP's Pixel 2 figure beside ours
  const Output fb = run("predict --space fbnet --dataset cifar100 --evaluate --protocol help --ks 10 --seeds 2 --out " +
                        (dir.path() / "fb").string());
  ASSERT_EQ(fb.code, 0) << fb.out;
  EXPECT_EQ(std::count(fb.out.begin(), fb.out.end(), '\n') > 3, true);
  EXPECT_NE(fb.out.find("eyeriss_latency"), std::string::npos);
  EXPECT_NE(fb.out.find("0.943"), std::string::npos);
  EXPECT_EQ(run("predict --evaluate --protocol help --known pixel3 --out " + (dir.path() / "x").string()).code, 2);
  const Output unknown = run("predict --evaluate --protocol nosuch --out " + (dir.path() / "y").string());
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.out.find("known: leave-one-device-out, help, nasflat"), std::string::npos) << unknown.out;
  // NASFLAT's scoring: its published mean beside ours.
  const Output nasflat = run("predict --evaluate --protocol nasflat --ks 10 --seeds 1 --out " + (dir.path() / "n").string());
  ASSERT_EQ(nasflat.code, 0) << nasflat.out;
  EXPECT_NE(nasflat.out.find("NASFLAT: 0.959 at k = 10"), std::string::npos) << nasflat.out;
  EXPECT_EQ(run("predict --evaluate --protocol nasflat --space fbnet --dataset cifar100 --out " + (dir.path() / "m").string()).code, 2);
  EXPECT_EQ(run("predict --space fbnet --dataset cifar100 --evaluate --out " + (dir.path() / "z").string()).code, 2);
  // A k beyond HELP's pool, an empty --known or --devices: one line, exit 2 (they once crashed).
  const Output big = run("predict --space fbnet --dataset cifar100 --evaluate --protocol help --ks 5000 --seeds 1 --out " +
                         (dir.path() / "w").string());
  EXPECT_EQ(big.code, 2);
  EXPECT_NE(big.out.find("more than HELP's pool of 3200"), std::string::npos) << big.out;
  EXPECT_EQ(run("analyze --devices '' --out " + (dir.path() / "a").string()).code, 2);
  EXPECT_EQ(run("compare --devices '' --out " + (dir.path() / "c").string()).code, 2);
  // --known with a column that does not exist, or of the device predicted: exit 2 naming it.
  const auto& space = test::nb201().space();
  std::string sample = "index,arch_str,titan_rtx_256x_latency\n";
  for (std::uint64_t i : {5u, 60u, 700u, 8000u}) sample += std::to_string(i) + "," + space.to_string(space.at(i)) + "," + std::to_string(3 + i % 7) + "\n";
  const auto table = dir.write("sample.csv", sample).string();
  const Output bad = run("predict --cost-table " + table + " --known nosuch --out " + (dir.path() / "p.csv").string());
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("nosuch_latency"), std::string::npos) << bad.out;
  EXPECT_EQ(run("predict --cost-table " + table + " --known pixel3,1080ti_1 --method gp --out " + (dir.path() / "p.csv").string()).code, 0);
  EXPECT_EQ(run("predict --cost-table " + table + " --known '' --out " + (dir.path() / "p.csv").string()).code, 2);
  // FBNet: the written file is an additive table that --cost-table reads.
  std::string fbnet = "layer0";
  for (int l = 1; l < 22; ++l) fbnet += ",layer" + std::to_string(l);
  fbnet += ",mine_latency\n";
  Rng draw(9);
  for (int n = 0; n < 12; ++n) {
    std::string row;
    for (int l = 0; l < 22; ++l) row += std::to_string(draw.below(9)) + ",";
    fbnet += row + std::to_string(10 + n) + "\n";
  }
  const auto fb_table = dir.write("fb.csv", fbnet).string(), fb_out = (dir.path() / "fb_pred.csv").string();
  const Output fp = run("predict --space fbnet --dataset cifar100 --cost-table " + fb_table + " --out " + fb_out);
  ASSERT_EQ(fp.code, 0) << fp.out;
  EXPECT_EQ(test::read_file(fb_out).substr(0, 28), "decision,choice,mine_latency");
  const Output q = run("query --space fbnet --dataset cifar100 --cost-table " + fb_out +
                       " --arch 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 --json");
  ASSERT_EQ(q.code, 0) << q.out;
  EXPECT_NE(q.out.find("\"mine_latency\""), std::string::npos);
  EXPECT_EQ(run("predict --space fbnet --dataset cifar100 --cost-table " + fb_table + " --method transfer --out " + fb_out).code, 2);
}

// hwnas measure on three tiny NB201 networks: positive latencies in a
// repeatable order (every edge a 3x3 convolution is slower than every edge a
// skip), a table the normal loader reads, and --resume after an interruption
// appends without duplicates.
TEST(Cli, MeasureWritesATableAndResumes) {
  if (!HWNAS_HAS_TORCH) GTEST_SKIP() << "built without LibTorch";
  test::ScratchDir dir("cli_measure");
  const auto bench = test::benchmark("nb201", "cifar10");
  const SearchSpace& space = bench->space();
  const Arch skip = space.parse("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|");
  const Arch conv = space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|");
  const Arch none = space.at(0);
  const auto archs = dir.write("archs.txt", space.to_string(skip) + "\n" + space.to_string(conv) + "\n0\n").string();
  const auto table = (dir.path() / "laptop.csv").string();
  const std::string command = "measure --archs " + archs + " --device-name laptop --repeats 5 --warmup 1 --out " + table;
  const Output first = run(command);
  ASSERT_EQ(first.code, 0) << first.out;
  const auto measured = with_cost_tables(bench, {table});
  const CostKey key = CostKey::parse("laptop_latency");
  const double t_skip = *measured->cost().cost(skip, key), t_conv = *measured->cost().cost(conv, key);
  EXPECT_GT(t_skip, 0);
  EXPECT_TRUE(measured->cost().cost(none, key).has_value());
  EXPECT_GT(t_conv, 2 * t_skip);
  EXPECT_EQ(run(command).code, 2);  // exists: refused without --resume
  EXPECT_EQ(run(command + " --resume --threads 2").code, 2);  // other settings
  // An interruption in the middle of the third row: --resume measures only what is missing.
  std::string text = test::read_file(table);
  const std::size_t third = text.find('\n', text.find('\n', text.find('\n') + 1) + 1);
  text = text.substr(0, third + 1) + "0,|avg_po";
  std::ofstream(table, std::ios::binary | std::ios::trunc) << text;
  const Output resumed = run(command + " --resume");
  ASSERT_EQ(resumed.code, 0) << resumed.out;
  EXPECT_NE(resumed.out.find("measured 1 networks (2 from before)"), std::string::npos) << resumed.out;
  const std::string after = test::read_file(table);
  EXPECT_EQ(std::count(after.begin(), after.end(), '\n'), 4);  // header + 3 rows
  EXPECT_TRUE(with_cost_tables(bench, {table})->cost().cost(none, key).has_value());
}

}  // namespace
}  // namespace hwnas

namespace hwnas {
namespace {

TEST(Cli, ProxyTableResumesWithoutDuplicatesAndFeedsASearch) {
  // flops and params need no LibTorch: the table, resume and the accuracy source are checked without it.
  test::ScratchDir dir("cli_proxy");
  const auto bench = test::benchmark("nb201", "cifar10");
  const auto table = (dir.path() / "p.csv").string();
  const std::string command = "proxy --space nb201 --dataset cifar10 --proxies flops,params --sample 30 --seed 4 --out " + table;
  const Output first = run(command);
  ASSERT_EQ(first.code, 0) << first.out;
  const ProxyTable full(table, bench->space());
  ASSERT_EQ(full.archs().size(), 30u);
  for (std::size_t r = 0; r < 30; ++r) {
    EXPECT_DOUBLE_EQ(full.values("flops")[r], bench->complexity(full.archs()[r]).flops_m);
  }
  const std::string whole = test::read_file(table);
  EXPECT_EQ(run(command).code, 2);                       // exists: refused without --resume
  EXPECT_EQ(run(command + " --resume --seed 5").code, 2);  // other settings
  // Cut in the middle of row 11: --resume writes the rest, once each, and the file is the uninterrupted one.
  std::size_t cut = 0;
  for (int line = 0; line < 11; ++line) cut = whole.find('\n', cut) + 1;
  std::ofstream(table, std::ios::binary | std::ios::trunc) << whole.substr(0, cut + 7);
  const Output resumed = run(command + " --resume");
  ASSERT_EQ(resumed.code, 0) << resumed.out;
  EXPECT_NE(resumed.out.find("scored 20 networks (10 from before)"), std::string::npos) << resumed.out;
  EXPECT_EQ(test::read_file(table), whole);
  // The table as search signal: a network it does not list is one clear line.
  const Output search = run("search --space nb201 --device edgegpu --metric latency --limit 5 --searcher random --budget-queries 5 "
                            "--accuracy-from proxy:flops:" + table);
  EXPECT_EQ(search.code, 2);
  EXPECT_NE(search.out.find("has no row for"), std::string::npos) << search.out;
  // Two columns and no name: which one is ambiguous.
  const Output ambiguous = run("search --space nb201 --device edgegpu --metric latency --limit 5 --searcher random "
                               "--budget-queries 5 --accuracy-from proxy:" + table);
  EXPECT_EQ(ambiguous.code, 2);
  EXPECT_NE(ambiguous.out.find("name one (proxy:NAME:FILE)"), std::string::npos) << ambiguous.out;
  // compare searches by the proxy (each run's found cell carries its FLOPs as the signal) and judges by the benchmark.
  const Output by_flops = run("compare --space nb201 --searchers random --devices edgegpu --limits edgegpu:5 --seeds 2 "
                              "--budget-queries 40 --accuracy-from proxy:flops --out " + (dir.path() / "cmp_flops").string());
  ASSERT_EQ(by_flops.code, 0) << by_flops.out;
  EXPECT_NE(by_flops.out.find("searched by proxy_flops, judged by cifar10_test200"), std::string::npos) << by_flops.out;
  {
    std::ifstream runs(dir.path() / "cmp_flops" / "runs.csv");
    std::string line;
    std::getline(runs, line);
    int rows = 0;
    while (std::getline(runs, line)) {
      const std::size_t q = line.find('"'), q2 = line.find('"', q + 1);
      const Arch found = bench->space().parse(line.substr(q + 1, q2 - q - 1));
      // valid_acc (the search signal) is the found cell's FLOPs.
      EXPECT_NEAR(std::stod(line.substr(q2 + 2)), bench->complexity(found).flops_m, 1e-3) << line;
      ++rows;
    }
    EXPECT_EQ(rows, 2);
  }
  // Warm-up from the whole table: a one-query random search queries the table's highest-flops network.
  std::size_t top = 0;
  for (std::size_t r = 1; r < 30; ++r) {
    if (full.values("flops")[r] > full.values("flops")[top]) top = r;
  }
  const Output warm = run("search --space nb201 --searcher random --budget-queries 1 --seeds 1 --warmup 30 --warmup-from proxy:flops:" + table);
  ASSERT_EQ(warm.code, 0) << warm.out;
  EXPECT_NE(warm.out.find(bench->space().to_string(full.archs()[top])), std::string::npos) << warm.out;
  const Output more = run("search --space nb201 --searcher rea --warmup 31 --warmup-from proxy:flops:" + table);
  EXPECT_EQ(more.code, 2);
  EXPECT_NE(more.out.find("more networks than"), std::string::npos) << more.out;
  const Output alone = run("search --space nb201 --searcher rea --warmup 3");
  EXPECT_NE(alone.out.find("--warmup-from and --warmup go together"), std::string::npos) << alone.out;
  const Output refused = run("compare --space nb201 --searchers rea,reinforce --devices edgegpu --seeds 1 --warmup 5 --warmup-from proxy:flops:" +
                             table + " --out " + (dir.path() / "cmp").string());
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.out.find("reinforce takes no warm start (random, rea do)"), std::string::npos) << refused.out;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "cmp" / "compare.csv"));
}

TEST(Cli, ProxyBadInputIsOneLine) {
  test::ScratchDir dir("cli_proxy_bad");
  const auto out = (dir.path() / "p.csv").string();
  const Output unknown = run("proxy --proxies synflow,nope --sample 3 --out " + out);
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.out.find("unknown proxy 'nope' (known: synflow, jacov, naswot"), std::string::npos) << unknown.out;
  const auto fbnet_arch = dir.write("archs.txt", "0,1,2,3,4,5,6,7,8,0,1,2,3,4,5,6,7,8,0,1,2,3\n").string();
  const Output wrong_space = run("proxy --proxies flops --archs " + fbnet_arch + " --out " + out);
  EXPECT_EQ(wrong_space.code, 2);
  EXPECT_EQ(std::count(wrong_space.out.begin(), wrong_space.out.end(), '\n'), 1) << wrong_space.out;
  EXPECT_FALSE(std::filesystem::exists(out));
  if (HWNAS_HAS_TORCH) {
    const Output no_images = run("proxy --proxies snip --sample 2 --data fashion-mnist:" + (dir.path() / "none").string() + " --out " + out);
    EXPECT_EQ(no_images.code, 2);
    EXPECT_EQ(std::count(no_images.out.begin(), no_images.out.end(), '\n'), 1) << no_images.out;
    EXPECT_FALSE(std::filesystem::exists(out));
  }
  const Output vote = run("search --space nb201 --device edgegpu --metric latency --limit 5 --searcher random --budget-queries 5 "
                          "--accuracy-from proxy:synflow+:x.csv");
  EXPECT_EQ(vote.code, 2);
}

}  // namespace
}  // namespace hwnas
