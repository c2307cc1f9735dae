#include "torch/supernets.hpp"

#include <stdexcept>

#include "benchmark/nb201_benchmark.hpp"
#include "spaces/nb201_space.hpp"
#include "torch/proxy_tap.hpp"

namespace hwnas {
namespace {

namespace nn = torch::nn;

// One decision's output: the weighted sum of its `n` candidate ops, or only the
// chosen op scaled by its weight. Shared by the NB201 edges and FBNet layers.
template <class Op>
torch::Tensor mix(Op&& op, int n, const torch::Tensor& w, std::optional<int> chosen, const torch::Tensor& x) {
  if (chosen) return op(*chosen, x) * w[*chosen];
  torch::Tensor sum = op(0, x) * w[0];
  for (int k = 1; k < n; ++k) sum = sum + op(k, x) * w[k];
  return sum;
}

nn::BatchNorm2d batch_norm(int channels) {
  return nn::BatchNorm2d(nn::BatchNorm2dOptions(channels).affine(false).track_running_stats(false));
}

nn::Conv2d conv(int in, int out, int kernel, int stride = 1, int groups = 1) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).groups(groups).bias(false));
}

// ReLU -> conv -> BN, NAS-Bench-201's convolution op.
struct ReluConvBn : nn::Module {
  ReluConvBn(int in, int out, int kernel, int stride)
      : conv_(register_module("conv", conv(in, out, kernel, stride))), bn_(register_module("bn", batch_norm(out))) {}
  torch::Tensor forward(const torch::Tensor& x) { return tapped_norm(bn_, conv_(torch::relu(x))); }
  nn::Conv2d conv_;
  nn::BatchNorm2d bn_;
};

// The 5 candidate ops of one NB201 edge, in Nb201Space's op order.
struct Nb201Edge : nn::Module {
  explicit Nb201Edge(int c)
      : conv1_(register_module("conv1x1", std::make_shared<ReluConvBn>(c, c, 1, 1))),
        conv3_(register_module("conv3x3", std::make_shared<ReluConvBn>(c, c, 3, 1))),
        pool_(register_module("pool", nn::AvgPool2d(nn::AvgPool2dOptions(3).stride(1).padding(1).count_include_pad(false)))) {}

  torch::Tensor op(int k, const torch::Tensor& x) {
    switch (k) {
      case Nb201Space::kNone: return torch::zeros_like(x);
      case Nb201Space::kSkip: return x;
      case Nb201Space::kConv1x1: return conv1_->forward(x);
      case Nb201Space::kConv3x3: return conv3_->forward(x);
      default: return pool_(x);
    }
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& w, std::optional<int> chosen) {
    return mix([this](int k, const torch::Tensor& in) { return op(k, in); }, Nb201Space::kOps, w, chosen, x);
  }
  std::shared_ptr<ReluConvBn> conv1_, conv3_;
  nn::AvgPool2d pool_;
};

struct Nb201Cell : nn::Module {
  explicit Nb201Cell(int c) {
    for (std::size_t e = 0; e < Nb201Space::kEdges; ++e) {
      edges_.push_back(register_module("edge" + std::to_string(e), std::make_shared<Nb201Edge>(c)));
    }
  }
  torch::Tensor forward(const torch::Tensor& x, const Mixing& m) {
    std::vector<torch::Tensor> nodes = {x};
    for (int node = 1; node < 4; ++node) {
      torch::Tensor sum;
      for (std::size_t e = 0; e < Nb201Space::kEdges; ++e) {
        if (Nb201Space::kEdgeTo[e] != node) continue;
        const std::optional<int> chosen = m.chosen ? std::optional<int>((*m.chosen)[e]) : std::nullopt;
        const auto out = edges_[e]->forward(nodes[Nb201Space::kEdgeFrom[e]], m.weights[static_cast<std::int64_t>(e)], chosen);
        sum = sum.defined() ? sum + out : out;
      }
      nodes.push_back(sum);
    }
    return nodes.back();
  }
  std::vector<std::shared_ptr<Nb201Edge>> edges_;
};

// NAS-Bench-201's residual reduction block.
struct ResidualReduction : nn::Module {
  ResidualReduction(int in, int out)
      : a_(register_module("conv_a", std::make_shared<ReluConvBn>(in, out, 3, 2))),
        b_(register_module("conv_b", std::make_shared<ReluConvBn>(out, out, 3, 1))),
        pool_(register_module("pool", nn::AvgPool2d(nn::AvgPool2dOptions(2).stride(2).ceil_mode(true)))),
        shortcut_(register_module("shortcut", conv(in, out, 1))) {}
  torch::Tensor forward(const torch::Tensor& x) { return b_->forward(a_->forward(x)) + shortcut_(pool_(x)); }
  std::shared_ptr<ReluConvBn> a_, b_;
  nn::AvgPool2d pool_;
  nn::Conv2d shortcut_;
};

