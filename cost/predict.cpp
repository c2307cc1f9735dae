#include "cost/predict.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
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

MlpPredictor& mlp_slot() {
  static MlpPredictor slot;
  return slot;
}

// A fitted predictor: the cost of any network by index, and the
// leave-one-out predictions of the measured networks.
struct Fitted {
  PredictMethod method;
  std::string detail;
  Linear model;
  std::size_t column = 0;     // best_known_device
  std::vector<double> table;  // mlp: every network's prediction
  std::vector<double> loo;    // cost of measured network i predicted without it; empty for the mlp
  double at(const KnownCosts& known, std::uint64_t index) const {
    switch (method) {
      case PredictMethod::additive: return model.at(additive_features(known, index));
      case PredictMethod::transfer: return std::exp(model.at(transfer_features(known, index)));
      case PredictMethod::flops: return model.intercept + model.w(0) * known.flops[index];
      case PredictMethod::best_known_device: return model.intercept + model.w(0) * known.devices[column].values[index];
      case PredictMethod::mlp: return table[index];
      case PredictMethod::automatic: break;
    }
    throw std::logic_error("auto is resolved before fitting");
  }
};

Fitted fit(const KnownCosts& known, const Measurements& m, PredictMethod method) {
  const auto k = static_cast<Eigen::Index>(m.index.size());
  Fitted f{method, "", {}, 0, {}, {}};
  const auto keep = [&](const LinearFit& linear, bool log_space) {
    f.model = linear.model;
    for (Eigen::Index i = 0; i < linear.loo.size(); ++i) f.loo.push_back(log_space ? std::exp(linear.loo(i)) : linear.loo(i));
  };
  switch (method) {
    case PredictMethod::additive:
    case PredictMethod::transfer: {
      const bool additive = method == PredictMethod::additive;
      const Eigen::VectorXd first = additive ? additive_features(known, m.index[0]) : transfer_features(known, m.index[0]);
      Eigen::MatrixXd x(k, first.size());
      Eigen::VectorXd y(k);
      for (Eigen::Index i = 0; i < k; ++i) {
        const auto idx = m.index[static_cast<std::size_t>(i)];
        x.row(i) = (additive ? additive_features(known, idx) : transfer_features(known, idx)).transpose();
        y(i) = additive ? m.cost[static_cast<std::size_t>(i)] : std::log(m.cost[static_cast<std::size_t>(i)]);
      }
      keep(fit_ridge(x, y), !additive);
      break;
    }
    case PredictMethod::flops: {
      std::vector<double> x;
      for (auto idx : m.index) x.push_back(known.flops[idx]);
      keep(fit_line(x, m.cost), false);
      break;
    }
    case PredictMethod::best_known_device: {
      if (known.devices.empty()) throw InputError("best_known_device needs at least one known device");
      double best = -2;
      for (std::size_t j = 0; j < known.devices.size(); ++j) {
        std::vector<double> x;
        for (auto idx : m.index) x.push_back(known.devices[j].values[idx]);
        const double rho = spearman_rho(x, m.cost);
        if (rho > best) {
          best = rho;
          f.column = j;
        }
      }
      std::vector<double> x;
      for (auto idx : m.index) x.push_back(known.devices[f.column].values[idx]);
      keep(fit_line(x, m.cost), false);
      f.detail = known.devices[f.column].name;
      break;
    }
    case PredictMethod::mlp:
      if (!mlp_slot()) throw InputError("the mlp predictor needs LibTorch (hwnas-torch)");
      f.table = mlp_slot()(known, m);
      break;
    case PredictMethod::automatic:
      throw std::logic_error("auto is resolved before fitting");
  }
  return f;
}

double log_ratio(double predicted, double measured) {
  return std::abs(std::log(std::max(predicted, 1e-12) / measured));
}

// Leave-one-out mean |log(predicted / measured)| of a fitted predictor on its
// measurements, from its closed-form leave-one-out predictions (the ridge
// penalty and best_known_device's column stay those chosen on all k: no refit).
double loo_error(const Fitted& f, const Measurements& m) {
  double sum = 0;
  for (std::size_t i = 0; i < m.index.size(); ++i) sum += log_ratio(f.loo[i], m.cost[i]);
  return sum / static_cast<double>(m.index.size());
}

}  // namespace

