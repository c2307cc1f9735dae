// The second hardening campaign's defects, each kept as a test: budgets no
// searcher can overrun, one writer per measured table, file-size limits,
// plots without a shell, bounded memory, stray files and accepted nonsense.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "benchmark/user_cost.hpp"
#include "predict/predict.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/format.hpp"
#include "study/search_run.hpp"
#include "search/searcher.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

struct Output {
  int code;
  std::string out;
};

// Runs a shell command line (with `hwnas ` standing for the executable), standard error merged.
Output sh(std::string cmd) {
  for (std::size_t at = 0; (at = cmd.find("hwnas ", at)) != std::string::npos; at += std::string(HWNAS_BIN).size()) {
    cmd.replace(at, 5, HWNAS_BIN);
  }
  const std::string quoted = "'" + cmd + "'";
  FILE* pipe = popen(("bash -c " + quoted + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

// The peak resident memory (KiB) of `cmd` run by itself (exec'd by the shell), output discarded.
long peak_rss_kib(std::string cmd) {
  for (std::size_t at = 0; (at = cmd.find("hwnas ", at)) != std::string::npos; at += std::string(HWNAS_BIN).size()) {
    cmd.replace(at, 5, HWNAS_BIN);
  }
  const pid_t child = fork();
  if (child == 0) {
    execl("/bin/sh", "sh", "-c", ("exec " + cmd + " > /dev/null 2>&1").c_str(), nullptr);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << cmd;
  return usage.ru_maxrss;
}

bool no_temporaries(const std::filesystem::path& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) {
      ADD_FAILURE() << "left behind: " << entry.path();
      return false;
    }
  }
  return true;
}

// 1. A searcher that ignores exhausted() records nothing past its budget, and one
// that only repeats ends; the rule is the evaluator's, so it holds for any searcher.
class Overrunner final : public Searcher {
public:
  explicit Overrunner(bool repeat) : repeat_(repeat) {}
  std::string name() const override { return repeat_ ? "repeater" : "overrunner"; }
  void run(const SearchSpace& space, Evaluator& evaluator, Rng&) override {
    if (repeat_) {
      while (true) evaluator.evaluate(space.at(0));
    }
    for (std::uint64_t i = 0; i < *space.cardinality(); ++i) evaluator.evaluate(space.at(i));
    ADD_FAILURE() << "every architecture was queried: the budget did not stop it";
  }

private:
  bool repeat_;
};

TEST(Hardening, NoSearcherOverrunsItsBudget) {
  const SearcherRegistration overrun({"overrunner", "queries everything", {}, [](const SearcherSettings&) {
                                        return std::unique_ptr<Searcher>(std::make_unique<Overrunner>(false));
                                      }});
  const SearcherRegistration repeat({"repeater", "queries one cell for ever", {}, [](const SearcherSettings&) {
                                       return std::unique_ptr<Searcher>(std::make_unique<Overrunner>(true));
                                     }});
  ProblemSpec spec;
  spec.device = "edgegpu";
  spec.limit = 4.0;
  const auto problem = test::problem(spec);
  RunSettings settings;
  settings.searcher = "overrunner";
  settings.seeds = {0, 1};
  settings.budget = {20, std::nullopt};
  for (const RunResult& run : run_seeds(*problem, settings)) {
    EXPECT_EQ(run.queries, 20u);
    EXPECT_EQ(run.trajectory.size(), 20u);
  }
  settings.budget = {std::nullopt, 12000.0};
  for (const RunResult& run : run_seeds(*problem, settings)) {
    // It stops at the first query that reaches the budget, as the built-in searchers do.
    ASSERT_GE(run.trajectory.size(), 2u);
    EXPECT_GE(run.seconds, 12000.0);
    EXPECT_LT(run.trajectory[run.trajectory.size() - 2].seconds, 12000.0);
    EXPECT_LT(run.queries, 200u);
  }
  settings.searcher = "repeater";
  settings.budget = {50, std::nullopt};
  for (const RunResult& run : run_seeds(*problem, settings)) EXPECT_EQ(run.queries, 1u);  // ended by the repeat rule
  // The contract itself: after exhausted(), evaluate() throws BudgetExhausted.
  BenchmarkEvaluator evaluator(problem->space(), problem->accuracy(), problem->objective(), {1, std::nullopt});
  evaluator.evaluate(problem->space().at(5));
  EXPECT_TRUE(evaluator.exhausted());
  EXPECT_THROW(evaluator.evaluate(problem->space().at(5)), BudgetExhausted);
  EXPECT_THROW(evaluator.evaluate(problem->space().at(6)), BudgetExhausted);
  EXPECT_EQ(evaluator.queries(), 1u);
}

// 3. Under a file-size limit (the default action of SIGXFSZ would kill hwnas
// silently), every command that writes fails with exit 1 naming the file, and
// leaves no temporary.
TEST(Hardening, FileSizeLimitIsAWriteErrorWithoutTrap) {
  test::ScratchDir dir("hard_fsize");
  const auto bench = test::benchmark("nb201", "cifar10");
  std::string sample = "index,arch_str,laptop_latency\n";
  for (std::uint64_t i = 0; i < 15625; i += 500) sample += std::to_string(i) + "," + bench->space().to_string(bench->space().at(i)) + ",2\n";
  const std::string table = dir.write("sample.csv", sample).string();
  const std::string archs = dir.write("archs.txt", [] {
    std::string s;
    for (int i = 0; i < 3000; ++i) s += std::to_string(i) + "\n";
    return s;
  }()).string();
  const std::string d = dir.path().string();
  for (const auto& [name, command, file] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"search", "hwnas search --seeds 2000 --out " + d + "/search", d + "/search/"},
           {"compare", "hwnas compare --seeds 20 --out " + d + "/compare", d + "/compare/"},
           {"analyze", "hwnas analyze --out " + d + "/analyze", d + "/analyze/"},
           {"predict", "hwnas predict --cost-table " + table + " --method flops --out " + d + "/predict/p.csv", d + "/predict/p.csv"},
           {"query", "hwnas query --space nb201 --dataset cifar10 --archs " + archs + " > " + d + "/query/q.txt",
            "to standard output"}}) {
    std::filesystem::create_directories(dir.path() / name);
    const Output r = sh("ulimit -f 64; " + command);
    EXPECT_EQ(r.code, 1) << name << ": " << r.out;
    EXPECT_NE(r.out.find("hwnas: cannot write " + file), std::string::npos) << name << ": " << r.out;
    EXPECT_NE(r.out.find("File too large"), std::string::npos) << r.out;
    EXPECT_TRUE(no_temporaries(dir.path() / name)) << name;
  }
}

