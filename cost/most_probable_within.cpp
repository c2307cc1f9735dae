#include "cost/most_probable_within.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "core/error.hpp"

namespace hwnas {
namespace {

double log_probability(const std::vector<std::vector<double>>& log_prob, const Arch& arch) {
  double total = 0;
  for (std::size_t d = 0; d < arch.size(); ++d) total += log_prob[d][static_cast<std::size_t>(arch[d])];
  return total;
}

}  // namespace

std::optional<Arch> most_probable_within_by_enumeration(const SearchSpace& space,
                                                        const std::vector<std::vector<double>>& log_prob,
                                                        const std::function<std::optional<double>(const Arch&)>& cost,
                                                        double limit) {
  const auto size = space.cardinality();
  if (!size) throw InputError("the " + space.name() + " space cannot be enumerated");
  if (log_prob.size() != space.num_decisions()) throw std::invalid_argument("log_prob has the wrong number of decisions");
  std::optional<Arch> best;
  double best_log_prob = -std::numeric_limits<double>::infinity();
  for (std::uint64_t i = 0; i < *size; ++i) {
    const Arch arch = space.at(i);
    const double lp = log_probability(log_prob, arch);
    if (best && lp <= best_log_prob) continue;
    const auto c = cost(arch);
    if (!c || *c > limit) continue;
    best = arch;
    best_log_prob = lp;
  }
  return best;
}

namespace {

// The knapsack on a grid of `steps` units of the budget (see the header).
std::optional<Arch> knapsack(const std::vector<std::vector<double>>& log_prob, const AdditiveTable& table, double limit,
                             std::size_t steps) {
  const std::size_t decisions = table.entry.size();
  double constant = table.constant;
  std::vector<std::vector<double>> shifted = table.entry;
  for (auto& row : shifted) {
    const double cheapest = *std::min_element(row.begin(), row.end());
    for (double& e : row) e -= cheapest;
    constant += cheapest;
  }
  const double budget = limit - constant;
  if (budget < 0) return std::nullopt;
  const double unit = budget > 0 ? budget / static_cast<double>(steps) : 1.0;
  constexpr double kNone = -std::numeric_limits<double>::infinity();
  // best[w]: the highest log-probability of the decisions so far using exactly w units; choice[d][w]: its choice at d.
  std::vector<double> best(steps + 1, kNone), next(steps + 1);
  best[0] = 0;
  std::vector<std::vector<int>> choice(decisions, std::vector<int>(steps + 1, -1));
  for (std::size_t d = 0; d < decisions; ++d) {
    std::fill(next.begin(), next.end(), kNone);
    for (std::size_t k = 0; k < shifted[d].size(); ++k) {
      // An entry of exactly 0 costs 0 units even with a zero budget; rounding up otherwise (a feasible answer stays feasible).
      const double units = shifted[d][k] <= 0 ? 0.0 : std::ceil(shifted[d][k] / unit);
      if (budget == 0 && units > 0) continue;
      if (units > static_cast<double>(steps)) continue;
      const auto u = static_cast<std::size_t>(units);
      const double lp = log_prob[d][k];
      for (std::size_t w = u; w <= steps; ++w) {
        if (best[w - u] == kNone) continue;
        const double v = best[w - u] + lp;
        if (v > next[w]) {
          next[w] = v;
          choice[d][w] = static_cast<int>(k);
        }
      }
    }
    best.swap(next);
  }
  std::size_t end = 0;
  for (std::size_t w = 1; w <= steps; ++w) {
    if (best[w] > best[end]) end = w;
  }
  if (best[end] == kNone) return std::nullopt;
  Arch arch(decisions);
  for (std::size_t d = decisions; d-- > 0;) {
    const int k = choice[d][end];
    arch.set(d, k);
    const double units = shifted[d][static_cast<std::size_t>(k)] <= 0 ? 0.0 : std::ceil(shifted[d][static_cast<std::size_t>(k)] / unit);
    end -= static_cast<std::size_t>(units);
  }
  return arch;
}

}  // namespace

std::optional<Arch> most_probable_within_additive(const std::vector<std::vector<double>>& log_prob,
                                                  const AdditiveTable& table, double limit, std::size_t steps) {
  if (log_prob.size() != table.entry.size() || steps < 1) throw std::invalid_argument("log_prob and the table disagree, or no steps");
  // Rounding up keeps the answer under the limit in exact arithmetic; where the
  // table's own floating-point total lands a hair above it, a slightly coarser
  // grid is tried (a smaller budget in whole units).
  for (std::size_t grid = steps; grid >= 1; grid = grid * 999 / 1000) {
    const auto arch = knapsack(log_prob, table, limit, grid);
    if (!arch || table.total(*arch) <= limit) return arch;
    if (grid == 1) break;
  }
  throw std::logic_error("knapsack derivation cannot meet a limit its cheapest architecture meets");
}

}  // namespace hwnas