class Nb201Supernet final : public Supernet {
public:
  Nb201Supernet(int in_channels, int num_classes, int c, int cells) {
    stem_ = register_module("stem", conv(in_channels, c, 3));
    stem_bn_ = register_module("stem_bn", batch_norm(c));
    int channels = c;
    for (int stage = 0; stage < 3; ++stage) {
      if (stage > 0) {
        reductions_.push_back(register_module("reduction" + std::to_string(stage),
                                              std::make_shared<ResidualReduction>(channels, channels * 2)));
        channels *= 2;
      }
      for (int i = 0; i < cells; ++i) {
        cells_.push_back(register_module("cell" + std::to_string(stage) + "_" + std::to_string(i),
                                         std::make_shared<Nb201Cell>(channels)));
      }
    }
    cells_per_stage_ = cells;
    last_bn_ = register_module("last_bn", batch_norm(channels));
    classifier_ = register_module("classifier", nn::Linear(channels, num_classes));
  }
  torch::Tensor forward(const torch::Tensor& x, const Mixing& m) override {
    auto h = tapped_norm(stem_bn_, stem_(x));
    for (int stage = 0; stage < 3; ++stage) {
      if (stage > 0) h = reductions_[stage - 1]->forward(h);
      for (int i = 0; i < cells_per_stage_; ++i) h = cells_[stage * cells_per_stage_ + i]->forward(h, m);
    }
    h = torch::relu(tapped_norm(last_bn_, h)).mean({2, 3});
    return classifier_(h);
  }
  std::int64_t decisions() const override { return Nb201Space::kEdges; }
  std::int64_t choices() const override { return Nb201Space::kOps; }

private:
  nn::Conv2d stem_{nullptr};
  nn::BatchNorm2d stem_bn_{nullptr}, last_bn_{nullptr};
  std::vector<std::shared_ptr<ResidualReduction>> reductions_;
  std::vector<std::shared_ptr<Nb201Cell>> cells_;
  int cells_per_stage_ = 0;
  nn::Linear classifier_{nullptr};
};

// FBNet's block: 1x1 group conv (expansion), channel shuffle when grouped, kxk
// depthwise conv (stride), 1x1 group conv (projection); residual when the shape holds.
struct FbnetBlockModule : nn::Module {
  FbnetBlockModule(const FbnetBlock& b, int in, int out, int stride)
      : groups_(b.groups), residual_(stride == 1 && in == out) {
    const int mid = in * b.expansion;
    expand_ = register_module("expand", conv(in, mid, 1, 1, b.groups));
    bn1_ = register_module("bn1", batch_norm(mid));
    depthwise_ = register_module("depthwise", conv(mid, mid, b.kernel, stride, mid));
    bn2_ = register_module("bn2", batch_norm(mid));
    project_ = register_module("project", conv(mid, out, 1, 1, b.groups));
    bn3_ = register_module("bn3", batch_norm(out));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    auto h = tapped_relu(tapped_norm(bn1_, tapped_layer(expand_, x)));
    if (groups_ > 1) {  // channel shuffle
      const auto n = h.size(0), c = h.size(1), hh = h.size(2), ww = h.size(3);
      h = h.view({n, groups_, c / groups_, hh, ww}).transpose(1, 2).contiguous().view({n, c, hh, ww});
    }
    h = tapped_relu(tapped_norm(bn2_, tapped_layer(depthwise_, h)));
    h = tapped_norm(bn3_, tapped_layer(project_, h));
    return residual_ ? h + x : h;
  }
  int groups_;
  bool residual_;
  nn::Conv2d expand_{nullptr}, depthwise_{nullptr}, project_{nullptr};
  nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr}, bn3_{nullptr};
};

// FBNet's skip: identity, or a strided 1x1 conv + BN where the shape changes.
struct FbnetSkip : nn::Module {
  FbnetSkip(int in, int out, int stride) {
    if (in != out || stride != 1) {
      conv_ = register_module("conv", conv(in, out, 1, stride));
      bn_ = register_module("bn", batch_norm(out));
    }
  }
  torch::Tensor forward(const torch::Tensor& x) { return conv_ ? tapped_norm(bn_, tapped_layer(conv_, x)) : x; }
  nn::Conv2d conv_{nullptr};
  nn::BatchNorm2d bn_{nullptr};
};

struct FbnetLayer : nn::Module {
  FbnetLayer(int in, int out, int stride) {
    for (int b = 0; b < FbnetSpace::kBlocks; ++b) {
      const FbnetBlock& block = FbnetSpace::kBlockTable[b];
      if (block.is_skip()) {
        skip_ = register_module("block" + std::to_string(b), std::make_shared<FbnetSkip>(in, out, stride));
      } else {
        blocks_.push_back(register_module("block" + std::to_string(b), std::make_shared<FbnetBlockModule>(block, in, out, stride)));
      }
    }
  }
  torch::Tensor op(int b, const torch::Tensor& x) {
    return FbnetSpace::kBlockTable[b].is_skip() ? skip_->forward(x) : blocks_[b]->forward(x);
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& w, std::optional<int> chosen) {
    return mix([this](int b, const torch::Tensor& in) { return op(b, in); }, FbnetSpace::kBlocks, w, chosen, x);
  }
  std::vector<std::shared_ptr<FbnetBlockModule>> blocks_;  // blocks 0..7; the skip (8) is last in kBlockTable
  std::shared_ptr<FbnetSkip> skip_;
};

