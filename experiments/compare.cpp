#include "experiments/compare.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/progress.hpp"
#include "core/stats.hpp"
#include "experiments/format.hpp"
#include "experiments/options.hpp"
#include "experiments/plot.hpp"

namespace hwnas {
namespace {

std::vector<double> present_costs(const SearchSpace& space, const CostModel& cost, const CostKey& key) {
  const auto n = space.cardinality();
  if (!n) throw InputError("--limits auto needs an enumerable space; give explicit limits such as pixel3:10");
  std::vector<double> values;
  for (std::uint64_t i = 0; i < *n; ++i) {
    if (const auto c = cost.cost(space.at(i), key)) values.push_back(*c);
  }
  return values;
}

}  // namespace

std::string LimitSpec::label() const {
  if (quantile) return std::string(key.device()) + "@q" + std::to_string(static_cast<int>(*quantile * 100));
  return std::string(key.device()) + "<=" + fixed(limit, 3);
}

std::vector<LimitSpec> parse_limits(const std::string& limits, const std::string& devices, const std::string& metric,
                                    const SearchSpace& space, const CostModel& cost) {
  if (!metric_info(metric).is_cost) throw InputError(metric + " is not a cost to limit (use latency or energy)");
  std::vector<CostKey> chosen;
  if (devices == "all") {
    // Every device with the metric for every architecture (a sample table is named explicitly, and refused with the reason).
    for (const CostKey& key : cost.keys()) {
      if (key.metric() == metric && cost.covers_space(key)) chosen.push_back(key);
    }
  } else {
    for (const std::string& name : split_list(devices)) {
      const CostKey key = CostKey::of(name, metric);
      if (!cost.has(key)) throw InputError("no " + key.name() + " data for " + space.name());
      chosen.push_back(key);
    }
  }
  if (chosen.empty()) throw InputError("no device has " + metric + " data");
  std::vector<LimitSpec> specs;
  if (limits == "auto") {
    for (const CostKey& key : chosen) {
      const auto values = present_costs(space, cost, key);
      for (double q : {0.25, 0.5, 0.75}) specs.push_back({key, quantile(values, q), q});
    }
    return specs;
  }
  for (const std::string& item : split_list(limits)) {
    const std::size_t colon = item.find(':');
    if (colon == std::string::npos) throw InputError("limit '" + item + "' must look like edgegpu:4.0");
    const CostKey key = CostKey::of(item.substr(0, colon), metric);
    if (std::find(chosen.begin(), chosen.end(), key) == chosen.end()) {
      throw InputError("limit '" + item + "' names a device not in --devices");
    }
    const double limit = parse_real(item.substr(colon + 1), kLimitRange, "--limits: the limit of " + item);
    for (const LimitSpec& before : specs) {
      if (before.key == key && before.limit == limit) throw InputError("--limits: " + item + " is the same limit as one before it");
    }
    specs.push_back({key, limit, std::nullopt});
  }
  if (specs.empty()) throw InputError("--limits lists no limit (give auto, or device:limit pairs)");
  return specs;
}

std::vector<double> anytime_values(const RunResult& run, const SearchProblem& problem, const Budget& budget,
                                   std::size_t points) {
  const AnytimeGrid grid(budget, points);
  std::vector<double> values;
  // A cursor through the trajectory that only moves forward as the budget grows.
  std::size_t cursor = 0;
  const Query* incumbent = nullptr;
  const auto& t = run.trajectory;
  for (std::size_t p = 1; p <= points; ++p) {
    while (cursor < t.size() && grid.spent(t[cursor]) <= grid.at(p)) {
      const Query& q = t[cursor++];
      if (replaces_incumbent(q.eval, incumbent ? &incumbent->eval : nullptr)) incumbent = &q;
    }
    const auto test = incumbent ? problem.accuracy().final_accuracy(incumbent->arch) : std::nullopt;
    values.push_back(test ? *test : std::nan(""));
  }
  return values;
}

std::vector<AnytimePoint> anytime_curve(const std::vector<std::vector<double>>& per_run, const Budget& budget,
                                        std::size_t points) {
  const AnytimeGrid grid(budget, points);
  std::vector<AnytimePoint> curve;
  for (std::size_t p = 0; p < points; ++p) {
    std::vector<double> values;
    for (const auto& run : per_run) {
      if (!std::isnan(run[p])) values.push_back(run[p]);
    }
    curve.push_back({grid.at(p + 1), values.empty() ? 0.0 : mean(values),
                     stddev(values), values.size()});
  }
  return curve;
}

std::vector<CompareResult> run_comparison(const ProblemSpec& base, std::shared_ptr<const Benchmark> bench,
                                          const std::vector<std::string>& searchers,
                                          const std::vector<LimitSpec>& limits, const RunSettings& settings) {
  for (const std::string& s : searchers) make_searcher(s, settings.settings);  // bad names fail before any work
  std::vector<CompareResult> results;
  Progress progress("compare", limits.size() * searchers.size());
  for (const LimitSpec& limit : limits) {
    ProblemSpec spec = base;
    spec.device = std::string(limit.key.device());
    spec.metric = std::string(limit.key.metric());
    spec.limit = limit.limit;
    const auto problem = std::make_unique<SearchProblem>(spec, bench);
    for (const std::string& searcher : searchers) {
      RunSettings run = settings;
      run.searcher = searcher;
      // Each run's anytime values are taken from its trajectory as its batch ends; the trajectory is then freed.
      std::vector<std::vector<double>> per_run;
      run.keep_trajectories = true;
      run.on_batch = [&](std::span<const RunResult> batch) {
        for (const RunResult& one : batch) per_run.push_back(anytime_values(one, *problem, settings.budget, kAnytimePoints));
      };
      CompareResult r{searcher, limit, std::nullopt, run_seeds(*problem, run), {}, {}};
      r.summary = summarize(*problem, r.runs);
      if (const auto& truth = problem->ground_truth(); truth && truth->optimum) r.optimum_test_acc = truth->optimum->final_accuracy;
      r.anytime = anytime_curve(per_run, settings.budget, kAnytimePoints);
      results.push_back(std::move(r));
      progress.update(results.size(), limit.label() + " " + searcher);
    }
  }
  return results;
}

namespace {

std::string constraint_columns(const LimitSpec& l) {
  return std::string(l.key.device()) + "," + std::string(l.key.metric()) + "," + exact(l.limit) +
         "," + (l.quantile ? exact(*l.quantile) : "") + "," + l.label();
}

std::string opt(const std::optional<double>& v) { return v ? exact(*v) : ""; }

}  // namespace

void write_comparison(const std::filesystem::path& dir, const SearchSpace& space, const std::vector<CompareResult>& results,
                      const Budget& budget) {
  AtomicFile summary_file(dir / "summary.csv"), runs_file(dir / "runs.csv"), anytime_file(dir / "anytime.csv"),
      regret_file(dir / "regret.csv");
  std::ostream &summary = summary_file.stream(), &runs = runs_file.stream(), &anytime = anytime_file.stream(),
               &regret = regret_file.stream();
  const std::string head = "searcher,device,metric,limit,quantile,constraint";
  summary << head << ",seeds,mean_test_acc,std_test_acc,mean_regret,std_regret,feasible_rate,mean_queries,optimum_test_acc\n";
  runs << head << ",seed,index,arch,valid_acc,test_acc,cost,regret,queries,seconds\n";
  anytime << head << ",budget,mean_test_acc,std_test_acc,runs\n";
  std::vector<std::string> searchers, constraints;
  for (const CompareResult& r : results) {
    if (std::find(searchers.begin(), searchers.end(), r.searcher) == searchers.end()) searchers.push_back(r.searcher);
    if (std::find(constraints.begin(), constraints.end(), r.limit.label()) == constraints.end()) constraints.push_back(r.limit.label());
    const std::string c = r.searcher + "," + constraint_columns(r.limit);
    summary << c << ',' << r.runs.size() << ',' << exact_or_empty(r.summary.mean_test_acc) << ',' << exact(r.summary.std_test_acc)
            << ',' << opt(r.summary.mean_regret) << ',' << exact(stddev(r.summary.regrets)) << ',' << exact(r.summary.feasible_rate)
            << ',' << exact(r.summary.mean_queries) << ',' << opt(r.optimum_test_acc) << '\n';
    for (const RunResult& run : r.runs) {
      runs << c << ',' << run.seed << ',';
      if (run.best) {
        runs << (run.best->index ? std::to_string(*run.best->index) : "") << ",\"" << space.to_string(run.best->arch)
             << "\"," << exact(run.best->signal) << ',' << opt(run.best->final_accuracy) << ',' << opt(run.best->cost) << ','
             << (run.best->final_accuracy && r.optimum_test_acc ? exact(*r.optimum_test_acc - *run.best->final_accuracy) : "");
      } else {
        runs << ",,,,,";
      }
      runs << ',' << run.queries << ',' << exact(run.seconds) << '\n';
    }
    for (const AnytimePoint& p : r.anytime) {
      anytime << c << ',' << exact(p.budget) << ',' << exact(p.mean) << ',' << exact(p.std) << ',' << p.runs << '\n';
    }
  }
  // regret.csv: the bar chart's data, one row per constraint, mean and std per searcher.
  regret << "constraint";
  for (const auto& s : searchers) regret << ',' << s << "_mean_regret," << s << "_std_regret";
  regret << '\n';
  for (const auto& label : constraints) {
    regret << label;
    for (const auto& s : searchers) {
      for (const CompareResult& r : results) {
        if (r.searcher == s && r.limit.label() == label) regret << ',' << opt(r.summary.mean_regret) << ',' << exact(stddev(r.summary.regrets));
      }
    }
    regret << '\n';
  }
  // The plots read the CSVs: they are complete before gnuplot starts.
  for (AtomicFile* f : {&summary_file, &runs_file, &anytime_file, &regret_file}) f->commit();

  // Anytime curves: one panel per constraint (rows: devices), one line per searcher with a band of one std.
  std::vector<std::string> devices;
  std::map<std::string, std::size_t> per_device;
  for (const auto& label : constraints) {
    const std::string d = label.substr(0, label.find_first_of("@<"));
    if (per_device[d]++ == 0) devices.push_back(d);
  }
  std::size_t columns = 0;
  for (const auto& [d, n] : per_device) columns = std::max(columns, n);
  const std::string x_label = budget.seconds ? "simulated training seconds" : "queries";
  // A point is drawn once at least half of the runs have a feasible incumbent: before that the mean is of a few runs.
  const std::size_t min_runs = (results.empty() ? 0 : results.front().runs.size() + 1) / 2;
  std::ostringstream gp;
  gp << "set multiplot layout " << devices.size() << "," << columns << " title 'Best-so-far test accuracy of the incumbent (mean +- 1 std over seeds)'\n"
     << "set key bottom right\nset grid\nset xlabel '" << x_label << "'\nset ylabel 'test accuracy (%)'\n"
     << "set style fill transparent solid 0.2 noborder\nset yrange [*:100]\n";
  for (const auto& d : devices) {
    std::size_t drawn = 0;
    for (const auto& label : constraints) {
      if (label.substr(0, label.find_first_of("@<")) != d) continue;
      ++drawn;
      gp << "set title " << gnuplot_quote(label) << "\n";
      // A panel where no searcher has a point (no run found a feasible network in time) is drawn
      // empty with a note: gnuplot refuses a plot whose every point is undefined.
      const bool any_point = std::any_of(results.begin(), results.end(), [&](const CompareResult& r) {
        return r.limit.label() == label && std::any_of(r.anytime.begin(), r.anytime.end(), [&](const AnytimePoint& p) {
                 return p.runs >= std::max<std::size_t>(min_runs, 1);
               });
      });
      if (!any_point) {
        gp << empty_panel("no run found a feasible network") << "set yrange [*:100]\n";
        continue;
      }
      gp << "plot ";
      for (std::size_t s = 0; s < searchers.size(); ++s) {
        const std::string sel = "(strcol(1) eq '" + searchers[s] + "' && strcol(6) eq '" + label + "' && $10 >= " +
                                std::to_string(std::max<std::size_t>(min_runs, 1));
        gp << (s ? ", " : "") << mean_band_plot("anytime.csv", 7, 8, 9, sel, s, searchers[s]);
      }
      gp << "\n";
    }
    for (; drawn < columns; ++drawn) gp << "set multiplot next\n";
  }
  render_plot(dir, "anytime", gp.str(), 420 * static_cast<int>(columns), 300 * static_cast<int>(devices.size()));

  std::ostringstream bars;
  bars << "set title 'Mean regret to the constrained optimum (error bars: 1 std over seeds)'\n"
       << "set style data histograms\nset style histogram errorbars gap 2 lw 1\nset style fill solid 0.8 border -1\n"
       << "set ylabel 'regret (test accuracy points)'\nset grid ytics\nset xtics rotate by -45\nset key top left\n"
       << "set yrange [0:*]\n";
  const bool any_regret = std::any_of(results.begin(), results.end(), [](const CompareResult& r) { return r.summary.mean_regret.has_value(); });
  if (any_regret) {
    bars << "plot ";
    for (std::size_t s = 0; s < searchers.size(); ++s) {
      bars << (s ? ", " : "") << "'regret.csv' skip 1 using " << 2 + 2 * s << ":" << 3 + 2 * s
           << (s ? "" : ":xtic(1)") << " title '" << searchers[s] << "' lc rgb '" << series_color(s) << "'";
    }
  } else {
    bars << empty_panel("no run found a feasible network: no regret to show");
  }
  render_plot(dir, "regret", bars.str(), std::max<int>(800, 22 * static_cast<int>(constraints.size() * (searchers.size() + 1))), 500);
}

std::string format_comparison(const std::vector<CompareResult>& results) {
  TextTable table({"searcher", "constraint", "limit", "seeds", "test acc", "std", "regret", "feasible", "queries", "optimum"});
  for (const CompareResult& r : results) {
    table.add({r.searcher, r.limit.label(), fixed(r.limit.limit, 3), std::to_string(r.runs.size()),
               std::isnan(r.summary.mean_test_acc) ? "-" : fixed(r.summary.mean_test_acc, 2), fixed(r.summary.std_test_acc, 2), fixed_or(r.summary.mean_regret, 3),
               fixed(100 * r.summary.feasible_rate, 0) + "%", fixed(r.summary.mean_queries, 1),
               fixed_or(r.optimum_test_acc, 2)});
  }
  return table.str();
}

}  // namespace hwnas
