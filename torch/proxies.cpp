// Zero-cost proxies (proxy_scorer.hpp): each function below is the published
// definition, written after the reference code it names.
#include <torch/torch.h>
#include <torch/version.h>

#include <Eigen/Eigenvalues>
#include <chrono>
#include <fstream>
#include <cmath>
#include <limits>

#include "benchmark/nb201_benchmark.hpp"
#include "benchmark/proxies.hpp"
#include "core/error.hpp"
#include "core/rng.hpp"
#include "spaces/nb201_space.hpp"
#include "torch/image_data.hpp"
#include "torch/proxy_scorer.hpp"
#include "torch/proxy_measures.hpp"
#include "torch/proxy_tap.hpp"
#include "torch/supernets.hpp"

namespace hwnas {
namespace {

namespace nn = torch::nn;

// ---- NB201: Zero-Cost-NAS's NAS201Model, with its state_dict names ------------------------

// A module holding others under the names PyTorch's nn.Sequential gives them ("0", "1", ...).
struct Holder : nn::Module {};

nn::Conv2d ref_conv(int in, int out, int kernel, int stride, int padding, bool bias) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(bias));
}

nn::BatchNorm2d ref_bn(int channels, bool affine, bool track) {
  return nn::BatchNorm2d(nn::BatchNorm2dOptions(channels).affine(affine).track_running_stats(track));
}

// ReLUConvBN: op = Sequential(ReLU, Conv2d(bias = not affine), BatchNorm2d(affine)).
// `removable`: whether synflow's copy of the network drops this batch norm. The
// reference builds that copy with use_bn=False, which reaches the cells, stem
// and head but not the reductions' ReLUConvBN (built without the argument):
// their batch norm stays, in training mode, and hwnas keeps that quirk so the
// scores are the published ones.
struct RefReluConvBn : nn::Module {
  RefReluConvBn(int in, int out, int kernel, int stride, int padding, bool affine, bool track, bool removable = true)
      : removable_(removable) {
    auto op = register_module("op", std::make_shared<Holder>());
    conv = op->register_module("1", ref_conv(in, out, kernel, stride, padding, !affine));
    bn = op->register_module("2", ref_bn(out, affine, track));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    const torch::Tensor y = tapped_layer(conv, tapped_relu(x));
    return removable_ ? tapped_norm(bn, y) : bn(y);
  }
  bool removable_;
  nn::Conv2d conv{nullptr};
  nn::BatchNorm2d bn{nullptr};
};

// The reference's OPS order: each cell's `options` holds 5 ops per edge in this order.
constexpr int kRefOpIndex[Nb201Space::kOps] = {/*none*/ 0, /*skip*/ 4, /*1x1*/ 3, /*3x3*/ 2, /*pool*/ 1};

// SearchCell with only the kept op of each edge built (the reference builds all
// 30 and runs 6; the others receive no gradient and add nothing to any proxy).
struct RefCell : nn::Module {
  RefCell(const Arch& arch, int c) : arch_(arch) {
    auto options = register_module("options", std::make_shared<Holder>());
    for (std::size_t e = 0; e < Nb201Space::kEdges; ++e) {
      const int op = arch[e];
      const std::string name = std::to_string(static_cast<int>(e) * Nb201Space::kOps + kRefOpIndex[op]);
      if (op == Nb201Space::kConv1x1 || op == Nb201Space::kConv3x3) {
        const int k = op == Nb201Space::kConv3x3 ? 3 : 1;
        convs_[e] = options->register_module(name, std::make_shared<RefReluConvBn>(c, c, k, 1, k / 2, false, false));
      }
    }
  }
  torch::Tensor edge(std::size_t e, const torch::Tensor& x) {
    switch (arch_[e]) {
      case Nb201Space::kNone: return x.mul(0.);
      case Nb201Space::kSkip: return x;
      case Nb201Space::kAvgPool:
        return torch::nn::functional::avg_pool2d(x, torch::nn::functional::AvgPool2dFuncOptions(3).stride(1).padding(1).count_include_pad(false));
      default: return convs_[e]->forward(x);
    }
  }
  torch::Tensor forward(const torch::Tensor& x) {
    std::vector<torch::Tensor> nodes = {x};
    for (int node = 1; node < 4; ++node) {
      torch::Tensor sum;
      for (std::size_t e = 0; e < Nb201Space::kEdges; ++e) {
        if (Nb201Space::kEdgeTo[e] != node) continue;
        const torch::Tensor out = edge(e, nodes[Nb201Space::kEdgeFrom[e]]);
        sum = sum.defined() ? sum + out : out;
      }
      nodes.push_back(sum);
    }
    return nodes.back();
  }
  Arch arch_;
  std::shared_ptr<RefReluConvBn> convs_[Nb201Space::kEdges];
};

