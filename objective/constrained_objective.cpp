#include "objective/constrained_objective.hpp"

#include <cmath>
#include <sstream>

#include "core/error.hpp"

namespace hwnas {
namespace {
void check_limit(double limit) {
  if (!(limit > 0) || !std::isfinite(limit)) {
    throw InputError("the cost limit must be a positive number, got " + std::to_string(limit));
  }
}
}  // namespace

CostConstrainedObjective CostConstrainedObjective::unconstrained() { return {}; }

CostConstrainedObjective CostConstrainedObjective::hard(const CostKey& key, double limit) {
  check_limit(limit);
  CostConstrainedObjective o;
  o.key_ = key;
  o.limit_ = limit;
  return o;
}

CostConstrainedObjective CostConstrainedObjective::soft(const CostKey& key, double limit, double alpha, double beta) {
  CostConstrainedObjective o = hard(key, limit);
  o.mode_ = Mode::soft;
  o.alpha_ = alpha;
  o.beta_ = beta;
  return o;
}

std::string CostConstrainedObjective::describe() const {
  if (!constrained()) return "unconstrained";
  std::ostringstream s;
  s << key_->name() << " <= " << *limit_ << " " << key_->unit();
  if (mode_ == Mode::soft) s << " (soft, alpha=" << alpha_ << ", beta=" << beta_ << ")";
  return s.str();
}

bool CostConstrainedObjective::feasible(std::optional<double> cost) const {
  if (!constrained()) return true;
  return cost.has_value() && *cost <= *limit_;
}

double CostConstrainedObjective::score(double accuracy, std::optional<double> cost) const {
  if (!constrained()) return accuracy;
  if (!cost) return kMissingCostScore;
  const double ratio = *cost / *limit_;
  if (mode_ == Mode::soft) return accuracy * std::pow(ratio, ratio <= 1.0 ? alpha_ : beta_);
  return ratio <= 1.0 ? accuracy : -200.0 + 100.0 / ratio;
}

}  // namespace hwnas
