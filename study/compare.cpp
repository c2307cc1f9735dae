#include "study/compare.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "benchmark/device_zoo.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/progress.hpp"
#include "core/stats.hpp"
#include "core/format.hpp"
#include "search/searcher.hpp"

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
  const bool group = is_device_group(devices);
  for (const std::string& name : select_devices(cost, devices)) {
    const CostKey key = CostKey::of(name, metric);
    // A group takes every device with the metric for every architecture; a device named explicitly without
    // it is refused with the reason (a sample table, a missing metric).
    if (group && !(cost.has(key) && cost.covers_space(key))) continue;
    if (!cost.has(key)) throw InputError("no " + key.name() + " data for " + space.name());
    chosen.push_back(key);
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
    // DEVICE:LIMIT, or DEVICE@qNN: the NN-th percentile of the device's costs over the space.
    const std::size_t colon = item.find(':'), at = item.find("@q");
    if (colon == std::string::npos && at == std::string::npos) {
      throw InputError("limit '" + item + "' must look like edgegpu:4.0 or edgegpu@q50");
    }
    const std::size_t split = colon != std::string::npos ? colon : at;
    const CostKey key = CostKey::of(item.substr(0, split), metric);
    if (std::find(chosen.begin(), chosen.end(), key) == chosen.end()) {
      throw InputError("limit '" + item + "' names a device not in --devices");
    }
    LimitSpec spec{key, 0, std::nullopt};
    if (colon != std::string::npos) {
      spec.limit = parse_real(item.substr(colon + 1), kLimitRange, "--limits: the limit of " + item);
    } else {
      spec.quantile = static_cast<double>(parse_whole(item.substr(at + 2), 1, 99, "--limits: the percentile of " + item)) / 100;
      spec.limit = quantile(present_costs(space, cost, key), *spec.quantile);
    }
    for (const LimitSpec& before : specs) {
      if (before.key == key && before.limit == spec.limit) throw InputError("--limits: " + item + " is the same limit as one before it");
    }
    specs.push_back(spec);
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
                                          const std::vector<LimitSpec>& limits, const RunSettings& settings,
                                          std::shared_ptr<const AccuracySource> signal,
                                          const SupernetRuns& supernet_runs) {
  for (const std::string& s : searchers) {  // bad names and settings fail before any work
    if (is_supernet_searcher(s)) {
      if (signal) throw InputError(s + " searches by training its own supernet: --accuracy-from is for " + searcher_names(false, ", "));
      if (!supernet_runs) throw InputError(s + " trains a supernet, which this comparison cannot run");
      continue;
    }
    RunSettings one = settings;
    one.searcher = s;
    check_searcher_settings(one);
  }
  std::vector<CompareResult> results;
  Progress progress("compare", limits.size() * searchers.size());
  for (const LimitSpec& limit : limits) {
    ProblemSpec spec = base;
    spec.device = std::string(limit.key.device());
    spec.metric = std::string(limit.key.metric());
    spec.limit = limit.limit;
    const auto problem = std::make_unique<SearchProblem>(spec, bench, signal);
    for (const std::string& searcher : searchers) {
      RunSettings run = settings;
      run.searcher = searcher;
      // Each run's anytime values are taken from its trajectory as its batch ends; the trajectory is then freed.
      std::vector<std::vector<double>> per_run;
      run.keep_trajectories = true;
      run.on_batch = [&](std::span<const RunResult> batch) {
        for (const RunResult& one : batch) per_run.push_back(anytime_values(one, *problem, settings.budget, kAnytimePoints));
      };
      CompareResult r{searcher, limit, std::nullopt, {}, {}, {}};
      if (is_supernet_searcher(searcher)) {
        r.runs = supernet_runs(spec, searcher, settings.seeds);
        for (const RunResult& one : r.runs) per_run.push_back(anytime_values(one, *problem, settings.budget, kAnytimePoints));
      } else {
        r.runs = run_seeds(*problem, run);
      }
      r.summary = summarize(*problem, r.runs);
      if (const auto& truth = problem->ground_truth(); truth && truth->optimum) r.optimum_test_acc = truth->optimum->final_accuracy;
      r.anytime = anytime_curve(per_run, settings.budget, kAnytimePoints);
      results.push_back(std::move(r));
      progress.update(results.size(), limit.label() + " " + searcher);
    }
  }
  return results;
}

}  // namespace hwnas
