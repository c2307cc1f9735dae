// best_known_device: the known device column that ranks the measured networks best
// (Spearman), through a straight line (a baseline).
#include <cmath>
#include "core/error.hpp"
#include "core/stats.hpp"
#include "predict/linear_fit.hpp"

namespace hwnas::predict_detail {

namespace {

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

}  // namespace


PredictorInfo best_known_device_predictor() {
  return {"best_known_device", "the known device that ranks the measured networks best, through a line (baseline)",
          prepared_per_fit(fit_best_known_device), [](const KnownCosts& known, std::size_t) { return !known.devices.empty(); },
          kBaselineHandicap};
}

}  // namespace hwnas::predict_detail
