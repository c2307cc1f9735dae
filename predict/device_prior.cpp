#include "predict/device_prior.hpp"

#include "core/stats.hpp"

#include <cmath>
#include <algorithm>
#include <limits>
#include <stdexcept>

namespace hwnas::predict_detail {
namespace {

// Each column as the prior sees it: scaled to mean 1, or its logarithm less its mean.
std::vector<std::vector<double>> on_scale(const std::vector<std::vector<double>>& columns, AdditiveScale scale) {
  std::vector<std::vector<double>> out;
  for (const auto& column : columns) {
    std::vector<double> v = column;
    if (scale == AdditiveScale::log_cost) {
      double mean = 0;
      for (double& x : v) mean += (x = std::log(x)) / static_cast<double>(v.size());
      for (double& x : v) x -= mean;
    } else {
      double mean = 0;
      for (double x : v) mean += x / static_cast<double>(v.size());
      for (double& x : v) x /= mean;
    }
    out.push_back(std::move(v));
  }
  return out;
}

// Least-squares additive weights of each column of `y` (already on the prior's scale) on `phi`; the
// design has one constant too many per decision, so a minimum-norm solution (complete
// orthogonal decomposition): the prior lives in the same gauge for every device.
Eigen::MatrixXd additive_weights(const Eigen::MatrixXd& phi, const std::vector<std::vector<double>>& columns) {
  Eigen::MatrixXd y(phi.rows(), static_cast<Eigen::Index>(columns.size()));
  for (std::size_t j = 0; j < columns.size(); ++j) {
    if (static_cast<Eigen::Index>(columns[j].size()) != phi.rows()) throw std::logic_error("known column of the wrong length");
    y.col(static_cast<Eigen::Index>(j)) = Eigen::Map<const Eigen::VectorXd>(columns[j].data(), phi.rows());
  }
  // The pseudo-inverse of phi'phi (small: terms x terms) with the null space cut explicitly: a QR or SVD
  // solve's default rank threshold keeps the null directions of the redundant constants, at norms of 1e11.
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(phi.transpose() * phi);
  const Eigen::VectorXd values = eigen.eigenvalues();
  const double cut = 1e-9 * values.maxCoeff();
  const Eigen::VectorXd inverse = values.unaryExpr([&](double v) { return v > cut ? 1.0 / v : 0.0; });
  return eigen.eigenvectors() * inverse.asDiagonal() * eigen.eigenvectors().transpose() * (phi.transpose() * y);
}

constexpr double kLambdas[] = {0.003, 0.01, 0.03, 0.1};
constexpr double kNoises[] = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2};
constexpr double kComplexityWeights[] = {0, 0.1, 0.3, 1.0};
// How sharply the prior prefers the known devices that rank the samples like the target (0: all alike).
constexpr double kSimilarity = 5.0;

}  // namespace

Eigen::VectorXd additive_design_row(const SearchSpace& space, const Arch& arch) {
  Eigen::Index width = 1;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) width += space.num_choices(d);
  Eigen::VectorXd row = Eigen::VectorXd::Zero(width);
  Eigen::Index offset = 0;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) {
    row[offset + arch[d]] = 1.0;
    offset += space.num_choices(d);
  }
  row[width - 1] = 1.0;
  return row;
}

AdditiveDevicePrior::AdditiveDevicePrior(const Eigen::MatrixXd& phi, const std::vector<std::vector<double>>& known,
                                         const std::vector<double>& flops, const std::vector<double>& params,
                                         AdditiveScale scale)
    : scale_(scale) {
  if (known.empty()) throw std::logic_error("AdditiveDevicePrior needs a known device");
  device_weights_ = additive_weights(phi, on_scale(known, scale));
  const Eigen::MatrixXd c = additive_weights(phi, on_scale({flops, params}, scale));
  complexity_ = c * c.transpose() / 2.0;
}

