#include "report/search_report.hpp"

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
#include "report/json_writer.hpp"

namespace hwnas {

namespace {

// `costs`: the keys of the "costs" member (SearchProblem::reported_cost_keys), or none to leave it out.
void write_candidate(JsonWriter& w, const SearchProblem& problem, const std::optional<Candidate>& c,
                     const std::vector<CostKey>* costs) {
  if (!c) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("index");
  if (c->index) {
    w.value(*c->index);
  } else {
    w.null();
  }
  w.key("arch").value(problem.space().to_string(c->arch));
  w.key("valid_acc").value(c->signal);
  w.key("test_acc").value(c->final_accuracy);
  w.key("cost").value(c->cost);
  if (costs) {
    w.key("costs").begin_object();
    for (const CostKey& key : *costs) w.key(key.name()).value(problem.cost().cost(c->arch, key));
    w.end_object();
  }
  w.end_object();
}

// {"name": value, ...} of a Pareto search's objectives.
void write_objectives(JsonWriter& w, const ObjectiveSet& objectives, std::span<const double> values) {
  w.begin_object();
  for (std::size_t j = 0; j < objectives.size(); ++j) w.key(objectives.names()[j]).value(values[j]);
  w.end_object();
}

// The quality measures of a front, as result.json names them.
constexpr std::pair<const char*, double FrontQuality::*> kFrontMeasures[] = {
    {"hv", &FrontQuality::hv}, {"hv_fraction", &FrontQuality::hv_fraction},
    {"hv_regret", &FrontQuality::hv_regret}, {"igd", &FrontQuality::igd}};

void write_members(JsonWriter& w, const nlohmann::ordered_json& object) {
  for (const auto& [name, value] : object.items()) w.key(name).embed(value);
}

}  // namespace

std::string result_json(const SearchProblem& problem, const RunSettings& settings, const std::vector<RunResult>& runs,
                        const ResultExtras& extras) {
  std::ostringstream out;
  write_result_json(out, problem, settings, runs, extras);
  return out.str();
}

void write_result_json(std::ostream& out, const SearchProblem& problem, const RunSettings& settings,
                       const std::vector<RunResult>& runs, const ResultExtras& extras) {
  const ProblemSpec& spec = problem.spec();
  const auto& o = problem.constraint();
  // Built in a buffer that is handed to `out` whenever it passes this size: memory does not grow with the runs.
  constexpr std::size_t kFlushAt = std::size_t{1} << 20;
  std::string text;
  text.reserve(kFlushAt + 64 * 1024);
  const std::vector<CostKey> cost_keys = problem.reported_cost_keys();
  JsonWriter w(text);
  w.begin_object();
  w.key("searcher").value(settings.searcher);
  w.key("warm_start");
  if (settings.warm_start) {
    w.value(settings.warm_start_description);
  } else {
    w.null();
  }
  w.key("space").value(spec.space);
  w.key("dataset").value(spec.dataset);
  w.key("cost_dataset").value(problem.cost_dataset());
  w.key("device");
  if (spec.device) {
    w.value(*spec.device);
  } else {
    w.null();
  }
  w.key("metric").value(spec.metric);
  w.key("limit").value(o.limit());
  w.key("objective").value(o.constrained() ? (o.mode() == CostConstrainedObjective::Mode::hard ? "hard" : "soft") : "none");
  w.key("signal").value(problem.accuracy().signal_name());
  w.key("final").value(problem.accuracy().final_name());
  w.key("budget").begin_object().key("queries");
  if (settings.budget.queries) {
    w.value(static_cast<std::uint64_t>(*settings.budget.queries));
  } else {
    w.null();
  }
  w.key("seconds").value(settings.budget.seconds).end_object();
  w.key("seeds").begin_array();
  for (const std::uint64_t seed : settings.seeds) w.value(seed);
  w.end_array();
  w.key("runs").begin_array();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunResult& run = runs[i];
    w.begin_object();
    w.key("seed").value(run.seed);
    w.key("best");
    write_candidate(w, problem, run.best, &cost_keys);
    w.key("queries").value(static_cast<std::uint64_t>(run.queries));
    w.key("seconds").value(run.seconds);
    if (!problem.objectives()) {
      w.key("signal_optimum_query");
      if (run.signal_optimum_query) {
        w.value(static_cast<std::uint64_t>(*run.signal_optimum_query));
      } else {
        w.null();
      }
    }
    if (const ObjectiveSet* objectives = problem.objectives()) {
      w.key("front").begin_array();
      for (const Query& q : run.front) {
        w.begin_object();
        w.key("arch").value(problem.space().to_string(q.arch));
        w.key("index");
        if (const auto index = problem.index_of(q.arch)) {
          w.value(*index);
        } else {
          w.null();
        }
        w.key("objectives");
        write_objectives(w, *objectives, {q.eval.objectives.begin(), q.eval.objectives.end()});
        const auto final_accuracy = problem.accuracy().final_accuracy(q.arch);
        w.key("final_error").value(final_accuracy ? std::optional<double>(100.0 - *final_accuracy) : std::nullopt);
        w.end_object();
      }
      w.end_array();
      for (const auto& [name, measure] : kFrontMeasures) {
        w.key(name).value(run.quality ? std::optional<double>((*run.quality).*measure) : std::nullopt);
      }
    }
    if (i < extras.run_members.size()) write_members(w, extras.run_members[i]);
    w.end_object();
    if (text.size() >= kFlushAt) {  // the writer only appends: what it wrote can go
      out << text;
      text.clear();
    }
  }
  w.end_array();
  const auto& truth = problem.ground_truth();
  w.key("optimum");
  write_candidate(w, problem, truth ? truth->optimum : std::nullopt, nullptr);
  w.key("signal_optimum");
  write_candidate(w, problem, truth ? truth->signal_optimum : std::nullopt, nullptr);
  const RunSummary s = summarize(problem, runs);
  w.key("mean_test_acc").value(s.mean_test_acc);
  w.key("std_test_acc").value(s.std_test_acc);
  w.key("mean_regret").value(s.mean_regret);
  w.key("feasible_rate").value(s.feasible_rate);
  if (!problem.objectives()) {
    w.key("mean_signal_optimum_query").value(s.mean_signal_optimum_query);
    w.key("signal_optimum_rate").value(s.signal_optimum_rate);
  }
  if (const ObjectiveSet* objectives = problem.objectives()) {
    w.key("objectives").begin_array();
    for (const std::string& name : objectives->names()) w.value(name);
    w.end_array();
    w.key("true_front");
    if (const auto& truth = problem.pareto_truth()) {
      w.begin_object();
      w.key("size").value(static_cast<std::uint64_t>(truth->front.size()));
      w.key("signal_front_size").value(static_cast<std::uint64_t>(truth->signal_front.size()));
      w.key("hv").value(truth->hv);
      w.key("ideal");
      write_objectives(w, *objectives, truth->ideal);
      w.key("nadir");
      write_objectives(w, *objectives, truth->nadir);
      w.end_object();
    } else {
      w.null();
    }
    for (const auto& [name, measure] : kFrontMeasures) {
      const auto [m, sd] = quality_mean_std(runs, measure);
      w.key(std::string("mean_") + name).value(m);
      w.key(std::string("std_") + name).value(sd);
    }
  }
  write_members(w, extras.top_level);
  w.end_object();
  text += '\n';
  out << text;
}

