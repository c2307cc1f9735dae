#pragma once
// A small feed-forward regressor for predictor-guided search (BANANAS): ReLU
// hidden layers and a linear output, trained with Adam on the mean absolute
// error plus an L1 penalty on the output weights, as NASLib's MLPPredictor
// (naslib/predictors/mlp.py): Xavier-uniform weights, zero biases, shuffled
// mini-batches, Adam betas (0.9, 0.99). Eigen, single precision, one thread:
// the same Rng gives the same network on any machine and thread count.
// Not safe to share across threads while fitting; predict() is const.
#include <Eigen/Dense>
#include <cstddef>
#include <vector>

#include "core/rng.hpp"

namespace hwnas {

struct FeedForwardSettings {
  int layers = 20;   // hidden layers (NASLib's default for BANANAS)
  int width = 20;    // units per hidden layer
  int epochs = 500;
  int batch_size = 32;
  double learning_rate = 1e-3;
  double output_l1 = 0.2;  // weight of |output weights|_1 in the loss
};

class FeedForwardNet {
public:
  // A network of `inputs` features with freshly drawn weights. InputError for
  // settings below 1 (layers, width, epochs, batch size) or a negative rate.
  FeedForwardNet(std::size_t inputs, const FeedForwardSettings& settings, Rng& rng);

  // Trains on the columns of `x` (inputs x n) towards `y` (n), continuing
  // from the current weights; batches drawn from `rng`.
  void fit(const Eigen::MatrixXf& x, const Eigen::VectorXf& y, Rng& rng);
  // The prediction for each column of `x`.
  Eigen::VectorXf predict(const Eigen::MatrixXf& x) const;

private:
  struct Layer {
    Eigen::MatrixXf w;  // out x in
    Eigen::VectorXf b;
    Eigen::MatrixXf mw, vw;  // Adam moments
    Eigen::VectorXf mb, vb;
  };
  void adam_step(Layer& layer, const Eigen::MatrixXf& gw, const Eigen::VectorXf& gb);

  FeedForwardSettings settings_;
  std::vector<Layer> layers_;  // the hidden layers, then the output layer (1 x width)
  long step_ = 0;
};

}  // namespace hwnas
