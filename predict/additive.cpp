// additive: the cost as a constant plus one term per (decision, choice), ridge.
#include <cmath>

#include "predict/linear_fit.hpp"

namespace hwnas::predict_detail {

namespace {

FittedCosts fit_additive(const KnownCosts& known, const Measurements& m) {
  const LinearFit fit = fit_rows(known, m, false, additive_features);
  return fitted("additive", fit, false, size_of(known),
                [&](const Linear& model, std::uint64_t i) { return model.at(additive_features(known, i)); });
}

}  // namespace


PredictorInfo additive_predictor() {
  return {"additive", "a constant plus one term per (decision, choice), ridge (Eigen)", prepared_per_fit(fit_additive),
          // A table of p terms is not identified by p networks.
          [](const KnownCosts& known, std::size_t k) { return k > static_cast<std::size_t>(additive_features(known, 0).size()); }};
}

}  // namespace hwnas::predict_detail