void write_front_csv(std::ostream& out, const SearchProblem& problem, const std::vector<RunResult>& runs) {
  const ObjectiveSet& objectives = *problem.objectives();
  out << "seed,index,arch";
  for (const std::string& name : objectives.names()) out << ',' << name;
  out << ",final_error\n";
  for (const RunResult& run : runs) {
    for (const Query& q : run.front) {
      const auto index = problem.index_of(q.arch);
      out << run.seed << ',' << (index ? std::to_string(*index) : "") << ",\"" << problem.space().to_string(q.arch) << '"';
      for (double v : q.eval.objectives) out << ',' << exact(v);
      const auto final_accuracy = problem.accuracy().final_accuracy(q.arch);
      out << ',' << (final_accuracy ? exact(100.0 - *final_accuracy) : "") << '\n';
    }
  }
}

void write_trajectory_csv(std::ostream& out, const SearchProblem& problem, const std::vector<RunResult>& runs) {
  write_trajectory_header(out);
  write_trajectory_rows(out, problem, runs);
}

void write_trajectory_header(std::ostream& out) {
  out << "seed,query,index,arch,valid_acc,test_acc,cost,feasible,score,seconds,best_valid_acc,best_test_acc\n";
}

void write_trajectory_rows(std::ostream& out, const SearchProblem& problem, std::span<const RunResult> runs) {
  const bool enumerable = problem.space().cardinality().has_value();
  for (const RunResult& run : runs) {
    const Query* best = nullptr;
    std::optional<double> best_valid, best_test;
    for (const Query& q : run.trajectory) {
      const auto test = problem.accuracy().final_accuracy(q.arch);
      if (replaces_incumbent(q.eval, best ? &best->eval : nullptr)) {
        best = &q;
        best_valid = q.eval.signal;
        best_test = test;
      }
      out << run.seed << ',' << q.queries << ',' << (enumerable ? std::to_string(problem.space().index(q.arch)) : "")
          << ",\"" << problem.space().to_string(q.arch) << "\"," << exact_or_empty(q.eval.signal) << ','
          << (test ? exact(*test) : "") << ',' << (q.eval.cost ? exact(*q.eval.cost) : "") << ','
          << (q.eval.feasible ? 1 : 0) << ',' << exact_or_empty(q.eval.score) << ',' << exact(q.seconds) << ','
          << (best_valid ? exact(*best_valid) : "") << ',' << (best_test ? exact(*best_test) : "") << '\n';
    }
  }
}

