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

#include <tbb/parallel_for.h>

namespace hwnas {
namespace {

// A linear model on feature rows: y ~ intercept + w . x.
struct Linear {
  Eigen::VectorXd w;
  double intercept = 0;
  double at(const Eigen::VectorXd& x) const { return intercept + w.dot(x); }
};

// A fitted linear model and its leave-one-out predictions of the k samples:
// what the model fitted on the other k - 1 would predict for each.
struct LinearFit {
  Linear model;
  Eigen::VectorXd loo;
};

// Ridge regression with an unpenalised intercept (features and target centred
// on the sample), the penalty picked from a grid by the exact leave-one-out
// error of ridge at that penalty (residual / (1 - leverage), a closed form: no
// refits, O(k p^2) for k samples of p features). lambda is relative to the
// mean diagonal of X'X, so the grid fits features of any scale.
LinearFit fit_ridge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  const Eigen::Index k = x.rows(), p = x.cols();
  const Eigen::RowVectorXd mean_x = x.colwise().mean();
  const double mean_y = y.mean();
  const Eigen::MatrixXd xc = x.rowwise() - mean_x;
  const Eigen::VectorXd yc = y.array() - mean_y;
  const Eigen::MatrixXd gram = xc.transpose() * xc;
  const double scale = std::max(gram.trace() / static_cast<double>(std::max<Eigen::Index>(p, 1)), 1e-300);
  LinearFit best;
  double best_error = std::numeric_limits<double>::infinity();
  for (const double relative : {1e-6, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0}) {
    const Eigen::MatrixXd a = gram + relative * scale * Eigen::MatrixXd::Identity(p, p);
    const Eigen::LDLT<Eigen::MatrixXd> solver(a);
    const Eigen::VectorXd w = solver.solve(xc.transpose() * yc);
    const Eigen::MatrixXd ax = solver.solve(xc.transpose());  // p x k: A^-1 x_i for every sample
    Eigen::VectorXd loo_residual(k);
    double error = 0;
    for (Eigen::Index i = 0; i < k; ++i) {
      // leverage_i = 1/k + x_i' A^-1 x_i (the intercept's share, then the features')
      const double leverage = 1.0 / static_cast<double>(k) + xc.row(i).dot(ax.col(i));
      const double residual = yc(i) - xc.row(i).dot(w);
      loo_residual(i) = residual / std::max(1.0 - leverage, 1e-9);
      error += loo_residual(i) * loo_residual(i);
    }
    if (error < best_error) {
      best_error = error;
      best.model.w = w;
      best.model.intercept = mean_y - mean_x.dot(w);
      best.loo = y - loo_residual;
    }
  }
  return best;
}

// Ordinary least squares of y on one feature, with its leave-one-out
// predictions in closed form (leverage 1/k + (x_i - mean)^2 / Sxx).
LinearFit fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  const double mx = mean(x), my = mean(y);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  LinearFit fit;
  fit.model.w = Eigen::VectorXd::Constant(1, sxx > 0 ? sxy / sxx : 0.0);
  fit.model.intercept = my - fit.model.w(0) * mx;
  const auto k = static_cast<double>(x.size());
  fit.loo.resize(static_cast<Eigen::Index>(x.size()));
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double leverage = 1.0 / k + (sxx > 0 ? (x[i] - mx) * (x[i] - mx) / sxx : 0.0);
    const double residual = y[i] - (fit.model.intercept + fit.model.w(0) * x[i]);
    fit.loo(static_cast<Eigen::Index>(i)) = y[i] - residual / std::max(1.0 - leverage, 1e-9);
  }
  return fit;
}

// Features of network `index` for each model.
Eigen::VectorXd additive_features(const KnownCosts& known, std::uint64_t index) {
  const SearchSpace& space = *known.space;
  std::size_t width = 0;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) width += static_cast<std::size_t>(space.num_choices(d));
  Eigen::VectorXd x = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(width));
  const Arch arch = space.at(index);
  std::size_t offset = 0;
  for (std::size_t d = 0; d < space.num_decisions(); ++d) {
    x(static_cast<Eigen::Index>(offset + static_cast<std::size_t>(arch[d]))) = 1.0;
    offset += static_cast<std::size_t>(space.num_choices(d));
  }
  return x;
}

