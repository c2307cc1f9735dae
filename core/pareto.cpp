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

bool equal_in(const ObjectivePoint& a, const ObjectivePoint& b, std::size_t d) {
  return std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(d), b.begin());
}

std::vector<std::size_t> nondominated_in(const std::vector<ObjectivePoint>& points, std::size_t d) {
  // In lexicographic order a point can only be dominated (or equalled) by one
  // before it, and then by one already kept: O(n log n + n * front).
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::lexicographical_compare(points[a].begin(), points[a].begin() + static_cast<std::ptrdiff_t>(d),
                                        points[b].begin(), points[b].begin() + static_cast<std::ptrdiff_t>(d));
  });
  std::vector<std::size_t> keep;
  for (std::size_t i : order) {
    bool out = false;
    for (std::size_t k : keep) {
      if (dominates_in(points[k], points[i], d) || equal_in(points[k], points[i], d)) {
        out = true;
        break;
      }
    }
    if (!out) keep.push_back(i);
  }
  std::sort(keep.begin(), keep.end());  // input order; of equal points the first (stable sort kept it first)
  return keep;
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
    for (std::size_t i : nondominated_in(limit, last)) reduced.push_back(std::move(limit[i]));
    total += (ref[last] - pts[k][last]) * (box_in(pts[k], ref, last) - hv_in(std::move(reduced), ref, last));
  }
  return total;
}

}  // namespace

bool dominates(const ObjectivePoint& a, const ObjectivePoint& b) { return dominates_in(a, b, a.size()); }

std::vector<std::size_t> nondominated(const std::vector<ObjectivePoint>& points) {
  return points.empty() ? std::vector<std::size_t>{} : nondominated_in(points, points.front().size());
}

std::vector<int> nondomination_ranks(const std::vector<const ObjectivePoint*>& points) {
  const std::size_t n = points.size();
  // One pass per pair decides both directions; a flat matrix holds who dominates whom.
  std::vector<unsigned char> beats(n * n, 0);
  std::vector<int> count(n, 0), rank(n, 0);
  for (std::size_t p = 0; p < n; ++p) {
    const double* a = points[p]->data();
    const std::size_t m = points[p]->size();
    for (std::size_t q = p + 1; q < n; ++q) {
      const double* b = points[q]->data();
      bool p_better = false, q_better = false;
      for (std::size_t k = 0; k < m && !(p_better && q_better); ++k) {
        p_better = p_better || a[k] < b[k];
        q_better = q_better || b[k] < a[k];
      }
      if (p_better && !q_better) {
        beats[p * n + q] = 1;
        ++count[q];
      } else if (q_better && !p_better) {
        beats[q * n + p] = 1;
        ++count[p];
      }
    }
  }
  std::vector<std::size_t> current, next;
  for (std::size_t p = 0; p < n; ++p) {
    if (count[p] == 0) current.push_back(p);
  }
  for (int r = 0; !current.empty(); ++r) {
    next.clear();
    for (std::size_t p : current) {
      rank[p] = r;
      for (std::size_t q = 0; q < n; ++q) {
        if (beats[p * n + q] && --count[q] == 0) next.push_back(q);
      }
    }
    std::swap(current, next);
  }
  return rank;
}

std::vector<double> crowding_distances(const std::vector<const ObjectivePoint*>& points, const std::vector<std::size_t>& front) {
  const std::size_t n = front.size();
  std::vector<double> distance(n, 0.0);
  if (n == 0) return distance;
  const std::size_t m = (*points[front[0]]).size();
  std::vector<std::size_t> order(n);
  for (std::size_t obj = 0; obj < m; ++obj) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Ties by position: the same order as a stable sort, without its buffer.
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const double va = (*points[front[a]])[obj], vb = (*points[front[b]])[obj];
      return va < vb || (va == vb && a < b);
    });
    const double lo = (*points[front[order.front()]])[obj], hi = (*points[front[order.back()]])[obj];
    distance[order.front()] = distance[order.back()] = std::numeric_limits<double>::infinity();
    if (hi == lo) continue;
    for (std::size_t i = 1; i + 1 < n; ++i) {
      distance[order[i]] += ((*points[front[order[i + 1]]])[obj] - (*points[front[order[i - 1]]])[obj]) / (hi - lo);
    }
  }
  return distance;
}

namespace {
std::vector<const ObjectivePoint*> pointers(const std::vector<ObjectivePoint>& points) {
  std::vector<const ObjectivePoint*> out;
  out.reserve(points.size());
  for (const auto& p : points) out.push_back(&p);
  return out;
}
}  // namespace

std::vector<int> nondomination_ranks(const std::vector<ObjectivePoint>& points) { return nondomination_ranks(pointers(points)); }

std::vector<double> crowding_distances(const std::vector<ObjectivePoint>& points, const std::vector<std::size_t>& front) {
  return crowding_distances(pointers(points), front);
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
  for (std::size_t i : nondominated_in(inside, d)) front.push_back(std::move(inside[i]));
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
