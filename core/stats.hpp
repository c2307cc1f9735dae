#pragma once
// Statistics used to judge searches and to compare devices: mean and sample
// standard deviation, rank correlations (Kendall tau-b in O(n log n) by Knight's
// algorithm, Spearman rho with average ranks for ties) and the accuracy/cost
// Pareto front.
#include <cstddef>
#include <span>
#include <vector>

namespace hwnas {

double mean(std::span<const double> xs);
// Sample standard deviation (n - 1 in the denominator); 0 for fewer than two values.
double stddev(std::span<const double> xs);
// Value at quantile q in [0, 1], linear interpolation between order statistics
// (numpy's default), so limits chosen as percentiles match a Python user's.
double quantile(std::vector<double> xs, double q);

// Kendall tau-b, which corrects for ties in either variable (scipy's default).
// Returns NaN when either variable is constant.
double kendall_tau(std::span<const double> x, std::span<const double> y);
// The O(n^2) definition, kept for testing the fast one.
double kendall_tau_brute_force(std::span<const double> x, std::span<const double> y);
// Ranks 1..n, ties given their average rank.
std::vector<double> average_ranks(std::span<const double> xs);
double spearman_rho(std::span<const double> x, std::span<const double> y);

// Indices of the points not dominated when minimising cost and maximising
// accuracy, ordered by increasing cost. Points with equal cost and accuracy are
// all kept: neither dominates the other.
std::vector<std::size_t> pareto_front(std::span<const double> cost,
                                      std::span<const double> accuracy);
std::vector<std::size_t> pareto_front_brute_force(std::span<const double> cost,
                                                  std::span<const double> accuracy);

}  // namespace hwnas
