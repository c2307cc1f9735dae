// Whole `hwnas` commands timed the way a user runs them: a fresh process each
// time, start-up, data loading and output writing included.
// Run: build/tests/cli_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace {

const std::string kOut = (std::filesystem::temp_directory_path() / "hwnas_cli_bench").string();

// Runs hwnas with `args`, standard output to `stdout_file`; throws unless it exits 0.
void run_hwnas(const std::vector<std::string>& args, const std::string& stdout_file) {
  std::vector<std::string> all = {HWNAS_BIN};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  if (posix_spawn(&pid, HWNAS_BIN, &actions, nullptr, argv.data(), environ) != 0) throw std::runtime_error("spawn failed");
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("hwnas failed: " + all[1]);
}

void BM_Command(benchmark::State& state, std::vector<std::string> args) {
  std::filesystem::create_directories(kOut);
  for (auto& a : args) {
    if (a == "OUT") a = kOut + "/out";
  }
  for (auto _ : state) run_hwnas(args, "/dev/null");
}

void BM_Command3000SeedsToFile(benchmark::State& state) {
  std::filesystem::create_directories(kOut);
  for (auto _ : state) {
    run_hwnas({"search", "--device", "edgegpu", "--metric", "latency", "--limit", "4.0", "--searcher", "rea",
               "--budget-seconds", "12000", "--seeds", "3000", "--json"},
              kOut + "/rea3000.json");
  }
  state.counters["per_run_us"] = benchmark::Counter(3000, benchmark::Counter::kIsIterationInvariantRate |
                                                              benchmark::Counter::kInvert);
}

}  // namespace

BENCHMARK_CAPTURE(BM_Command, help, std::vector<std::string>{"--help"})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Command, query_nb201, std::vector<std::string>{"query", "--space", "nb201", "--dataset", "cifar10", "--index", "0"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Command, query_fbnet, std::vector<std::string>{"query", "--space", "fbnet", "--dataset", "ImageNet", "--arch",
                                                                     "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Command, search_10_seeds, std::vector<std::string>{"search", "--device", "edgegpu", "--metric", "latency", "--limit", "4.0",
                                                                         "--searcher", "rea", "--budget-seconds", "12000", "--seeds", "10"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Command3000SeedsToFile)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Command, compare_54_cells_100_seeds,
                  std::vector<std::string>{"compare", "--searchers", "random,rea,reinforce", "--devices", "hw-nas-bench", "--limits", "auto",
                                           "--seeds", "100", "--budget-seconds", "12000", "--out", "OUT"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Command, analyze_nb201, std::vector<std::string>{"analyze", "--space", "nb201", "--dataset", "cifar10", "--out", "OUT"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Command, analyze_fbnet, std::vector<std::string>{"analyze", "--space", "fbnet", "--dataset", "cifar100", "--out", "OUT"})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
