// Google Benchmark program for supernet training: one weight step (forward,
// backward, SGD) of each supernet on a random batch shaped like Fashion-MNIST.
// Run: build/tests/supernet_bench --benchmark_repetitions=5
// scripts/thread_policy_bench.sh runs the small settings under each OpenMP wait
// policy, on an idle machine and on one kept busy (README, "Threads").
#include <benchmark/benchmark.h>

#include "torch/supernets.hpp"
#include "spaces/nb201_space.hpp"

namespace hwnas {
namespace {

void train_steps(benchmark::State& state, Supernet& net, const Mixing& mixing) {
  const std::int64_t batch = state.range(0);
  torch::manual_seed(0);
  const auto x = torch::randn({batch, 1, 28, 28});
  const auto y = torch::randint(10, {batch}, torch::kInt64);
  torch::optim::SGD opt(net.parameters(), torch::optim::SGDOptions(0.025).momentum(0.9));
  for (auto _ : state) {
    opt.zero_grad();
    torch::nn::functional::cross_entropy(net.forward(x, mixing), y).backward();
    opt.step();
  }
  state.SetItemsProcessed(state.iterations() * batch);
}

// NB201 supernet, DARTS mixture (every op of every edge runs): args batch, channels, cells.
void BM_Nb201DartsStep(benchmark::State& state) {
  torch::set_num_threads(static_cast<int>(state.range(3)));
  auto net = make_nb201_supernet(1, 10, static_cast<int>(state.range(1)), static_cast<int>(state.range(2)));
  train_steps(state, *net, {torch::softmax(torch::zeros({6, 5}), 1), std::nullopt});
}
BENCHMARK(BM_Nb201DartsStep)
    ->Args({64, 16, 5, 2})
    ->Args({64, 16, 5, 1})
    ->Args({64, 4, 1, 2})
    ->Args({64, 4, 1, 1})
    ->Unit(benchmark::kMillisecond);

// NB201 supernet, GDAS (one sampled op per edge runs).
void BM_Nb201GdasStep(benchmark::State& state) {
  torch::set_num_threads(static_cast<int>(state.range(3)));
  auto net = make_nb201_supernet(1, 10, static_cast<int>(state.range(1)), static_cast<int>(state.range(2)));
  train_steps(state, *net, {torch::ones({6, 5}), Arch{3, 3, 1, 2, 4, 3}});
}
BENCHMARK(BM_Nb201GdasStep)->Args({64, 16, 5, 2})->Unit(benchmark::kMillisecond);

// FBNet supernet, soft Gumbel mixture (all 9 blocks of all 22 layers run): args batch, width, threads.
void BM_FbnetStep(benchmark::State& state) {
  torch::set_num_threads(static_cast<int>(state.range(2)));
  const FbnetSpace space(FbnetMacro::cifar100());
  auto net = make_fbnet_supernet(space, 1, 10, static_cast<int>(state.range(1)));
  train_steps(state, *net, {torch::softmax(torch::zeros({22, 9}), 1), std::nullopt});
}
BENCHMARK(BM_FbnetStep)->Args({64, 4, 2})->Args({64, 4, 1})->Args({64, 16, 2})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hwnas

BENCHMARK_MAIN();
