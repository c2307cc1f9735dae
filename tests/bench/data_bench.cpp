// Google Benchmark program for loading the benchmark data.
// Run: build/tests/data_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include "test_support.hpp"

namespace hwnas {
namespace {

// Every NB201 file, validated, and the space built from its arch strings.
void BM_LoadNb201(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Nb201Benchmark::load(test::data_dir()));
}
BENCHMARK(BM_LoadNb201)->Unit(benchmark::kMillisecond);

// The FBNet sample file and the least-squares fit of the four latency tables.
void BM_LoadFbnetAndFit(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(FbnetBenchmark::load(test::data_dir(), "cifar100"));
}
BENCHMARK(BM_LoadFbnetAndFit)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hwnas

BENCHMARK_MAIN();
