#pragma once
#include <optional>
#include <string>

#include "core/format.hpp"
#include "cost/cost_key.hpp"

namespace hwnas {

// The range of a cost limit (ms or mJ): --limit, --limits.
inline constexpr RealRange kLimitRange{0, 1e6, true};

// Maximise accuracy subject to cost(device, metric) <= limit.
//
// - No limit: unconstrained (NAS-Bench-201's own protocol); score = accuracy,
//   every architecture is feasible.
// - Hard: an infeasible architecture never beats a feasible one. Feasible ones
//   score their accuracy (0..100); infeasible ones score -200 + 100 * limit/cost
//   (in (-200, -100)), so that among infeasible architectures the cheaper one
//   wins and a search started in the infeasible region is pulled toward the
//   limit, while rewards stay bounded for policy-gradient searchers.
// - Soft (MnasNet): accuracy * (cost/limit)^w with w = alpha when cost <= limit
//   and w = beta otherwise; alpha = beta = -0.07 by default, alpha = 0,
//   beta = -1 for a sharp penalty.
// A missing cost (no data for that architecture on the device) is infeasible
// and scores kMissingCostScore under every constrained objective: below any
// architecture with a cost, yet finite, so policy-gradient rewards stay usable.
class CostConstrainedObjective {
public:
  enum class Mode { hard, soft };
  static constexpr double kMissingCostScore = -300.0;

  static CostConstrainedObjective unconstrained();
  static CostConstrainedObjective hard(const CostKey& key, double limit);
  static CostConstrainedObjective soft(const CostKey& key, double limit, double alpha = -0.07, double beta = -0.07);

  bool constrained() const { return limit_.has_value(); }
  const std::optional<CostKey>& key() const { return key_; }
  const std::optional<double>& limit() const { return limit_; }
  Mode mode() const { return mode_; }
  double alpha() const { return alpha_; }
  double beta() const { return beta_; }
  std::string describe() const;

  bool feasible(std::optional<double> cost) const;
  double score(double accuracy, std::optional<double> cost) const;

private:
  std::optional<CostKey> key_;
  std::optional<double> limit_;
  Mode mode_ = Mode::hard;
  double alpha_ = 0, beta_ = 0;
};

}  // namespace hwnas
