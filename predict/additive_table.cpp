// A new device's additive table for a space too large to enumerate (FBNet), and
// HELP's FBNet evaluation of it: the gp model (device_prior.hpp) fitted on the
// networks the known devices have costs for.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "predict/device_prior.hpp"
#include "predict/linear_fit.hpp"
#include "predict/predict.hpp"

namespace hwnas {
namespace {

// The networks the prior is fitted on and what is known of them.
struct PriorNetworks {
  // An additive table holds one term per (decision, choice) and a constant: no live terms.
  predict_detail::AdditiveDesign design;
  std::vector<Arch> archs;
  Eigen::MatrixXd phi;
  std::vector<std::vector<double>> known;
  std::vector<double> flops, params;
};

PriorNetworks prior_networks(const Benchmark& bench, const CostKey& target, const std::optional<std::vector<CostKey>>& only) {
  const SearchSpace& space = bench.space();
  PriorNetworks p{predict_detail::AdditiveDesign(space, predict_detail::AdditiveDesign::Liveness::none), {}, {}, {}, {}, {}};
  p.archs = bench.cost().listed_archs();
  if (p.archs.empty()) {
    Rng rng(0);
    for (int i = 0; i < 5000; ++i) p.archs.push_back(space.sample(rng));
  }
  for (const CostKey& key : predict_detail::known_column_keys(bench, target, only)) {
    std::vector<double> values;
    for (const Arch& a : p.archs) {
      const auto v = bench.cost().cost(a, key);
      if (!v || !(*v > 0)) break;
      values.push_back(*v);
    }
    if (values.size() == p.archs.size()) {
      p.known.push_back(std::move(values));
    } else if (only) {
      throw InputError("--known " + key.name() + " lacks a value for some of the " + std::to_string(p.archs.size()) +
                       " networks the prior is fitted on");
    }
  }
  p.phi.resize(static_cast<Eigen::Index>(p.archs.size()), p.design.size());
  for (std::size_t i = 0; i < p.archs.size(); ++i) {
    p.phi.row(static_cast<Eigen::Index>(i)) = p.design.row(p.archs[i]);
    const Complexity c = bench.complexity(p.archs[i]);
    p.flops.push_back(c.flops_m);
    p.params.push_back(c.params_m);
  }
  if (p.known.empty()) p.known.push_back(p.flops);  // no device known: FLOPs alone shape the prior
  return p;
}

PredictedTable fit_table(const predict_detail::AdditiveDevicePrior& prior, const SearchSpace& space,
                         const std::vector<Arch>& archs, const std::vector<double>& cost, const std::string& method) {
  const auto k = static_cast<Eigen::Index>(archs.size());
  Eigen::MatrixXd phi_s(k, prior.terms());
  Eigen::VectorXd y(k);
  const predict_detail::AdditiveDesign design(space, predict_detail::AdditiveDesign::Liveness::none);
  for (Eigen::Index i = 0; i < k; ++i) {
    phi_s.row(i) = design.row(archs[static_cast<std::size_t>(i)]);
    y[i] = cost[static_cast<std::size_t>(i)];
  }
  const predict_detail::AdditiveDevicePrior::Fit fit = prior.fit(phi_s, y);
  PredictedTable t;
  t.method = method;
  t.of_log_cost = fit.scale == predict_detail::AdditiveScale::log_cost;
  Eigen::Index offset = 0;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) {
    t.table.entry.emplace_back(fit.weights.data() + offset, fit.weights.data() + offset + space.num_choices(d));
    offset += space.num_choices(d);
  }
  t.table.constant = fit.weights[offset];
  t.floor = 0.5 * y.minCoeff();
  double error = 0;
  for (Eigen::Index i = 0; i < k; ++i) error += std::abs(std::log(std::max(fit.loo[i], 1e-3 * y.minCoeff()) / y[i]));
  t.loo_error = error / static_cast<double>(k);
  t.detail = fit.detail;
  return t;
}

void check_measurements(const std::vector<Arch>& archs, const std::vector<double>& cost) {
  if (archs.size() != cost.size()) throw std::logic_error("measurements: archs and costs differ in length");
  if (archs.size() < 3) throw InputError("cost prediction needs at least 3 measured networks, got " + std::to_string(archs.size()));
  if (std::set<Arch>(archs.begin(), archs.end()).size() != archs.size()) throw InputError("a network is measured twice");
  for (double c : cost) {
    if (!(c > 0) || !std::isfinite(c)) throw InputError("measured costs must be positive");
  }
}


}  // namespace

// Both scales' priors of the same networks.
struct AdditiveTablePriors {
  predict_detail::AdditiveDevicePrior cost, log_cost;
  explicit AdditiveTablePriors(const PriorNetworks& p)
      : cost(p.design, p.phi, p.known, p.flops, p.params, predict_detail::AdditiveScale::cost),
        log_cost(p.design, p.phi, p.known, p.flops, p.params, predict_detail::AdditiveScale::log_cost) {}
};

