// A trained supernet as an accuracy source (--accuracy-from).
#include <mutex>
#include <unordered_map>

#include "torch/training.hpp"

namespace hwnas {
namespace {

using namespace training;

// Scores sub-networks with the supernet's inherited weights. Evaluations are
// cached, and serialised: searchers on several threads may share one source.
class SupernetAccuracy final : public AccuracySource {
public:
  SupernetAccuracy(const std::filesystem::path& dir, const SearchSpace& space, std::shared_ptr<const AccuracySource> final_source)
      : final_(std::move(final_source)), dev_(pick_device("auto")) {
    const auto file = dir / "checkpoint.pt";
    if (!std::filesystem::exists(file)) throw InputError(file.string() + ": no trained supernet there");
    torch::serialize::InputArchive a, model;
    SupernetConfig c;
    std::uint64_t seed = 0;
    read_checkpoint(file, [&] {
      a.load_from(file.string());
      const SupernetSettings s = read_settings(a, file);
      const std::string of = setting(s, "space", file);
      if (of != space.name()) throw InputError(file.string() + ": a supernet of " + of + ", not " + space.name());
      c.data = setting(s, "data", file);
      c.train_images = std::stoull(setting(s, "train-images", file));
      c.channels = std::stoi(setting(s, "channels", file));
      c.cells = std::stoi(setting(s, "cells", file));
      seed = std::stoull(setting(s, "seed", file));
    });
    const ImageData data = load_image_data(c.data, c.train_images);
    net_ = build_supernet(space, data, c);
    read_checkpoint(file, [&] {
      a.read("model", model);
      net_->load(model);
    });
    net_->to(dev_);
    net_->eval();
    const auto [weights, held_out] = split(data.train.size(), seed);
    const std::size_t n = std::min(c.eval_images, held_out.size());
    const auto idx = torch::tensor(std::vector<std::int64_t>(held_out.begin(), held_out.begin() + static_cast<std::ptrdiff_t>(n)));
    x_ = data.train.images.index_select(0, idx);
    y_ = data.train.labels.index_select(0, idx);
  }

  double signal(const Arch& arch) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto it = cache_.find(arch); it != cache_.end()) return it->second;
    const double acc = accuracy_of(*net_, x_, y_, fixed_mixing(arch, net_->decisions(), net_->choices(), dev_), dev_);
    cache_.emplace(arch, acc);
    return acc;
  }
  std::optional<double> final_accuracy(const Arch& arch) const override {
    return final_ ? final_->final_accuracy(arch) : std::nullopt;
  }
  std::string signal_name() const override { return "supernet_valid"; }
  std::string final_name() const override { return final_ ? final_->final_name() : "none"; }

private:
  std::shared_ptr<const AccuracySource> final_;
  torch::Device dev_;
  std::shared_ptr<Supernet> net_;
  torch::Tensor x_, y_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<Arch, double> cache_;
};

}  // namespace

std::shared_ptr<AccuracySource> load_supernet_accuracy(const std::filesystem::path& checkpoint_dir,
                                                       const SearchSpace& space,
                                                       std::shared_ptr<const AccuracySource> final_source) {
  return std::make_shared<SupernetAccuracy>(checkpoint_dir, space, std::move(final_source));
}

}  // namespace hwnas
