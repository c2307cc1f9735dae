// The built-in predictors: one file each in this folder, listed here in the
// order reports show them. A new predictor is its file, its declaration and
// entry here, and its line in CMakeLists.txt; a
// LibTorch one registers itself (torch/mlp_predictor.cpp).
#include <algorithm>

#include "predict/linear_fit.hpp"

namespace hwnas {
namespace predict_detail {
// Each defined in its own file (additive.cpp, ...).
PredictorInfo additive_predictor();
PredictorInfo transfer_predictor();
PredictorInfo flops_predictor();
PredictorInfo best_known_device_predictor();
PredictorInfo gp_predictor();
PredictorInfo gp_log_predictor();
PredictorInfo auto_predictor();
}  // namespace predict_detail

const Registry<PredictorInfo>& predictors() {
  using namespace predict_detail;
  static const Registry<PredictorInfo> registry(
      "predictor", {additive_predictor(), transfer_predictor(), flops_predictor(), best_known_device_predictor(), gp_predictor(), gp_log_predictor(), auto_predictor()});
  return registry;
}

std::vector<std::string> predictor_names() {
  std::vector<std::string> names = predictors().names();
  // The chooser last, after the predictors registered later (mlp).
  std::stable_partition(names.begin(), names.end(), [](const std::string& name) { return name != "auto"; });
  return names;
}

}  // namespace hwnas
