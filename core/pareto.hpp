#pragma once
// Pareto dominance and front quality for minimisation problems: the
// non-dominated subset, NSGA-II's ranks and crowding distances, exact
// hypervolume (WFG) and IGD. A point is a vector of objective values, all
// minimised; every point of a set has the same number of objectives.
// Pure functions, safe to call from any thread.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <span>
#include <utility>
#include <vector>

namespace hwnas {

using ObjectivePoint = std::vector<double>;

// The most objectives a Pareto search takes: EvoXBench's largest NB201
// problem has 8, and exact hypervolume grows exponentially with them.
inline constexpr std::size_t kMaxObjectives = 8;

// The objective values of one evaluated architecture, held inline rather than
// on the heap: a search copies them at every query and every selection step
// (measured: NSGA-II's 1000-query run 0.80 -> 0.70 ms against a std::vector;
// single-objective runs, which carry it empty, within the machine's noise).
class ObjectiveValues {
public:
  ObjectiveValues() = default;
  // `n` zeros; std::length_error above kMaxObjectives (callers check first).
  explicit ObjectiveValues(std::size_t n) : size_(checked_size(n)) {}

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  double& operator[](std::size_t i) { return values_[i]; }
  double operator[](std::size_t i) const { return values_[i]; }
  const double* data() const { return values_.data(); }
  const double* begin() const { return values_.data(); }
  const double* end() const { return values_.data() + size_; }
  ObjectivePoint point() const { return ObjectivePoint(begin(), end()); }

  friend bool operator==(const ObjectiveValues& a, const ObjectiveValues& b) {
    return a.size_ == b.size_ && std::equal(a.begin(), a.end(), b.begin());
  }

private:
  static std::uint8_t checked_size(std::size_t n) {
    if (n > kMaxObjectives) throw std::length_error("at most 8 objectives");
    return static_cast<std::uint8_t>(n);
  }
  std::array<double, kMaxObjectives> values_{};
  std::uint8_t size_ = 0;
};

// a dominates b: no worse in every objective and better in at least one.
bool dominates(const ObjectivePoint& a, const ObjectivePoint& b);

// `n` points of `m` objectives each stored row by row, point i at
// data[i*m, i*m+m): the form the hot paths use (NSGA-II ranks its population
// every generation; a run's archive filters every query), since one flat block
// is several times faster to scan than a heap vector per point. A view: the
// values must outlive it.
struct PointRows {
  const double* data = nullptr;
  std::size_t n = 0, m = 0;
  const double* operator[](std::size_t i) const { return data + i * m; }
};

// Indices of the non-dominated points, in input order; of several equal
// points only the first is kept.
std::vector<std::size_t> nondominated(PointRows points);
std::vector<std::size_t> nondominated(const std::vector<ObjectivePoint>& points);

// Working memory the ranking functions below reuse between calls, so that a
// searcher ranking its population every generation allocates nothing once
// warm. Contents between calls mean nothing; one per thread.
struct ParetoScratch {
  std::vector<std::size_t> order;
  std::vector<std::vector<std::size_t>> fronts;
  std::vector<std::pair<double, std::size_t>> sorted;
};

// NSGA-II's non-dominated sorting: rank 0 is the non-dominated set, rank 1 the
// non-dominated set of the rest, and so on (the ranks of Deb et al. 2002,
// computed by efficient non-dominated sort, Zhang et al. 2015).
std::vector<int> nondomination_ranks(PointRows points);
void nondomination_ranks(PointRows points, std::vector<int>& rank, ParetoScratch& scratch);
std::vector<int> nondomination_ranks(const std::vector<ObjectivePoint>& points);

// NSGA-II's crowding distance of each point of `front` (indices into points)
// within that front: boundary points get infinity; of equal values the
// earlier in `front` sorts first.
std::vector<double> crowding_distances(PointRows points, const std::vector<std::size_t>& front);
// The same into distance[0, front.size()).
void crowding_distances(PointRows points, std::span<const std::size_t> front, double* distance, ParetoScratch& scratch);
std::vector<double> crowding_distances(const std::vector<ObjectivePoint>& points, const std::vector<std::size_t>& front);

// Exact hypervolume dominated by `points` and bounded by `reference`: the
// measure of the union of the boxes [p, reference]. Points that do not
// strictly dominate the reference contribute nothing. WFG (While, Bradstreet
// and Barone 2012) for 3 or more objectives, a sweep for 1 and 2.
double hypervolume(std::vector<ObjectivePoint> points, const ObjectivePoint& reference);

// Inverted generational distance: the mean, over the points of `reference_front`,
// of the Euclidean distance to the nearest point of `found` (infinity when
// `found` is empty).
double inverted_generational_distance(const std::vector<ObjectivePoint>& reference_front,
                                      const std::vector<ObjectivePoint>& found);

}  // namespace hwnas
