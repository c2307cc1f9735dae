#include "study/pareto_compare.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <sstream>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/progress.hpp"
#include "core/stats.hpp"
#include "study/compare.hpp"
#include "core/format.hpp"

namespace hwnas {
namespace {

constexpr std::size_t kHvAnytimePoints = 20;

// The run's archive after each of kHvAnytimePoints equal budget steps, judged.
std::vector<double> anytime_hv_fraction(const RunResult& run, const SearchProblem& problem, const Budget& budget) {
  const AnytimeGrid grid(budget, kHvAnytimePoints);
  const auto& t = run.trajectory;
  std::vector<double> out;
  std::size_t spent = 0;  // queries within the budget so far
  for (std::size_t p = 1; p <= kHvAnytimePoints; ++p) {
    while (spent < t.size() && grid.spent(t[spent]) <= grid.at(p)) ++spent;
    std::vector<Arch> front;
    for (std::size_t k : archive(std::span<const Query>(t.data(), spent))) front.push_back(t[k].arch);
    out.push_back(problem.judge_front(front).hv_fraction);
  }
  return out;
}

}  // namespace

std::vector<ParetoCompareResult> run_pareto_comparison(const SearchProblem& problem,
                                                       const std::vector<std::string>& searchers,
                                                       const RunSettings& settings) {
  if (!problem.pareto_truth()) throw InputError("a Pareto comparison needs the exact front: an enumerable space with accuracies");
  for (const std::string& s : searchers) {  // bad names and settings fail before any work
    RunSettings one = settings;
    one.searcher = s;
    check_searcher_settings(one);
  }
  std::vector<ParetoCompareResult> results;
  Progress progress("compare", searchers.size());
  for (const std::string& searcher : searchers) {
    RunSettings run = settings;
    run.searcher = searcher;
    run.keep_trajectories = true;
    // Each run's anytime curve is judged from its trajectory as its batch ends; the trajectory is then freed.
    std::vector<std::vector<double>> curves;
    run.on_batch = [&](std::span<const RunResult> batch) {
      const std::size_t at = curves.size();
      curves.resize(at + batch.size());
      tbb::parallel_for(std::size_t{0}, batch.size(),
                        [&](std::size_t i) { curves[at + i] = anytime_hv_fraction(batch[i], problem, settings.budget); });
    };
    ParetoCompareResult r{searcher, run_seeds(problem, run), {}};
    const AnytimeGrid grid(settings.budget, kHvAnytimePoints);
    for (std::size_t p = 0; p < kHvAnytimePoints; ++p) {
      std::vector<double> at;
      for (const auto& c : curves) at.push_back(c[p]);
      r.anytime.push_back({grid.at(p + 1), mean(at), stddev(at)});
    }
    results.push_back(std::move(r));
    progress.update(results.size(), searcher);
  }
  return results;
}

}  // namespace hwnas
