#include <filesystem>
#include <iostream>
#include <memory>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "experiments/commands.hpp"
#include "experiments/search_run.hpp"

namespace hwnas {
namespace {

struct SearchOptions {
  ProblemSpec spec;
  RunSettings run;
  std::optional<std::size_t> budget_queries;
  std::optional<double> budget_seconds;
  std::size_t seeds = 10;
  std::uint64_t first_seed = 0;
  std::optional<std::string> out;
  bool json = false;
};

std::unique_ptr<SearchProblem> load_problem(const ProblemSpec& spec, const std::filesystem::path& data_dir) {
  if (spec.space == "nb201") {
    nb201_dataset_shape(spec.dataset);
    return make_nb201_problem(spec, std::shared_ptr<const Nb201Benchmark>(Nb201Benchmark::load(data_dir)));
  }
  if (spec.space == "fbnet") {
    FbnetMacro::for_dataset(spec.dataset);
    throw InputError("HW-NAS-Bench has no accuracy table for the FBNet space: train a supernet first "
                     "(--searcher fbnet) and search with its accuracy estimates");
  }
  throw InputError("unknown space '" + spec.space + "' (known: nb201, fbnet)");
}

void run_search(SearchOptions& o, const std::filesystem::path& data_dir) {
  if (o.seeds == 0) throw InputError("--seeds must be at least 1");
  const auto problem = load_problem(o.spec, data_dir);
  o.run.budget = {o.budget_queries, o.budget_seconds};
  if (!o.budget_queries && !o.budget_seconds) {
    // NAS-Bench-201's protocol: 12000 simulated seconds, where the data has training times.
    Rng probe(0);
    if (!problem->accuracy().query_seconds(problem->space().sample(probe))) {
      throw InputError(problem->accuracy().signal_name() + " has no training times: give --budget-queries N");
    }
    o.run.budget.seconds = 12000;
  }
  o.run.seeds.clear();
  for (std::size_t i = 0; i < o.seeds; ++i) o.run.seeds.push_back(o.first_seed + i);
  const auto runs = run_seeds(*problem, o.run);
  const auto result = result_json(*problem, o.run, runs);
  if (o.out) {
    std::filesystem::create_directories(*o.out);
    std::ofstream(std::filesystem::path(*o.out) / "result.json") << result.dump(2) << "\n";
    write_trajectory_csv((std::filesystem::path(*o.out) / "trajectory.csv").string(), *problem, runs);
  }
  if (o.json) {
    std::cout << result.dump(2) << "\n";
  } else {
    std::cout << format_search_summary(*problem, o.run, runs);
    if (o.out) std::cout << "wrote " << *o.out << "/result.json and " << *o.out << "/trajectory.csv\n";
  }
}

}  // namespace

void add_search_command(CLI::App& app, const std::optional<std::string>& data_dir) {
  auto* cmd = app.add_subcommand("search", "Device-specific architecture search on the benchmark, over many seeds");
  auto o = std::make_shared<SearchOptions>();
  cmd->add_option("--space", o->spec.space, "nb201 | fbnet")->capture_default_str();
  cmd->add_option("--dataset", o->spec.dataset, "nb201: cifar10 | cifar100 | ImageNet16-120")->capture_default_str();
  cmd->add_option("--device", o->spec.device, "edgegpu | raspi4 | edgetpu | pixel3 | eyeriss | fpga");
  cmd->add_option("--metric", o->spec.metric, "latency | energy")->capture_default_str();
  cmd->add_option("--limit", o->spec.limit, "cost limit in ms (latency) or mJ (energy); none: unconstrained");
  cmd->add_option("--objective", o->spec.objective, "hard (constraint) | soft (MnasNet reward)")->capture_default_str();
  cmd->add_option("--alpha", o->spec.alpha, "soft objective exponent below the limit")->capture_default_str();
  cmd->add_option("--beta", o->spec.beta, "soft objective exponent above the limit")->capture_default_str();
  cmd->add_option("--cost-dataset", o->spec.cost_dataset, "use the costs measured with this dataset's inputs");
  cmd->add_option("--searcher", o->run.searcher, "random | rea | reinforce")->capture_default_str();
  cmd->add_option("--budget-seconds", o->budget_seconds, "simulated training seconds per run (default 12000)");
  cmd->add_option("--budget-queries", o->budget_queries, "distinct architectures per run");
  cmd->add_option("--seeds", o->seeds, "number of seeded runs")->capture_default_str();
  cmd->add_option("--first-seed", o->first_seed, "seed of the first run (runs use first, first+1, ...)")->capture_default_str();
  cmd->add_option("--threads", o->run.threads, "worker threads (0: all cores)")->capture_default_str();
  cmd->add_option("--population", o->run.settings.population, "evolution: population size")->capture_default_str();
  cmd->add_option("--sample-size", o->run.settings.sample_size, "evolution: tournament size")->capture_default_str();
  cmd->add_option("--lr", o->run.settings.learning_rate, "REINFORCE: Adam learning rate")->capture_default_str();
  cmd->add_option("--out", o->out, "write DIR/result.json and DIR/trajectory.csv");
  cmd->add_flag("--json", o->json, "print result.json to stdout");
  cmd->callback([o, &data_dir] { run_search(*o, resolve_data_dir(data_dir)); });
}

}  // namespace hwnas