class FbnetSupernet final : public Supernet {
public:
  FbnetSupernet(const FbnetSpace& space, int in_channels, int num_classes, int width) {
    const auto scaled = [&](int c) { return std::max(2, (c * width / 16 + 1) / 2 * 2); };
    const FbnetMacro& m = space.macro();
    stem_ = register_module("stem", conv(in_channels, scaled(m.stem_channels), 3, m.stem_stride));
    stem_bn_ = register_module("stem_bn", batch_norm(scaled(m.stem_channels)));
    for (std::size_t l = 0; l < space.layers().size(); ++l) {
      const FbnetLayerShape& s = space.layers()[l];
      layers_.push_back(register_module("layer" + std::to_string(l),
                                        std::make_shared<FbnetLayer>(scaled(s.in_channels), scaled(s.out_channels), s.stride)));
    }
    head_ = register_module("head", conv(scaled(space.layers().back().out_channels), scaled(m.head_channels), 1));
    head_bn_ = register_module("head_bn", batch_norm(scaled(m.head_channels)));
    classifier_ = register_module("classifier", nn::Linear(scaled(m.head_channels), num_classes));
  }
  torch::Tensor forward(const torch::Tensor& x, const Mixing& m) override {
    auto h = tapped_relu(tapped_norm(stem_bn_, tapped_layer(stem_, x)));
    for (std::size_t l = 0; l < layers_.size(); ++l) {
      const std::optional<int> chosen = m.chosen ? std::optional<int>((*m.chosen)[l]) : std::nullopt;
      h = layers_[l]->forward(h, m.weights[static_cast<std::int64_t>(l)], chosen);
    }
    h = tapped_relu(tapped_norm(head_bn_, tapped_layer(head_, h))).mean({2, 3});
    return tapped_layer(classifier_, h);
  }
  std::int64_t decisions() const override { return FbnetSpace::kLayers; }
  std::int64_t choices() const override { return FbnetSpace::kBlocks; }

private:
  nn::Conv2d stem_{nullptr}, head_{nullptr};
  nn::BatchNorm2d stem_bn_{nullptr}, head_bn_{nullptr};
  std::vector<std::shared_ptr<FbnetLayer>> layers_;
  nn::Linear classifier_{nullptr};
};

}  // namespace

std::shared_ptr<Supernet> make_nb201_supernet(int in_channels, int num_classes, int channels, int cells) {
  return std::make_shared<Nb201Supernet>(in_channels, num_classes, channels, cells);
}

std::shared_ptr<Supernet> make_fbnet_supernet(const FbnetSpace& space, int in_channels, int num_classes, int width) {
  return std::make_shared<FbnetSupernet>(space, in_channels, num_classes, width);
}

namespace {

// The FBNet entry's space, which its name promises.
const FbnetSpace& as_fbnet(const SearchSpace& space) {
  const auto* fbnet = dynamic_cast<const FbnetSpace*>(&space);
  if (!fbnet) throw std::logic_error("a space named fbnet that is not an FbnetSpace");
  return *fbnet;
}

}  // namespace

const Registry<SupernetFamily>& supernet_families() {
  static const Registry<SupernetFamily> registry(
      "space with a supernet",
      {
          {"nb201", "NAS-Bench-201's TinyNetwork with a mixed op per edge",
           [](const SearchSpace&, int in_channels, int num_classes, int channels, int cells) {
             return make_nb201_supernet(in_channels, num_classes, channels, cells);
           },
           [](const SearchSpace&, const std::string& dataset) {
             const Nb201DatasetShape shape = nb201_dataset_shape(dataset);
             return BenchmarkNetwork{make_nb201_supernet(3, shape.num_classes, 16, 5), shape.input_size, shape.num_classes,
                                     "NB201 TinyNetwork C=16 N=5, " + dataset};
           }},
          {"fbnet", "the 22-layer FBNet supernet on the space's macro setting",
           [](const SearchSpace& space, int in_channels, int num_classes, int channels, int) {
             return make_fbnet_supernet(as_fbnet(space), in_channels, num_classes, channels);
           },
           [](const SearchSpace& space, const std::string&) {
             const FbnetSpace& fbnet = as_fbnet(space);
             return BenchmarkNetwork{make_fbnet_supernet(fbnet, 3, fbnet.macro().num_classes, 16), fbnet.macro().input_size,
                                     fbnet.macro().num_classes, "FBNet " + fbnet.macro().dataset + " network"};
           }},
      });
  return registry;
}

}  // namespace hwnas
