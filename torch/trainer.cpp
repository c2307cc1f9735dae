// Supernet training (the Trainer: the DARTS-style alternation, the schedule,
// checkpoints and resume) and the settings a checkpoint records.
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
#include "torch/training.hpp"
#include "torch/distributed.hpp"
#include "torch/proxy_tap.hpp"

namespace hwnas {
namespace {

using namespace training;
namespace F = torch::nn::functional;

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
    const ConstraintKind& constraint = constraint_kinds().get(c.constraint);
    lagrange_ = constraint.name == "lagrange";
    if (!lagrange_ && constraint.name != "penalty") throw std::logic_error("--constraint " + constraint.name + " has no implementation in trainer.cpp");
    if (constraint.needs_limit && !(cost_ && cost_->limit)) {
      throw InputError("--constraint " + c.constraint + " keeps the cost under a limit: give --device, --metric and --limit");
    }
    if (lagrange_ && c.cost_weight != 0) {
      throw InputError("--constraint lagrange sets the cost's weight itself (its multiplier): leave out --cost-weight, or use --constraint penalty");
    }
    if (!(c.dual_lr > 0) || !std::isfinite(c.dual_lr)) throw InputError("--dual-lr must be positive");
    if (c.data_parallel_ranks > 1) {
      group_ = active_group();
      if (!group_ || group_->size() != c.data_parallel_ranks) throw std::logic_error("data-parallel training without its group");
      if (c.batch_size % c.data_parallel_ranks != 0) {
        throw InputError("--batch-size " + std::to_string(c.batch_size) + " must split evenly over the " +
                         std::to_string(c.data_parallel_ranks) + " ranks (each takes an equal share of every batch)");
      }
      shard_ = c.batch_size / c.data_parallel_ranks;
    }
    if (c.batch_norm_images < 0 || c.batch_norm_images > c.batch_size || (c.batch_norm_images > 0 && c.batch_size % c.batch_norm_images != 0)) {
      throw InputError("--bn-images " + std::to_string(c.batch_norm_images) + " must divide --batch-size " + std::to_string(c.batch_size) +
                       " (or be 0: the whole batch)");
    }
    const std::int64_t bn_images = c.batch_norm_images == c.batch_size ? 0 : c.batch_norm_images;
    if (group_ && bn_images > 0 && shard_ % bn_images != 0) {
      throw InputError("--bn-images " + std::to_string(bn_images) + " must divide each rank's share of the batch (" +
                       std::to_string(shard_) + " images), or be 0 (the whole batch, synchronised across the ranks)");
    }
    bn_rule_.group_images = bn_images;
    bn_rule_.sync = group_ && bn_images == 0 ? group_ : nullptr;
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
    if (c_.progress && writes()) progress.emplace(c_.mode + " supernet", static_cast<std::size_t>(c_.epochs) * steps);
    for (int epoch = start_epoch_; epoch < last; ++epoch) {
      log_.push_back(train_epoch(epoch, steps, progress ? &*progress : nullptr));
      if (group_) check_ranks_agree(epoch);
      if (c_.checkpoint_dir && writes()) save_checkpoint(epoch + 1);
    }
    SupernetResult r;
    r.alpha.resize(static_cast<std::size_t>(alpha_.size(0)));
    const auto a = alpha_.detach().to(torch::kCPU).to(torch::kFloat64);
    for (std::int64_t d = 0; d < a.size(0); ++d) {
      for (std::int64_t k = 0; k < a.size(1); ++k) r.alpha[static_cast<std::size_t>(d)].push_back(a[d][k].item<double>());
    }
    r.argmax_arch = argmax_arch(alpha_.detach());
    r.arch = r.argmax_arch;
    if (cost_ && cost_->limit && cost_->derive_within_limit) {
      const auto lp = torch::log_softmax(alpha_.detach().to(torch::kCPU).to(torch::kFloat64), 1);
      std::vector<std::vector<double>> log_prob(static_cast<std::size_t>(lp.size(0)));
      for (std::int64_t d = 0; d < lp.size(0); ++d) {
        for (std::int64_t k = 0; k < lp.size(1); ++k) log_prob[static_cast<std::size_t>(d)].push_back(lp[d][k].item<double>());
      }
      const auto within = cost_->derive_within_limit(log_prob);
      if (!within) throw std::logic_error("no architecture meets the limit: the search should have refused it before training");
      r.arch = *within;
    }
    const auto [vx, vy] = eval_split();
    r.valid_acc = accuracy_of(*net_, vx, vy, fixed_mixing(r.arch, net_->decisions(), net_->choices(), dev_), dev_);
    r.expected_cost = cost_ ? expected_cost().item<double>() : 0.0;
    r.log = log_;
    r.finished = last == c_.epochs;
    return r;
  }

private:
  // Rank 0 of a group (or a process training alone) draws progress and writes checkpoints.
  bool writes() const { return !group_ || group_->rank() == 0; }

