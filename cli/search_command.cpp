#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <thread>

#include "benchmark_data/benchmark_data.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "cli/commands.hpp"
#include "report/json_values.hpp"
#include "report/search_report.hpp"
#include "cli/options.hpp"
#include "report/output_dir.hpp"
#include "torch/supernet_run.hpp"
#include "cli/torch_commands.hpp"
#include "cli/accuracy_from.hpp"
#include "cli/launch.hpp"

namespace hwnas {
namespace {

struct SearchOptions {
  ProblemSpec spec;
  RunOptions run;
  SupernetOptions supernet;
  std::optional<std::string> checkpoint, resume, accuracy_from;
  std::optional<std::string> out;
  ParetoOptions pareto;
  bool json = false;
  // A group of ranks (torchrun's variables, or --nproc N started here).
  int nproc = 1;
  DistributedSettings distributed;
};


// The problem of a searcher that queries an evaluator. With --accuracy-from a
// trained supernet gives the search signal (FBNet has no benchmark accuracy).
std::unique_ptr<SearchProblem> load_problem(const SearchOptions& o, const DataDir& data_dir) {
  const auto bench = load_benchmark(data_dir, o.spec);
  std::shared_ptr<const AccuracySource> signal;
  if (o.accuracy_from) signal = accuracy_from(*o.accuracy_from, *bench);
  return std::make_unique<SearchProblem>(o.spec, bench, signal);
}

// What a search writes, given as writers so that each is made only when it is
// written and straight into its file: for thousands of seeds each costs as much
// as the search, and none is held whole in memory.
struct SearchReports {
  std::function<void(std::ostream&)> result;   // result.json
  std::function<void(std::ostream&)> summary;  // the readable summary
};

// `trajectory`: trajectory.csv, already written (streamed batch by batch while
// the runs were made); committed here with the others.
void write_outputs(const SearchOptions& o, OutputDir* out, const SearchReports& reports, const SearchProblem& problem,
                   const std::vector<RunResult>& runs, AtomicFile* trajectory) {
  if (out) {
    // All are written before any replaces its old version: a run killed in
    // between leaves the files of the previous run, or (for the moments between
    // the renames) some new files beside old ones.
    AtomicFile result_file(out->output("result.json"));
    std::optional<AtomicFile> front;
    if (problem.objectives()) {
      front.emplace(out->output("front.csv"));
      write_front_csv(front->stream(), problem, runs);
    }
    reports.result(result_file.stream());
    trajectory->commit();
    if (front) front->commit();
    result_file.commit();
  }
  if (o.json) {
    reports.result(std::cout);
    if (out && !out->replaced_note().empty()) std::cerr << "hwnas: note: wrote " << out->written_summary() << out->replaced_note() << "\n";
  } else {
    reports.summary(std::cout);
    if (out) {
      std::cout << "wrote " << out->written_summary() << out->replaced_note() << "\n";
    }
  }
}

// A supernet search as one rank of a group, or alone. Rank 0 claims --out and
// reports; the others train and write nothing.
void run_supernet_search_command(SearchOptions& o, const DataDir& data_dir) {
  if (o.checkpoint && o.resume) throw InputError("give --checkpoint DIR for a new run or --resume DIR, not both");
  if (o.run.seeds == 0) throw InputError("--seeds must be at least 1");
  distributed_backends().get(o.distributed.backend);
  distributed_modes().get(o.distributed.mode);
  if (o.nproc > 1) {
    run_local_ranks(o.nproc);  // rank 0 has reported; a failure is thrown with the rank's own line
    return;
  }
  std::optional<DistributedSettings> group = distributed_from_environment();
  if (group) {
    group->backend = o.distributed.backend;
    group->timeout_seconds = o.distributed.timeout_seconds;
    group->mode = o.distributed.mode;
  }
  const bool reports = !group || group->rank == 0;
  std::optional<OutputDir> out;
  if (o.out && reports) out.emplace(*o.out);  // claimed before anything is loaded or trained
  OutputDir* out_dir = out ? &*out : nullptr;
  SupernetSearchOptions s{o.spec, supernet_config(o.supernet, o.spec.limit.has_value()), {}, std::nullopt, o.resume.has_value(), group};
  if (o.checkpoint) s.checkpoint_dir = *o.checkpoint;
  if (o.resume) s.checkpoint_dir = *o.resume;
  for (std::size_t i = 0; i < o.run.seeds; ++i) s.seeds.push_back(o.run.first_seed + i);
  s.config.threads = o.run.run.threads;
  // The ranks on one machine share its cores.
  if (s.config.threads == 0 && group) {
    s.config.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / group->local_world_size);
  }
  s.config.progress = !o.json;
  const auto output = torch_commands().supernet_search(s, o.run.run.searcher, data_dir);
  if (!output.reports) return;
  std::optional<AtomicFile> trajectory;
  if (out_dir) {
    trajectory.emplace(out_dir->output("trajectory.csv"));
    write_trajectory_csv(trajectory->stream(), *output.problem, output.runs);
  }
  write_outputs(o, out_dir, {[&](std::ostream& s) { s << output.result; }, [&](std::ostream& s) { s << output.summary; }},
                *output.problem, output.runs, trajectory ? &*trajectory : nullptr);
}

void run_search(SearchOptions o, const std::optional<std::string>& data_dir_option) {
  apply_pareto_options(o.pareto, o.spec);
  refuse_what_supernet_searchers_cannot_do({o.run.run.searcher}, o.spec, o.accuracy_from.has_value());
  const DataDir data_dir = resolve_data_dir(data_dir_option);
  if (is_supernet_searcher(o.run.run.searcher)) {
    run_supernet_search_command(o, data_dir);
    return;
  }
  // The output folder is claimed before anything is loaded or run.
  std::optional<OutputDir> out;
  if (o.out) out.emplace(*o.out);
  OutputDir* out_dir = out ? &*out : nullptr;
  // Only the supernet searchers read a device without a limit (their cost loss); here it would be ignored.
  if (o.spec.device && !o.spec.limit) {
    throw InputError("--device " + *o.spec.device + " constrains a search only with --limit X (without one the search is "
                     "unconstrained): add --limit or leave out --device");
  }
  const auto problem = load_problem(o, data_dir);
  RunSettings settings = run_settings(o.run, *problem);
  // Only trajectory.csv reads the trajectories: streamed into it batch by batch, then freed.
  std::optional<AtomicFile> trajectory;
  settings.keep_trajectories = o.out.has_value();
  if (out_dir) {
    trajectory.emplace(out_dir->output("trajectory.csv"));
    write_trajectory_header(trajectory->stream());
    settings.on_batch = [&](std::span<const RunResult> batch) { write_trajectory_rows(trajectory->stream(), *problem, batch); };
  }
  const auto runs = run_seeds(*problem, settings);
  ResultExtras extras;
  extras.top_level["data"] = data_files_json(data_dir);
  write_outputs(o, out_dir,
                {[&](std::ostream& s) { write_result_json(s, *problem, settings, runs, extras); },
                 [&](std::ostream& s) { write_search_summary(s, *problem, settings, runs); }},
                *problem, runs, trajectory ? &*trajectory : nullptr);
}

}  // namespace

