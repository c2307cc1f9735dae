#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "benchmark_data/benchmark_data.hpp"
#include "experiments/commands.hpp"
#include "experiments/options.hpp"

namespace hwnas {
namespace {

struct SearchOptions {
  ProblemSpec spec;
  RunOptions run;
  std::optional<std::string> out;
  bool json = false;
};

void run_search(const SearchOptions& o, const std::filesystem::path& data_dir) {
  const auto problem = make_nb201_problem(o.spec, load_nb201_for(o.spec, data_dir));
  const RunSettings settings = run_settings(o.run, *problem);
  const auto runs = run_seeds(*problem, settings);
  const auto result = result_json(*problem, settings, runs);
  if (o.out) {
    std::filesystem::create_directories(*o.out);
    std::ofstream(std::filesystem::path(*o.out) / "result.json") << result.dump(2) << "\n";
    write_trajectory_csv((std::filesystem::path(*o.out) / "trajectory.csv").string(), *problem, runs);
  }
  if (o.json) {
    std::cout << result.dump(2) << "\n";
  } else {
    std::cout << format_search_summary(*problem, settings, runs);
    if (o.out) std::cout << "wrote " << *o.out << "/result.json and " << *o.out << "/trajectory.csv\n";
  }
}

}  // namespace

void add_search_command(CLI::App& app, const std::optional<std::string>& data_dir) {
  auto* cmd = app.add_subcommand("search", "Device-specific architecture search on the benchmark, over many seeds");
  auto o = std::make_shared<SearchOptions>();
  add_problem_options(cmd, o->spec);
  cmd->add_option("--device", o->spec.device, "edgegpu | raspi4 | edgetpu | pixel3 | eyeriss | fpga");
  cmd->add_option("--metric", o->spec.metric, "latency | energy")->capture_default_str();
  cmd->add_option("--limit", o->spec.limit, "cost limit in ms (latency) or mJ (energy); none: unconstrained");
  cmd->add_option("--searcher", o->run.run.searcher, "random | rea | reinforce")->capture_default_str();
  add_run_options(cmd, o->run);
  cmd->add_option("--out", o->out, "write DIR/result.json and DIR/trajectory.csv");
  cmd->add_flag("--json", o->json, "print result.json to stdout");
  cmd->callback([o, &data_dir] { run_search(*o, resolve_data_dir(data_dir)); });
}

}  // namespace hwnas