const Registry<AdditiveTableMethod>& additive_table_methods() {
  static const Registry<AdditiveTableMethod> registry(
      "additive table method",
      {{"gp", "gp's additive table of the cost",
        [](const AdditiveTablePriors& priors, const SearchSpace& space, const std::vector<Arch>& archs,
           const std::vector<double>& cost) { return fit_table(priors.cost, space, archs, cost, "gp"); }},
       {"gp_log", "gp's additive table of the log of the cost (a product of per-layer factors)",
        [](const AdditiveTablePriors& priors, const SearchSpace& space, const std::vector<Arch>& archs,
           const std::vector<double>& cost) { return fit_table(priors.log_cost, space, archs, cost, "gp_log"); }},
       {"auto", "gp or gp_log, whichever predicts the k measured networks better, each left out in turn",
        [](const AdditiveTablePriors& priors, const SearchSpace& space, const std::vector<Arch>& archs,
           const std::vector<double>& cost) {
          PredictedTable a = fit_table(priors.cost, space, archs, cost, "gp");
          PredictedTable b = fit_table(priors.log_cost, space, archs, cost, "gp_log");
          return b.loo_error < a.loo_error ? b : a;
        }}});
  return registry;
}

PredictedTable predict_additive_table(const Benchmark& bench, const CostKey& target, const std::vector<Arch>& archs,
                                      const std::vector<double>& cost, const std::optional<std::vector<CostKey>>& only,
                                      const std::string& method) {
  const AdditiveTableMethod chosen = additive_table_methods().get(method);
  check_measurements(archs, cost);
  const AdditiveTablePriors priors(prior_networks(bench, target, only));
  return chosen.fit(priors, bench.space(), archs, cost);
}


std::vector<PredictorScore> evaluate_help_protocol_fbnet(const Benchmark& bench, const std::vector<std::size_t>& ks,
                                                         std::size_t seeds) {
  const std::vector<AdditiveTableMethod> methods = additive_table_methods().entries();
  const std::vector<std::string> method_names = additive_table_methods().names();
  const std::vector<Arch> networks = bench.cost().listed_archs();
  if (bench.space().name() != "fbnet" || bench.dataset() != "cifar100" || networks.size() != 5000) {
    throw InputError("HELP's FBNet protocol needs --space fbnet --dataset cifar100 with HELP's 5000 networks (help/)");
  }
  // HELP's FBNet meta-training devices: its NB201 ones with the GPU's largest batch 64 instead of 256.
  std::vector<CostKey> train;
  for (const char* d : kHelpTrainDevices) train.push_back(CostKey::of(std::string(d) == "1080ti_256" ? "1080ti_64" : d, "latency"));
  const CostKey first_target = CostKey::of(kHelpFbnetPublished[0].device, "latency");
  const AdditiveTablePriors priors(prior_networks(bench, first_target, train));  // the targets are none of the known devices
  std::vector<std::vector<std::size_t>> pools, scored;
  std::vector<std::vector<double>> values;
  for (const HelpPublished& t : kHelpFbnetPublished) {
    const CostKey key = CostKey::of(t.device, "latency");
    std::vector<double> v;
    for (const Arch& a : networks) v.push_back(*bench.cost().cost(a, key));
    pools.push_back(predict_detail::middle_eighty_percent(v, 0, 4000));
    scored.push_back(predict_detail::middle_eighty_percent(v, 4000, 1000));
    values.push_back(std::move(v));
  }
  for (const std::size_t k : ks) {
    if (k > pools.front().size()) {
      throw InputError("k = " + std::to_string(k) + " is more than HELP's pool of " + std::to_string(pools.front().size()) +
                       " networks (rows 0..3999 without the 10% fastest and slowest)");
    }
  }
  std::vector<std::string> names;
  for (const HelpPublished& t : kHelpFbnetPublished) names.push_back(CostKey::of(t.device, "latency").name());
  return predict_detail::evaluate_cells(names, ks, method_names, seeds, [&](std::size_t t, std::size_t k, std::size_t m, std::size_t s) {
    Rng rng(s, 1000 * ks[k] + t);
    std::vector<Arch> archs;
    std::vector<double> cost;
    for (const std::size_t row : predict_detail::draw_distinct(pools[t], ks[k], rng)) {
      archs.push_back(networks[row]);
      cost.push_back(values[t][row]);
    }
    const PredictedTable table = methods[m].fit(priors, bench.space(), archs, cost);
    std::vector<double> predicted, truth;
    for (const std::size_t row : scored[t]) {
      predicted.push_back(table.cost_before_floor(networks[row]));
      truth.push_back(values[t][row]);
    }
    return predict_detail::score_prediction(predicted, truth);
  });
}

}  // namespace hwnas
