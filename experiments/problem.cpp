#include "experiments/problem.hpp"

#include <sstream>

#include "core/error.hpp"

namespace hwnas {

CostKey problem_cost_key(const ProblemSpec& spec, const Benchmark& bench) {
  const CostModel& cost = bench.cost();
  if (!spec.device) throw InputError("--limit needs a --device");
  const CostKey key = CostKey::of(*spec.device, spec.metric);
  if (!key.is_cost()) throw InputError(key.name() + " is not a cost to limit (use latency or energy)");
  if (!cost.has(key)) {
    std::string have;
    for (const CostKey& k : cost.keys()) {
      if (k.is_cost()) have += (have.empty() ? "" : ", ") + k.name();
    }
    throw InputError("no " + key.name() + " data for " + bench.space().name() + " on " + bench.cost_dataset() +
                     " (the benchmark data has: " + have + ")");
  }
  return key;
}

SearchProblem::SearchProblem(ProblemSpec spec, std::shared_ptr<const Benchmark> bench,
                             std::shared_ptr<const AccuracySource> signal)
    : spec_(std::move(spec)), bench_(std::move(bench)), signal_(signal ? std::move(signal) : bench_->accuracy()) {
  if (!signal_) {
    throw InputError("HW-NAS-Bench has no accuracy table for the " + bench_->space().name() +
                     " space: train a supernet first (--searcher fbnet --checkpoint DIR) and search with "
                     "--accuracy-from DIR/seed0");
  }
  if (spec_.objective != "hard" && spec_.objective != "soft") {
    throw InputError("unknown objective '" + spec_.objective + "' (known: hard, soft)");
  }
  if (spec_.limit) {
    const CostKey key = problem_cost_key(spec_, *bench_);
    objective_ = spec_.objective == "hard"
                     ? LatencyConstrainedObjective::hard(key, *spec_.limit)
                     : LatencyConstrainedObjective::soft(key, *spec_.limit, spec_.alpha, spec_.beta);
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
  const auto truth_accuracy = bench_->accuracy();
  if (space().cardinality() && truth_accuracy) {
    truth_ = exhaustive_optimum(space(), *truth_accuracy, cost(), objective_);
    if (signal_ != truth_accuracy) truth_->signal_optimum.reset();
  }
}

std::optional<std::uint64_t> SearchProblem::index_of(const Arch& arch) const {
  if (!space().cardinality()) return std::nullopt;
  return space().index(arch);
}

}  // namespace hwnas