Eigen::VectorXd transfer_features(const KnownCosts& known, std::uint64_t index) {
  Eigen::VectorXd x(static_cast<Eigen::Index>(known.devices.size() + 2));
  for (std::size_t j = 0; j < known.devices.size(); ++j) x(static_cast<Eigen::Index>(j)) = std::log(known.devices[j].values[index]);
  x(static_cast<Eigen::Index>(known.devices.size())) = std::log(known.flops[index]);
  x(static_cast<Eigen::Index>(known.devices.size() + 1)) = std::log(known.params[index]);
  return x;
}

// A linear fit's predictions for every network and its measured networks' leave-one-out predictions.
FittedCosts fitted(std::string method, const LinearFit& linear, bool log_space, std::uint64_t n,
                   const std::function<double(const Linear&, std::uint64_t)>& at, std::string detail = "") {
  FittedCosts f;
  f.method = std::move(method);
  f.detail = std::move(detail);
  f.cost.resize(n);
  for (std::uint64_t i = 0; i < n; ++i) f.cost[i] = at(linear.model, i);
  for (Eigen::Index i = 0; i < linear.loo.size(); ++i) f.loo.push_back(log_space ? std::exp(linear.loo(i)) : linear.loo(i));
  return f;
}

// Ridge on the rows `features` gives for the measured networks, of the cost (or its log).
LinearFit fit_rows(const KnownCosts& known, const Measurements& m, bool log_cost,
                   Eigen::VectorXd (*features)(const KnownCosts&, std::uint64_t)) {
  const auto k = static_cast<Eigen::Index>(m.index.size());
  const Eigen::VectorXd first = features(known, m.index[0]);
  Eigen::MatrixXd x(k, first.size());
  Eigen::VectorXd y(k);
  for (Eigen::Index i = 0; i < k; ++i) {
    x.row(i) = features(known, m.index[static_cast<std::size_t>(i)]).transpose();
    const double c = m.cost[static_cast<std::size_t>(i)];
    y(i) = log_cost ? std::log(c) : c;
  }
  return fit_ridge(x, y);
}

std::uint64_t size_of(const KnownCosts& known) { return *known.space->cardinality(); }

// The predictors, each as its paper-like recipe. -------------------------------

FittedCosts fit_additive(const KnownCosts& known, const Measurements& m) {
  const LinearFit fit = fit_rows(known, m, false, additive_features);
  return fitted("additive", fit, false, size_of(known),
                [&](const Linear& model, std::uint64_t i) { return model.at(additive_features(known, i)); });
}

FittedCosts fit_transfer(const KnownCosts& known, const Measurements& m) {
  const LinearFit fit = fit_rows(known, m, true, transfer_features);
  return fitted("transfer", fit, true, size_of(known),
                [&](const Linear& model, std::uint64_t i) { return std::exp(model.at(transfer_features(known, i))); });
}

FittedCosts fit_flops(const KnownCosts& known, const Measurements& m) {
  std::vector<double> x;
  for (auto idx : m.index) x.push_back(known.flops[idx]);
  return fitted("flops", fit_line(x, m.cost), false, size_of(known),
                [&](const Linear& model, std::uint64_t i) { return model.intercept + model.w(0) * known.flops[i]; });
}

FittedCosts fit_best_known_device(const KnownCosts& known, const Measurements& m) {
  if (known.devices.empty()) throw InputError("best_known_device needs at least one known device");
  double best = -2;
  std::size_t column = 0;
  for (std::size_t j = 0; j < known.devices.size(); ++j) {
    std::vector<double> x;
    for (auto idx : m.index) x.push_back(known.devices[j].values[idx]);
    const double rho = spearman_rho(x, m.cost);
    if (rho > best) {
      best = rho;
      column = j;
    }
  }
  std::vector<double> x;
  for (auto idx : m.index) x.push_back(known.devices[column].values[idx]);
  const auto& values = known.devices[column].values;
  return fitted("best_known_device", fit_line(x, m.cost), false, size_of(known),
                [&](const Linear& model, std::uint64_t i) { return model.intercept + model.w(0) * values[i]; },
                known.devices[column].name);
}

double log_ratio(double predicted, double measured) {
  return std::abs(std::log(std::max(predicted, 1e-12) / measured));
}

