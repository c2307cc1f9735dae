// Google Benchmark programs for the search layer: the cost of one query and of
// whole runs. Run: build/tests/search_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <map>

#include "core/stats.hpp"
#include "report/search_report.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

const SearchProblem& edgegpu_problem() {
  static const auto problem = [] {
    ProblemSpec spec;
    spec.device = "edgegpu";
    spec.limit = 4.0;
    return test::problem(spec);
  }();
  return *problem;
}

// One query of a new architecture (accuracy, cost, objective, budget, trajectory).
void BM_Nb201Query(benchmark::State& state) {
  const SearchProblem& p = edgegpu_problem();
  std::uint64_t i = 0;
  auto ev = std::make_unique<BenchmarkEvaluator>(p.space(), p.accuracy(), p.objective(), Budget{Nb201Space::kSize, {}});
  for (auto _ : state) {
    if (i == Nb201Space::kSize) {
      state.PauseTiming();
      ev = std::make_unique<BenchmarkEvaluator>(p.space(), p.accuracy(), p.objective(), Budget{Nb201Space::kSize, {}});
      i = 0;
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(ev->evaluate(p.space().at(i++)));
  }
}
BENCHMARK(BM_Nb201Query);

// One full run of 12000 simulated seconds on one core.
void BM_FullRun12000s(benchmark::State& state, const char* searcher) {
  const SearchProblem& p = edgegpu_problem();
  const auto make = make_searcher(searcher, {});
  std::uint64_t seed = 0;
  for (auto _ : state) {
    BenchmarkEvaluator ev(p.space(), p.accuracy(), p.objective(), Budget{{}, 12000.0});
    Rng rng(seed++);
    make->run(p.space(), ev, rng);
    benchmark::DoNotOptimize(ev.incumbent());
  }
}
BENCHMARK_CAPTURE(BM_FullRun12000s, random, "random");
BENCHMARK_CAPTURE(BM_FullRun12000s, rea, "rea");
BENCHMARK_CAPTURE(BM_FullRun12000s, reinforce, "reinforce");

// One run of `queries` distinct queries on one core (CIFAR-100, 200-epoch validation signal,
// unconstrained: the setting of White et al.'s local search), for the searchers judged by time to the optimum.
void BM_RunQueries(benchmark::State& state, const char* searcher) {
  static const auto problem = [] {
    ProblemSpec spec;
    spec.dataset = "cifar100";
    spec.signal = "valid200";
    return test::problem(spec);
  }();
  const auto queries = static_cast<std::size_t>(state.range(0));
  const auto make = make_searcher(searcher, {});
  std::uint64_t seed = 0;
  for (auto _ : state) {
    BenchmarkEvaluator ev(problem->space(), problem->accuracy(), problem->objective(), Budget{queries, {}});
    Rng rng(seed++);
    run_searcher(*make, problem->space(), ev, rng);
    benchmark::DoNotOptimize(ev.incumbent());
  }
}
BENCHMARK_CAPTURE(BM_RunQueries, random, "random")->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_RunQueries, rea, "rea")->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_RunQueries, ls, "ls")->Arg(1000)->Unit(benchmark::kMicrosecond);
// BANANAS refits three 20-layer networks for 500 epochs every 10 queries: 1000 queries is minutes.
BENCHMARK_CAPTURE(BM_RunQueries, bananas, "bananas")->Arg(100)->Arg(300)->Unit(benchmark::kMillisecond)->Iterations(1);

// 100 seeds of every searcher on every device at its median latency, on all cores.
void BM_AllSearchersAllDevices100Seeds(benchmark::State& state) {
  std::vector<std::unique_ptr<SearchProblem>> problems;
  for (const DeviceInfo& d : kBenchmarkDevices) {
    ProblemSpec spec;
    spec.device = std::string(d.name);
    const auto& column = *test::nb201().cost("cifar10").index_column(CostKey::of(d.name, "latency"));
    std::vector<double> present;
    for (double v : column) if (!is_missing(v)) present.push_back(v);
    spec.limit = quantile(present, 0.5);
    problems.push_back(std::make_unique<SearchProblem>(spec, test::benchmark("nb201", "cifar10")));
  }
  for (auto _ : state) {
    for (const auto& p : problems) {
      for (const char* s : {"random", "rea", "reinforce"}) {
        RunSettings settings;
        settings.searcher = s;
        settings.budget.seconds = 12000.0;
        for (std::uint64_t i = 0; i < 100; ++i) settings.seeds.push_back(i);
        benchmark::DoNotOptimize(run_seeds(*p, settings));
      }
    }
  }
}
BENCHMARK(BM_AllSearchersAllDevices100Seeds)->Unit(benchmark::kMillisecond);

// A Pareto problem (EvoXBench's C-10/MOP5 or MOP7), loaded once.
const SearchProblem& mop_problem(const char* name) {
  static std::map<std::string, std::unique_ptr<SearchProblem>> problems;
  auto& p = problems[name];
  if (!p) {
    ProblemSpec spec;
    spec.objectives = ObjectiveSet::preset(name);
    spec.signal = "valid200";
    p = test::problem(spec);
  }
  return *p;
}

// One NSGA-II (or other searcher) run of 1000 queries on C-10/MOP5, one core,
// without and with judging its front (hypervolume and IGD against the true front).
void BM_ParetoRun1000Queries(benchmark::State& state, const char* searcher, bool judge) {
  const SearchProblem& p = mop_problem("c10mop5");
  const auto make = make_searcher(searcher, {});
  std::uint64_t seed = 0;
  for (auto _ : state) {
    BenchmarkEvaluator ev(p.space(), p.accuracy(), p.objective(), Budget{1000, {}});
    Rng rng(seed++);
    make->run(p.space(), ev, rng);
    std::vector<Arch> front;
    for (std::size_t k : ev.front()) front.push_back(ev.trajectory()[k].arch);
    if (judge) benchmark::DoNotOptimize(p.judge_front(front));
    benchmark::DoNotOptimize(front);
  }
}
BENCHMARK_CAPTURE(BM_ParetoRun1000Queries, nsga2, "nsga2", false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ParetoRun1000Queries, nsga2_judged, "nsga2", true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ParetoRun1000Queries, random, "random", false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ParetoRun1000Queries, rea, "rea", false)->Unit(benchmark::kMicrosecond);

// The exact fronts of all 15625 cells with their hypervolume (problem set-up).
void BM_ExactFronts(benchmark::State& state, const char* name) {
  ProblemSpec spec;
  spec.objectives = ObjectiveSet::preset(name);
  spec.signal = "valid200";
  const auto bench = test::benchmark("nb201", "cifar10");
  for (auto _ : state) benchmark::DoNotOptimize(SearchProblem(spec, bench).pareto_truth()->hv);
}
BENCHMARK_CAPTURE(BM_ExactFronts, c10mop5, "c10mop5")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ExactFronts, c10mop7, "c10mop7")->Unit(benchmark::kMillisecond);

// result.json of 3000 REA runs (what `search --seeds 3000 --json` prints).
void BM_ResultJson3000Runs(benchmark::State& state) {
  const SearchProblem& p = edgegpu_problem();
  RunSettings settings;
  settings.budget.seconds = 12000.0;
  settings.keep_trajectories = false;
  for (std::uint64_t i = 0; i < 3000; ++i) settings.seeds.push_back(i);
  const auto runs = run_seeds(p, settings);
  for (auto _ : state) benchmark::DoNotOptimize(result_json(p, settings, runs));
}
BENCHMARK(BM_ResultJson3000Runs)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hwnas

BENCHMARK_MAIN();
