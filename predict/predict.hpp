#pragma once
// Few-shot cost prediction for a new device: from k measured networks of an
// enumerable space (NB201), predict the device's cost of every network.
//
// Predictors (each fitted on the k measurements only):
// - additive: the cost as a sum of one term per (edge, op) plus a constant
//   (the structure of a network's latency: its ops run one after another),
//   ridge regression with Eigen, the penalty chosen by leave-one-out error;
// - transfer: log cost as a linear function of the known devices' log costs
//   and log FLOPs and params, ridge with the penalty chosen the same way;
// - flops: a straight line in FLOPs (a baseline);
// - best_known_device: the known device column that ranks the k networks
//   best (Spearman), scaled by a straight line (a baseline);
// - gp, gp_log: an additive model (per edge and op, and per live edge and op)
//   whose prior is learnt from the known devices (gp.cpp, device_prior.hpp),
//   of the cost or of its logarithm;
// - mlp: a small LibTorch MLP on the additive and transfer features together
//   (torch/, installed by the programs that link LibTorch);
// - auto: the one with the lowest leave-one-out error on the k measurements
//   (mean absolute log ratio), additive only once k exceeds its number of
//   terms (31 for NB201), below which a leave-one-out error says nothing
//   about it; with a device known, the baselines' errors count double
//   (PredictorInfo::auto_handicap).
// Leave-one-out errors are closed forms (residual / (1 - leverage) of the
// linear fits, with the ridge penalty and best_known_device's column those
// chosen on all k), so a prediction costs one fit per method at any k: no
// refits, time linear in k (a full 15625-network table takes well under a
// second).
// Pure functions; safe to call from any thread.
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/registry.hpp"
#include "benchmark/benchmark.hpp"
#include "cost/additive_cost.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

// What a predictor may know about every network of the space, index by index:
// its FLOPs and params, and the costs of devices other than the new one.
struct KnownCosts {
  struct Column {
    std::string name;
    std::vector<double> values;  // every network's value: positive, none missing
  };
  const SearchSpace* space = nullptr;  // enumerable
  std::vector<double> flops, params;
  std::vector<Column> devices;
};

// The new device's measured networks.
struct Measurements {
  std::vector<std::uint64_t> index;
  std::vector<double> cost;  // positive
};

// What a fitted predictor gives.
struct FittedCosts {
  std::string method;        // the predictor that made it (auto: the one it chose)
  std::vector<double> cost;  // every network's predicted cost, by index
  std::vector<double> loo;   // each measured network's cost predicted without it; empty when not cheap (the MLP)
  std::string detail;        // e.g. the known device best_known_device chose
};

// A predictor readied for one KnownCosts: it maps measurements of the new
// device (at least 3, of distinct networks, costs positive: CostPredictor
// checks them) to every network's predicted cost. Deterministic, and safe to
// call from several threads at once. It refers to the KnownCosts it was
// readied for, which must outlive it.
using PreparedPredictor = std::function<FittedCosts(const Measurements&)>;

// A predictor's registry entry.
struct PredictorInfo {
  std::string name;
  std::string description;
  // Readies the predictor for `known` (every network of an enumerable space):
  // what it learns from the known devices alone (gp's prior) it learns here,
  // once, however many sets of measurements it then fits (a held-out
  // evaluation fits hundreds per known set).
  std::function<PreparedPredictor(const KnownCosts&)> prepare;
  // Whether auto may choose it from what is known and k measurements: it needs
  // a closed-form leave-one-out error, and what it fits must be identified by
  // the k networks (a table of p terms is not identified by p networks: its
  // leave-one-out error on so few is luck, not evidence). Null: auto never
  // considers it (auto itself; the MLP, whose leave-one-out error is k trainings).
  std::function<bool(const KnownCosts&, std::size_t k)> auto_considers;
  // How far auto trusts its leave-one-out error once a device is known: auto
  // compares error x auto_handicap. 2 for the baselines whose inputs gp's
  // prior already holds (transfer, flops, best_known_device), so that one
  // wins only by a clear margin (a new device that is a known one scaled),
  // not by the luck of a few networks; 1 for the rest. (Leave-one-device-out,
  // 20 seeds: auto's mean Kendall at k = 5..100 rose from 0.793 / 0.853 /
  // 0.871 / 0.891 / 0.899 to 0.800 / 0.860 / 0.881 / 0.895 / 0.901.)
  double auto_handicap = 1.0;
};
// `prepare` for a predictor that learns nothing before it sees measurements: each fit is `fit(known, m)`.
std::function<PreparedPredictor(const KnownCosts&)> prepared_per_fit(
    std::function<FittedCosts(const KnownCosts&, const Measurements&)> fit);

// Every predictor by name: additive, transfer, flops, best_known_device, gp,
// gp_log, auto (predict/registry.cpp); the programs that link LibTorch add mlp
// (torch/mlp_predictor.cpp). Safe from any thread.
const Registry<PredictorInfo>& predictors();
// The registered names in the order reports list them (auto last).
std::vector<std::string> predictor_names();