void add_search_command(CLI::App& command, const std::optional<std::string>& data_dir) {
  auto* cmd = &command;
  auto o = std::make_shared<SearchOptions>();
  add_problem_options(cmd, o->spec);
  cmd->add_option("--device", o->spec.device, device_help());
  cmd->add_option("--metric", o->spec.metric, cost_metric_help())->capture_default_str();
  cmd->add_option("--limit", o->spec.limit, "cost limit in ms (latency) or mJ (energy); none: unconstrained")
      ->check(real_in(kLimitRange));
  cmd->add_option("--searcher", o->run.run.searcher, searchers().join(" | "))->capture_default_str();
  add_pareto_options(cmd, o->spec, o->pareto, o->run.run.settings);
  add_run_options(cmd, o->run);
  cmd->add_option("--accuracy-from", o->accuracy_from, "score architectures with the trained supernet in DIR, or a zero-cost proxy: proxy:NAME (computed on demand), proxy:FILE, proxy:NAME:FILE, proxy:A+B:FILE (rank-sum vote), proxy:vote:FILE (a table of hwnas proxy)");
  add_supernet_options(cmd, o->supernet);
  auto& c = o->supernet.config;
  const std::string g = "Supernet searchers (" + searcher_names(true, ", ") + ")";
  cmd->add_option("--checkpoint", o->checkpoint, "write DIR/seed<k>/checkpoint.pt after every epoch")->group(g);
  cmd->add_option("--resume", o->resume, "continue the runs checkpointed in DIR")->group(g);
  cmd->add_option("--nproc", o->nproc, "start N ranks on this machine that train together (as torchrun's --nproc-per-node; "
                  "ranks started by torchrun or srun read WORLD_SIZE, RANK, LOCAL_RANK, MASTER_ADDR, MASTER_PORT instead)")
      ->capture_default_str()->group(g)->check(whole_in(1, 1024));
  cmd->add_option("--dist-backend", o->distributed.backend, distributed_backends().describe("; "))->capture_default_str()->group(g);
  cmd->add_option("--dist-timeout", o->distributed.timeout_seconds, "seconds a rank waits for its group to form and for any one collective operation")
      ->capture_default_str()->group(g)->check(real_in({0, 86400, true}));
  cmd->add_option("--dist-mode", o->distributed.mode, distributed_modes().describe("; "))->capture_default_str()->group(g);
  cmd->add_option("--stop-after-epoch", c.stop_after_epoch, "end after this epoch (continue later with --resume)")->group(g)->check(whole_in(1, 100000));
  cmd->add_option("--out", o->out, "write DIR/result.json and DIR/trajectory.csv");
  cmd->add_flag("--json", o->json, "print result.json to stdout");
  cmd->callback([o, cmd, &data_dir] {
    refuse_unread_searcher_options(*cmd, {o->run.run.searcher});
    run_search(*o, data_dir);
  });
}

}  // namespace hwnas
