#include "core/pareto.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hwnas {
namespace {

// Dominance over the first `d` objectives.
bool dominates_in(const ObjectivePoint& a, const ObjectivePoint& b, std::size_t d) {
  bool better = false;
  for (std::size_t i = 0; i < d; ++i) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

double box_in(const ObjectivePoint& p, const ObjectivePoint& ref, std::size_t d) {
  double v = 1;
  for (std::size_t i = 0; i < d; ++i) v *= ref[i] - p[i];
  return v;
}

// Hypervolume over the first `d` objectives of mutually non-dominated points
// that all strictly dominate `ref` there.
double hv_in(std::vector<ObjectivePoint> pts, const ObjectivePoint& ref, std::size_t d) {
  if (pts.empty()) return 0;
  if (d == 1) {
    double best = pts[0][0];
    for (const auto& p : pts) best = std::min(best, p[0]);
    return ref[0] - best;
  }
  if (d == 2) {
    std::sort(pts.begin(), pts.end(), [](const auto& a, const auto& b) { return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]); });
    double area = 0, y = ref[1];
    for (const auto& p : pts) {
      if (p[1] < y) {
        area += (ref[0] - p[0]) * (y - p[1]);
        y = p[1];
      }
    }
    return area;
  }
  // WFG with slicing on the last objective: in decreasing order of it, each
  // point's box minus the boxes of the points after it is a slab of height
  // ref - p[last] over a (d-1)-dimensional difference.
  const std::size_t last = d - 1;
  std::sort(pts.begin(), pts.end(), [last](const auto& a, const auto& b) { return a[last] > b[last]; });
  double total = 0;
  std::vector<ObjectivePoint> limit;
  for (std::size_t k = 0; k < pts.size(); ++k) {
    limit.clear();
    for (std::size_t j = k + 1; j < pts.size(); ++j) {
      ObjectivePoint q(last);
      for (std::size_t i = 0; i < last; ++i) q[i] = std::max(pts[k][i], pts[j][i]);
      limit.push_back(std::move(q));
    }
    std::vector<ObjectivePoint> reduced;
    for (std::size_t i : nondominated(limit)) reduced.push_back(std::move(limit[i]));  // each of `last` objectives
    total += (ref[last] - pts[k][last]) * (box_in(pts[k], ref, last) - hv_in(std::move(reduced), ref, last));
  }
  return total;
}

}  // namespace

bool dominates(const ObjectivePoint& a, const ObjectivePoint& b) { return dominates_in(a, b, a.size()); }

namespace {
// Point indices in lexicographic order of their rows, ties by index, into
// `order`. A point can only be dominated (or equalled) by one before it in this order.
void lexicographic_order(PointRows points, std::vector<std::size_t>& order,
                         std::vector<std::pair<double, std::size_t>>& keyed) {
  // Sorting (first value, index) pairs reads the rows only on ties.
  keyed.resize(points.n);
  for (std::size_t i = 0; i < points.n; ++i) keyed[i] = {points.m ? points[i][0] : 0.0, i};
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    const double *pa = points[a.second], *pb = points[b.second];
    for (std::size_t k = 1; k < points.m; ++k) {
      if (pa[k] != pb[k]) return pa[k] < pb[k];
    }
    return a.second < b.second;
  });
  order.resize(points.n);
  for (std::size_t i = 0; i < points.n; ++i) order[i] = keyed[i].second;
}

bool no_worse(const double* a, const double* b, std::size_t m) {
  // Without early exit: with a handful of objectives a branch-free scan is
  // faster than a mispredicted branch per value.
  bool ok = true;
  for (std::size_t k = 0; k < m; ++k) ok &= a[k] <= b[k];
  return ok;
}

PointRows rows_of(const std::vector<ObjectivePoint>& points, std::vector<double>& flat) {
  const std::size_t m = points.empty() ? 0 : points.front().size();
  flat.clear();
  flat.reserve(points.size() * m);
  for (const auto& p : points) flat.insert(flat.end(), p.begin(), p.end());
  return {flat.data(), points.size(), m};
}
}  // namespace

std::vector<std::size_t> nondominated(PointRows points) {
  // In lexicographic order a point is dominated or equalled only by one before
  // it, and then by one already kept (no worse in every objective suffices,
  // since the kept one comes first): O(n log n + n * front). The kept rows are
  // copied side by side so that the inner scan reads one block.
  const std::size_t m = points.m;
  std::vector<std::size_t> order, keep;
  std::vector<std::pair<double, std::size_t>> keyed;
  std::vector<double> kept;
  lexicographic_order(points, order, keyed);
  for (std::size_t i : order) {
    const double* p = points[i];
    std::size_t k = 0;
    while (k < keep.size() && !no_worse(kept.data() + k * m, p, m)) ++k;
    if (k < keep.size()) {
      // Move the dominating row to the front: a few strong points dominate most
      // of the others, and are then found at once.
      if (k > 0) {
        std::swap_ranges(kept.begin() + static_cast<std::ptrdiff_t>(k * m),
                         kept.begin() + static_cast<std::ptrdiff_t>((k + 1) * m), kept.begin());
        std::swap(keep[k], keep[0]);
      }
      continue;
    }
    keep.push_back(i);
    kept.insert(kept.end(), p, p + m);
  }
  std::sort(keep.begin(), keep.end());  // input order; of equal points the first (the order put it first)
  return keep;
}

