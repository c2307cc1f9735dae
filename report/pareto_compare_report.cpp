#include "report/pareto_compare_report.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <sstream>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/progress.hpp"
#include "core/stats.hpp"
#include "study/compare.hpp"
#include "core/format.hpp"
#include "report/plot.hpp"

namespace hwnas {
namespace {

// The run whose hypervolume fraction is the median of its searcher's runs.
const RunResult& median_run(const std::vector<RunResult>& runs) {
  std::vector<std::size_t> order(runs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return runs[a].quality->hv_fraction < runs[b].quality->hv_fraction; });
  return runs[order[order.size() / 2]];
}

}  // namespace

void write_pareto_comparison(OutputDir& dir, const SearchProblem& problem,
                             const std::vector<ParetoCompareResult>& results, const Budget& budget) {
  AtomicFile summary_file(dir.output("summary.csv")), runs_file(dir.output("runs.csv")),
      anytime_file(dir.output("anytime.csv"));
  std::ostream &summary = summary_file.stream(), &runs = runs_file.stream(), &anytime = anytime_file.stream();
  summary << "searcher,seeds,mean_front_size,mean_hv,std_hv,mean_hv_fraction,std_hv_fraction,mean_hv_regret,mean_igd,"
             "std_igd,true_front_size,true_hv\n";
  runs << "searcher,seed,queries,front_size,hv,hv_fraction,hv_regret,igd\n";
  anytime << "searcher,budget,mean_hv_fraction,std_hv_fraction\n";
  const ParetoTruth& truth = *problem.pareto_truth();
  for (const ParetoCompareResult& r : results) {
    std::vector<double> sizes;
    for (const RunResult& run : r.runs) {
      sizes.push_back(static_cast<double>(run.front.size()));
      const FrontQuality& q = *run.quality;
      runs << r.searcher << ',' << run.seed << ',' << run.queries << ',' << run.front.size() << ',' << exact(q.hv) << ','
           << exact(q.hv_fraction) << ',' << exact(q.hv_regret) << ',' << exact(q.igd) << '\n';
    }
    const auto [hv, hv_sd] = quality_mean_std(r.runs, &FrontQuality::hv);
    const auto [fraction, fraction_sd] = quality_mean_std(r.runs, &FrontQuality::hv_fraction);
    const auto [regret, regret_sd] = quality_mean_std(r.runs, &FrontQuality::hv_regret);
    const auto [igd, igd_sd] = quality_mean_std(r.runs, &FrontQuality::igd);
    summary << r.searcher << ',' << r.runs.size() << ',' << exact(mean(sizes)) << ',' << exact(hv) << ','
            << exact(hv_sd) << ',' << exact(fraction) << ',' << exact(fraction_sd) << ',' << exact(regret) << ','
            << exact(igd) << ',' << exact(igd_sd) << ',' << truth.front.size() << ',' << exact(truth.hv) << '\n';
    for (const ParetoAnytimePoint& p : r.anytime) {
      anytime << r.searcher << ',' << exact(p.budget) << ',' << exact(p.mean_hv_fraction) << ','
              << exact(p.std_hv_fraction) << '\n';
    }
  }
  for (AtomicFile* f : {&summary_file, &runs_file, &anytime_file}) f->commit();

  std::ostringstream gp;
  gp << "set title 'Hypervolume of the archive as a fraction of the true front''s (mean +- 1 std over seeds)'\n"
     << "set key bottom right\nset grid\nset xlabel '" << (budget.seconds ? "simulated training seconds" : "queries")
     << "'\nset ylabel 'hypervolume fraction'\nset style fill transparent solid 0.2 noborder\nplot ";
  for (std::size_t s = 0; s < results.size(); ++s) {
    const std::string sel = "(strcol(1) eq '" + results[s].searcher + "'";
    gp << (s ? ", " : "") << mean_band_plot("anytime.csv", 2, 3, 4, sel, s, results[s].searcher);
  }
  render_plot(dir, "anytime_hv", gp.str(), 800, 500);

  const ObjectiveSet& objectives = *problem.objectives();
  if (objectives.size() != 2) return;
  // Two objectives: each searcher's median run against the true front, in the objectives' own units.
  AtomicFile fronts_file(dir.output("fronts.csv"));
  std::ostream& fronts = fronts_file.stream();
  fronts << "searcher,seed," << objectives.names()[0] << ',' << objectives.names()[1] << '\n';
  std::vector<ObjectivePoint> true_points;
  for (const Arch& a : truth.front) true_points.push_back(problem.final_objectives(a));
  std::sort(true_points.begin(), true_points.end());  // by the first objective: the line runs along the front
  for (const ObjectivePoint& v : true_points) fronts << "true,," << exact(v[0]) << ',' << exact(v[1]) << '\n';
  for (const ParetoCompareResult& r : results) {
    const RunResult& run = median_run(r.runs);
    for (const Query& q : run.front) {
      const ObjectivePoint v = problem.final_objectives(q.arch);
      fronts << r.searcher << ',' << run.seed << ',' << exact(v[0]) << ',' << exact(v[1]) << '\n';
    }
  }
  fronts_file.commit();
  std::ostringstream fp;
  fp << "set title 'Fronts of each searcher''s median run (by hypervolume) against the true front, final objectives'\n"
     << "set key top right\nset grid\nset xlabel " << gnuplot_quote(objectives.names()[0]) << "\nset ylabel "
     << gnuplot_quote(objectives.names()[1]) << "\nplot 'fronts.csv' skip 1 using 3:(strcol(1) eq 'true' ? $4 : NaN) "
     << "with linespoints lc rgb 'black' pt 7 ps 0.5 title 'true front'";
  for (std::size_t s = 0; s < results.size(); ++s) {
    fp << ", 'fronts.csv' skip 1 using 3:(strcol(1) eq '" << results[s].searcher << "' ? $4 : NaN) with points pt "
       << 4 + 2 * s << " ps 1.2 lc rgb '" << series_color(s) << "' title '" << results[s].searcher << "'";
  }
  render_plot(dir, "fronts", fp.str(), 800, 600);
}

std::string format_pareto_comparison(const SearchProblem& problem, const std::vector<ParetoCompareResult>& results) {
  TextTable table({"searcher", "seeds", "front", "hv fraction", "std", "igd", "std"});
  for (const ParetoCompareResult& r : results) {
    std::vector<double> sizes;
    for (const RunResult& run : r.runs) sizes.push_back(static_cast<double>(run.front.size()));
    const auto [fraction, fraction_sd] = quality_mean_std(r.runs, &FrontQuality::hv_fraction);
    const auto [igd, igd_sd] = quality_mean_std(r.runs, &FrontQuality::igd);
    table.add({r.searcher, std::to_string(r.runs.size()), fixed(mean(sizes), 1), fixed(fraction, 4),
               fixed(fraction_sd, 4), fixed(igd, 4), fixed(igd_sd, 4)});
  }
  std::ostringstream s;
  s << table.str() << "true front: " << problem.pareto_truth()->front.size() << " architectures, hv "
    << fixed(problem.pareto_truth()->hv, 4) << "\n";
  return s.str();
}

}  // namespace hwnas
