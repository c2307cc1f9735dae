#include "study/analyze.hpp"

#include "benchmark/device_zoo.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/files.hpp"
#include "core/error.hpp"
#include "core/stats.hpp"
#include "core/format.hpp"

namespace hwnas {
namespace {

// Share of `values` strictly below `v` (0 = cheapest), in percent.
double percentile_rank(const std::vector<double>& sorted, double v) {
  const auto below = std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin();
  return 100.0 * static_cast<double>(below) / static_cast<double>(sorted.size());
}

}  // namespace

NetworkTable benchmark_networks(const Benchmark& bench, std::size_t samples, std::uint64_t seed, const std::string& devices) {
  const std::vector<std::string> chosen = select_devices(bench.cost(), devices);
  std::vector<CostKey> keys;
  bool sample_column = false;
  for (const CostKey& key : bench.cost().keys()) {
    // Arithmetic intensity is a property, not a cost.
    if (!key.is_cost() || std::find(chosen.begin(), chosen.end(), key.device()) == chosen.end()) continue;
    keys.push_back(key);
    sample_column = sample_column || !bench.cost().covers_space(key);
  }
  if (keys.empty()) throw InputError("--devices " + devices + ": no latency or energy column among them to analyse");
  const SearchSpace& space = bench.space();
  const auto accuracy = bench.accuracy();
  NetworkTable t{space.name(), bench.dataset(), {}, {}, {}, {}, {}, {}, std::nullopt, {}};
  if (accuracy) t.test_acc.emplace();
  std::vector<Arch> archs;
  if (const auto n = space.cardinality()) {
    for (std::uint64_t i = 0; i < *n; ++i) archs.push_back(space.at(i));
    t.networks_from = "all of the space";
  } else if (const auto listed = sample_column ? bench.cost().listed_archs() : std::vector<Arch>{}; listed.size() >= 2) {
    archs = listed;  // the networks a sample column lists (a --cost-table, HELP's zoo): the only ones it has a cost for
    t.networks_from = "those the sampled columns list";
  } else {
    if (samples < 2) throw InputError("--samples must be at least 2");
    Rng rng(seed);
    for (std::size_t i = 0; i < samples; ++i) archs.push_back(space.sample(rng));
    t.networks_from = "drawn uniformly with the given seed";
  }
  for (const Arch& a : archs) {
    t.archs.push_back(space.to_string(a));
    t.indices.push_back(space.cardinality() ? std::optional<std::uint64_t>(space.index(a)) : std::nullopt);
    const Complexity c = bench.complexity(a);
    t.flops_m.push_back(c.flops_m);
    t.params_m.push_back(c.params_m);
    if (accuracy) t.test_acc->push_back(accuracy->final_accuracy(a).value_or(std::nan("")));
  }
  for (const CostKey& key : keys) {
    t.metric_names.push_back(key.name());
    std::vector<double> values;
    values.reserve(archs.size());
    for (const Arch& a : archs) values.push_back(bench.cost().cost(a, key).value_or(std::nan("")));
    t.metrics.push_back(std::move(values));
  }
  return t;
}

Correlation correlate(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> a, b;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isnan(x[i]) && !std::isnan(y[i])) {
      a.push_back(x[i]);
      b.push_back(y[i]);
    }
  }
  return {kendall_tau(a, b), spearman_rho(a, b), a.size()};
}

Analysis analyze(NetworkTable t) {
  Analysis a;
  const std::size_t m = t.metrics.size();
  a.flops_vs.resize(m);
  a.params_vs.resize(m);
  a.matrix_names = {"flops_m", "params_m"};
  a.matrix_names.insert(a.matrix_names.end(), t.metric_names.begin(), t.metric_names.end());
  std::vector<const std::vector<double>*> columns = {&t.flops_m, &t.params_m};
  for (const auto& v : t.metrics) columns.push_back(&v);
  const std::size_t k = columns.size();
  a.kendall.assign(k, std::vector<double>(k, 1.0));
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = i + 1; j < k; ++j) pairs.emplace_back(i, j);
  }
  std::vector<Correlation> results(pairs.size());
  tbb::parallel_for(std::size_t{0}, pairs.size(), [&](std::size_t p) {
    results[p] = correlate(*columns[pairs[p].first], *columns[pairs[p].second]);
  });
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    const auto [i, j] = pairs[p];
    a.kendall[i][j] = a.kendall[j][i] = results[p].kendall_tau;
    if (i == 0 && j >= 2) a.flops_vs[j - 2] = results[p];
    if (i == 1 && j >= 2) a.params_vs[j - 2] = results[p];
  }
  if (t.test_acc && m >= 2) {  // fronts across devices: one device has nothing to transfer to
    std::vector<std::vector<std::size_t>> fronts(m);
    std::vector<std::vector<double>> sorted(m);
    for (std::size_t d = 0; d < m; ++d) {
      std::vector<double> cost, acc;
      std::vector<std::size_t> id;
      for (std::size_t n = 0; n < t.archs.size(); ++n) {
        if (std::isnan(t.metrics[d][n])) continue;
        cost.push_back(t.metrics[d][n]);
        acc.push_back((*t.test_acc)[n]);
        id.push_back(n);
      }
      for (std::size_t f : pareto_front(cost, acc)) fronts[d].push_back(id[f]);
      sorted[d] = cost;
      std::sort(sorted[d].begin(), sorted[d].end());
    }
    for (std::size_t s = 0; s < m; ++s) {
      for (std::size_t g = 0; g < m; ++g) {
        if (s == g) continue;
        ParetoTransfer tr{t.metric_names[s], t.metric_names[g], fronts[s].size(), fronts[g].size(), 0, 0, 0, 0};
        std::vector<double> ranks;
        for (std::size_t n : fronts[s]) {
          const double c = t.metrics[g][n];
          if (std::isnan(c)) {
            ++tr.without_target_cost;
            continue;
          }
          tr.still_optimal += std::find(fronts[g].begin(), fronts[g].end(), n) != fronts[g].end();
          ranks.push_back(percentile_rank(sorted[g], c));
        }
        tr.median_cost_percentile = ranks.empty() ? std::nan("") : quantile(ranks, 0.5);
        tr.max_cost_percentile = ranks.empty() ? std::nan("") : *std::max_element(ranks.begin(), ranks.end());
        a.transfers.push_back(tr);
      }
    }
    a.fronts = std::move(fronts);
  }
  a.networks = std::move(t);
  return a;
}

}  // namespace hwnas