// The features the additive and transfer predictors use for network `index`,
// one-hot ops then log known costs, log FLOPs and log params (the MLP's input).
std::vector<double> prediction_features(const KnownCosts& known, std::uint64_t index);

// A space too large to enumerate (FBNet): a new device's additive table (one
// term per (decision, choice) and a constant), by the gp model (gp.cpp,
// device_prior.hpp) from k measured networks. The prior is fitted on the
// networks the benchmark lists costs for (HELP's 5000 FBNet networks), else on
// 5000 networks drawn with seed 0, from every cost column of another device
// with a value for each of them (HW-NAS-Bench's per-layer ones and HELP's), or
// only `only` (--known; InputError for a column that lacks a value there or is
// of the target's device).
struct PredictedTable {
  std::string method;   // gp, or gp_log
  AdditiveTable table;  // in the measured cost's units, or of its logarithm (of_log_cost)
  bool of_log_cost = false;  // gp_log: the table is of the cost's logarithm, cost = exp(total)
  // The smallest total to give a network: half the cheapest measured cost (an
  // additive fit extrapolates, and the sum of 22 per-layer minima can fall below
  // any real network's cost, or below 0).
  double floor = 0;
  double loo_error = 0; // leave-one-out mean |log(predicted / measured)|
  std::string detail;
  // The table's cost of `arch`, before the floor: the total, or its exp for a table of the log.
  double cost_before_floor(const Arch& arch) const {
    const double total = table.total(arch);
    return of_log_cost ? std::exp(total) : total;
  }
};
// `method`: an additive_table_methods() name (InputError listing them otherwise).
PredictedTable predict_additive_table(const Benchmark& bench, const CostKey& target, const std::vector<Arch>& archs,
                                      const std::vector<double>& cost,
                                      const std::optional<std::vector<CostKey>>& only = std::nullopt,
                                      const std::string& method = "auto");
// The methods that make an additive table, by name, in report order: gp, gp_log,
// auto (the scale with the lower leave-one-out error on the k networks).
// `fit` takes the gp priors of both scales (additive_table.cpp) and the k
// measured networks; deterministic, safe from several threads at once.
struct AdditiveTablePriors;
struct AdditiveTableMethod {
  std::string name;
  std::string description;
  std::function<PredictedTable(const AdditiveTablePriors&, const SearchSpace&, const std::vector<Arch>&,
                               const std::vector<double>& cost)>
      fit;
};
const Registry<AdditiveTableMethod>& additive_table_methods();

struct Prediction {
  std::vector<double> cost;   // every network's predicted cost, by index
  std::string method;         // the one used (auto: the one it chose)
  double loo_error = 0;       // leave-one-out mean |log(predicted / measured)| on the k measurements
  std::string detail;         // e.g. the known device best_known_device chose
};

// A registered predictor readied for `known` (which must hold every network
// of an enumerable space, and outlive it; InputError otherwise, or for a
// `method` that is not a registered predictor's name, listing them). predict()
// needs at least 3 measurements (InputError otherwise), each of a different
// network of the space, each cost positive. Immutable once made: predict() is
// safe from several threads at once.
class CostPredictor {
public:
  CostPredictor(const KnownCosts& known, const std::string& method);
  Prediction predict(const Measurements& measured) const;

private:
  std::uint64_t networks_;  // the space's
  PreparedPredictor prepared_;
};
// CostPredictor(known, method).predict(measured): one prediction.
Prediction predict_costs(const KnownCosts& known, const Measurements& measured, const std::string& method);

// What a predictor may know when `target`'s device is the new one: FLOPs,
// params and every cost column of `bench` of another device without missing
// values (never a column of the target's device, latency or energy), HELP's
// zoo included; with `only`, just those columns (--known: a held-out
// protocol), each of which must exist, cover the space without a missing
// value and not be of the target's device (InputError naming it otherwise).
KnownCosts known_costs_without(const Benchmark& bench, const CostKey& target,
                               const std::optional<std::vector<CostKey>>& only = std::nullopt);

// One held-out trial of the evaluation protocol: `target`'s device is new, k
// networks (drawn by `seed` among those with a target value) are "measured",
// i.e. their target values read, and the rest is predicted. The target
// column is read at the sampled networks only.
struct HeldOutTrial {
  std::vector<std::uint64_t> sample;
  Prediction prediction;
};
HeldOutTrial predict_held_out(const Benchmark& bench, const CostKey& target, std::size_t k, std::uint64_t seed,
                              const std::string& method);