// reduction: conv_a (stride 2), conv_b, residual = Sequential(AvgPool2d(2), Conv2d 1x1 without bias).
struct RefReduction : nn::Module {
  RefReduction(int in, int out) {
    conv_a = register_module("conv_a", std::make_shared<RefReluConvBn>(in, out, 3, 2, 1, true, true, false));
    conv_b = register_module("conv_b", std::make_shared<RefReluConvBn>(out, out, 3, 1, 1, true, true, false));
    auto residual = register_module("residual", std::make_shared<Holder>());
    shortcut = residual->register_module("1", ref_conv(in, out, 1, 1, 0, false));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    const torch::Tensor pooled = torch::nn::functional::avg_pool2d(x, torch::nn::functional::AvgPool2dFuncOptions(2).stride(2));
    return tapped_layer(shortcut, pooled) + conv_b->forward(conv_a->forward(x));
  }
  std::shared_ptr<RefReluConvBn> conv_a, conv_b;
  nn::Conv2d shortcut{nullptr};
};

struct RefNb201 final : ProxyNet {
  RefNb201(const Arch& arch, int num_classes, int c = 16, int cells = 5) {
    auto stem = register_module("stem", std::make_shared<Holder>());
    auto stem_net = stem->register_module("net", std::make_shared<Holder>());
    stem_conv = stem_net->register_module("0", ref_conv(3, c, 3, 1, 1, false));
    stem_bn = stem_net->register_module("1", ref_bn(c, true, true));
    int channels = c;
    for (int stage = 1; stage <= 3; ++stage) {
      if (stage > 1) {
        reductions.push_back(register_module("reduction" + std::to_string(stage - 1), std::make_shared<RefReduction>(channels, channels * 2)));
        channels *= 2;
      }
      auto stack = register_module("stack_cell" + std::to_string(stage), std::make_shared<Holder>());
      for (int i = 0; i < cells; ++i) cells_.push_back(stack->register_module(std::to_string(i), std::make_shared<RefCell>(arch, channels)));
    }
    cells_per_stage = cells;
    auto top = register_module("top", std::make_shared<Holder>());
    auto lastact = top->register_module("lastact", std::make_shared<Holder>());
    last_bn = lastact->register_module("0", ref_bn(channels, true, true));
    classifier = top->register_module("classifier", nn::Linear(channels, num_classes));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = tapped_norm(stem_bn, tapped_layer(stem_conv, x));
    for (int stage = 0; stage < 3; ++stage) {
      if (stage > 0) h = reductions[stage - 1]->forward(h);
      for (int i = 0; i < cells_per_stage; ++i) h = cells_[stage * cells_per_stage + i]->forward(h);
    }
    h = tapped_relu(tapped_norm(last_bn, h)).mean({2, 3});
    return tapped_layer(classifier, h);
  }
  nn::Conv2d stem_conv{nullptr};
  nn::BatchNorm2d stem_bn{nullptr}, last_bn{nullptr};
  std::vector<std::shared_ptr<RefReduction>> reductions;
  std::vector<std::shared_ptr<RefCell>> cells_;
  int cells_per_stage = 0;
  nn::Linear classifier{nullptr};
};

// ---- FBNet: the supernet computing the chosen block of each layer -----------------------

struct FixedSubnet final : ProxyNet {
  FixedSubnet(std::shared_ptr<Supernet> net, const Arch& arch) : net_(register_module("net", std::move(net))), arch_(arch) {}
  torch::Tensor forward(const torch::Tensor& x) override {
    const auto weights = torch::ones({net_->decisions(), net_->choices()}, x.options().requires_grad(false));
    return net_->forward(x, Mixing{weights, arch_});
  }
  std::shared_ptr<Supernet> net_;
  Arch arch_;
};

}  // namespace

// ---- what every proxy shares ------------------------------------------------------------

