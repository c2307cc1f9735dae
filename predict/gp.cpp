// gp: the additive Gaussian process whose prior is learnt from the known devices (device_prior.hpp).
#include <Eigen/Dense>

#include "predict/device_prior.hpp"
#include "predict/linear_fit.hpp"

namespace hwnas::predict_detail {

namespace {

FittedCosts fit_gp(const KnownCosts& known, const Measurements& m, AdditiveScale scale) {
  const std::uint64_t n = size_of(known);
  const AdditiveDesign design(*known.space, AdditiveDesign::Liveness::where_the_space_has_it);
  const Eigen::Index p = design.size();
  Eigen::MatrixXd phi(static_cast<Eigen::Index>(n), p);
  for (std::uint64_t i = 0; i < n; ++i) phi.row(static_cast<Eigen::Index>(i)) = design.row(known.space->at(i));
  std::vector<std::vector<double>> columns;
  for (const KnownCosts::Column& c : known.devices) columns.push_back(c.values);
  if (columns.empty()) columns.push_back(known.flops);  // no device known: FLOPs alone shape the prior
  const AdditiveDevicePrior prior(design, phi, columns, known.flops, known.params, scale);
  const auto k = static_cast<Eigen::Index>(m.index.size());
  Eigen::MatrixXd phi_s(k, p);
  Eigen::VectorXd y(k);
  for (Eigen::Index i = 0; i < k; ++i) {
    phi_s.row(i) = phi.row(static_cast<Eigen::Index>(m.index[static_cast<std::size_t>(i)]));
    y[i] = m.cost[static_cast<std::size_t>(i)];
  }
  const AdditiveDevicePrior::Fit fit = prior.fit(phi_s, y);
  FittedCosts f;
  f.method = scale == AdditiveScale::log_cost ? "gp_log" : "gp";
  Eigen::VectorXd all = phi * fit.weights;
  if (scale == AdditiveScale::log_cost) all = all.array().exp();
  // An additive model may dip below zero far from the samples; a cost cannot.
  const double floor = 1e-3 * y.minCoeff();
  f.cost.resize(n);
  for (std::uint64_t i = 0; i < n; ++i) f.cost[i] = std::max(all[static_cast<Eigen::Index>(i)], floor);
  for (Eigen::Index i = 0; i < k; ++i) f.loo.push_back(std::max(fit.loo[i], floor));
  f.detail = fit.detail;
  return f;
}

}  // namespace

PredictorInfo gp_predictor() {
  return {"gp",
          "an additive model (per edge and op, and per live edge and op where edges can be dead) whose prior is learnt "
          "from the known devices' own additive fits (and FLOPs, params): a Gaussian process, hyperparameters by "
          "likelihood",
          [](const KnownCosts& known, const Measurements& m) { return fit_gp(known, m, AdditiveScale::cost); },
          [](const KnownCosts&, std::size_t k) { return k >= 3; }};
}

PredictorInfo gp_log_predictor() {
  return {"gp_log", "gp on the logarithm of the cost (a product of per-op factors)",
          [](const KnownCosts& known, const Measurements& m) { return fit_gp(known, m, AdditiveScale::log_cost); },
          [](const KnownCosts&, std::size_t k) { return k >= 3; }};
}

}  // namespace hwnas::predict_detail