// HW-NAS-Bench as its own test of the predictors: every latency and energy
// column of `bench` in turn is the new device, for each k and `seeds` seeds
// (seed s draws the same networks for every method), scored over every
// network with a target value: Spearman, Kendall tau-b, and the share of
// predictions within 10% of the truth, averaged over seeds. Rows by target,
// k, method. Threads share nothing a result depends on: the same rows for
// any thread count.
struct PredictorScore {
  std::string method, target;
  std::size_t k = 0, seeds = 0;
  double spearman = 0, kendall = 0, within_10pct = 0;
  // The standard error of the mean Spearman over the seeds (their sample sd / sqrt(seeds)); NaN for one seed.
  double spearman_se = std::numeric_limits<double>::quiet_NaN();
};
std::vector<PredictorScore> evaluate_predictors(const Benchmark& bench, const std::vector<std::size_t>& ks, std::size_t seeds,
                                                const std::vector<std::string>& methods);

// HELP's own evaluation (Lee et al., NeurIPS 2021; its loader.py), on NB201
// with CIFAR-10 inputs: the known devices are HELP's 9 meta-training devices
// (kHelpTrainDevices; its 4 meta-validation devices are never features), the
// new devices its 6 test devices; for each, rows 0..899 without the device's
// 10% fastest and 10% slowest are the pool k networks are drawn from (seeded,
// the same for every method), rows 900..1899 without their 10% fastest and
// slowest the 800 networks scored (Spearman, Kendall; within_10pct there).
// Ties in a whole-millisecond device are ordered by row (a stable sort; HELP's
// numpy argsort leaves their order unspecified). Rows by target, k, method;
// `help` holds HELP's published Spearman at k = 10 beside them.
inline constexpr const char* kHelpTrainDevices[] = {"1080ti_1", "1080ti_32", "1080ti_256", "silver_4114", "silver_4210r",
                                                    "samsung_a50", "pixel3", "essential_ph_1", "samsung_s7"};
struct HelpPublished {
  const char* device;
  double spearman;  // HELP's Table 2, k = 10
};
inline constexpr HelpPublished kHelpNb201Published[] = {{"titan_rtx_256", 0.987}, {"gold_6226", 0.989}, {"fpga", 0.985},
                                                        {"pixel2", 0.802},        {"raspi4", 0.890},    {"eyeriss", 0.940}};
// HELP's split of one device: the pool k networks are drawn from (rows
// 0..899, 720 left) and the networks scored (rows 900..1899, 800 left), each
// without the device's 10% fastest and 10% slowest.
struct HelpSplit {
  std::vector<std::uint64_t> pool, scored;
};
HelpSplit help_protocol_split(const Benchmark& bench, const CostKey& device);
std::vector<PredictorScore> evaluate_help_protocol(const Benchmark& bench, const std::vector<std::size_t>& ks,
                                                   std::size_t seeds, const std::vector<std::string>& methods);
// The same on FBNet (CIFAR-100 setting, HELP's 5000 networks in file order):
// known = the 9 meta-training devices, new devices raspi4, eyeriss, fpga, pool
// rows 0..3999, scored rows 4000..4999 (each less the device's 10% fastest and
// slowest); the methods are predict_additive_table's (gp, gp_log, auto).
inline constexpr HelpPublished kHelpFbnetPublished[] = {{"raspi4", 0.887}, {"eyeriss", 0.943}, {"fpga", 0.892}};
std::vector<PredictorScore> evaluate_help_protocol_fbnet(const Benchmark& bench, const std::vector<std::size_t>& ks,
                                                         std::size_t seeds);

// NASFLAT's scoring of the same task (Akhauri & Abdelfattah, MLSys 2024; its
// nasflat_latency main_trf.py, task 0 of device_task_list.py): known = HELP's
// 9 meta-training devices, new = its 6 test devices, k networks drawn from
// all 15625 cells and Spearman over all 15625 (none dropped, the k measured
// ones included). NASFLAT picks its k by a sampler over its encodings; here
// they are drawn at random (seeded), as in HELP's protocol. Its published
// mean at k = 10: kNasflatNb201PublishedMean.
inline constexpr double kNasflatNb201PublishedMean = 0.959;
std::vector<PredictorScore> evaluate_nasflat_protocol(const Benchmark& bench, const std::vector<std::size_t>& ks,
                                                      std::size_t seeds, const std::vector<std::string>& methods);

// The evaluation protocols --evaluate --protocol names, one registry: what
// each runs (InputError when `bench` is not a benchmark it runs on: its space,
// its dataset), the sentence a report prints above its table, and the
// published figures at k = 10 it is compared with.
struct PublishedFigures {
  std::string source;                  // "HELP", "NASFLAT"
  std::vector<HelpPublished> devices;  // per device; may be empty
  double mean = 0;                     // its published mean over the protocol's devices
};
struct EvaluationProtocol {
  std::string name;
  std::string description;
  std::function<std::vector<PredictorScore>(const Benchmark&, const std::vector<std::size_t>& ks, std::size_t seeds,
                                            const std::vector<std::string>& methods)>
      evaluate;
  std::function<std::string(const Benchmark&)> summary;
  std::function<std::optional<PublishedFigures>(const Benchmark&)> published;  // nullopt: none
};
// leave-one-device-out (the default), help, nasflat. Safe from any thread.
const Registry<EvaluationProtocol>& evaluation_protocols();

}  // namespace hwnas
