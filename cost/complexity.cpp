#include "cost/complexity.hpp"

#include "spaces/nb201_space.hpp"

namespace hwnas {
namespace {

// Accumulates one layer at a time, in absolute counts.
struct Counter {
  double flops = 0, params = 0;
  // k x k convolution without bias (as all convolutions here), followed by batch norm.
  // `times` identical layers at once. Every count here is a whole number far
  // below 2^53, so doubles add them exactly, in any order.
  void conv_bn(int in_c, int out_c, int kernel, int out_size, int groups = 1, int times = 1) {
    const double weights = static_cast<double>(kernel) * kernel * in_c * out_c / groups;
    flops += times * (weights * out_size * out_size);
    params += times * (weights + 2.0 * out_c);
  }
  void batch_norm(int channels) { params += 2.0 * channels; }
  void linear(int in_f, int out_f) {
    flops += static_cast<double>(in_f) * out_f + out_f;
    params += static_cast<double>(in_f) * out_f + out_f;
  }
  Complexity millions() const { return {flops / 1e6, params / 1e6}; }
};

}  // namespace

Complexity nb201_complexity(const Arch& arch, int input_size, int num_classes) {
  constexpr int kC = 16, kCellsPerStage = 5;
  // The cells of a stage are identical, so a stage counts each conv op once,
  // times how often the cell uses it times the cells per stage.
  int conv1x1 = 0, conv3x3 = 0;
  for (std::size_t e = 0; e < Nb201Space::kEdges; ++e) {
    conv1x1 += arch[e] == Nb201Space::kConv1x1;
    conv3x3 += arch[e] == Nb201Space::kConv3x3;
  }
  Counter count;
  int size = input_size, channels = kC;
  count.conv_bn(3, kC, 3, size);  // stem
  for (int stage = 0; stage < 3; ++stage) {
    if (stage > 0) {
      // ResNet basic block with stride 2: two 3x3 ReLU-conv-BN and an avgpool + 1x1 conv shortcut.
      const int out = channels * 2;
      size = (size + 1) / 2;
      count.conv_bn(channels, out, 3, size);
      count.conv_bn(out, out, 3, size);
      count.flops += static_cast<double>(channels) * out * size * size;  // shortcut conv, no BN
      count.params += static_cast<double>(channels) * out;
      channels = out;
    }
    // none, skip and avg pool (same channels in and out) have no weights and count no FLOPs.
    count.conv_bn(channels, channels, 1, size, 1, kCellsPerStage * conv1x1);
    count.conv_bn(channels, channels, 3, size, 1, kCellsPerStage * conv3x3);
  }
  count.batch_norm(channels);  // last BN + ReLU before global pooling
  count.linear(channels, num_classes);
  return count.millions();
}

Complexity fbnet_complexity(const FbnetSpace& space, const Arch& arch) {
  const FbnetMacro& m = space.macro();
  Counter count;
  const auto& layers = space.layers();
  count.conv_bn(3, m.stem_channels, 3, layers.front().in_size);
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const FbnetLayerShape& s = layers[l];
    const FbnetBlock& b = FbnetSpace::kBlockTable[arch[l]];
    if (b.is_skip()) {
      if (s.in_channels != s.out_channels || s.stride != 1) count.conv_bn(s.in_channels, s.out_channels, 1, s.out_size());
      continue;
    }
    const int mid = s.in_channels * b.expansion;
    count.conv_bn(s.in_channels, mid, 1, s.in_size, b.groups);
    count.conv_bn(mid, mid, b.kernel, s.out_size(), mid);
    count.conv_bn(mid, s.out_channels, 1, s.out_size(), b.groups);
  }
  count.conv_bn(layers.back().out_channels, m.head_channels, 1, layers.back().out_size());
  count.linear(m.head_channels, m.num_classes);
  return count.millions();
}

}  // namespace hwnas
