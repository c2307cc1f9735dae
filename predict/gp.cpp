// gp: the additive Gaussian process whose prior is learnt from the known devices (device_prior.hpp).
#include <Eigen/Dense>
#include <memory>
#include <stdexcept>

#include "predict/device_prior.hpp"
#include "predict/linear_fit.hpp"

namespace hwnas::predict_detail {

namespace {

// gp readied for `known`: the prior, learnt once from the known devices, and each network's design terms (the
// columns where its design row is 1: a handful of the row's 61 on NB201), from which any fit predicts every network.
PreparedPredictor prepare_gp(const KnownCosts& known, AdditiveScale scale) {
  const std::uint64_t n = size_of(known);
  const AdditiveDesign design(*known.space, AdditiveDesign::Liveness::where_the_space_has_it);
  const Eigen::Index p = design.size();
  Eigen::MatrixXd phi(static_cast<Eigen::Index>(n), p);
  for (std::uint64_t i = 0; i < n; ++i) phi.row(static_cast<Eigen::Index>(i)) = design.row(known.space->at(i));
  std::vector<std::vector<double>> columns;
  for (const KnownCosts::Column& c : known.devices) columns.push_back(c.values);
  if (columns.empty()) columns.push_back(known.flops);  // no device known: FLOPs alone shape the prior
  auto prior = std::make_shared<const AdditiveDevicePrior>(design, phi, columns, known.flops, known.params, scale);
  // Network i's terms: terms[first[i] .. first[i + 1]).
  auto first = std::make_shared<std::vector<std::size_t>>(1, 0);
  auto terms = std::make_shared<std::vector<Eigen::Index>>();
  for (Eigen::Index i = 0; i < phi.rows(); ++i) {
    for (Eigen::Index c = 0; c < p; ++c) {
      if (phi(i, c) == 0.0) continue;
      if (phi(i, c) != 1.0) throw std::logic_error("a design row that is not 0 or 1");
      terms->push_back(c);
    }
    first->push_back(terms->size());
  }
  return [prior, first, terms, p, n, scale](const Measurements& m) {
    const auto k = static_cast<Eigen::Index>(m.index.size());
    Eigen::MatrixXd phi_s = Eigen::MatrixXd::Zero(k, p);
    Eigen::VectorXd y(k);
    for (Eigen::Index i = 0; i < k; ++i) {
      const std::uint64_t network = m.index[static_cast<std::size_t>(i)];
      for (std::size_t t = (*first)[network]; t < (*first)[network + 1]; ++t) phi_s(i, (*terms)[t]) = 1.0;
      y[i] = m.cost[static_cast<std::size_t>(i)];
    }
    const AdditiveDevicePrior::Fit fit = prior->fit(phi_s, y);
    FittedCosts f;
    f.method = scale == AdditiveScale::log_cost ? "gp_log" : "gp";
    // An additive model may dip below zero far from the samples; a cost cannot.
    const double floor = 1e-3 * y.minCoeff();
    f.cost.resize(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      double total = 0;
      for (std::size_t t = (*first)[i]; t < (*first)[i + 1]; ++t) total += fit.weights[(*terms)[t]];
      f.cost[i] = std::max(scale == AdditiveScale::log_cost ? std::exp(total) : total, floor);
    }
    for (Eigen::Index i = 0; i < k; ++i) f.loo.push_back(std::max(fit.loo[i], floor));
    f.detail = fit.detail;
    return f;
  };
}

}  // namespace

PredictorInfo gp_predictor() {
  return {"gp",
          "an additive model (per edge and op, and per live edge and op where edges can be dead) whose prior is learnt "
          "from the known devices' own additive fits (and FLOPs, params): a Gaussian process, hyperparameters by "
          "likelihood",
          [](const KnownCosts& known) { return prepare_gp(known, AdditiveScale::cost); },
          [](const KnownCosts&, std::size_t k) { return k >= 3; }};
}

PredictorInfo gp_log_predictor() {
  return {"gp_log", "gp on the logarithm of the cost (a product of per-op factors)",
          [](const KnownCosts& known) { return prepare_gp(known, AdditiveScale::log_cost); },
          [](const KnownCosts&, std::size_t k) { return k >= 3; }};
}

}  // namespace hwnas::predict_detail
