// Zero-cost proxies: each proxy of a tiny two-layer network against the value
// its definition gives, computed here by hand in double precision (forward,
// gradients, Hessian-vector product by finite differences), not by the code
// under test; and the scorer's independence of thread count and order.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <thread>

#include "benchmark/proxies.hpp"
#include "core/rng.hpp"
#include "spaces/nb201_space.hpp"
#include "torch/proxy_measures.hpp"
#include "torch/proxy_scorer.hpp"
#include "torch/proxy_tap.hpp"
#include "core/error.hpp"
#include "test_support.hpp"

namespace hwnas {
namespace {

constexpr int kIn = 4, kHidden = 6, kOut = 3, kImages = 4;

// x -> Linear -> ReLU -> Linear, tapped where the reference code hooks.
struct TinyNet final : ProxyNet {
  TinyNet() {
    first = register_module("first", torch::nn::Linear(kIn, kHidden));
    second = register_module("second", torch::nn::Linear(kHidden, kOut));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    return tapped_layer(second, tapped_relu(tapped_layer(first, x)));
  }
  torch::nn::Linear first{nullptr}, second{nullptr};
};

using Matrix = std::vector<std::vector<double>>;

Matrix to_matrix(const torch::Tensor& t) {
  const torch::Tensor d = t.to(torch::kDouble).contiguous();
  Matrix m(static_cast<std::size_t>(d.size(0)), std::vector<double>(static_cast<std::size_t>(d.size(1))));
  for (std::size_t i = 0; i < m.size(); ++i)
    for (std::size_t j = 0; j < m[i].size(); ++j) m[i][j] = d[static_cast<long>(i)][static_cast<long>(j)].item<double>();
  return m;
}
std::vector<double> to_vector(const torch::Tensor& t) {
  std::vector<double> v;
  for (long i = 0; i < t.size(0); ++i) v.push_back(t[i].item<double>());
  return v;
}

// The tiny network's parameters and data in plain doubles, and its cross-entropy gradients by hand.
struct Hand {
  Matrix w1, w2, x;
  std::vector<double> b1, b2;
  std::vector<int> y;

