#include "study/problem.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/error.hpp"

namespace hwnas {

namespace {

// Each objective scaled so that the true front's ideal point is 0 and its nadir 1.
ObjectivePoint normalised(ObjectivePoint p, const ParetoTruth& truth) {
  for (std::size_t j = 0; j < p.size(); ++j) {
    const double span = truth.nadir[j] - truth.ideal[j];
    p[j] = (p[j] - truth.ideal[j]) / (span > 0 ? span : 1.0);
  }
  return p;
}

}  // namespace

CostKey problem_cost_key(const ProblemSpec& spec, const Benchmark& bench) {
  const CostModel& cost = bench.cost();
  if (!spec.device) throw InputError("--limit needs a --device");
  const CostKey key = CostKey::of(*spec.device, spec.metric);
  if (!key.is_cost()) throw InputError(key.name() + " is not a cost to limit (use latency or energy)");
  if (!cost.has(key)) throw InputError(missing_cost_message(bench, key));
  require_whole_column(cost, key);
  return key;
}

std::vector<CostKey> SearchProblem::reported_cost_keys() const {
  std::vector<CostKey> used;
  if (constraint().key()) used.push_back(*constraint().key());
  if (objectives()) {
    const auto more = objectives()->cost_keys();
    used.insert(used.end(), more.begin(), more.end());
  }
  std::vector<CostKey> keys;
  for (const CostKey& key : cost().keys()) {
    const DeviceInfo* device = find_device(key.device());
    const bool zoo = device && device->source == DeviceSource::help;
    if (!zoo || std::find(used.begin(), used.end(), key) != used.end()) keys.push_back(key);
  }
  return keys;
}

void require_whole_column(const CostModel& cost, const CostKey& key) {
  if (!cost.covers_space(key)) {
    throw InputError(key.name() + " is known for a sample of architectures only: a search constrained by it or "
                     "optimising it needs every architecture's cost (hwnas predict makes a full table from a sample)");
  }
}

SearchProblem::SearchProblem(ProblemSpec spec, std::shared_ptr<const Benchmark> bench,
                             std::shared_ptr<const AccuracySource> signal)
    : spec_(std::move(spec)), bench_(std::move(bench)), signal_(signal) {
  const bool external_signal = signal_ != nullptr;
  if (!external_signal && bench_->accuracy()) signal_ = bench_->accuracy(spec_.signal);
  if (external_signal && spec_.signal != "valid12") throw InputError("--signal is for the benchmark's accuracies, not --accuracy-from");
  std::optional<ObjectiveSet> objectives;
  if (!spec_.objectives.empty()) objectives.emplace(*bench_, spec_.objectives);
  // A Pareto search of costs alone needs no accuracy: on a space without any (FBNet) it searches without one.
  if (!signal_ && objectives && !objectives->uses_accuracy()) signal_ = std::make_shared<NoAccuracy>();
  if (!signal_) {
    throw InputError("HW-NAS-Bench has no accuracy table for the " + bench_->space().name() +
                     " space: train a supernet first (--searcher fbnet --checkpoint DIR) and search with "
                     "--accuracy-from DIR/seed0");
  }
  if (spec_.objective != "hard" && spec_.objective != "soft") {
    throw InputError("unknown objective '" + spec_.objective + "' (known: hard, soft)");
  }
  // Options that would otherwise be ignored are refused, naming why.
  if ((spec_.alpha || spec_.beta) && spec_.objective != "soft") {
    throw InputError("--alpha and --beta are the soft objective's exponents: add --objective soft (with a --limit)");
  }
  if (objectives && spec_.objective == "soft") {
    throw InputError("--objective soft is for a single-objective search: a Pareto search keeps a --limit as a hard constraint");
  }
  (void)metric_info(spec_.metric);  // an unknown metric is refused even where nothing is limited
  if (spec_.device && !spec_.limit) (void)problem_cost_key(spec_, *bench_);  // so is a device without data
  CostConstrainedObjective constraint = CostConstrainedObjective::unconstrained();
  if (spec_.limit) {
    const CostKey key = problem_cost_key(spec_, *bench_);
    constraint = spec_.objective == "hard"
                     ? CostConstrainedObjective::hard(key, *spec_.limit)
                     : CostConstrainedObjective::soft(key, *spec_.limit, spec_.alpha.value_or(-0.07), spec_.beta.value_or(-0.07));
    // An unreachable limit is the user's error, reported before any search runs.
    const std::optional<double> cheapest = cost().min_cost(space(), key);
    if (cheapest && *cheapest > *spec_.limit) {
      std::ostringstream msg;
      msg << "no architecture meets " << key.name() << " <= " << *spec_.limit << " " << key.unit()
          << ": the cheapest costs " << *cheapest;
      throw InputError(msg.str());
    }
  } else if (spec_.objective == "soft") {
    throw InputError("--objective soft needs a --limit");
  }
  // else unconstrained: NAS-Bench-201's own protocol
  // The ground truth needs every cell's final accuracy (and, for the signal optimum, its signal).
  const auto truth_accuracy = external_signal ? bench_->accuracy() : signal_;
  if (space().cardinality() && truth_accuracy) {
    truth_ = exhaustive_optimum(space(), *truth_accuracy, cost(), constraint);
    if (external_signal) truth_->signal_optimum.reset();
  }
  if (!objectives) {
    objective_.emplace(cost(), constraint);
  } else {
    for (const CostKey& key : objectives->cost_keys()) require_whole_column(cost(), key);
    objective_.emplace(cost(), constraint, std::move(*objectives));
    if (space().cardinality() && truth_accuracy && !external_signal) pareto_truth_ = exact_fronts();
  }
}

ObjectivePoint SearchProblem::final_objectives(const Arch& arch) const {
  const auto final_accuracy = accuracy().final_accuracy(arch);
  return objectives()->evaluate(arch, final_accuracy.value_or(std::numeric_limits<double>::quiet_NaN())).point();
}

ParetoTruth SearchProblem::exact_fronts() const {
  // Every cell through an evaluator: feasibility and the signal's front follow
  // exactly the rules a search is judged by.
  const std::uint64_t n = *space().cardinality();
  BenchmarkEvaluator all(space(), accuracy(), objective(), Budget{n, std::nullopt});
  for (std::uint64_t i = 0; i < n; ++i) all.evaluate(space().at(i));
  ParetoTruth truth;
  for (std::size_t k : all.front()) truth.signal_front.push_back(all.trajectory()[k].arch);
  std::vector<Arch> feasible;
  std::vector<ObjectivePoint> final_points;
  for (const Query& q : all.trajectory()) {
    if (!q.eval.feasible) continue;
    feasible.push_back(q.arch);
    final_points.push_back(final_objectives(q.arch));
  }
  for (std::size_t k : nondominated(final_points)) {
    truth.front.push_back(feasible[k]);
    truth.front_points.push_back(final_points[k]);
  }
  const std::size_t m = objectives()->size();
  truth.ideal.assign(m, std::numeric_limits<double>::infinity());
  truth.nadir.assign(m, -std::numeric_limits<double>::infinity());
  for (const auto& p : truth.front_points) {
    for (std::size_t j = 0; j < m; ++j) {
      truth.ideal[j] = std::min(truth.ideal[j], p[j]);
      truth.nadir[j] = std::max(truth.nadir[j], p[j]);
    }
  }
  for (auto& p : truth.front_points) p = normalised(p, truth);
  truth.hv = hypervolume(truth.front_points, ObjectivePoint(m, 1.0));
  return truth;
}

FrontQuality SearchProblem::judge_front(const std::vector<Arch>& found) const {
  const ParetoTruth& truth = *pareto_truth_;
  std::vector<ObjectivePoint> points;
  for (const Arch& arch : found) points.push_back(normalised(final_objectives(arch), truth));
  FrontQuality q;
  q.hv = hypervolume(points, ObjectivePoint(objectives()->size(), 1.0));
  q.hv_fraction = truth.hv > 0 ? q.hv / truth.hv : 0.0;
  q.hv_regret = truth.hv - q.hv;
  q.igd = inverted_generational_distance(truth.front_points, points);
  return q;
}

std::optional<std::uint64_t> SearchProblem::index_of(const Arch& arch) const {
  if (!space().cardinality()) return std::nullopt;
  return space().index(arch);
}

}  // namespace hwnas
