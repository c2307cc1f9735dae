#pragma once
// Pareto dominance and front quality for minimisation problems: the
// non-dominated subset, NSGA-II's ranks and crowding distances, exact
// hypervolume (WFG) and IGD. A point is a vector of objective values, all
// minimised; every point of a set has the same number of objectives.
// Pure functions, safe to call from any thread.
#include <cstddef>
#include <vector>

namespace hwnas {

using ObjectivePoint = std::vector<double>;

// a dominates b: no worse in every objective and better in at least one.
bool dominates(const ObjectivePoint& a, const ObjectivePoint& b);

// Indices of the non-dominated points, in input order; of several equal
// points only the first is kept.
std::vector<std::size_t> nondominated(const std::vector<ObjectivePoint>& points);

// NSGA-II's fast non-dominated sorting (Deb et al. 2002): rank 0 is the
// non-dominated set, rank 1 the non-dominated set of the rest, and so on.
std::vector<int> nondomination_ranks(const std::vector<ObjectivePoint>& points);
// The same over points held elsewhere (no copies: NSGA-II ranks every generation).
std::vector<int> nondomination_ranks(const std::vector<const ObjectivePoint*>& points);

// NSGA-II's crowding distance of each point of `front` (indices into points)
// within that front: boundary points get infinity.
std::vector<double> crowding_distances(const std::vector<ObjectivePoint>& points, const std::vector<std::size_t>& front);
std::vector<double> crowding_distances(const std::vector<const ObjectivePoint*>& points, const std::vector<std::size_t>& front);

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
