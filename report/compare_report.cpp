#include "report/compare_report.hpp"

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
#include "core/format.hpp"
#include "report/plot.hpp"

namespace hwnas {

namespace {

std::string constraint_columns(const LimitSpec& l) {
  return std::string(l.key.device()) + "," + std::string(l.key.metric()) + "," + exact(l.limit) +
         "," + (l.quantile ? exact(*l.quantile) : "") + "," + l.label();
}

std::string opt(const std::optional<double>& v) { return v ? exact(*v) : ""; }

}  // namespace

void write_comparison(OutputDir& dir, const SearchSpace& space, const std::vector<CompareResult>& results,
                      const Budget& budget) {
  AtomicFile summary_file(dir.output("summary.csv")), runs_file(dir.output("runs.csv")),
      anytime_file(dir.output("anytime.csv")), regret_file(dir.output("regret.csv"));
  std::ostream &summary = summary_file.stream(), &runs = runs_file.stream(), &anytime = anytime_file.stream(),
               &regret = regret_file.stream();
  const std::string head = "searcher,device,metric,limit,quantile,constraint";
  summary << head << ",seeds,mean_test_acc,std_test_acc,mean_regret,std_regret,feasible_rate,mean_queries,optimum_test_acc,"
             "mean_signal_optimum_query,signal_optimum_rate,mean_cost_over_limit\n";
  runs << head << ",seed,index,arch,valid_acc,test_acc,cost,regret,queries,seconds,signal_optimum_query\n";
  anytime << head << ",budget,mean_test_acc,std_test_acc,runs,mean_regret\n";
  std::vector<std::string> searchers, constraints;
  for (const CompareResult& r : results) {
    if (std::find(searchers.begin(), searchers.end(), r.searcher) == searchers.end()) searchers.push_back(r.searcher);
    if (std::find(constraints.begin(), constraints.end(), r.limit.label()) == constraints.end()) constraints.push_back(r.limit.label());
    const std::string c = r.searcher + "," + constraint_columns(r.limit);
    summary << c << ',' << r.runs.size() << ',' << exact_or_empty(r.summary.mean_test_acc) << ',' << exact(r.summary.std_test_acc)
            << ',' << opt(r.summary.mean_regret) << ',' << exact(stddev(r.summary.regrets)) << ',' << exact(r.summary.feasible_rate)
            << ',' << exact(r.summary.mean_queries) << ',' << opt(r.optimum_test_acc) << ','
            << opt(r.summary.mean_signal_optimum_query) << ',' << opt(r.summary.signal_optimum_rate) << ','
            << opt(r.summary.mean_cost_over_limit) << '\n';
    for (const RunResult& run : r.runs) {
      runs << c << ',' << run.seed << ',';
      if (run.best) {
        runs << (run.best->index ? std::to_string(*run.best->index) : "") << ",\"" << space.to_string(run.best->arch)
             << "\"," << exact(run.best->signal) << ',' << opt(run.best->final_accuracy) << ',' << opt(run.best->cost) << ','
             << (run.best->final_accuracy && r.optimum_test_acc ? exact(*r.optimum_test_acc - *run.best->final_accuracy) : "");
      } else {
        runs << ",,,,,";
      }
      runs << ',' << run.queries << ',' << exact(run.seconds) << ','
           << (run.signal_optimum_query ? std::to_string(*run.signal_optimum_query) : "") << '\n';
    }
    for (const AnytimePoint& p : r.anytime) {
      // The anytime regret: the optimum's test accuracy less the runs' mean incumbent's.
      const bool has_regret = r.optimum_test_acc && p.runs > 0;
      anytime << c << ',' << exact(p.budget) << ',' << exact(p.mean) << ',' << exact(p.std) << ',' << p.runs << ','
              << (has_regret ? exact(*r.optimum_test_acc - p.mean) : "") << '\n';
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

namespace {

// "312.4 (85%)": mean queries to the signal optimum over the runs that reached it, and their share.
std::string to_signal_optimum(const RunSummary& s) {
  if (!s.signal_optimum_rate) return "-";
  return fixed_or(s.mean_signal_optimum_query, 1) + " (" + fixed(100 * *s.signal_optimum_rate, 0) + "%)";
}

}  // namespace

std::string format_comparison(const std::vector<CompareResult>& results) {
  TextTable table({"searcher", "constraint", "limit", "seeds", "test acc", "std", "regret", "feasible", "cost/limit", "queries",
                   "optimum", "to signal optimum"});
  for (const CompareResult& r : results) {
    table.add({r.searcher, r.limit.label(), fixed(r.limit.limit, 3), std::to_string(r.runs.size()),
               std::isnan(r.summary.mean_test_acc) ? "-" : fixed(r.summary.mean_test_acc, 2), fixed(r.summary.std_test_acc, 2), fixed_or(r.summary.mean_regret, 3),
               fixed(100 * r.summary.feasible_rate, 0) + "%", fixed_or(r.summary.mean_cost_over_limit, 3), fixed(r.summary.mean_queries, 1),
               fixed_or(r.optimum_test_acc, 2), to_signal_optimum(r.summary)});
  }
  return table.str();
}

}  // namespace hwnas
