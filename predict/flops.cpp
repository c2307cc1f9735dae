// flops: a straight line in FLOPs (a baseline).
#include <cmath>

#include "predict/linear_fit.hpp"

namespace hwnas::predict_detail {

FittedCosts fit_flops(const KnownCosts& known, const Measurements& m) {
  std::vector<double> x;
  for (auto idx : m.index) x.push_back(known.flops[idx]);
  return fitted("flops", fit_line(x, m.cost), false, size_of(known),
                [&](const Linear& model, std::uint64_t i) { return model.intercept + model.w(0) * known.flops[i]; });
}

PredictorInfo flops_predictor() {
  return {"flops", "a straight line in FLOPs (baseline)", prepared_per_fit(fit_flops), [](const KnownCosts&, std::size_t) { return true; },
          kBaselineHandicap};
}

}  // namespace hwnas::predict_detail
