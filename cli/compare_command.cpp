#include <algorithm>
#include <iostream>

#include "benchmark/device_zoo.hpp"
#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "cli/accuracy_from.hpp"
#include "cli/commands.hpp"
#include "report/compare_report.hpp"
#include "core/format.hpp"
#include "cli/options.hpp"
#include "cli/torch_commands.hpp"
#include "report/output_dir.hpp"
#include "report/pareto_compare_report.hpp"

namespace hwnas {
namespace {

struct CompareOptions {
  ProblemSpec spec;
  RunOptions run;
  std::string searchers = "random,rea,reinforce";
  std::string devices = "all";
  std::string limits = "auto";
  std::string out;
  ParetoOptions pareto;
  std::optional<std::string> accuracy_from;
  SupernetOptions supernet;
};

// The supernet searchers of a comparison, trained by hwnas-torch: one search
// of every seed per limit, quiet (compare's own progress bar counts the cells).
SupernetRuns supernet_runs(const CompareOptions& o, const DataDir& data_dir) {
  return [&o, data_dir](const ProblemSpec& spec, const std::string& searcher, const std::vector<std::uint64_t>& seeds) {
    SupernetSearchOptions s{spec, supernet_config(o.supernet, spec.limit.has_value()), seeds, std::nullopt, false, std::nullopt};
    s.config.threads = o.run.run.threads;
    s.config.progress = false;
    return torch_commands().supernet_search(s, searcher, data_dir).runs;
  };
}

// Pareto searchers on one multi-objective problem (no per-device limits).
void run_pareto_compare(const CompareOptions& o, const std::vector<std::string>& searchers, OutputDir& out,
                        const std::shared_ptr<const Benchmark>& bench) {
  if (o.devices != "all" || o.limits != "auto") {
    throw InputError("--devices and --limits are for single-objective comparisons; a Pareto one compares fronts");
  }
  const SearchProblem problem(o.spec, bench, o.accuracy_from ? accuracy_from(*o.accuracy_from, *bench) : nullptr);
  const RunSettings settings = run_settings(o.run, problem);
  const auto results = run_pareto_comparison(problem, searchers, settings);
  write_pareto_comparison(out, problem, results, settings.budget);
  std::cout << format_pareto_comparison(problem, results) << "wrote " << out.written_summary() << out.replaced_note() << "\n";
}

void run_compare(CompareOptions o, const std::optional<std::string>& data_dir_option) {
  apply_pareto_options(o.pareto, o.spec);
  OutputDir out(o.out);
  const DataDir data_dir = resolve_data_dir(data_dir_option);
  const auto bench = load_benchmark(data_dir, o.spec);
  const std::vector<std::string> searchers = split_list(o.searchers);
  if (searchers.empty()) throw InputError("--searchers lists no searcher");
  refuse_what_supernet_searchers_cannot_do(searchers, o.spec, o.accuracy_from.has_value());
  const bool any_supernet = std::any_of(searchers.begin(), searchers.end(), is_supernet_searcher);
  // Hand over before any work: the supernet searchers need hwnas-torch, which runs the tabular ones too.
  if (any_supernet && !torch_commands().loaded) {
    for (const std::string& s : searchers) hwnas::searchers().get(s);  // an unknown name is refused here, not after the hand-over
    hand_off_to_torch("--searchers " + o.searchers);
  }
  if (!o.spec.objectives.empty()) {
    run_pareto_compare(o, searchers, out, bench);
    return;
  }
  const auto limits = parse_limits(o.limits, o.devices, o.spec.metric, bench->space(), bench->cost());
  ProblemSpec probe_spec = o.spec;  // the budget check needs a problem: the unconstrained one will do
  probe_spec.limit.reset();
  probe_spec.objective = "hard";
  const auto signal = o.accuracy_from ? accuracy_from(*o.accuracy_from, *bench) : nullptr;
  const SearchProblem probe(probe_spec, bench, signal);
  const RunSettings settings = run_settings(o.run, probe);
  const auto results = run_comparison(o.spec, bench, searchers, limits, settings, signal, supernet_runs(o, data_dir));
  write_comparison(out, bench->space(), results, settings.budget);
  if (signal) std::cout << "searched by " << probe.accuracy().signal_name() << ", judged by " << probe.accuracy().final_name() << "\n";
  std::cout << format_comparison(results);
  // Not an error: with this budget no searcher reached the feasible set. The CSVs say so (empty
  // architecture fields, feasible_rate 0) and the plots' panels are empty with the same note.
  std::vector<std::string> none_feasible;
  for (const CompareResult& r : results) {
    if (r.summary.feasible_rate == 0 && std::find(none_feasible.begin(), none_feasible.end(), r.limit.label()) == none_feasible.end()) {
      const bool all = std::all_of(results.begin(), results.end(), [&](const CompareResult& x) {
        return x.limit.label() != r.limit.label() || x.summary.feasible_rate == 0;
      });
      if (all) none_feasible.push_back(r.limit.label());
    }
  }
  for (const std::string& label : none_feasible) {
    std::cout << "note: no run of any searcher found a feasible network under " << label
              << " with this budget (its plot panel is empty)\n";
  }
  std::cout << "wrote " << out.written_summary() << out.replaced_note() << "\n";
}

}  // namespace

void add_compare_command(CLI::App& command, const std::optional<std::string>& data_dir) {
  auto* cmd = &command;
  auto o = std::make_shared<CompareOptions>();
  add_problem_options(cmd, o->spec);
  cmd->add_option("--searchers", o->searchers, "comma-separated searchers: " + searchers().join(", "))->capture_default_str();
  cmd->add_option("--devices", o->devices, std::string(kDeviceGroups) + ", or comma-separated devices")->capture_default_str();
  cmd->add_option("--metric", o->spec.metric, cost_metric_help())->capture_default_str();
  cmd->add_option("--limits", o->limits, "auto (25/50/75th percentile per device), or limits (edgegpu:4.0) and percentiles (fpga@q50), comma-separated")->capture_default_str();
  o->run.seeds = 100;  // before add_run_options, which shows it as the default
  add_run_options(cmd, o->run);
  add_pareto_options(cmd, o->spec, o->pareto, o->run.run.settings);
  cmd->add_option("--accuracy-from", o->accuracy_from, "search by a zero-cost proxy (proxy:NAME, proxy:FILE, proxy:NAME:FILE, proxy:A+B:FILE, proxy:vote:FILE) or a trained supernet DIR; judged by the benchmark's accuracy");
  add_supernet_options(cmd, o->supernet);
  add_out_option(cmd, o->out, "output directory");
  cmd->callback([o, cmd, &data_dir] {
    refuse_unread_searcher_options(*cmd, split_list(o->searchers));
    run_compare(*o, data_dir);
  });
}

}  // namespace hwnas