std::vector<std::size_t> nondominated(const std::vector<ObjectivePoint>& points) {
  std::vector<double> flat;
  return nondominated(rows_of(points, flat));
}

void nondomination_ranks(PointRows points, std::vector<int>& rank, ParetoScratch& scratch) {
  // Efficient non-dominated sort (sequential search): in lexicographic order
  // every point that dominates p comes before p and already has its rank; p
  // joins the first front none of whose members dominates it (a dominator in a
  // later front would, by transitivity, imply one in every earlier front).
  const std::size_t m = points.m;
  rank.assign(points.n, 0);
  lexicographic_order(points, scratch.order, scratch.sorted);
  std::size_t used = 0;  // fronts in use; scratch.fronts keeps the vectors of earlier calls
  for (std::size_t p : scratch.order) {
    const double* values = points[p];
    std::size_t r = 0;
    for (; r < used; ++r) {
      const std::vector<std::size_t>& front = scratch.fronts[r];
      bool dominated = false;
      // Latest members first: the likeliest to dominate p, being closest to it in the order.
      for (std::size_t j = front.size(); j-- > 0 && !dominated;) {
        const double* q = points[front[j]];
        dominated = no_worse(q, values, m) && !std::equal(q, q + m, values);
      }
      if (!dominated) break;
    }
    if (r == used) {
      if (used == scratch.fronts.size()) scratch.fronts.emplace_back();
      scratch.fronts[used++].clear();
    }
    scratch.fronts[r].push_back(p);
    rank[p] = static_cast<int>(r);
  }
}

std::vector<int> nondomination_ranks(PointRows points) {
  std::vector<int> rank;
  ParetoScratch scratch;
  nondomination_ranks(points, rank, scratch);
  return rank;
}

std::vector<int> nondomination_ranks(const std::vector<ObjectivePoint>& points) {
  std::vector<double> flat;
  return nondomination_ranks(rows_of(points, flat));
}

void crowding_distances(PointRows points, std::span<const std::size_t> front, double* distance, ParetoScratch& scratch) {
  const std::size_t n = front.size();
  std::fill(distance, distance + n, 0.0);
  if (n == 0) return;
  // (value, position in front) pairs sort without indirection; ties by position.
  std::vector<std::pair<double, std::size_t>>& sorted = scratch.sorted;
  sorted.resize(n);
  for (std::size_t obj = 0; obj < points.m; ++obj) {
    for (std::size_t i = 0; i < n; ++i) sorted[i] = {points[front[i]][obj], i};
    std::sort(sorted.begin(), sorted.end());
    const double lo = sorted.front().first, hi = sorted.back().first;
    distance[sorted.front().second] = distance[sorted.back().second] = std::numeric_limits<double>::infinity();
    if (hi == lo) continue;
    for (std::size_t i = 1; i + 1 < n; ++i) {
      distance[sorted[i].second] += (sorted[i + 1].first - sorted[i - 1].first) / (hi - lo);
    }
  }
}

std::vector<double> crowding_distances(PointRows points, const std::vector<std::size_t>& front) {
  std::vector<double> distance(front.size());
  ParetoScratch scratch;
  crowding_distances(points, front, distance.data(), scratch);
  return distance;
}

std::vector<double> crowding_distances(const std::vector<ObjectivePoint>& points, const std::vector<std::size_t>& front) {
  std::vector<double> flat;
  return crowding_distances(rows_of(points, flat), front);
}

double hypervolume(std::vector<ObjectivePoint> points, const ObjectivePoint& reference) {
  const std::size_t d = reference.size();
  std::vector<ObjectivePoint> inside;
  for (auto& p : points) {
    bool strictly = true;
    for (std::size_t i = 0; i < d; ++i) strictly = strictly && p[i] < reference[i];
    if (strictly) inside.push_back(std::move(p));
  }
  std::vector<ObjectivePoint> front;
  for (std::size_t i : nondominated(inside)) front.push_back(std::move(inside[i]));
  return hv_in(std::move(front), reference, d);
}

double inverted_generational_distance(const std::vector<ObjectivePoint>& reference_front,
                                      const std::vector<ObjectivePoint>& found) {
  if (reference_front.empty()) return 0;
  if (found.empty()) return std::numeric_limits<double>::infinity();
  double sum = 0;
  for (const auto& r : reference_front) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto& f : found) {
      double d2 = 0;
      for (std::size_t i = 0; i < r.size(); ++i) d2 += (r[i] - f[i]) * (r[i] - f[i]);
      best = std::min(best, d2);
    }
    sum += std::sqrt(best);
  }
  return sum / static_cast<double>(reference_front.size());
}

}  // namespace hwnas
