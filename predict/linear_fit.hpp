#pragma once
// What the built-in predictors share (internal to predict/): ridge and
// straight-line fits with closed-form leave-one-out predictions, the feature
// rows of the additive and transfer models, and the leave-one-out error.
#include <Eigen/Dense>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/rng.hpp"
#include "predict/predict.hpp"

namespace hwnas::predict_detail {

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
LinearFit fit_ridge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

// Ordinary least squares of y on one feature, with its leave-one-out
// predictions in closed form (leverage 1/k + (x_i - mean)^2 / Sxx).
LinearFit fit_line(const std::vector<double>& x, const std::vector<double>& y);

// Network `index` as the additive model sees it: one-hot per (decision, choice).
Eigen::VectorXd additive_features(const KnownCosts& known, std::uint64_t index);
// As the transfer model sees it: the known devices' log costs, log FLOPs, log params.
Eigen::VectorXd transfer_features(const KnownCosts& known, std::uint64_t index);

// A linear fit's predictions for every network and its measured networks' leave-one-out predictions.
FittedCosts fitted(std::string method, const LinearFit& linear, bool log_space, std::uint64_t n,
                   const std::function<double(const Linear&, std::uint64_t)>& at, std::string detail = "");

// Ridge on the rows `features` gives for the measured networks, of the cost (or its log).
LinearFit fit_rows(const KnownCosts& known, const Measurements& m, bool log_cost,
                   Eigen::VectorXd (*features)(const KnownCosts&, std::uint64_t));

// The number of networks of the (enumerable) space.
std::uint64_t size_of(const KnownCosts& known);

// PredictorInfo::auto_handicap of the baselines whose inputs gp's prior holds (transfer, flops, best_known_device).
inline constexpr double kBaselineHandicap = 2.0;

// |log(predicted / measured)|, the error every predictor is judged by.
double log_ratio(double predicted, double measured);

// Leave-one-out mean |log(predicted / measured)| of a fit on its measurements,
// from its closed-form leave-one-out predictions (the ridge penalty and
// best_known_device's column stay those chosen on all k: no refit); NaN when
// the predictor has none (the MLP: k trainings).
double loo_error(const FittedCosts& f, const Measurements& m);

// The cost columns a predictor of `target` may read: `only` (--known), each
// checked to exist and not be of the target's device (InputError naming it),
// or every cost column of another device. Values are the caller's to check.
std::vector<CostKey> known_column_keys(const Benchmark& bench, const CostKey& target,
                                       const std::optional<std::vector<CostKey>>& only);

// HELP's outlier rule (loader.py): rows first..first+count-1 ordered by `value`
// (value[r] of row r; ties by row), without the 10% lowest and 10% highest.
std::vector<std::size_t> middle_eighty_percent(const std::vector<double>& value, std::size_t first, std::size_t count);

// The first k of `pool` after a partial Fisher-Yates shuffle from `rng`: k
// distinct draws, the same for every method given the same stream.
template <class T>
std::vector<T> draw_distinct(std::vector<T> pool, std::size_t k, Rng& rng) {
  for (std::size_t i = 0; i < k; ++i) std::swap(pool[i], pool[i + rng.below(pool.size() - i)]);
  pool.resize(k);
  return pool;
}

// One trial's scores: Spearman, Kendall tau-b, and the share of predictions within 10% of the truth.
struct TrialScore {
  double spearman = 0, kendall = 0, within_10pct = 0;
};
TrialScore score_prediction(const std::vector<double>& predicted, const std::vector<double>& truth);

// Every (target, k, method, seed) cell of an evaluation, scored by `run` in
// parallel (it must be safe to call from several threads), averaged over the
// seeds: rows by target, k, method.
std::vector<PredictorScore> evaluate_cells(
    const std::vector<std::string>& targets, const std::vector<std::size_t>& ks,
    const std::vector<std::string>& methods, std::size_t seeds,
    const std::function<TrialScore(std::size_t target, std::size_t k, std::size_t method, std::size_t seed)>& run);

// flops' fit: auto's fallback when no candidate has a leave-one-out error.
FittedCosts fit_flops(const KnownCosts& known, const Measurements& m);

}  // namespace hwnas::predict_detail