namespace {

void write_pareto_summary(std::ostream& s, const SearchProblem& problem, const RunSettings& settings,
                          const std::vector<RunResult>& runs) {
  const ObjectiveSet& objectives = *problem.objectives();
  s << settings.searcher << " on " << problem.spec().space << "/" << problem.spec().dataset << ", Pareto front of ";
  for (std::size_t j = 0; j < objectives.size(); ++j) s << (j ? ", " : "") << objectives.names()[j];
  if (problem.constraint().constrained()) s << " with " << problem.constraint().describe();
  s << " (all minimised)\nsearch signal " << problem.accuracy().signal_name() << ", judged by "
    << problem.accuracy().final_name() << ", " << runs.size() << " seeds\n\n";
  write_table(s, {"seed", "queries", "front", "hv", "hv fraction", "igd"}, runs.size(), [&](std::size_t i) {
    const RunResult& run = runs[i];
    const auto& q = run.quality;
    return std::vector<std::string>{std::to_string(run.seed), std::to_string(run.queries), std::to_string(run.front.size()),
                                    q ? fixed(q->hv, 4) : "-", q ? fixed(q->hv_fraction, 4) : "-", q ? fixed(q->igd, 4) : "-"};
  });
  s << "\n";
  if (const auto& truth = problem.pareto_truth()) {
    const auto [hv, hv_sd] = quality_mean_std(runs, &FrontQuality::hv_fraction);
    const auto [igd, igd_sd] = quality_mean_std(runs, &FrontQuality::igd);
    s << "true front: " << truth->front.size() << " architectures (" << truth->signal_front.size()
      << " on the search signal), hv " << fixed(truth->hv, 4) << " (objectives scaled to its ideal 0 and nadir 1)\n"
      << "mean hv fraction " << fixed(hv, 4) << " +- " << fixed(hv_sd, 4) << ", mean igd " << fixed(igd, 4) << " +- "
      << fixed(igd_sd, 4) << "\n";
  }
}

}  // namespace