std::vector<torch::Tensor> layer_weights(nn::Module& net) {
  std::vector<torch::Tensor> out;
  for (const auto& m : net.modules(/*include_self=*/false)) {
    if (auto* c = m->as<nn::Conv2d>()) out.push_back(c->weight);
    if (auto* l = m->as<nn::Linear>()) out.push_back(l->weight);
  }
  return out;
}

// PyTorch's default initialisation (kaiming_uniform_ with a = sqrt(5) for
// weights, and the matching bias rule): both uniform in +-1/sqrt(fan_in),
// drawn from `rng` in module order. Batch norm keeps scale 1, shift 0.
void initialise(nn::Module& net, Rng& rng) {
  torch::NoGradGuard no_grad;
  const auto fill = [&](torch::Tensor& t, double bound) {
    auto acc = t.accessor<float, 1>();
    for (std::int64_t i = 0; i < acc.size(0); ++i) acc[i] = static_cast<float>((2.0 * rng.uniform() - 1.0) * bound);
  };
  for (const auto& m : net.modules(/*include_self=*/false)) {
    torch::Tensor w, b;
    if (auto* c = m->as<nn::Conv2d>()) w = c->weight, b = c->bias;
    else if (auto* l = m->as<nn::Linear>()) w = l->weight, b = l->bias;
    else continue;
    const double bound = 1.0 / std::sqrt(static_cast<double>(w[0].numel()));
    torch::Tensor flat = w.view({-1});
    fill(flat, bound);
    if (b.defined()) fill(b, bound);
  }
}

// Every gradient dropped (not zeroed: a float gradient kept across synflow's
// switch to double would accumulate its double gradient in float).
static void clear_grads(nn::Module& net) {
  for (torch::Tensor& p : net.parameters()) p.mutable_grad() = torch::Tensor();
}

static torch::Tensor cross_entropy(ProxyNet& net, const torch::Tensor& x, const torch::Tensor& y) {
  return torch::nn::functional::cross_entropy(net.forward(x), y);
}

// sum over layers of sum |w * dw| (snip's |dL/dmask| at mask 1 is exactly |w * dL/dw|).
static double sum_abs_weight_times_grad(const std::vector<torch::Tensor>& weights) {
  double s = 0;
  for (const torch::Tensor& w : weights) {
    if (w.grad().defined()) s += (w * w.grad()).abs().sum().item<double>();
  }
  return s;
}

// synflow (measures/synflow.py, measure 'synflow' with bn=False): parameters
// made positive, batch norm removed, double precision, R = sum of the output
// on one all-ones input; score sum |theta * dR/dtheta|. Leaves `net` changed.
double proxy::synflow(ProxyNet& net, const std::vector<std::int64_t>& shape) {
  ProxyTap tap;
  tap.bypass_batch_norm = true;
  const ScopedProxyTap scoped(tap);
  {
    torch::NoGradGuard no_grad;
    for (torch::Tensor& p : net.parameters()) p.abs_();
  }
  net.to(torch::kDouble);
  clear_grads(net);
  const torch::Tensor out = net.forward(torch::ones(torch::IntArrayRef([&] { std::vector<std::int64_t> s{1}; s.insert(s.end(), shape.begin(), shape.end()); return s; }()), torch::kDouble));
  out.sum().backward();
  return sum_abs_weight_times_grad(layer_weights(net));
}

double proxy::snip(ProxyNet& net, const torch::Tensor& x, const torch::Tensor& y) {
  clear_grads(net);
  cross_entropy(net, x, y).backward();
  return sum_abs_weight_times_grad(layer_weights(net));
}

// grad_norm (measures/grad_norm.py): the L2 norm of each layer's weight gradient, summed.
double proxy::grad_norm(ProxyNet& net, const torch::Tensor& x, const torch::Tensor& y) {
  clear_grads(net);
  cross_entropy(net, x, y).backward();
  double s = 0;
  for (const torch::Tensor& w : layer_weights(net)) {
    if (w.grad().defined()) s += w.grad().norm().item<double>();
  }
  return s;
}

