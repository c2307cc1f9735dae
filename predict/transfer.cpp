// transfer: log cost linear in the known devices' log costs, log FLOPs and log params, ridge.
#include <cmath>

#include "predict/linear_fit.hpp"

namespace hwnas::predict_detail {

namespace {

FittedCosts fit_transfer(const KnownCosts& known, const Measurements& m) {
  const LinearFit fit = fit_rows(known, m, true, transfer_features);
  return fitted("transfer", fit, true, size_of(known),
                [&](const Linear& model, std::uint64_t i) { return std::exp(model.at(transfer_features(known, i))); });
}

}  // namespace


PredictorInfo transfer_predictor() {
  return {"transfer", "log cost linear in the known devices' log costs, log FLOPs and log params, ridge", prepared_per_fit(fit_transfer),
          [](const KnownCosts&, std::size_t) { return true; }, kBaselineHandicap};
}

}  // namespace hwnas::predict_detail
