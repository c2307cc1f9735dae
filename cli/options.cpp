#include "cli/options.hpp"

#include <algorithm>

#include "benchmark/proxies.hpp"
#include "core/rng.hpp"

#include "core/error.hpp"

namespace hwnas {

CLI::Validator whole_in(std::uint64_t lo, std::uint64_t hi) {
  const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        try {
          parse_whole(text, lo, hi, "value");
        } catch (const InputError& e) {
          return std::string(e.what()).substr(std::string("value: ").size());
        }
        return "";
      },
      "in " + range);
}

CLI::Validator real_in(RealRange range) {
  return CLI::Validator(
      [range](std::string& text) -> std::string {
        try {
          parse_real(text, range, "value");
        } catch (const InputError& e) {
          return std::string(e.what()).substr(std::string("value: ").size());
        }
        return "";
      },
      "in " + range.str());
}

std::string dataset_help() {
  std::string s;
  for (const SpaceEntry& e : spaces().entries()) {
    s += (s.empty() ? "" : "; ") + std::string(e.name) + ": ";
    for (std::size_t i = 0; i < e.datasets.size(); ++i) s += (i ? " | " : "") + e.datasets[i];
  }
  return s;
}

void add_benchmark_options(CLI::App* cmd, BenchmarkSpec& spec, BenchmarkOptionSet which) {
  auto* space = cmd->add_option("--space", spec.space, space_help());
  auto* dataset = cmd->add_option("--dataset", spec.dataset, dataset_help());
  if (which.required) {
    space->required();
    dataset->required();
  } else {
    space->capture_default_str();
    dataset->capture_default_str();
  }
  if (which.cost_dataset) {
    cmd->add_option("--cost-dataset", spec.cost_dataset,
                    "NB201: use the costs measured with another dataset's inputs (default: the dataset's own)");
  }
  if (which.cost_tables) {
    cmd->add_option("--cost-table", spec.cost_tables,
                    "FILE: a cost table of your own device (hwnas measure / predict), its columns beside HW-NAS-Bench's; repeatable")
        ->take_all()->allow_extra_args(false);
  }
}

void add_out_option(CLI::App* cmd, std::string& out, const std::string& help) {
  cmd->add_option("--out", out, help)->required();
}

std::string device_help() {
  std::string s, help;
  for (const DeviceInfo& d : kBenchmarkDevices) s += (s.empty() ? "" : " | ") + std::string(d.name);
  for (const DeviceInfo& d : kHelpDevices) help += (help.empty() ? "" : ", ") + std::string(d.name);
  return s + "; HELP's zoo (NB201 with CIFAR-10 costs; FBNet a sample): " + help + "; or the device of a --cost-table";
}

std::string cost_metric_help() {
  std::string s;
  for (const MetricInfo& m : kMetrics) {
    if (m.is_cost) s += (s.empty() ? "" : " | ") + std::string(m.name);
  }
  return s;
}

void add_problem_options(CLI::App* cmd, ProblemSpec& spec) {
  add_benchmark_options(cmd, spec);
  cmd->add_option("--objective", spec.objective, "hard (constraint) | soft (MnasNet reward)")->capture_default_str();
  cmd->add_option("--alpha", spec.alpha, "soft objective exponent below the limit (default -0.07)")->check(real_in({-10, 10}));
  cmd->add_option("--beta", spec.beta, "soft objective exponent above the limit (default -0.07)")->check(real_in({-10, 10}));
}

void add_run_options(CLI::App* cmd, RunOptions& o) {
  cmd->add_option("--budget-seconds", o.budget_seconds, "simulated training seconds per run (default 12000)")
      ->check(real_in({0, 1e9, true}));
  cmd->add_option("--budget-queries", o.budget_queries, "distinct architectures per run")->check(whole_in(1, 1000000000));
  cmd->add_option("--seeds", o.seeds, "number of seeded runs")->capture_default_str()->check(whole_in(1, 1000000));
  cmd->add_option("--first-seed", o.first_seed, "seed of the first run (runs use first, first+1, ...)")
      ->capture_default_str()->check(whole_in(0, kMaxSeed));
  cmd->add_option("--threads", o.run.threads, "worker threads (0: all cores)")->capture_default_str()->check(whole_in(0, 1024));
  cmd->add_option("--population", o.run.settings.population, "evolution: population size")
      ->capture_default_str()->check(whole_in(1, 100000));
  cmd->add_option("--sample-size", o.run.settings.sample_size, "evolution: tournament size")
      ->capture_default_str()->check(whole_in(1, 100000));
  cmd->add_option("--lr", o.run.settings.learning_rate, "REINFORCE: Adam learning rate")
      ->capture_default_str()->check(real_in({0, 100, true}));
  cmd->add_option("--ls-initial", o.run.settings.ls_initial_samples, "local search: random architectures a start takes the best of")
      ->capture_default_str()->check(whole_in(1, 100000));
  cmd->add_option("--bananas-ensemble", o.run.settings.bananas_ensemble, "BANANAS: networks in the ensemble")
      ->capture_default_str()->check(whole_in(1, 100));
  cmd->add_option("--bananas-layers", o.run.settings.bananas_layers, "BANANAS: hidden layers per network")
      ->capture_default_str()->check(whole_in(1, 100));
  cmd->add_option("--bananas-width", o.run.settings.bananas_width, "BANANAS: units per hidden layer")
      ->capture_default_str()->check(whole_in(1, 1000));
  cmd->add_option("--bananas-epochs", o.run.settings.bananas_epochs, "BANANAS: training epochs per round")
      ->capture_default_str()->check(whole_in(1, 100000));
  cmd->add_option("--warmup-from", o.warmup_from,
                  "random/rea: start from the best of --warmup networks of a proxy table (proxy:NAME:FILE, proxy:vote:FILE, ...)");
  cmd->add_option("--warmup", o.warmup, "networks of the --warmup-from table each run draws (by its seed) and ranks")
      ->check(whole_in(1, 1000000));
}