// Leave-one-out mean |log(predicted / measured)| of a fit on its measurements,
// from its closed-form leave-one-out predictions (the ridge penalty and
// best_known_device's column stay those chosen on all k: no refit); NaN when
// the predictor has none (the MLP: k trainings).
double loo_error(const FittedCosts& f, const Measurements& m) {
  if (f.loo.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (std::size_t i = 0; i < m.index.size(); ++i) sum += log_ratio(f.loo[i], m.cost[i]);
  return sum / static_cast<double>(m.index.size());
}

// auto: the predictor with the lowest leave-one-out error among those auto may
// choose and that k measurements identify.
FittedCosts fit_auto(const KnownCosts& known, const Measurements& m) {
  double best = std::numeric_limits<double>::infinity();
  std::optional<FittedCosts> chosen;
  for (const PredictorInfo& candidate : predictors().entries()) {
    if (!candidate.auto_considers || !candidate.auto_considers(known, m.index.size())) continue;
    FittedCosts f = candidate.fit(known, m);
    const double error = loo_error(f, m);
    if (error < best) {
      best = error;
      chosen = std::move(f);
    }
  }
  if (!chosen) chosen = fit_flops(known, m);  // every error undefined (NaN): the simplest model
  return *std::move(chosen);
}

}  // namespace

const Registry<PredictorInfo>& predictors() {
  static const Registry<PredictorInfo> registry(
      "predictor",
      {
          {"additive", "a constant plus one term per (decision, choice), ridge (Eigen)", fit_additive,
           [](const KnownCosts& known, std::size_t k) {
             return k > static_cast<std::size_t>(additive_features(known, 0).size());
           }},
          {"transfer", "log cost linear in the known devices' log costs, log FLOPs and log params, ridge", fit_transfer,
           [](const KnownCosts&, std::size_t) { return true; }},
          {"flops", "a straight line in FLOPs (baseline)", fit_flops, [](const KnownCosts&, std::size_t) { return true; }},
          {"best_known_device", "the known device that ranks the measured networks best, through a line (baseline)",
           fit_best_known_device, [](const KnownCosts& known, std::size_t) { return !known.devices.empty(); }},
          {"auto", "the predictor with the lowest leave-one-out error on the measured networks", fit_auto, nullptr},
      });
  return registry;
}

std::vector<std::string> predictor_names() {
  std::vector<std::string> names = predictors().names();
  // The chooser last, after the predictors registered later (mlp).
  std::stable_partition(names.begin(), names.end(), [](const std::string& name) { return name != "auto"; });
  return names;
}

std::vector<double> prediction_features(const KnownCosts& known, std::uint64_t index) {
  const Eigen::VectorXd a = additive_features(known, index), t = transfer_features(known, index);
  std::vector<double> x(a.data(), a.data() + a.size());
  x.insert(x.end(), t.data(), t.data() + t.size());
  return x;
}

Prediction predict_costs(const KnownCosts& known, const Measurements& measured, const std::string& method) {
  const auto n = known.space ? known.space->cardinality() : std::nullopt;
  if (!n) throw InputError("cost prediction needs an enumerable space (NB201)");
  if (measured.index.size() != measured.cost.size()) throw std::logic_error("measurements: index and cost differ in length");
  if (measured.index.size() < 3) {
    throw InputError("cost prediction needs at least 3 measured networks, got " + std::to_string(measured.index.size()));
  }
  std::set<std::uint64_t> distinct;
  for (std::size_t i = 0; i < measured.index.size(); ++i) {
    if (measured.index[i] >= *n) throw InputError("measured network index " + std::to_string(measured.index[i]) + " is out of range");
    if (!distinct.insert(measured.index[i]).second) {
      throw InputError("network " + std::to_string(measured.index[i]) + " is measured twice");
    }
    if (!(measured.cost[i] > 0) || !std::isfinite(measured.cost[i])) throw InputError("measured costs must be positive");
  }
  FittedCosts f = predictors().get(method).fit(known, measured);
  Prediction p;
  p.method = f.method;
  p.loo_error = loo_error(f, measured);
  p.detail = std::move(f.detail);
  p.cost = std::move(f.cost);
  return p;
}

KnownCosts known_costs_without(const Benchmark& bench, const CostKey& target) {
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
  for (const CostKey& key : bench.cost().keys()) {
    if (!key.is_cost() || key.device() == target.device()) continue;
    KnownCosts::Column column{key.name(), std::vector<double>(*n)};
    bool complete = true;
    for (std::uint64_t i = 0; i < *n && complete; ++i) {
      const auto v = bench.cost().cost(space.at(i), key);
      complete = v.has_value() && *v > 0;
      if (complete) column.values[i] = *v;
    }
    if (complete) known.devices.push_back(std::move(column));
  }
  return known;
}