// 4, 5, 9: compare where no run finds a feasible network draws empty panels
// (exit 0, with a note); an --out beginning with '-' plots; the saved scripts
// name the final images, are the same for identical runs, and replot them.
TEST(Hardening, PlotsWithoutFeasibleRunsOddPathsAndReplayableScripts) {
  test::ScratchDir dir("hard_plot");
  for (const std::string budget : {"10", "1"}) {
    const auto out = dir.path() / ("nofeasible" + budget);
    const Output r = sh("hwnas compare --searchers random,rea --limits edgegpu:1.0 --seeds 5 --budget-queries " + budget +
                        " --out " + out.string());
    ASSERT_EQ(r.code, 0) << r.out;
    EXPECT_GT(std::filesystem::file_size(out / "anytime.png"), 1000u);
    EXPECT_GT(std::filesystem::file_size(out / "regret.png"), 1000u);
    if (budget == "1") {
      EXPECT_NE(r.out.find("note: no run of any searcher found a feasible network under edgegpu<=1.000"), std::string::npos) << r.out;
    }
  }
  // A path that a shell or gnuplot would read as an option.
  const Output a = sh("cd " + dir.path().string() + " && hwnas analyze --space fbnet --dataset ImageNet --samples 20 --out -inf");
  ASSERT_EQ(a.code, 0) << a.out;
  EXPECT_GT(std::filesystem::file_size(dir.path() / "-inf" / "cross_device_kendall.png"), 1000u);
  const Output c = sh("cd " + dir.path().string() + " && hwnas compare --seeds 3 --devices fpga --out -cmp");
  ASSERT_EQ(c.code, 0) << c.out;
  const std::string script = test::read_file(dir.path() / "-cmp" / "anytime.gp");
  EXPECT_NE(script.find("set output \"anytime.png\""), std::string::npos) << script;
  EXPECT_EQ(script.find(".tmp-"), std::string::npos) << script;
  ASSERT_EQ(sh("cd " + dir.path().string() + " && hwnas compare --seeds 3 --devices fpga --out -cmp2").code, 0);
  EXPECT_EQ(script, test::read_file(dir.path() / "-cmp2" / "anytime.gp"));
  // Replotting from the saved script, as the README suggests, regenerates the image.
  std::filesystem::remove(dir.path() / "-cmp" / "anytime.png");
  ASSERT_EQ(sh("cd " + dir.path().string() + "/-cmp && gnuplot anytime.gp").code, 0);
  EXPECT_GT(std::filesystem::file_size(dir.path() / "-cmp" / "anytime.png"), 1000u);
}

