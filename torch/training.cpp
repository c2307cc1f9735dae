#include "torch/training.hpp"

#include <algorithm>
#include <map>
#include <charconv>
#include <thread>

#include "core/rng.hpp"

namespace hwnas::training {

std::string number_text(double v) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// The settings as stored in a checkpoint: "name=value" lines.
void write_settings(torch::serialize::OutputArchive& a, const SupernetSettings& settings) {
  std::string text;
  for (const auto& [name, value] : settings) text += name + "=" + value + "\n";
  a.write("settings", c10::IValue(text));
}

SupernetSettings read_settings(torch::serialize::InputArchive& a, const std::filesystem::path& file) {
  c10::IValue text;
  if (!a.try_read("settings", text) || !text.isString()) {
    throw InputError(file.string() + ": a checkpoint without its settings (made by an older hwnas?); train it again");
  }
  SupernetSettings settings;
  std::string_view rest = text.toStringRef();
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) throw InputError(file.string() + ": damaged settings in the checkpoint");
    settings.emplace_back(line.substr(0, eq), line.substr(eq + 1));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  return settings;
}

std::string setting_differences(const SupernetSettings& saved, const SupernetSettings& current) {
  // Settings recorded only since data-parallel training: older checkpoints were made alone, with whole-batch batch norm.
  static const std::map<std::string, std::string> later = {{"world-size", "1"}, {"bn-images", "0"}};
  std::string differences;
  for (const auto& [name, value] : current) {
    const auto it = std::find_if(saved.begin(), saved.end(), [&](const auto& s) { return s.first == name; });
    const auto default_value = later.find(name);
    const std::string was = it != saved.end()               ? it->second
                            : default_value != later.end() ? default_value->second
                                                           : "(not recorded)";
    if (was != value) differences += (differences.empty() ? "" : ", ") + name + " " + was + " (this run: " + value + ")";
  }
  return differences;
}

std::string setting(const SupernetSettings& settings, std::string_view name, const std::filesystem::path& file) {
  for (const auto& [n, v] : settings) {
    if (n == name) return v;
  }
  throw InputError(file.string() + ": the checkpoint lacks the setting '" + std::string(name) + "'");
}

torch::Device pick_device(const std::string& wanted) {
  if (wanted == "cpu") return torch::kCPU;
  if (wanted == "cuda" || wanted == "auto") {
    if (torch::cuda::is_available()) return torch::kCUDA;
    if (wanted == "cuda") throw InputError("--torch-device cuda: this LibTorch build has no usable CUDA device");
    return torch::kCPU;
  }
  throw InputError("unknown --torch-device '" + wanted + "' (known: cpu, cuda, auto)");
}

std::shared_ptr<Supernet> build_supernet(const SearchSpace& space, const ImageData& data, const SupernetConfig& c) {
  return supernet_families().get(space.name()).build(space, data.channels(), static_cast<int>(data.num_classes), c.channels,
                                                     c.cells);
}

// The seeded split of the training images: the first half trains weights, the second alpha (and scores sub-networks).
std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>> split(std::int64_t n, std::uint64_t seed) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  Rng rng(seed, 0x5eed);
  rng.shuffle(order);
  const auto half = order.begin() + n / 2;
  return {std::vector<std::int64_t>(order.begin(), half), std::vector<std::int64_t>(half, order.end())};
}

double accuracy_of(Supernet& net, const torch::Tensor& x, const torch::Tensor& y, const Mixing& m, torch::Device dev) {
  torch::NoGradGuard no_grad;
  std::int64_t correct = 0;
  constexpr std::int64_t kBatch = 256;
  for (std::int64_t i = 0; i < x.size(0); i += kBatch) {
    const auto n = std::min(kBatch, x.size(0) - i);
    const auto logits = net.forward(x.narrow(0, i, n).to(dev), m);
    correct += logits.argmax(1).eq(y.narrow(0, i, n).to(dev)).sum().item<std::int64_t>();
  }
  return 100.0 * static_cast<double>(correct) / static_cast<double>(x.size(0));
}

Mixing fixed_mixing(const Arch& arch, std::int64_t decisions, std::int64_t choices, torch::Device dev) {
  return {torch::ones({decisions, choices}, torch::TensorOptions().device(dev)), arch};
}

Arch argmax_arch(const torch::Tensor& alpha) {
  const auto idx = alpha.argmax(1).to(torch::kCPU);
  Arch arch(static_cast<std::size_t>(alpha.size(0)));
  for (std::int64_t d = 0; d < alpha.size(0); ++d) arch.set(static_cast<std::size_t>(d), static_cast<int>(idx[d].item<std::int64_t>()));
  return arch;
}

// Drops every gradient (PyTorch's zero_grad(set_to_none=True); libtorch 1.13's
// zero_grad() only zeroes them). With zeroed-but-defined gradients SGD keeps
// applying momentum and weight decay to ops a GDAS sample did not use, and that
// hidden state is lost at a restart: resumed runs then diverge. With none, an
// op that did not run in a step is not touched by it.
void clear_grads(const std::vector<torch::Tensor>& params) {
  for (const auto& p : params) {
    if (p.grad().defined()) const_cast<torch::Tensor&>(p).mutable_grad() = torch::Tensor();
  }
}

void set_threads(int threads) {
  torch::set_num_threads(threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

}  // namespace hwnas::training
