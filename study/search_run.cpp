#include "study/search_run.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/stats.hpp"
#include "core/format.hpp"

namespace hwnas {

Candidate describe(const SearchProblem& problem, const Arch& arch) {
  Candidate c;
  c.arch = arch;
  c.index = problem.index_of(arch);
  c.signal = problem.accuracy().signal(arch);
  c.final_accuracy = problem.accuracy().final_accuracy(arch);
  if (problem.constraint().key()) c.cost = problem.cost().cost(arch, *problem.constraint().key());
  return c;
}

namespace {

// RunResult::signal_optimum_query of a run's trajectory.
std::optional<std::size_t> first_signal_optimum_query(const SearchProblem& problem, const std::vector<Query>& trajectory) {
  const auto& truth = problem.ground_truth();
  if (problem.objectives() || !truth || !truth->signal_optimum) return std::nullopt;
  const double best = truth->signal_optimum->signal;
  for (const Query& q : trajectory) {
    if (q.eval.feasible && q.eval.signal >= best) return q.queries;
  }
  return std::nullopt;
}

}  // namespace

void check_searcher_settings(const RunSettings& settings) {
  make_searcher(settings.searcher, settings.settings);  // an unknown name or a refused setting
  if (settings.warm_start && !searcher_reads(settings.searcher, "--warmup-from")) {
    throw InputError("--warmup-from starts a search from proxy-ranked networks; " + settings.searcher + " takes no warm start (" +
                     searchers_reading("--warmup-from") + " do)");
  }
}

std::vector<RunResult> run_seeds(const SearchProblem& problem, const RunSettings& settings) {
  // A bad name or setting is reported before any thread starts.
  check_searcher_settings(settings);
  if (make_searcher(settings.searcher, settings.settings)->needs_signal() && !problem.accuracy().has_signal()) {
    std::string usable;
    for (const SearcherInfo& e : searchers().entries()) {
      if (e.supernet) continue;
      try {
        if (!e.make(settings.settings)->needs_signal()) usable += (usable.empty() ? "" : ", ") + e.name;
      } catch (const InputError&) {  // refuses these settings: not one to suggest
      }
    }
    throw InputError(settings.searcher + " steers by the accuracy signal, and a Pareto search of costs alone has none: use " + usable);
  }
  // The most queries one run can make: its query budget, or every architecture of the space.
  std::optional<std::uint64_t> per_run = problem.space().cardinality();
  if (settings.budget.queries && (!per_run || *settings.budget.queries < *per_run)) per_run = *settings.budget.queries;
  if (!per_run || *per_run > kMaxQueriesPerRun) {
    throw InputError("a run keeps every query it makes (to answer repeats and for its incumbent and front), at most " +
                     std::to_string(kMaxQueriesPerRun) + " per run: " +
                     (per_run ? "--budget-queries " + std::to_string(*per_run) + " asks for more" : std::string("give --budget-queries")));
  }
  const std::size_t batch = std::max<std::size_t>(1, kMaxQueriesInFlight / std::max<std::uint64_t>(*per_run, 1));
  std::vector<RunResult> runs(settings.seeds.size());
  std::size_t front_entries = 0;
  // More threads than TBB's workers would only print TBB's warning: results are the same for any count.
  tbb::task_arena arena(settings.threads > 0 ? std::min(settings.threads, tbb::info::default_concurrency())
                                             : tbb::task_arena::automatic);
  for (std::size_t first = 0; first < runs.size(); first += batch) {
    const std::size_t last = std::min(runs.size(), first + batch);
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(first, last), [&](const auto& range) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
          BenchmarkEvaluator evaluator(problem.space(), problem.accuracy(), problem.objective(), settings.budget);
          Rng rng(settings.seeds[i]);
          SearcherSettings searcher_settings = settings.settings;
          if (settings.warm_start) searcher_settings.initial = settings.warm_start(problem, settings.seeds[i]);
          run_searcher(*make_searcher(settings.searcher, searcher_settings), problem.space(), evaluator, rng);
          RunResult& run = runs[i];
          run.seed = settings.seeds[i];
          if (const auto best = evaluator.incumbent()) run.best = describe(problem, evaluator.trajectory()[*best].arch);
          if (problem.objectives()) {
            std::vector<Arch> archs;
            for (std::size_t k : evaluator.front()) {
              run.front.push_back(evaluator.trajectory()[k]);
              archs.push_back(evaluator.trajectory()[k].arch);
            }
            if (problem.pareto_truth()) run.quality = problem.judge_front(archs);
          }
          run.queries = evaluator.queries();
          run.seconds = evaluator.seconds();
          run.signal_optimum_query = first_signal_optimum_query(problem, evaluator.trajectory());
          if (settings.keep_trajectories) run.trajectory = std::move(evaluator).take_trajectory();
        }
      });
    });
    for (std::size_t i = first; i < last; ++i) front_entries += runs[i].front.size();
    if (front_entries > kMaxFrontEntries) {
      throw InputError("the runs' fronts hold more than " + std::to_string(kMaxFrontEntries) +
                       " architectures in all, more than hwnas keeps in memory: ask for fewer --seeds");
    }
    if (settings.on_batch) {
      settings.on_batch(std::span<const RunResult>(runs.data() + first, last - first));
      for (std::size_t i = first; i < last; ++i) std::vector<Query>().swap(runs[i].trajectory);
    }
  }
  return runs;
}

RunSummary summarize(const SearchProblem& problem, const std::vector<RunResult>& runs) {
  RunSummary s;
  std::vector<double> test, queries;
  const auto& truth = problem.ground_truth();
  const bool has_optimum = truth && truth->optimum && truth->optimum->final_accuracy;
  for (const RunResult& run : runs) {
    queries.push_back(static_cast<double>(run.queries));
    if (!run.best || !run.best->final_accuracy) continue;
    test.push_back(*run.best->final_accuracy);
    if (has_optimum) s.regrets.push_back(*truth->optimum->final_accuracy - *run.best->final_accuracy);
  }
  std::size_t feasible = 0;
  for (const RunResult& run : runs) feasible += run.best.has_value();
  s.feasible_rate = runs.empty() ? 0 : static_cast<double>(feasible) / static_cast<double>(runs.size());
  s.mean_test_acc = mean(test);
  s.std_test_acc = stddev(test);
  if (has_optimum && !s.regrets.empty()) s.mean_regret = mean(s.regrets);
  s.mean_queries = mean(queries);
  if (const std::optional<double>& limit = problem.constraint().limit()) {
    std::vector<double> ratios;
    for (const RunResult& run : runs) {
      if (run.best && run.best->cost) ratios.push_back(*run.best->cost / *limit);
    }
    if (!ratios.empty()) s.mean_cost_over_limit = mean(ratios);
  }
  if (truth && truth->signal_optimum && !problem.objectives() && !runs.empty()) {
    std::vector<double> reached;
    for (const RunResult& run : runs) {
      if (run.signal_optimum_query) reached.push_back(static_cast<double>(*run.signal_optimum_query));
    }
    s.signal_optimum_rate = static_cast<double>(reached.size()) / static_cast<double>(runs.size());
    if (!reached.empty()) s.mean_signal_optimum_query = mean(reached);
  }
  return s;
}

std::pair<double, double> quality_mean_std(const std::vector<RunResult>& runs, double FrontQuality::*measure) {
  std::vector<double> values;
  for (const RunResult& run : runs) {
    if (run.quality) values.push_back((*run.quality).*measure);
  }
  return {mean(values), stddev(values)};
}

}  // namespace hwnas
