#include <chrono>
#include <iostream>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "experiments/analyze.hpp"
#include "experiments/commands.hpp"

namespace hwnas {
namespace {

struct AnalyzeOptions {
  std::string space = "nb201";
  std::string dataset = "cifar10";
  std::optional<std::string> cost_dataset;
  std::size_t samples = 5000;
  std::uint64_t seed = 0;
  std::string out;
};

void run_analyze(const AnalyzeOptions& o, const std::filesystem::path& data_dir) {
  const auto start = std::chrono::steady_clock::now();
  NetworkTable networks;
  if (o.space == "nb201") {
    nb201_dataset_shape(o.dataset);
    const auto bench = Nb201Benchmark::load(data_dir);
    networks = nb201_networks(*bench, o.dataset, o.cost_dataset.value_or(o.dataset));
  } else if (o.space == "fbnet") {
    networks = fbnet_networks(*FbnetBenchmark::load(data_dir, o.dataset), o.samples, o.seed);
  } else {
    throw InputError("unknown space '" + o.space + "' (known: nb201, fbnet)");
  }
  std::cout << write_analysis(o.out, analyze(std::move(networks)));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "\nwrote " << o.out << " in " << seconds << " s\n";
}

}  // namespace

void add_analyze_command(CLI::App& app, const std::optional<std::string>& data_dir) {
  auto* cmd = app.add_subcommand("analyze", "HW-NAS-Bench's analyses: FLOPs/params vs cost, cross-device correlation, "
                                            "Pareto fronts across devices");
  auto o = std::make_shared<AnalyzeOptions>();
  cmd->add_option("--space", o->space, "nb201 | fbnet")->capture_default_str();
  cmd->add_option("--dataset", o->dataset, "nb201: cifar10 | cifar100 | ImageNet16-120; fbnet: cifar100")->capture_default_str();
  cmd->add_option("--cost-dataset", o->cost_dataset, "NB201: use the costs measured with this dataset's inputs");
  cmd->add_option("--samples", o->samples, "FBNet: number of networks drawn")->capture_default_str();
  cmd->add_option("--seed", o->seed, "FBNet: seed of the draw")->capture_default_str();
  cmd->add_option("--out", o->out, "output directory")->required();
  cmd->callback([o, &data_dir] { run_analyze(*o, resolve_data_dir(data_dir)); });
}

}  // namespace hwnas
