// Supernet training, checkpoints and the supernet accuracy source.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <numbers>
#include <thread>
#include <unordered_map>

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/progress.hpp"
#include "core/registry.hpp"
#include "torch/image_data.hpp"
#include "torch/supernet_search.hpp"
#include "torch/supernets.hpp"
#include "spaces/fbnet_space.hpp"
#include "spaces/nb201_space.hpp"

namespace hwnas {
namespace {

namespace F = torch::nn::functional;

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

std::string setting(const SupernetSettings& settings, std::string_view name, const std::filesystem::path& file) {
  for (const auto& [n, v] : settings) {
    if (n == name) return v;
  }
  throw InputError(file.string() + ": the checkpoint lacks the setting '" + std::string(name) + "'");
}

// Runs `read` on the checkpoint `file`; LibTorch's errors about a damaged or
// foreign file (a multi-line trace) become one line naming the file.
template <typename Read>
void read_checkpoint(const std::filesystem::path& file, Read&& read) {
  try {
    read();
  } catch (const c10::Error& e) {
    std::string reason = e.what_without_backtrace();
    reason = reason.substr(0, reason.find('\n'));
    throw InputError(file.string() + ": not a readable hwnas checkpoint (" + reason + ")");
  }
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

// A supernet mode (SupernetConfig::mode, the searcher's name): how a step
// mixes the candidate ops from the architecture weights, and the temperature
// schedule of that mixing. A new mode is one entry here and its searcher's
// entry in search/searchers/registry.cpp.
struct SupernetMode {
  std::string name;
  std::string description;
  // The temperature of `epoch` (0-based) of `epochs`; tau_max/tau_min are the user's overrides.
  std::function<double(int epoch, int epochs, std::optional<double> tau_max, std::optional<double> tau_min)>
      temperature;
  // The mixing of one step from `alpha` at temperature `tau`; `gumbel` draws
  // Gumbel(0, 1) noise of alpha's shape from the run's checkpointed stream.
  std::function<Mixing(const torch::Tensor& alpha, double tau, const std::function<torch::Tensor()>& gumbel)> mix;
};

const Registry<SupernetMode>& supernet_modes() {
  static const Registry<SupernetMode> registry(
      "supernet mode",
      {
          {"darts", "softmax mixture of all ops (Liu et al. 2019, first order)",
           [](int, int, std::optional<double>, std::optional<double>) { return 1.0; },
           [](const torch::Tensor& alpha, double, const std::function<torch::Tensor()>&) {
             return Mixing{torch::softmax(alpha, 1), std::nullopt};
           }},
          {"gdas", "hard Gumbel-softmax sample, straight-through; tau linear from 10 to 0.1 (Dong and Yang 2019)",
           [](int epoch, int epochs, std::optional<double> tau_max, std::optional<double> tau_min) {
             const double hi = tau_max.value_or(10.0), lo = tau_min.value_or(0.1);
             return epochs == 1 ? lo : hi - (hi - lo) * epoch / (epochs - 1);
           },
           [](const torch::Tensor& alpha, double tau, const std::function<torch::Tensor()>& gumbel) {
             const auto soft = torch::softmax((alpha + gumbel()) / tau, 1);
             const auto index = soft.argmax(1);
             const auto hard = torch::zeros_like(soft).scatter_(1, index.unsqueeze(1), 1.0);
             return Mixing{hard - soft.detach() + soft, argmax_arch(soft.detach())};  // straight-through
           }},
          {"fbnet", "soft Gumbel-softmax mixture; tau 5 * 0.956^epoch (Wu et al. 2019)",
           [](int epoch, int, std::optional<double> tau_max, std::optional<double>) {
             return tau_max.value_or(5.0) * std::pow(0.956, epoch);
           },
           [](const torch::Tensor& alpha, double tau, const std::function<torch::Tensor()>& gumbel) {
             return Mixing{torch::softmax((alpha + gumbel()) / tau, 1), std::nullopt};
           }},
      });
  return registry;
}

// A cost loss (--cost-loss): the architecture step's loss from the
// cross-entropy and the expected cost E[cost] under softmax(alpha).
struct CostLoss {
  std::string name;
  std::string description;
  std::function<torch::Tensor(const torch::Tensor& ce, const torch::Tensor& expected_cost, double weight, double scale)>
      loss;
  // log(E[cost]) must be positive: every cost above 1.
  bool needs_costs_above_one = false;
};

// The implementations of cost_loss_kinds() (supernet_search.hpp: names and
// descriptions), by name; a kind without one is a programming error.
std::vector<CostLoss> cost_loss_implementations() {
  using Loss = decltype(CostLoss::loss);
  const std::map<std::string, std::pair<Loss, bool>> implementations = {
      {"additive",
       {[](const torch::Tensor& ce, const torch::Tensor& e, double w, double scale) { return ce + w * e / scale; }, false}},
      {"multiplicative",
       {[](const torch::Tensor& ce, const torch::Tensor& e, double w, double) { return ce * 0.2 * torch::pow(torch::log(e), w); },
        true}},
  };
  std::vector<CostLoss> out;
  for (const CostLossKind& kind : cost_loss_kinds().entries()) {
    const auto it = implementations.find(kind.name);
    if (it == implementations.end()) throw std::logic_error("cost loss '" + kind.name + "' has no implementation in trainer.cpp");
    out.push_back({kind.name, kind.description, it->second.first, it->second.second});
  }
  return out;
}

const Registry<CostLoss>& cost_losses() {
  static const Registry<CostLoss> registry("--cost-loss", cost_loss_implementations());
  return registry;
}

class Trainer {
public:
  Trainer(const SearchSpace& space, const SupernetConfig& c, const std::optional<DifferentiableCost>& cost)
      : space_(space), c_(c), cost_(cost), mode_(supernet_modes().get(c.mode)), cost_loss_(cost_losses().get(c.cost_loss)),
        dev_(pick_device(c.torch_device)), rng_(c.seed, 1) {
    if (c.epochs < 1 || c.batch_size < 1 || c.channels < 1 || c.cells < 1) {
      throw InputError("--epochs, --batch-size, --channels and --cells must be positive");
    }
    if (cost_ && cost_loss_.needs_costs_above_one && cost_->table.constant + min_entries() <= 1.0) {
      throw InputError("FBNet's multiplicative loss takes log(E[" + cost_->name +
                       "]), which needs every cost above 1; use --cost-loss additive");
    }
    set_threads(c.threads);
    settings_ = supernet_settings(space, c, cost);
    data_ = load_image_data(c.data, c.train_images);
    std::tie(weight_split_, arch_split_) = split(data_.train.size(), c.seed);
    if (static_cast<int>(std::min(weight_split_.size(), arch_split_.size())) < c.batch_size) {
      throw InputError("--train-images must give each half at least one batch (" + std::to_string(c.batch_size) + " images)");
    }
    torch::manual_seed(c.seed);  // weight initialisation
    net_ = build_supernet(space, data_, c);
    net_->to(dev_);
    alpha_ = torch::zeros({net_->decisions(), net_->choices()}, torch::TensorOptions().device(dev_)).set_requires_grad(true);
    if (cost_) {
      std::vector<double> flat;
      for (const auto& row : cost_->table.entry) flat.insert(flat.end(), row.begin(), row.end());
      table_ = torch::tensor(flat, torch::kFloat64).to(torch::kFloat32).view({net_->decisions(), net_->choices()}).to(dev_);
    }
    weight_opt_ = std::make_unique<torch::optim::SGD>(
        net_->parameters(), torch::optim::SGDOptions(c.weight_lr).momentum(c.weight_momentum).weight_decay(c.weight_decay));
    arch_opt_ = std::make_unique<torch::optim::Adam>(
        std::vector<torch::Tensor>{alpha_}, torch::optim::AdamOptions(c.arch_lr).betas({0.5, 0.999}).weight_decay(c.arch_decay));
    if (c.resume) load_checkpoint();
  }

  SupernetResult run() {
    const std::size_t steps = std::min(weight_split_.size(), arch_split_.size()) / static_cast<std::size_t>(c_.batch_size);
    const int last = c_.stop_after_epoch ? std::min(*c_.stop_after_epoch, c_.epochs) : c_.epochs;
    std::optional<Progress> progress;
    if (c_.progress) progress.emplace(c_.mode + " supernet", static_cast<std::size_t>(c_.epochs) * steps);
    for (int epoch = start_epoch_; epoch < last; ++epoch) {
      log_.push_back(train_epoch(epoch, steps, progress ? &*progress : nullptr));
      if (c_.checkpoint_dir) save_checkpoint(epoch + 1);
    }
    SupernetResult r;
    r.alpha.resize(static_cast<std::size_t>(alpha_.size(0)));
    const auto a = alpha_.detach().to(torch::kCPU).to(torch::kFloat64);
    for (std::int64_t d = 0; d < a.size(0); ++d) {
      for (std::int64_t k = 0; k < a.size(1); ++k) r.alpha[static_cast<std::size_t>(d)].push_back(a[d][k].item<double>());
    }
    r.arch = argmax_arch(alpha_.detach());
    const auto [vx, vy] = eval_split();
    r.valid_acc = accuracy_of(*net_, vx, vy, fixed_mixing(r.arch, net_->decisions(), net_->choices(), dev_), dev_);
    r.expected_cost = cost_ ? expected_cost().item<double>() : 0.0;
    r.log = log_;
    r.finished = last == c_.epochs;
    return r;
  }

private:
  double min_entries() const {
    double total = 0;
    for (const auto& row : cost_->table.entry) total += *std::min_element(row.begin(), row.end());
    return total;
  }

  double temperature(int epoch) const { return mode_.temperature(epoch, c_.epochs, c_.tau_max, c_.tau_min); }

  // Gumbel(0, 1) noise drawn from the run's Rng, so it is checkpointed with it.
  torch::Tensor gumbel() {
    std::vector<float> g(static_cast<std::size_t>(net_->decisions() * net_->choices()));
    for (float& v : g) {
      double u = rng_.uniform();
      while (u <= 0.0) u = rng_.uniform();
      v = static_cast<float>(-std::log(-std::log(u)));
    }
    return torch::tensor(g).view({net_->decisions(), net_->choices()}).to(dev_);
  }

  Mixing sample_mixing(const torch::Tensor& alpha, double tau) {
    return mode_.mix(alpha, tau, [this] { return gumbel(); });
  }

  torch::Tensor expected_cost() {
    return (torch::softmax(alpha_, 1) * table_).sum() + cost_->table.constant;
  }

  torch::Tensor arch_loss(const torch::Tensor& ce) {
    if (!cost_ || c_.cost_weight == 0.0) return ce;
    const auto e = expected_cost();
    return cost_loss_.loss(ce, e, c_.cost_weight, cost_->scale);
  }

  double learning_rate(int epoch) const {
    return c_.weight_lr_min + 0.5 * (c_.weight_lr - c_.weight_lr_min) * (1 + std::cos(std::numbers::pi * epoch / c_.epochs));
  }

  std::vector<std::int64_t> shuffled(const std::vector<std::int64_t>& v) {
    auto out = v;
    rng_.shuffle(out);
    return out;
  }

  // Training that produced NaN or infinity cannot recover: stop with the settings to change.
  // The last checkpoint (of the epoch before) stays as it was.
  [[noreturn]] void diverged(int epoch, double loss) const {
    throw InputError("seed " + std::to_string(c_.seed) + ", epoch " + std::to_string(epoch + 1) +
                     ": training diverged (loss " + number_text(loss) +
                     ", or non-finite architecture weights); lower --weight-lr, --arch-lr or --cost-weight");
  }

  SupernetEpoch train_epoch(int epoch, std::size_t steps, Progress* progress) {
    static_cast<torch::optim::SGDOptions&>(weight_opt_->param_groups()[0].options()).lr(learning_rate(epoch));
    const double tau = temperature(epoch);
    const auto w_order = shuffled(weight_split_), a_order = shuffled(arch_split_);
    double loss_sum = 0, train_correct = 0, valid_correct = 0, seen = 0;
    net_->train();
    for (std::size_t s = 0; s < steps; ++s) {
      const auto begin = static_cast<std::ptrdiff_t>(s * static_cast<std::size_t>(c_.batch_size));
      const std::vector<std::int64_t> a_idx(a_order.begin() + begin, a_order.begin() + begin + c_.batch_size);
      const std::vector<std::int64_t> w_idx(w_order.begin() + begin, w_order.begin() + begin + c_.batch_size);
      // Architecture step on the held-out half (first-order DARTS).
      auto [ax, ay] = make_batch(data_.train, a_idx, false, data_.flip, rng_);
      ax = ax.to(dev_);
      ay = ay.to(dev_);
      const auto a_logits = net_->forward(ax, sample_mixing(alpha_, tau));
      clear_grads({alpha_});
      arch_loss(F::cross_entropy(a_logits, ay)).backward();
      arch_opt_->step();
      valid_correct += a_logits.argmax(1).eq(ay).sum().item<double>();
      // Weight step on the other half, architecture fixed.
      auto [wx, wy] = make_batch(data_.train, w_idx, true, data_.flip, rng_);
      wx = wx.to(dev_);
      wy = wy.to(dev_);
      const auto w_logits = net_->forward(wx, sample_mixing(alpha_.detach(), tau));
      const auto loss = F::cross_entropy(w_logits, wy);
      clear_grads(net_->parameters());
      loss.backward();
      torch::nn::utils::clip_grad_norm_(net_->parameters(), 5.0);
      weight_opt_->step();
      const double step_loss = loss.item<double>();
      if (!std::isfinite(step_loss) || !torch::isfinite(alpha_).all().item<bool>()) diverged(epoch, step_loss);
      loss_sum += step_loss;
      train_correct += w_logits.argmax(1).eq(wy).sum().item<double>();
      seen += c_.batch_size;
      if (progress) {
        char status[160];
        std::snprintf(status, sizeof status, "epoch %d loss %.3f acc %.1f%% E[cost] %.3f tau %.2f", epoch + 1,
                      loss_sum / static_cast<double>(s + 1), 100 * train_correct / seen,
                      cost_ ? expected_cost().item<double>() : 0.0, tau);
        progress->update(static_cast<std::size_t>(epoch) * steps + s + 1, status);
      }
    }
    return {epoch + 1, loss_sum / static_cast<double>(steps), 100 * train_correct / seen, 100 * valid_correct / seen,
            cost_ ? expected_cost().item<double>() : 0.0, tau};
  }

  std::pair<torch::Tensor, torch::Tensor> eval_split() const {
    const std::size_t n = std::min(c_.eval_images, arch_split_.size());
    const auto idx = torch::tensor(std::vector<std::int64_t>(arch_split_.begin(), arch_split_.begin() + static_cast<std::ptrdiff_t>(n)));
    return {data_.train.images.index_select(0, idx), data_.train.labels.index_select(0, idx)};
  }

  void save_checkpoint(int epochs_done) {
    torch::serialize::OutputArchive a, model, w_opt, a_opt;
    write_settings(a, settings_);
    a.write("epoch", torch::tensor(static_cast<std::int64_t>(epochs_done)));
    net_->save(model);
    a.write("model", model);
    a.write("alpha", alpha_.detach().to(torch::kCPU));
    weight_opt_->save(w_opt);
    a.write("weight_optimizer", w_opt);
    arch_opt_->save(a_opt);
    a.write("arch_optimizer", a_opt);
    const auto s = rng_.state();
    a.write("rng", torch::tensor({static_cast<std::int64_t>(s[0]), static_cast<std::int64_t>(s[1]),
                                  static_cast<std::int64_t>(s[2]), static_cast<std::int64_t>(s[3])}));
    std::vector<double> log;
    for (const auto& e : log_) log.insert(log.end(), {double(e.epoch), e.loss, e.train_acc, e.valid_acc, e.expected_cost, e.temperature});
    a.write("log", torch::tensor(log, torch::kFloat64).view({static_cast<std::int64_t>(log_.size()), 6}));
    std::error_code ec;
    std::filesystem::create_directories(*c_.checkpoint_dir, ec);
    if (ec) throw OutputError("cannot create " + c_.checkpoint_dir->string() + ": " + ec.message());
    // Atomic: a resumed run sees the previous checkpoint or this one, never half of one.
    AtomicFile file(*c_.checkpoint_dir / "checkpoint.pt");
    file.close_stream();
    try {
      a.save_to(file.temp_path().string());
    } catch (const c10::Error& e) {
      throw OutputError("cannot write " + file.target().string() + ": " + e.what_without_backtrace());
    }
    file.commit();
  }

  void load_checkpoint() {
    if (!c_.checkpoint_dir) throw InputError("--resume needs a checkpoint directory");
    const auto file = *c_.checkpoint_dir / "checkpoint.pt";
    if (!std::filesystem::exists(file)) throw InputError(file.string() + ": no checkpoint to resume from");
    torch::serialize::InputArchive a, model, w_opt, a_opt;
    read_checkpoint(file, [&] {
      a.load_from(file.string());
      const SupernetSettings saved = read_settings(a, file);
      std::string differences;
      for (const auto& [name, value] : settings_) {
        const auto it = std::find_if(saved.begin(), saved.end(), [&](const auto& s) { return s.first == name; });
        const std::string was = it == saved.end() ? "(not recorded)" : it->second;
        if (was != value) differences += (differences.empty() ? "" : ", ") + name + " " + was + " (this run: " + value + ")";
      }
      if (!differences.empty()) {
        throw InputError(file.string() + ": the checkpoint was made with other settings: " + differences +
                         "; resume with the checkpoint's settings, or start a new run");
      }
      torch::Tensor epoch, alpha, rng, log;
      a.read("epoch", epoch);
      a.read("model", model);
      net_->load(model);
      a.read("alpha", alpha);
      {
        torch::NoGradGuard no_grad;
        alpha_.copy_(alpha.to(dev_));
      }
      a.read("weight_optimizer", w_opt);
      weight_opt_->load(w_opt);
      a.read("arch_optimizer", a_opt);
      arch_opt_->load(a_opt);
      a.read("rng", rng);
      std::array<std::uint64_t, 4> state{};
      for (int i = 0; i < 4; ++i) state[static_cast<std::size_t>(i)] = static_cast<std::uint64_t>(rng[i].item<std::int64_t>());
      rng_ = Rng::from_state(state);
      a.read("log", log);
      for (std::int64_t i = 0; i < log.size(0); ++i) {
        const auto r = log[i];
        log_.push_back({static_cast<int>(r[0].item<double>()), r[1].item<double>(), r[2].item<double>(),
                        r[3].item<double>(), r[4].item<double>(), r[5].item<double>()});
      }
      start_epoch_ = static_cast<int>(epoch.item<std::int64_t>());
    });
  }

  const SearchSpace& space_;
  SupernetConfig c_;
  std::optional<DifferentiableCost> cost_;
  SupernetMode mode_;
  CostLoss cost_loss_;
  torch::Device dev_;
  Rng rng_;
  ImageData data_;
  std::vector<std::int64_t> weight_split_, arch_split_;
  std::shared_ptr<Supernet> net_;
  torch::Tensor alpha_, table_;
  std::unique_ptr<torch::optim::SGD> weight_opt_;
  std::unique_ptr<torch::optim::Adam> arch_opt_;
  std::vector<SupernetEpoch> log_;
  int start_epoch_ = 0;
  SupernetSettings settings_;

};

}  // namespace

std::vector<std::string> supernet_mode_names() { return supernet_modes().names(); }
std::vector<std::string> cost_loss_names() { return cost_losses().names(); }

SupernetSettings supernet_settings(const SearchSpace& space, const SupernetConfig& c,
                                   const std::optional<DifferentiableCost>& cost) {
  const int threads = c.threads > 0 ? c.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return {{"space", space.name()},
          {"searcher", c.mode},
          {"data", c.data},
          {"train-images", std::to_string(c.train_images)},
          {"epochs", std::to_string(c.epochs)},
          {"batch-size", std::to_string(c.batch_size)},
          {"channels", std::to_string(c.channels)},
          {"cells", std::to_string(c.cells)},
          {"weight-lr", number_text(c.weight_lr)},
          {"weight-lr-min", number_text(c.weight_lr_min)},
          {"weight-momentum", number_text(c.weight_momentum)},
          {"weight-decay", number_text(c.weight_decay)},
          {"arch-lr", number_text(c.arch_lr)},
          {"arch-decay", number_text(c.arch_decay)},
          {"cost-loss", c.cost_loss},
          {"cost-weight", number_text(c.cost_weight)},
          {"cost", cost ? cost->name : "none"},
          {"cost-scale", cost ? number_text(cost->scale) : "none"},
          {"tau-max", c.tau_max ? number_text(*c.tau_max) : "default"},
          {"tau-min", c.tau_min ? number_text(*c.tau_min) : "default"},
          {"eval-images", std::to_string(c.eval_images)},
          {"seed", std::to_string(c.seed)},
          {"threads", std::to_string(threads)},
          {"torch-device", pick_device(c.torch_device).is_cuda() ? "cuda" : "cpu"}};
}

SupernetResult train_supernet(const SearchSpace& space, const SupernetConfig& config,
                              const std::optional<DifferentiableCost>& cost) {
  return Trainer(space, config, cost).run();
}

namespace {

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
