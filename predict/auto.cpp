// auto: the registered predictor with the lowest leave-one-out error.
#include <cmath>
#include <limits>
#include <optional>
#include "predict/linear_fit.hpp"

namespace hwnas::predict_detail {

namespace {

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


PredictorInfo auto_predictor() {
  // Null auto_considers: auto never considers itself.
  return {"auto", "the predictor with the lowest leave-one-out error on the measured networks", fit_auto, nullptr};
}

}  // namespace hwnas::predict_detail
