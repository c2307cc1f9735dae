#include <chrono>
#include <iostream>

#include "benchmark/device_zoo.hpp"
#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "report/analyze_report.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "report/output_dir.hpp"

namespace hwnas {
namespace {

struct AnalyzeOptions {
  BenchmarkSpec bench;
  std::size_t samples = 10000;
  std::uint64_t seed = 0;
  std::string devices = "all";
  std::string out;
};

void run_analyze(const AnalyzeOptions& o, const std::optional<std::string>& data_dir_option) {
  const auto start = std::chrono::steady_clock::now();
  OutputDir out(o.out);
  const DataDir data_dir = resolve_data_dir(data_dir_option);
  const auto bench = load_benchmark(data_dir, o.bench);
  std::cout << write_analysis(out, analyze(benchmark_networks(*bench, o.samples, o.seed, o.devices)));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "\nwrote " << out.written_summary() << " in " << seconds << " s" << out.replaced_note() << "\n";
}

}  // namespace

void add_analyze_command(CLI::App& command, const std::optional<std::string>& data_dir) {
  auto* cmd = &command;
  auto o = std::make_shared<AnalyzeOptions>();
  add_benchmark_options(cmd, o->bench);
  cmd->add_option("--samples", o->samples, "FBNet: number of networks drawn (2..1000000)")
      ->capture_default_str()->check(whole_in(2, 1000000));
  cmd->add_option("--seed", o->seed, "FBNet: seed of the draw")->capture_default_str()->check(whole_in(0, kMaxSeed));
  cmd->add_option("--devices", o->devices,
                  std::string(kDeviceGroups) + " (HW-NAS-Bench's and your tables', or HELP's zoo), or comma-separated devices")
      ->capture_default_str();
  add_out_option(cmd, o->out, "output directory");
  cmd->callback([o, &data_dir] { run_analyze(*o, data_dir); });
}

}  // namespace hwnas