void add_pareto_options(CLI::App* cmd, ProblemSpec& spec, ParetoOptions& pareto, SearcherSettings& settings) {
  const std::string g = "Pareto search";
  cmd->add_option("--objectives", pareto.objectives,
                  "a Pareto search of these minimised objectives: error, flops, params and cost columns, e.g. error,edgegpu_latency")
      ->group(g);
  cmd->add_option("--problem", pareto.problem, "EvoXBench's problem on NB201/CIFAR-10: " + objective_presets().describe("; "))->group(g);
  cmd->add_option("--signal", spec.signal, "the benchmark's search signal: valid12 | valid200")->capture_default_str()->group(g);
  cmd->add_option("--nsga2-population", settings.nsga2_population, "NSGA-II: population size")
      ->capture_default_str()->check(whole_in(2, 100000))->group(g);
}

void apply_pareto_options(const ParetoOptions& pareto, ProblemSpec& spec) {
  if (pareto.objectives && pareto.problem) throw InputError("give --objectives or --problem, not both");
  if (pareto.objectives) {
    spec.objectives = split_list(*pareto.objectives);
    // Empty would silently mean a single-objective search.
    if (spec.objectives.empty()) throw InputError("--objectives lists no objective, e.g. error,edgegpu_latency");
  }
  if (pareto.problem) {
    spec.objectives = ObjectiveSet::preset(*pareto.problem);
    if (spec.space != "nb201" || spec.dataset != "cifar10") {
      throw InputError("--problem " + *pareto.problem + " is EvoXBench's NB201 problem on CIFAR-10: leave out --space and --dataset");
    }
    spec.signal = "valid200";  // EvoXBench searches on the 200-epoch validation accuracy
  }
}

void add_supernet_options(CLI::App* cmd, SupernetOptions& o) {
  auto& c = o.config;
  const std::string g = "Supernet searchers (" + searcher_names(true, ", ") + ")";
  cmd->add_option("--data", c.data, "images: fashion-mnist[:DIR] | cifar10:DIR | cifar100:DIR")->capture_default_str()->group(g);
  cmd->add_option("--train-images", c.train_images, "use the first N training images (0: all); half train weights, half alpha")->capture_default_str()->group(g)->check(whole_in(0, 100000000));
  cmd->add_option("--epochs", c.epochs, "training epochs")->capture_default_str()->group(g)->check(whole_in(1, 100000));
  cmd->add_option("--batch-size", c.batch_size, "images per step")->capture_default_str()->group(g)->check(whole_in(1, 65536));
  cmd->add_option("--bn-images", c.batch_norm_images, "training batch norm takes its statistics over groups of this many images (ghost batch norm; a divisor of each rank's share of the batch: no communication between ranks), or 0: the whole batch (synchronised across ranks)")->capture_default_str()->group(g)->check(whole_in(0, 65536));
  cmd->add_option("--channels", c.channels, "NB201: channels of the first stage; FBNet: stem width (16 = original)")->capture_default_str()->group(g)->check(whole_in(1, 4096));
  cmd->add_option("--cells", c.cells, "NB201: cells per stage")->capture_default_str()->group(g)->check(whole_in(1, 100));
  cmd->add_option("--weight-lr", c.weight_lr, "SGD learning rate (cosine to 0.001)")->capture_default_str()->group(g)->check(real_in({0, 100, true}));
  cmd->add_option("--arch-lr", c.arch_lr, "Adam learning rate of the architecture parameters")->capture_default_str()->group(g)->check(real_in({0, 100, true}));
  cmd->add_option("--cost-loss", c.cost_loss, cost_loss_kinds().describe("; "))->capture_default_str()->group(g);
  cmd->add_option("--cost-weight", c.cost_weight, "w of the cost loss (0: accuracy only)")->capture_default_str()->group(g)->check(real_in({0, 1e6}));
  cmd->add_option("--constraint", o.constraint, constraint_kinds().describe("; ") + " (default: lagrange with a limit and no --cost-weight, else penalty)")->group(g);
  cmd->add_option("--dual-lr", c.dual_lr, "lagrange: step of the multiplier per architecture step, on the violation E[cost]/limit - 1")->capture_default_str()->group(g)->check(real_in({0, 1e6, true}));
  cmd->add_option("--eval-images", c.eval_images, "validation images that score a sub-network")->capture_default_str()->group(g)->check(whole_in(1, 100000000));
  cmd->add_option("--torch-device", c.torch_device, "cpu | cuda | auto")->capture_default_str()->group(g);
}