// grasp (measures/grasp.py): g = dL/dw; Hg = d(g . dL/dw)/dw with g held
// constant; score sum of -w * Hg.
double proxy::grasp(ProxyNet& net, const torch::Tensor& x, const torch::Tensor& y) {
  const std::vector<torch::Tensor> weights = layer_weights(net);
  clear_grads(net);
  const std::vector<torch::Tensor> g =
      torch::autograd::grad({cross_entropy(net, x, y)}, weights, {}, /*retain_graph=*/false, /*create_graph=*/false, /*allow_unused=*/true);
  const std::vector<torch::Tensor> gf =
      torch::autograd::grad({cross_entropy(net, x, y)}, weights, {}, /*retain_graph=*/true, /*create_graph=*/true, /*allow_unused=*/true);
  torch::Tensor z;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!g[i].defined() || !gf[i].defined()) continue;
    const torch::Tensor term = (g[i].detach() * gf[i]).sum();
    z = z.defined() ? z + term : term;
  }
  if (!z.defined()) return 0.0;
  z.backward();
  double s = 0;
  for (const torch::Tensor& w : weights) {
    if (w.grad().defined()) s += (-w.detach() * w.grad()).sum().item<double>();
  }
  return s;
}

// fisher (measures/fisher.py, per channel): for each layer output a with
// gradient g, del_k = 0.5 * mean over images of (sum over positions of a*g)^2
// per output channel k; the reference broadcasts |del_k| to every weight of
// channel k before summing, so each channel counts once per weight it has.
double proxy::fisher(ProxyNet& net, const torch::Tensor& x, const torch::Tensor& y) {
  std::vector<std::pair<torch::Tensor, double>> outputs;
  ProxyTap tap;
  tap.layer_outputs = &outputs;
  clear_grads(net);
  {
    const ScopedProxyTap scoped(tap);
    cross_entropy(net, x, y).backward();
  }
  double s = 0;
  for (const auto& [a, per_channel] : outputs) {
    if (!a.grad().defined()) continue;
    const torch::Tensor ag = a.detach() * a.grad();
    const torch::Tensor g_nk = ag.dim() > 2 ? ag.sum({2, 3}) : ag;
    s += g_nk.pow(2).mean(0).mul(0.5).abs().sum().item<double>() * per_channel;
  }
  return s;
}

// jacob_cov (measures/jacob_cov.py): J = d(sum of outputs)/d(input) per image;
// C = corrcoef(J); score -sum(log(v + 1e-5) + 1/(v + 1e-5)) over C's eigenvalues v.
double proxy::jacov(ProxyNet& net, const torch::Tensor& batch) {
  clear_grads(net);
  const torch::Tensor x = batch.clone().requires_grad_(true);
  const torch::Tensor out = net.forward(x);
  out.backward(torch::ones_like(out));
  const torch::Tensor j = x.grad().reshape({x.size(0), -1}).to(torch::kDouble).contiguous();
  const auto n = j.size(0), d = j.size(1);
  Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> jm(j.data_ptr<double>(), n, d);
  const Eigen::MatrixXd centred = jm.colwise() - jm.rowwise().mean();
  const Eigen::MatrixXd cov = centred * centred.transpose();
  const Eigen::VectorXd sd = cov.diagonal().cwiseSqrt();
  Eigen::MatrixXd corr = cov.array() / (sd * sd.transpose()).array();
  if (!corr.allFinite()) return std::numeric_limits<double>::quiet_NaN();  // an image whose Jacobian is constant
  corr = corr.cwiseMax(-1.0).cwiseMin(1.0);  // numpy.corrcoef clips to [-1, 1]
  const Eigen::VectorXd v = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(corr, Eigen::EigenvaluesOnly).eigenvalues();
  constexpr double k = 1e-5;
  return -((v.array() + k).log() + 1.0 / (v.array() + k)).sum();
}

