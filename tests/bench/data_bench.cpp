// Google Benchmark program for loading the benchmark data.
// Run: build/tests/data_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include "test_support.hpp"

namespace hwnas {
namespace {

// Every NB201 file of the shipped copy (decompressed, checked against the manifest, validated), and the space.
void BM_LoadNb201(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Nb201Benchmark::load(test::data_dir()));
}
BENCHMARK(BM_LoadNb201)->Unit(benchmark::kMillisecond);

// What `hwnas query --space nb201 --dataset D` loads: accuracies, FLOPs and one dataset's costs.
void BM_LoadNb201OneDataset(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(load_benchmark(test::data_dir(), "nb201", "cifar100"));
}
BENCHMARK(BM_LoadNb201OneDataset)->Unit(benchmark::kMillisecond);

// The FBNet per-operator lookup table, composed into 22 x 9 entries for all 8 metrics.
void BM_LoadFbnet(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(FbnetBenchmark::load(test::data_dir(), "cifar100"));
}
BENCHMARK(BM_LoadFbnet)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hwnas

BENCHMARK_MAIN();
