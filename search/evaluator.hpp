#pragma once
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/arch.hpp"
#include "benchmark/accuracy_source.hpp"
#include "cost/cost_model.hpp"
#include "objective/search_objective.hpp"
#include "spaces/search_space.hpp"

namespace hwnas {

// What a search may spend: distinct architectures queried and/or simulated
// training seconds (NB201: cifar10_train_seconds12 of each new architecture).
// A search stops at the first query that reaches a limit, as NAS-Bench-201's
// baselines do (the last query may overshoot the seconds budget).
struct Budget {
  std::optional<std::size_t> queries;
  std::optional<double> seconds;
};

// One charged query: the trajectory of a run lists them in order.
struct Query {
  Arch arch;
  Evaluation eval;
  std::size_t queries = 0;  // budget spent after this query
  double seconds = 0;
};

// The incumbent rule, in one place (the evaluator, trajectory.csv and the
// anytime curves all follow it): a feasible evaluation replaces the incumbent
// (`current`, or none yet) when its search signal is strictly higher.
inline bool replaces_incumbent(const Evaluation& candidate, const Evaluation* current) {
  // A NaN signal (no accuracy source: a Pareto search of costs alone) never does.
  return candidate.feasible && !std::isnan(candidate.signal) && (!current || candidate.signal > current->signal);
}

// The archive rule, in one place (a run's front, and the anytime curves of its
// prefixes): indices into `queries` of the feasible ones that no other
// feasible one dominates by objectives (the first of equal ones), in order.
// Queries without objectives (a single-objective search) are left out.
std::vector<std::size_t> archive(std::span<const Query> queries);

class Evaluator {
public:
  virtual ~Evaluator() = default;
  // Charges the budget the first time `arch` is queried; repeated queries are
  // answered from a cache, free and unrecorded. Once exhausted() is true every
  // call throws BudgetExhausted (core/error.hpp), a repeat too: a searcher can
  // never record a query past its budget, nor spin on repeats for ever. Code
  // that runs a searcher (run_seeds) catches it and keeps the run as it is.
  // `arch` must be an architecture of the evaluator's space.
  virtual Evaluation evaluate(const Arch& arch) = 0;
  // True once a limit is reached, or when the search can learn nothing new
  // (every architecture of an enumerable space queried, or a long run of
  // repeated queries).
  virtual bool exhausted() const = 0;
  // True when `arch` was queried before (so evaluate() would answer it free,
  // teaching nothing new). Lets a searcher spend its offspring on new
  // architectures; the default says no, which is always safe.
  virtual bool seen(const Arch&) const { return false; }
};

// Evaluates with an accuracy source under a SearchObjective; keeps the run
// record: the trajectory (every query with every cost the objective names),
// the incumbent (best feasible by signal) and, for a Pareto objective, the
// archive (front()). Not safe to share across threads: one per run.
class BenchmarkEvaluator final : public Evaluator {
public:
  // A run of this many consecutive repeated queries ends the search: the
  // searcher has converged and would only spin.
  static constexpr std::size_t kMaxConsecutiveRepeats = 100000;

  // Throws InputError when the budget asks for seconds the accuracy source
  // cannot give. The space, accuracy source and objective must outlive it.
  BenchmarkEvaluator(const SearchSpace& space, const AccuracySource& accuracy, const SearchObjective& objective,
                     Budget budget);

  Evaluation evaluate(const Arch& arch) override;
  bool exhausted() const override { return exhausted_; }
  bool seen(const Arch& arch) const override;

  const std::vector<Query>& trajectory() const { return trajectory_; }
  // Moves the trajectory out; the evaluator is done with afterwards.
  std::vector<Query> take_trajectory() && { return std::move(trajectory_); }
  // Index into trajectory() of the best feasible query by signal; nullopt if none.
  std::optional<std::size_t> incumbent() const { return incumbent_; }
  // A Pareto search's front: archive() of the trajectory.
  std::vector<std::size_t> front() const;
  std::size_t queries() const { return trajectory_.size(); }
  double seconds() const { return seconds_; }

private:
  bool seen_before(const Arch& arch, std::size_t& slot);
  std::optional<std::size_t> find(const Arch& arch) const;  // trajectory slot of a queried arch
  std::size_t probe(const Arch& arch) const;                 // seen_'s entry holding arch, or the free one it would take
  const SearchSpace& space_;
  const AccuracySource& accuracy_;
  const SearchObjective& objective_;
  Budget budget_;
  std::optional<std::uint64_t> cardinality_;
  bool indexed_;  // seen_by_index_ rather than seen_ (see below)
  // Trajectory slot of every queried architecture. Enumerable spaces of up to
  // kIndexedSpaceSize architectures (NB201) index an array by the space's index
  // (a query costs 54 ns against 81 ns through the table); others use an
  // open-addressing table (linear probing, at most half full) that starts
  // small, since a run is short and thousands of runs each build one.
  static constexpr std::uint64_t kIndexedSpaceSize = 1 << 16;
  std::vector<std::int32_t> seen_by_index_;  // -1: not seen
  struct SeenSlot {
    Arch arch;
    std::int32_t slot = -1;  // -1: empty
  };
  std::vector<SeenSlot> seen_;
  std::vector<Query> trajectory_;
  std::optional<std::size_t> incumbent_;
  double seconds_ = 0;
  std::size_t consecutive_repeats_ = 0;
  // exhausted(), kept up to date by evaluate() (the only thing that changes it): the check before
  // every query, the searcher's and evaluate()'s own, is one load.
  bool exhausted_ = false;
  bool limit_reached() const;  // a budget spent, every architecture queried, or the repeats' limit
};

}  // namespace hwnas
