#pragma once
// Real images for supernet training: Fashion-MNIST in IDX format (gzip or
// plain; Debian's dataset-fashion-mnist installs it under
// /usr/share/datasets/fashion-mnist) and CIFAR-10/CIFAR-100 in their binary
// format. Includes LibTorch: only torch/ may include this header.
#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/rng.hpp"

namespace hwnas {

struct ImageDataset {
  torch::Tensor images;  // [N, C, H, W] float32, normalised per channel
  torch::Tensor labels;  // [N] int64
  std::int64_t size() const { return images.size(0); }
};

struct ImageData {
  std::string name;  // fashion-mnist, cifar10, cifar100
  int num_classes = 0;
  bool flip = true;  // horizontal flips are label-preserving for these data sets
  ImageDataset train, test;
  int channels() const { return static_cast<int>(train.images.size(1)); }
  int image_size() const { return static_cast<int>(train.images.size(2)); }
};

inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// `spec` is "fashion-mnist" (the Debian package's files), "fashion-mnist:DIR",
// "cifar10:DIR" (data_batch_1..5.bin, test_batch.bin) or "cifar100:DIR"
// (train.bin, test.bin; fine labels). `max_train` > 0 keeps the first images
// of the training set. Pixels are normalised with the training set's
// per-channel mean and std. Throws InputError naming the file and problem.
ImageData load_image_data(const std::string& spec, std::size_t max_train = 0);

// Readers of one file each, as uint8 tensors: images [N, C, H, W], labels [N].
torch::Tensor read_idx_images(const std::filesystem::path& file);
torch::Tensor read_idx_labels(const std::filesystem::path& file);
// CIFAR binary records: `label_bytes` (1 for CIFAR-10, 2 for CIFAR-100 whose
// second byte is the fine label) then 3x32x32 pixels.
std::pair<torch::Tensor, torch::Tensor> read_cifar_binary(const std::filesystem::path& file, int label_bytes);

// A batch of `indices` from `data`, with random crop (zero padding of size/8)
// and horizontal flip drawn from `rng` when `augment` is set.
std::pair<torch::Tensor, torch::Tensor> make_batch(const ImageDataset& data, const std::vector<std::int64_t>& indices,
                                                   bool augment, bool flip, Rng& rng);

}  // namespace hwnas
