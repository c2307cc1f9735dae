#include "predict/predict.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/stats.hpp"
#include "predict/linear_fit.hpp"

#include <tbb/parallel_for.h>

namespace hwnas {

std::vector<double> prediction_features(const KnownCosts& known, std::uint64_t index) {
  const Eigen::VectorXd a = predict_detail::additive_features(known, index), t = predict_detail::transfer_features(known, index);
  std::vector<double> x(a.data(), a.data() + a.size());
  x.insert(x.end(), t.data(), t.data() + t.size());
  return x;
}

std::function<PreparedPredictor(const KnownCosts&)> prepared_per_fit(
    std::function<FittedCosts(const KnownCosts&, const Measurements&)> fit) {
  return [fit = std::move(fit)](const KnownCosts& known) -> PreparedPredictor {
    return [fit, &known](const Measurements& m) { return fit(known, m); };
  };
}

CostPredictor::CostPredictor(const KnownCosts& known, const std::string& method) {
  if (!known.space || !known.space->cardinality()) throw InputError("cost prediction needs an enumerable space (NB201)");
  networks_ = *known.space->cardinality();
  prepared_ = predictors().get(method).prepare(known);
}

Prediction CostPredictor::predict(const Measurements& measured) const {
  const std::uint64_t n = networks_;
  if (measured.index.size() != measured.cost.size()) throw std::logic_error("measurements: index and cost differ in length");
  if (measured.index.size() < 3) {
    throw InputError("cost prediction needs at least 3 measured networks, got " + std::to_string(measured.index.size()));
  }
  std::set<std::uint64_t> distinct;
  for (std::size_t i = 0; i < measured.index.size(); ++i) {
    if (measured.index[i] >= n) throw InputError("measured network index " + std::to_string(measured.index[i]) + " is out of range");
    if (!distinct.insert(measured.index[i]).second) {
      throw InputError("network " + std::to_string(measured.index[i]) + " is measured twice");
    }
    if (!(measured.cost[i] > 0) || !std::isfinite(measured.cost[i])) throw InputError("measured costs must be positive");
  }
  FittedCosts f = prepared_(measured);
  Prediction p;
  p.method = f.method;
  p.loo_error = predict_detail::loo_error(f, measured);
  p.detail = std::move(f.detail);
  p.cost = std::move(f.cost);
  return p;
}

Prediction predict_costs(const KnownCosts& known, const Measurements& measured, const std::string& method) {
  return CostPredictor(known, method).predict(measured);
}

KnownCosts known_costs_without(const Benchmark& bench, const CostKey& target, const std::optional<std::vector<CostKey>>& only) {
  const SearchSpace& space = bench.space();
  const auto n = space.cardinality();
  if (!n) throw InputError("cost prediction needs an enumerable space (NB201)");
  KnownCosts known;
  known.space = &space;
  known.flops.resize(*n);
  known.params.resize(*n);
  for (std::uint64_t i = 0; i < *n; ++i) {
    const Complexity c = bench.complexity(space.at(i));
    known.flops[i] = c.flops_m;
    known.params[i] = c.params_m;
  }
  for (const CostKey& key : predict_detail::known_column_keys(bench, target, only)) {
    KnownCosts::Column column{key.name(), std::vector<double>(*n)};
    bool complete = true;
    for (std::uint64_t i = 0; i < *n && complete; ++i) {
      const auto v = bench.cost().cost(space.at(i), key);
      complete = v.has_value() && *v > 0;
      if (complete) column.values[i] = *v;
    }
    if (!complete && only) throw InputError("--known " + key.name() + " lacks a value for some network: a known column needs every one");
    if (complete) known.devices.push_back(std::move(column));
  }
  return known;
}

namespace predict_detail {

std::vector<CostKey> known_column_keys(const Benchmark& bench, const CostKey& target,
                                       const std::optional<std::vector<CostKey>>& only) {
  if (only) {
    for (const CostKey& key : *only) {
      if (!bench.cost().has(key)) throw InputError("--known: " + missing_cost_message(bench, key));
      if (key.device() == target.device()) throw InputError("--known " + key.name() + " is of the device predicted");
    }
  }
  std::vector<CostKey> keys;
  for (const CostKey& key : only ? *only : bench.cost().keys()) {
    if (key.is_cost() && key.device() != target.device()) keys.push_back(key);
  }
  return keys;
}

std::vector<std::size_t> middle_eighty_percent(const std::vector<double>& value, std::size_t first, std::size_t count) {
  std::vector<std::size_t> rows(count);
  for (std::size_t i = 0; i < count; ++i) rows[i] = first + i;
  std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return value[a] < value[b]; });
  return std::vector<std::size_t>(rows.begin() + static_cast<std::ptrdiff_t>(count / 10),
                                  rows.begin() + static_cast<std::ptrdiff_t>(count * 9 / 10));
}

