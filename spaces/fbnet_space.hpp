#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "spaces/search_space.hpp"

namespace hwnas {

// One candidate block of the FBNet space: an inverted-residual (MBConv) block
// with a kernel size, an expansion ratio and a group count for its 1x1 convs,
// or a skip.
struct FbnetBlock {
  std::string_view name;
  int kernel = 0;     // 0 for skip
  int expansion = 0;  // 0 for skip
  int groups = 1;
  bool is_skip() const { return kernel == 0; }
};

// The macro structure around the 22 searchable layers (HW-NAS-Bench's two settings).
struct FbnetMacro {
  std::string dataset;
  int input_size;
  int num_classes;
  int stem_channels;
  int stem_stride;
  std::array<int, 7> stage_layers;
  std::array<int, 7> stage_channels;
  std::array<int, 7> stage_strides;  // stride of each stage's first layer
  int head_channels;

  static FbnetMacro cifar100();
  static FbnetMacro imagenet();
  // "cifar100" or "ImageNet" (upstream's names; "imagenet" is accepted too); InputError otherwise.
  static FbnetMacro for_dataset(std::string_view dataset);
};

// Shape of one searchable layer, derived from the macro settings.
struct FbnetLayerShape {
  int in_channels, out_channels, stride, in_size;  // in_size: input height = width
  int out_size() const { return (in_size + stride - 1) / stride; }
};

// FBNet: 22 layers, each one of 9 blocks. Too large to enumerate (9^22).
class FbnetSpace final : public SearchSpace {
public:
  static constexpr std::size_t kLayers = 22;
  static constexpr int kBlocks = 9;
  static constexpr std::array<FbnetBlock, kBlocks> kBlockTable = {{
      {"k3_e1", 3, 1, 1},
      {"k3_e1_g2", 3, 1, 2},
      {"k3_e3", 3, 3, 1},
      {"k3_e6", 3, 6, 1},
      {"k5_e1", 5, 1, 1},
      {"k5_e1_g2", 5, 1, 2},
      {"k5_e3", 5, 3, 1},
      {"k5_e6", 5, 6, 1},
      {"skip", 0, 0, 1},
  }};

  explicit FbnetSpace(FbnetMacro macro);

  const FbnetMacro& macro() const { return macro_; }
  const std::vector<FbnetLayerShape>& layers() const { return layers_; }

  std::string name() const override { return "fbnet"; }
  std::size_t num_decisions() const override { return kLayers; }
  int num_choices(std::size_t) const override { return kBlocks; }
  std::string choice_name(std::size_t, int choice) const override;
  // Comma-separated block indices, e.g. 7,8,1,... (22 numbers).
  std::string to_string(const Arch& arch) const override;
  // 22 comma-separated entries, each a block index 0..8 or a block name (k5_e6, skip).
  Arch parse(std::string_view text) const override;

private:
  FbnetMacro macro_;
  std::vector<FbnetLayerShape> layers_;
};

}  // namespace hwnas