// NASWOT (score_networks.py, hook_logdet): the binary code of each image at
// every ReLU's input (unit active or not); K[i][j] counts the units where
// images i and j agree; score log|det K|.
double proxy::naswot(ProxyNet& net, const torch::Tensor& batch) {
  std::vector<torch::Tensor> inputs;
  ProxyTap tap;
  tap.relu_inputs = &inputs;
  torch::NoGradGuard no_grad;
  {
    const ScopedProxyTap scoped(tap);
    net.forward(batch);
  }
  // K[i][j] = units - Hamming distance of the two images' codes: the codes
  // packed 64 units to a word and compared by popcount, the same integers as
  // the reference's c c^T + (1-c)(1-c)^T in a fraction of its time.
  const auto n = batch.size(0);
  std::vector<std::vector<std::uint64_t>> codes(static_cast<std::size_t>(n));
  double units = 0;
  for (const torch::Tensor& in : inputs) {
    const torch::Tensor active = (in.reshape({n, -1}) > 0).contiguous();
    const auto m = active.size(1);
    units += static_cast<double>(m);
    const bool* bits = active.data_ptr<bool>();
    for (std::int64_t i = 0; i < n; ++i) {
      std::vector<std::uint64_t>& code = codes[static_cast<std::size_t>(i)];
      const bool* row = bits + i * m;
      for (std::int64_t start = 0; start < m; start += 64) {
        std::uint64_t word = 0;
        const std::int64_t end = std::min<std::int64_t>(m, start + 64);
        for (std::int64_t u = start; u < end; ++u) word |= static_cast<std::uint64_t>(row[u]) << (u - start);
        code.push_back(word);
      }
    }
  }
  torch::Tensor kernel = torch::empty({n, n}, torch::kDouble);
  auto k = kernel.accessor<double, 2>();
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = i; j < n; ++j) {
      const auto& a = codes[static_cast<std::size_t>(i)];
      const auto& b = codes[static_cast<std::size_t>(j)];
      std::uint64_t differ = 0;
      for (std::size_t w = 0; w < a.size(); ++w) differ += static_cast<std::uint64_t>(__builtin_popcountll(a[w] ^ b[w]));
      k[i][j] = k[j][i] = units - static_cast<double>(differ);
    }
  }
  return std::get<1>(torch::slogdet(kernel)).item<double>();
}

namespace {

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const unsigned char ch : text) h = (h ^ ch) * 0x100000001b3ull;
  return h;
}

class TorchProxyScorer final : public ProxyScorer {
public:
  TorchProxyScorer(const SearchSpace& space, const ProxyConfig& c) : space_(space), config_(c) {
    if (c.proxies.empty()) throw InputError("no proxy to compute");
    for (const std::string& name : c.proxies) {
      const ProxyKind kind = proxies().get(name);
      if (!kind.runs_network) throw InputError("proxy " + name + " is counted, not run: it needs no network");
      batches_.push_back(c.batch_size.value_or(kind.default_batch));
      needs_images_ = needs_images_ || kind.reads_images;
    }
    at::set_num_threads(1);  // parallel over networks, not inside one: a score does not depend on the thread count
    if (space.name() == "nb201") {
      const Nb201DatasetShape shape = nb201_dataset_shape(c.dataset);
      input_size_ = shape.input_size;
      classes_ = shape.num_classes;
      what_ = "NB201 TinyNetwork C=16 N=5 as Zero-Cost-NAS's NAS201Model, " + c.dataset;
    } else {
      const BenchmarkNetwork probe = supernet_families().get(space.name()).benchmark_network(space, c.dataset);
      input_size_ = probe.input_size;
      classes_ = probe.num_classes;
      what_ = probe.description + " (the chosen block of each layer)";
    }
    what_ += ", " + std::to_string(input_size_) + "x" + std::to_string(input_size_) + " input, " + std::to_string(classes_) +
             " classes, PyTorch default initialisation, training-mode batch norm";
    const int largest = *std::max_element(batches_.begin(), batches_.end());
    if (needs_images_) {
      const ImageData data = load_image_data(c.data);
      if (data.train.size() < largest) throw InputError(c.data + " has fewer training images than the batch of " + std::to_string(largest));
      // The first `largest` images of a permutation drawn from the seed (partial Fisher-Yates).
      Rng rng(c.seed, 0x70726f78);
      std::vector<std::int64_t> order(static_cast<std::size_t>(data.train.size()));
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int64_t>(i);
      for (int i = 0; i < largest; ++i) std::swap(order[i], order[i + rng.below(order.size() - i)]);
      order.resize(static_cast<std::size_t>(largest));
      const auto idx = torch::tensor(order);
      torch::Tensor x = data.train.images.index_select(0, idx);
      if (x.size(1) == 1) x = x.repeat({1, 3, 1, 1});
      if (x.size(1) != 3) throw InputError(c.data + ": images with " + std::to_string(x.size(1)) + " channels");
      if (x.size(2) != input_size_ || x.size(3) != input_size_) {
        x = torch::nn::functional::interpolate(
            x, torch::nn::functional::InterpolateFuncOptions().size(std::vector<std::int64_t>{input_size_, input_size_})
                   .mode(torch::kBilinear).align_corners(false));
      }
      inputs_ = x.contiguous();
      targets_ = data.train.labels.index_select(0, idx).remainder(classes_);
      what_ += ", " + c.data + " images (" + std::to_string(data.train.size()) + " training images, minibatch by seed " +
               std::to_string(c.seed) + ")";
    }
    what_ += ", batch";
    for (std::size_t i = 0; i < batches_.size(); ++i) what_ += std::string(i ? ", " : " ") + c.proxies[i] + " " + std::to_string(batches_[i]);
  }

