#include "core/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace hwnas {
namespace {

void require_same_size(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size()) throw std::invalid_argument("correlation of vectors of different sizes");
}

// Number of pairs tied within runs of equal values of an already sorted range.
template <class Eq>
double tied_pairs(std::size_t n, Eq equal_to_previous) {
  double ties = 0;
  std::size_t run = 1;
  for (std::size_t i = 1; i < n; ++i) {
    if (equal_to_previous(i)) {
      ++run;
    } else {
      ties += 0.5 * run * (run - 1);
      run = 1;
    }
  }
  return ties + 0.5 * run * (run - 1);
}

// Sorts v by value, returning the number of inversions (swaps a bubble sort would make).
double merge_count(std::vector<double>& v, std::vector<double>& scratch, std::size_t lo, std::size_t hi) {
  if (hi - lo < 2) return 0;
  const std::size_t mid = lo + (hi - lo) / 2;
  double swaps = merge_count(v, scratch, lo, mid) + merge_count(v, scratch, mid, hi);
  std::size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    if (v[j] < v[i]) {
      swaps += static_cast<double>(mid - i);
      scratch[k++] = v[j++];
    } else {
      scratch[k++] = v[i++];
    }
  }
  while (i < mid) scratch[k++] = v[i++];
  while (j < hi) scratch[k++] = v[j++];
  std::copy(scratch.begin() + lo, scratch.begin() + hi, v.begin() + lo);
  return swaps;
}

}  // namespace

double mean(std::span<const double> xs) {
  if (xs.empty()) return std::numeric_limits<double>::quiet_NaN();
  return std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
}

double stddev(std::span<const double> xs) {
  if (xs.size() < 2) return 0.0;
  const double m = mean(xs);
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  return std::sqrt(ss / static_cast<double>(xs.size() - 1));
}

double quantile(std::vector<double> xs, double q) {
  if (xs.empty()) throw std::invalid_argument("quantile of an empty set");
  std::sort(xs.begin(), xs.end());
  const double pos = q * static_cast<double>(xs.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, xs.size() - 1);
  return xs[lo] + (pos - static_cast<double>(lo)) * (xs[hi] - xs[lo]);
}

double kendall_tau(std::span<const double> x, std::span<const double> y) {
  require_same_size(x, y);
  const std::size_t n = x.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return x[a] != x[b] ? x[a] < x[b] : y[a] < y[b];
  });
  const double ties_x = tied_pairs(n, [&](std::size_t i) { return x[order[i]] == x[order[i - 1]]; });
  const double ties_xy = tied_pairs(n, [&](std::size_t i) {
    return x[order[i]] == x[order[i - 1]] && y[order[i]] == y[order[i - 1]];
  });
  std::vector<double> ys(n), scratch(n);
  for (std::size_t i = 0; i < n; ++i) ys[i] = y[order[i]];
  const double swaps = merge_count(ys, scratch, 0, n);
  const double ties_y = tied_pairs(n, [&](std::size_t i) { return ys[i] == ys[i - 1]; });
  const double pairs = 0.5 * static_cast<double>(n) * static_cast<double>(n - 1);
  const double concordant_minus_discordant = pairs - ties_x - ties_y + ties_xy - 2 * swaps;
  const double denom = std::sqrt((pairs - ties_x) * (pairs - ties_y));
  if (denom == 0) return std::numeric_limits<double>::quiet_NaN();
  return concordant_minus_discordant / denom;
}

double kendall_tau_brute_force(std::span<const double> x, std::span<const double> y) {
  require_same_size(x, y);
  double c_minus_d = 0, untied_x = 0, untied_y = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = i + 1; j < x.size(); ++j) {
      const double dx = x[i] - x[j], dy = y[i] - y[j];
      if (dx != 0) untied_x += 1;
      if (dy != 0) untied_y += 1;
      if (dx * dy > 0) c_minus_d += 1;
      if (dx * dy < 0) c_minus_d -= 1;
    }
  }
  if (untied_x == 0 || untied_y == 0) return std::numeric_limits<double>::quiet_NaN();
  return c_minus_d / std::sqrt(untied_x * untied_y);
}

std::vector<double> average_ranks(std::span<const double> xs) {
  const std::size_t n = xs.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return xs[a] < xs[b]; });
  std::vector<double> ranks(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && xs[order[j + 1]] == xs[order[i]]) ++j;
    const double rank = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

double spearman_rho(std::span<const double> x, std::span<const double> y) {
  require_same_size(x, y);
  const std::vector<double> rx = average_ranks(x), ry = average_ranks(y);
  const double mx = mean(rx), my = mean(ry);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < rx.size(); ++i) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) * (rx[i] - mx);
    syy += (ry[i] - my) * (ry[i] - my);
  }
  if (sxx == 0 || syy == 0) return std::numeric_limits<double>::quiet_NaN();
  return sxy / std::sqrt(sxx * syy);
}

std::vector<std::size_t> pareto_front(std::span<const double> cost, std::span<const double> accuracy) {
  require_same_size(cost, accuracy);
  std::vector<std::size_t> order(cost.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (cost[a] != cost[b]) return cost[a] < cost[b];
    if (accuracy[a] != accuracy[b]) return accuracy[a] > accuracy[b];
    return a < b;
  });
  // A point survives iff it has the best accuracy of its cost group and beats
  // every strictly cheaper point.
  std::vector<std::size_t> front;
  double best_cheaper = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    const double group_best = accuracy[order[i]];
    while (j < order.size() && cost[order[j]] == cost[order[i]]) {
      if (accuracy[order[j]] == group_best && group_best > best_cheaper) front.push_back(order[j]);
      ++j;
    }
    best_cheaper = std::max(best_cheaper, group_best);
    i = j;
  }
  return front;
}

std::vector<std::size_t> pareto_front_brute_force(std::span<const double> cost,
                                                  std::span<const double> accuracy) {
  require_same_size(cost, accuracy);
  std::vector<std::size_t> front;
  for (std::size_t p = 0; p < cost.size(); ++p) {
    bool dominated = false;
    for (std::size_t q = 0; q < cost.size() && !dominated; ++q) {
      dominated = cost[q] <= cost[p] && accuracy[q] >= accuracy[p] &&
                  (cost[q] < cost[p] || accuracy[q] > accuracy[p]);
    }
    if (!dominated) front.push_back(p);
  }
  std::stable_sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) { return cost[a] < cost[b]; });
  return front;
}

}  // namespace hwnas
