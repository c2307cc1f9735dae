// auto: the registered predictor with the lowest leave-one-out error.
#include <cmath>
#include <limits>
#include <optional>
#include "predict/linear_fit.hpp"

namespace hwnas::predict_detail {

namespace {

// auto: the predictor with the lowest leave-one-out error (times its handicap
// once a device is known) among those auto may choose and that k
// measurements identify; every candidate readied once.
PreparedPredictor prepare_auto(const KnownCosts& known) {
  struct Candidate {
    PredictorInfo info;
    PreparedPredictor fit;
  };
  std::vector<Candidate> candidates;
  for (const PredictorInfo& info : predictors().entries()) {
    if (info.auto_considers) candidates.push_back({info, info.prepare(known)});
  }
  return [candidates = std::move(candidates), &known](const Measurements& m) {
    double best = std::numeric_limits<double>::infinity();
    std::optional<FittedCosts> chosen;
    for (const Candidate& candidate : candidates) {
      if (!candidate.info.auto_considers(known, m.index.size())) continue;
      FittedCosts f = candidate.fit(m);
      const double error = loo_error(f, m) * (known.devices.empty() ? 1.0 : candidate.info.auto_handicap);
      if (error < best) {
        best = error;
        chosen = std::move(f);
      }
    }
    if (!chosen) chosen = fit_flops(known, m);  // every error undefined (NaN): the simplest model
    return *std::move(chosen);
  };
}

}  // namespace


PredictorInfo auto_predictor() {
  // Null auto_considers: auto never considers itself.
  return {"auto", "the predictor with the lowest leave-one-out error on the measured networks", prepare_auto, nullptr};
}

}  // namespace hwnas::predict_detail
