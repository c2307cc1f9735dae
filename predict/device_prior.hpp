#pragma once
// The few-shot model a new device's cost is predicted with when other devices
// are known (internal to predict/; the `gp` predictor and the FBNet table
// use it): a Gaussian process over additive cost models, y(x) = phi(x) . w,
// whose prior covariance of w is learnt from the known devices rather than
// assumed.
//
// The design (AdditiveDesign): one term per (decision, choice) and a constant;
// in a space whose decisions can be dead (NB201: the ops on edges into a node
// that only `none` edges leave), a second term per (decision, choice) that
// counts only while the decision is live. TF Lite prunes dead ops, so on its
// devices liveness moves latency: on HELP's NB201 table a least-squares fit of
// the Raspberry Pi 4 ranks held-out cells with Spearman 0.929 without the live
// terms and 0.951 with them (0.942 and 0.961 on the Pixel 3); on the GPUs,
// CPUs and the estimated Eyeriss and FPGA they change nothing.
//
// The prior covariance of w, from each known device's least-squares weights
// w_j fitted to its costs scaled to mean 1 (or its centred log cost):
//       sum_j pi_j w_j w_j'                      (shaped like the known devices)
//     + g (w_flops w_flops' + w_params w_params') / 2
//     + lam v [(1 - f) I + f S]                  (what no known device shows)
// pi_j ~ exp(5 (rho_j - max rho)), rho_j the Spearman correlation of device
// j's fit with the k measurements (devices that rank the samples as the
// target does weigh more: +0.003 to +0.008 mean Spearman on HELP's protocol
// against equal weights). v is the mean prior variance and S ties together
// the terms of one choice name across decisions (the same op on every edge):
// f is the known devices' mean share of weight variance that is per choice
// name rather than per (decision, choice), at most 0.99. On NB201 f is 0.99
// (every HELP device but the Pixel 3 prices an op alike on all six edges,
// and the Eyeriss and FPGA estimates do exactly), so the few samples are
// spent on 4 op costs, not 30 edge-op costs; on FBNet, whose layers differ
// in shape, f is what the known devices say (0.76 with every device known). The live terms get
// a hundredth of the isotropic part: only known devices teach them, but the
// covariance stays invertible.
//
// The hyperparameters (g, lam and the noise) are chosen on a grid by the
// marginal likelihood of the k measurements. Whole-millisecond measurements
// (every value an integer, as HELP's phones) get the quantisation variance
// 1/12 ms^2 added to the noise. On HELP's NB201 protocol (k = 10, 30 seeds)
// the live terms lift the Raspberry Pi 4 from 0.911 to 0.932 and the shared
// op terms the Eyeriss from 0.953 to 0.985. Tried and left out: a prior
// mean (the known devices' average shape; +0.005 on the Pixel 2, -0.02 on
// FBNet's Raspberry Pi 4) and averaging the likelihood's choice with
// leave-one-out's (-0.01 on the Pixel 2).
//
// Immutable once built; fit() is safe to call from several threads at once.
#include <Eigen/Dense>
#include <cmath>
#include <string>
#include <vector>

#include "spaces/search_space.hpp"

namespace hwnas::predict_detail {

// The additive design of a space: which column of a design row is what.
class AdditiveDesign {
public:
  // `liveness`: add the live terms where the space's decisions can be dead
  // (a predicted table of every network); an additive table written per
  // (decision, choice), which cannot hold them, asks for none.
  enum class Liveness { where_the_space_has_it, none };
  AdditiveDesign(const SearchSpace& space, Liveness liveness);

  Eigen::VectorXd row(const Arch& arch) const;
  const SearchSpace& space() const { return *space_; }
  Eigen::Index size() const { return size_; }
  // Columns [0, constant()) are the (decision, choice) terms in decision order, then the constant, then the live terms.
  Eigen::Index constant() const { return constant_; }
  // Whether the design has the live terms (after the constant).
  bool live_terms() const { return live_terms_; }
  // For each column: the index of its choice name (the terms one op has on every decision share it), or -1 (the
  // constant, the live terms).
  const std::vector<int>& choice_group() const { return choice_group_; }

private:
  const SearchSpace* space_;
  bool live_terms_;
  Eigen::Index constant_ = 0, size_ = 0;
  std::vector<int> choice_group_;
};

// Which quantity is additive: the cost itself (latency as the sum of its
// layers') or its logarithm (a product of per-layer factors).
enum class AdditiveScale { cost, log_cost };

class AdditiveDevicePrior {
public:
  // `phi`: one design row of `design` per network the known values are given on; `known`: each known device's
  // positive costs of those networks (at least one device); `flops`, `params`: the same networks' FLOPs and
  // parameters (positive). `scale`: log_cost fits every column's logarithm, and the measurements'.
  AdditiveDevicePrior(const AdditiveDesign& design, const Eigen::MatrixXd& phi,
                      const std::vector<std::vector<double>>& known, const std::vector<double>& flops,
                      const std::vector<double>& params, AdditiveScale scale = AdditiveScale::cost);

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
  Eigen::Index constant_;
  Eigen::MatrixXd device_weights_;  // terms x J: each known device's additive fit, scaled to mean 1
  Eigen::VectorXd shared_share_;    // J: the share of each device's per-choice weight variance that is per choice name
  Eigen::MatrixXd complexity_;      // (1/2) (w_flops w_flops' + w_params w_params')
  Eigen::MatrixXd novelty_isotropic_, novelty_shared_;  // I and S of the novelty term, zero on the live terms
};

}  // namespace hwnas::predict_detail
