#include "spaces/fbnet_space.hpp"

#include <charconv>

#include "core/error.hpp"

namespace hwnas {

FbnetMacro FbnetMacro::cifar100() {
  // As HW-NAS-Bench's CIFAR-100 setting: stride-1 stem, 32x32 input, 1504-channel head.
  return {"cifar100", 32, 100, 16, 1, {1, 4, 4, 4, 4, 4, 1}, {16, 24, 32, 64, 112, 184, 352}, {1, 1, 2, 2, 1, 2, 1},
          1504};
}

FbnetMacro FbnetMacro::imagenet() {
  // FBNet's ImageNet setting: stride-2 stem, 224x224 input, 1984-channel head.
  return {"ImageNet", 224, 1000, 16, 2, {1, 4, 4, 4, 4, 4, 1}, {16, 24, 32, 64, 112, 184, 352}, {1, 2, 2, 2, 1, 2, 1},
          1984};
}

FbnetMacro FbnetMacro::for_dataset(std::string_view dataset) {
  if (dataset == "cifar100") return cifar100();
  if (dataset == "ImageNet" || dataset == "imagenet") return imagenet();
  throw InputError("FBNet has no setting for dataset '" + std::string(dataset) + "' (known: cifar100, ImageNet)");
}

FbnetSpace::FbnetSpace(FbnetMacro macro) : macro_(std::move(macro)) {
  int channels = macro_.stem_channels;
  int size = (macro_.input_size + macro_.stem_stride - 1) / macro_.stem_stride;
  for (std::size_t s = 0; s < macro_.stage_layers.size(); ++s) {
    for (int l = 0; l < macro_.stage_layers[s]; ++l) {
      FbnetLayerShape shape{channels, macro_.stage_channels[s], l == 0 ? macro_.stage_strides[s] : 1, size};
      layers_.push_back(shape);
      channels = shape.out_channels;
      size = shape.out_size();
    }
  }
  if (layers_.size() != kLayers) throw std::logic_error("FBNet macro settings must give 22 layers");
}

std::string FbnetSpace::choice_name(std::size_t, int choice) const {
  return std::string(kBlockTable.at(choice).name);
}

std::string FbnetSpace::to_string(const Arch& arch) const {
  std::string s;
  for (std::size_t l = 0; l < arch.size(); ++l) {
    if (l) s += ',';
    s += std::to_string(arch[l]);
  }
  return s;
}

Arch FbnetSpace::parse(std::string_view text) const {
  Arch arch(kLayers);
  std::size_t layer = 0, pos = 0;
  while (true) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    const std::string_view item = text.substr(pos, comma - pos);
    if (layer == kLayers) {
      throw InputError("FBNet arch has more than 22 entries: '" + std::string(text) + "'");
    }
    int block = -1;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), block);
    if (ec != std::errc() || end != item.data() + item.size()) {
      block = -1;
      for (int b = 0; b < kBlocks; ++b) {
        if (kBlockTable[b].name == item) block = b;
      }
    }
    if (block < 0 || block >= kBlocks) {
      throw InputError("FBNet arch entry " + std::to_string(layer) + " is '" + std::string(item) +
                       "': expected a block index 0..8 or a name (k3_e1, k3_e1_g2, k3_e3, k3_e6, k5_e1, k5_e1_g2, "
                       "k5_e3, k5_e6, skip)");
    }
    arch.set(layer++, block);
    if (comma == text.size()) break;
    pos = comma + 1;
  }
  if (layer != kLayers) {
    throw InputError("FBNet arch needs 22 comma-separated blocks, got " + std::to_string(layer));
  }
  return arch;
}

}  // namespace hwnas
