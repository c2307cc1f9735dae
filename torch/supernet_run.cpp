#include "torch/supernet_run.hpp"

#include <map>
#include <sstream>

#include "core/error.hpp"
#include "core/stats.hpp"
#include "core/format.hpp"
#include "cost/most_probable_within.hpp"
#include "report/json_values.hpp"
#include "report/search_report.hpp"
#include "torch/distributed.hpp"

namespace hwnas {
namespace {

// The supernet's own accuracy of the architectures it derived: FBNet has no
// benchmark accuracy, so these are the only accuracies its report can give.
class DerivedAccuracy final : public AccuracySource {
public:
  void record(const Arch& arch, double acc) { acc_[arch] = acc; }
  double signal(const Arch& arch) const override {
    const auto it = acc_.find(arch);
    if (it == acc_.end()) throw std::logic_error("no supernet accuracy recorded for this architecture");
    return it->second;
  }
  std::optional<double> final_accuracy(const Arch&) const override { return std::nullopt; }
  std::string signal_name() const override { return "supernet_valid"; }
  std::string final_name() const override { return "none"; }

private:
  std::map<Arch, double> acc_;
};

// E[cost] under uniform choices: the scale that makes the additive cost weight unit-free without a limit.
double uniform_mean(const AdditiveTable& t) {
  double total = t.constant;
  for (const auto& row : t.entry) total += mean(row);
  return total;
}

// A run's result as text, for a rank that trained it to send to rank 0 (--dist-mode seeds).
std::string result_text(const SearchSpace& space, const SupernetResult& r) {
  nlohmann::json j = {{"arch", space.to_string(r.arch)}, {"argmax_arch", space.to_string(r.argmax_arch)},
                      {"valid_acc", r.valid_acc}, {"expected_cost", r.expected_cost}, {"alpha", r.alpha},
                      {"finished", r.finished}};
  auto& log = j["log"] = nlohmann::json::array();
  for (const SupernetEpoch& e : r.log) {
    log.push_back({e.epoch, e.loss, e.train_acc, e.valid_acc, e.expected_cost, e.temperature, e.multiplier});
  }
  return j.dump();
}

SupernetResult result_from_text(const SearchSpace& space, const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  SupernetResult r;
  r.arch = space.parse(j.at("arch").get<std::string>());
  r.argmax_arch = space.parse(j.at("argmax_arch").get<std::string>());
  r.valid_acc = j.at("valid_acc").get<double>();
  r.expected_cost = j.at("expected_cost").get<double>();
  r.alpha = j.at("alpha").get<std::vector<std::vector<double>>>();
  r.finished = j.at("finished").get<bool>();
  for (const auto& e : j.at("log")) {
    r.log.push_back({e[0].get<int>(), e[1].get<double>(), e[2].get<double>(), e[3].get<double>(), e[4].get<double>(),
                     e[5].get<double>(), e[6].get<double>()});
  }
  return r;
}

}  // namespace

SupernetSearchOutput run_supernet_search(const SupernetSearchOptions& o, const std::string& searcher,
                                         const DataDir& data_dir) {
  SupernetSearchOutput out;
  const auto bench = load_benchmark(data_dir, o.spec);
  std::optional<DifferentiableCost> cost;
  std::optional<CostKey> key;
  nlohmann::ordered_json cost_model = nullptr;
  if (o.spec.device) {
    key = problem_cost_key(o.spec, *bench);
    const AdditiveCostModel model = bench->additive_cost(*key);
    cost = DifferentiableCost{key->name(), model.table, o.spec.limit.value_or(uniform_mean(model.table)), o.spec.limit, {}};
    cost_model = {{"kind", model.kind}, {"metric", key->name()}};
    if (model.kendall_tau) {
      cost_model["kendall_tau"] = *model.kendall_tau;
      cost_model["rms_residual"] = model.table.rms_residual;
      cost_model["max_abs_residual"] = model.table.max_abs_residual;
      cost_model["networks"] = model.networks;
    }
  }
  // Spaces without benchmark accuracies report the supernet's own accuracy of what it derived.
  std::shared_ptr<DerivedAccuracy> derived;
  if (!bench->accuracy()) derived = std::make_shared<DerivedAccuracy>();
  out.problem = std::make_unique<SearchProblem>(o.spec, bench, derived);
  const SearchProblem& problem = *out.problem;
  if (cost && cost->limit) {
    // Derivation by the real cost: every cell of an enumerable space (NB201's
    // table, not the additive fit the loss uses), else the additive model's
    // knapsack (FBNet's lookup table is exact).
    const double limit = *cost->limit;
    if (problem.space().cardinality()) {
      cost->derive_within_limit = [&problem, key = *key, limit](const std::vector<std::vector<double>>& log_prob) {
        return most_probable_within_by_enumeration(
            problem.space(), log_prob, [&](const Arch& arch) { return problem.cost().cost(arch, key); }, limit);
      };
    } else {
      cost->derive_within_limit = [table = cost->table, limit](const std::vector<std::vector<double>>& log_prob) {
        return most_probable_within_additive(log_prob, table, limit);
      };
    }
  }
  // A group of ranks: all train each seed together (data), or each its share of the seeds (seeds).
  std::optional<DistributedGroup> group;
  std::optional<ScopedDistributedGroup> active;
  if (o.distributed) {
    distributed_modes().get(o.distributed->mode);
    group.emplace(*o.distributed);
    active.emplace(*group);
  }
  const bool by_seed = group && o.distributed->mode == "seeds";
  // Ranks that train each seed together (recorded as the setting world-size).
  const int data_parallel_ranks = group && !by_seed ? group->size() : 1;
  std::vector<SupernetResult> trained;
  for (std::size_t i = 0; i < o.seeds.size(); ++i) {
    const std::uint64_t seed = o.seeds[i];
    if (by_seed && !group->owns(i)) {
      trained.emplace_back();  // rank 0 fills it in from its rank's report below
      continue;
    }
    SupernetConfig c = o.config;
    c.mode = searcher;
    c.seed = seed;
    c.data_parallel_ranks = data_parallel_ranks;
    if (o.checkpoint_dir) c.checkpoint_dir = *o.checkpoint_dir / ("seed" + std::to_string(seed));
    c.resume = o.resume;
    c.progress = c.progress && (!group || group->rank() == 0);
    trained.push_back(train_supernet(problem.space(), c, cost));
    if (by_seed && group->rank() != 0) group->publish("seed" + std::to_string(seed), result_text(problem.space(), trained.back()));
  }
  if (by_seed && group->rank() == 0) {
    for (std::size_t i = 0; i < o.seeds.size(); ++i) {
      if (!group->owns(i)) {
        trained[i] = result_from_text(problem.space(), group->fetch("seed" + std::to_string(o.seeds[i])));
      }
    }
  }
  if (group) {
    group->finish();
    if (group->rank() != 0) {
      out.reports = false;
      return out;
    }
  }
  for (std::size_t i = 0; i < o.seeds.size(); ++i) {
    const SupernetResult& r = trained[i];
    if (derived) derived->record(r.arch, r.valid_acc);
    // The derived architecture is the run's one query: evaluated like any other searcher's.
    BenchmarkEvaluator evaluator(problem.space(), problem.accuracy(), problem.objective(), Budget{1, {}});
    evaluator.evaluate(r.arch);
    RunResult run;
    run.seed = o.seeds[i];
    if (evaluator.incumbent()) run.best = describe(problem, r.arch);
    run.queries = 1;
    run.trajectory = evaluator.trajectory();
    out.runs.push_back(std::move(run));
  }
  RunSettings settings;
  settings.searcher = searcher;
  settings.seeds = o.seeds;
  settings.budget.queries = 1;
  ResultExtras extras;
  extras.top_level["cost_model"] = cost_model;
  extras.top_level["data"] = data_files_json(data_dir);
  std::ostringstream summary;
  summary << format_search_summary(problem, settings, out.runs) << "\nsupernet (" << searcher << ", " << o.config.data
          << ", " << o.config.epochs << " epochs, channels " << o.config.channels << "):\n";
  if (!cost_model.is_null() && cost_model.contains("kendall_tau")) {
    summary << "  differentiable cost: additive fit of " << key->name() << ", Kendall tau with the real costs "
            << fixed(cost_model["kendall_tau"].get<double>(), 3) << "\n";
  }
  TextTable table({"seed", "derived arch", "supernet valid", "E[cost]", "real cost", "argmax real cost", "lambda", "epochs"});
  for (std::size_t i = 0; i < trained.size(); ++i) {
    const SupernetResult& r = trained[i];
    const auto real = key ? problem.cost().cost(r.arch, *key) : std::nullopt;
    const auto argmax_real = key ? problem.cost().cost(r.argmax_arch, *key) : std::nullopt;
    const double multiplier = r.log.empty() ? 0.0 : r.log.back().multiplier;
    const bool lagrange = o.config.constraint == "lagrange";
    table.add({std::to_string(o.seeds[i]), problem.space().to_string(r.arch), fixed(r.valid_acc, 2),
               cost ? fixed(r.expected_cost, 3) : "-", fixed_or(real, 3), fixed_or(argmax_real, 3),
               lagrange ? fixed(multiplier, 3) : "-", std::to_string(r.log.size())});
    auto& js = extras.run_members.emplace_back(nlohmann::ordered_json::object())["supernet"];
    js = {{"arch", problem.space().to_string(r.arch)}, {"valid_acc", r.valid_acc},
          {"expected_cost", cost ? nlohmann::ordered_json(r.expected_cost) : nlohmann::ordered_json(nullptr)},
          {"real_cost", real ? nlohmann::ordered_json(*real) : nlohmann::ordered_json(nullptr)},
          {"argmax_arch", problem.space().to_string(r.argmax_arch)},
          {"argmax_real_cost", argmax_real ? nlohmann::ordered_json(*argmax_real) : nlohmann::ordered_json(nullptr)},
          {"constraint", o.config.constraint},
          {"finished", r.finished}, {"alpha", r.alpha}};
    // Everything that decides this run's result (what --resume must match).
    SupernetConfig c = o.config;
    c.mode = searcher;
    c.seed = o.seeds[i];
    c.data_parallel_ranks = data_parallel_ranks;
    auto& settings = js["settings"] = nlohmann::ordered_json::object();
    for (const auto& [name, value] : supernet_settings(problem.space(), c, cost)) settings[name] = value;
    auto& log = js["epochs"] = nlohmann::ordered_json::array();
    for (const SupernetEpoch& e : r.log) {
      log.push_back({{"epoch", e.epoch}, {"loss", e.loss}, {"train_acc", e.train_acc}, {"valid_acc", e.valid_acc},
                     {"expected_cost", e.expected_cost}, {"temperature", e.temperature}, {"multiplier", e.multiplier}});
    }
  }
  summary << table.str();
  out.summary = summary.str();
  out.result = result_json(problem, settings, out.runs, extras);
  return out;
}

}  // namespace hwnas