namespace {
// The networks with a target value: the only ones a trial samples from or is scored on.
std::vector<std::uint64_t> with_value(const Benchmark& bench, const CostKey& target) {
  std::vector<std::uint64_t> cells;
  for (std::uint64_t i = 0; i < *bench.space().cardinality(); ++i) {
    if (bench.cost().cost(bench.space().at(i), target)) cells.push_back(i);
  }
  return cells;
}

HeldOutTrial trial(const Benchmark& bench, const KnownCosts& known, const std::vector<std::uint64_t>& cells,
                   const CostKey& target, std::size_t k, std::uint64_t seed, const std::string& method) {
  if (k > cells.size()) throw InputError("k = " + std::to_string(k) + " is more than the networks with a value");
  // A partial Fisher-Yates draw from a stream of (seed, target's name, k): the same networks for every method.
  std::uint64_t stream = k;
  for (const char c : target.name()) stream = stream * 131 + static_cast<unsigned char>(c);
  Rng rng(seed, stream);
  std::vector<std::uint64_t> pool = cells;
  HeldOutTrial t;
  Measurements m;
  for (std::size_t i = 0; i < k; ++i) {
    std::swap(pool[i], pool[i + rng.below(pool.size() - i)]);
    t.sample.push_back(pool[i]);
    m.index.push_back(pool[i]);
    m.cost.push_back(*bench.cost().cost(bench.space().at(pool[i]), target));  // the only reads of the target column
  }
  t.prediction = predict_costs(known, m, method);
  return t;
}
}  // namespace

HeldOutTrial predict_held_out(const Benchmark& bench, const CostKey& target, std::size_t k, std::uint64_t seed,
                              const std::string& method) {
  return trial(bench, known_costs_without(bench, target), with_value(bench, target), target, k, seed, method);
}

std::vector<PredictorScore> evaluate_predictors(const Benchmark& bench, const std::vector<std::size_t>& ks, std::size_t seeds,
                                                const std::vector<std::string>& methods) {
  std::vector<CostKey> targets;
  for (const CostKey& key : bench.cost().keys()) {
    if (key.is_cost() && bench.cost().covers_space(key)) targets.push_back(key);
  }
  struct Task {
    std::size_t target, k, method, seed;
    double spearman = 0, kendall = 0, within = 0;
  };
  std::vector<KnownCosts> known;
  std::vector<std::vector<std::uint64_t>> cells;
  std::vector<std::vector<double>> truth;  // over `cells`, for scoring only
  for (const CostKey& t : targets) {
    known.push_back(known_costs_without(bench, t));
    cells.push_back(with_value(bench, t));
    std::vector<double> values;
    for (std::uint64_t i : cells.back()) values.push_back(*bench.cost().cost(bench.space().at(i), t));
    truth.push_back(std::move(values));
  }
  std::vector<Task> tasks;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    for (std::size_t k = 0; k < ks.size(); ++k) {
      for (std::size_t m = 0; m < methods.size(); ++m) {
        for (std::size_t s = 0; s < seeds; ++s) tasks.push_back({t, k, m, s});
      }
    }
  }
  tbb::parallel_for(std::size_t{0}, tasks.size(), [&](std::size_t i) {
    Task& task = tasks[i];
    const HeldOutTrial r = trial(bench, known[task.target], cells[task.target], targets[task.target], ks[task.k], task.seed,
                                 methods[task.method]);
    std::vector<double> predicted;
    std::size_t close = 0;
    for (std::size_t j = 0; j < cells[task.target].size(); ++j) {
      const double p = r.prediction.cost[cells[task.target][j]], y = truth[task.target][j];
      predicted.push_back(p);
      close += std::abs(p - y) <= 0.1 * y;
    }
    task.spearman = spearman_rho(predicted, truth[task.target]);
    task.kendall = kendall_tau(predicted, truth[task.target]);
    task.within = static_cast<double>(close) / static_cast<double>(predicted.size());
  });
  std::vector<PredictorScore> rows;
  for (std::size_t i = 0; i < tasks.size(); i += seeds) {
    PredictorScore row{methods[tasks[i].method], targets[tasks[i].target].name(), ks[tasks[i].k], seeds};
    for (std::size_t s = 0; s < seeds; ++s) {
      row.spearman += tasks[i + s].spearman / static_cast<double>(seeds);
      row.kendall += tasks[i + s].kendall / static_cast<double>(seeds);
      row.within_10pct += tasks[i + s].within / static_cast<double>(seeds);
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace hwnas
