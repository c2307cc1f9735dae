#include "search/feedforward.hpp"

#include <cmath>

#include "core/error.hpp"

namespace hwnas {
namespace {

// Xavier (Glorot) uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out)).
Eigen::MatrixXf xavier(Eigen::Index out, Eigen::Index in, Rng& rng) {
  const double a = std::sqrt(6.0 / static_cast<double>(in + out));
  Eigen::MatrixXf w(out, in);
  for (Eigen::Index j = 0; j < in; ++j) {
    for (Eigen::Index i = 0; i < out; ++i) w(i, j) = static_cast<float>((2 * rng.uniform() - 1) * a);
  }
  return w;
}

}  // namespace

FeedForwardNet::FeedForwardNet(std::size_t inputs, const FeedForwardSettings& s, Rng& rng) : settings_(s) {
  if (s.layers < 1 || s.width < 1 || s.epochs < 1 || s.batch_size < 1 || !(s.learning_rate > 0) || s.output_l1 < 0) {
    throw InputError("a feed-forward predictor needs at least 1 layer, unit, epoch and batch, and a positive learning rate");
  }
  Eigen::Index fan_in = static_cast<Eigen::Index>(inputs);
  for (int l = 0; l <= s.layers; ++l) {
    const Eigen::Index out = l < s.layers ? s.width : 1;
    Layer layer;
    layer.w = xavier(out, fan_in, rng);
    layer.b = Eigen::VectorXf::Zero(out);
    layer.mw = layer.vw = Eigen::MatrixXf::Zero(out, fan_in);
    layer.mb = layer.vb = Eigen::VectorXf::Zero(out);
    layers_.push_back(std::move(layer));
    fan_in = out;
  }
}

void FeedForwardNet::adam_step(Layer& layer, const Eigen::MatrixXf& gw, const Eigen::VectorXf& gb) {
  constexpr float kBeta1 = 0.9f, kBeta2 = 0.99f, kEps = 1e-8f;
  const float lr = static_cast<float>(settings_.learning_rate);
  const float c1 = 1.0f - std::pow(kBeta1, static_cast<float>(step_)), c2 = 1.0f - std::pow(kBeta2, static_cast<float>(step_));
  layer.mw = kBeta1 * layer.mw + (1 - kBeta1) * gw;
  layer.vw = kBeta2 * layer.vw + (1 - kBeta2) * gw.cwiseProduct(gw);
  layer.mb = kBeta1 * layer.mb + (1 - kBeta1) * gb;
  layer.vb = kBeta2 * layer.vb + (1 - kBeta2) * gb.cwiseProduct(gb);
  layer.w.array() -= lr * (layer.mw.array() / c1) / ((layer.vw.array() / c2).sqrt() + kEps);
  layer.b.array() -= lr * (layer.mb.array() / c1) / ((layer.vb.array() / c2).sqrt() + kEps);
}

void FeedForwardNet::fit(const Eigen::MatrixXf& x, const Eigen::VectorXf& y, Rng& rng) {
  const Eigen::Index n = x.cols();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  const std::size_t hidden = layers_.size() - 1;
  std::vector<Eigen::MatrixXf> activations(layers_.size() + 1);  // activations[0]: the batch's inputs
  for (int epoch = 0; epoch < settings_.epochs; ++epoch) {
    rng.shuffle(order);
    for (Eigen::Index first = 0; first < n; first += settings_.batch_size) {
      const Eigen::Index size = std::min<Eigen::Index>(settings_.batch_size, n - first);
      Eigen::MatrixXf& input = activations[0];
      input.resize(x.rows(), size);
      Eigen::RowVectorXf target(size);
      for (Eigen::Index c = 0; c < size; ++c) {
        input.col(c) = x.col(order[static_cast<std::size_t>(first + c)]);
        target(c) = y(order[static_cast<std::size_t>(first + c)]);
      }
      // Forward: ReLU after every hidden layer, none after the output.
      for (std::size_t l = 0; l < layers_.size(); ++l) {
        activations[l + 1] = (layers_[l].w * activations[l]).colwise() + layers_[l].b;
        if (l < hidden) activations[l + 1] = activations[l + 1].cwiseMax(0.0f);
      }
      // Backward: d(mean |prediction - target|) / d(prediction) = sign / batch size.
      Eigen::MatrixXf delta = (activations.back() - target).array().sign().matrix() / static_cast<float>(size);
      ++step_;
      for (std::size_t l = layers_.size(); l-- > 0;) {
        Eigen::MatrixXf gw = delta * activations[l].transpose();
        const Eigen::VectorXf gb = delta.rowwise().sum();
        if (l == hidden) gw += static_cast<float>(settings_.output_l1) * layers_[l].w.array().sign().matrix();
        if (l > 0) {
          delta = (layers_[l].w.transpose() * delta).cwiseProduct((activations[l].array() > 0.0f).cast<float>().matrix());
        }
        adam_step(layers_[l], gw, gb);
      }
    }
  }
}

Eigen::VectorXf FeedForwardNet::predict(const Eigen::MatrixXf& x) const {
  Eigen::MatrixXf h = x;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    h = (layers_[l].w * h).colwise() + layers_[l].b;
    if (l + 1 < layers_.size()) h = h.cwiseMax(0.0f);
  }
  return h.row(0).transpose();
}

}  // namespace hwnas
