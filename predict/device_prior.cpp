#include "predict/device_prior.hpp"

#include "core/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
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
  // phi'phi and phi'y summed over each row's nonzero terms: a design row has one per decision (and per live
  // decision) out of up to 2 x 199 + 1, so this is 5 to 30 times fewer operations than the dense products.
  const Eigen::Index p = phi.cols();
  Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(p, p), phi_y = Eigen::MatrixXd::Zero(p, y.cols());
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = phi;  // rows read contiguously
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> y_rows = y;
  std::vector<Eigen::Index> nonzero;
  for (Eigen::Index r = 0; r < rows.rows(); ++r) {
    nonzero.clear();
    const double* row = rows.data() + r * p;
    for (Eigen::Index c = 0; c < p; ++c) {
      if (row[c] != 0.0) nonzero.push_back(c);
    }
    for (const Eigen::Index a : nonzero) {
      for (const Eigen::Index b : nonzero) gram(a, b) += row[a] * row[b];
      phi_y.row(a) += row[a] * y_rows.row(r);
    }
  }
  // The pseudo-inverse of phi'phi (small: terms x terms) with the null space cut explicitly: a QR or SVD
  // solve's default rank threshold keeps the null directions of the redundant constants, at norms of 1e11.
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(gram);
  const Eigen::VectorXd values = eigen.eigenvalues();
  const double cut = 1e-9 * values.maxCoeff();
  const Eigen::VectorXd inverse = values.unaryExpr([&](double v) { return v > cut ? 1.0 / v : 0.0; });
  return eigen.eigenvectors() * inverse.asDiagonal() * eigen.eigenvectors().transpose() * phi_y;
}

constexpr double kLambdas[] = {1e-4, 1e-3, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0};
constexpr double kNoises[] = {1e-6, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2};
constexpr double kComplexityWeights[] = {0, 0.1, 0.3, 1.0};
// How sharply the prior prefers the known devices that rank the samples like the target (0: all alike).
constexpr double kSimilarity = 5.0;
// The most of the novelty that is per choice name: some of it always stays per (decision, choice).
constexpr double kMaxSharedShare = 0.99;
// The live terms' isotropic novelty relative to the others': small, so only known devices teach them, but
// positive, so the prior covariance is invertible (the weight-space fit of a large k needs its inverse).
constexpr double kLiveNovelty = 0.01;

// The share of the (per decision centred) weights' sum of squares that is the per-choice-name means':
// 1 when the device prices each choice alike on every decision.
double shared_share(const Eigen::VectorXd& w, const std::vector<int>& group, const SearchSpace& space) {
  Eigen::VectorXd centred = w.head(static_cast<Eigen::Index>(group.size()));
  Eigen::Index offset = 0;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) {
    const Eigen::Index n = space.num_choices(d);
    centred.segment(offset, n).array() -= centred.segment(offset, n).mean();
    offset += n;
  }
  const int groups = 1 + *std::max_element(group.begin(), group.end());
  Eigen::VectorXd sum = Eigen::VectorXd::Zero(groups), count = Eigen::VectorXd::Zero(groups);
  for (Eigen::Index c = 0; c < offset; ++c) {
    sum[group[static_cast<std::size_t>(c)]] += centred[c];
    count[group[static_cast<std::size_t>(c)]] += 1;
  }
  double shared = 0;
  for (Eigen::Index c = 0; c < offset; ++c) {
    const int g = group[static_cast<std::size_t>(c)];
    shared += std::pow(sum[g] / count[g], 2);
  }
  const double total = centred.head(offset).squaredNorm();
  return total > 0 ? shared / total : 1.0;
}

}  // namespace

AdditiveDesign::AdditiveDesign(const SearchSpace& space, Liveness liveness)
    : space_(&space), live_terms_(liveness == Liveness::where_the_space_has_it && space.decisions_can_be_dead()) {
  std::vector<std::string> names;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) {
    for (int c = 0; c < space.num_choices(d); ++c) {
      const std::string name = space.choice_name(d, c);
      const auto at = std::find(names.begin(), names.end(), name);
      choice_group_.push_back(static_cast<int>(at - names.begin()));
      if (at == names.end()) names.push_back(name);
    }
  }
  constant_ = static_cast<Eigen::Index>(choice_group_.size());
  size_ = live_terms_ ? 2 * constant_ + 1 : constant_ + 1;
  choice_group_.resize(static_cast<std::size_t>(size_), -1);
}