const std::vector<PredictMethod>& all_predict_methods() {
  static const std::vector<PredictMethod> methods = {PredictMethod::additive,          PredictMethod::transfer,
                                                     PredictMethod::flops,             PredictMethod::best_known_device,
                                                     PredictMethod::mlp,               PredictMethod::automatic};
  return methods;
}

void install_mlp_predictor(MlpPredictor predictor) { mlp_slot() = std::move(predictor); }
bool mlp_predictor_available() { return static_cast<bool>(mlp_slot()); }

std::vector<double> prediction_features(const KnownCosts& known, std::uint64_t index) {
  const Eigen::VectorXd a = additive_features(known, index), t = transfer_features(known, index);
  std::vector<double> x(a.data(), a.data() + a.size());
  x.insert(x.end(), t.data(), t.data() + t.size());
  return x;
}

std::string_view predict_method_name(PredictMethod method) {
  switch (method) {
    case PredictMethod::additive: return "additive";
    case PredictMethod::transfer: return "transfer";
    case PredictMethod::flops: return "flops";
    case PredictMethod::best_known_device: return "best_known_device";
    case PredictMethod::mlp: return "mlp";
    case PredictMethod::automatic: return "auto";
  }
  return "?";
}

PredictMethod predict_method(std::string_view name) {
  std::string known;
  for (PredictMethod m : all_predict_methods()) {
    if (predict_method_name(m) == name) return m;
    known += (known.empty() ? "" : ", ") + std::string(predict_method_name(m));
  }
  throw InputError("unknown --method '" + std::string(name) + "' (known: " + known + ")");
}

Prediction predict_costs(const KnownCosts& known, const Measurements& measured, PredictMethod method) {
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
  Prediction p;
  std::optional<Fitted> chosen;
  if (method == PredictMethod::automatic) {
    double best = std::numeric_limits<double>::infinity();
    for (PredictMethod candidate : all_predict_methods()) {
      // The MLP is left out: it has no closed-form leave-one-out error, and k trainings would cost minutes.
      if (candidate == PredictMethod::automatic || candidate == PredictMethod::mlp) continue;
      if (candidate == PredictMethod::best_known_device && known.devices.empty()) continue;
      // An additive table of p terms is not identified by p or fewer networks: its
      // leave-one-out error on so few is luck, not evidence.
      if (candidate == PredictMethod::additive &&
          measured.index.size() <= static_cast<std::size_t>(additive_features(known, 0).size())) {
        continue;
      }
      Fitted f = fit(known, measured, candidate);
      const double error = loo_error(f, measured);
      if (error < best) {
        best = error;
        p.method = candidate;
        chosen = std::move(f);
      }
    }
    if (!chosen) {  // every error undefined (NaN): the simplest model
      p.method = PredictMethod::flops;
      chosen = fit(known, measured, p.method);
      best = loo_error(*chosen, measured);
    }
    p.loo_error = best;
  } else {
    p.method = method;
    chosen = fit(known, measured, method);
    // The MLP's would train it k more times: not computed (NaN).
    p.loo_error = method == PredictMethod::mlp ? std::numeric_limits<double>::quiet_NaN() : loo_error(*chosen, measured);
  }
  const Fitted& f = *chosen;
  p.detail = f.detail;
  p.cost.resize(*n);
  for (std::uint64_t i = 0; i < *n; ++i) p.cost[i] = f.at(known, i);
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
                   const CostKey& target, std::size_t k, std::uint64_t seed, PredictMethod method) {
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
                              PredictMethod method) {
  return trial(bench, known_costs_without(bench, target), with_value(bench, target), target, k, seed, method);
}

std::vector<PredictorScore> evaluate_predictors(const Benchmark& bench, const std::vector<std::size_t>& ks, std::size_t seeds,
                                                const std::vector<PredictMethod>& methods) {
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
    PredictorScore row{std::string(predict_method_name(methods[tasks[i].method])), targets[tasks[i].target].name(), ks[tasks[i].k], seeds};
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
