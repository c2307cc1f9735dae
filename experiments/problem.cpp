#include "experiments/problem.hpp"

#include <sstream>

#include "core/error.hpp"

namespace hwnas {
namespace {

class Nb201Problem final : public SearchProblem {
public:
  Nb201Problem(const ProblemSpec& spec, std::shared_ptr<const Nb201Benchmark> bench,
               std::shared_ptr<const AccuracySource> signal)
      : SearchProblem(spec, spec.cost_dataset.value_or(spec.dataset)),
        bench_(std::move(bench)),
        accuracy_(bench_->accuracy(spec.dataset)),
        signal_(std::move(signal)),
        cost_(&bench_->cost(cost_dataset_)) {
    finish();
    truth_ = exhaustive_optimum(space(), accuracy_, *cost_, objective_);
    if (signal_) truth_->signal_optimum.reset();
  }
  const SearchSpace& space() const override { return bench_->space(); }
  const AccuracySource& accuracy() const override { return signal_ ? *signal_ : accuracy_; }
  const CostModel& cost() const override { return *cost_; }

private:
  std::shared_ptr<const Nb201Benchmark> bench_;
  Nb201Accuracy accuracy_;
  std::shared_ptr<const AccuracySource> signal_;
  const TableCost* cost_;
};

class FbnetProblem final : public SearchProblem {
public:
  FbnetProblem(const ProblemSpec& spec, std::shared_ptr<const FbnetBenchmark> bench,
               std::shared_ptr<const AccuracySource> accuracy)
      : SearchProblem(spec, spec.cost_dataset.value_or(spec.dataset)),
        bench_(std::move(bench)),
        accuracy_(std::move(accuracy)) {
    if (cost_dataset_ != bench_->space().macro().dataset) {
      throw InputError("FBNet costs exist only for " + bench_->space().macro().dataset);
    }
    finish();
  }
  const SearchSpace& space() const override { return bench_->space(); }
  const AccuracySource& accuracy() const override { return *accuracy_; }
  const CostModel& cost() const override { return bench_->cost(); }

private:
  std::shared_ptr<const FbnetBenchmark> bench_;
  std::shared_ptr<const AccuracySource> accuracy_;
};

}  // namespace

std::optional<std::uint64_t> SearchProblem::index_of(const Arch& arch) const {
  if (!space().cardinality()) return std::nullopt;
  return space().index(arch);
}

void SearchProblem::finish() {
  if (spec_.objective != "hard" && spec_.objective != "soft") {
    throw InputError("unknown objective '" + spec_.objective + "' (known: hard, soft)");
  }
  if (!spec_.limit) {
    if (spec_.objective == "soft") throw InputError("--objective soft needs a --limit");
    return;  // unconstrained: NAS-Bench-201's own protocol
  }
  if (!spec_.device) throw InputError("--limit needs a --device");
  const CostKey key{parse_device(*spec_.device), parse_metric(spec_.metric)};
  if (key.metric == Metric::arithmetic_intensity) throw InputError("arithmetic intensity is not a cost to limit");
  if (!cost().has(key)) {
    std::string have;
    for (const CostKey& k : cost().keys()) have += (have.empty() ? "" : ", ") + k.name();
    throw InputError("no " + key.name() + " data for " + space().name() + " on " + cost_dataset_ +
                     " (the benchmark data has: " + have + ")");
  }
  objective_ = spec_.objective == "hard"
                   ? LatencyConstrainedObjective::hard(key, *spec_.limit)
                   : LatencyConstrainedObjective::soft(key, *spec_.limit, spec_.alpha, spec_.beta);
  // An unreachable limit is the user's error, reported before any search runs.
  const std::optional<double> cheapest = cost().min_cost(space(), key);
  if (cheapest && *cheapest > *spec_.limit) {
    std::ostringstream msg;
    msg << "no architecture meets " << key.name() << " <= " << *spec_.limit << " " << metric_unit(key.metric)
        << ": the cheapest costs " << *cheapest;
    throw InputError(msg.str());
  }
}

std::unique_ptr<SearchProblem> make_nb201_problem(const ProblemSpec& spec, std::shared_ptr<const Nb201Benchmark> bench,
                                                  std::shared_ptr<const AccuracySource> accuracy) {
  return std::make_unique<Nb201Problem>(spec, std::move(bench), std::move(accuracy));
}

std::unique_ptr<SearchProblem> make_fbnet_problem(const ProblemSpec& spec, std::shared_ptr<const FbnetBenchmark> bench,
                                                  std::shared_ptr<const AccuracySource> accuracy) {
  return std::make_unique<FbnetProblem>(spec, std::move(bench), std::move(accuracy));
}

}  // namespace hwnas