Eigen::VectorXd AdditiveDesign::row(const Arch& arch) const {
  Eigen::VectorXd row = Eigen::VectorXd::Zero(size_);
  const std::vector<bool> live = live_terms_ ? space_->live_decisions(arch) : std::vector<bool>();
  Eigen::Index offset = 0;
  for (std::size_t d = 0; d < space_->num_decisions(); ++d) {
    row[offset + arch[d]] = 1.0;
    if (live_terms_ && live[d]) row[constant_ + 1 + offset + arch[d]] = 1.0;
    offset += space_->num_choices(d);
  }
  row[constant_] = 1.0;
  return row;
}

AdditiveDevicePrior::AdditiveDevicePrior(const AdditiveDesign& design, const Eigen::MatrixXd& phi,
                                         const std::vector<std::vector<double>>& known,
                                         const std::vector<double>& flops, const std::vector<double>& params,
                                         AdditiveScale scale)
    : scale_(scale), constant_(design.constant()) {
  if (known.empty()) throw std::logic_error("AdditiveDevicePrior needs a known device");
  if (phi.cols() != design.size()) throw std::logic_error("design rows of the wrong width");
  const std::vector<std::vector<double>> known_on_scale = on_scale(known, scale);
  device_weights_ = additive_weights(phi, known_on_scale);
  const Eigen::MatrixXd c = additive_weights(phi, on_scale({flops, params}, scale));
  complexity_ = c * c.transpose() / 2.0;
  // The per-choice-name grouping of the (decision, choice) terms, and each device's share of it, read from a fit
  // without the live terms (with them, a device's weights split between the two sets of terms in a way that hides
  // how alike it prices one op on every decision).
  const std::vector<int>& group = design.choice_group();
  const std::vector<int> per_choice(group.begin(), group.begin() + design.constant());
  const Eigen::MatrixXd plain_weights =
      design.live_terms() ? additive_weights(phi.leftCols(design.constant() + 1), known_on_scale) : device_weights_;
  shared_share_.resize(plain_weights.cols());
  for (Eigen::Index j = 0; j < plain_weights.cols(); ++j) {
    shared_share_[j] = shared_share(plain_weights.col(j), per_choice, design.space());
  }
  const Eigen::Index p = design.size();
  novelty_isotropic_ = Eigen::MatrixXd::Zero(p, p);
  novelty_shared_ = Eigen::MatrixXd::Zero(p, p);
  for (Eigen::Index a = 0; a < p; ++a) {
    const bool live_term = a > constant_;
    novelty_isotropic_(a, a) = live_term ? kLiveNovelty : 1.0;
    if (a == constant_) novelty_shared_(a, a) = 1.0;
    for (Eigen::Index b = 0; b < constant_ && a < constant_; ++b) {
      if (group[static_cast<std::size_t>(a)] == group[static_cast<std::size_t>(b)]) novelty_shared_(a, b) = 1.0;
    }
  }
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
  const double mean_variance = devices.diagonal().mean();
  const double f = std::min(kMaxSharedShare, shared_share_.mean());
  const Eigen::MatrixXd novelty = mean_variance * ((1.0 - f) * novelty_isotropic_ + f * novelty_shared_);
  const auto covariance = [&](double g, double lam) -> Eigen::MatrixXd { return devices + g * complexity_ + lam * novelty; };

  struct Choice {
    double likelihood = -std::numeric_limits<double>::infinity();
    double g = 0, lam = 0, noise = 0;
  } best;
  // Few samples (k <= terms): the k x k kernel, whose parts are projected once. Many (a whole measured table): the
  // same posterior in weight space, p x p (Woodbury and the determinant lemma), so a fit costs O(k p^2), not O(k^3).
  const bool weight_space = k > p;
  const Eigen::MatrixXd gram_of_features = weight_space ? Eigen::MatrixXd(phi_s.transpose() * phi_s) : Eigen::MatrixXd();
  // The weight-space posterior for the prior covariance factored in `c_llt` and noise variance s2: the weights' mean,
  // the log marginal likelihood, and K^-1 y and diag(K^-1) for the leave-one-out predictions.
  struct WeightSpacePosterior {
    bool ok = false;
    double likelihood = 0;
    Eigen::VectorXd weights, alpha, k_inverse_diagonal;
  };
  const auto weight_space_posterior = [&](const Eigen::LLT<Eigen::MatrixXd>& c_llt, const Eigen::MatrixXd& c_inverse,
                                          double s2, bool with_loo) {
    WeightSpacePosterior post;
    const Eigen::LLT<Eigen::MatrixXd> a_llt(c_inverse + gram_of_features / s2);
    if (a_llt.info() != Eigen::Success) return post;
    post.weights = a_llt.solve(phi_s.transpose() * y) / s2;
    post.alpha = (y - phi_s * post.weights) / s2;
    const double log_det = static_cast<double>(k) * std::log(s2) +
                           2.0 * c_llt.matrixL().toDenseMatrix().diagonal().array().log().sum() +
                           2.0 * a_llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
    post.likelihood = -0.5 * y.dot(post.alpha) - 0.5 * log_det;
    if (with_loo) {
      const Eigen::MatrixXd spread = a_llt.solve(phi_s.transpose());  // A^-1 phi'
      post.k_inverse_diagonal = (1.0 - (phi_s.array() * spread.transpose().array()).rowwise().sum() / s2) / s2;
    }
    post.ok = true;
    return post;
  };
  const Eigen::MatrixXd gram_devices = weight_space ? Eigen::MatrixXd() : Eigen::MatrixXd(phi_s * devices * phi_s.transpose());
  const Eigen::MatrixXd gram_complexity = weight_space ? Eigen::MatrixXd() : Eigen::MatrixXd(phi_s * complexity_ * phi_s.transpose());
  const Eigen::MatrixXd gram_novelty = weight_space ? Eigen::MatrixXd() : Eigen::MatrixXd(phi_s * novelty * phi_s.transpose());
  for (const double g : kComplexityWeights) {
    for (const double lam : kLambdas) {
      if (weight_space) {
        const Eigen::LLT<Eigen::MatrixXd> c_llt(covariance(g, lam));
        if (c_llt.info() != Eigen::Success) continue;
        const Eigen::MatrixXd c_inverse = c_llt.solve(Eigen::MatrixXd::Identity(p, p));
        for (const double noise : kNoises) {
          const WeightSpacePosterior post = weight_space_posterior(c_llt, c_inverse, noise + quantisation, false);
          if (post.ok && post.likelihood > best.likelihood) best = {post.likelihood, g, lam, noise};
        }
        continue;
      }
      const Eigen::MatrixXd gram = gram_devices + g * gram_complexity + lam * gram_novelty;
      for (const double noise : kNoises) {
        Eigen::MatrixXd kernel = gram;
        kernel.diagonal().array() += noise + quantisation;
        const Eigen::LLT<Eigen::MatrixXd> llt(kernel);
        if (llt.info() != Eigen::Success) continue;
        const double likelihood =
            -0.5 * y.dot(llt.solve(y)) - llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
        if (likelihood > best.likelihood) best = {likelihood, g, lam, noise};
      }
    }
  }
  if (!std::isfinite(best.likelihood)) throw std::runtime_error("no hyperparameter gave a positive-definite kernel");
  // The posterior at the chosen hyperparameters, with each sample's leave-one-out prediction in closed form:
  // y_i - [K^-1 y]_i / [K^-1]_ii.
  const Eigen::MatrixXd c = covariance(best.g, best.lam);
  Eigen::VectorXd alpha, inverse_diagonal;
  Fit fit;
  fit.scale = scale_;
  if (weight_space) {
    const Eigen::LLT<Eigen::MatrixXd> c_llt(c);
    const WeightSpacePosterior post =
        weight_space_posterior(c_llt, c_llt.solve(Eigen::MatrixXd::Identity(p, p)), best.noise + quantisation, true);
    fit.weights = post.weights;
    alpha = post.alpha;
    inverse_diagonal = post.k_inverse_diagonal;
  } else {
    Eigen::MatrixXd kernel = phi_s * c * phi_s.transpose();
    kernel.diagonal().array() += best.noise + quantisation;
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(kernel);
    alpha = ldlt.solve(y);
    inverse_diagonal = ldlt.solve(Eigen::MatrixXd::Identity(k, k)).diagonal();
    fit.weights = c * phi_s.transpose() * alpha;
  }
  fit.loo = y.array() - alpha.array() / inverse_diagonal.array();
  if (log_scale) {
    fit.weights[constant_] += offset;
    fit.loo = (fit.loo.array() + offset).exp();
  } else {
    fit.weights *= scale;
    fit.loo *= scale;
  }
  const auto number = [](double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  };
  fit.detail = std::string(log_scale ? "log scale; " : "") + "by likelihood: complexity " + number(best.g) +
               ", novelty " + number(best.lam) + " (shared by op " + number(std::round(f * 100) / 100) + "), noise " +
               number(best.noise) + (whole_ms ? "; whole-ms measurements" : "");
  return fit;
}

}  // namespace hwnas::predict_detail