std::string format_search_summary(const SearchProblem& problem, const RunSettings& settings,
                                   const std::vector<RunResult>& runs) {
  std::ostringstream s;
  write_search_summary(s, problem, settings, runs);
  return s.str();
}

void write_search_summary(std::ostream& s, const SearchProblem& problem, const RunSettings& settings,
                          const std::vector<RunResult>& runs) {
  if (problem.objectives()) {
    write_pareto_summary(s, problem, settings, runs);
    return;
  }
  const auto& o = problem.constraint();
  const std::string unit = o.key() ? std::string(o.key()->unit()) : "";
  s << settings.searcher << " on " << problem.spec().space << "/" << problem.spec().dataset << ", " << o.describe();
  if (o.key()) s << " on " << o.key()->device_description();
  if (problem.cost_dataset() != problem.spec().dataset) s << " (costs measured with " << problem.cost_dataset() << " inputs)";
  s << "\nsearch signal " << problem.accuracy().signal_name() << ", judged by " << problem.accuracy().final_name()
    << ", " << runs.size() << " seeds\n";
  if (settings.warm_start) s << "warm start: " << settings.warm_start_description << "\n";
  s << "\n";
  // Every device's cost of each run's best architecture (arithmetic intensity is no cost: left out).
  std::vector<CostKey> keys;
  for (const CostKey& k : problem.reported_cost_keys()) {
    if (k.is_cost()) keys.push_back(k);
  }
  std::vector<std::string> header = {"seed", "queries", "seconds", "valid", "test", "cost"};
  for (const CostKey& k : keys) header.push_back(k.name());
  header.emplace_back("arch");
  write_table(s, header, runs.size(), [&](std::size_t i) {
    const RunResult& run = runs[i];
    std::vector<std::string> row = {std::to_string(run.seed), std::to_string(run.queries), fixed(run.seconds, 0)};
    if (!run.best) {
      row.emplace_back("no feasible architecture found");
      return row;
    }
    row.push_back(fixed(run.best->signal, 2));
    row.push_back(fixed_or(run.best->final_accuracy, 2));
    row.push_back(fixed_or(run.best->cost, 3));
    for (const CostKey& k : keys) row.push_back(fixed_or(problem.cost().cost(run.best->arch, k), 3));
    row.push_back(problem.space().to_string(run.best->arch));
    return row;
  });
  const RunSummary sum = summarize(problem, runs);
  s << "\n";
  if (std::isnan(sum.mean_test_acc)) {
    s << "no final accuracy known (" << problem.accuracy().final_name() << ")";
  } else {
    s << "mean test accuracy " << fixed(sum.mean_test_acc, 2) << " +- " << fixed(sum.std_test_acc, 2);
  }
  s << ", feasible in " << fixed(100 * sum.feasible_rate, 0) << "% of runs, " << fixed(sum.mean_queries, 1)
    << " queries per run\n";
  if (const auto& truth = problem.ground_truth(); truth && truth->optimum) {
    s << "constrained optimum: index " << *truth->optimum->index << ", test " << fixed_or(truth->optimum->final_accuracy, 2)
      << ", cost " << fixed_or(truth->optimum->cost, 3) << " " << unit << " (" << truth->feasible_count
      << " feasible architectures)\n";
    if (truth->signal_optimum) {
      s << "signal optimum:      index " << *truth->signal_optimum->index << ", valid "
        << fixed(truth->signal_optimum->signal, 2) << ", test " << fixed_or(truth->signal_optimum->final_accuracy, 2) << "\n";
    }
    if (sum.mean_regret) s << "mean regret " << fixed(*sum.mean_regret, 3) << " (optimum test accuracy - found)\n";
    if (sum.signal_optimum_rate) {
      s << "signal optimum first queried in " << fixed(100 * *sum.signal_optimum_rate, 0) << "% of runs";
      if (sum.mean_signal_optimum_query) s << ", after " << fixed(*sum.mean_signal_optimum_query, 1) << " queries on average";
      s << "\n";
    }
  }
}

}  // namespace hwnas