SupernetConfig supernet_config(const SupernetOptions& o, bool has_limit) {
  SupernetConfig c = o.config;
  c.constraint = o.constraint.value_or(has_limit && o.config.cost_weight == 0 ? "lagrange" : "penalty");
  return c;
}

void refuse_what_supernet_searchers_cannot_do(const std::vector<std::string>& chosen, const ProblemSpec& spec,
                                              bool accuracy_from) {
  const auto supernet = std::find_if(chosen.begin(), chosen.end(), is_supernet_searcher);
  if (supernet == chosen.end()) return;
  if (!spec.objectives.empty()) {
    throw InputError("--objectives and --problem are for the searchers that query the benchmark (" + searcher_names(false, ", ") +
                     "), not " + *supernet);
  }
  if (accuracy_from) {
    throw InputError(*supernet + " searches by training its own supernet: --accuracy-from is for " + searcher_names(false, ", "));
  }
}

void refuse_unread_searcher_options(const CLI::App& cmd, const std::vector<std::string>& chosen) {
  std::vector<std::string> options;
  for (const SearcherInfo& e : searchers().entries()) {
    for (const std::string& option : e.options) {
      if (std::find(options.begin(), options.end(), option) == options.end()) options.push_back(option);
    }
  }
  for (const std::string& option : options) {
    const CLI::Option* given = cmd.get_option_no_throw(option);
    if (!given || given->count() == 0) continue;
    const bool read = std::any_of(chosen.begin(), chosen.end(), [&](const std::string& s) {
      return searchers().find(s) && searcher_reads(s, option);
    });
    if (!read) {
      std::string list;
      for (const std::string& s : chosen) list += (list.empty() ? "" : ", ") + s;
      throw InputError(option + " is read by " + searchers_reading(option) + "; " + list + " would ignore it");
    }
  }
}

RunSettings run_settings(const RunOptions& o, const SearchProblem& problem) {
  if (o.seeds == 0) throw InputError("--seeds must be at least 1");
  RunSettings run = o.run;
  run.budget = {o.budget_queries, o.budget_seconds};
  if (!o.budget_queries && !o.budget_seconds) {
    if (!problem.accuracy().has_query_seconds()) {
      throw InputError("the search signal " + problem.accuracy().signal_name() + " has no training times: give --budget-queries N");
    }
    run.budget.seconds = 12000;
  }
  run.seeds.clear();
  for (std::size_t i = 0; i < o.seeds; ++i) run.seeds.push_back(o.first_seed + i);
  if (o.warmup.has_value() != o.warmup_from.has_value()) throw InputError("--warmup-from and --warmup go together");
  if (o.warmup_from) {
    const std::optional<ProxySourceSpec> spec = parse_proxy_source(*o.warmup_from);
    if (!spec || !spec->file) throw InputError("--warmup-from takes a proxy table: proxy:FILE, proxy:NAME:FILE, proxy:A+B:FILE or proxy:vote:FILE");
    const SearchSpace& space = problem.space();
    const auto table = std::make_shared<const ProxyTable>(*spec->file, space);
    const std::shared_ptr<const AccuracySource> score = make_proxy_table_accuracy(*spec, space, nullptr);
    const std::size_t n = *o.warmup;
    if (n > table->archs().size()) {
      throw InputError("--warmup " + std::to_string(n) + " is more networks than " + spec->file->string() + " has (" +
                       std::to_string(table->archs().size()) + ")");
    }
    // Each run draws its own N rows (by its seed), keeps those that meet the problem's limit (their
    // costs are known without training), and ranks them by the proxy, best first (ties: table order).
    run.warm_start_description = "the best by " + *o.warmup_from + " of " + std::to_string(n) +
                                 " networks drawn by each run's seed that meet the limit";
    run.warm_start = [table, score, n](const SearchProblem& problem, std::uint64_t seed) {
      Rng rng(seed, 0x7761726d);
      std::vector<std::size_t> rows(table->archs().size());
      for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
      for (std::size_t i = 0; i < n; ++i) std::swap(rows[i], rows[i + rng.below(rows.size() - i)]);
      rows.resize(n);
      const CostConstrainedObjective& limit = problem.constraint();
      std::vector<std::pair<double, std::size_t>> ranked;
      for (std::size_t r : rows) {
        const Arch& arch = table->archs()[r];
        if (limit.key() && !limit.feasible(problem.cost().cost(arch, *limit.key()))) continue;
        ranked.emplace_back(score->signal(arch), r);
      }
      std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      std::vector<Arch> out;
      for (const auto& [value, r] : ranked) out.push_back(table->archs()[r]);
      return out;
    };
  }
  return run;
}

}  // namespace hwnas
