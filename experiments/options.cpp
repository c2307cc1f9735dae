#include "experiments/options.hpp"

#include "core/error.hpp"

namespace hwnas {

void add_problem_options(CLI::App* cmd, ProblemSpec& spec) {
  cmd->add_option("--space", spec.space, "nb201 | fbnet")->capture_default_str();
  cmd->add_option("--dataset", spec.dataset, "nb201: cifar10 | cifar100 | ImageNet16-120")->capture_default_str();
  cmd->add_option("--objective", spec.objective, "hard (constraint) | soft (MnasNet reward)")->capture_default_str();
  cmd->add_option("--alpha", spec.alpha, "soft objective exponent below the limit")->capture_default_str();
  cmd->add_option("--beta", spec.beta, "soft objective exponent above the limit")->capture_default_str();
  cmd->add_option("--cost-dataset", spec.cost_dataset, "use the costs measured with this dataset's inputs");
}

void add_run_options(CLI::App* cmd, RunOptions& o) {
  cmd->add_option("--budget-seconds", o.budget_seconds, "simulated training seconds per run (default 12000)");
  cmd->add_option("--budget-queries", o.budget_queries, "distinct architectures per run");
  cmd->add_option("--seeds", o.seeds, "number of seeded runs")->capture_default_str();
  cmd->add_option("--first-seed", o.first_seed, "seed of the first run (runs use first, first+1, ...)")->capture_default_str();
  cmd->add_option("--threads", o.run.threads, "worker threads (0: all cores)")->capture_default_str();
  cmd->add_option("--population", o.run.settings.population, "evolution: population size")->capture_default_str();
  cmd->add_option("--sample-size", o.run.settings.sample_size, "evolution: tournament size")->capture_default_str();
  cmd->add_option("--lr", o.run.settings.learning_rate, "REINFORCE: Adam learning rate")->capture_default_str();
}

RunSettings run_settings(const RunOptions& o, const SearchProblem& problem) {
  if (o.seeds == 0) throw InputError("--seeds must be at least 1");
  RunSettings run = o.run;
  run.budget = {o.budget_queries, o.budget_seconds};
  if (!o.budget_queries && !o.budget_seconds) {
    if (!problem.accuracy().has_query_seconds()) {
      throw InputError(problem.accuracy().signal_name() + " has no training times: give --budget-queries N");
    }
    run.budget.seconds = 12000;
  }
  run.seeds.clear();
  for (std::size_t i = 0; i < o.seeds; ++i) run.seeds.push_back(o.first_seed + i);
  return run;
}

std::shared_ptr<const Nb201Benchmark> load_nb201_for(const ProblemSpec& spec, const std::filesystem::path& data_dir) {
  if (spec.space == "fbnet") {
    FbnetMacro::for_dataset(spec.dataset);
    throw InputError("HW-NAS-Bench has no accuracy table for the FBNet space: train a supernet first "
                     "(--searcher fbnet) and search with its accuracy estimates");
  }
  if (spec.space != "nb201") throw InputError("unknown space '" + spec.space + "' (known: nb201, fbnet)");
  nb201_dataset_shape(spec.dataset);
  return Nb201Benchmark::load(data_dir);
}

}  // namespace hwnas
