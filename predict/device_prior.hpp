#pragma once
// The few-shot model a new device's cost is predicted with when other devices
// are known (internal to predict/; the `gp` predictor and the FBNet table
// use it): a Gaussian process over additive cost models, y(x) = phi(x) . w
// (one term per (decision, choice) plus a constant), whose prior covariance of
// w is learnt from the known devices rather than assumed.
//
// Why: on both spaces a device's latency is close to additive (a least-squares
// additive fit of each HELP device ranks NB201's networks with Spearman 0.99+,
// the phones excepted), but k = 10 networks cannot identify 31 (NB201) or 199
// (FBNet) terms. The known devices' own additive fits say which weight vectors
// are plausible: the prior is their weighted second moment sum_j pi_j w_j w_j'
// (each w_j fitted to the device's costs scaled to mean 1; pi_j proportional
// to exp(5 rho_j), rho_j the Spearman correlation of device j's fit with the k
// measurements, so devices that rank the samples as the target does weigh
// more: +0.003 to +0.008 mean Spearman on HELP's protocol against equal
// weights, in a prototype), plus the same for the
// network's FLOPs and params as two more directions (weight g), plus a small
// isotropic part (lam, relative to the mean prior variance) for what no known
// device shows. The measurements are scaled to mean 1 too, so only the shape
// of the target is learnt; whole-millisecond measurements (every value an
// integer, as HELP's phones) get the quantisation variance 1/12 ms^2 added to
// the noise. The hyperparameters (lam, noise, g) are chosen on a grid twice,
// by the marginal likelihood and by the closed-form leave-one-out error of
// the k samples; the prediction is the mean of the two posterior means (the
// two choices fail on different devices: likelihood on sparse-signal
// devices, leave-one-out on near-additive ones).
//
// Immutable once built; fit() is safe to call from several threads at once.
#include <Eigen/Dense>
#include <cmath>
#include <string>
#include <vector>

#include "spaces/search_space.hpp"

namespace hwnas::predict_detail {

// `arch`'s design row: one-hot per decision's choice, then a constant 1.
Eigen::VectorXd additive_design_row(const SearchSpace& space, const Arch& arch);

// Which quantity is additive: the cost itself (latency as the sum of its
// layers') or its logarithm (a product of per-layer factors).
enum class AdditiveScale { cost, log_cost };

class AdditiveDevicePrior {
public:
  // `phi`: one design row (one-hot per decision's choice, then a constant 1)
  // per network the known values are given on; `known`: each known device's
  // positive costs of those networks (at least one device); `flops`,
  // `params`: the same networks' FLOPs and parameters (positive).
  // `scale`: log_cost fits every column's logarithm, and the measurements'.
  AdditiveDevicePrior(const Eigen::MatrixXd& phi, const std::vector<std::vector<double>>& known,
                      const std::vector<double>& flops, const std::vector<double>& params,
                      AdditiveScale scale = AdditiveScale::cost);

  struct Fit {
    AdditiveScale scale = AdditiveScale::cost;
    // The additive model: cost(x) = phi(x) . weights, or exp(phi(x) . weights) on the log scale.
    Eigen::VectorXd weights;
    Eigen::VectorXd loo;  // each sample's cost predicted without it (hyperparameters as chosen on all k)
    std::string detail;   // the hyperparameters chosen
    double cost(const Eigen::VectorXd& row) const {
      const double total = row.dot(weights);
      return scale == AdditiveScale::log_cost ? std::exp(total) : total;
    }
  };
  // `phi_samples`: the k measured networks' design rows; `cost`: their costs (positive, k >= 2).
  Fit fit(const Eigen::MatrixXd& phi_samples, const Eigen::VectorXd& cost) const;

  Eigen::Index terms() const { return device_weights_.rows(); }

private:
  AdditiveScale scale_;
  Eigen::MatrixXd device_weights_;  // terms x J: each known device's additive fit, scaled to mean 1
  Eigen::MatrixXd complexity_;  // (1/2) (w_flops w_flops' + w_params w_params')
};

}  // namespace hwnas::predict_detail