  std::shared_ptr<ProxyNet> build(const Arch& arch) const {
    std::shared_ptr<ProxyNet> net;
    if (space_.name() == "nb201") {
      net = std::make_shared<RefNb201>(arch, classes_);
    } else {
      net = std::make_shared<FixedSubnet>(supernet_families().get(space_.name()).benchmark_network(space_, config_.dataset).net, arch);
    }
    Rng rng(config_.seed, fnv1a(space_.to_string(arch)));
    initialise(*net, rng);
    net->train();
    return net;
  }

  Scores score(const Arch& arch) const override {
    using clock = std::chrono::steady_clock;
    Scores s;
    auto start = clock::now();
    const std::shared_ptr<ProxyNet> net = build(arch);
    s.build_seconds = std::chrono::duration<double>(clock::now() - start).count();
    s.values.assign(config_.proxies.size(), 0.0);
    s.seconds.assign(config_.proxies.size(), 0.0);
    std::optional<std::size_t> synflow_at;  // synflow changes the network: it runs last
    for (std::size_t i = 0; i < config_.proxies.size(); ++i) {
      const std::string& name = config_.proxies[i];
      if (name == "synflow") {
        synflow_at = i;
        continue;
      }
      start = clock::now();
      const torch::Tensor x = inputs_.narrow(0, 0, batches_[i]), y = targets_.narrow(0, 0, batches_[i]);
      if (name == "jacov") s.values[i] = proxy::jacov(*net, x);
      else if (name == "naswot") s.values[i] = proxy::naswot(*net, x);
      else if (name == "snip") s.values[i] = proxy::snip(*net, x, y);
      else if (name == "grad_norm") s.values[i] = proxy::grad_norm(*net, x, y);
      else if (name == "grasp") s.values[i] = proxy::grasp(*net, x, y);
      else if (name == "fisher") s.values[i] = proxy::fisher(*net, x, y);
      else throw std::logic_error("proxy " + name + " has no implementation");
      s.seconds[i] = std::chrono::duration<double>(clock::now() - start).count();
    }
    if (synflow_at) {
      start = clock::now();
      s.values[*synflow_at] = proxy::synflow(*net, {3, input_size_, input_size_});
      s.seconds[*synflow_at] = std::chrono::duration<double>(clock::now() - start).count();
    }
    return s;
  }

  std::string describe() const override { return what_; }
  std::string torch_version() const override { return TORCH_VERSION; }

  void dump(const Arch& arch, const std::filesystem::path& file) const {
    if (space_.name() != "nb201") throw InputError("the proxy inputs are dumped for NB201 only (Zero-Cost-NAS has no FBNet model)");
    const std::shared_ptr<ProxyNet> net = build(arch);
    c10::Dict<std::string, torch::Tensor> dict;
    for (const auto& p : net->named_parameters()) dict.insert(p.key(), p.value().detach().clone());
    for (const auto& b : net->named_buffers()) dict.insert(b.key(), b.value().detach().clone());
    if (inputs_.defined()) {
      dict.insert("__inputs__", inputs_);
      dict.insert("__targets__", targets_);
    }
    const std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
    std::ofstream out(file, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw OutputError("cannot write " + file.string());
  }

private:
  const SearchSpace& space_;
  ProxyConfig config_;
  std::vector<int> batches_;
  bool needs_images_ = false;
  std::int64_t input_size_ = 0, classes_ = 0;
  torch::Tensor inputs_, targets_;
  std::string what_;
};

}  // namespace

std::unique_ptr<ProxyScorer> make_proxy_scorer(const SearchSpace& space, const ProxyConfig& config) {
  return std::make_unique<TorchProxyScorer>(space, config);
}

void dump_proxy_inputs(const SearchSpace& space, const ProxyConfig& config, const Arch& arch, const std::filesystem::path& file) {
  TorchProxyScorer(space, config).dump(arch, file);
}

}  // namespace hwnas