  // Every rank must hold the same weights, architecture parameters and
  // multiplier after every epoch: a mismatch is an error, not a silent fork.
  void check_ranks_agree(int epoch) {
    std::vector<torch::Tensor> state = net_->parameters();
    state.push_back(alpha_);
    state.push_back(torch::tensor(multiplier_, torch::kFloat64));
    group_->check_identical(tensor_digest(state), "the weights, alpha and multiplier after epoch " + std::to_string(epoch + 1));
  }

  // This rank's equal share of a batch that every rank made whole (with the same
  // draws from the shared stream, so the split does not change the batch).
  torch::Tensor my_share(const torch::Tensor& batch) const {
    return group_ ? batch.narrow(0, static_cast<std::int64_t>(group_->rank()) * shard_, shard_) : batch;
  }

  // Gradients averaged over the ranks (each rank's loss is the mean over its
  // share, so the average is the gradient of the whole batch's mean loss).
  void average_gradients(const std::vector<torch::Tensor>& params) {
    if (!group_) return;
    std::vector<torch::Tensor> grads;
    for (const auto& p : params) {
      if (p.grad().defined()) grads.push_back(p.grad());
    }
    group_->average(grads);
  }

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
    if (lagrange_) return ce + multiplier_ * expected_cost() / *cost_->limit;
    if (!cost_ || c_.cost_weight == 0.0) return ce;
    const auto e = expected_cost();
    return cost_loss_.loss(ce, e, c_.cost_weight, cost_->scale);
  }

  // Projected dual ascent (after each architecture step) on the constraint
  // cost(argmax alpha)/limit - 1 <= 0: lambda grows while the architecture the
  // distribution currently derives is over the limit and shrinks, never below
  // 0, while it is under, so the derived architecture is held at the limit from
  // both sides. The gradient still flows through E[cost]; the violation is the
  // mode's because E[cost] of a near-uniform distribution says little about
  // the one architecture derived (measured: E[cost] 3.1 ms while the argmax
  // cell cost 0.6 ms, all `none`). Relative to the limit, so one step size
  // serves every device and unit.
  void update_multiplier() {
    torch::NoGradGuard no_grad;
    const auto mode = alpha_.argmax(1, true);
    const double mode_cost = table_.gather(1, mode).sum().item<double>() + cost_->table.constant;
    multiplier_ = dual_ascent(multiplier_, mode_cost, *cost_->limit, c_.dual_lr);
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
      ax = my_share(ax).to(dev_);
      ay = my_share(ay).to(dev_);
      torch::Tensor a_logits;
      {
        const ScopedBatchNormRule batch_norm(bn_rule_);
        a_logits = net_->forward(ax, sample_mixing(alpha_, tau));
        clear_grads({alpha_});
        arch_loss(F::cross_entropy(a_logits, ay)).backward();
      }
      average_gradients({alpha_});
      arch_opt_->step();
      if (lagrange_) update_multiplier();
      // Weight step on the other half, architecture fixed.
      auto [wx, wy] = make_batch(data_.train, w_idx, true, data_.flip, rng_);
      wx = my_share(wx).to(dev_);
      wy = my_share(wy).to(dev_);
      torch::Tensor w_logits, loss;
      {
        const ScopedBatchNormRule batch_norm(bn_rule_);
        w_logits = net_->forward(wx, sample_mixing(alpha_.detach(), tau));
        loss = F::cross_entropy(w_logits, wy);
        clear_grads(net_->parameters());
        loss.backward();
      }
      average_gradients(net_->parameters());
      torch::nn::utils::clip_grad_norm_(net_->parameters(), 5.0);
      weight_opt_->step();
      // The step's loss and correct counts over the whole batch (summed over the ranks' shares).
      auto counts = torch::tensor({loss.item<double>(), a_logits.argmax(1).eq(ay).sum().item<double>(),
                                   w_logits.argmax(1).eq(wy).sum().item<double>()}, torch::kFloat64);
      if (group_) {
        std::vector<torch::Tensor> shared{counts};
        group_->sum(shared);
        counts[0].div_(group_->size());
      }
      const double step_loss = counts[0].item<double>();
      if (!std::isfinite(step_loss) || !torch::isfinite(alpha_).all().item<bool>()) diverged(epoch, step_loss);
      loss_sum += step_loss;
      valid_correct += counts[1].item<double>();
      train_correct += counts[2].item<double>();
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
            cost_ ? expected_cost().item<double>() : 0.0, tau, multiplier_};
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
    for (const auto& e : log_) {
      log.insert(log.end(), {double(e.epoch), e.loss, e.train_acc, e.valid_acc, e.expected_cost, e.temperature, e.multiplier});
    }
    a.write("log", torch::tensor(log, torch::kFloat64).view({static_cast<std::int64_t>(log_.size()), 7}));
    a.write("multiplier", torch::tensor(multiplier_, torch::kFloat64));
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
      const std::string differences = setting_differences(saved, settings_);
      if (!differences.empty()) {
        throw InputError(file.string() + ": the checkpoint was made with other settings: " + differences +
                         "; resume with the checkpoint's settings, or start a new run");
      }
      torch::Tensor epoch, alpha, rng, log, multiplier;
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
                        r[3].item<double>(), r[4].item<double>(), r[5].item<double>(), r[6].item<double>()});
      }
      a.read("multiplier", multiplier);
      multiplier_ = multiplier.item<double>();
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
  bool lagrange_ = false;
  double multiplier_ = 0;  // lagrange's lambda, checkpointed
  DistributedGroup* group_ = nullptr;  // data-parallel: the ranks this run is split over
  std::int64_t shard_ = 0;             // images of each batch per rank
  BatchNormRule bn_rule_;              // how a training step's batch norm takes its statistics

};

}  // namespace

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
          {"constraint", c.constraint},
          {"dual-lr", number_text(c.dual_lr)},
          {"limit", cost && cost->limit ? number_text(*cost->limit) : "none"},
          {"cost", cost ? cost->name : "none"},
          {"cost-scale", cost ? number_text(cost->scale) : "none"},
          {"tau-max", c.tau_max ? number_text(*c.tau_max) : "default"},
          {"tau-min", c.tau_min ? number_text(*c.tau_min) : "default"},
          {"eval-images", std::to_string(c.eval_images)},
          {"seed", std::to_string(c.seed)},
          {"threads", std::to_string(threads)},
          {"world-size", std::to_string(c.data_parallel_ranks)},
          {"bn-images", std::to_string(c.batch_norm_images)},
          {"torch-device", pick_device(c.torch_device).is_cuda() ? "cuda" : "cpu"}};
}

SupernetResult train_supernet(const SearchSpace& space, const SupernetConfig& config,
                              const std::optional<DifferentiableCost>& cost) {
  return Trainer(space, config, cost).run();
}

}  // namespace hwnas
