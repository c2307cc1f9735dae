#include "predict/linear_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/stats.hpp"

namespace hwnas::predict_detail {

// Ridge regression with an unpenalised intercept (features and target centred
// on the sample), the penalty picked from a grid by the exact leave-one-out
// error of ridge at that penalty (residual / (1 - leverage), a closed form: no
// refits, O(k p^2) for k samples of p features). lambda is relative to the
// mean diagonal of X'X, so the grid fits features of any scale.
LinearFit fit_ridge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  const Eigen::Index k = x.rows(), p = x.cols();
  const Eigen::RowVectorXd mean_x = x.colwise().mean();
  const double mean_y = y.mean();
  const Eigen::MatrixXd xc = x.rowwise() - mean_x;
  const Eigen::VectorXd yc = y.array() - mean_y;
  const Eigen::MatrixXd gram = xc.transpose() * xc;
  const double scale = std::max(gram.trace() / static_cast<double>(std::max<Eigen::Index>(p, 1)), 1e-300);
  LinearFit best;
  double best_error = std::numeric_limits<double>::infinity();
  for (const double relative : {1e-6, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0}) {
    const Eigen::MatrixXd a = gram + relative * scale * Eigen::MatrixXd::Identity(p, p);
    const Eigen::LDLT<Eigen::MatrixXd> solver(a);
    const Eigen::VectorXd w = solver.solve(xc.transpose() * yc);
    const Eigen::MatrixXd ax = solver.solve(xc.transpose());  // p x k: A^-1 x_i for every sample
    Eigen::VectorXd loo_residual(k);
    double error = 0;
    for (Eigen::Index i = 0; i < k; ++i) {
      // leverage_i = 1/k + x_i' A^-1 x_i (the intercept's share, then the features')
      const double leverage = 1.0 / static_cast<double>(k) + xc.row(i).dot(ax.col(i));
      const double residual = yc(i) - xc.row(i).dot(w);
      loo_residual(i) = residual / std::max(1.0 - leverage, 1e-9);
      error += loo_residual(i) * loo_residual(i);
    }
    if (error < best_error) {
      best_error = error;
      best.model.w = w;
      best.model.intercept = mean_y - mean_x.dot(w);
      best.loo = y - loo_residual;
    }
  }
  return best;
}

// Ordinary least squares of y on one feature, with its leave-one-out
// predictions in closed form (leverage 1/k + (x_i - mean)^2 / Sxx).
LinearFit fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  const double mx = mean(x), my = mean(y);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  LinearFit fit;
  fit.model.w = Eigen::VectorXd::Constant(1, sxx > 0 ? sxy / sxx : 0.0);
  fit.model.intercept = my - fit.model.w(0) * mx;
  const auto k = static_cast<double>(x.size());
  fit.loo.resize(static_cast<Eigen::Index>(x.size()));
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double leverage = 1.0 / k + (sxx > 0 ? (x[i] - mx) * (x[i] - mx) / sxx : 0.0);
    const double residual = y[i] - (fit.model.intercept + fit.model.w(0) * x[i]);
    fit.loo(static_cast<Eigen::Index>(i)) = y[i] - residual / std::max(1.0 - leverage, 1e-9);
  }
  return fit;
}

// Features of network `index` for each model.
Eigen::VectorXd additive_features(const KnownCosts& known, std::uint64_t index) {
  const SearchSpace& space = *known.space;
  std::size_t width = 0;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) width += static_cast<std::size_t>(space.num_choices(d));
  Eigen::VectorXd x = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(width));
  const Arch arch = space.at(index);
  std::size_t offset = 0;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) {
    x(static_cast<Eigen::Index>(offset + static_cast<std::size_t>(arch[d]))) = 1.0;
    offset += static_cast<std::size_t>(space.num_choices(d));
  }
  return x;
}

Eigen::VectorXd transfer_features(const KnownCosts& known, std::uint64_t index) {
  Eigen::VectorXd x(static_cast<Eigen::Index>(known.devices.size() + 2));
  for (std::size_t j = 0; j < known.devices.size(); ++j) x(static_cast<Eigen::Index>(j)) = std::log(known.devices[j].values[index]);
  x(static_cast<Eigen::Index>(known.devices.size())) = std::log(known.flops[index]);
  x(static_cast<Eigen::Index>(known.devices.size() + 1)) = std::log(known.params[index]);
  return x;
}

// A linear fit's predictions for every network and its measured networks' leave-one-out predictions.
FittedCosts fitted(std::string method, const LinearFit& linear, bool log_space, std::uint64_t n,
                   const std::function<double(const Linear&, std::uint64_t)>& at, std::string detail) {
  FittedCosts f;
  f.method = std::move(method);
  f.detail = std::move(detail);
  f.cost.resize(n);
  for (std::uint64_t i = 0; i < n; ++i) f.cost[i] = at(linear.model, i);
  for (Eigen::Index i = 0; i < linear.loo.size(); ++i) f.loo.push_back(log_space ? std::exp(linear.loo(i)) : linear.loo(i));
  return f;
}

// Ridge on the rows `features` gives for the measured networks, of the cost (or its log).
LinearFit fit_rows(const KnownCosts& known, const Measurements& m, bool log_cost,
                   Eigen::VectorXd (*features)(const KnownCosts&, std::uint64_t)) {
  const auto k = static_cast<Eigen::Index>(m.index.size());
  const Eigen::VectorXd first = features(known, m.index[0]);
  Eigen::MatrixXd x(k, first.size());
  Eigen::VectorXd y(k);
  for (Eigen::Index i = 0; i < k; ++i) {
    x.row(i) = features(known, m.index[static_cast<std::size_t>(i)]).transpose();
    const double c = m.cost[static_cast<std::size_t>(i)];
    y(i) = log_cost ? std::log(c) : c;
  }
  return fit_ridge(x, y);
}

std::uint64_t size_of(const KnownCosts& known) { return *known.space->cardinality(); }

double log_ratio(double predicted, double measured) {
  return std::abs(std::log(std::max(predicted, 1e-12) / measured));
}

// Leave-one-out mean |log(predicted / measured)| of a fit on its measurements,
// from its closed-form leave-one-out predictions (the ridge penalty and
// best_known_device's column stay those chosen on all k: no refit); NaN when
// the predictor has none (the MLP: k trainings).
double loo_error(const FittedCosts& f, const Measurements& m) {
  if (f.loo.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (std::size_t i = 0; i < m.index.size(); ++i) sum += log_ratio(f.loo[i], m.cost[i]);
  return sum / static_cast<double>(m.index.size());
}

}  // namespace hwnas::predict_detail