AdditiveDevicePrior::Fit AdditiveDevicePrior::fit(const Eigen::MatrixXd& phi_s, const Eigen::VectorXd& cost) const {
  const Eigen::Index k = phi_s.rows(), p = terms();
  const bool log_scale = scale_ == AdditiveScale::log_cost;
  const double scale = cost.mean();
  // The measurements on the prior's scale: cost / mean, or log cost less its mean (offset).
  const double offset = log_scale ? cost.array().log().mean() : 0.0;
  const Eigen::VectorXd y = log_scale ? Eigen::VectorXd(cost.array().log() - offset) : Eigen::VectorXd(cost / scale);
  bool whole_ms = true;
  for (Eigen::Index i = 0; i < k; ++i) whole_ms = whole_ms && cost[i] == std::round(cost[i]);
  // Rounding to whole milliseconds adds uniform noise of variance 1/12 ms^2 (in units of the mean: / scale^2; on the
  // log scale the same, as var(log x) ~ var(x) / x^2).
  const double quantisation = whole_ms ? (1.0 / 12.0) / (scale * scale) : 0.0;
  // Each known device weighs in the prior by how well its additive model ranks the k samples: exp(5 (rho_j - max rho)).
  const Eigen::MatrixXd known_at_samples = phi_s * device_weights_;  // k x J
  std::vector<double> measured(y.data(), y.data() + k), rho(static_cast<std::size_t>(device_weights_.cols()));
  for (Eigen::Index j = 0; j < device_weights_.cols(); ++j) {
    const std::vector<double> v(known_at_samples.col(j).data(), known_at_samples.col(j).data() + k);
    const double r = spearman_rho(v, measured);
    rho[static_cast<std::size_t>(j)] = std::isfinite(r) ? r : 0.0;
  }
  const double best_rho = *std::max_element(rho.begin(), rho.end());
  Eigen::VectorXd weight(device_weights_.cols());
  for (Eigen::Index j = 0; j < weight.size(); ++j) weight[j] = std::exp(kSimilarity * (rho[static_cast<std::size_t>(j)] - best_rho));
  weight /= weight.sum();
  const Eigen::MatrixXd devices = device_weights_ * weight.asDiagonal() * device_weights_.transpose();
  struct Choice {
    double score = -std::numeric_limits<double>::infinity();
    double lam = 0, noise = 0, g = 0;
    Eigen::VectorXd weights, loo;
  };
  Choice by_likelihood, by_loo;
  const auto consider = [&](double likelihood, const Eigen::VectorXd& residual, double lam, double noise, double g,
                            const Eigen::VectorXd& weights) {
    const double loo_score = -residual.squaredNorm() / static_cast<double>(k);
    for (auto [choice, score] : {std::pair{&by_likelihood, likelihood}, std::pair{&by_loo, loo_score}}) {
      if (score > choice->score) *choice = {score, lam, noise, g, weights, y - residual};
    }
  };
  // Few samples (k <= terms): the k x k kernel. Many (a whole measured table): the same posterior in weight space,
  // p x p (Woodbury and the determinant lemma), so a fit costs O(k p^2), not O(k^3).
  const bool weight_space = k > p;
  const Eigen::MatrixXd gram_of_features = weight_space ? Eigen::MatrixXd(phi_s.transpose() * phi_s) : Eigen::MatrixXd();
  const Eigen::VectorXd features_y = weight_space ? Eigen::VectorXd(phi_s.transpose() * y) : Eigen::VectorXd();
  for (const double g : kComplexityWeights) {
    const Eigen::MatrixXd prior = devices + g * complexity_;
    const double mean_variance = prior.diagonal().mean();
    for (const double lam : kLambdas) {
      const Eigen::MatrixXd covariance = prior + lam * mean_variance * Eigen::MatrixXd::Identity(p, p);
      if (weight_space) {
        const Eigen::LLT<Eigen::MatrixXd> c_llt(covariance);
        if (c_llt.info() != Eigen::Success) continue;
        const Eigen::MatrixXd c_inverse = c_llt.solve(Eigen::MatrixXd::Identity(p, p));
        const double c_log_det = 2.0 * c_llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
        for (const double noise : kNoises) {
          const double s2 = noise + quantisation;
          const Eigen::LLT<Eigen::MatrixXd> a_llt(c_inverse + gram_of_features / s2);
          if (a_llt.info() != Eigen::Success) continue;
          const Eigen::VectorXd w = a_llt.solve(features_y) / s2;
          const Eigen::VectorXd alpha = (y - phi_s * w) / s2;  // K^-1 y
          const Eigen::MatrixXd spread = a_llt.solve(phi_s.transpose());  // A^-1 phi'
          const Eigen::VectorXd k_inverse_diagonal =
              (1.0 - (phi_s.array() * spread.transpose().array()).rowwise().sum() / s2) / s2;
          const double log_det = static_cast<double>(k) * std::log(s2) + c_log_det +
                                 2.0 * a_llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
          consider(-0.5 * y.dot(alpha) - 0.5 * log_det, alpha.array() / k_inverse_diagonal.array(), lam, noise, g, w);
        }
        continue;
      }
      const Eigen::MatrixXd cross = covariance * phi_s.transpose();  // p x k
      const Eigen::MatrixXd gram = phi_s * cross;                     // k x k
      for (const double noise : kNoises) {
        Eigen::MatrixXd kernel = gram;
        kernel.diagonal().array() += noise + quantisation;
        const Eigen::LLT<Eigen::MatrixXd> llt(kernel);
        if (llt.info() != Eigen::Success) continue;
        const Eigen::VectorXd alpha = llt.solve(y);
        const Eigen::MatrixXd inverse = llt.solve(Eigen::MatrixXd::Identity(k, k));
        // Leave-one-out residuals of a GP in closed form: alpha_i / [K^-1]_ii.
        const Eigen::VectorXd residual = alpha.array() / inverse.diagonal().array();
        const double log_det = 2.0 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
        consider(-0.5 * y.dot(alpha) - 0.5 * log_det, residual, lam, noise, g, cross * alpha);
      }
    }
  }
  if (by_likelihood.weights.size() == 0) throw std::runtime_error("no hyperparameter gave a positive-definite kernel");
  Fit f;
  f.scale = scale_;
  if (log_scale) {
    f.weights = 0.5 * (by_likelihood.weights + by_loo.weights);
    f.weights[p - 1] += offset;  // the design's last column is the constant
    f.loo = (0.5 * (by_likelihood.loo + by_loo.loo)).array() + offset;
    f.loo = f.loo.array().exp();
  } else {
    f.weights = scale * 0.5 * (by_likelihood.weights + by_loo.weights);
    f.loo = scale * 0.5 * (by_likelihood.loo + by_loo.loo);
  }
  const auto describe = [](const Choice& c) {
    return "lam " + std::to_string(c.lam).substr(0, 5) + ", noise " + std::to_string(c.noise).substr(0, 6) + ", g " +
           std::to_string(c.g).substr(0, 3);
  };
  f.detail = std::string(log_scale ? "log scale; " : "") + "likelihood: " + describe(by_likelihood) + "; leave-one-out: " + describe(by_loo) +
             (whole_ms ? "; whole-ms measurements" : "");
  return f;
}

}  // namespace hwnas::predict_detail
