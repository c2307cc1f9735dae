#include "torch/image_data.hpp"

#include <zlib.h>

#include "core/error.hpp"

namespace hwnas {
namespace {

// Whole file, decompressed when gzip (zlib reads plain files unchanged).
std::vector<unsigned char> read_maybe_gzip(const std::filesystem::path& file) {
  gzFile f = gzopen(file.c_str(), "rb");
  if (!f) throw InputError(file.string() + ": cannot open file");
  std::vector<unsigned char> bytes;
  unsigned char buf[1 << 16];
  int n = 0;
  while ((n = gzread(f, buf, sizeof buf)) > 0) bytes.insert(bytes.end(), buf, buf + n);
  const bool failed = n < 0;
  gzclose(f);
  if (failed) throw InputError(file.string() + ": corrupt gzip data");
  return bytes;
}

std::uint32_t big_endian(const std::vector<unsigned char>& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

torch::Tensor read_idx(const std::filesystem::path& file, std::uint32_t expected_magic, std::size_t dims) {
  const auto bytes = read_maybe_gzip(file);
  const std::size_t header = 4 + 4 * dims;
  if (bytes.size() < header) throw InputError(file.string() + ": too short for an IDX header");
  const std::uint32_t magic = big_endian(bytes, 0);
  if (magic != expected_magic) {
    char buf[96];
    std::snprintf(buf, sizeof buf, ": IDX magic number 0x%08x, expected 0x%08x", magic, expected_magic);
    throw InputError(file.string() + buf);
  }
  std::vector<std::int64_t> shape;
  std::size_t count = 1;
  for (std::size_t d = 0; d < dims; ++d) {
    shape.push_back(big_endian(bytes, 4 + 4 * d));
    count *= static_cast<std::size_t>(shape.back());
  }
  if (bytes.size() != header + count) {
    throw InputError(file.string() + ": header promises " + std::to_string(count) + " bytes of data, file has " +
                     std::to_string(bytes.size() - header) + " (truncated?)");
  }
  return torch::from_blob(const_cast<unsigned char*>(bytes.data() + header), shape, torch::kUInt8).clone();
}

// Normalises train and test with the training set's per-channel statistics.
void normalise(ImageData& data, torch::Tensor train_u8, torch::Tensor test_u8) {
  auto train = train_u8.to(torch::kFloat32).div_(255.0);
  auto test = test_u8.to(torch::kFloat32).div_(255.0);
  const auto mean = train.mean({0, 2, 3}, true);
  const auto std = train.std({0, 2, 3}, true, true).clamp_min(1e-6);
  data.train.images = (train - mean) / std;
  data.test.images = (test - mean) / std;
}

}  // namespace

torch::Tensor read_idx_images(const std::filesystem::path& file) {
  return read_idx(file, 0x00000803, 3).unsqueeze(1);  // [N, 1, H, W]
}

torch::Tensor read_idx_labels(const std::filesystem::path& file) { return read_idx(file, 0x00000801, 1); }

std::pair<torch::Tensor, torch::Tensor> read_cifar_binary(const std::filesystem::path& file, int label_bytes) {
  const auto bytes = read_maybe_gzip(file);
  const std::size_t record = static_cast<std::size_t>(label_bytes) + 3 * 32 * 32;
  if (bytes.empty() || bytes.size() % record != 0) {
    throw InputError(file.string() + ": " + std::to_string(bytes.size()) + " bytes is not a whole number of " +
                     std::to_string(record) + "-byte CIFAR records");
  }
  const auto n = static_cast<std::int64_t>(bytes.size() / record);
  const auto all = torch::from_blob(const_cast<unsigned char*>(bytes.data()), {n, static_cast<std::int64_t>(record)},
                                    torch::kUInt8);
  auto labels = all.select(1, label_bytes - 1).clone();
  auto images = all.narrow(1, label_bytes, 3 * 32 * 32).reshape({n, 3, 32, 32}).clone();
  return {images, labels};
}

ImageData load_image_data(const std::string& spec, std::size_t max_train) {
  const std::size_t colon = spec.find(':');
  const std::string kind = spec.substr(0, colon);
  const std::filesystem::path dir = colon == std::string::npos ? std::string() : spec.substr(colon + 1);
  ImageData data;
  data.name = kind;
  torch::Tensor train_x, train_y, test_x, test_y;
  if (kind == "fashion-mnist") {
    const std::filesystem::path d = dir.empty() ? std::filesystem::path(kFashionMnistDir) : dir;
    const auto file = [&](const std::string& stem) {
      const auto gz = d / (stem + ".gz");
      return std::filesystem::exists(gz) ? gz : d / stem;
    };
    if (!std::filesystem::exists(file("train-images-idx3-ubyte"))) {
      throw InputError("no Fashion-MNIST in " + d.string() + " (install Debian's dataset-fashion-mnist, or give "
                       "--data fashion-mnist:DIR with train-images-idx3-ubyte.gz and friends)");
    }
    train_x = read_idx_images(file("train-images-idx3-ubyte"));
    train_y = read_idx_labels(file("train-labels-idx1-ubyte"));
    test_x = read_idx_images(file("t10k-images-idx3-ubyte"));
    test_y = read_idx_labels(file("t10k-labels-idx1-ubyte"));
    data.num_classes = 10;
  } else if (kind == "cifar10" || kind == "cifar100") {
    if (dir.empty()) throw InputError("--data " + kind + ":DIR needs the folder of the binary files");
    const bool ten = kind == "cifar10";
    std::vector<std::filesystem::path> train_files;
    if (ten) {
      for (int b = 1; b <= 5; ++b) train_files.push_back(dir / ("data_batch_" + std::to_string(b) + ".bin"));
    } else {
      train_files.push_back(dir / "train.bin");
    }
    std::vector<torch::Tensor> xs, ys;
    for (const auto& f : train_files) {
      auto [x, y] = read_cifar_binary(f, ten ? 1 : 2);
      xs.push_back(x);
      ys.push_back(y);
    }
    train_x = torch::cat(xs);
    train_y = torch::cat(ys);
    std::tie(test_x, test_y) = read_cifar_binary(dir / (ten ? "test_batch.bin" : "test.bin"), ten ? 1 : 2);
    data.num_classes = ten ? 10 : 100;
  } else {
    throw InputError("unknown image data '" + spec + "' (known: fashion-mnist[:DIR], cifar10:DIR, cifar100:DIR)");
  }
  if (train_x.size(0) != train_y.size(0) || test_x.size(0) != test_y.size(0)) {
    throw InputError(spec + ": image and label files hold different numbers of examples");
  }
  if (train_y.max().item<int>() >= data.num_classes || test_y.max().item<int>() >= data.num_classes) {
    throw InputError(spec + ": a label is out of range for " + std::to_string(data.num_classes) + " classes");
  }
  if (max_train > 0 && static_cast<std::int64_t>(max_train) < train_x.size(0)) {
    train_x = train_x.narrow(0, 0, static_cast<std::int64_t>(max_train));
    train_y = train_y.narrow(0, 0, static_cast<std::int64_t>(max_train));
  }
  normalise(data, train_x, test_x);
  data.train.labels = train_y.to(torch::kInt64);
  data.test.labels = test_y.to(torch::kInt64);
  return data;
}

std::pair<torch::Tensor, torch::Tensor> make_batch(const ImageDataset& data, const std::vector<std::int64_t>& indices,
                                                   bool augment, bool flip, Rng& rng) {
  const auto index = torch::tensor(indices, torch::kInt64);
  auto images = data.images.index_select(0, index);
  const auto labels = data.labels.index_select(0, index);
  if (!augment) return {images, labels};
  const std::int64_t size = images.size(2), pad = std::max<std::int64_t>(1, size / 8);
  const auto padded = torch::constant_pad_nd(images, {pad, pad, pad, pad}, 0.0);
  auto out = torch::empty_like(images);
  for (std::int64_t i = 0; i < images.size(0); ++i) {
    const auto dy = static_cast<std::int64_t>(rng.below(2 * pad + 1));
    const auto dx = static_cast<std::int64_t>(rng.below(2 * pad + 1));
    auto crop = padded[i].narrow(1, dy, size).narrow(2, dx, size);
    if (flip && rng.below(2) == 1) crop = crop.flip({2});
    out[i].copy_(crop);
  }
  return {out, labels};
}

}  // namespace hwnas