  Matrix hidden(const Matrix& W1) const {  // pre-activations h = x W1^T + b1
    Matrix h(kImages, std::vector<double>(kHidden));
    for (int n = 0; n < kImages; ++n)
      for (int i = 0; i < kHidden; ++i) {
        h[n][i] = b1[i];
        for (int j = 0; j < kIn; ++j) h[n][i] += W1[i][j] * x[n][j];
      }
    return h;
  }
  Matrix logits(const Matrix& h, const Matrix& W2) const {
    Matrix z(kImages, std::vector<double>(kOut));
    for (int n = 0; n < kImages; ++n)
      for (int k = 0; k < kOut; ++k) {
        z[n][k] = b2[k];
        for (int i = 0; i < kHidden; ++i) z[n][k] += W2[k][i] * std::max(0.0, h[n][i]);
      }
    return z;
  }
  // dL/dz, dL/dh for the mean cross-entropy.
  struct Grads {
    Matrix h, z, dz, dh, dw1, dw2;
  };
  Grads grads(const Matrix& W1, const Matrix& W2) const {
    Grads g;
    g.h = hidden(W1);
    g.z = logits(g.h, W2);
    g.dz = g.z;
    for (int n = 0; n < kImages; ++n) {
      double mx = *std::max_element(g.z[n].begin(), g.z[n].end()), sum = 0;
      for (double v : g.z[n]) sum += std::exp(v - mx);
      for (int k = 0; k < kOut; ++k) g.dz[n][k] = (std::exp(g.z[n][k] - mx) / sum - (k == y[n])) / kImages;
    }
    g.dh.assign(kImages, std::vector<double>(kHidden, 0));
    for (int n = 0; n < kImages; ++n)
      for (int i = 0; i < kHidden; ++i) {
        for (int k = 0; k < kOut; ++k) g.dh[n][i] += g.dz[n][k] * W2[k][i];
        if (g.h[n][i] <= 0) g.dh[n][i] = 0;
      }
    g.dw2.assign(kOut, std::vector<double>(kHidden, 0));
    g.dw1.assign(kHidden, std::vector<double>(kIn, 0));
    for (int n = 0; n < kImages; ++n) {
      for (int k = 0; k < kOut; ++k)
        for (int i = 0; i < kHidden; ++i) g.dw2[k][i] += g.dz[n][k] * std::max(0.0, g.h[n][i]);
      for (int i = 0; i < kHidden; ++i)
        for (int j = 0; j < kIn; ++j) g.dw1[i][j] += g.dh[n][i] * x[n][j];
    }
    return g;
  }
};

class ProxyOfTinyNet : public ::testing::Test {
protected:
  void SetUp() override {
    torch::manual_seed(3);
    net = std::make_shared<TinyNet>();
    Rng rng(11);
    initialise(*net, rng);
    net->train();
    x = torch::randn({kImages, kIn});
    y = torch::tensor(std::vector<std::int64_t>{0, 2, 1, 2});
    hand = Hand{to_matrix(net->first->weight), to_matrix(net->second->weight), to_matrix(x), to_vector(net->first->bias),
                to_vector(net->second->bias), {0, 2, 1, 2}};
  }
  std::shared_ptr<TinyNet> net;
  torch::Tensor x, y;
  Hand hand;
};

TEST_F(ProxyOfTinyNet, InitialisationIsPyTorchsDefaultBound) {
  // Every weight and bias within +-1/sqrt(fan_in), and spread over it (not all near zero).
  const double bound1 = 1 / std::sqrt(double(kIn)), bound2 = 1 / std::sqrt(double(kHidden));
  EXPECT_LE(net->first->weight.abs().max().item<double>(), bound1);
  EXPECT_GT(net->first->weight.abs().max().item<double>(), 0.5 * bound1);
  EXPECT_LE(net->second->bias.abs().max().item<double>(), bound2);
  // The same Rng seed gives the same weights.
  auto other = std::make_shared<TinyNet>();
  Rng rng(11);
  initialise(*other, rng);
  EXPECT_TRUE(torch::equal(other->first->weight, net->first->weight));
}

TEST_F(ProxyOfTinyNet, SnipGradNormAndFisherAreTheirDefinitions) {
  const Hand::Grads g = hand.grads(hand.w1, hand.w2);
  double snip = 0, norm1 = 0, norm2 = 0;
  for (int i = 0; i < kHidden; ++i)
    for (int j = 0; j < kIn; ++j) snip += std::abs(hand.w1[i][j] * g.dw1[i][j]), norm1 += g.dw1[i][j] * g.dw1[i][j];
  for (int k = 0; k < kOut; ++k)
    for (int i = 0; i < kHidden; ++i) snip += std::abs(hand.w2[k][i] * g.dw2[k][i]), norm2 += g.dw2[k][i] * g.dw2[k][i];
  EXPECT_NEAR(proxy::snip(*net, x, y), snip, 1e-5 * snip);
  EXPECT_NEAR(proxy::grad_norm(*net, x, y), std::sqrt(norm1) + std::sqrt(norm2), 1e-5);
  // Fisher: per output channel 0.5 * mean_n (a * dL/da)^2, counted once per weight of the channel.
  double fisher = 0;
  for (int i = 0; i < kHidden; ++i) {
    double m = 0;
    for (int n = 0; n < kImages; ++n) m += std::pow(g.h[n][i] * g.dh[n][i], 2) / kImages;
    fisher += 0.5 * m * kIn;
  }
  for (int k = 0; k < kOut; ++k) {
    double m = 0;
    for (int n = 0; n < kImages; ++n) m += std::pow(g.z[n][k] * g.dz[n][k], 2) / kImages;
    fisher += 0.5 * m * kHidden;
  }
  EXPECT_NEAR(proxy::fisher(*net, x, y), fisher, 1e-4 * fisher);
}

TEST_F(ProxyOfTinyNet, GraspIsMinusWeightTimesHessianGradient) {
  // Hg by central differences of the hand-written gradient along g itself.
  const Hand::Grads g = hand.grads(hand.w1, hand.w2);
  const double eps = 1e-4;
  Matrix p1 = hand.w1, m1 = hand.w1, p2 = hand.w2, m2 = hand.w2;
  for (int i = 0; i < kHidden; ++i)
    for (int j = 0; j < kIn; ++j) p1[i][j] += eps * g.dw1[i][j], m1[i][j] -= eps * g.dw1[i][j];
  for (int k = 0; k < kOut; ++k)
    for (int i = 0; i < kHidden; ++i) p2[k][i] += eps * g.dw2[k][i], m2[k][i] -= eps * g.dw2[k][i];
  const Hand::Grads gp = hand.grads(p1, p2), gm = hand.grads(m1, m2);
  double grasp = 0;
  for (int i = 0; i < kHidden; ++i)
    for (int j = 0; j < kIn; ++j) grasp -= hand.w1[i][j] * (gp.dw1[i][j] - gm.dw1[i][j]) / (2 * eps);
  for (int k = 0; k < kOut; ++k)
    for (int i = 0; i < kHidden; ++i) grasp -= hand.w2[k][i] * (gp.dw2[k][i] - gm.dw2[k][i]) / (2 * eps);
  ASSERT_GT(std::abs(grasp), 1e-4);
  EXPECT_NEAR(proxy::grasp(*net, x, y), grasp, 1e-3 * std::abs(grasp) + 1e-6);
}

TEST_F(ProxyOfTinyNet, NaswotIsTheLogDeterminantOfAgreementCounts) {
  const Matrix h = hand.hidden(hand.w1);
  Eigen::MatrixXd k(kImages, kImages);
  for (int a = 0; a < kImages; ++a)
    for (int b = 0; b < kImages; ++b) {
      int agree = 0;
      for (int i = 0; i < kHidden; ++i) agree += (h[a][i] > 0) == (h[b][i] > 0);
      k(a, b) = agree;
    }
  const double expected = std::log(std::abs(k.determinant()));
  ASSERT_TRUE(std::isfinite(expected));
  EXPECT_NEAR(proxy::naswot(*net, x), expected, 1e-9);
}

TEST_F(ProxyOfTinyNet, JacovScoresTheCorrelationOfInputJacobians) {
  // d(sum of outputs)/dx for image n: W1^T diag(h_n > 0) W2^T 1.
  const Matrix h = hand.hidden(hand.w1);
  Eigen::MatrixXd j = Eigen::MatrixXd::Zero(kImages, kIn);
  for (int n = 0; n < kImages; ++n)
    for (int i = 0; i < kHidden; ++i) {
      if (h[n][i] <= 0) continue;
      double up = 0;
      for (int k = 0; k < kOut; ++k) up += hand.w2[k][i];
      for (int c = 0; c < kIn; ++c) j(n, c) += hand.w1[i][c] * up;
    }
  Eigen::MatrixXd centred = j.colwise() - j.rowwise().mean();
  Eigen::MatrixXd cov = centred * centred.transpose();
  Eigen::MatrixXd corr(kImages, kImages);
  for (int a = 0; a < kImages; ++a)
    for (int b = 0; b < kImages; ++b) corr(a, b) = cov(a, b) / std::sqrt(cov(a, a) * cov(b, b));
  const Eigen::VectorXd v = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(corr).eigenvalues();
  double expected = 0;
  for (int i = 0; i < kImages; ++i) expected -= std::log(v(i) + 1e-5) + 1 / (v(i) + 1e-5);
  // Eigenvalues near zero make the score steep: compare relatively.
  EXPECT_NEAR(proxy::jacov(*net, x), expected, 1e-3 * std::abs(expected));
}

TEST_F(ProxyOfTinyNet, SynflowIsTheSummedPathProductOfAbsoluteWeights) {
  // On an all-ones input with |weights|: h = |W1| 1 + |b1| (all active),
  // dR/dW1[i][j] = sum_k |W2[k][i]|, dR/dW2[k][i] = h[i].
  double expected = 0;
  for (int i = 0; i < kHidden; ++i) {
    double h = std::abs(hand.b1[i]), up = 0;
    for (int j = 0; j < kIn; ++j) h += std::abs(hand.w1[i][j]);
    for (int k = 0; k < kOut; ++k) up += std::abs(hand.w2[k][i]), expected += std::abs(hand.w2[k][i]) * h;
    for (int j = 0; j < kIn; ++j) expected += std::abs(hand.w1[i][j]) * up;
  }
  EXPECT_NEAR(proxy::synflow(*net, {kIn}), expected, 1e-5 * expected);
}

TEST(ProxyScorer, SameScoresForAnyThreadCountAndOrder) {
  const SearchSpace& space = test::nb201().space();
  ProxyConfig config;
  config.dataset = "cifar10";
  config.proxies = {"synflow", "naswot", "snip"};
  config.batch_size = 8;
  config.seed = 5;
  const auto scorer = make_proxy_scorer(space, config);
  const std::vector<Arch> archs = {space.at(123), space.at(9000), space.at(15624)};
  std::vector<std::vector<double>> alone;
  for (const Arch& a : archs) alone.push_back(scorer->score(a).values);
  // The same networks, in reverse order, on two threads at once.
  std::vector<std::vector<double>> together(archs.size());
  std::thread t1([&] { together[2] = scorer->score(archs[2]).values; together[1] = scorer->score(archs[1]).values; });
  std::thread t2([&] { together[0] = scorer->score(archs[0]).values; });
  t1.join();
  t2.join();
  for (std::size_t i = 0; i < archs.size(); ++i) {
    EXPECT_EQ(alone[i], together[i]) << i;
    for (double v : alone[i]) EXPECT_TRUE(std::isfinite(v));
  }
  // Another seed, other weights and scores.
  config.seed = 6;
  EXPECT_NE(make_proxy_scorer(space, config)->score(archs[0]).values, alone[0]);
}

TEST(ProxyScorer, RejectsCountedProxiesAndUnknownData) {
  const SearchSpace& space = test::nb201().space();
  ProxyConfig config;
  config.dataset = "cifar10";
  config.proxies = {"flops"};
  EXPECT_THROW(make_proxy_scorer(space, config), InputError);
  config.proxies = {"snip"};
  config.data = "fashion-mnist:/nonexistent/dir";
  EXPECT_THROW(make_proxy_scorer(space, config), InputError);
  config.proxies = {"synflow"};  // reads no images: the data is not opened
  EXPECT_NO_THROW(make_proxy_scorer(space, config));
}

}  // namespace
}  // namespace hwnas