// 9. A run killed while it plots leaves no gnuplot behind (it dies with its
// parent), so nothing writes into the folder after the next run cleaned it;
// a killed run's temporaries of a plain --out file are removed by the next run.
TEST(Hardening, KilledRunsLeaveNoWritersAndNoStrayTemporaries) {
  test::ScratchDir dir("hard_kill");
  const std::string out = (dir.path() / "a").string();
  for (int delay_ms : {300, 500, 700}) {
    const Output killed = sh("hwnas analyze --out " + out + " > /dev/null & pid=$!; sleep " + std::to_string(delay_ms / 1000.0) +
                             "; kill -9 $pid; wait $pid; true");
    (void)killed;
    ASSERT_EQ(sh("hwnas analyze --out " + out + " > /dev/null").code, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // an orphaned gnuplot would write by now
    EXPECT_TRUE(no_temporaries(dir.path() / "a")) << delay_ms;
  }
  // A temporary of a process that no longer runs (the pid of a child already waited for).
  const pid_t gone = fork();
  if (gone == 0) _exit(0);
  waitpid(gone, nullptr, 0);
  const auto stale = dir.write(".p.csv.tmp-" + std::to_string(gone), "half a table");
  AtomicFile file(dir.path() / "p.csv");
  file.stream() << "x\n";
  file.commit();
  EXPECT_FALSE(std::filesystem::exists(stale));
}

// 2 and 8. One writer per measured table; --resume keeps the stats file true
// to the table and refuses another sample or a foreign row; a bad --out path
// is one line and exit code 2.
TEST(Hardening, MeasuredTablesHaveOneWriterAndResumeConsistently) {
  if (!HWNAS_HAS_TORCH) GTEST_SKIP() << "built without LibTorch";
  test::ScratchDir dir("hard_measure");
  const std::string table = (dir.path() / "G.csv").string();
  const std::string base = "hwnas measure --sample 4 --seed 3 --device-name dev --warmup 0 --out ";
  // A long first run; a second one into the same file is refused at once, resuming or not.
  const Output both = sh(base + table + " --repeats 400 > /dev/null 2>&1 & first=$!; sleep 2; " + base + table +
                         " --repeats 400 --resume; echo second=$?; kill $first; wait $first; true");
  EXPECT_NE(both.out.find("is in use by another hwnas run"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("second=2"), std::string::npos) << both.out;
  std::filesystem::remove(table);
  const std::string command = base + table + " --repeats 2";
  ASSERT_EQ(sh(command).code, 0);
  const auto lines = [](const std::string& file) {
    const std::string text = test::read_file(file);
    return std::count(text.begin(), text.end(), '\n');
  };
  EXPECT_EQ(lines(table), 5);
  EXPECT_EQ(lines(table + ".stats.csv"), 5);
  // Another sample or seed is another measurement: refused, not mixed in.
  for (const std::string other : {"--sample 5 --seed 3", "--sample 4 --seed 4"}) {
    const Output r = sh("hwnas measure " + other + " --device-name dev --warmup 0 --repeats 2 --resume --out " + table);
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("records other settings"), std::string::npos) << r.out;
  }
  // A table cut after two rows and a stats file cut after one: both end with the four networks, once each.
  const std::string text = test::read_file(table);
  std::size_t cut = 0;
  for (int n = 0; n < 3; ++n) cut = text.find('\n', cut) + 1;
  std::ofstream(table, std::ios::trunc | std::ios::binary) << text.substr(0, cut) << "17,|nor";
  const std::string stats = test::read_file(table + ".stats.csv");
  std::ofstream(table + ".stats.csv", std::ios::trunc | std::ios::binary) << stats.substr(0, stats.find('\n', stats.find('\n') + 1) + 1);
  ASSERT_EQ(sh(command + " --resume").code, 0);
  EXPECT_EQ(lines(table), 5);
  EXPECT_EQ(lines(table + ".stats.csv"), 5);
  // A deleted stats file is rebuilt from the table (the spread of the rows measured before is unknown: empty).
  std::filesystem::remove(table + ".stats.csv");
  const std::string full = test::read_file(table);
  std::ofstream(table, std::ios::trunc | std::ios::binary) << full.substr(0, full.find('\n', full.find('\n') + 1) + 1);
  ASSERT_EQ(sh(command + " --resume").code, 0);
  const std::string rebuilt = test::read_file(table + ".stats.csv");
  EXPECT_EQ(std::count(rebuilt.begin(), rebuilt.end(), '\n'), 5);
  EXPECT_NE(rebuilt.find(",,,,\n"), std::string::npos) << rebuilt;
  // A row of a network this run would not measure.
  const auto bench = test::benchmark("nb201", "cifar10");
  std::ofstream(table, std::ios::app | std::ios::binary) << "0," << bench->space().to_string(bench->space().at(0)) << ",1\n";
  const Output foreign = sh(command + " --resume");
  EXPECT_EQ(foreign.code, 2) << foreign.out;
  EXPECT_NE(foreign.out.find("is not one this measurement measures"), std::string::npos) << foreign.out;
  // --out a directory, or a symlink loop: one line naming the path.
  std::filesystem::create_directories(dir.path() / "adir");
  std::filesystem::create_symlink("L2", dir.path() / "L1");
  std::filesystem::create_symlink("L1", dir.path() / "L2");
  for (const std::string bad : {"adir", "L1"}) {
    const Output r = sh(base + (dir.path() / bad).string() + " --resume");
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    EXPECT_NE(r.out.find((dir.path() / bad).string()), std::string::npos) << r.out;
  }
}

// 6. predict's leave-one-out error is a closed form: for the straight line in
// FLOPs (no penalty to choose) it equals k explicit refits.
TEST(Hardening, ClosedFormLeaveOneOutEqualsRefits) {
  const auto bench = test::benchmark("nb201", "cifar10");
  const CostKey target = CostKey::parse("pixel3_latency");
  const KnownCosts known = known_costs_without(*bench, target);
  Measurements m;
  for (std::uint64_t i = 11; i < 15625; i += 1501) {
    m.index.push_back(i);
    m.cost.push_back(*bench->cost().cost(bench->space().at(i), target));
  }
  const Prediction p = predict_costs(known, m, "flops");
  double refits = 0;
  for (std::size_t i = 0; i < m.index.size(); ++i) {
    Measurements rest;
    for (std::size_t j = 0; j < m.index.size(); ++j) {
      if (j == i) continue;
      rest.index.push_back(m.index[j]);
      rest.cost.push_back(m.cost[j]);
    }
    const double predicted = predict_costs(known, rest, "flops").cost[m.index[i]];
    refits += std::abs(std::log(std::max(predicted, 1e-12) / m.cost[i]));
  }
  EXPECT_NEAR(p.loo_error, refits / static_cast<double>(m.index.size()), 1e-12);
  // A whole table (what predict and measure --all write) is predicted by every method.
  test::ScratchDir dir("hard_predict");
  std::string full = "index,arch_str,laptop_latency\n";
  for (std::uint64_t i = 0; i < 15625; ++i) {
    full += std::to_string(i) + "," + bench->space().to_string(bench->space().at(i)) + "," +
            exact(2.0 * *bench->cost().cost(bench->space().at(i), target)) + "\n";
  }
  const auto table = dir.write("full.csv", full).string();
  for (const std::string method : {"auto", "transfer", "additive"}) {
    const Output r = sh("hwnas predict --cost-table " + table + " --method " + method + " --out " + (dir.path() / "p.csv").string());
    EXPECT_EQ(r.code, 0) << method << ": " << r.out;
  }
}

// 7. Memory stays bounded: streamed outputs, runs in batches, and a refusal
// up front where a run would keep more queries than the bound.
TEST(Hardening, MemoryDoesNotGrowWithTheRequest) {
  test::ScratchDir dir("hard_memory");
  std::string lines;
  for (std::uint64_t i = 0; i < 300000; ++i) lines += std::to_string((i * 7919) % 15625) + "\n";
  const auto archs = dir.write("archs.txt", lines).string();
  // Buffered, 300000 answers took about 240 MB as JSON (and 4.8 GB for a 100 MB file as a table).
  EXPECT_LT(peak_rss_kib("hwnas query --space nb201 --dataset cifar10 --json --archs " + archs), 120 * 1024);
  // 100000 runs of 20 queries kept every trajectory (about 570 MB); in batches the trajectories in memory are bounded.
  EXPECT_LT(peak_rss_kib("hwnas search --seeds 100000 --budget-queries 20 --out " + (dir.path() / "s").string()), 350 * 1024);
  std::ifstream trajectory(dir.path() / "s" / "trajectory.csv");
  std::size_t rows = 0;
  for (std::string line; std::getline(trajectory, line);) ++rows;
  EXPECT_EQ(rows, 1u + 100000u * 20u);
  const Output big = sh("hwnas search --space fbnet --dataset cifar100 --objectives fpga_latency,params --budget-queries 1000000000");
  EXPECT_EQ(big.code, 2) << big.out;
  EXPECT_NE(big.out.find("at most 1000000 per run"), std::string::npos) << big.out;
}

// 10. Nonsense is refused with one line and exit code 2, not run or ignored.
TEST(Hardening, AcceptedNonsenseIsRefused) {
  test::ScratchDir dir("hard_nonsense");
  const std::string out = " --out " + (dir.path() / "o").string();
  for (const std::string& args : std::vector<std::string>{
           "search --device bogus --metric speed", "search --device edgegpu", "search --metric speed",
           "search --problem c10mop5 --beta -1 --budget-queries 10", "search --alpha 0 --device edgegpu --limit 4",
           "search --problem c10mop5 --objective soft --device edgegpu --limit 4 --budget-queries 10",
           "search --sample-size 2000 --population 5", "compare --searchers random,random --seeds 2" + out,
           "compare --limits edgegpu:4,edgegpu:4 --devices edgegpu --seeds 2" + out,
           "compare --limits edgegpu:4,edgegpu:4.0 --devices edgegpu --seeds 2" + out,
           "compare --devices edgegpu,edgegpu --seeds 2" + out, "predict --evaluate --ks 3,3" + out,
           // A searcher's option given to searchers that do not read it (the registry lists who reads what).
           "search --searcher reinforce --population 5", "search --searcher random --lr 0.1", "search --searcher gdas --sample-size 2",
           "compare --searchers random,reinforce --bananas-epochs 3 --seeds 2" + out}) {
    const Output r = sh("hwnas " + args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_EQ(r.out.rfind("hwnas: ", 0), 0u) << args << "\n" << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << args << "\n" << r.out;
  }
  const Output unread = sh("hwnas search --searcher reinforce --population 5");
  EXPECT_NE(unread.out.find("--population is read by rea; reinforce would ignore it"), std::string::npos) << unread.out;
  // Read by one of the compared searchers: accepted.
  EXPECT_EQ(sh("hwnas compare --searchers rea,reinforce --population 5 --devices edgegpu --limits edgegpu:5 --seeds 1 "
               "--budget-queries 5" + out).code, 0);
  // Messages keep what follows a NUL byte and show bytes that are not UTF-8 instead of printing them raw.
  const auto nul = dir.write("nul.txt", std::string("0\n|nor_conv") + '\0' + "_3x3~0|tail\n");
  const Output n = sh("hwnas query --space nb201 --dataset cifar10 --archs " + nul.string());
  EXPECT_EQ(n.code, 2) << n.out;
  EXPECT_NE(n.out.find("nul.txt:2"), std::string::npos) << n.out;
  EXPECT_NE(n.out.find("\\x00_3x3~0|tail"), std::string::npos) << n.out;
  const auto bad = dir.write("utf8.txt", "\xff\xfe bad\n");
  const Output u = sh("hwnas query --space nb201 --dataset cifar10 --archs " + bad.string());
  EXPECT_EQ(u.code, 2) << u.out;
  EXPECT_NE(u.out.find("\\xff\\xfe bad"), std::string::npos) << u.out;
  EXPECT_EQ(printable_message("caf\xc3\xa9 \xe2\x82\xac"), "caf\xc3\xa9 \xe2\x82\xac");  // valid UTF-8 is kept
  // An FBNet cost table names its file and line once, and takes block names.
  std::string header;
  for (int l = 0; l < 22; ++l) header += "layer" + std::to_string(l) + ",";
  std::string row;
  for (int l = 0; l < 21; ++l) row += "k3_e1,";
  const auto fb = dir.write("fb.csv", header + "dev_latency\n" + row + "bad,1\n");
  const Output f = sh("hwnas query --space fbnet --dataset cifar100 --arch 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0 --cost-table " +
                      fb.string());
  EXPECT_EQ(f.code, 2) << f.out;
  EXPECT_EQ(f.out.find(fb.string()), f.out.rfind(fb.string())) << f.out;
  EXPECT_NE(f.out.find("layer21 'bad' is not a block index (0..8) or name"), std::string::npos) << f.out;
  const auto named = dir.write("named.csv", header + "dev_latency\n" + row + "skip,1\n");
  EXPECT_EQ(sh("hwnas query --space fbnet --dataset cifar100 --arch 0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,8 --cost-table " +
               named.string()).code, 0);
  // More threads than cores: the same answer, and no warning line from TBB.
  const Output t = sh("hwnas search --seeds 4 --threads 1024 --json");
  EXPECT_EQ(t.code, 0);
  EXPECT_EQ(t.out.find("TBB Warning"), std::string::npos) << t.out.substr(0, 300);
  EXPECT_EQ(t.out, sh("hwnas search --seeds 4 --threads 1 --json").out);
}

}  // namespace
}  // namespace hwnas