TrialScore score_prediction(const std::vector<double>& predicted, const std::vector<double>& truth) {
  std::size_t close = 0;
  for (std::size_t j = 0; j < truth.size(); ++j) close += std::abs(predicted[j] - truth[j]) <= 0.1 * truth[j];
  return {spearman_rho(predicted, truth), kendall_tau(predicted, truth),
          static_cast<double>(close) / static_cast<double>(truth.size())};
}

std::vector<PredictorScore> evaluate_cells(
    const std::vector<std::string>& targets, const std::vector<std::size_t>& ks,
    const std::vector<std::string>& methods, std::size_t seeds,
    const std::function<TrialScore(std::size_t target, std::size_t k, std::size_t method, std::size_t seed)>& run) {
  struct Cell {
    std::size_t target, k, method, seed;
    TrialScore score;
  };
  std::vector<Cell> cells;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    for (std::size_t k = 0; k < ks.size(); ++k) {
      for (std::size_t m = 0; m < methods.size(); ++m) {
        for (std::size_t s = 0; s < seeds; ++s) cells.push_back({t, k, m, s, {}});
      }
    }
  }
  tbb::parallel_for(std::size_t{0}, cells.size(), [&](std::size_t i) {
    Cell& c = cells[i];
    c.score = run(c.target, c.k, c.method, c.seed);
  });
  std::vector<PredictorScore> rows;
  for (std::size_t i = 0; i < cells.size(); i += seeds) {
    PredictorScore row{methods[cells[i].method], targets[cells[i].target], ks[cells[i].k], seeds};
    for (std::size_t s = 0; s < seeds; ++s) {
      row.spearman += cells[i + s].score.spearman / static_cast<double>(seeds);
      row.kendall += cells[i + s].score.kendall / static_cast<double>(seeds);
      row.within_10pct += cells[i + s].score.within_10pct / static_cast<double>(seeds);
    }
    if (seeds > 1) {
      double squares = 0;
      for (std::size_t s = 0; s < seeds; ++s) squares += std::pow(cells[i + s].score.spearman - row.spearman, 2);
      row.spearman_se = std::sqrt(squares / static_cast<double>(seeds - 1) / static_cast<double>(seeds));
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace predict_detail

namespace {
// The networks with a target value: the only ones a trial samples from or is scored on.
std::vector<std::uint64_t> with_value(const Benchmark& bench, const CostKey& target) {
  std::vector<std::uint64_t> cells;
  for (std::uint64_t i = 0; i < *bench.space().cardinality(); ++i) {
    if (bench.cost().cost(bench.space().at(i), target)) cells.push_back(i);
  }
  return cells;
}

HeldOutTrial trial(const Benchmark& bench, const CostPredictor& predictor, const std::vector<std::uint64_t>& cells,
                   const CostKey& target, std::size_t k, std::uint64_t seed);

// Each target's trials drawn from `pools[t]` and scored on `scored[t]` (truth: the target's values
// there), in parallel; means over seeds, rows by target, k, method. Each (target, method)'s predictor is
// readied once for all its trials.
std::vector<PredictorScore> run_trials(const Benchmark& bench, const std::vector<CostKey>& targets,
                                       const std::vector<KnownCosts>& known,
                                       const std::vector<std::vector<std::uint64_t>>& pools,
                                       const std::vector<std::vector<std::uint64_t>>& scored,
                                       const std::vector<std::size_t>& ks, std::size_t seeds,
                                       const std::vector<std::string>& methods) {
  std::vector<std::vector<double>> truth;  // over `scored`, for scoring only
  std::vector<std::string> names;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    std::vector<double> values;
    for (std::uint64_t i : scored[t]) values.push_back(*bench.cost().cost(bench.space().at(i), targets[t]));
    truth.push_back(std::move(values));
    names.push_back(targets[t].name());
  }
  std::vector<std::optional<CostPredictor>> readied(targets.size() * methods.size());
  tbb::parallel_for(std::size_t{0}, readied.size(), [&](std::size_t i) {
    readied[i].emplace(known[i / methods.size()], methods[i % methods.size()]);
  });
  return predict_detail::evaluate_cells(names, ks, methods, seeds, [&](std::size_t t, std::size_t k, std::size_t m, std::size_t s) {
    const HeldOutTrial r = trial(bench, *readied[t * methods.size() + m], pools[t], targets[t], ks[k], s);
    std::vector<double> predicted;
    for (std::uint64_t i : scored[t]) predicted.push_back(r.prediction.cost[i]);
    return predict_detail::score_prediction(predicted, truth[t]);
  });
}

HeldOutTrial trial(const Benchmark& bench, const CostPredictor& predictor, const std::vector<std::uint64_t>& cells,
                   const CostKey& target, std::size_t k, std::uint64_t seed) {
  if (k > cells.size()) throw InputError("k = " + std::to_string(k) + " is more than the networks with a value");
  // A partial Fisher-Yates draw from a stream of (seed, target's name, k): the same networks for every method.
  std::uint64_t stream = k;
  for (const char c : target.name()) stream = stream * 131 + static_cast<unsigned char>(c);
  Rng rng(seed, stream);
  HeldOutTrial t;
  t.sample = predict_detail::draw_distinct(cells, k, rng);
  Measurements m;
  for (const std::uint64_t i : t.sample) {
    m.index.push_back(i);
    m.cost.push_back(*bench.cost().cost(bench.space().at(i), target));  // the only reads of the target column
  }
  t.prediction = predictor.predict(m);
  return t;
}
}  // namespace

HeldOutTrial predict_held_out(const Benchmark& bench, const CostKey& target, std::size_t k, std::uint64_t seed,
                              const std::string& method) {
  const KnownCosts known = known_costs_without(bench, target);
  return trial(bench, CostPredictor(known, method), with_value(bench, target), target, k, seed);
}

std::vector<PredictorScore> evaluate_predictors(const Benchmark& bench, const std::vector<std::size_t>& ks, std::size_t seeds,
                                                const std::vector<std::string>& methods) {
  if (!bench.space().cardinality()) {
    throw InputError("the leave-one-device-out protocol needs an enumerable space (NB201), not " + bench.space().name() +
                     ": on FBNet, --protocol help (HELP's 5000 networks, --dataset cifar100)");
  }
  std::vector<CostKey> targets;
  for (const CostKey& key : bench.cost().keys()) {
    if (key.is_cost() && bench.cost().covers_space(key)) targets.push_back(key);
  }
  std::vector<KnownCosts> known;
  std::vector<std::vector<std::uint64_t>> cells;
  for (const CostKey& t : targets) {
    known.push_back(known_costs_without(bench, t));
    cells.push_back(with_value(bench, t));
  }
  return run_trials(bench, targets, known, cells, cells, ks, seeds, methods);
}

HelpSplit help_protocol_split(const Benchmark& bench, const CostKey& device) {
  // The device's 10% fastest and slowest of each range dropped (HELP's loader.py, remove_outlier).
  std::vector<double> value(1900);
  for (std::uint64_t i = 0; i < value.size(); ++i) {
    const auto v = bench.cost().cost(bench.space().at(i), device);
    if (!v) throw InputError("HELP's protocol needs " + device.name() + " for every network of rows 0..1899");
    value[i] = *v;
  }
  const auto rows = [&](std::size_t first, std::size_t count) {
    const std::vector<std::size_t> kept = predict_detail::middle_eighty_percent(value, first, count);
    return std::vector<std::uint64_t>(kept.begin(), kept.end());
  };
  return {rows(0, 900), rows(900, 1000)};
}

namespace {
// HELP's NB201 task (NASFLAT's task 0 too): known = HELP's 9 meta-training devices, new = its 6 test devices.
struct HelpNb201Task {
  std::vector<CostKey> targets;
  std::vector<KnownCosts> known;
};
HelpNb201Task help_nb201_task(const Benchmark& bench, const std::string& protocol) {
  if (bench.space().name() != "nb201" || bench.cost_dataset() != "cifar10") {
    throw InputError("--protocol " + protocol +
                     " is on HELP's NB201 devices: --space nb201 with CIFAR-10 costs (the default dataset)");
  }
  std::vector<CostKey> train;
  for (const char* d : kHelpTrainDevices) train.push_back(CostKey::of(d, "latency"));
  HelpNb201Task task;
  for (const HelpPublished& p : kHelpNb201Published) {
    task.targets.push_back(CostKey::of(p.device, "latency"));
    task.known.push_back(known_costs_without(bench, task.targets.back(), train));
  }
  return task;
}
}  // namespace

std::vector<PredictorScore> evaluate_help_protocol(const Benchmark& bench, const std::vector<std::size_t>& ks,
                                                   std::size_t seeds, const std::vector<std::string>& methods) {
  const HelpNb201Task task = help_nb201_task(bench, "help");
  std::vector<std::vector<std::uint64_t>> pools, scored;
  for (const CostKey& target : task.targets) {
    HelpSplit split = help_protocol_split(bench, target);
    pools.push_back(std::move(split.pool));
    scored.push_back(std::move(split.scored));
  }
  return run_trials(bench, task.targets, task.known, pools, scored, ks, seeds, methods);
}

std::vector<PredictorScore> evaluate_nasflat_protocol(const Benchmark& bench, const std::vector<std::size_t>& ks,
                                                      std::size_t seeds, const std::vector<std::string>& methods) {
  const HelpNb201Task task = help_nb201_task(bench, "nasflat");
  std::vector<std::vector<std::uint64_t>> cells;
  for (const CostKey& target : task.targets) {
    cells.push_back(with_value(bench, target));
    if (cells.back().size() != *bench.space().cardinality()) {
      throw InputError("--protocol nasflat needs " + target.name() + " for every network of the space");
    }
  }
  return run_trials(bench, task.targets, task.known, cells, cells, ks, seeds, methods);
}

}  // namespace hwnas
